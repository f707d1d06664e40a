"""Pen strokes inside ink the classifier gave to something else, told by geometry.

A signature crossing a round stamp merges with its ring into one stamp; a signature written
over a typed line joins that line's word cluster. Both are found from shapes that neither a
ring nor typing has: ink well off the ring fitted to the stamp (`pen_off_ring`), a stroke
taller than any typed glyph (`tall_stroke`), a row of letters leaning as no typewriter's do
(`letter_lean`). The loops a typed name's strip gave back beside the name are told cell by
cell in `penends`.
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


# A ring among other ink (typed lines a stamp was printed over): its circle is looked for with
# a Hough transform on the ink shrunk RING_SHRINK times, among the RING_CANDIDATES strongest
# circles of RING_MIN_R to RING_MAX_R letter heights' radius, and fitted to the ink within
# RING_BAND letter heights of it. It is a ring when ink lies within RING_HIT of the fitted
# circle in RING_MIN_COVER of its directions, RING_CONTRAST more of them than on the circles
# RING_APART letter heights inside and outside it: typing a circle happens to cross is as
# dense on both sides, a ring is a line.
RING_SHRINK = 4
RING_CANDIDATES = 8
RING_MIN_R = 2.0
RING_MAX_R = 17.5
RING_BAND = 0.5
RING_HIT = 0.25
RING_APART = 0.8
RING_CONTRAST = 0.3
# Typed lines crossing a ring on every side fill its neighbours' directions too (0.6-0.8 of
# them): there a contrast of RING_CONTRAST_CROSSED holds when it is RING_OPEN_SHARE of the
# directions the neighbours leave empty and the ink follows the circle as a sharp line, within
# RING_SHARP_HIT letter heights of it in RING_SHARP of the directions it covers. A circle the
# fit strung through typed letters and stray arcs covers as many directions only loosely.
RING_CONTRAST_CROSSED = 0.2
RING_OPEN_SHARE = 0.5
RING_SHARP_HIT = 0.06
RING_SHARP = 0.9


def _circle_fit(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float] | None:
    """(cx, cy, radius) of the least-squares circle through the points; None if degenerate."""
    sol = np.linalg.lstsq(np.column_stack([xs, ys, np.ones(len(xs))]), xs ** 2 + ys ** 2, rcond=None)[0]
    cx, cy = sol[0] / 2, sol[1] / 2
    r2 = sol[2] + cx * cx + cy * cy
    return (float(cx), float(cy), float(np.sqrt(r2))) if r2 > 0 else None


def _circle_cover(xs: np.ndarray, ys: np.ndarray, cx: float, cy: float, radius: float,
                  tol: float) -> float:
    """Share of RING_BINS directions from (cx, cy) with a point within `tol` of `radius`."""
    d = np.hypot(xs - cx, ys - cy)
    sel = np.abs(d - radius) <= tol
    if not sel.any():
        return 0.0
    ang = ((np.arctan2(ys[sel] - cy, xs[sel] - cx) + np.pi) / (2 * np.pi) * RING_BINS).astype(int)
    return len(np.unique(ang % RING_BINS)) / RING_BINS


def ring_in(own: np.ndarray, xh: float) -> tuple[float, float, float] | None:
    """(cx, cy, outer radius) in `own`'s pixels of the largest stamp ring in the ink (bool)
    even when typed lines or a signature join it on every side, or None. Unlike `fit_ring`,
    which takes the outermost ink as the ring, the ring here is a circle the ink follows as a
    line (`RING_CONTRAST`), wherever it lies in the box."""
    h, w = own.shape
    f = RING_SHRINK
    if min(h, w) < 2 * RING_MIN_R * xh or min(h, w) < 4 * f:
        return None
    small = cv2.GaussianBlur(cv2.resize(own.astype(np.uint8) * 255, (w // f, h // f),
                                        interpolation=cv2.INTER_AREA), (5, 5), 0)
    found = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=2, param1=100, param2=15,
                             minRadius=int(RING_MIN_R * xh / f), maxRadius=int(RING_MAX_R * xh / f))
    if found is None:
        return None
    ys, xs = np.nonzero(own)
    xs, ys = xs.astype(float), ys.astype(float)
    best = None
    for cx, cy, r in found[0][:RING_CANDIDATES] * f:
        circle = (float(cx), float(cy), float(r))
        for _ in range(4):
            d = np.hypot(xs - circle[0], ys - circle[1])
            near = np.abs(d - circle[2]) <= RING_BAND * xh
            if near.sum() < 50:
                circle = None
                break
            circle = _circle_fit(xs[near], ys[near])
            if circle is None:
                break
        if circle is None or not RING_MIN_R * xh <= circle[2] <= RING_MAX_R * xh:
            continue
        cover = _circle_cover(xs, ys, *circle, RING_HIT * xh)
        beside = max(_circle_cover(xs, ys, circle[0], circle[1], circle[2] + k * RING_APART * xh,
                                   RING_HIT * xh) for k in (-1, 1))
        contrast = cover - beside
        ring = cover >= RING_MIN_COVER and (contrast >= RING_CONTRAST or (
            contrast >= RING_CONTRAST_CROSSED and contrast >= RING_OPEN_SHARE * (1 - beside)
            and _circle_cover(xs, ys, *circle, RING_SHARP_HIT * xh) >= RING_SHARP * cover))
        if ring and (best is None or circle[2] > best[2]):
            best = circle
    return best


def pen_off_ring(own: np.ndarray, box: BBox, xh: float) -> BBox | None:
    """The box of a pen stroke merged into a round stamp's ink (`own`, bool over `box`): the
    largest piece of the ink outside its fitted outer ring, with the pieces beside it. None
    when the stamp has no ring or nothing sizeable lies off it (typed letters, specks)."""
    ring = fit_ring(own, xh)
    if ring is None:
        return None
    cx, cy, radius = ring
    ys, xs = np.nonzero(own)
    return _pen_piece(own.shape, ys, xs, np.hypot(xs - cx, ys - cy) > radius + PEN_OFF_RING * xh, box, xh)


def pen_off_frame(own: np.ndarray, box: BBox, frame: tuple[int, int, int, int], xh: float) -> BBox | None:
    """The box of a pen stroke merged into a framed stamp's ink (`own`, bool over `box`;
    `frame` x0, y0, x1, y1 in `own`'s pixels, `rect_frame`): the largest piece of the ink
    past the frame, with the pieces beside it, or None when nothing sizeable lies past it."""
    ys, xs = np.nonzero(own)
    m = PEN_OFF_RING * xh
    fx0, fy0, fx1, fy1 = frame
    off = (xs < fx0 - m) | (xs > fx1 + m) | (ys < fy0 - m) | (ys > fy1 + m)
    return _pen_piece(own.shape, ys, xs, off, box, xh)


def _pen_piece(shape: tuple[int, ...], ys: np.ndarray, xs: np.ndarray, off: np.ndarray,
               box: BBox, xh: float) -> BBox | None:
    """The box (page pixels) of the largest sizeable piece of the ink pixels `off` picks, with
    the pieces beside it; None when it is too small to be a pen stroke."""
    if not off.any():
        return None
    mask = np.zeros(shape, np.uint8)
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


# A framed stamp's sides are straight lines this many letter heights long at least, covering
# on average this share of the sides between the corners (a faded side down to FRAME_SIDE_COVER);
# the frame holds this much ink inside (its lines of text): a strip, a rule or an empty box
# does not.
FRAME_MIN_LINE = 3.0
FRAME_COVER = 0.85
FRAME_SIDE_COVER = 0.6
FRAME_MIN_INSIDE = 0.04
FRAME_THICKEN = 5
FRAME_GAP = 0.5


def rect_frame(own: np.ndarray, xh: float) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) in `own`'s pixels of a closed rectangular frame in the ink (bool,
    box-sized) holding ink inside it, or None. The sides are found as long straight runs
    (a morphological opening), so letters and pen strokes crossing the frame are ignored;
    a frame stamped a few degrees askew still counts."""
    h, w = own.shape
    if min(h, w) < RING_MIN_SIDE * xh:
        return None
    n = max(3, int(FRAME_MIN_LINE * xh))
    ink = own.astype(np.uint8)
    # A thin side stamped a degree or two askew steps from row to row: thickened across its
    # run it keeps long straight runs.
    hor = cv2.morphologyEx(cv2.dilate(ink, np.ones((FRAME_THICKEN, 1), np.uint8)), cv2.MORPH_OPEN,
                           np.ones((1, n), np.uint8))
    ver = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, FRAME_THICKEN), np.uint8)), cv2.MORPH_OPEN,
                           np.ones((n, 1), np.uint8))
    # The frame is the biggest chain of straight runs (its corners join them; a faded side
    # breaks into runs a few pixels apart).
    gap = max(5, int(FRAME_GAP * xh))
    k, _, st, _ = cv2.connectedComponentsWithStats(cv2.dilate(hor | ver, np.ones((gap, gap), np.uint8)),
                                                   connectivity=8)
    if k < 2:
        return None
    j = 1 + int(np.argmax(st[1:, cv2.CC_STAT_AREA]))
    x0, y0, fw, fh = (int(v) for v in st[j, :4])
    # The chaining dilation widened the chain by half its kernel a side.
    x0, y0, x1, y1 = x0 + gap // 2, y0 + gap // 2, x0 + fw - gap // 2, y0 + fh - gap // 2
    fw, fh = x1 - x0, y1 - y0
    if fw < 2 * xh or fh < 2 * xh:
        return None
    # Each side covers its span between the corners within a quarter of the frame from its edge.
    qx, qy = max(1, fw // 4), max(1, fh // 4)
    hor, ver = hor > 0, ver > 0
    sides = (hor[y0:y0 + qy, x0 + qx:x1 - qx].any(axis=0).mean(),
             hor[y1 - qy:y1, x0 + qx:x1 - qx].any(axis=0).mean(),
             ver[y0 + qy:y1 - qy, x0:x0 + qx].any(axis=1).mean(),
             ver[y0 + qy:y1 - qy, x1 - qx:x1].any(axis=1).mean())
    if min(sides) < FRAME_SIDE_COVER or sum(sides) < 4 * FRAME_COVER:
        return None
    m = int(0.5 * xh) + 2
    inside = own[y0 + m:y1 - m, x0 + m:x1 - m]
    if inside.size == 0 or inside.mean() < FRAME_MIN_INSIDE:
        return None
    return x0, y0, x1, y1


# A cluster at least this likely pen ink, holding one stroke this many letter heights tall and
# wide, holds a signature: typed glyphs are under two letter heights, however bold. A stamp's
# ring arc is as tall: a cluster with some look of a stamp is left as it was, unless pen is its
# most likely class all the same (`overlooked.pen_leaning`: a signature's long loops look a
# little like a stamp's).
PEN_LEAN = 0.4
PEN_MAX_STAMP = 0.1
TALL_STROKE_H = 2.5
TALL_STROKE_W = 3.0
# A margin tick (a check mark against a typed line) is shorter and narrower than a signature's
# stroke, yet taller than any typed glyph (`protect.MAX_H`) and as wide as a broad one; two thin
# strokes, it leaves most of its box bare, where glyphs run together on a line fill theirs.
TICK_H = 2.0
TICK_W = 1.8
TICK_MAX_FILL = 0.25


def tall_stroke(stats: np.ndarray, labels: list[int], xh: float) -> int | None:
    """The label among `labels` (stats rows x0, y0, w, h, area) of the largest component
    taller and wider than a typed glyph can be, or None."""
    ids = np.asarray(labels, int)
    st = stats[ids]
    big = (st[:, cv2.CC_STAT_HEIGHT] >= TALL_STROKE_H * xh) & (st[:, cv2.CC_STAT_WIDTH] >= TALL_STROKE_W * xh)
    if not big.any():
        return None
    return int(ids[big][np.argmax(st[big, cv2.CC_STAT_AREA])])


def tick(stats: np.ndarray, label: int, xh: float) -> bool:
    """Whether component `label` (stats rows x0, y0, w, h, area) has a pen tick's size and
    sparse ink (TICK_H, TICK_W, TICK_MAX_FILL)."""
    w, h, area = (int(v) for v in stats[label, [cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA]])
    return h >= TICK_H * xh and w >= TICK_W * xh and area <= TICK_MAX_FILL * w * h


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


# A typewriter's glyphs stand upright on a deskewed page: the shear of a typed letter's ink
# (its x drift per row upwards, to the right positive) is near 0, one leaning letter (`У`, `Л`,
# `/`) apart. A pen's letters and digits lean; a row of letters whose median leans this much
# (about 17 degrees) is written, however neatly it lines up.
WRITTEN_LEAN = 0.3


def ink_lean(piece: np.ndarray) -> float | None:
    """Forward lean (x drift per row, upwards to the right positive) of the bool ink `piece`,
    from its pixels' covariance; None for ink one row tall."""
    ys, xs = np.nonzero(piece)
    dy = ys - ys.mean()
    spread = float((dy * dy).sum())
    return -float(((xs - xs.mean()) * dy).sum()) / spread if spread > 0 else None


def letter_lean(labels: np.ndarray, stats: np.ndarray, ids: set[int]) -> float:
    """Median forward lean (`ink_lean`) of the components `ids`, each from its own pixels; 0
    for none."""
    leans = []
    for c in ids:
        x, y, w, h = (int(v) for v in stats[c, :4])
        lean = ink_lean(labels[y:y + h, x:x + w] == c)
        if lean is not None:
            leans.append(lean)
    return float(np.median(leans)) if leans else 0.0
