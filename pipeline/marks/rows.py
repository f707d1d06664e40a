"""Handwriting boxes holding two written lines, parted into one box per line."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.regions import HAND_MIN_SIDE
from pipeline.model import BBox


# A pen stroke holding this share of a box's ink and running well across a row cut makes the
# two halves one piece of writing (a signature's name and its flourish, drawn without a lift).
ACROSS_SHARE = 0.5


def _one_stroke_across(own: np.ndarray, cut: int, xh: float) -> bool:
    """Whether one connected stroke of `own` (box-sized bool) holding ACROSS_SHARE of its ink
    reaches half a letter above and below row `cut`. Two written lines touching at a
    descender share only a letter's worth of ink."""
    _, _, st, _ = cv2.connectedComponentsWithStats(own.astype(np.uint8), connectivity=8)
    top, bottom = st[1:, cv2.CC_STAT_TOP], st[1:, cv2.CC_STAT_TOP] + st[1:, cv2.CC_STAT_HEIGHT]
    across = (top <= cut - 0.5 * xh) & (bottom >= cut + 0.5 * xh)
    return bool((st[1:, cv2.CC_STAT_AREA][across] >= ACROSS_SHARE * max(1, int(own.sum()))).any())


# Two written lines whose strokes interleave (a slash or a tail of the upper one reaching
# into the lower) share no empty row; their pieces still fall into two rows this far apart
# (letter heights), each of at least MIN_ROW_PIECES pieces.
PIECE_ROW_GAP = 0.8
MIN_ROW_PIECES = 2
PIECE_ROW_WIDTH = 0.3


def _split_piece_rows(box: BBox, own: np.ndarray, xh: float) -> list[BBox]:
    """[box] or the boxes of its ink's pieces in two rows (the largest gap between piece
    centres), when each row holds a few pieces, is a good part of the box wide and no one
    stroke holds most of the ink (a signature's loops and its flourish stay one)."""
    _, _, st, _ = cv2.connectedComponentsWithStats(own.astype(np.uint8), connectivity=8)
    st = st[1:]
    st = st[(st[:, cv2.CC_STAT_HEIGHT] >= 0.3 * xh) | (st[:, cv2.CC_STAT_WIDTH] >= 0.3 * xh)]
    if len(st) < 2 * MIN_ROW_PIECES:
        return [box]
    area = st[:, cv2.CC_STAT_AREA]
    if area.max() >= ACROSS_SHARE * area.sum():
        return [box]
    yc = st[:, cv2.CC_STAT_TOP] + st[:, cv2.CC_STAT_HEIGHT] / 2
    order = np.argsort(yc)
    gaps = np.diff(yc[order])
    k = int(np.argmax(gaps))
    if gaps[k] < PIECE_ROW_GAP * xh:
        return [box]
    out = []
    for part in (order[:k + 1], order[k + 1:]):
        if len(part) < MIN_ROW_PIECES:
            return [box]
        p = st[part]
        out.append(BBox(box.x0 + p[:, 0].min(), box.y0 + p[:, 1].min(),
                        box.x0 + (p[:, 0] + p[:, 2]).max(), box.y0 + (p[:, 1] + p[:, 3]).max()))
    top, bottom = out
    overlap = top.y1 - bottom.y0
    if overlap > 0.5 * min(top.height, bottom.height):
        return [box]
    if min(b.width for b in out) < max(HAND_MIN_SIDE * xh, PIECE_ROW_WIDTH * box.width):
        return [box]
    return out


def split_rows(box: BBox, own: np.ndarray, xh: float) -> list[BBox]:
    """Split a handwriting box holding two written lines at the emptiest row between them.

    `own` is the region's ink (box-sized bool). Notes written one under the other touch at
    descenders, so they merge; a valley in the row profile, well inside the box, parts them,
    and where strokes interleave and leave no valley, the rows of their pieces
    (`_split_piece_rows`).
    """
    h = own.shape[0]
    if h < 2.2 * xh:
        return [box]
    profile = own.sum(axis=1).astype(float)
    lo, hi = int(0.3 * h), int(0.7 * h)
    if hi <= lo or profile.max() <= 0:
        return [box]
    cut = lo + int(np.argmin(profile[lo:hi]))
    if profile[cut] > 0.12 * profile.max() or _one_stroke_across(own, cut, xh):
        return _split_piece_rows(box, own, xh)
    out = []
    for part, y_off in ((own[:cut], 0), (own[cut:], cut)):
        rows, cols = np.nonzero(part)
        if len(rows) == 0:
            continue
        out.append(BBox(box.x0 + cols.min(), box.y0 + y_off + rows.min(),
                        box.x0 + cols.max() + 1, box.y0 + y_off + rows.max() + 1))
    if len(out) != 2:
        return [box]
    # Two written lines are each a good part of the box wide; a signature's loop above its
    # body is not, and stays with it. Lines with a clean gap between them (a date over a
    # number) are two notes however short either is, once each is a word wide.
    clean_gap = profile[cut] == 0 and min(b.width for b in out) >= HAND_MIN_SIDE * xh
    if not clean_gap and min(b.width for b in out) < 0.4 * box.width:
        return _split_piece_rows(box, own, xh)
    return out
