"""A gray stamp's ink divided out of the OCR image instead of whitened.

The marks stage's mask also covers the parts of typed letters that a stamp's ring or lettering
crosses, so whitening the mask cuts those letters. Ink darkens paper multiplicatively: where a
letter runs under the stamp a pixel is about paper x typing x stamp transmittance. Dividing the
stamp's own local transmittance out leaves paper where only the stamp was and the typing's own
darkness where a letter crosses it.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.binarize import ink_threshold

# Side (px) of the window over which a mark's own tone is averaged at each of its pixels: a
# few stroke widths, so a stamp's blotches and rim shading are followed but a typed letter
# crossing the ring stays a minority of the mark pixels around it.
MARK_TONE_WINDOW = 31
# The paper's tone is the brightest nearby level over this window (marks are thin strokes).
PAPER_WINDOW = 31
# Margin (px) round a stamp zone that both windows reach into from the zone's pixels, so a
# zone filtered on its own comes out as it would within the whole page.
_REACH = max(MARK_TONE_WINDOW, PAPER_WINDOW) // 2 + 1


def without_marks(gray: np.ndarray, marks: np.ndarray, ink: np.ndarray,
                  stamped: np.ndarray, threshold: float | None = None) -> np.ndarray:
    """`gray` with every mark pixel (`marks` > 0) whitened, except inside `stamped` (bool),
    where the stamp is divided out (`through_marks`) so the typing it crosses stays;
    `threshold` is `gray`'s `ink_threshold` when the caller has it.

    Only the stamp zones' boxes (plus the windows' reach) are filtered: a page is mostly
    outside them, and filtering the whole page cost several times as much."""
    out = gray.copy()
    out[marks > 0] = 255
    own = stamped & (marks > 0)
    if not own.any():
        return out
    threshold = ink_threshold(gray) if threshold is None else threshold
    h, w = gray.shape[:2]
    _, _, stats, _ = cv2.connectedComponentsWithStats(stamped.astype(np.uint8), connectivity=8)
    for x, y, bw, bh in stats[1:, :4]:
        box = (slice(max(y - _REACH, 0), min(y + bh + _REACH, h)),
               slice(max(x - _REACH, 0), min(x + bw + _REACH, w)))
        zone = stamped[box]
        out[box][zone] = through_marks(gray[box], own[box], ink[box], threshold)[zone]
    return out


def through_marks(gray: np.ndarray, marks: np.ndarray, ink: np.ndarray,
                  threshold: float) -> np.ndarray:
    """`gray` with the marks (bool `marks`) divided out instead of whitened.

    Each mark pixel is divided by the mark's own local transmittance: the mean tone of its ink
    pixels nearby over the paper's (the pale halo the mask also covers would make the mark look
    lighter than it is). What then is no darker than the page's ink `threshold` is whitened."""
    out = gray.copy()
    if not marks.any():
        return out
    g = gray.astype(np.float32)
    k = (MARK_TONE_WINDOW, MARK_TONE_WINDOW)
    own = marks & (ink > 0)
    weight = cv2.boxFilter(own.astype(np.float32), -1, k, normalize=False)
    total = cv2.boxFilter(np.where(own, g, 0).astype(np.float32), -1, k, normalize=False)
    tone = total / np.maximum(weight, 1.0)
    paper = cv2.dilate(gray, np.ones((PAPER_WINDOW, PAPER_WINDOW), np.uint8)).astype(np.float32)
    lifted = np.clip(g * paper / np.maximum(tone, 1.0), 0, 255)
    typing = marks & (lifted <= threshold)
    out[marks] = 255
    out[typing] = lifted[typing].astype(np.uint8)
    return out
