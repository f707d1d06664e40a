"""Pen strokes inside ink the classifier gave to something else, told by geometry.

A signature crossing a round stamp merges with its ring into one stamp; a signature written
over a typed line joins that line's word cluster. Both are found from shapes that neither a
ring nor typing has: ink well off the ring fitted to the stamp (`pen_off_ring`), a stroke
taller than any typed glyph (`tall_stroke`), a signature's loops a typed name's strip gave back
that run on above or below it or beside it, cell by cell of the name's pitch where they have no
upright stem or flat bar of a typed glyph (`pen_ends`, `pen_cells`).
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
        ring = cover >= RING_MIN_COVER and cover - beside >= RING_CONTRAST
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
# most likely class all the same (`detect.pen_leaning`: a signature's long loops look a little
# like a stamp's).
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


def _rows(stats: np.ndarray, ids: set[int], xh: float) -> list[tuple[float, float, float, float]]:
    """(y0, y1, x0, x1) of the rows the letters `ids` make: letters whose centres lie within a
    quarter letter height of the row's first letter, top to bottom."""
    if not ids:
        return []
    idx = np.fromiter(ids, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    idx, yc = idx[np.argsort(yc)], np.sort(yc)
    rows, start = [], 0
    for k in range(1, len(idx) + 1):
        if k == len(idx) or yc[k] - yc[start] > 0.25 * xh:
            st = stats[idx[start:k]]
            rows.append((float(st[:, 1].min()), float((st[:, 1] + st[:, 3]).max()),
                         float(st[:, 0].min()), float((st[:, 0] + st[:, 2]).max())))
            start = k
    return rows


# A piece of pen ink given back past a typed row's end is the pen's loops when the pen ink still
# masked half a letter above and below it, in its columns, is this share of its own ink or more:
# a typed glyph a stroke crosses is mostly its own ink, in the row.
PEN_RUN_ON = 0.45


def pen_ends(labels: np.ndarray, stats: np.ndarray, pens: list[int], letters: set[int],
             marks: np.ndarray, out: np.ndarray, xh: float) -> np.ndarray:
    """Bool mask of the pen ink (`pens`' labels) the typed strips gave back (`marks` set, `out`
    clear) that lies past the ends of the typed rows of `letters` and is a stroke the strip's
    edge cut: a piece of it touches pen ink still masked (`out`) just above or below it.

    A strip reaches a few letters past a typed row's end to keep letters a signature's stroke
    swallowed; where the pen is as dark as the typing, the signature's last loops beside a
    typed name are given back too (read as letters, they make the capitals of the name look
    lower case). A typed glyph a stroke crosses is mostly its own ink, inside the strip; the
    pen's loops run on above or below it as much (`PEN_RUN_ON`).

    A piece the strip's side edge cut (pen ink still masked beside it), or one that fails that
    share, or the part past a row's end of one that runs on into the row, is judged cell by
    cell of the row's pitch (`pen_cells`): the garlands beside a name lie inside the strip,
    and the name's first letters the pen ran into are part of the same piece."""
    found = np.zeros(out.shape, bool)
    given = (marks > 0) & (out == 0)
    if not given.any():
        return found
    ys, xs = np.nonzero(given)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    pen_lut = np.zeros(len(stats), bool)
    pen_lut[np.asarray(pens, np.intp)] = True
    sub = given[y0:y1, x0:x1] & pen_lut[labels[y0:y1, x0:x1]]
    if not sub.any():
        return found
    # Masked pen ink right above or below a given-back pixel: the stroke runs on there.
    pad = np.zeros((y1 - y0 + 2, x1 - x0), bool)
    ay0, ay1 = max(0, y0 - 1), min(out.shape[0], y1 + 1)
    pad[ay0 - (y0 - 1):ay1 - (y0 - 1)] = (out[ay0:ay1, x0:x1] > 0) & pen_lut[labels[ay0:ay1, x0:x1]]
    above, below = pad[:-2], pad[2:]
    runs_on = sub & (above | below)
    # Masked pen ink right beside a given-back pixel: the strip's side edge cut the stroke.
    side = np.zeros((y1 - y0, x1 - x0 + 2), bool)
    ax0, ax1 = max(0, x0 - 1), min(out.shape[1], x1 + 1)
    side[:, ax0 - (x0 - 1):ax1 - (x0 - 1)] = (out[y0:y1, ax0:ax1] > 0) & pen_lut[labels[y0:y1, ax0:ax1]]
    cut_side = sub & (side[:, :-2] | side[:, 2:])
    if not runs_on.any() and not cut_side.any():
        return found
    rows = _rows(stats, letters, xh)
    pitches = {row: _row_pitch(stats, letters, row, xh) for row in rows}
    tall = {row: _row_glyph_height(stats, letters, row) for row in rows}
    band = int(0.5 * xh)
    _, lab, st, _ = cv2.connectedComponentsWithStats(sub.view(np.uint8), connectivity=8)
    cut_edge = np.zeros(len(st), bool)
    cut_edge[lab[runs_on]] = True
    hit = np.unique(np.concatenate([lab[runs_on], lab[cut_side]]))
    for j in hit[hit > 0]:
        px0, py0 = x0 + st[j, 0], y0 + st[j, 1]
        px1, py1 = px0 + st[j, 2], py0 + st[j, 3]
        yc = (py0 + py1) / 2.0
        spans = [r for r in rows if r[0] <= yc <= r[1]]
        if not spans:
            continue
        piece = lab[st[j, 1]:st[j, 1] + st[j, 3], st[j, 0]:st[j, 0] + st[j, 2]] == j
        if cut_edge[j] and not any(px1 > rx0 and px0 < rx1 for _, _, rx0, rx1 in spans):
            # The pen ink still masked half a letter above and below the piece, in its columns.
            oy0, oy1 = max(0, py0 - band), min(out.shape[0], py1 + band)
            runs = int(((out[oy0:oy1, px0:px1] > 0) & pen_lut[labels[oy0:oy1, px0:px1]]).sum())
            if runs >= PEN_RUN_ON * st[j, cv2.CC_STAT_AREA]:
                found[py0:py1, px0:px1] |= piece
                continue
        # Its parts past the ends of the row it lies on, cell by cell of the row's pitch: a
        # stroke that runs on into the name is judged where it lies beside it.
        for row in spans:
            pitch = pitches[row]
            for a, b in ((px0, min(px1, int(row[2]))), (max(px0, int(np.ceil(row[3]))), px1)):
                if b - a < 2 or not piece[:, a - px0:b - px0].any():
                    continue
                cells = pen_cells(piece[:, a - px0:b - px0], (a, py0), row, pitch, xh,
                                  glyph_h=tall[row])
                if cells is not None and _worth_masking(cells, xh):
                    found[py0:py1, a:b] |= cells
    return found


# A typed row's pitch lies within these letter heights: the letters near a mark may be a
# row's few far apart (a `1.` and its `Тов.`), whose one step is a word's gap or more.
ROW_PITCH_MIN = 0.6
ROW_PITCH_MAX = 2.0


def _row_glyph_height(stats: np.ndarray, letters: set[int],
                      row: tuple[float, float, float, float]) -> float:
    """The median height of the letters `letters` whose centres lie in the typed `row`: its
    capitals' height in a name typed in capitals, its small letters' in a line of text."""
    idx = np.fromiter(letters, np.intp) if letters else np.zeros(0, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    heights = stats[idx[(yc >= row[0]) & (yc <= row[1])], cv2.CC_STAT_HEIGHT]
    return float(np.median(heights)) if len(heights) else row[1] - row[0]


def _row_pitch(stats: np.ndarray, letters: set[int], row: tuple[float, float, float, float],
               xh: float) -> float:
    """A typed row's letter pitch: the median step between neighbouring letters' left edges
    (steps of at least ROW_PITCH_MIN letter heights), at most ROW_PITCH_MAX letter heights, or
    a letter height when it has no two letters."""
    ry0, ry1 = row[0], row[1]
    idx = np.fromiter(letters, np.intp) if letters else np.zeros(0, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    xs = np.sort(stats[idx[(yc >= ry0) & (yc <= ry1)], cv2.CC_STAT_LEFT].astype(float))
    steps = np.diff(xs)
    steps = steps[steps >= ROW_PITCH_MIN * xh]
    return min(float(np.median(steps)), ROW_PITCH_MAX * xh) if len(steps) else float(xh)


# A typed glyph has a straight stem or bar on the page's grid: a vertical run of STEM_V letter
# heights or a horizontal one of STEM_H pitches, no thicker than a typed stroke (STEM_THICK),
# whose centre line leans at most STEM_LEAN and strays at most STEM_BEND pixels from a straight
# line. A pen's garlands and loops slant and curve: an upstroke as steep as a stem leans a
# tenth or more, a loop's top is an arc, a tick's point pressed broad is a blot.
STEM_V = 0.8
STEM_H = 0.5
STEM_LEAN = 0.07
STEM_BEND = 1.0
STEM_THICK = 0.25
# Cells in a row without either from which the ink on is the pen's; fewer will do where they
# end the piece and an empty cell (a word's gap) parts them from the row: a tick before `1.`.
STEM_BARE = 2
# A typed glyph spans about the height of its row's letters (a name's capitals, a line's small
# letters); a bare cell whose ink spans under this share of their median height ends its piece
# as the pen's, even alone and against the row (a garland's last downstroke beside a name's
# first letter).
GLYPH_SPAN = 0.7
# Pen ink the cells give back to the mask is at least this much (letter heights squared): the
# signature's garlands beside a name; a speck of an underline's end reads as nothing. A thin,
# light pen's garland or a tick is less ink than that, but half a letter tall or more
# (PEN_CELL_TALL letter heights), and is read as a letter.
PEN_CELL_INK = 0.5
PEN_CELL_TALL = 0.5


def _worth_masking(cells: np.ndarray, xh: float) -> bool:
    """Whether the pen ink `cells` (bool) found beside a typed row is worth masking again: a
    garland's worth of ink (`PEN_CELL_INK`), or a stroke as tall as a letter (`PEN_CELL_TALL`),
    not a speck of an underline's end."""
    if cells.sum() >= PEN_CELL_INK * xh * xh:
        return True
    rows = np.flatnonzero(cells.any(axis=1))
    return len(rows) > 0 and rows[-1] - rows[0] + 1 >= PEN_CELL_TALL * xh


def straight_runs(ink: np.ndarray, length: int, vertical: bool, thick: float,
                  beyond: np.ndarray | None = None) -> np.ndarray:
    """Bool over the columns of `ink` (bool): the middle column of each straight vertical
    (`vertical`) or horizontal run of `length` pixels, no thicker than `thick` pixels, that
    keeps to the page's axes (`STEM_LEAN`, `STEM_BEND`); a vertical one must not run on into
    the `beyond` ink (bool: the pen ink past the typed row's height) at its ends: a typed stem
    ends within its row.

    A run marks its middle alone, so it speaks for the one cell that holds most of it: where
    bleeding ink joins a pen stroke's foot to a typed letter's bottom bar, the bar reaches into
    the cell beside the letter, which would pass for a glyph's."""
    kernel = np.ones((length, 1) if vertical else (1, length), np.uint8)
    runs = cv2.morphologyEx(ink.view(np.uint8), cv2.MORPH_OPEN, kernel)
    cols = np.zeros(ink.shape[1], bool)
    n, lab = cv2.connectedComponents(runs, connectivity=8)
    for k in range(1, n):
        ys, xs = np.nonzero(lab == k)
        if vertical and beyond is not None:
            c0, c1 = xs.min(), xs.max() + 1
            if (_runs_on(beyond[max(0, ys.min() - 2):ys.min()], c0, c1, thick)
                    or _runs_on(beyond[ys.max() + 1:ys.max() + 3], c0, c1, thick)):
                continue
        # The run's centre line: across its length (rows of a stem, columns of a bar).
        along, across = (ys, xs) if vertical else (xs, ys)
        pos = np.unique(along)
        if len(pos) < length:
            continue
        mid = np.array([across[along == p].mean() for p in pos])
        wide = np.median([np.count_nonzero(along == p) for p in pos])
        slope, icpt = np.polyfit(pos, mid, 1)
        if (wide <= thick and abs(slope) <= STEM_LEAN
                and np.abs(mid - (slope * pos + icpt)).max() <= STEM_BEND):
            cols[(xs.min() + xs.max()) // 2] = True
    return cols


def _runs_on(past: np.ndarray, c0: int, c1: int, thick: float) -> bool:
    """Whether the ink `past` (bool, the rows right past a vertical run's end) goes on in the
    run's columns `c0`-`c1` as a stroke about as narrow as the run (at most `thick` wider on
    either side): the stroke goes on past the row. A pen stroke that crosses a typed stem's
    foot or head sweeps across it, far wider than the stem, and leaves the stem its own."""
    for line in past:
        if not line[c0:c1].any():
            continue
        # The stretch of ink in this row that holds the run's columns.
        gaps = np.flatnonzero(~line)
        hit = c0 + int(np.flatnonzero(line[c0:c1])[0])
        left = gaps[gaps < hit]
        right = gaps[gaps > hit]
        x0 = left[-1] + 1 if len(left) else 0
        x1 = right[0] if len(right) else len(line)
        if x1 - x0 <= (c1 - c0) + 2 * thick:
            return True
    return False


def pen_cells(piece: np.ndarray, origin: tuple[int, int], row: tuple[float, float, float, float],
              pitch: float, xh: float, glyph_h: float | None = None) -> np.ndarray | None:
    """Bool mask (over `piece`, the bool ink of a pen piece the strip gave back past a typed
    row's end, its top-left at `origin` in page pixels) of the letter cells (the row's `pitch`,
    from the row's end outwards) that hold no typed glyph: from the first of STEM_BARE cells
    in a row without a straight stem or bar (`straight_runs`) on, or of the bare cells that
    end the piece past an empty cell, or that end it against the row with ink too short to be
    a glyph of the row (`GLYPH_SPAN` of `glyph_h`, its letters' median height; the row's
    height when not given). None when there are none.

    A strip gives back the signature's last garlands beside a typed name with the name's
    first letters the pen ran into; the letters sit on the row's grid and have upright stems
    and flat bars, the garlands slant and curve. A tick stands apart from the row it marks,
    a cell or two of no stem: a typed letter the pen ran into lies against its word, and
    spans the row's height."""
    ry0, ry1, rx0, rx1 = row
    ox, oy = origin
    _, w = piece.shape
    band = piece.copy()
    # Only the ink within the row's height counts: a glyph's stem lies there.
    band[:max(0, int(ry0) - oy)] = False
    band[max(0, int(np.ceil(ry1)) - oy):] = False
    thick = STEM_THICK * xh
    cols = (straight_runs(band, max(3, int(STEM_V * xh)), True, thick, piece & ~band)
            | straight_runs(band, max(3, int(STEM_H * pitch)), False, thick))
    left = ox + w <= rx0
    p = max(1.0, pitch)
    bare: list[tuple[int, int]] = []
    # Whether the bare cells so far lie past an empty cell, with no glyph between; whether no
    # empty cell lies between them and the row's end (the piece lies against the row).
    apart, against = False, True
    k = 1
    while True:
        a, b = (rx0 - k * p, rx0 - (k - 1) * p) if left else (rx1 + (k - 1) * p, rx1 + k * p)
        ca, cb = max(0, round(a) - ox), min(w, round(b) - ox)
        if (left and cb <= 0) or (not left and ca >= w):
            tall = ry1 - ry0 if glyph_h is None else glyph_h
            if bare and (apart or (against and all(_short(band[:, c0:c1], tall)
                                                   for c0, c1 in bare))):
                return _pen_from(piece, bare[0], left)
            return None
        if cb > ca and band[:, ca:cb].any():
            if cols[ca:cb].any():
                bare, apart = [], False
            else:
                bare = bare + [(ca, cb)]
            # A typed letter with neither (an А, an О) is one cell; a pen's garland runs on.
            if len(bare) == STEM_BARE:
                return _pen_from(piece, bare[0], left)
        elif not bare:
            apart, against = True, False
        k += 1


def _short(cell: np.ndarray, glyph_h: float) -> bool:
    """Whether the ink of a letter cell (bool, the row's height band of a pen piece) spans
    less than GLYPH_SPAN of the row's letters' height `glyph_h`: no typed glyph of the row
    is that short, a garland's last stroke ending against the name often is."""
    rows = np.flatnonzero(cell.any(axis=1))
    return len(rows) == 0 or rows[-1] - rows[0] + 1 < GLYPH_SPAN * glyph_h


def _pen_from(piece: np.ndarray, cell: tuple[int, int], left: bool) -> np.ndarray:
    """Bool mask of `piece`'s ink from the bare `cell` (its columns a, b) outwards, away from
    the row (to its `left` or right)."""
    out = np.zeros(piece.shape, bool)
    if left:
        out[:, :cell[1]] = piece[:, :cell[1]]
    else:
        out[:, cell[0]:] = piece[:, cell[0]:]
    return out


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
