"""Pen strokes inside ink the classifier gave to something else, told by geometry.

A signature crossing a round stamp merges with its ring into one stamp; a signature written
over a typed line joins that line's word cluster. Both are found from shapes that neither a
ring nor typing has: ink well off the ring fitted to the stamp (`pen_off_ring`), a stroke
taller than any typed glyph (`tall_stroke`).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.model import BBox


# A stamp's ring is fitted to the outermost ink in each of RING_BINS directions from its centre;
# it is a ring when this share of them lie within RING_TOL letter heights of one radius.
RING_BINS = 360
RING_TOL = 0.4
RING_MIN_COVER = 0.8
RING_MIN_SIDE = 4.0
# Ink this far (letter heights) past the ring's outer edge is not the stamp's; its largest piece
# is a pen stroke worth a note when it is this many letter heights wide and of this much ink,
# and taller than a typed line from capitals to descenders (a typed word the stamp's box took
# in is not).
PEN_OFF_RING = 0.5
PEN_MIN_WIDTH = 3.0
PEN_MIN_HEIGHT = 1.8
PEN_MIN_INK = 2.0


def _ring_from(xs: np.ndarray, ys: np.ndarray, cx: float, cy: float, xh: float
               ) -> tuple[float, float, float, float] | None:
    """(cx, cy, radius, share of directions on it) of the circle through the outermost ink,
    refined from a start centre: a signature crossing the ring pushes the outermost ink out in
    a few directions only, so the median radius and a fit to the points near it ignore it."""
    bins = np.arange(RING_BINS)
    angles = (bins + 0.5) / RING_BINS * 2 * np.pi - np.pi
    for _ in range(6):
        d = np.hypot(xs - cx, ys - cy)
        ang = ((np.arctan2(ys - cy, xs - cx) + np.pi) / (2 * np.pi) * RING_BINS).astype(int) % RING_BINS
        far = np.zeros(RING_BINS)
        np.maximum.at(far, ang, d)
        radius = float(np.median(far[far > 0]))
        ok = np.abs(far - radius) <= RING_TOL * xh
        if ok.sum() < 20:
            return None
        px, py = cx + far[ok] * np.cos(angles[ok]), cy + far[ok] * np.sin(angles[ok])
        # Algebraic circle fit: x^2 + y^2 = 2 cx x + 2 cy y + c.
        sol = np.linalg.lstsq(np.column_stack([px, py, np.ones(len(px))]), px ** 2 + py ** 2, rcond=None)[0]
        cx, cy = sol[0] / 2, sol[1] / 2
    d = np.hypot(xs - cx, ys - cy)
    ang = ((np.arctan2(ys - cy, xs - cx) + np.pi) / (2 * np.pi) * RING_BINS).astype(int) % RING_BINS
    far = np.zeros(RING_BINS)
    np.maximum.at(far, ang, d)
    radius = float(np.median(far))
    return cx, cy, radius, float((np.abs(far - radius) <= RING_TOL * xh).mean())


def fit_ring(own: np.ndarray, xh: float) -> tuple[float, float, float] | None:
    """(cx, cy, outer radius) in `own`'s pixels of a round stamp's outer ring, or None when
    the ink (box-sized bool) has no ring. The centre is looked for from the box's middle and
    from the circles a Hough transform finds (inner rings share the centre; a signature
    beside the ring pulls the box's middle off it)."""
    h, w = own.shape
    ys, xs = np.nonzero(own)
    if len(xs) < 100 or min(h, w) < RING_MIN_SIDE * xh:
        return None
    f = 4
    small = cv2.GaussianBlur(cv2.resize(own.astype(np.uint8) * 255, (max(1, w // f), max(1, h // f)),
                                        interpolation=cv2.INTER_AREA), (5, 5), 0)
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=1, param1=100, param2=15,
                             minRadius=int(0.3 * min(h, w) / f), maxRadius=int(0.55 * max(h, w) / f))
    starts = [(w / 2, h / 2)] + ([] if found is None else [(x * f, y * f) for x, y, _ in found[0][:8]])
    best = None
    for cx, cy in starts:
        ring = _ring_from(xs.astype(float), ys.astype(float), cx, cy, xh)
        if ring is not None and (best is None or ring[3] > best[3]):
            best = ring
    if best is None or best[3] < RING_MIN_COVER:
        return None
    return best[0], best[1], best[2]


def pen_off_ring(own: np.ndarray, box: BBox, xh: float) -> BBox | None:
    """The box of a pen stroke merged into a round stamp's ink (`own`, bool over `box`): the
    largest piece of the ink outside its fitted outer ring, with the pieces beside it. None
    when the stamp has no ring or nothing sizeable lies off it (typed letters, specks)."""
    ring = fit_ring(own, xh)
    if ring is None:
        return None
    cx, cy, radius = ring
    ys, xs = np.nonzero(own)
    off = np.hypot(xs - cx, ys - cy) > radius + PEN_OFF_RING * xh
    if not off.any():
        return None
    mask = np.zeros(own.shape, np.uint8)
    mask[ys[off], xs[off]] = 1
    # A pen line breaks where it crosses lighter ink: pieces a couple of pixels apart are one.
    n, _, st, _ = cv2.connectedComponentsWithStats(cv2.dilate(mask, np.ones((5, 5), np.uint8)), connectivity=8)
    if n < 2:
        return None
    k = 1 + int(np.argmax(st[1:, cv2.CC_STAT_AREA]))
    bx, by, bw, bh = (int(v) for v in st[k, :4])
    if bw < PEN_MIN_WIDTH * xh or bh < PEN_MIN_HEIGHT * xh or int(mask[by:by + bh, bx:bx + bw].sum()) < PEN_MIN_INK * xh * xh:
        return None
    near = [j for j in range(1, n)
            if st[j, 0] <= bx + bw + xh and st[j, 0] + st[j, 2] >= bx - xh
            and st[j, 1] <= by + bh + xh and st[j, 1] + st[j, 3] >= by - xh
            and st[j, cv2.CC_STAT_AREA] >= 0.3 * xh * xh]
    q = st[near]
    # The dilation widened each piece by two pixels a side.
    return BBox(float(box.x0 + q[:, 0].min() + 2), float(box.y0 + q[:, 1].min() + 2),
                float(box.x0 + (q[:, 0] + q[:, 2]).max() - 2), float(box.y0 + (q[:, 1] + q[:, 3]).max() - 2))


# A cluster at least this likely pen ink, holding one stroke this many letter heights tall and
# wide, holds a signature: typed glyphs are under two letter heights, however bold. A stamp's
# ring arc is as tall: a cluster with any look of a stamp is left as it was.
PEN_LEAN = 0.4
PEN_MAX_STAMP = 0.1
TALL_STROKE_H = 2.5
TALL_STROKE_W = 3.0


def tall_stroke(stats: np.ndarray, labels: list[int], xh: float) -> int | None:
    """The label among `labels` (stats rows x0, y0, w, h, area) of the largest component
    taller and wider than a typed glyph can be, or None."""
    ids = np.asarray(labels, int)
    st = stats[ids]
    big = (st[:, cv2.CC_STAT_HEIGHT] >= TALL_STROKE_H * xh) & (st[:, cv2.CC_STAT_WIDTH] >= TALL_STROKE_W * xh)
    if not big.any():
        return None
    return int(ids[big][np.argmax(st[big, cv2.CC_STAT_AREA])])


def off_ring(stats: np.ndarray, labels: list[int], box: BBox, own: np.ndarray, xh: float) -> set[int]:
    """Labels among `labels` (stats rows x0, y0, w, h, area) whose component lies wholly past
    a round stamp's fitted outer ring (`fit_ring` of `own`, bool over `box`) by PEN_OFF_RING
    letter heights: a stamp's ink ends at its ring, so a typed word beside the ring that the
    stamp's blob took in is not the stamp's. Empty when the ink has no ring."""
    ring = fit_ring(own, xh)
    if ring is None or not labels:
        return set()
    cx, cy, radius = box.x0 + ring[0], box.y0 + ring[1], ring[2]
    ids = np.asarray(labels, int)
    st = stats[ids].astype(float)
    x0, y0 = st[:, 0], st[:, 1]
    x1, y1 = x0 + st[:, 2], y0 + st[:, 3]
    # Distance from the centre to the nearest point of each component's box.
    dx = np.maximum.reduce([x0 - cx, np.zeros(len(ids)), cx - x1])
    dy = np.maximum.reduce([y0 - cy, np.zeros(len(ids)), cy - y1])
    far = np.hypot(dx, dy) > radius + PEN_OFF_RING * xh
    return {int(i) for i in ids[far]}
