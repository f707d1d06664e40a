"""Typed letters inside a coloured stamp that are coloured because their ribbon is.

A page is not always typed with one ribbon: a telegram's header in black and its body in
violet, say. Coloured ink is measured against the typing the page's lines vote for
(`ink.colour_ink`), so a violet body counts as coloured ink at the edge of the test, and where
a stamp lies over it the stamp's colour mask takes in the body's letters: they are masked
with the stamp and repainted out of the text. Each typed row through the stamp has its own
ribbon, seen in its letters beside the stamp; a letter inside the stamp whose colour is
nearer that than the stamp's own ink is typing, and leaves the colour mask.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.inkcolour import DARK_FLOOR, TINTED
from pipeline.marks.protect import ROW_REACH_X, letter_sized, typed_rows
from pipeline.model import BBox

# A row's ribbon and the stamp's ink are each measured on at least this many stroke pixels
# (a few letters' worth): fewer cannot be told from JPEG colour bleed.
MIN_TINT_PX = 200
# A letter of a row crosses the row's mid-line, at this share of a letter height either side.
ROW_BAND = 0.5
# A ribbon colours a row's letters, a word at least: one or two letters in the stamp's colour
# carry its ink over them (a stroke of its lettering, a blot), and stay the stamp's.
MIN_RIBBON_LETTERS = 3


def _tints(rgb: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """(h, w, 2) a*b* tints (offset from the paper per unit of lightness drop) of an RGB crop;
    the paper is the crop's own, away from `ink` (bool), as lighting varies over a page."""
    lab = cv2.cvtColor(np.ascontiguousarray(rgb[:, :, :3]), cv2.COLOR_RGB2LAB).astype(np.float32)
    paper = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)) == 0
    if not paper.any():
        paper = ~ink
    ref = np.median(lab[paper], axis=0)
    dark = np.maximum(ref[0] - lab[:, :, 0], DARK_FLOOR)
    return np.dstack([(lab[:, :, 1] - ref[1]) / dark, (lab[:, :, 2] - ref[2]) / dark])


def _core_tint(tint: np.ndarray, gray: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    """Median tint of the darker half of the `mask` pixels (a stroke's rim mixes in paper and
    colour bleed), None for fewer than MIN_TINT_PX pixels."""
    if int(mask.sum()) < MIN_TINT_PX:
        return None
    level = gray[mask]
    core = level <= np.median(level)
    return np.median(tint[mask][core], axis=0)


def ribbon_letters(image: np.ndarray, labels: np.ndarray, stats: np.ndarray, colour: np.ndarray,
                   box: BBox, own: list[int], marked: set[int], xh: float) -> np.ndarray:
    """Bool mask (box-sized, `box` a coloured stamp's) of the letters inside the stamp that are
    coloured ink (`colour`, 255) by their ribbon: components not of any mark (`marked`; `own`
    the stamp's labels), on a typed row crossing the box, whose core tint is nearer that of
    the row's letters beside the box (a tinted ribbon's, `inkcolour.TINTED`) than that of the
    stamp's ink off the rows, MIN_RIBBON_LETTERS of them on the row at least; of such a
    letter, the pixels nearer the ribbon's tint."""
    rows = [r for r in typed_rows(stats, marked, xh, box) if box.y0 <= r[0] < box.y1]
    h, w = labels.shape
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(np.ceil(box.x1)), int(np.ceil(box.y1))
    out = np.zeros((y1 - y0, x1 - x0), bool)
    if not rows or image.ndim != 3:
        return out
    reach = int(ROW_REACH_X * xh)
    cx0, cx1 = max(0, x0 - reach), min(w, x1 + reach)
    lab = labels[y0:y1, cx0:cx1]
    rgb = image[y0:y1, cx0:cx1]
    gray = cv2.cvtColor(np.ascontiguousarray(rgb[:, :, :3]), cv2.COLOR_RGB2GRAY)
    tint = _tints(rgb, lab > 0)
    col = colour[y0:y1, cx0:cx1] > 0
    mark_lut = np.zeros(len(stats), bool)
    mark_lut[list(marked)] = True
    own_lut = np.zeros(len(stats), bool)
    own_lut[own] = True
    on_rows = np.zeros(lab.shape[0], bool)
    for mid, _, _ in rows:
        on_rows[max(0, int(mid - xh) - y0):max(0, int(mid + xh) - y0)] = True
    stamp = _core_tint(tint, gray, own_lut[lab] & col & ~on_rows[:, None])
    if stamp is None:
        return out
    sx, sy, sw, sh = (stats[:, k].astype(float) for k in range(4))
    free = letter_sized(stats, xh) & ~mark_lut
    inside = (sx + sw / 2 >= x0) & (sx + sw / 2 < x1) & (sy + sh / 2 >= y0) & (sy + sh / 2 < y1)
    for mid, _, _ in rows:
        crossing = free & (sy <= mid + ROW_BAND * xh) & (sy + sh >= mid - ROW_BAND * xh)
        beside = crossing & ((sx + sw < x0) | (sx > x1)) & (sx + sw >= cx0) & (sx < cx1)
        if not beside.any():
            continue
        lut = np.zeros(len(stats), bool)
        lut[np.flatnonzero(beside)] = True
        ribbon = _core_tint(tint, gray, lut[lab])
        # Black typing is never coloured ink by its ribbon: what colour its letters carry in a
        # stamp is the stamp's ink over them.
        if ribbon is None or np.hypot(*ribbon) < TINTED:
            continue
        taken = np.zeros_like(out)
        letters = 0
        for i in np.flatnonzero(crossing & inside):
            # A letter the box's edge cuts is judged whole and taken within the box.
            bx, by, bw, bh = (int(v) for v in stats[i, :4])
            by, bh = max(by, y0), min(by + bh, y1) - max(by, y0)
            sl = (slice(by - y0, by - y0 + bh), slice(bx - cx0, bx - cx0 + bw))
            letter = lab[sl] == i
            if not (letter & col[sl]).any():
                continue
            level = gray[sl][letter]
            mine = np.median(tint[sl][letter][level <= np.median(level)], axis=0)
            if np.hypot(*(mine - ribbon)) >= np.hypot(*(mine - stamp)):
                continue
            # A stamp's stroke crossing the letter is part of its component: of the letter's
            # pixels only those nearer the ribbon's colour than the stamp's are typing.
            off_ribbon = np.hypot(*np.moveaxis(tint[sl] - ribbon, -1, 0))
            near = off_ribbon < np.hypot(*np.moveaxis(tint[sl] - stamp, -1, 0))
            lx0, lx1 = max(bx, x0), min(bx + bw, x1)
            taken[by - y0:by - y0 + bh, lx0 - x0:lx1 - x0] |= (letter & near)[:, lx0 - bx:lx1 - bx]
            letters += 1
        if letters >= MIN_RIBBON_LETTERS:
            out |= taken
    return out
