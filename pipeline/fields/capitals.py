"""A small letter OCR read as its capital inside a sentence, told by how far its glyph rises.

Typewriter capitals and small letters of one shape (О/о, С/с, П/п, Т/т, S/s, C/c) differ only
in height, and OCR often takes the small one at a word's front for the capital ("к Проекту").
Inside a sentence a capital is a name's (Москву, Korean), so only the glyph can tell: a
capital rises above the small letters of its word (by 1.13 or more of their height on the dev
pages, 1.3-1.45 in common typewriter faces), a small letter does not.

A typewriter strikes each letter a little above or below the line, so in Latin (English)
words the glyph's own height is weighed, not how far it rises: a small `c`, `n` or `s` is as
tall as the small letters wherever it was struck, a capital is a capital's height. That holds
for any capital whose small letter stays at the x-height (`N`/`n` too, not only twins). `L`
and `l` are one height; in every typewriter face the capital's stem is at its left, the small
letter's stem in the middle of its glyph (its serif to the left), so a glyph read `L` whose
stem sits as far right as the page's own `l`s is small (`stem_at`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import regex

from pipeline.fields.glyphs import glyph_boxes, own_rows, word_ink
from pipeline.fields.lines import TextLine
from pipeline.model import Page, ReviewItem

# Capitals whose small letter has the same shape (only the height differs).
TWINS = frozenset("ВГЖЗИКЛМНОПСТХЧШЪЫЬЭЮЯ" "CKOSUVWXZ")
# Capitals whose small letter has their shape set lower, its tail below the line (`У`/`у`):
# the small one rises only to the x-height, so its rise tells it as a twin's does ("при
# Условии", census 3048 and held-out 1284: a `у` OCR read as the capital).
LOW_TWINS = frozenset("У")
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
# Latin small letters that stay at the x-height, without descenders (their glyphs' heights).
LATIN_X = frozenset("acemnorsuvwxz")
# A Latin first glyph at most this share of the height of its word's x-height letters is a
# small letter: on fresh English pages (1700-1747, 1900-1947) capitals inside sentences were
# 1.16 and more, small letters read as capitals 0.97-1.0 (one 1.125).
LATIN_SMALL_BELOW = 1.10
# A glyph read `L` is told by where its stem stands (`stem_at`): in typewriter faces a
# capital's stem is 0.13-0.37 of the glyph further left than the small letter's (DejaVu,
# Liberation, FreeMono, PT Mono, CMU: `l` 0.27-0.46, `L` 0.07-0.32), so only the page's own
# letters can say which it is. Nearer the stems of the `l`s the page reads in small words than
# those of its other words read with `L`, it is small; with no other `L` on the page, when it
# lies no more than `STEM_MARGIN` left of the `l`s' (at least `MIN_ELLS` of them).
STEM_MARGIN = 0.07
MIN_ELLS = 2
_LATIN_WORD = regex.compile(r"\p{Latin}+")
_OUTER_MARKS = regex.compile(r"^\W+|\W+$")


def bare_word(text: str) -> str:
    """A word read without the stops, commas and quotes around it."""
    return _OUTER_MARKS.sub("", text)
# The confidence of a letter's case taken from its height: the page's reading said otherwise.
CASE_CONF = 0.7
# A word with a quote before it or a low mark after it (their glyphs too small to count),
# or a hyphen after it where the line ends inside it (census 3078: `Телегра-` / `фьте`).
_WORD = regex.compile(r"^(?P<lead>\"?)(?P<w>\p{Lu}\p{Ll}{2,})[.,:;\"-]?$")
# ... and a Latin one of two letters too ("Of", "On"): its line's x-height weighs its capital.
_LATIN_TWO = regex.compile(r"^(?P<lead>\"?)(?P<w>\p{Lu}\p{Ll})[.,:;\"]?$")
_SENTENCE_END = regex.compile(r"[.!?:\"»”]$")


def first_is_small(page: Page, text: str, box, below: float = SMALL_BELOW) -> bool:
    """Whether the word `text` (a capital of `TWINS` or `LOW_TWINS` then small letters) has a
    first glyph no taller than `below` times its small letters (`SMALL_BELOW`); False when its
    glyphs and letters do not pair up (but in a Cyrillic word whose first glyph stands alone,
    weighed against all its other glyphs), or fewer than two of its small letters rise to the
    x-height alone."""
    m = _WORD.match(text)
    if m is None or m["w"][0] not in TWINS | LOW_TWINS:
        return False
    ink = word_ink(page, box)
    if ink is None:
        return False
    boxes = glyph_boxes(letter_rows(ink))
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


# The blank rows `word_ink` leaves above and below a box that fits its letters (its pad).
LETTER_MARGIN = 3


def letter_rows(ink: np.ndarray) -> np.ndarray:
    """The word's ink cut to the rows its letters fill (`own_rows`: a piece of the line above or
    below left out), with `LETTER_MARGIN` blank rows kept above and below as a box fitting its
    letters has them: a word's box may stand well above and below its letters (census 3074 and
    3085: the image twice their height), and `glyph_boxes` keeps only glyphs a third of the
    image tall, so the word's small letters were dropped and it went unweighed."""
    ink = own_rows(ink)
    rows = np.flatnonzero((ink > 0).any(axis=1))
    if not rows.size:
        return ink
    return np.pad(ink[rows[0]:rows[-1] + 1], ((LETTER_MARGIN, LETTER_MARGIN), (0, 0)))


def _glyphs(page: Page, word: str, box) -> tuple[np.ndarray, list] | None:
    # The word's ink and its glyphs, when they pair up one to one with its letters.
    ink = word_ink(page, box)
    if ink is None:
        return None
    boxes = glyph_boxes(ink)
    return (ink, boxes) if len(boxes) == len(word) else None


def latin_first_is_small(page: Page, text: str, box, stems: tuple[list, list] | None = None,
                         below: float = SMALL_BELOW, x_height=None) -> bool:
    """Whether the Latin word `text` (a capital then small letters) was typed with a small
    first letter: its first glyph no taller than `LATIN_SMALL_BELOW` times the word's x-height
    letters (`LATIN_X`, at least two of them) when its small letter stays at the x-height; an
    `L` whose stem stands where the page's `l`s have theirs rather than its `L`s (`stems`, as
    `page_stems` gives them). A word with fewer x-height letters ("Side") is weighed against
    `x_height()`, its line's (`line_x_height`), when that is known, else as `first_is_small`
    at `below` tells ("Shipping"), and so is a word of two letters ("Of"); one whose glyphs and
    letters do not pair up by its first glyph alone (`_alone_small`); False when unsure."""
    m = _WORD.match(text) or _LATIN_TWO.match(text)
    if m is None or not _LATIN_WORD.fullmatch(m["w"]):
        return False
    word = m["w"]
    first = word[0].lower()
    if first not in LATIN_X and not (first == "l" and stems is not None and stems[0]):
        return first_is_small(page, text, box, below)
    found = _glyphs(page, word, box)
    if found is None:
        return first != "l" and _alone_small(page, box, x_height)
    ink, boxes = found
    if first == "l":
        x, y, w, h = boxes[0]
        at = stem_at(ink[y:y + h, x:x + w])
        ells, caps = stems[0], [c for b, c in stems[1] if b != box]
        small = float(np.median(ells))
        if caps:
            return abs(at - small) < abs(at - float(np.median(caps)))
        return len(ells) >= MIN_ELLS and at >= small - STEM_MARGIN
    small = [h for ch, (_, _, _, h) in zip(word[1:], boxes[1:]) if ch in LATIN_X]
    if len(small) < 2:
        line = x_height() if x_height is not None else None
        if line is None:
            return first_is_small(page, text, box, below)
        return boxes[0][3] <= LATIN_SMALL_BELOW * line
    return boxes[0][3] <= LATIN_SMALL_BELOW * float(np.median(small))


# A first glyph standing alone is a whole letter, not a piece of a broken one, when it is at
# least this share of its line's x-height.
WHOLE_GLYPH = 0.8


def _alone_small(page: Page, box, x_height) -> bool:
    """Whether a word whose glyphs do not pair up with its letters (two run together further
    on: "Commission" read as nine glyphs) has a first glyph that stands alone (no wider than
    `ALONE` times the others' median), is a whole letter (`WHOLE_GLYPH`) and is no taller than
    `LATIN_SMALL_BELOW` times its line's x-height (`x_height()`); False when unsure."""
    line = x_height() if x_height is not None else None
    ink = word_ink(page, box) if line is not None else None
    boxes = glyph_boxes(ink) if ink is not None else []
    if len(boxes) < 2 or boxes[0][2] > ALONE * float(np.median([w for _, _, w, _ in boxes[1:]])):
        return False
    return WHOLE_GLYPH * line <= boxes[0][3] <= LATIN_SMALL_BELOW * line


# The fewest x-height glyphs that tell a line's x-height.
MIN_X_GLYPHS = 4


def line_x_height(page: Page, line: TextLine) -> float | None:
    """The median height of the glyphs of x-height letters (`LATIN_X`) in the line's words of
    small letters (stops and commas around them left out) whose glyphs pair up with their
    letters; None when fewer than `MIN_X_GLYPHS` were measured."""
    heights = []
    for _, _, word in line.word_spans():
        w = bare_word(word.text)
        if not regex.fullmatch(r"\p{Latin}+", w) or not w.islower():
            continue
        found = _glyphs(page, w, word.bbox)
        if found is not None:
            heights += [h for ch, (_, _, _, h) in zip(w, found[1]) if ch in LATIN_X]
    return float(np.median(heights)) if len(heights) >= MIN_X_GLYPHS else None


def stem_at(glyph: np.ndarray) -> float:
    """Where a glyph's stem stands across it (0 left .. 1 right): the middle of the ink of its
    upper three fifths (above an `L`'s foot), as a share of its width."""
    h, w = glyph.shape[:2]
    cols = (glyph[: max(1, int(0.6 * h))] > 0).sum(axis=0).astype(float)
    if w < 2 or cols.sum() == 0:
        return 0.5
    return float((np.arange(w) * cols).sum() / cols.sum()) / w


# A capital `L` has a foot as wide as a letter: a first glyph narrower than this share of its
# word's other glyphs (median) is its stem alone, the foot broken off (a worn face, a mark
# across it), whose ink sits in the middle of its box like a small `l`'s (0.43 on fresh 1627,
# the page's whole `L`s 0.11-0.30).
NARROWEST_L = 0.5


def letter_stems(page: Page, word: str, box, letter: str) -> list[float] | None:
    """Where the stem stands (`stem_at`) in each glyph of `word` (read in `box`) that was read
    `letter`; None when its glyphs do not pair up with its letters."""
    found = _glyphs(page, word, box)
    if found is None:
        return None
    ink, boxes = found
    return [stem_at(ink[y:y + h, x:x + w]) for ch, (x, y, w, h) in zip(word, boxes) if ch == letter]


def page_stems(page: Page, lines: list[TextLine]) -> tuple[list[float], list[tuple]]:
    """Where the page's face sets the stems (`stem_at`) of `l` and `L`: those of the small
    `l`s read in words of small letters, and (box, stem) of each word read with a capital `L`
    then small letters (stops and commas around them left out), in `lines`, from the words
    whose glyphs pair up with their letters; an `L` narrower than `NARROWEST_L` of its word's
    glyphs is left out."""
    ells, caps = [], []
    for line in lines:
        for _, _, word in line.word_spans():
            w = bare_word(word.text)
            small = regex.fullmatch(r"\p{Ll}+", w) and "l" in w
            if not (small or regex.fullmatch(r"L\p{Ll}+", w)):
                continue
            found = _glyphs(page, w, word.bbox)
            if found is None:
                continue
            ink, boxes = found
            if small:
                ells += [stem_at(ink[y:y + h, x:x + gw]) for ch, (x, y, gw, h) in zip(w, boxes) if ch == "l"]
            elif boxes[0][2] >= NARROWEST_L * float(np.median([b[2] for b in boxes[1:]])):
                x, y, gw, h = boxes[0]
                caps.append((word.bbox, stem_at(ink[y:y + h, x:x + gw])))
    return ells, caps


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
    stems = None  # the page's `l`s and `L`s, measured when a Latin word read with `L` asks
    for k in range(first, min(last + 1, len(out))):
        line = out[k]
        text, ocr, words = line.text, line.ocr, list(line.words)
        for start, end, word in line.word_spans():
            prev = before[-1] if before else ""
            before = [word.text]
            if not prev or _SENTENCE_END.search(prev):
                continue
            if _LATIN_WORD.match(word.text.lstrip('"')):
                if stems is None and word.text.lstrip('"').startswith("L"):
                    stems = page_stems(page, out)
                if not latin_first_is_small(page, word.text, word.bbox, stems, below,
                                            lambda line=line: line_x_height(page, line)):
                    continue
            elif not first_is_small(page, word.text, word.bbox, below):
                continue
            places = [1 if word.text[0] == '"' else 0]
            low = _lower_at(word.text, places)
            text = text[:start] + _lower_at(text[start:end], places) + text[end:]
            ocr = ocr[:start] + _lower_at(ocr[start:end], places) + ocr[end:]
            words = [replace(w, text=low, confidence=min(w.confidence, CASE_CONF)) if w is word else w
                     for w in words]
            why = ("its glyph's stem where the page's small l has it" if low.lstrip('"')[0] == "l"
                   else "its capital's glyph no taller than its small letters")
            notes.append(ReviewItem(f"field {name}: {word.text!r} taken as {low!r}: inside a sentence, "
                                    f"{why}", line.region))
        out[k] = replace(line, text=text, ocr=ocr, words=tuple(words))
    return (out, notes) if notes else (lines, [])
