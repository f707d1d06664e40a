"""Candidate ink groups ("blobs") of a page: word-sized clusters of typed or handwritten ink,
whole stamps (frame plus the text inside it), long strokes (underlines, rules) cut free of the
letters they touch, and clusters of coloured ink.

A blob is a box plus the component labels it is made of, so later steps can mask exactly
its ink and not the typed text that merely shares its box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline.model import BBox


@dataclass
class Blob:
    """A candidate group of ink in working coordinates; `labels` index the component image."""

    box: BBox
    labels: list[int] = field(default_factory=list)
    coloured: bool = False


def components(ink: np.ndarray, min_area: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(label image, stats rows x0,y0,w,h,area) of 8-connected ink components; specks dropped."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < min_area)
    if len(small):
        lut = np.arange(n, dtype=np.int32)
        lut[small] = 0
        labels = lut[labels]
    stats = stats.copy()
    stats[0] = 0
    stats[small] = 0
    return labels, stats


def text_height(stats: np.ndarray, image_height: int) -> float:
    """Median height of character-like components: the page's typed letter size in pixels."""
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    a = stats[1:, cv2.CC_STAT_AREA]
    # Character-like: not a speck, not a line or frame, not wider than a few letters.
    keep = (h >= max(4, image_height / 400)) & (h <= image_height / 15) & (w <= 3 * h) & (a >= 8)
    if keep.sum() < 5:
        return float(max(8.0, image_height / 100))
    return float(np.median(h[keep]))


def drop_borders(labels: np.ndarray, stats: np.ndarray, xh: float) -> None:
    """Zero (in place) components that are scanner edges or page-long rules, not marks."""
    H, W = labels.shape
    x, y, w, h = (stats[:, k] for k in range(4))
    touches = (x == 0) | (y == 0) | (x + w >= W) | (y + h >= H)
    big = (w > 5 * xh) | (h > 5 * xh)
    # Larger than any stamp or signature: a paper edge or a page-long rule.
    huge = (w > W / 2) | (h > H / 2) | (w > 40 * xh) | (h > 25 * xh)
    bad = np.flatnonzero(((touches & big) | huge) & (stats[:, cv2.CC_STAT_AREA] > 0))
    if len(bad):
        labels[np.isin(labels, bad)] = 0
        stats[bad] = 0


def _group(stats: np.ndarray, ids: np.ndarray, shape: tuple[int, int], gap_x: int, gap_y: int,
           labels: np.ndarray) -> list[list[int]]:
    """Groups of component ids whose boxes come within (gap_x, gap_y) of each other."""
    canvas = np.zeros(shape, np.uint8)
    for i in ids:
        x, y, w, h = stats[i, :4]
        canvas[y:y + h, x:x + w] = 255
    canvas = cv2.dilate(canvas, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * gap_x + 1, 2 * gap_y + 1)))
    _, groups = cv2.connectedComponents(canvas, connectivity=8)
    out: dict[int, list[int]] = {}
    for i in ids:
        x, y = stats[i, 0], stats[i, 1]
        out.setdefault(int(groups[y, x]), []).append(int(i))
    return list(out.values())


def _box_of(stats: np.ndarray, ids: list[int]) -> BBox:
    x0 = int(min(stats[i, 0] for i in ids))
    y0 = int(min(stats[i, 1] for i in ids))
    x1 = int(max(stats[i, 0] + stats[i, 2] for i in ids))
    y1 = int(max(stats[i, 1] + stats[i, 3] for i in ids))
    return BBox(x0, y0, x1, y1)


def _absorb_contained(blobs: list[Blob], big: float) -> list[Blob]:
    """Merge blobs lying mostly inside a larger blob taller than `big` px (a stamp's frame).

    Plain ink never merges into a coloured blob: typed words under a coloured stamp stay
    their own blobs.
    """
    order = sorted(range(len(blobs)), key=lambda k: -blobs[k].box.area)
    alive = [True] * len(blobs)
    for k in order:
        if not alive[k] or not big <= blobs[k].box.height <= 8 * big:
            continue
        outer = blobs[k]
        for j in range(len(blobs)):
            if j == k or not alive[j] or (outer.coloured and not blobs[j].coloured):
                continue
            inner = blobs[j]
            if inner.box.area and outer.box.intersection(inner.box) >= 0.8 * inner.box.area \
                    and inner.box.area < outer.box.area:
                outer.labels.extend(inner.labels)
                alive[j] = False
    return [b for b, keep in zip(blobs, alive) if keep]


def _hue_of_components(labels: np.ndarray, n: int, hue: np.ndarray) -> np.ndarray:
    """Circular mean hue (degrees) of each labelled component."""
    sel = labels > 0
    rad = np.radians(hue[sel])
    cs = np.bincount(labels[sel], weights=np.cos(rad), minlength=n)
    sn = np.bincount(labels[sel], weights=np.sin(rad), minlength=n)
    return np.degrees(np.arctan2(sn, cs)) % 360


# A stroke running straight-ish for this many letter heights is a rule, an underscore or a
# pen underline, never part of a typed glyph; pen underlines touch the letters they underline.
STROKE_RUN = 2.0
STROKE_MIN_LEN = 3.0
STROKE_MAX_HOST = 2.5
STROKE_SLOPES = (-0.1, -0.05, 0.0, 0.05, 0.1)


def long_strokes(ink: np.ndarray, xh: float) -> np.ndarray:
    """uint8 mask (255) of the ink of near-horizontal strokes longer than a few letters.

    Cut out of the plain ink before labelling, they free the typed letters an underline
    touches, and the underline becomes a blob of its own.
    """
    run = max(3, round(STROKE_RUN * xh)) | 1
    opened = np.zeros_like(ink)
    # A pen underline wavers and slopes: straight runs at a few slopes, joined.
    for slope in STROKE_SLOPES:
        rise = round(abs(slope) * run)
        kernel = np.zeros((rise + 1, run), np.uint8)
        cols = np.arange(run)
        rows = np.round(cols * abs(slope)).astype(int)
        kernel[rows if slope >= 0 else rise - rows, cols] = 1
        opened |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    opened &= ink  # an asymmetric kernel's opening can spill a pixel past the ink
    if not opened.any():
        return opened
    # Components picked by a lookup table gathered over the label image (uint8 out, nothing
    # page-sized in between: `np.isin` over a label image made the stage's largest temporaries).
    _, lab, st, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    lut = np.where(st[:, cv2.CC_STAT_WIDTH] >= STROKE_MIN_LEN * xh, 255, 0).astype(np.uint8)
    lut[0] = 0
    keep = lut[lab]
    del lab
    if not keep.any():
        return keep
    # Only strokes on ink no taller than a typed line and its underline are cut out: the
    # sides of a stamp's frame or a signature's flourish stay with the rest of their ink.
    _, host, hst, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = hst[:, cv2.CC_STAT_HEIGHT] > STROKE_MAX_HOST * xh
    tall[0] = False
    keep[tall[host]] = 0
    # Take the stroke's full thickness along, not just the rows the opening kept.
    return cv2.bitwise_and(cv2.dilate(keep, np.ones((3, 3), np.uint8)), ink)


def find_blobs(ink: np.ndarray, coloured: np.ndarray, xh: float,
               hue: np.ndarray | None = None) -> tuple[list[Blob], np.ndarray, np.ndarray]:
    """Candidate blobs of an ink mask split into coloured and other ink; returns (blobs, labels, stats).

    `xh` is the typed letter height. Monochrome ink is grouped into word-sized clusters (a
    gap under half a letter joins); coloured ink is grouped more loosely since a stamp's
    letters and frame belong together, but only within one hue (`hue`, degrees), so a violet
    signature across a blue stamp stays apart from it. Long strokes of plain ink
    (`long_strokes`) are blobs of their own. Blobs inside a tall blob's box are absorbed into it.
    """
    plain = cv2.bitwise_and(ink, cv2.bitwise_not(coloured))
    strokes = long_strokes(plain, xh)
    lab_p, st_p = components(cv2.bitwise_and(plain, cv2.bitwise_not(strokes)))
    lab_s, st_s = components(strokes)
    lab_c, st_c = components(coloured, min_area=6)
    drop_borders(lab_p, st_p, xh)
    drop_borders(lab_s, st_s, xh)
    drop_borders(lab_c, st_c, xh)
    # One label space: stroke and then coloured components follow the plain ones.
    off_s = len(st_p)
    offset = off_s + len(st_s)
    # Filled in place: one page-sized int32 array, not one per step (the marks stage is where a
    # worker's memory peaks).
    labels = lab_p.astype(np.int32, copy=True)
    on = lab_s > 0
    labels[on] = lab_s[on] + off_s
    on = lab_c > 0
    labels[on] = lab_c[on] + offset
    del on
    stats = np.vstack([st_p, st_s, st_c])
    shape = ink.shape
    blobs: list[Blob] = []
    ids_p = np.flatnonzero(st_p[:, cv2.CC_STAT_AREA] > 0)
    for grp in _group(st_p, ids_p, shape, max(1, int(0.45 * xh)), max(1, int(0.05 * xh)), lab_p):
        blobs.append(Blob(_box_of(st_p, grp), grp))
    ids_s = np.flatnonzero(st_s[:, cv2.CC_STAT_AREA] > 0)
    for i in ids_s:
        blobs.append(Blob(_box_of(st_s, [int(i)]), [int(i) + off_s]))
    ids_c = np.flatnonzero(st_c[:, cv2.CC_STAT_AREA] > 0)
    if hue is not None and len(ids_c):
        from pipeline.marks.ink import hue_classes

        centres = np.array(hue_classes(hue, coloured))
        comp_hue = _hue_of_components(lab_c, len(st_c), hue)[ids_c]
        diff = np.abs((comp_hue[:, None] - centres[None, :] + 180) % 360 - 180)
        cls = diff.argmin(axis=1)
        hue_sets = [ids_c[cls == k] for k in range(len(centres))]
    else:
        hue_sets = [ids_c]
    for ids in hue_sets:
        for grp in _group(st_c, ids, shape, max(1, int(0.8 * xh)), max(1, int(0.5 * xh)), lab_c):
            blobs.append(Blob(_box_of(st_c, grp), [g + offset for g in grp], coloured=True))
    return _absorb_contained(blobs, 2.5 * xh), labels, stats
