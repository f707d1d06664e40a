"""A small letter OCR read as its capital inside a sentence, told by how far its glyph rises.

Typewriter capitals and small letters of one shape (О/о, С/с, П/п, Т/т, S/s, C/c) differ only
in height, and OCR often takes the small one at a word's front for the capital ("к Проекту").
Inside a sentence a capital is a name's (Москву, Korean), so only the glyph can tell: a
capital rises above the small letters of its word (by 1.13 or more of their height on the dev
pages, 1.3-1.45 in common typewriter faces), a small letter does not.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import regex

from pipeline.fields.glyphs import glyph_boxes, word_ink
from pipeline.fields.lines import TextLine
from pipeline.model import Page, ReviewItem

# Capitals whose small letter has the same shape (only the height differs).
TWINS = frozenset("ВГЖЗИКЛМНОПСТХЧШЪЫЬЭЮЯ" "CKOSUVWXZ")
# Small letters that rise no higher than the x-height (descenders do not rise either).
X_HEIGHT = frozenset("авгдежзиклмнопрстуцхчшщъыьэюя" "acegmnopqrsuvwxyz")
# A first glyph rising at most this share of the word's small letters is a small letter:
# on dev pages (1000-1079, 1500-1549) first letters read as capitals but typed small rose
# 1.04-1.15 of the rest, true capitals 1.13 and more. A profile may set its face's own cut
# (`small_by_height = 1.13`): Russian capitals inside a sentence rose 1.19 and more there.
SMALL_BELOW = 1.08
# A Cyrillic word whose glyphs do not pair up with its letters is weighed by the rises of all
# its other glyphs when it has this many glyphs and its first is no wider than `ALONE` times
# the others' median (not run into the next letter).
UNPAIRED_GLYPHS = 4
ALONE = 1.25
_CYRILLIC = regex.compile(r"\p{Cyrillic}+")
# The confidence of a letter's case taken from its height: the page's reading said otherwise.
CASE_CONF = 0.7
# A word with a quote before it or a low mark after it (their glyphs too small to count).
_WORD = regex.compile(r"^(?P<lead>\"?)(?P<w>\p{Lu}\p{Ll}{2,})[.,:;\"]?$")
_SENTENCE_END = regex.compile(r"[.!?:\"»”]$")


def first_is_small(page: Page, text: str, box, below: float = SMALL_BELOW) -> bool:
    """Whether the word `text` (a capital of `TWINS` then small letters) has a first glyph no
    taller than `below` times its small letters (`SMALL_BELOW`); False when its glyphs and
    letters do not pair up (but in a Cyrillic word whose first glyph stands alone, weighed
    against all its other glyphs), or fewer than two of its small letters rise to the x-height
    alone."""
    m = _WORD.match(text)
    if m is None or m["w"][0] not in TWINS:
        return False
    ink = word_ink(page, box)
    if ink is None:
        return False
    boxes = glyph_boxes(ink)
    letters = m["w"].replace("ы", "ыы")  # `ы` is drawn as two glyphs side by side
    if len(boxes) < 2:
        return False
    base = float(np.median([y + h for _, y, _, h in boxes]))
    rises = [base - y for _, y, _, _ in boxes]
    if len(boxes) == len(letters):
        small = [r for ch, r in zip(letters[1:], rises[1:]) if ch in X_HEIGHT]
    elif _CYRILLIC.fullmatch(m["w"]) and len(boxes) >= UNPAIRED_GLYPHS \
            and boxes[0][2] <= ALONE * float(np.median([w for _, _, w, _ in boxes[1:]])):
        # glyphs run together or broken: the small letters of a Cyrillic word all rise to the
        # x-height but `б`, so the other glyphs' rises are theirs when the first stands alone
        small = rises[1:]
    else:
        return False
    if len(small) < 2:
        return False
    return rises[0] <= below * float(np.median(small))


def _lower_at(text: str, places: list[int]) -> str:
    return "".join(ch.lower() if i in places else ch for i, ch in enumerate(text))


def patch_lines(page: Page, lines: list[TextLine], first: int, last: int, name: str,
                below: float = SMALL_BELOW) -> tuple[list[TextLine], list[ReviewItem]]:
    """`lines` with each word of lines `first`..`last` that starts inside a sentence (the word
    before it does not end one) and whose capital is a small letter by its glyph
    (`first_is_small` at `below`) in small letters, a review entry each (field `name`)."""
    if page.masks.get("gray") is None:
        return lines, []
    out, notes = list(lines), []
    before = out[first - 1].ocr.split()[-1:] if first > 0 else []
    for k in range(first, min(last + 1, len(out))):
        line = out[k]
        text, ocr, words = line.text, line.ocr, list(line.words)
        for start, end, word in line.word_spans():
            prev = before[-1] if before else ""
            before = [word.text]
            if not prev or _SENTENCE_END.search(prev) or not first_is_small(page, word.text, word.bbox, below):
                continue
            places = [1 if word.text[0] == '"' else 0]
            low = _lower_at(word.text, places)
            text = text[:start] + _lower_at(text[start:end], places) + text[end:]
            ocr = ocr[:start] + _lower_at(ocr[start:end], places) + ocr[end:]
            words = [replace(w, text=low, confidence=min(w.confidence, CASE_CONF)) if w is word else w
                     for w in words]
            notes.append(ReviewItem(f"field {name}: {word.text!r} taken as {low!r}: inside a sentence, "
                                    "its capital's glyph no taller than its small letters", line.region))
        out[k] = replace(line, text=text, ocr=ocr, words=tuple(words))
    return (out, notes) if notes else (lines, [])
