"""Grayscale, illumination flattening and binarisation of a page image."""

from __future__ import annotations

import cv2
import numpy as np


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
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) * 255.0 / np.maximum(bg, 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def ink_threshold(gray: np.ndarray) -> float:
    """Gray level at or below which a pixel is ink: Otsu's, but never inside the paper's noise.

    Otsu alone splits the paper's own noise when ink covers only a few per cent of a noisy
    page; the paper level (median) minus four robust sigmas of it bounds the threshold.
    """
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    sample = gray[::4, ::4] if gray.size > 1_000_000 else gray
    paper = float(np.median(sample))
    sigma = 1.4826 * float(np.median(np.abs(sample.astype(np.float32) - paper)))
    return min(float(otsu), paper - 4.0 * max(sigma, 2.0))


def otsu_ink_threshold(gray: np.ndarray) -> tuple[np.ndarray, float | None]:
    """(ink mask by `ink_threshold`, the threshold); all paper and None for a flat image."""
    if int(gray.max()) - int(gray.min()) < 16:
        return np.zeros_like(gray), None
    threshold = ink_threshold(gray)
    return np.where(gray <= threshold, 255, 0).astype(np.uint8), threshold


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
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    h, w = ink.shape
    drop = (stats[:, cv2.CC_STAT_AREA] < min_area) | _large(stats, h, w, max_share)
    drop[0] = False
    if not drop[1:].any():
        return ink
    keep = np.where(drop, 0, 255).astype(np.uint8)
    keep[0] = 0  # the background
    # uint8 gather over a label image: the cheapest way to paint many components at once
    return keep[labels]


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
