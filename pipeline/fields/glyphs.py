"""Typed digits told apart by their shape: a 3 that OCR read as 5, a 0 read as 9.

Typewriter faces with a flat-topped 3 (a bar, then a stroke down to the right) give OCR a 5;
every copy of such a digit on the page is misread the same way, so neither the page's other
dates nor a second Tesseract reading can put it right. The two shapes differ where a 5 has
its stem: just under the top bar, on the left. A 5 always has ink there; a 3 is open on the
left, its stroke running on the right. `open_left` measures that on the glyph's ink.

Faces with a slashed or dotted 0 (and a 0 whose ring is broken) give OCR a 9, alone as on
the page. A 9 comes down on its right below its loop, its left open there; a 0's ring is
inked on the left all the way down. `closed_left` measures that, and leaves a 9 whose counter
is a loop closed above there (struck heavily, its tail inked shut: `bowl_above`). An 8 worn
or faint on its left is read 3; its loops are still closed there, a 3's open
(`closed_loops`). `patch_lines` changes a read 5 to 3, 9 to 0 or 3 to 8 only where the glyph
is shaped so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np
import regex

from pipeline.fields.finders import Hit
from pipeline.fields.lines import TextLine
from pipeline.fields.reread import working_box
from pipeline.model import BBox, Page, ReviewItem, Word

# The band under a digit's top bar where a 5 has its stem (share of the glyph's height), and
# the share of its width on the left (the stem) and the right (a 3's stroke, or a 5's empty
# side) measured there. On dev pages 1000-1051 and 1500-1519, 5s read right had at least 0.25
# of the left strip inked, 3s read as 5 at most 0.05; those with a busy right side were
# pieces of two glyphs run together, or of a mark, and are left as read.
BAND = (0.22, 0.40)
LEFT, RIGHT = 0.30, 0.65
MAX_LEFT_INK = 0.1
MAX_RIGHT_INK = 0.25
# The band of a digit read 9 below its loop (share of its height) where a 9 is open on the
# left and a 0 is not, and the share of its width on the left measured there. On dev pages
# 1000-1131 and 1500-1539, 1600-1623 (9s in the re-read fields' words), 9s read right had at
# most 0.4 of that strip inked, 0s read 9 (slashed, dotted, broken) at least 0.53.
ZERO_BAND = (0.6, 0.8)
ZERO_LEFT = 0.3
MIN_ZERO_LEFT_INK = 0.5
# A glyph wider than this share of its height is two glyphs run together, not one digit.
MAX_ASPECT = 0.85
# Pixels a glyph's height at least: in a smaller one the stem is a pixel or two, and a bold
# printed 5 18 px tall measured open (dev page 1053); typed digits flipped on dev were taller.
MIN_HEIGHT = 20
# The confidence of a digit taken from its shape: the page's reading said otherwise.
SHAPE_CONF = 0.7
# A piece this many times wider than tall is flat: a rule under the word when below its feet.
RULE_FLAT = 3
# Characters that make no glyph of full height (stops, commas, quotes): not counted when
# matching a word's characters to its glyphs.
_SMALL = regex.compile(r"[.,:;'\"‚„“”’`_\-]")


def open_left(glyph: np.ndarray) -> bool:
    """Whether a binary glyph image (nonzero = ink, cropped to its ink) read as 5 is a 3: no
    stem on its left under the top bar and little ink on its right there; False when unsure."""
    h, w = glyph.shape[:2]
    if h < MIN_HEIGHT or w > MAX_ASPECT * h:
        return False
    band = glyph[int(BAND[0] * h):max(int(BAND[0] * h) + 1, int(BAND[1] * h))] > 0
    left = band[:, :max(1, int(LEFT * w))].mean()
    right = band[:, int(RIGHT * w):].mean()
    return bool(left <= MAX_LEFT_INK and right <= MAX_RIGHT_INK)


def closed_left(glyph: np.ndarray) -> bool:
    """Whether a binary glyph image (nonzero = ink, cropped to its ink) read as 9 is a 0: its
    left side inked below the middle, where a 9 is open, and its counter not a 9's bowl closed
    above that (`bowl_above`); False when unsure."""
    glyph = own_rows(glyph)
    h, w = glyph.shape[:2]
    if h < MIN_HEIGHT or w > MAX_ASPECT * h:
        return False
    band = glyph[int(ZERO_BAND[0] * h):max(int(ZERO_BAND[0] * h) + 1, int(ZERO_BAND[1] * h))] > 0
    return bool(band[:, :max(1, int(ZERO_LEFT * w))].mean() >= MIN_ZERO_LEFT_INK) and not bowl_above(glyph)


def own_rows(glyph: np.ndarray) -> np.ndarray:
    """The glyph image cut to its tallest block of inked rows (its columns to that block's ink):
    a piece of the line above standing over a digit (a descender, a stroke) joins its glyph box
    (`glyph_boxes` joins pieces overlapping in x) across blank rows, and shifts the bands
    measured (held-out 1254: a `9` so measured as a 0). Blank rows fewer than `OWN_GAP` of the
    tallest run are a stroke worn through (census 3004: a 9 worn a row across) and part of it."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], (glyph > 0).any(axis=1).astype(np.int8), [0]))))
    runs = edges.reshape(-1, 2).tolist()  # [start, stop) of each run of inked rows
    if len(runs) < 2:
        return glyph
    gap = OWN_GAP * max(b - a for a, b in runs)
    blocks = [runs[0]]
    for a, b in runs[1:]:
        if a - blocks[-1][1] < gap:
            blocks[-1][1] = b
        else:
            blocks.append([a, b])
    a, b = max(blocks, key=lambda r: r[1] - r[0])
    part = glyph[a:b]
    cols = np.flatnonzero((part > 0).any(axis=0))
    return part[:, cols[0]:cols[-1] + 1]


# A 9 struck heavily, or in a face whose tail curls back (Liberation Mono, CMU Typewriter),
# inks the left below its loop like a 0 (census 3037: `3922` taken as `3022`), but its counter
# is still the loop's: a hole closed above the band `closed_left` looks at. A 0's counter
# reaches down into that band: a plain or dotted 0's one hole, a slashed 0's lower half. In
# the five typewriter faces (24-52 px, struck plain or filled, ink spread or thinned), 9s
# inked so on the left had their big holes end by 0.58 of the height, 0s theirs at 0.68 and
# lower (but three 0s blotted shut below, 0.43-0.46; those without a hole are weighed as
# before). On census pages 3000-3099, the one 9 so inked ended its loop at 0.54; the 13 0s
# read 9 reached 0.88 of the height or further down, or had no hole. Holes smaller than
# BOWL_SHARE of the largest (the gap a curled tail closes) are not the counter.
BOWL_END = 0.63
BOWL_SHARE = 0.5
# Blank rows across a glyph box, as a share of its tallest run of inked rows, that part a
# piece of another line from the digit (held-out 1254, 1264: 0.5 and 0.27); fewer are a worn
# stroke (census 3004: 0.04).
OWN_GAP = 0.2


def bowl_above(glyph: np.ndarray) -> bool:
    """Whether a binary glyph image (nonzero = ink, cropped to its ink) has its counter closed
    above the lower band a 0's reaches: every hole of at least `BOWL_SHARE` of the largest's
    area ends by `BOWL_END` of its height (a 9's loop); False without a hole."""
    h = glyph.shape[0]
    contours, tree = cv2.findContours(np.pad(glyph > 0, 1).astype(np.uint8), cv2.RETR_CCOMP,
                                      cv2.CHAIN_APPROX_NONE)
    if tree is None:
        return False
    # inner contours (those with a parent) bound the holes; the image was padded by a pixel
    holes = [(cv2.contourArea(c), cv2.boundingRect(c)) for c, link in zip(contours, tree[0]) if link[3] >= 0]
    holes = [(area, y + hh - 1) for area, (_, y, _, hh) in holes if area > 0]
    if not holes:
        return False
    big = max(area for area, _ in holes)
    return all(bottom <= BOWL_END * h for area, bottom in holes if area >= BOWL_SHARE * big)


# The bands of a digit read 3 through its two loops' middles (share of its height) where an 8
# is closed on the left and a 3 is open, and the least share of the left strip inked in both.
# On dev pages 1000-1112 and 1500-1539, 3s read right had at most 0.6 and 0.5 of those strips
# inked (0.42 and 0.29 but for one glyph run into its neighbour), an 8 read 3 0.73 and 0.86.
LOOP_BANDS = ((0.25, 0.4), (0.6, 0.75))
MIN_LOOP_LEFT_INK = 0.65


def closed_loops(glyph: np.ndarray) -> bool:
    """Whether a binary glyph image (nonzero = ink, cropped to its ink) read as 3 is an 8: its
    left side inked through the middles of both loops, where a 3 is open; False when unsure."""
    h, w = glyph.shape[:2]
    if h < MIN_HEIGHT or w > MAX_ASPECT * h:
        return False
    left = max(1, int(ZERO_LEFT * w))
    return all(float((glyph[int(a * h):max(int(a * h) + 1, int(b * h)), :left] > 0).mean()) >= MIN_LOOP_LEFT_INK
               for a, b in LOOP_BANDS)


# The digit OCR reads for a typed digit of another shape: (digit typed, its shape test, what
# a review entry says of the glyph).
SHAPES = {"5": ("3", open_left, "the glyph read 5 has no stem under its bar, the shape of a 3"),
          "9": ("0", closed_left, "the glyph read 9 is closed on its left below its loop, the shape of a 0"),
          "3": ("8", closed_loops, "the glyph read 3 is closed on its left through both loops, the shape of an 8")}


def glyph_boxes(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The glyphs of a binary word image, left to right, as (x, y, w, h): its pieces of ink
    (specks left out) that overlap or touch in x made one (a glyph broken in two: a 3's bar
    cut off, a slash in pieces), and of those the ones at least a third of the image tall."""
    _, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    speck = (ink.shape[0] / 10) ** 2
    pieces = sorted((int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, area in stats[1:]
                    if area >= speck)
    # a form's rule typed over ("Экз. № 3" on its line) is no part of the glyphs above it: a flat
    # piece whose top lies below the middle of the tall pieces' feet
    tall = [p for p in pieces if p[3] - p[1] > ink.shape[0] / 3]
    if tall:
        feet = float(np.median([p[3] for p in tall]))
        pieces = [p for p in pieces if not (p[2] - p[0] >= RULE_FLAT * (p[3] - p[1]) and p[1] >= feet)]
    merged: list[list[int]] = []
    for x0, y0, x1, y1 in pieces:
        if merged and x0 <= merged[-1][2]:
            m = merged[-1]
            m[:] = [min(m[0], x0), min(m[1], y0), max(m[2], x1), max(m[3], y1)]
        else:
            merged.append([x0, y0, x1, y1])
    return [(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in merged if y1 - y0 > ink.shape[0] / 3]


def word_ink(page: Page, box: BBox, pad: int = 3) -> np.ndarray | None:
    """The word's ink (Otsu on its crop of the cleaned gray page, stamp and pen ink left out),
    nonzero where inked; None when the page has no gray image or the box is off it."""
    cut = working_box(page, box, pad) if page.masks.get("gray") is not None else None
    return None if cut is None else working_ink(page, cut)


def working_ink(page: Page, cut: tuple[int, int, int, int]) -> np.ndarray | None:
    """The ink of the working-image box `cut` (x0, y0, x1, y1) as `word_ink` finds it; None
    when the page has no gray image or the box holds no contrast."""
    gray, marks = page.masks.get("gray"), page.masks.get("marks")
    if gray is None:
        return None
    x0, y0, x1, y1 = cut
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 40:
        return None  # no contrast: no ink to measure
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if marks is not None and marks.shape == gray.shape:
        ink[marks[y0:y1, x0:x1] > 0] = 0
    return ink


def reshaped(page: Page, word: Word) -> tuple[str, list[str]] | None:
    """The word's text with each digit whose glyph has another digit's shape (`SHAPES`: a 5
    open on the left a 3, a 9 closed on the left a 0) as that digit, and what each glyph
    changed looked like; None when none changed, or when the word's glyphs cannot be matched
    one to one to its characters."""
    if not any(d in word.text for d in SHAPES):
        return None
    chars = [(k, c) for k, c in enumerate(word.text) if not c.isspace() and not _SMALL.match(c)]
    ink = word_ink(page, word.bbox)
    if ink is None:
        return None
    boxes = glyph_boxes(ink)
    if len(boxes) != len(chars):
        return None
    text, why = list(word.text), []
    for (k, c), (x, y, w, h) in zip(chars, boxes):
        if c in SHAPES and SHAPES[c][1](ink[y:y + h, x:x + w]):
            text[k] = SHAPES[c][0]
            why.append(SHAPES[c][2])
    new = "".join(text)
    return (new, list(dict.fromkeys(why))) if new != word.text else None


def patch_lines(page: Page, lines: list[TextLine], hits: dict[str, Hit],
                valid: Callable[[str, str], bool] | None = None
                ) -> tuple[list[TextLine], list[ReviewItem]]:
    """`lines` with the digits read in the words of `hits` (fields found on them) that are
    others by their shape (`reshaped`) set right, where `valid(field name, its raw text so
    changed)` allows, and a review entry for each word changed; (`lines`, []) when none was."""
    if page.masks.get("gray") is None:
        return lines, []
    out, notes = list(lines), []
    for name, hit in hits.items():
        if hit.bbox is None or hit.first >= len(out):
            continue
        line = out[hit.first]
        raw_at = max(0, line.ocr.find(hit.raw))
        for start, end, word in line.word_spans():
            b = word.bbox
            if not (b.x0 >= hit.bbox.x0 - 1 and b.x1 <= hit.bbox.x1 + 1
                    and b.y0 >= hit.bbox.y0 - 1 and b.y1 <= hit.bbox.y1 + 1):
                continue
            found = reshaped(page, word)
            if found is None:
                continue
            new, why = found
            # the field's raw text as the changed word leaves it (the word may hold more than
            # the value: "№ 5" of the copy number "5"); a change outside the value is none
            raw = (line.ocr[:start] + new + line.ocr[end:])[raw_at:raw_at + len(hit.raw)]
            if raw == hit.raw or (valid is not None and not valid(name, raw)):
                continue
            line = replace(line, text=line.text[:start] + new + line.text[end:],
                           ocr=line.ocr[:start] + new + line.ocr[end:],
                           words=tuple(replace(w, text=new, confidence=min(w.confidence, SHAPE_CONF))
                                       if w is word else w for w in line.words))
            notes.append(ReviewItem(f"field {name}: {word.text!r} taken as {new!r}: {'; '.join(why)}",
                                    line.region))
        out[hit.first] = line
    return (out, notes) if notes else (lines, [])
