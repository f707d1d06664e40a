"""Grayscale, illumination flattening and binarisation of a page image."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.bands import labelled


def to_gray(image: np.ndarray) -> np.ndarray:
    """A uint8 gray copy of a uint8 gray (H, W) or RGB (H, W, 3) image."""
    if image.ndim == 2:
        return image.copy()
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    raise ValueError(f"not a gray or RGB image: shape {image.shape}")


def flatten_illumination(gray: np.ndarray, stroke_px: int = 12) -> np.ndarray:
    """`gray` divided by its estimated paper background, so paper is ~255 everywhere.

    The background is a gray closing (max-like filter) wider than any stroke, taken on a
    quarter-size image for speed, so ink vanishes from it and only lighting and paper remain.
    """
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(3, (2 * stroke_px) // 4 * 2 + 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = cv2.blur(bg, (k, k))
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    # The quotient of two uint8 images takes 65536 values: a table indexed by the pixel pair
    # (bg in the high byte, gray in the low) gives `_divided` bit for bit, in half the time.
    pairs = cv2.merge([np.ascontiguousarray(gray), bg]).view("<u2")[:, :, 0]
    return _QUOTIENT[pairs]


def _divided(gray: np.ndarray, bg: np.ndarray) -> np.ndarray:
    """255 * gray / bg in float32, clipped and truncated to uint8 (bg below 1 counts as 1)."""
    out = gray.astype(np.float32) * 255.0 / np.maximum(bg.astype(np.float32), 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


_LEVELS = np.arange(256, dtype=np.uint8)
# Row = background level, column = gray level.
_QUOTIENT = _divided(_LEVELS[None, :], _LEVELS[:, None]).ravel()


def ink_threshold(gray: np.ndarray) -> float:
    """Gray level at or below which a pixel is ink: Otsu's, but never inside the paper's noise.

    Otsu alone splits the paper's own noise when ink covers only a few per cent of a noisy
    page; the paper level (median) minus four robust sigmas of it bounds the threshold.
    """
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    sample = gray[::4, ::4] if gray.size > 1_000_000 else gray
    # Medians of 256 levels from the histogram: the same values as sorting the pixels.
    counts = np.bincount(sample.ravel(), minlength=256)
    paper = _weighted_median(_LEVELS.astype(np.float64), counts)
    sigma = 1.4826 * _weighted_median(np.abs(_LEVELS.astype(np.float32) - np.float32(paper)), counts)
    return min(float(otsu), paper - 4.0 * max(sigma, 2.0))


def median_level(pixels: np.ndarray) -> float:
    """np.median of uint8 `pixels` (any shape, not empty), from their histogram."""
    return _weighted_median(_LEVELS.astype(np.float64), np.bincount(pixels.ravel(), minlength=256))


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    """np.median of the multiset holding `counts[i]` copies of `values[i]` (counts not all 0)."""
    order = np.argsort(values, kind="stable")
    v, c = values[order], np.cumsum(counts[order])
    n = int(c[-1])
    # The middle element(s), 0-based ranks (n - 1) // 2 and n // 2, averaged as np.median does.
    lo = float(v[np.searchsorted(c, (n - 1) // 2, side="right")])
    hi = float(v[np.searchsorted(c, n // 2, side="right")])
    return (lo + hi) / 2


def otsu_ink_threshold(gray: np.ndarray) -> tuple[np.ndarray, float | None]:
    """(ink mask by `ink_threshold`, the threshold); all paper and None for a flat image."""
    if int(gray.max()) - int(gray.min()) < 16:
        return np.zeros_like(gray), None
    threshold = ink_threshold(gray)
    return at_or_below(gray, threshold), threshold


def at_or_below(gray: np.ndarray, level: float) -> np.ndarray:
    """uint8 mask (255) of the pixels of uint8 `gray` whose value is at most `level`."""
    if level < 0:
        return np.zeros_like(gray)
    # For integer pixels, `<= level` is `<= floor(level)`, which is what OpenCV's threshold uses.
    return cv2.threshold(gray, float(np.floor(level)), 255, cv2.THRESH_BINARY_INV)[1]


def otsu_ink(gray: np.ndarray) -> np.ndarray:
    """Ink mask (uint8, 255 = ink) by `ink_threshold`; all paper for a flat image."""
    return otsu_ink_threshold(gray)[0]


def sauvola_ink(gray: np.ndarray, window: int = 31, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Ink mask (uint8, 255 = ink) by Sauvola's local threshold T = m (1 + k (s / r - 1))."""
    g = gray.astype(np.float64)
    win = (window | 1, window | 1)
    mean = cv2.boxFilter(g, -1, win, borderType=cv2.BORDER_REFLECT)
    sq = cv2.boxFilter(g * g, -1, win, borderType=cv2.BORDER_REFLECT)
    std = np.sqrt(np.maximum(sq - mean * mean, 0.0))
    thresh = mean * (1.0 + k * (std / r - 1.0))
    return np.where(g < thresh, 255, 0).astype(np.uint8)


def denoise(gray: np.ndarray) -> np.ndarray:
    """`gray` with salt-and-pepper and sensor noise reduced by a 3x3 median, edges kept."""
    return cv2.medianBlur(gray, 3)


def _large(stats: np.ndarray, h: int, w: int, max_share: float) -> np.ndarray:
    """Which components are shadows, page edges or dark borders rather than writing."""
    cw, ch = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    touches = (x0 == 0) | (y0 == 0) | (x0 + cw == w) | (y0 + ch == h)
    return (((cw > max_share * w) & (ch > max_share * h)) | (ch > 0.5 * h)
            | ((cw > 0.5 * w) & (ch > 0.02 * h))
            | (touches & ((cw > 0.3 * w) | (ch > 0.3 * h))))


def filter_components(ink: np.ndarray, min_area: int = 6, max_share: float = 0.12) -> np.ndarray:
    """`ink` without specks under `min_area` pixels and without scanner shadows and page edges.

    A shadow or border (taller and wider than `max_share` of the page, or touching its edge and
    spanning a third of it) is level with the scanner, not with the sheet, and would pull skew
    and layout. Text lines, rules and stamps stay (a full-width rule is wide but thin).
    """
    return filter_components_stats(ink, min_area, max_share)[0]


def filter_components_stats(ink: np.ndarray, min_area: int = 6, max_share: float = 0.12
                            ) -> tuple[np.ndarray, np.ndarray]:
    """(`filter_components` of `ink`, the stats rows x0, y0, w, h, area of the components it
    keeps): whole components are dropped, so those are the kept ink's own components."""
    n, labels, stats = labelled(ink)
    h, w = ink.shape
    drop = (stats[:, cv2.CC_STAT_AREA] < min_area) | _large(stats, h, w, max_share)
    drop[0] = False
    if not drop[1:].any():
        return ink, stats[1:]
    keep = np.where(drop, 0, 255).astype(np.uint8)
    keep[0] = 0  # the background
    # uint8 gather over a label image: the cheapest way to paint many components at once
    return keep[labels], stats[1:][~drop[1:]]


def ink_and_threshold(flat: np.ndarray, min_area: int = 6) -> tuple[np.ndarray, float | None]:
    """(ink (uint8, 255 = ink), the gray threshold used) of an illumination-flattened image."""
    ink, threshold = otsu_ink_threshold(denoise(flat))
    return filter_components(ink, min_area), threshold


def ink_from_flat(flat: np.ndarray, min_area: int = 6) -> np.ndarray:
    """Ink (uint8, 255 = ink) of an illumination-flattened gray image."""
    return ink_and_threshold(flat, min_area)[0]


def ink_mask(gray: np.ndarray, min_area: int = 6) -> np.ndarray:
    """The page's ink (uint8, 255 = ink): flattened, median-denoised, Otsu, specks and shadows removed."""
    return ink_from_flat(flatten_illumination(gray), min_area)


def ink_mask_stats(gray: np.ndarray, min_area: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """(`ink_mask` of `gray`, stats rows x0, y0, w, h, area of its 8-connected components), the
    labelling that filtered it reused (a page-sized labelling costs as much as the rest)."""
    ink, _ = otsu_ink_threshold(denoise(flatten_illumination(gray)))
    return filter_components_stats(ink, min_area)


# A speck is at most this share of the type's glyph height on either side, and stands clear
# of any other ink by this many glyph heights along the line and across it: a stop or a
# comma stands within a typed pitch of its letter (a monospace face centres it in its cell),
# the dots of `ё` and `:` a fraction of a glyph over each other; dust and foxing stand alone.
# Dev pages (no marks), specks whitened in clean: heavy 3.55 -> 2.96% CER, gray 1.47 -> 1.32,
# clean and 200 dpi unchanged; held-out seeds 1012-1019: heavy 4.76 -> 4.38, gray 1.48 -> 1.24.
SPECK_SIZE = 0.3
SPECK_CLEAR_ALONG = 1.5
SPECK_CLEAR_ACROSS = 0.5
# A stop typed letter-spaced (`в " .`) stands farther from its letters, but on their baseline:
# a piece with ink this many glyph heights beside it, in a band this high over its foot, is
# a stop on a line (dust between lines has the empty gap beside it).
BASELINE_ALONG = 3.0
BASELINE_BAND = 0.25


def type_height(stats: np.ndarray, max_height: int = 200) -> float:
    """Median height of the glyph-like components among connected-component `stats` rows
    (x0, y0, w, h, area; background excluded), none taller than `max_height`; 0 without any."""
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    # Dots, commas and long rules say nothing about the type size.
    ok = (h >= 6) & (w <= 4 * h) & (h <= max_height)
    return float(np.median(h[ok])) if ok.any() else 0.0


def isolated_specks(dark: np.ndarray, glyph_px: float | None = None) -> np.ndarray:
    """uint8 mask (255) of the pieces of `dark` (uint8, 255 = dark) no larger than SPECK_SIZE
    glyph heights with no other dark pixel within SPECK_CLEAR_ALONG glyph heights beside their
    box or SPECK_CLEAR_ACROSS above and below it, nor on its baseline within BASELINE_ALONG
    (on a level page); the glyph height is
    `type_height` of `dark`'s pieces unless given; all 0 when it is unknown (0)."""
    if not cv2.countNonZero(dark):
        return np.zeros_like(dark)
    n, labels, stats = labelled(dark)
    if glyph_px is None:
        glyph_px = type_height(stats[1:])
    size = int(SPECK_SIZE * glyph_px)
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    small = (w <= size) & (h <= size)
    small[0] = False
    if size < 1 or not small.any():
        return np.zeros_like(dark)
    # Dark pixels in the box grown by the clearance (a summed-area table: one pass for all
    # pieces): a piece alone there holds all of them.
    table = cv2.integral((dark > 0).view(np.uint8))
    rows, cols = dark.shape
    ks = np.flatnonzero(small)
    gx, gy = int(SPECK_CLEAR_ALONG * glyph_px), int(SPECK_CLEAR_ACROSS * glyph_px)
    x0, x1 = np.maximum(0, x[ks] - gx), np.minimum(cols, x[ks] + w[ks] + gx)
    y0, y1 = np.maximum(0, y[ks] - gy), np.minimum(rows, y[ks] + h[ks] + gy)
    around = table[y1, x1] - table[y0, x1] - table[y1, x0] + table[y0, x0]
    foot = y[ks] + h[ks]
    bx = int(BASELINE_ALONG * glyph_px)
    bx0, bx1 = np.maximum(0, x[ks] - bx), np.minimum(cols, x[ks] + w[ks] + bx)
    by0 = np.maximum(0, foot - max(1, int(BASELINE_BAND * glyph_px)))
    # The band holds the piece's own pixels there (at most its area) and any stop's line.
    band = table[foot, bx1] - table[by0, bx1] - table[foot, bx0] + table[by0, bx0]
    alone = np.zeros(n, dtype=bool)
    alone[ks] = (around == stats[ks, cv2.CC_STAT_AREA]) & (band <= stats[ks, cv2.CC_STAT_AREA])
    keep = np.where(alone, 255, 0).astype(np.uint8)
    return keep[labels]
