"""Repaint stamp ink out of the gray image so the typed text under a stamp is read."""

from __future__ import annotations

import cv2
import numpy as np


def repaint(gray: np.ndarray, remove: np.ndarray) -> np.ndarray:
    """A copy of `gray` with pixels under `remove` (255) replaced by the surrounding paper tone.

    Pixels that are typed ink stay: `remove` must already exclude them (coloured ink only).
    """
    out = gray.copy()
    if not remove.any():
        return out
    # Paper tone from a wide max filter over the gray image: the stamp ink is thin, so the
    # brightest value nearby is paper, and this follows uneven illumination.
    k = 15
    paper = cv2.dilate(gray, np.ones((k, k), np.uint8))
    paper = cv2.blur(paper, (k, k))
    sel = remove > 0
    out[sel] = paper[sel]
    return out


def removal_mask(colour: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """uint8 mask (255) of coloured ink inside the given (x0, y0, x1, y1) boxes, grown by 1 px
    to take the anti-aliased rim of each stroke along."""
    out = np.zeros_like(colour)
    for x0, y0, x1, y1 in boxes:
        out[y0:y1, x0:x1] = colour[y0:y1, x0:x1]
    return cv2.dilate(out, np.ones((3, 3), np.uint8))
