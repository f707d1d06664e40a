"""Paper and scanner: the sheet's colour, ink blending, and what scanning does to a page
(uneven light, show-through from the back, border shadow, noise, blur). Array in, array out.
"""

from __future__ import annotations

import cv2
import numpy as np

WHITE = np.array([247.0, 246.0, 242.0], np.float32)
YELLOWED = np.array([232.0, 218.0, 178.0], np.float32)


def smooth_field(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    """Zero-mean, unit-scale random field varying over about `cells` cells across the longer side."""
    h, w = shape
    gh = max(2, int(round(cells * h / max(h, w))) + 1)
    gw = max(2, int(round(cells * w / max(h, w))) + 1)
    grid = rng.standard_normal((gh, gw)).astype(np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)


def paper(shape: tuple[int, int], tint: float, rng: np.random.Generator) -> np.ndarray:
    """An RGB sheet (float32 0..255): white yellowed by `tint` (0..1), faintly mottled."""
    colour = WHITE + (YELLOWED - WHITE) * tint
    mottle = 1.0 + (0.004 + 0.015 * tint) * smooth_field(shape, 24, rng)
    return colour[None, None, :] * mottle[:, :, None]


def blend(img: np.ndarray, alpha: np.ndarray, colour: tuple[float, float, float],
          x: int, y: int) -> None:
    """Lay ink of `colour` with density `alpha` at (x, y) onto `img` in place (multiply blend)."""
    h, w = alpha.shape
    H, W = img.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = alpha[y0 - y:y1 - y, x0 - x:x1 - x, None]
    factor = 1.0 - a * (1.0 - np.asarray(colour, np.float32)[None, None, :] / 255.0)
    img[y0:y1, x0:x1] *= factor


def show_through(img: np.ndarray, ink: np.ndarray, strength: float) -> None:
    """Text of the sheet's back seen through the paper: mirrored, blurred, faint (in place)."""
    if strength <= 0:
        return
    back = cv2.GaussianBlur(np.ascontiguousarray(ink[:, ::-1]), (0, 0), 2.5)
    back = np.roll(back, int(ink.shape[0] * 0.013), axis=0)
    img *= (1.0 - strength * back)[:, :, None]


def illumination(img: np.ndarray, amount: float, rng: np.random.Generator) -> None:
    """Uneven scanner light: a smooth brightness field of relative size `amount` (in place)."""
    if amount <= 0:
        return
    field = smooth_field(img.shape[:2], 3, rng)
    img *= (1.0 + amount * np.clip(field, -2, 2) / 2)[:, :, None]


def border_shadow(img: np.ndarray, strength: float, rng: np.random.Generator) -> None:
    """A dark band where the sheet's edge or the scanner lid shows at one or two sides."""
    if strength <= 0:
        return
    h, w = img.shape[:2]
    sides = rng.choice(["left", "right", "top", "bottom"], size=int(rng.integers(1, 3)), replace=False)
    for side in sides:
        depth = int(rng.uniform(0.008, 0.02) * min(h, w))
        ramp = np.clip(1.0 - np.arange(depth * 3, dtype=np.float32) / (depth * 3), 0, 1) ** 2
        ramp = 1.0 - strength * 0.75 * ramp
        if side == "left":
            img[:, :depth * 3] *= ramp[None, :, None]
        elif side == "right":
            img[:, w - depth * 3:] *= ramp[::-1][None, :, None]
        elif side == "top":
            img[:depth * 3] *= ramp[:, None, None]
        else:
            img[h - depth * 3:] *= ramp[::-1][:, None, None]


def noise(img: np.ndarray, sd: float, rng: np.random.Generator) -> None:
    """Sensor noise, mostly in brightness (in place)."""
    if sd <= 0:
        return
    n = rng.standard_normal(img.shape[:2], dtype=np.float32) * sd
    img += n[:, :, None]


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Optics: a Gaussian blur of `sigma` pixels."""
    if sigma <= 0:
        return img
    return cv2.GaussianBlur(img, (0, 0), sigma)


def specks(img: np.ndarray, count: int, rng: np.random.Generator) -> None:
    """Dust and foxing: `count` small dark dots scattered over the sheet (in place)."""
    h, w = img.shape[:2]
    for _ in range(count):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = int(rng.integers(1, 4))
        y0, y1, x0, x1 = max(0, y - r), min(h, y + r + 1), max(0, x - r), min(w, x + r + 1)
        img[y0:y1, x0:x1] *= float(rng.uniform(0.45, 0.85))


def crease(img: np.ndarray, strength: float, rng: np.random.Generator) -> None:
    """A fold across the sheet: a soft shadow with a lighter ridge beside it (in place)."""
    if strength <= 0:
        return
    h, w = img.shape[:2]
    y = int(h * rng.uniform(0.3, 0.7))
    slope = rng.uniform(-0.01, 0.01)
    # float64: numpy's float32 `exp` rounds differently on AVX2 and AVX-512 machines.
    yy = np.arange(h, dtype=np.float64)[:, None] - (y + slope * np.arange(w, dtype=np.float64)[None, :])
    profile = -np.exp(-(yy / 3.0) ** 2) + 0.4 * np.exp(-((yy - 7.0) / 5.0) ** 2)
    img *= (1.0 + strength * 0.25 * profile)[:, :, None]
