"""Small drawn images for tests: digit glyphs for the shape tests (`pipeline.fields.glyphs`) and
lines typed in a monospaced face for the engine and orientation tests."""

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def digit_glyph(digit: str, scale: float) -> np.ndarray:
    """One digit drawn in a plain face (OpenCV's Hershey simplex), cropped to its ink (255)."""
    img = np.zeros((120, 90), np.uint8)
    cv2.putText(img, digit, (10, 95), cv2.FONT_HERSHEY_SIMPLEX, scale, 255, 2)
    ys, xs = np.nonzero(img)
    return img[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def typed_rows(rows: list[str], w: int, h: int, size: int, margin: int, step: int,
               paper: int, ink: int) -> np.ndarray:
    """Gray page (w x h, `paper` tone) with `rows` typed in DejaVu Sans Mono at `size` px in tone
    `ink`, from `margin` px left and top, one every `step` px."""
    img = Image.new("L", (w, h), paper)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(MONO, size)
    for i, row in enumerate(rows):
        draw.text((margin, margin + step * i), row, font=font, fill=ink)
    return np.array(img)


def typed_sheet(rows: list[str], typing: tuple[int, int, int],
                mark: tuple[str, tuple[int, int, int], tuple[int, int], int] | None = None,
                seed: int = 7) -> np.ndarray:
    """RGB sheet (1100 x 700, cream paper) with `rows` typed in colour `typing` at 30 px from row
    300, one every 50 px, and `mark` (text, colour, (x, y), size in px) drawn over it; a
    scanner's grain of `seed` added."""
    img = Image.new("RGB", (1100, 700), (238, 232, 212))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(MONO, 30)
    for i, text in enumerate(rows):
        draw.text((40, 300 + 50 * i), text, font=font, fill=typing)
    if mark is not None:
        text, colour, at, size = mark
        draw.text(at, text, font=ImageFont.truetype(MONO, size), fill=colour)
    rgb = np.array(img).astype(float)
    grain = np.random.default_rng(seed).normal(0.0, 3.0, rgb.shape)
    return np.clip(rgb + grain, 0, 255).astype(np.uint8)
