"""One scale-free feature vector per candidate blob: size, density, stroke width and its
variation, stroke direction (typewriter strokes are axis-aligned, pen strokes slant and
curve), size regularity, baseline alignment, frame-likeness (ink near the border, a ring round the
inscribed ellipse, all four sides inked), colour and line context."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.bands import row_bands
from pipeline.marks.blobs import Blob

FEATURE_NAMES: tuple[str, ...] = (
    "log_h", "log_w", "log_aspect", "density", "comps_per_letter", "colour_frac",
    "stroke_w", "stroke_cv", "axis_aligned", "orient_entropy", "slant", "height_cv",
    "baseline_sd", "largest_share", "border_share", "ink_lightness", "ink_texture",
    "row_neighbours", "log_comps", "centre_wobble", "thickness_cv", "ring_cover", "frame_cover",
)

_BINS = 16
_SECTORS = 36


def _orientation_stats(gray: np.ndarray, near: np.ndarray) -> tuple[float, float, float]:
    """(axis-aligned share, orientation entropy, slant) of edge energy at pixels `near` ink.

    Worked in float64 with the histogram's bins centred on the axes and diagonals, so no bin edge
    lies at an angle integer gradients can make exactly (|gx| = |gy|): the last-bit differences of
    `arctan2` between numpy's SIMD paths (AVX2, AVX-512) then never move a pixel to another bin,
    and `make model` builds the same classifier on any x86 machine.
    """
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    # per pixel: only the pixels near ink are worked
    gx, gy = gx[near].astype(np.float64), gy[near].astype(np.float64)
    mag = np.hypot(gx, gy)
    if mag.size == 0 or mag.sum() <= 0:
        return 0.0, 0.0, 0.0
    ang = np.mod(np.arctan2(gy, gx), np.pi)  # edge normal direction, 0..pi
    weights = mag / mag.sum()
    # Within 8 degrees of the axes: typewriter stems and serifs after deskew.
    d_axis = np.minimum(np.abs(np.sin(ang)), np.abs(np.cos(ang)))
    axis = float(weights[d_axis < np.sin(np.radians(8))].sum())
    bins = np.floor(ang * (_BINS / np.pi) + 0.5).astype(np.intp) % _BINS
    hist = np.bincount(bins, weights=mag, minlength=_BINS)
    hist = hist[hist > 0] / hist.sum()
    entropy = float(-(hist * np.log(hist)).sum() / np.log(_BINS))
    # Slant of near-vertical strokes: the normals of stems within 40 degrees of horizontal.
    stems = np.abs(np.cos(ang)) > np.cos(np.radians(40))
    if weights[stems].sum() > 0:
        signed = np.arctan(np.tan(ang[stems]))
        slant = float(np.abs((weights[stems] * signed).sum() / weights[stems].sum()))
    else:
        slant = 0.0
    return axis, entropy, slant


def _ring_cover(mask: np.ndarray) -> float:
    """Share of the 36 angular sectors of the box's inscribed ellipse with ink on its rim.

    A round or oval stamp's ring runs all the way round (broken ink still leaves most
    sectors inked); a word, a signature or a number touches the rim here and there.
    """
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    if len(xs) == 0 or h < 4 or w < 4:
        return 0.0
    ex = (xs + 0.5 - w / 2) / (w / 2)
    ey = (ys + 0.5 - h / 2) / (h / 2)
    r = np.hypot(ex, ey)
    rim = (r >= 0.8) & (r <= 1.1)
    if not rim.any():
        return 0.0
    sector = ((np.arctan2(ey[rim], ex[rim]) + np.pi) / (2 * np.pi) * _SECTORS).astype(int) % _SECTORS
    # Sectors inked: nonzero bins of their count (what `np.unique` gives, without sorting).
    return float(np.count_nonzero(np.bincount(sector, minlength=_SECTORS)) / _SECTORS)


def _frame_cover(mask: np.ndarray) -> float:
    """Covered share of the least-inked side of the box, in a band along each side.

    A rectangular frame inks all four sides end to end; typed or written words leave their
    top (or a side) mostly bare between ascenders.
    """
    h, w = mask.shape
    if h < 4 or w < 4:
        return 0.0
    band = max(2, round(0.08 * min(h, w)))
    sides = (mask[:band].any(axis=0), mask[-band:].any(axis=0),
             mask[:, :band].any(axis=1), mask[:, -band:].any(axis=1))
    return float(min(side.mean() for side in sides))


def _column_profile(mask: np.ndarray, xh: float) -> tuple[float, float]:
    """(wobble of the ink's centre line about a straight fit / xh, CV of ink per column).

    A typed underscore or rule is dead straight and even; a pen line wanders and swells.
    """
    counts = mask.sum(axis=0).astype(np.float64)
    cols = np.flatnonzero(counts)
    if len(cols) < 3:
        return 0.0, 0.0
    rows = np.arange(mask.shape[0], dtype=np.float64)
    centre = (rows @ mask[:, cols]) / counts[cols]
    fit = np.polyval(np.polyfit(cols.astype(np.float64), centre, 1), cols)
    return float((centre - fit).std() / xh), float(counts[cols].std() / counts[cols].mean())


def blob_features(blob: Blob, labels: np.ndarray, stats: np.ndarray, gray: np.ndarray,
                  dist: np.ndarray, colour: np.ndarray, xh: float, ink_gray: float,
                  row_count: int) -> np.ndarray:
    """Feature vector (order of FEATURE_NAMES) of one blob; `dist` is the ink distance transform."""
    x0, y0, x1, y1 = (int(v) for v in (blob.box.x0, blob.box.y0, blob.box.x1, blob.box.y1))
    lab = labels[y0:y1, x0:x1]
    # A lookup table over the page's labels picks the blob's own ink (`np.isin` sorted per blob).
    own = np.zeros(len(stats), bool)
    own[np.asarray(blob.labels, dtype=np.intp)] = True
    mask = own[lab]
    n_ink = int(mask.sum())
    h, w = max(1, y1 - y0), max(1, x1 - x0)
    feats = dict.fromkeys(FEATURE_NAMES, 0.0)
    feats["log_h"] = np.log(h / xh)
    feats["log_w"] = np.log(w / xh)
    feats["log_aspect"] = np.log(w / h)
    feats["density"] = n_ink / (h * w)
    feats["comps_per_letter"] = len(blob.labels) / max(1.0, w / xh)
    feats["log_comps"] = np.log(len(blob.labels))
    if n_ink == 0:
        return np.array([feats[k] for k in FEATURE_NAMES], np.float32)
    feats["colour_frac"] = float((colour[y0:y1, x0:x1][mask] > 0).mean())
    d = dist[y0:y1, x0:x1]
    ridge = mask & (d >= cv2.dilate(d, np.ones((3, 3), np.uint8))) & (d > 0)
    widths = d[ridge] if ridge.any() else d[mask]
    feats["stroke_w"] = 2 * float(widths.mean()) / xh
    feats["stroke_cv"] = float(widths.std() / max(widths.mean(), 1e-6))
    gcrop = gray[y0:y1, x0:x1]
    near = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    feats["axis_aligned"], feats["orient_entropy"], feats["slant"] = _orientation_stats(gcrop, near)
    st = stats[np.asarray(blob.labels)]
    hs = st[:, cv2.CC_STAT_HEIGHT].astype(float)
    tall = hs >= 0.5 * xh
    if tall.sum() >= 2:
        feats["height_cv"] = float(hs[tall].std() / hs[tall].mean())
        bottoms = (st[tall, cv2.CC_STAT_TOP] + st[tall, cv2.CC_STAT_HEIGHT]).astype(float)
        feats["baseline_sd"] = float(bottoms.std() / xh)
    feats["largest_share"] = float(st[:, cv2.CC_STAT_AREA].max() / max(1, st[:, cv2.CC_STAT_AREA].sum()))
    bw = max(1, int(0.15 * min(h, w)))
    inner = mask[bw:h - bw, bw:w - bw].sum() if h > 2 * bw and w > 2 * bw else 0
    feats["border_share"] = float((n_ink - inner) / n_ink)
    vals = gcrop[mask].astype(np.float32)
    feats["ink_lightness"] = float((vals.mean() - ink_gray) / 64.0)
    feats["ink_texture"] = float(vals.std() / 64.0)
    feats["row_neighbours"] = float(np.log1p(row_count))
    feats["centre_wobble"], feats["thickness_cv"] = _column_profile(mask, xh)
    feats["ring_cover"] = _ring_cover(mask)
    feats["frame_cover"] = _frame_cover(mask)
    return np.array([feats[k] for k in FEATURE_NAMES], np.float32)


def row_counts(blobs: list[Blob], xh: float, among: list[Blob] | None = None) -> list[int]:
    """For each blob, how many other letter-height blobs, of `blobs` and the page's others
    `among`, share its text row (typed lines have many)."""
    among = blobs if among is None else among + blobs
    centres = np.array([(b.box.y0 + b.box.y1) / 2 for b in among])
    heights = np.array([b.box.height for b in among])
    lettery = (heights > 0.5 * xh) & (heights < 2.0 * xh)
    out = []
    for b in blobs:
        inside = (centres >= b.box.y0) & (centres < b.box.y1) & lettery
        out.append(max(0, int(inside.sum()) - 1))
    return out


def _distance(binary: np.ndarray) -> np.ndarray:
    """`cv2.distanceTransform(binary, cv2.DIST_L2, 3)`, worked on the bands of inked rows.

    Its two passes carry distances along rows and down (then up) the image; a band of whole
    rows starting and ending on a blank row (distance 0) takes nothing from the rows beyond
    it, so each band is as on the whole page, and blank rows are 0.
    """
    bands = row_bands(binary, 1)
    if bands is None:
        return cv2.distanceTransform(binary, cv2.DIST_L2, 3)
    dist = np.zeros(binary.shape, np.float32)
    for y0, y1 in bands:
        dist[y0:y1] = cv2.distanceTransform(binary[y0:y1], cv2.DIST_L2, 3)
    return dist


def page_features(blobs: list[Blob], labels: np.ndarray, stats: np.ndarray, gray: np.ndarray,
                  ink: np.ndarray, colour: np.ndarray, xh: float,
                  row_blobs: list[Blob] | None = None) -> np.ndarray:
    """(N, len(FEATURE_NAMES)) float32 features of every blob of a page; `row_blobs`: the
    page's other blobs, when `blobs` are a few judged apart from them (their row neighbours)."""
    if not blobs:
        return np.zeros((0, len(FEATURE_NAMES)), np.float32)
    # Any nonzero pixel is ink to OpenCV: a uint8 mask goes in as it is.
    binary = ink if ink.dtype == np.uint8 else (ink > 0).astype(np.uint8)
    dist = _distance(binary)
    inked = cv2.countNonZero(binary) > 0
    ink_gray = float(np.median(gray[::2, ::2][ink[::2, ::2] > 0])) if inked else 0.0
    rows = row_counts(blobs, xh, row_blobs)
    return np.stack([blob_features(b, labels, stats, gray, dist, colour, xh, ink_gray, r)
                     for b, r in zip(blobs, rows)])
