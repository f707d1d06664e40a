"""Rotations of a page image together with the matrices that move coordinates with them.

Matrices are 2x3, in pixel-edge coordinates (a pixel spans [x, x+1)), so a box [x0, x1)
maps exactly; OpenCV's own matrices are in pixel-centre coordinates and are converted.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def quarter_turn(image: np.ndarray, clockwise: int) -> tuple[np.ndarray, np.ndarray]:
    """(image turned clockwise by 0/90/180/270 degrees, 2x3 forward matrix old -> new)."""
    h, w = image.shape[:2]
    turns = {
        0: [[1, 0, 0], [0, 1, 0]],
        90: [[0, -1, h], [1, 0, 0]],     # (x, y) -> (h - y, x)
        180: [[-1, 0, w], [0, -1, h]],   # (x, y) -> (w - x, h - y)
        270: [[0, 1, 0], [-1, 0, w]],    # (x, y) -> (y, w - x)
    }
    if clockwise not in turns:
        raise ValueError(f"not a quarter turn: {clockwise}")
    out = image if clockwise == 0 else cv2.rotate(image, _ROTATE[clockwise])
    return np.ascontiguousarray(out), np.array(turns[clockwise], dtype=float)


def small_rotation(width: int, height: int, ccw_deg: float) -> tuple[np.ndarray, int, int]:
    """(OpenCV 2x3 matrix, canvas width, canvas height) of `rotate_small` for a width x height image."""
    m = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), ccw_deg, 1.0)
    c, s = abs(math.cos(math.radians(ccw_deg))), abs(math.sin(math.radians(ccw_deg)))
    nw, nh = int(math.ceil(width * c + height * s)), int(math.ceil(width * s + height * c))
    m[0, 2] += (nw - width) / 2.0
    m[1, 2] += (nh - height) / 2.0
    return m, nw, nh


def rotate_small(image: np.ndarray, ccw_deg: float, fill: int | tuple[int, ...]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(image rotated counter-clockwise by `ccw_deg` on a canvas holding all of it, 2x3 forward matrix).

    The canvas grows so no corner is cut; new area takes the colour `fill` (the paper).
    """
    h, w = image.shape[:2]
    m, nw, nh = small_rotation(w, h, ccw_deg)
    out = cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    # centre coordinates p_c = p_e - 0.5 on both sides: t_edge = t + 0.5 - A @ (0.5, 0.5)
    fwd = m.copy()
    fwd[:, 2] = m[:, 2] + 0.5 - m[:, :2] @ np.array([0.5, 0.5])
    return out, fwd


def rotated_rows(image: np.ndarray, ccw_deg: float, fill: int | tuple[int, ...], y0: int, y1: int
                 ) -> np.ndarray:
    """Rows [y0, y1) of `rotate_small(image, ccw_deg, fill)[0]`, without rendering the rest."""
    h, w = image.shape[:2]
    m, nw, _ = small_rotation(w, h, ccw_deg)
    m[1, 2] -= y0  # the output's first row is the canvas's row y0
    return cv2.warpAffine(image, m, (nw, max(0, y1 - y0)), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def paper_colour(image: np.ndarray) -> int | tuple[int, ...]:
    """The median colour of the image (the paper, on a page that is mostly paper)."""
    sample = image[::8, ::8]
    if image.ndim == 2:
        return int(np.median(sample))
    return tuple(int(v) for v in np.median(sample.reshape(-1, image.shape[2]), axis=0))
