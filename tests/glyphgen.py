"""Small drawn glyphs for the shape tests of digits (`pipeline.fields.glyphs`)."""

import cv2
import numpy as np


def digit_glyph(digit: str, scale: float) -> np.ndarray:
    """One digit drawn in a plain face (OpenCV's Hershey simplex), cropped to its ink (255)."""
    img = np.zeros((120, 90), np.uint8)
    cv2.putText(img, digit, (10, 95), cv2.FONT_HERSHEY_SIMPLEX, scale, 255, 2)
    ys, xs = np.nonzero(img)
    return img[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
