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

from pipeline.imaging.bands import dilate_sparse, ink_bands
from pipeline.imaging.bands import labelled as _labelled
from pipeline.model import BBox


@dataclass
class Blob:
    """A candidate group of ink in working coordinates; `labels` index the component image."""

    box: BBox
    labels: list[int] = field(default_factory=list)
    coloured: bool = False
    # One long stroke cut out of the plain ink (`long_strokes`): an underline or a rule.
    stroke: bool = False


def components(ink: np.ndarray, min_area: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(label image, stats rows x0,y0,w,h,area) of 8-connected ink components; specks dropped."""
    # Any nonzero pixel is foreground to OpenCV: a uint8 mask is labelled as it is, uncopied.
    src = ink if ink.dtype == np.uint8 and ink.flags.c_contiguous else (ink > 0).astype(np.uint8)
    _, labels, stats = _labelled(src)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < min_area)
    _erase(labels, stats, small[small > 0])
    stats = stats.copy()
    stats[0] = 0
    stats[small] = 0
    return labels, stats


def _erase(labels: np.ndarray, stats: np.ndarray, ids: np.ndarray) -> None:
    """Set the pixels of components `ids` to 0 in `labels` (in place), looked for only in their
    boxes: specks and rules are a small part of the page, which a lookup over every pixel of
    the label image is not."""
    if not len(ids):
        return
    st = stats[ids]
    area = st[:, cv2.CC_STAT_WIDTH].astype(np.int64) * st[:, cv2.CC_STAT_HEIGHT]
    if int(area.sum()) > labels.size // 4:
        labels[np.isin(labels, ids)] = 0  # big boxes: one pass over the page is cheaper
        return
    if int(st[:, cv2.CC_STAT_WIDTH].max()) * int(st[:, cv2.CC_STAT_HEIGHT].max()) <= 64:
        # Many small boxes (specks) at once: every offset inside the largest box.
        hmax, wmax = int(st[:, cv2.CC_STAT_HEIGHT].max()), int(st[:, cv2.CC_STAT_WIDTH].max())
        dy, dx = np.divmod(np.arange(hmax * wmax), wmax)
        inside = (dy[None, :] < st[:, 3, None]) & (dx[None, :] < st[:, 2, None])
        ys = (st[:, 1, None] + dy[None, :])[inside]
        xs = (st[:, 0, None] + dx[None, :])[inside]
        own = labels[ys, xs] == np.repeat(ids, inside.sum(axis=1))
        labels[ys[own], xs[own]] = 0
        return
    for k, (x, y, w, h) in zip(ids, st[:, :4]):
        box = labels[y:y + h, x:x + w]
        box[box == k] = 0


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
        _erase(labels, stats, bad)
        stats[bad] = 0


def _group(stats: np.ndarray, ids: np.ndarray, shape: tuple[int, int], gap_x: int, gap_y: int,
           labels: np.ndarray) -> list[list[int]]:
    """Groups of component ids whose boxes come within (gap_x, gap_y) of each other."""
    if not len(ids):
        return []
    # Boxes are painted on the part of the page they span (plus the gap): a handful of coloured
    # components need no page-sized canvas, and the groups are the same.
    st = stats[ids]
    h_img, w_img = shape
    ox, oy = max(0, int(st[:, 0].min()) - gap_x - 1), max(0, int(st[:, 1].min()) - gap_y - 1)
    ex = min(w_img, int((st[:, 0] + st[:, 2]).max()) + gap_x + 1)
    ey = min(h_img, int((st[:, 1] + st[:, 3]).max()) + gap_y + 1)
    canvas = np.zeros((ey - oy, ex - ox), np.uint8)
    # Each box painted grown by the gap: the dilation of the painted boxes by the gap's
    # rectangle, without a pass over the canvas (plain ints: numpy scalars are slow to index).
    for x, y, w, h in st[:, :4].tolist():
        canvas[max(0, y - oy - gap_y):y - oy + h + gap_y,
               max(0, x - ox - gap_x):x - ox + w + gap_x] = 255
    # Only which boxes share a group counts (groups come in the order of `ids`), and typed
    # lines leave blank rows between them: the canvas is labelled band by band.
    _, groups, _ = _labelled(canvas)
    out: dict[int, list[int]] = {}
    for g, i in zip(groups[st[:, 1] - oy, st[:, 0] - ox].tolist(), ids.tolist()):
        out.setdefault(g, []).append(i)
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
        # The opening (`cv2.MORPH_OPEN`: this erosion, then the dilation by the same kernel):
        # what survives the erosion is a few strokes, so only their bands are dilated.
        dilate_sparse(_eroded(ink, kernel), kernel, opened)
    opened &= ink  # an asymmetric kernel's opening can spill a pixel past the ink
    bands = ink_bands(opened)
    if not bands:
        return opened
    # Components picked by a lookup table gathered over the label image (uint8 out, nothing
    # page-sized in between: `np.isin` over a label image made the stage's largest temporaries).
    _, lab, st = _labelled(opened)
    lut = np.where(st[:, cv2.CC_STAT_WIDTH] >= STROKE_MIN_LEN * xh, 255, 0).astype(np.uint8)
    lut[0] = 0
    # Only strokes on ink no taller than a typed line and its underline are cut out: the
    # sides of a stamp's frame or a signature's flourish stay with the rest of their ink.
    lut[_on_tall_ink(ink, lab, st, np.flatnonzero(lut), STROKE_MAX_HOST * xh)] = 0
    keep = np.zeros_like(ink)
    for x0, y0, x1, y1 in bands:  # every label lies in a band of `opened`
        keep[y0:y1, x0:x1] = lut[lab[y0:y1, x0:x1]]
    del lab
    # Take the stroke's full thickness along, not just the rows the opening kept.
    out = np.zeros_like(ink)
    dilate_sparse(keep, np.ones((3, 3), np.uint8), out)
    return cv2.bitwise_and(out, ink, dst=out)


# A pen line is drawn by hand: the middle of its ink strays from any smooth bow through it by
# a tenth of its width or so (a hand's tremor: 0.10-0.18 on the census's missed pen underlines).
# A form's printed rule or a typed underscore run is straight, and a stamp ring's arc cut off
# as a stroke is a smooth bow: within a twentieth on clean pages, up to 0.08 where a stamp or a
# heavy scan's grain roughens the edge.
HAND_WAVER = 0.09


def waver(stroke: np.ndarray) -> float:
    """How far a long stroke's middle line strays from a smooth bow, in widths of the stroke.

    `stroke` is a boolean mask of one near-horizontal stroke. Each inked column's ink centre
    is fitted with a parabola (a straight line, a slope or a gentle bow all fit it); the
    spread of the centres about it is divided by the stroke's mean width (ink per column), so
    a thick rule's ragged edge counts no more than a thin one's.
    """
    ys, xs = np.nonzero(stroke)
    count = np.bincount(xs)
    cols = np.flatnonzero(count)
    if len(cols) < 4:
        return 0.0
    centre = np.bincount(xs, weights=ys)[cols] / count[cols]
    bow = np.polyval(np.polyfit(cols, centre, 2), cols)
    return float(np.std(centre - bow) / count[cols].mean())


def hand_drawn(stroke: np.ndarray) -> bool:
    """Whether a long stroke (boolean mask) wavers as a pen line does (`HAND_WAVER`)."""
    return waver(stroke) >= HAND_WAVER


# An underline lies under writing: ink stands within this many letter heights above it over
# this share of its length (a typed word's letters, 0.46 for a letter-spaced heading). A
# sheet's torn edge or a crease on a real scan wavers too, with little or nothing above it.
UNDERLINE_REACH = 1.5
UNDERLINED_SHARE = 0.4


def pen_underline(labels: np.ndarray, blob: Blob, xh: float) -> bool:
    """Whether a long stroke's blob (`labels`: the page's component labels, `xh` the letter
    height) is a hand's underline: it wavers (`hand_drawn`) under a line of writing."""
    x0, y0, x1, y1 = (int(v) for v in (blob.box.x0, blob.box.y0, blob.box.x1, blob.box.y1))
    above = labels[max(0, y0 - round(UNDERLINE_REACH * xh)):y0, x0:x1]
    if not above.size or (above > 0).any(axis=0).mean() < UNDERLINED_SHARE:
        return False
    return hand_drawn(np.isin(labels[y0:y1, x0:x1], np.asarray(blob.labels, np.int32)))


def _eroded(ink: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """`cv2.erode(ink, kernel)` (default anchor and border), worked on the bands of rows within
    the kernel's height of ink or of the image's top or bottom edge.

    Elsewhere a pixel's window lies in blank rows of the image (a kernel point in every
    column keeps one in it), so it erodes to 0; a band's rows read only rows inside the
    band grown by the kernel's height again, so they erode as on the whole page.
    """
    kh, h = kernel.shape[0], ink.shape[0]
    near = ink.max(axis=1) > 0  # numpy's reduction: cv2.reduce is far slower
    near[:kh] = near[h - kh:] = True  # the page's border reads as ink to an erosion
    rows = np.flatnonzero(near)
    cut = np.flatnonzero(np.diff(rows) > 4 * kh + 1)
    out = np.zeros_like(ink)
    for a, b in zip(rows[np.r_[0, cut + 1]].tolist(), (rows[np.r_[cut, len(rows) - 1]] + 1).tolist()):
        y0, y1 = max(0, a - 2 * kh), min(h, b + 2 * kh)
        w0, w1 = max(0, a - kh), min(h, b + kh)
        out[w0:w1] = cv2.erode(ink[y0:y1], kernel)[w0 - y0:w1 - y0]
    return out


# Flood fills give each stroke's host; beyond this many hosts one labelling of the ink is cheaper.
_MAX_FILLS = 250


def _on_tall_ink(ink: np.ndarray, lab: np.ndarray, st: np.ndarray, ids: np.ndarray,
                 max_height: float) -> np.ndarray:
    """The `ids` (labels of `lab`, stats `st`, all inside `ink`) whose 8-connected component
    of `ink` is taller than `max_height` px.

    A stroke is connected and lies in the ink, so all of it lies in one component of the ink:
    that component is flood-filled from the stroke's first pixel, not the whole page labelled.
    """
    if len(ids) > _MAX_FILLS:
        _, host, hst, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        tall = hst[:, cv2.CC_STAT_HEIGHT] > max_height
        tall[0] = False
        out = np.zeros(len(st), bool)
        for i in ids:
            x, y, w = (int(v) for v in st[i, :3])
            first = x + int(np.argmax(lab[y, x:x + w] == i))
            out[i] = tall[host[y, first]]
        return ids[out[ids]]
    if not len(ids):
        return ids
    filled = np.zeros((ink.shape[0] + 2, ink.shape[1] + 2), np.uint8)
    heights: list[int] = []
    tall_ids = []
    for i in ids:
        x, y, w = (int(v) for v in st[i, :3])
        # The top row of a component's box holds one of its pixels.
        first = x + int(np.argmax(lab[y, x:x + w] == i))
        mark = int(filled[y + 1, first + 1])
        if not mark:
            seed = int(ink[y, first])
            # Fixed range [1, 255] around the seed: any nonzero pixel is ink, as in labelling.
            _, _, _, rect = cv2.floodFill(ink, filled, (first, y), 0, seed - 1, 255,
                                          8 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE
                                          | ((len(heights) + 1) << 8))
            heights.append(int(rect[3]))
            mark = len(heights)
        if heights[mark - 1] > max_height:
            tall_ids.append(int(i))
    return np.asarray(tall_ids, dtype=np.int64)


def _components_if_any(mask: np.ndarray, min_area: int = 3) -> tuple[np.ndarray | None, np.ndarray]:
    """`components` of a mask, or (None, the one all-zero stats row) when it has no ink (a gray
    page's coloured ink, a page without rules): no page-sized label image of zeros."""
    if cv2.countNonZero(mask):
        return components(mask, min_area)
    return None, np.zeros((1, 5), np.int32)


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
    lab_s, st_s = _components_if_any(strokes)
    lab_c, st_c = _components_if_any(coloured, min_area=6)
    drop_borders(lab_p, st_p, xh)
    for lab, st in ((lab_s, st_s), (lab_c, st_c)):
        if lab is not None:
            drop_borders(lab, st, xh)
    # One label space: stroke and then coloured components follow the plain ones.
    off_s = len(st_p)
    offset = off_s + len(st_s)
    # Filled in place: one page-sized int32 array, not one per step (the marks stage is where a
    # worker's memory peaks). The plain labels are that array: nothing reads them apart later.
    labels = lab_p
    for lab, off in ((lab_s, off_s), (lab_c, offset)):
        if lab is not None:
            on = lab > 0
            labels[on] = lab[on] + off
            del on
    stats = np.vstack([st_p, st_s, st_c])
    shape = ink.shape
    blobs: list[Blob] = []
    ids_p = np.flatnonzero(st_p[:, cv2.CC_STAT_AREA] > 0)
    for grp in _group(st_p, ids_p, shape, max(1, int(0.45 * xh)), max(1, int(0.05 * xh)), lab_p):
        blobs.append(Blob(_box_of(st_p, grp), grp))
    ids_s = np.flatnonzero(st_s[:, cv2.CC_STAT_AREA] > 0)
    for i in ids_s:
        blobs.append(Blob(_box_of(st_s, [int(i)]), [int(i) + off_s], stroke=True))
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
