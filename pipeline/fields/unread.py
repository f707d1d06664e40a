"""A number's digits counted on the page image: one OCR left out beside its label, or read
with a digit too many or too few.

Faint or blurred digits beside a label ("Special no. 550" with a light 550) can be dropped by
the page's reading as noise, and a speck after a number read as one more digit ("9914" for
991). Where the ink beside the label holds one word of full-height glyphs, that word is read
alone with digits only (`reread.READINGS`: two crops that must agree), and taken only when it
gives as many digits as the ink has glyphs (`patch_lines`: nothing was read; `recount_lines`:
the number read has another count, and differs from the new one only at its end, or at its
start where the ink starts before the word read). Digits a pen's or stamp's stroke crosses are
whitened with it by the marks mask ("9" for 972); `recount_lines` reads them with the mark's
ink left in, and takes only digits added after the number read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np
import regex

from pipeline.errors import PageFailedError
from pipeline.fields import glyphs, reread
from pipeline.fields.finders import Hit
from pipeline.fields.lines import TextLine
from pipeline.fields.locate import find_phrase
from pipeline.model import BBox, Page, ReviewItem, Word

# How far right of the label the digits are looked for, and the widest gap between two of
# their glyphs, in the line's heights (a typewriter's digit is about 0.6 of it wide).
REACH = 6.0
MAX_GAP = 0.6
# The first glyph no further from the label than this (a number typed after its label).
MAX_LEAD = 2.0
# How far before the word read the glyphs beside the label may start for digits read before
# it to be taken, in the word's heights (half a typed digit: the word does not start where
# the ink does).
LEFT_LEAD = 0.5
# ... and each glyph there as tall as this share of the word read at least (a digit's height).
LEAD_HEIGHT = 0.8
# The narrowest a typed digit read with a mark's ink left in may be, in the word's heights
# (a typewriter's digit is about 0.6 of it wide).
MIN_PITCH = 0.4
# The confidence of digits read only this way: nothing else read them.
UNREAD_CONF = 0.5
_DIGITS = regex.compile(r"\d+")


def label_at_end(line: TextLine, labels: list[str], latin: bool) -> int | None:
    """The index of the last word of `line` when the line ends with one of `labels` (nothing
    after it); None otherwise."""
    spans = line.word_spans()
    if not spans:
        return None
    for label in labels:
        found = find_phrase(label, line.text, latin=latin)
        if found is not None and not line.text[found[1]:].strip() and found[2] <= 1:
            return next(i for i, w in enumerate(line.words) if w is spans[-1][2])
    return None


def beside_box(page: Page, line: TextLine, label: int) -> tuple[tuple[int, int, int, int], int] | None:
    """The working-image box (x0, y0, x1, y1) and glyph count of the one word of full-height glyphs right of
    the line's word `label` (its last), within `REACH` of the line's height, its glyphs no
    further apart than `MAX_GAP`; None when the ink there holds no such word.

    Measured on the upright page (a skewed line's box in original pixels takes in the lines
    above and below)."""
    gray = page.masks.get("gray")
    if gray is None or not line.words:
        return None
    # the line's height, not the label's: "no." is as tall as a small letter, a digit is not
    bands = [_upright_word(page, w.bbox) for w in line.words]
    top, bottom = min(b[1] for b in bands), max(b[3] for b in bands)
    h = bottom - top
    lab = BBox(*bands[label])
    x0, y0 = int(lab.x1 + 0.2 * h), int(max(0, top - 0.2 * h))
    cut = (x0, y0, int(min(gray.shape[1], lab.x1 + REACH * h)), int(min(gray.shape[0], bottom + 0.2 * h)))
    if cut[2] <= cut[0] + 2 or cut[3] <= cut[1] + 2:
        return None
    ink = glyphs.working_ink(page, cut)
    if ink is None:
        return None
    boxes = glyphs.glyph_boxes(ink)
    if not boxes or boxes[0][0] > MAX_LEAD * h:
        return None
    word = [boxes[0]]
    for b in boxes[1:]:
        if b[0] - (word[-1][0] + word[-1][2]) > MAX_GAP * h:
            break
        word.append(b)
    # the line's band: digits cut tight at top and bottom read worse
    return (x0 + word[0][0], y0, x0 + word[-1][0] + word[-1][2], cut[3]), len(word)


def _original(page: Page, cut: tuple[int, int, int, int]) -> BBox:
    # The working-image box in ORIGINAL pixels (the box enclosing its corners).
    x0, y0, x1, y1 = cut
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], float) @ page.to_original.T
    pts = corners[:, :2] / corners[:, 2:3]
    return BBox(float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


def read_alone(engine, page: Page, cut: tuple[int, int, int, int], whiten: bool = True) -> list[str]:
    """Every reading (`reread.READINGS`) of the working-image box `cut`, in one stacked image
    (mark ink whitened unless not `whiten`)."""
    h, w = page.masks["gray"].shape[:2]
    crops = [reread.crop_at(page, (max(0, cut[0] - pad), max(0, cut[1] - pad), min(w, cut[2] + pad),
                                   min(h, cut[3] + pad)), scale, whiten) for pad, scale in reread.READINGS]
    return reread.read_stacked(engine, crops)


def _upright_word(page: Page, box: BBox) -> tuple[float, float, float, float]:
    # A word's box on the upright (working) page. Its box in original pixels encloses the word
    # turned by the scan's skew, taller than the word by its width times the skew's sine; the
    # word's own width and height are solved for, about the box's centre (which turning keeps).
    m = page.to_original
    turn = float(np.hypot(m[0, 0], m[1, 0])) or 1.0
    cos, sin = abs(m[0, 0]) / turn, abs(m[1, 0]) / turn
    w, h = box.width / turn, box.height / turn
    if sin > cos:  # a page turned a quarter: the box's width is the word's height
        w, h, cos, sin = h, w, sin, cos
    det = cos * cos - sin * sin
    if det > 0.5:  # skew under about 30 degrees: the box can be undone
        w, h = max(1.0, (w * cos - h * sin) / det), max(1.0, (h * cos - w * sin) / det)
    centre = np.linalg.solve(m, np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, 1.0]))
    cx, cy = centre[0] / centre[2], centre[1] / centre[2]
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def patch_lines(engine, page: Page, lines: list[TextLine], wanted: dict[str, list[str]],
                latin: bool) -> tuple[list[TextLine], list[ReviewItem]]:
    """`lines` with the digits read beside each field's label (`wanted`: field name -> its
    labels) added as a word where the label ends a line and `beside_box` finds one word of
    ink that reads, in every reading, as many digits as it has glyphs; a review entry each."""
    if page.masks.get("gray") is None:
        return lines, []
    out, notes = list(lines), []
    for name, labels in wanted.items():
        for k, line in enumerate(out):
            label = label_at_end(line, labels, latin)
            if label is None:
                continue
            found = beside_box(page, line, label)
            if found is None:
                break
            box, count = found
            try:
                readings = read_alone(engine, page, box)
            except PageFailedError:
                break
            if len(readings) < 2 or len(set(readings)) != 1 or not _DIGITS.fullmatch(readings[0]) \
                    or len(readings[0]) != count:
                break
            digits = readings[0]
            out[k] = replace(line, text=f"{line.text.rstrip()} {digits}",
                             ocr=f"{line.ocr.rstrip()} {digits}",
                             words=(*line.words, Word(digits, _original(page, box), UNREAD_CONF)),
                             word_upright=(*line.word_upright, None) if line.word_upright else ())
            notes.append(ReviewItem(f"field {name}: nothing read after its label; the ink beside "
                                    f"it read alone as {digits!r}", line.region))
            break
    return (out, notes) if notes else (lines, [])


def recount_lines(engine, page: Page, lines: list[TextLine], hits: dict[str, Hit],
                  valid: Callable[[str, str], bool] | None = None
                  ) -> tuple[list[TextLine], list[ReviewItem]]:
    """`lines` with each number of `hits` (fields found, their value one word of digits typed
    after a label word) that reads more or fewer digits than the ink beside the label has
    glyphs ("9914" for a 991 with a speck after it) replaced by what the ink reads alone, when
    every reading agrees, gives as many digits as glyphs, only adds or drops digits at the
    number's end (or at its start, where the glyphs start before the word read: "8" for 128
    whose 12 the page's reading left out), and `valid(field name, the new digits)` allows;
    and each whose glyphs stop short of the word read where a mark's ink lies over it (a pen's
    stroke through 972's 72, whitened with it: "9") replaced by what it reads with the mark's
    ink left in (`_under_mark`); a review entry each."""
    if page.masks.get("gray") is None:
        return lines, []
    out, notes = list(lines), []
    for name, hit in hits.items():
        if hit.first >= len(out) or not _DIGITS.fullmatch(hit.raw.strip(" .,")):
            continue
        read, line = hit.raw.strip(" .,"), out[hit.first]
        spans = line.word_spans()
        at = next((i for i, (_, _, w) in enumerate(spans) if w.text.strip(".,") == read), None)
        if not at:
            continue  # no word of it, or nothing before it to measure from
        label = next(i for i, w in enumerate(line.words) if w is spans[at - 1][2])
        found = beside_box(page, line, label)
        if found is None:
            continue
        ux0, uy0, ux1, uy1 = _upright_word(page, spans[at][2].bbox)
        cut, count, height = found[0], found[1], uy1 - uy0
        end = int(min(page.masks["gray"].shape[1], np.ceil(ux1)))
        short = abs(cut[2] - ux1) > 0.3 * height
        past = (cut[2] + 2, cut[1], end, cut[3])  # the word read past the glyphs
        masked = count == len(read) and short and cut[2] < ux1 and _under_mark(page, past)
        if count == len(read) and not masked:
            continue
        if short and (masked or count < len(read)):
            # fewer glyphs, but they stop short of the word read: a glyph not counted where
            # the paper past them is blank (a faint digit lost), something else read as a
            # digit where it holds ink that makes no glyph ("9547" for 954: a pen's stroke
            # along the rule read as a 7); that stretch is read with the glyphs (a mark's ink
            # whitened), and must add no digit to them. Or as many glyphs as digits read, where
            # a mark's ink past them was whitened with the digits under it: the stretch is read
            # with the mark's ink left in (Tesseract reads typed digits through a thin stroke)
            if not masked and not _ink_between(page, past):
                continue
            cut = (cut[0], cut[1], end, cut[3])
        try:
            readings = read_alone(engine, page, cut, whiten=not masked)
        except PageFailedError:
            continue
        new = readings[0] if readings else ""
        if len(readings) < 2 or len(set(readings)) != 1 or not _DIGITS.fullmatch(new) \
                or not (_unmasked_fits(read, new, cut, height) if masked
                        else _recount_fits(read, new, count, _digits_before(page, cut, ux0, height))) \
                or (valid is not None and not valid(name, new)):
            continue
        start, _, word = spans[at]
        stop = start + len(read)
        out[hit.first] = replace(
            line, text=line.text[:start] + new + line.text[stop:], ocr=line.ocr[:start] + new + line.ocr[stop:],
            words=tuple(replace(w, text=new + w.text[len(read):], confidence=min(w.confidence, UNREAD_CONF))
                        if w is word else w for w in line.words))
        held = "a mark's ink over it" if masked else f"{count} glyphs"
        notes.append(ReviewItem(f"field {name}: {read!r} read again with the ink beside its label, "
                                f"which holds {held}, as {new!r}", line.region))
    return (out, notes) if notes else (lines, [])


def _recount_fits(read: str, new: str, count: int, led: bool) -> bool:
    """Whether the digits `new`, read from ink of `count` glyphs, may replace `read`: as many
    digits as glyphs, differing from `read` only at its end, or at its start when the glyphs
    start before the word read (`led`)."""
    return len(new) == count and (new.startswith(read) or read.startswith(new)
                                  or (led and new.endswith(read)))


def _digits_before(page: Page, cut: tuple[int, int, int, int], x: float, height: float) -> bool:
    """Whether the glyphs in the working-image box `cut` start more than `LEFT_LEAD` before
    `x` (where the word read starts, `height` tall), and those before it are as tall as a
    digit (`LEAD_HEIGHT`): typed digits the page's reading left out, not the small "o" of a
    "№" label."""
    if x - cut[0] <= LEFT_LEAD * height:
        return False
    ink = glyphs.working_ink(page, (cut[0], cut[1], int(x), cut[3]))
    boxes = [] if ink is None else glyphs.glyph_boxes(ink)
    return bool(boxes) and all(h >= LEAD_HEIGHT * height for _, _, _, h in boxes)


def _unmasked_fits(read: str, new: str, cut: tuple[int, int, int, int], height: float) -> bool:
    """Whether the digits `new`, read with a mark's ink left in from the box `cut` of a word
    `height` tall, may replace `read`: they add digits after it (what the mark hid; a digit is
    never read differently), no narrower each than `MIN_PITCH` (the mark's stroke is not read
    as digits of its own)."""
    wide = len(new) * MIN_PITCH * height <= cut[2] - cut[0]
    return len(new) > len(read) and new.startswith(read) and wide


def _under_mark(page: Page, cut: tuple[int, int, int, int]) -> bool:
    """Whether the working-image box `cut` of the cleaned gray page holds ink bigger than a
    speck that the marks mask covers: typed digits a pen's or a stamp's stroke crosses, taken
    for the mark and whitened with it."""
    marks = page.masks.get("marks")
    if marks is None or marks.shape != page.masks["gray"].shape:
        return False
    ink = _box_ink(page, cut)
    x0, y0, x1, y1 = cut
    return ink is not None and int(np.count_nonzero(ink[marks[y0:y1, x0:x1] > 0])) >= ((y1 - y0) / 10) ** 2


def _ink_between(page: Page, cut: tuple[int, int, int, int]) -> bool:
    """Whether the working-image box `cut` of the cleaned gray page holds a piece of ink, typed
    or a mark's, bigger than a speck (a tenth of the box's height squared, as
    `glyphs.glyph_boxes` leaves specks out)."""
    ink = _box_ink(page, cut)
    if ink is None:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return bool(len(stats) > 1 and stats[1:, cv2.CC_STAT_AREA].max() >= ((cut[3] - cut[1]) / 10) ** 2)


def _box_ink(page: Page, cut: tuple[int, int, int, int]) -> np.ndarray | None:
    """The ink (1) of the working-image box `cut` of the cleaned gray page by Otsu's cut; None
    for a box under 3 pixels a side or of blank paper (no tone range to cut)."""
    x0, y0, x1, y1 = cut
    crop = page.masks["gray"][y0:y1, x0:x1]
    if x1 <= x0 + 2 or y1 <= y0 + 2 or crop.size == 0 or int(crop.max()) - int(crop.min()) < 40:
        return None
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink