"""Typed underscore runs (`_____`, the blanks of a form) as boxes (pure).

Tesseract drops words made only of underscores, or reads a run as one `_`, yet a diplomatic
transcription keeps them (`6. Тов. _____`). A run is a thin horizontal stroke at least two
character pitches long that sits beside words, not under them (an underline belongs to its
word, not to the text).
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np


def letter_advance(ink: np.ndarray, char_h: float) -> float | None:
    """Median step between the centres of the letters of the last word in `ink` (the text just
    before a blank, on the blank's line), or None when that word shows fewer than three letters.

    A printed form's blank is set in the form's face, not on the typewriter's pitch; an
    underscore is about as wide as that face's average letter.
    """
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h = ink.shape[0]
    x, top = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    bw, bh = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    # Letters of the blank's own line (down to its foot), not dots, not cut at the crop's left.
    letters = (bh >= 0.3 * char_h) & (top + bh >= h - 0.5 * char_h) & (x > 0)
    boxes = sorted(zip(x[letters].tolist(), (x + bw)[letters].tolist()))
    word = boxes[-1:]
    for left, right in reversed(boxes[:-1]):
        if word[0][0] - right > 0.3 * char_h:  # a space: the word before the blank ends here
            break
        word.insert(0, (left, right))
    if len(word) < 3:
        return None
    return float(np.median(np.diff([(l + r) / 2 for l, r in word])))


def _count(strokes: np.ndarray, box: tuple[int, int, int, int], pitch: float) -> int:
    """Underscores in a run: its separate strokes or its length in pitches, whichever is more."""
    x0, y0, x1, y1 = box
    run = strokes[y0:y1, x0:x1]
    pieces = 0
    if run.any():  # OpenCV's labelling crashes on an empty crop
        _, _, stats, _ = cv2.connectedComponentsWithStats(run, connectivity=8)
        pieces = int((stats[1:, cv2.CC_STAT_WIDTH] >= 0.3 * pitch).sum())
    return max(1, pieces, int(round((x1 - x0) / pitch)))


def _unit(ink: np.ndarray, box: tuple[int, int, int, int], char_h: float, pitch: float) -> float:
    """Width of one underscore of a run: the typewriter's pitch, or the letter width of the face
    set just before it (a printed blank), whichever divides the run's length more evenly."""
    x, y = box[0], box[1]
    left = ink[max(0, int(y - 2 * char_h)):y, max(0, int(x - 4 * pitch)):x]
    advance = letter_advance(left, char_h) if left.size else None
    if not advance or not 0.5 * pitch <= advance <= 1.5 * pitch:
        return pitch
    length = box[2] - box[0]
    def misfit(unit: float) -> float:
        return abs(length / unit - round(length / unit))
    return advance if misfit(advance) < misfit(pitch) else pitch


# A stroke within this many glyph heights of a word box's top is one of its glyphs' own bars
# (the top of a `7`, the foot of a broken `2`), not a line the word is typed on.
WORD_FOOT = 0.5


def _stands_on(ink: np.ndarray, box: tuple[int, int, int, int], word: tuple[int, int, int, int],
               char_h: float) -> bool:
    """Whether `word` stands on the stroke `box` over a fifth of its length (an underline).

    A word whose box ends above the stroke stands on it by its box. Tesseract also stretches a
    word's box down over the blank typed just after it (`Тов._____` read as `Тов.`, the box
    reaching the blank's end and foot): a box whose foot holds the stroke stands on it only
    where the word has ink over the stroke.
    """
    x0, y0, x1, _ = box
    left, right = max(x0, word[0]), min(x1, word[2])
    if right - left <= 0.2 * (x1 - x0):
        return False
    if word[3] <= y0 or y0 - word[1] < WORD_FOOT * char_h:
        return True
    above = ink[max(0, int(word[1])):y0, left:right]
    return int(above.any(axis=0).sum()) > 0.2 * (x1 - x0)


def underscore_runs(ink: np.ndarray, char_h: float, pitch: float,
                    words: Sequence[tuple[int, int, int, int]], max_len: float,
                    ) -> list[tuple[tuple[int, int, int, int], int]]:
    """((x0, y0, x1, y1), number of underscores) of each run in `ink` that no word stands on.

    `ink` is uint8 (255 = ink) of one region; `char_h` the glyph height, `pitch` the width of
    one typed character, `max_len` the length from which a stroke is a ruled line instead.
    """
    if pitch <= 0 or char_h <= 0:
        return []
    # Typed underscores leave small gaps between characters, a worn stroke a wider one: close
    # them along the line, short of a typed space (a whole pitch) between two blanks.
    gap = max(1, int(round(0.75 * pitch))) | 1  # odd: an even kernel shifts the closing by a pixel
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    runs = []
    max_h = max(2.0, 0.3 * char_h)
    for x, y, w, h, area in stats[1:]:
        # Solid along its length, but a worn stroke wobbles a pixel up and down: its box is
        # two pixels taller than the stroke is thick (dev heavy 2.07 -> 1.99% CER, light 0.84 ->
        # 0.68, held-out heavy 2.92 -> 2.42; clean, gray and the seed scans unchanged).
        if h > max_h or w < 1.5 * pitch or w > max_len or area < 0.6 * w * max(1, h - 2):
            continue
        box = (int(x), int(y), int(x + w), int(y + h))
        # A word whose foot is at the stroke stands on it: an underline, not typed blanks.
        over = [b for b in words if b[1] <= y and b[3] >= y - 0.6 * char_h]
        if any(_stands_on(ink, box, b, char_h) for b in over):
            continue
        runs.append((box, _count(ink, box, _unit(ink, box, char_h, pitch))))
    return runs


# Runs this close to their median length are one blank of the form printed again.
SAME_LENGTH = 0.1
# From this many such runs they are a form's printed blank.
SAME_RUNS = 3
# How the archive's transcriptions write a form's empty printed blank: the seed telegram's
# copy list has `6. Тов. _____` for each empty row, whatever the rule's length. A printed rule
# has no underscores to count: its length in underscores is the face's own design (0.5 em in
# DejaVu, Liberation and FreeSerif, 0.78 em in Computer Modern, 0.8 to 1.4 letter advances), so
# counting it in the face's letter advance or the typewriter's pitch gave 4, 6 or 7 by face.
# Written so, dev pages (seeds 1000-1011, no marks): heavy 2.39 -> 2.07% CER, light 1.05 ->
# 0.84, clean 1.07 -> 0.93, gray 1.26 -> 1.04; held-out heavy 1012-1019 3.00 -> 2.92; the
# seed scans unchanged.
FORM_BLANK = 5


def blank_like(length: float, lengths: Sequence[float]) -> bool:
    """Whether a run `length` long has the length of a form's printed blank found on the page:
    within SAME_LENGTH of at least SAME_RUNS - 1 of the `lengths` of the runs found there, so
    that with them it is one blank printed again (`even_counts`)."""
    return sum(abs(length - n) <= SAME_LENGTH * n for n in lengths) >= SAME_RUNS - 1


def even_counts(lengths: Sequence[float], counts: Sequence[int]) -> list[int]:
    """`counts` of a page's underscore runs (`lengths` their lengths), with the runs of one
    length, a form's printed blank, written as the archive writes it (FORM_BLANK underscores).

    A form prints the same blank (`_____`) in every empty row of a list; three or more runs
    within SAME_LENGTH of their median length are that blank. A run of another length, or a
    page with fewer such runs, keeps the count measured from its own ink.
    """
    if not lengths:
        return list(counts)
    mid = float(np.median(lengths))
    same = [i for i, n in enumerate(lengths) if abs(n - mid) <= SAME_LENGTH * mid]
    if len(same) < SAME_RUNS:
        return list(counts)
    out = list(counts)
    for i in same:
        out[i] = FORM_BLANK
    return out
