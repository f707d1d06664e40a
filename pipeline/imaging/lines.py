"""Grouping of recognised word boxes into text lines, and the glyphs and blank columns inside a
word's ink (pure geometry, engine-independent)."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np


def group_lines(boxes: Sequence[tuple[float, float, float, float]]) -> list[list[int]]:
    """Indices of `boxes` grouped into lines (top to bottom), each line left to right.

    Boxes are level (deskewed). A box joins the line it overlaps vertically by at least half
    of the smaller of its own height and the line's core height; otherwise it starts a line.
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1] + boxes[i][3]) / 2)
    lines: list[list[int]] = []
    spans: list[tuple[float, float]] = []
    for i in order:
        x0, y0, x1, y1 = boxes[i]
        best, best_overlap = None, 0.0
        for k, (s0, s1) in enumerate(spans):
            overlap = min(y1, s1) - max(y0, s0)
            need = 0.5 * min(y1 - y0, s1 - s0)
            if overlap > 0 and overlap >= need and overlap > best_overlap:
                best, best_overlap = k, overlap
        if best is None:
            lines.append([i])
            spans.append((y0, y1))
        else:
            lines[best].append(i)
    # Lines in order of their median centre, words left to right.
    def centre(line: list[int]) -> float:
        cs = sorted((boxes[i][1] + boxes[i][3]) / 2 for i in line)
        return cs[len(cs) // 2]
    return [sorted(line, key=lambda i: boxes[i][0]) for line in sorted(lines, key=centre)]


def char_pitch(words: Sequence[tuple[str, float]]) -> float | None:
    """Median width per character of (text, box width) words of three or more characters."""
    pitches = sorted(w / len(t) for t, w in words if len(t) >= 3 and w > 0)
    return pitches[len(pitches) // 2] if pitches else None


def unspace_factor(text: str, width: float, pitch: float | None) -> float:
    """How many times wider per character `text` is set than `pitch` (0 when unknown)."""
    if not pitch or not text:
        return 0.0
    return width / len(text) / pitch


def ink_gaps(ink: np.ndarray) -> list[int]:
    """Widths of the runs of inkless columns between the first and last inked column of `ink`
    (uint8 or bool, a word's crop; 255/True = ink)."""
    cols = np.asarray(ink).any(axis=0)
    inked = np.flatnonzero(cols)
    if len(inked) < 2:
        return []
    steps = np.diff(inked)
    return [int(s - 1) for s in steps if s > 1]


def letter_spaced(text: str, width: float, pitch: float | None, factor: float = 1.7,
                  gaps: Sequence[int] | None = None) -> str:
    """`text` with a space between its letters when it was typed letter-spaced (разрядка).

    Tesseract returns `Ф и л и п п о в` as one word `Филиппов`; the diplomatic transcription
    keeps the spaces. A word set at least `factor` times wider per character than the page's
    pitch is letter-spaced; punctuation around the letters stays attached. With `gaps` (the
    word's `ink_gaps`) the word's own ink must agree: a word in a wider face (a form's printed
    `Спец.`) is wide too, but only letter-spaced letters stand a whole pitch apart.
    """
    core = text.strip("\"'.,:;!?()«»“”-")
    if len(core) < 2 or not core.isalpha() or unspace_factor(text, width, pitch) < factor:
        return text
    # A typed space plus the letters' side bearings is over a pitch; a monospace face's widest
    # bearings (around `i` or `.`) stay under it. Most letter gaps must be that wide.
    if gaps is not None and sum(g >= pitch for g in gaps) < 0.6 * (len(core) - 1):
        return text
    start = text.index(core)
    return text[:start] + " ".join(core) + text[start + len(core):]


def letter_boxes(ink: np.ndarray, min_area: int = 4) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of each glyph in a word's ink crop (uint8, 255 = ink), left to right.

    Pieces stacked over each other (the breve of `й`, the dots of `ё`, a stroke broken by a
    worn ribbon) are one glyph; specks under `min_area` pixels are none. A rule under the word
    (a form's line the word was typed on) is not a glyph and would join them all: rows inked
    across most of the crop are dropped first, and a flat piece under the glyphs' feet after.
    """
    mask = (np.asarray(ink) > 0).astype(np.uint8)
    if not mask.any():  # also an empty crop, which OpenCV's labelling would crash on
        return []
    mask[mask.mean(axis=1) >= 0.8] = 0
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = [[int(x), int(y), int(x + w), int(y + h)] for x, y, w, h, a in stats[1:] if a >= min_area]
    if len(boxes) > 2:
        # A rule typed on (a form's line under `№ 1`) lies flat under the glyphs' feet and
        # reaches past the glyphs above it; stacked under one, it would widen that glyph (and
        # hide the space after `№`). With `postcorrect._leading_sha`, dev pages (no marks):
        # heavy 2.96 -> 2.87% CER, clean 0.97 -> 0.93, gray 1.32 -> 1.27, 200 dpi 1.62 -> 1.50.
        foot = float(np.median([b[3] for b in boxes]))
        boxes = [b for b in boxes if not _rule_under(b, boxes, foot)]
    boxes.sort()
    merged: list[list[int]] = []
    for b in boxes:
        if merged:
            m = merged[-1]
            overlap = min(m[2], b[2]) - max(m[0], b[0])
            if overlap > 0.5 * min(m[2] - m[0], b[2] - b[0]):
                merged[-1] = [min(m[0], b[0]), min(m[1], b[1]), max(m[2], b[2]), max(m[3], b[3])]
                continue
        merged.append(b)
    return [tuple(m) for m in merged]


def _rule_under(b: list[int], boxes: list[list[int]], foot: float) -> bool:
    """Whether piece `b` of a word's ink is a rule under it: flat, no higher than the feet
    (`foot`), and reaching a third wider than the pieces above it (the foot of a broken `Ш`
    does not)."""
    x0, y0, x1, y1 = b
    if x1 - x0 < 3 * (y1 - y0) or y0 < foot - 1:
        return False
    above = [o for o in boxes if o is not b and min(x1, o[2]) > max(x0, o[0]) and o[3] <= y0 + 1]
    if not above:
        return True
    span = max(o[2] for o in above) - min(o[0] for o in above)
    return x1 - x0 >= 1.3 * span


def closed_oval(glyph: np.ndarray) -> bool:
    """Whether a glyph's ink (uint8 crop of one glyph, 255 = ink) encloses one tall hole centred
    in its height, as `0` does (a dot or slash inside it allowed) and no other digit: the hole of
    `6` or `9` sits in one half, `8` has two short ones, `4` a small one."""
    mask = np.pad((np.asarray(glyph) > 0).astype(np.uint8), 1)
    h = mask.shape[0] - 2
    if h < 6:
        return False
    # Paper enclosed by ink: background pieces (4-connected) that do not reach the border.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(1 - mask, connectivity=4)
    holes = [s for k, s in enumerate(stats) if k not in (0, labels[0, 0])
             and s[cv2.CC_STAT_LEFT] > 0 and s[cv2.CC_STAT_TOP] > 0
             and s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH] < mask.shape[1]
             and s[cv2.CC_STAT_TOP] + s[cv2.CC_STAT_HEIGHT] < mask.shape[0]]
    if not holes:
        return False
    hole = max(holes, key=lambda s: s[cv2.CC_STAT_HEIGHT])
    top, height = hole[cv2.CC_STAT_TOP] - 1, hole[cv2.CC_STAT_HEIGHT]
    width, w = hole[cv2.CC_STAT_WIDTH], mask.shape[1] - 2
    centre = (top + height / 2) / h
    # An oval fills most of its box (a dot inside takes a little); the triangle of a `4` or the
    # waisted counter of a worn `8` do not.
    full = hole[cv2.CC_STAT_AREA] >= 0.6 * width * height
    return bool(height >= 0.55 * h and width >= 0.35 * w and 0.4 <= centre <= 0.6 and full)


def _runs_per_row(mask: np.ndarray) -> np.ndarray:
    """How many separate runs of ink each row of a 0/1 mask holds."""
    padded = np.pad(mask, ((0, 0), (1, 0)))
    return (np.diff(padded.astype(np.int8), axis=1) == 1).sum(axis=1)


def stems_on_a_bar(glyph: np.ndarray) -> bool:
    """Whether a glyph's ink (uint8 crop of one glyph, 255 = ink) is drawn as `Ш`: three upright
    strokes, apart at the top, standing on one bar along its whole foot. `П`, `Т` and `Г`,
    which Tesseract reads a serif `Ш` as, have their bar on top; `Ц` and `Щ` are not asked."""
    mask = (np.asarray(glyph) > 0).astype(np.uint8)
    h, w = mask.shape
    if h < 8 or w < 8:
        return False
    runs = _runs_per_row(mask)
    top, middle = runs[: max(1, h // 4)], runs[h // 4: 3 * h // 4]
    # The bar: a row near the foot inked in one run across nearly the whole width.
    foot = mask[h - max(2, h // 5):]
    bar = any(r == 1 and row.sum() >= 0.85 * w for r, row in zip(_runs_per_row(foot), foot))
    return bool(bar and np.median(top) == 3 and np.median(middle) == 3)


# Pieces of a date closer than this share of the typed pitch are one word: a typed space is a
# whole pitch of paper plus the glyphs' side bearings (dev pages: 0.75 pitch and more beside a
# date), Tesseract's cuts beside the slash of `17/Х1` are under 0.55. Two runs of digits are
# not joined: a form's printed `195` and the typed last digit of the year stand closer than a
# typed space, yet apart (`195 2₂`). Dev pages (no marks; the Cyrillic script model cuts dates
# more often): clean 1.61 -> 1.50% CER, light 1.29 -> 1.20, heavy 4.02 -> 3.93, 200 dpi 2.11
# -> 1.80.
NUMBER_JOIN = 0.6


def joins_number(left: str, right: str, gap: float, pitch: float | None) -> bool:
    """Whether two words read side by side on a line, `gap` pixels apart, are pieces of one
    date or number (`17 /Х1`, `1/ ХП`, `2 .`): a gap under NUMBER_JOIN typed pitches with a
    slash on one side, or a digit before a lone stop or comma."""
    if not pitch or not left or not right or gap >= NUMBER_JOIN * pitch:
        return False
    a, b = left[-1], right[0]
    return a == "/" or b == "/" or (a.isdigit() and right in (".", ","))


# Dev pages (no marks): clean 1.20 -> 1.18% CER, heavy 3.69 -> 3.66, light and 200 dpi
# unchanged. Most `№1` stay: the form's rule under a typed number joins its first digit's ink
# to the left, so the gap is not seen.
def spaced_sign(text: str, glyphs: Sequence[tuple[int, int, int, int]],
                pitch: float | None) -> str:
    """`text` (`№12`, as Tesseract joins the sign and its number) with a space after the `№`
    when the ink between the sign's last glyph and the number's first is as wide as a typed
    space (NUMBER_JOIN pitches or more), or the number starts SIGN_CELLS pitches or more after
    the sign does.

    `glyphs` are the word's glyph boxes left to right (`letter_boxes`); each character after
    the sign must be one glyph, else the word is left alone.
    """
    if not pitch or len(text) < 2 or text[0] != "№" or not text[1].isdigit():
        return text
    n = len(text) - 1
    if len(glyphs) <= n:
        return text
    gap = glyphs[-n][0] - glyphs[-n - 1][2]
    start = glyphs[-n][0] - glyphs[0][0]
    return f"№ {text[1:]}" if gap >= NUMBER_JOIN * pitch or start >= SIGN_CELLS * pitch else text


# A typewriter face draws `№` in one cell, in some faces wider than the cell (its ink then
# leaves a typed space only 0.4-0.6 pitches wide: dev 200 dpi and heavy pages): a number whose
# first glyph starts this many pitches after the sign's first has a space typed before it
# (one cell apart, the digit's side bearing makes at most 1.3).
SIGN_CELLS = 1.45
