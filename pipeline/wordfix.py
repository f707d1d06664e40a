"""OCR words into a text region's lines, each word set right from the evidence of its glyphs.

The recognize stage reads the page; this turns what Tesseract returned for one block into
lines by geometry and corrects each word from the ink in its own box, where that ink decides:
a closed oval is a 0, a small last digit an index (whatever Tesseract read it as: a digit, a
stop, a sign), three stems on a bar a `Ш`, how far each glyph rises the letter case (a piece
broken off a worn letter not counted as one), a dot on the baseline read as a comma a stop,
the ink gaps letter-spacing and the space after `№` (seen over a rule joined to the digit);
pieces of a date cut at the slash are joined, a letter in a list's column of numbers is that
digit, a number breaking that column's count the one between its neighbours, the end of a
form's rule read as a number's stop (`№4.`) no stop, a second stop the ink does not hold
(`Тов..`) none, a mark alone just before a form's blank (`Тов. . _____`) no word, and a stop
the ink holds just before a blank but Tesseract left out (`Тов _____`) put back. On a
page read in Russian alone a worn letter is set right where Tesseract's own lexicon knows
only the word one worn stroke away (`postcorrect.fix_worn`).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from pipeline import lexicon
from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.lines import (closed_oval, group_lines, ink_gaps, joins_number, letter_boxes,
                                    letter_spaced, spaced_sign, stems_on_a_bar)
from pipeline.model import BBox, Line, Page, Region, Word
from pipeline.postcorrect import (SHA_MISREADS, fix_case, fix_index, fix_line, fix_list_numbers,
                                  fix_sha, fix_subscript, fix_worn, fix_zeros, lone_three, read_index,
                                  russian_only, x_height_samples)
from pipeline.vote import mean_confidence


def join_numbers(words: list[OcrWord], pitch: float | None) -> list[OcrWord]:
    """`words` with the pieces of a date or number that Tesseract cut apart on a line
    (`imaging.lines.joins_number`) made one word."""
    out: list[OcrWord] = []
    for idx in group_lines([w.box for w in words]):
        line: list[OcrWord] = []
        for w in (words[i] for i in idx):
            last = line[-1] if line else None
            if last and joins_number(last.text, w.text, w.box[0] - last.box[2], pitch):
                box = (min(last.box[0], w.box[0]), min(last.box[1], w.box[1]),
                       max(last.box[2], w.box[2]), max(last.box[3], w.box[3]))
                w = OcrWord(last.text + w.text, box, min(last.confidence, w.confidence),
                            last.block, last.paragraph, last.line)
                line.pop()
            line.append(w)
        out.extend(line)
    return out


def _glyph_box(word: OcrWord, char_h: float) -> tuple[int, int, int, int]:
    """The box of an underscores-only word raised to a glyph's height, so it joins its line."""
    x0, y0, x1, y1 = word.box
    if char_h and set(word.text) == {"_"} and y1 - y0 < 0.5 * char_h:
        return x0, max(0, int(y1 - char_h)), x1, y1
    return word.box


def _crop(ink: np.ndarray | None, box: tuple[int, int, int, int]) -> np.ndarray | None:
    if ink is None:
        return None
    x0, y0, x1, y1 = box
    return ink[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]


def word_glyphs(ink: np.ndarray | None, word: OcrWord) -> list[tuple[int, int, int, int]]:
    """The glyph boxes in the word's box, left to right, in the box's pixels ([] without ink)."""
    crop = _crop(ink, word.box)
    return [] if crop is None else letter_boxes(crop)


def _ovals(ink: np.ndarray | None, word: OcrWord, boxes: list[tuple[int, int, int, int]]) -> list[bool]:
    """For each glyph of a word of digits, whether it is a closed oval ([] for other words)."""
    if ink is None or not any(ch.isdigit() for ch in word.text) or any(ch.isalpha() for ch in word.text):
        return []
    crop = _crop(ink, word.box)
    return [closed_oval(crop[y0:y1, x0:x1]) for x0, y0, x1, y1 in boxes]


def _sha_flags(ink: np.ndarray | None, word: OcrWord,
               boxes: list[tuple[int, int, int, int]]) -> list[bool]:
    """For each glyph of a word that holds a misreading of `Ш`, whether it is drawn as `Ш`
    ([] for other words)."""
    if ink is None or not SHA_MISREADS.intersection(word.text):
        return []
    crop = _crop(ink, word.box)
    return [stems_on_a_bar(crop[y0:y1, x0:x1]) for x0, y0, x1, y1 in boxes]


# A number with a closing stop, as Tesseract reads one typed on a form's rule (`№4.`).
_NUMBER_STOP = re.compile(r"№?\d+\.")
# The last glyph of a number is a digit, not a stop, from this share of its tallest glyph.
DIGIT_HEIGHT = 0.5
# The end of a rule past the number runs on at least this share of the digit's height.
RULE_END = 0.3


def stop_from_rule(ink: np.ndarray | None, word: OcrWord,
                   boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether the closing stop of a number (`№4.`) is the end of the rule it is typed on: no
    glyph of a stop follows the digits (`letter_boxes` leaves a rule out) and the ink past the
    last digit, below its foot, is flat, a rule's end, which Tesseract read as the stop."""
    if ink is None or not boxes or not _NUMBER_STOP.fullmatch(word.text):
        return False
    if boxes[-1][3] - boxes[-1][1] < DIGIT_HEIGHT * max(b[3] - b[1] for b in boxes):
        return False  # the stop's own glyph
    # Under the digits' feet, past the last: a stop stands on the baseline, a rule below it.
    after = _crop(ink, word.box)[boxes[-1][3] + 1:, boxes[-1][2]:] > 0
    if not after.any():
        return False  # nothing there: a stop worn away, or none; left as read
    ys, xs = np.nonzero(after)
    width = xs.max() - xs.min() + 1
    return bool(width >= RULE_END * (boxes[-1][3] - boxes[-1][1])
                and width >= 2 * (ys.max() - ys.min() + 1))


# A stop's glyph is a dot: at most this share of the word's letters' height, its foot on their
# baseline within this share of it. A comma's tail reaches below the baseline.
DOT_HEIGHT = 0.4
ON_BASELINE = 0.1


def stop_not_comma(word: str, boxes: list[tuple[int, int, int, int]]) -> bool:
    """Whether the `,` that `word` ends with is drawn as a stop: its glyph (the last, with every
    piece of ink in its columns) is a dot standing on the letters' baseline, with no tail
    below it (a heavy page's bled stop read as a comma: `Тов,`, `делах,`)."""
    if not word.endswith(",") or word.endswith(",,") or len(boxes) < 2:
        return False
    mark = boxes[-1]
    pieces = [b for b in boxes if min(b[2], mark[2]) > max(b[0], mark[0])]
    letters = [b for b in boxes if b not in pieces]
    if not letters:
        return False
    base, tall = _line_of(letters)
    return all(_dot(b, base, tall) for b in pieces)


def _line_of(letters: list[tuple[int, int, int, int]]) -> tuple[float, float]:
    """(baseline, height) of glyph boxes `letters`: their median foot and median height."""
    return (float(np.median([b[3] for b in letters])),
            float(np.median([b[3] - b[1] for b in letters])))


def _dot(box: tuple[int, int, int, int], base: float, tall: float) -> bool:
    """Whether glyph `box` is a stop's dot beside letters of height `tall` on baseline `base`."""
    return box[3] - box[1] <= DOT_HEIGHT * tall and box[3] <= base + ON_BASELINE * tall


def stops_in_ink(word: str, boxes: list[tuple[int, int, int, int]]) -> str:
    """`word` ending in stops with one stop where its ink holds one dot after its letters
    (`Тов..`: the start of a form's blank after the stop read as a second one). Only when its
    glyphs then pair with its characters, one each (an ellipsis whose dots are inked stays)."""
    read = len(word) - len(word.rstrip("."))
    extra = len(word) - len(boxes)
    if read < 2 or extra != read - 1 or len(boxes) < 2:
        return word
    letters = boxes[:-1]
    base, tall = _line_of(letters)
    if not _dot(boxes[-1], base, tall) or _dot(letters[-1], base, tall):
        return word
    return word[:-extra]


def stops_before_blanks(words: list[OcrWord], ink: np.ndarray) -> list[OcrWord]:
    """`words` (one block's, with its blanks) with each word that a form's blank follows on its
    line given the stop Tesseract left out of it (`stop_before_blank`; `ink` from the page's
    gray, where a small face's stop survives)."""
    out = list(words)
    for idx in group_lines([w.box for w in words]):
        for i, j in zip(idx, idx[1:]):
            w = words[i]
            if stop_before_blank(ink, w, words[j]):
                out[i] = OcrWord(w.text + ".", w.box, w.confidence, w.block, w.paragraph, w.line)
    return out


def stop_before_blank(ink: np.ndarray, word: OcrWord, after: OcrWord) -> bool:
    """Whether `word`, read ending in a letter, ends with a stop Tesseract left out: a form's
    blank (`after`, underscores) follows it, and from the word's right edge up to the blank its
    ink holds one glyph alone, a dot on the word's baseline within a letter's height of its
    last letter (`5. Тов _____`: a form's small print, read in a block cut short of its blanks,
    loses its stop at the block's edge)."""
    if set(after.text) != {"_"} or not word.text[-1:].isalpha():
        return False
    x0, y0, x1, y1 = word.box
    boxes = letter_boxes(_crop(ink, (x0, y0, after.box[0], y1)))
    read = [b for b in boxes if b[0] < x1 - x0]
    past = [b for b in boxes if b[0] >= x1 - x0]
    if not read or len(past) != 1:
        return False
    base, tall = _line_of(read)
    return _dot(past[0], base, tall) and past[0][0] - max(b[2] for b in read) <= tall


def rises(boxes: list[tuple[int, int, int, int]]) -> list[float]:
    """How far each glyph rises above the word's baseline (the glyphs' median foot, so that
    descenders do not count)."""
    if not boxes:
        return []
    base = float(np.median([b[3] for b in boxes]))
    return [base - b[1] for b in boxes]


def sign_glyphs(ink: np.ndarray | None, text: str, word: OcrWord,
                boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The glyph boxes of `text` (`№12`) for telling the space after its sign: where the
    number's first glyph reaches a quarter of the sign's height below the sign's foot (the
    form's rule it was typed on, joined to the digit by bleeding ink), the glyphs of the ink
    above that foot, whose digit starts where it is typed."""
    if ink is None or not text.startswith("№") or len(boxes) < 2:
        return boxes
    sign, first = boxes[0], boxes[1]
    if first[3] <= sign[3] + 0.25 * (sign[3] - sign[1]):
        return boxes
    return letter_boxes(_crop(ink, word.box)[:sign[3] + 1])


# A glyph under this share of its word's median glyph height is a piece of one, not a letter,
# when it lies over a neighbour's columns (a worn `С` broken at its top arc, a speck at a foot).
FRAGMENT = 0.5


def case_glyphs(word: str, boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The glyph boxes of `word` whose rises tell its letters' case: as they are, unless there
    are more glyphs than the word draws (`ы` is two) and dropping the pieces of letters (under
    FRAGMENT of the median height, over a neighbour's columns) pairs them with its characters."""
    drawn = len(word) + sum(ch in "ыЫ" for ch in word)
    if len(boxes) <= drawn:
        return boxes
    tall = float(np.median([b[3] - b[1] for b in boxes]))

    def piece(k: int) -> bool:
        x0, y0, x1, y1 = boxes[k]
        near = [boxes[j] for j in (k - 1, k + 1) if 0 <= j < len(boxes)]
        return y1 - y0 < FRAGMENT * tall and any(min(x1, b[2]) > max(x0, b[0]) for b in near)

    kept = [b for k, b in enumerate(boxes) if not piece(k)]
    return kept if len(kept) == drawn else boxes


def x_height(words: list[OcrWord], rises: list[list[float]], least: int) -> float | None:
    """Median rise of the `а`/`е` glyphs of `words` (None from fewer than `least`)."""
    samples = [h for w, r in zip(words, rises) for h in x_height_samples(w.text, r)]
    return float(np.median(samples)) if len(samples) >= least else None


def usual_index(words: list[OcrWord], glyphs: list[list[tuple]]) -> str | None:
    """The index figure (plain digit) that the numbers of a block read most often, where their
    glyphs show one (`postcorrect.fix_subscript`, `fix_index`); None when none is read or two
    are read as often."""
    read = [read_index(fix_index(fix_subscript(w.text, g), g, None)) for w, g in zip(words, glyphs)]
    counts = Counter(d for d in read if d is not None).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


# A mark of punctuation standing alone this many typed pitches or less before a blank's run.
BLANK_REACH = 1.5
_LONE_MARK = re.compile(r"[.,'`‚·°\-]{1,2}")


def mark_before_blank(words: list[OcrWord], line: list[int], k: int, pitch: float | None) -> bool:
    """Whether word `line[k]` of `words` (one line's indices, left to right) is a mark of
    punctuation alone before the form's blank that follows it within BLANK_REACH pitches
    (`6. Тов. . _____`): a stop typed is part of its word, so the mark is the blank's bled
    start or a speck beside it (fresh dev heavy pages 1300-1347: 7 on 5 of 48)."""
    if k + 1 >= len(line) or not pitch or not _LONE_MARK.fullmatch(words[line[k]].text):
        return False
    mark, blank = words[line[k]], words[line[k + 1]]
    return set(blank.text) == {"_"} and blank.box[0] - mark.box[2] <= BLANK_REACH * pitch


def fill_region(region: Region, words: list[OcrWord], glyphs: list[list[tuple]], page: Page,
                pitch: float | None, char_h: float, cyrillic: bool,
                page_x_height: float | None) -> None:
    """Set `region`'s lines, words, text and confidence from its OCR `words` (working pixels,
    `glyphs`: each word's glyph boxes), each word set right from its own glyphs; boxes are
    mapped to original pixels."""
    region.lines = []
    lefts: list[list[int]] = []  # the words' left edges in the working image, per line
    ink = page.masks.get("ink")
    boxes = [_glyph_box(w, char_h) for w in words]
    russian = cyrillic and russian_only((page.engine or {}).get("lang", ""))
    usual = usual_index(words, glyphs)
    for idx in group_lines(boxes):
        idx = [i for k, i in enumerate(idx) if not mark_before_blank(words, idx, k, pitch)]
        line_words = [words[i] for i in idx]
        texts = [w.text for w in line_words]
        gaps = [None if ink is None else ink_gaps(_crop(ink, w.box)) for w in line_words]
        texts = [fix_zeros(t, _ovals(ink, w, glyphs[i]))
                 for t, w, i in zip(texts, line_words, idx)]
        texts = [fix_subscript(t, glyphs[i]) for t, i in zip(texts, idx)]
        texts = [fix_index(t, glyphs[i], usual) for t, i in zip(texts, idx)]
        # A form's rule read as a number's stop (then `№4` may show the space after `№`).
        texts = [t[:-1] if t.endswith(".") and stop_from_rule(ink, w, glyphs[i]) else t
                 for t, w, i in zip(texts, line_words, idx)]
        texts = [t[:-1] + "." if stop_not_comma(t, glyphs[i]) else t for t, i in zip(texts, idx)]
        texts = [stops_in_ink(t, glyphs[i]) for t, i in zip(texts, idx)]
        texts = [spaced_sign(t, sign_glyphs(ink, t, w, glyphs[i]), pitch)
                 for t, w, i in zip(texts, line_words, idx)]
        if cyrillic:
            texts = fix_line(texts)
        if russian:
            texts = [lone_three(texts, k) for k in range(len(texts))]
        if cyrillic:
            texts = [fix_sha(t, _sha_flags(ink, w, glyphs[i])) if glyphs[i] else t
                     for t, w, i in zip(texts, line_words, idx)]
            # A line in another face (a form's print, a title) has its own x-height.
            line_rises = [rises(case_glyphs(t, glyphs[i])) for t, i in zip(texts, idx)]
            line_xh = x_height(line_words, line_rises, 3) or page_x_height
            texts = [fix_case(t, r, line_xh) for t, r in zip(texts, line_rises)]
        if russian:
            known = lexicon.words("rus")
            texts = [fix_worn(t, known) for t in texts]
        line_words = [OcrWord(letter_spaced(t, w.box[2] - w.box[0], pitch, gaps=g), boxes[i],
                              w.confidence, w.block, w.paragraph, w.line)
                      for t, w, g, i in zip(texts, line_words, gaps, idx)]
        lefts.append([w.box[0] for w in line_words])
        work = BBox.enclosing([BBox(*w.box) for w in line_words])
        region.lines.append(Line(
            bbox=page.map_bbox(work),
            text=" ".join(w.text for w in line_words),
            confidence=mean_confidence([(w.text, w.confidence) for w in line_words]),
            words=[Word(w.text, page.map_bbox(BBox(*w.box)), w.confidence) for w in line_words]))
    if cyrillic:  # a list's numbers, judged across the block's lines
        fixed = fix_list_numbers([[(w.text, x) for w, x in zip(ln.words, xs)]
                                  for ln, xs in zip(region.lines, lefts)], pitch)
        for ln, texts in zip(region.lines, fixed):
            if texts != [w.text for w in ln.words]:
                for w, t in zip(ln.words, texts):
                    w.text = t
                ln.text = " ".join(texts)
    region.text = "\n".join(ln.text for ln in region.lines)
    if region.lines:  # blanks found beside the block widen it to hold them
        region.bbox = BBox.enclosing([region.bbox] + [ln.bbox for ln in region.lines])
    region.confidence = mean_confidence([(ln.text, ln.confidence) for ln in region.lines])
