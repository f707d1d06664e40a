"""How the sheet lies on the scanner (skew, then a quarter turn) and where its ink lands:
the image transform and the same transform for points, so truth boxes follow the pixels."""

from __future__ import annotations

import cv2
import numpy as np


def skew_matrix(width: int, height: int, skew_deg: float) -> np.ndarray:
    """2x3 matrix turning the upright sheet by `skew_deg` (counter-clockwise as viewed) about its centre."""
    return cv2.getRotationMatrix2D((width / 2 - 0.5, height / 2 - 0.5), skew_deg, 1.0)


def place_sheet(img: np.ndarray, skew_deg: float, rotation: int, border: int = 0,
                background: tuple[float, float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sheet `img` (H x W x 3 float) on the scanner: `border` pixels of `background` around
    it (none by default), skewed, then turned counter-clockwise by `rotation` degrees (so
    turning the result clockwise by `rotation` makes it upright). Returns the image and the
    2x3 matrix from sheet pixels to skewed pixels (before the quarter turn)."""
    if border:
        img = cv2.copyMakeBorder(img, border, border, border, border, cv2.BORDER_CONSTANT,
                                 value=tuple(float(v) for v in background))
    h, w = img.shape[:2]
    m = skew_matrix(w, h, skew_deg)
    m_sheet = m.copy()
    m_sheet[:, 2] += m[:, :2] @ np.array([border, border], np.float64)
    if skew_deg:
        # The corners the turn uncovers show the scanner's lid, or more paper when none shows.
        fill = tuple(float(v) for v in (background if border else img[5, w // 2]))
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    if rotation:
        img = np.ascontiguousarray(np.rot90(img, k=rotation // 90))
    return img, m_sheet


def map_points(points: np.ndarray, m: np.ndarray, rotation: int, width: int, height: int) -> np.ndarray:
    """Pixel centres of the upright sheet (N x 2, x/y) moved as `place_sheet` moves the pixels;
    `width` and `height` are those of the skewed image before its quarter turn."""
    pts = points @ m[:, :2].T + m[:, 2]
    x, y = pts[:, 0], pts[:, 1]
    # np.rot90 turns the image counter-clockwise k times.
    if rotation == 90:
        x, y = y, (width - 1) - x
    elif rotation == 180:
        x, y = (width - 1) - x, (height - 1) - y
    elif rotation == 270:
        x, y = (height - 1) - y, x
    return np.stack([x, y], axis=1)


def box_of(points: np.ndarray, margin: float, width: int, height: int) -> tuple[list[int] | None, bool]:
    """The [x0, y0, x1, y1) box holding pixel centres `points` plus `margin`, cut to the image;
    None when nothing is left, and whether the ink reached past the image's edge."""
    x0 = max(0, int(np.floor(points[:, 0].min() - 0.5 - margin)))
    y0 = max(0, int(np.floor(points[:, 1].min() - 0.5 - margin)))
    x1 = min(width, int(np.ceil(points[:, 0].max() + 0.5 + margin)))
    y1 = min(height, int(np.ceil(points[:, 1].max() + 0.5 + margin)))
    clipped = bool(points[:, 0].min() < 0 or points[:, 1].min() < 0
                   or points[:, 0].max() > width - 1 or points[:, 1].max() > height - 1)
    if x1 <= x0 or y1 <= y0:
        return None, clipped
    return [x0, y0, x1, y1], clipped
