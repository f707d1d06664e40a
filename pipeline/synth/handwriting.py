"""Procedural handwriting: a font's glyphs reduced to their skeleton, re-written with a slant,
a wobbling hand, a drifting baseline, joins between letters and a pen whose pressure varies;
Bezier scribbles for signatures; underlines and marginal ticks. No outline of a typed font
survives, so the ink does not look typed.

Every function returns an ink-density patch (float32, 0..1) and the point inside it where the
writing starts on its baseline, so callers can place it at an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from pipeline.synth import fonts


@dataclass(frozen=True)
class Hand:
    """One writer's habits (pixels and degrees)."""

    font: str          # font key in fonts.HAND whose skeleton is re-written
    x_height: float
    slant_deg: float   # positive leans right
    pen: float         # mean stroke radius
    wobble: float      # amplitude of the hand's slow tremor, in x-heights
    spacing: float     # extra gap between letters, in x-heights


def draw_hand(rng: np.random.Generator, dpi: int) -> Hand:
    """A random writer for a page at `dpi`."""
    scale = dpi / 300.0
    return Hand(font=str(rng.choice(list(fonts.HAND))), x_height=float(rng.uniform(24, 36) * scale),
                slant_deg=float(rng.uniform(5, 28)), pen=float(rng.uniform(1.3, 2.4) * scale),
                wobble=float(rng.uniform(0.03, 0.09)), spacing=float(rng.uniform(0.0, 0.25)))


def thin(mask: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of a boolean mask to one-pixel-wide strokes."""
    img = mask.astype(np.uint8)
    changed = True
    while changed:
        changed = False
        for step in (0, 1):
            p = np.pad(img, 1)
            n = [p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:], p[2:, 2:], p[2:, 1:-1], p[2:, :-2],
                 p[1:-1, :-2], p[:-2, :-2]]  # P2..P9 clockwise from north
            count = sum(x.astype(np.int16) for x in n)
            ring = n + [n[0]]
            transitions = sum(((ring[i] == 0) & (ring[i + 1] == 1)).astype(np.int16)
                              for i in range(8))
            if step == 0:
                c1, c2 = n[0] * n[2] * n[4], n[2] * n[4] * n[6]
            else:
                c1, c2 = n[0] * n[2] * n[6], n[0] * n[4] * n[6]
            kill = (img == 1) & (count >= 2) & (count <= 6) & (transitions == 1) & (c1 == 0) & (c2 == 0)
            if kill.any():
                img[kill] = 0
                changed = True
    return img.astype(bool)


def _smooth_field(shape: tuple[int, int], cell: float, rng: np.random.Generator) -> np.ndarray:
    # Random values on a coarse grid, smoothly interpolated: slow variation across the patch.
    gh = max(2, int(shape[0] / cell) + 2)
    gw = max(2, int(shape[1] / cell) + 2)
    grid = rng.standard_normal((gh, gw)).astype(np.float32)
    return cv2.resize(grid, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _stroke(points: np.ndarray, shape: tuple[int, int], radius: np.ndarray | float,
            pen: float, rng: np.random.Generator) -> np.ndarray:
    """Ink of a pen moved through `points` (N x 2, x/y) with pressure-varying width."""
    canvas = np.zeros(shape, np.uint8)
    pts = np.round(points).astype(np.int32)
    ok = (pts[:, 0] >= 0) & (pts[:, 0] < shape[1]) & (pts[:, 1] >= 0) & (pts[:, 1] < shape[0])
    canvas[pts[ok, 1], pts[ok, 0]] = 255
    # Close the one-pixel gaps a warp leaves between neighbouring skeleton points.
    canvas = cv2.morphologyEx(canvas, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    dist = cv2.distanceTransform(255 - canvas, cv2.DIST_L2, 3)
    pressure = 1.0 + 0.35 * _smooth_field(shape, pen * 14, rng)
    r = np.clip(pen * pressure, 0.6, pen * 2.2) if np.isscalar(radius) else radius
    ink = np.clip(r - dist + 0.5, 0.0, 1.0)
    # Ink is darker where the pen pressed harder and lingered.
    shade = np.clip(0.78 + 0.25 * _smooth_field(shape, pen * 20, rng), 0.45, 1.0)
    return (ink * shade).astype(np.float32)


def write(text: str, hand: Hand, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float]]:
    """Handwritten `text`: ink patch and the (x, y) of the writing's start on its baseline."""
    size = int(hand.x_height / 0.45)
    font = fonts.load(fonts.HAND[hand.font], size)
    pad = int(size * 0.9)
    advances = [font.getlength(ch) for ch in text]
    width = int(sum(advances) * (1.0 + hand.spacing + 0.15) + 2 * pad)
    height = int(size * 1.5 + 2 * pad)
    baseline = pad + size * 0.95
    mask_img = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask_img)
    x = float(pad)
    drift = rng.normal(0, 0.04)  # the line of writing rises or falls a little
    cells = []
    for ch, adv in zip(text, advances):
        scale = float(rng.normal(1.0, 0.06))
        glyph_font = fonts.load(fonts.HAND[hand.font], max(6, int(size * scale)))
        if not fonts.has_glyph(fonts.HAND[hand.font], ch):
            glyph_font = fonts.load(fonts.HAND_FALLBACK, max(6, int(size * scale)))
        y = baseline + drift * (x - pad) + rng.normal(0, hand.x_height * 0.05)
        if not ch.isspace():
            draw.text((x, y), ch, font=glyph_font, fill=255, anchor="ls")
        cells.append((ch, x, x + adv * scale, y))
        x += adv * scale + hand.spacing * hand.x_height * float(rng.uniform(0.5, 1.5))
    skel = thin(np.asarray(mask_img) > 110)
    ys, xs = np.nonzero(skel)
    points = [np.stack([xs, ys], axis=1).astype(np.float32)]
    points += _joins(cells, hand)
    pts = np.concatenate(points) if points else np.zeros((0, 2), np.float32)
    pts = _warp(pts, baseline, hand, rng, (height, width))
    ink = _stroke(pts, (height, width), hand.pen, hand.pen, rng)
    return ink, (float(pad), float(baseline))


def _joins(cells, hand: Hand) -> list[np.ndarray]:
    # Cursive joins: from the foot of one lower-case letter up to the waist of the next.
    out = []
    xh = hand.x_height
    for (a, _, a_end, ya), (b, b_start, _, yb) in zip(cells, cells[1:]):
        if not (a.isalpha() and b.isalpha() and a.islower() and b.islower()):
            continue
        p0 = np.array([a_end - xh * 0.12, ya - xh * 0.05])
        p2 = np.array([b_start + xh * 0.12, yb - xh * 0.55])
        p1 = np.array([(p0[0] + p2[0]) / 2, ya + xh * 0.05])
        t = np.linspace(0, 1, max(4, int(np.hypot(*(p2 - p0)))))[:, None]
        out.append(((1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2).astype(np.float32))
    return out


def _warp(pts: np.ndarray, baseline: float, hand: Hand, rng: np.random.Generator,
          shape: tuple[int, int]) -> np.ndarray:
    if len(pts) == 0:
        return pts
    xh = hand.x_height
    out = pts.copy()
    # Slant: lean the writing right about its baseline.
    out[:, 0] += (baseline - pts[:, 1]) * np.tan(np.radians(hand.slant_deg))
    # Tremor: slow sinusoids of the position, a few per word, phase random per writing.
    for axis in (0, 1):
        for _ in range(2):
            period = rng.uniform(2.0, 6.0) * xh
            phase = rng.uniform(0, 2 * np.pi)
            along = pts[:, 1 - axis] if rng.random() < 0.5 else pts[:, axis]
            # float64: numpy's float32 `sin` rounds differently on AVX2 and AVX-512 machines.
            wave = np.sin(2 * np.pi * along.astype(np.float64) / period + phase)
            out[:, axis] += hand.wobble * xh * wave
    return out


def _bezier_path(ctrl: np.ndarray) -> np.ndarray:
    """A smooth path through control points (Catmull-Rom), densely sampled."""
    pts = [ctrl[0]] + list(ctrl) + [ctrl[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = (np.asarray(p, np.float64) for p in pts[i - 1:i + 3])
        n = max(4, int(np.hypot(*(p2 - p1)) * 1.5))
        t = np.linspace(0, 1, n, endpoint=False)[:, None]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    out.append(np.asarray(pts[-2], np.float64)[None])
    return np.concatenate(out).astype(np.float32)


def signature(hand: Hand, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float]]:
    """An illegible signature: a looped capital, a run of garlands, a flourish under it."""
    xh = hand.x_height * 1.5  # a signature is written larger than a note
    width, height = int(xh * 11), int(xh * 4.5)
    base = height * 0.65
    ctrl = []
    x = xh * 0.8
    # The capital: a tall loop.
    cap_h = xh * rng.uniform(1.6, 2.4)
    ctrl += [(x, base), (x + xh * 0.3, base - cap_h), (x + xh * 0.9, base - cap_h * 0.9),
             (x + xh * 0.4, base - cap_h * 0.3), (x + xh * 0.1, base + xh * 0.1)]
    x += xh * 1.0
    for _ in range(int(rng.integers(4, 9))):
        amp = xh * rng.uniform(0.5, 1.1)
        ctrl += [(x, base - amp), (x + xh * rng.uniform(0.3, 0.6), base + rng.normal(0, xh * 0.1))]
        x += xh * rng.uniform(0.6, 1.0)
    if rng.random() < 0.7:  # flourish back under the name
        ctrl += [(x + xh * 0.5, base + xh * 0.2), (x * 0.6, base + xh * 0.6),
                 (xh * 0.5, base + xh * 0.8)]
    ctrl = np.asarray(ctrl, np.float64)
    ctrl[:, 0] += rng.normal(0, xh * 0.06, len(ctrl))
    ctrl[:, 1] += rng.normal(0, xh * 0.06, len(ctrl))
    path = _bezier_path(ctrl)
    slant = np.tan(np.radians(hand.slant_deg))
    path[:, 0] += (base - path[:, 1]) * slant
    width = int(max(width, path[:, 0].max() + xh))
    ink = _stroke(path, (height, width), hand.pen, hand.pen, rng)
    return ink, (xh * 0.8, base)


def underline(length: float, hand: Hand, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float]]:
    """A hand-drawn underline of about `length` pixels; origin is its left end."""
    pad = hand.x_height
    n = 6
    xs = np.linspace(0, length, n)
    ys = np.cumsum(rng.normal(0, hand.x_height * 0.05, n)) + rng.normal(0, 0.02) * xs
    ctrl = np.stack([xs + pad, ys + pad * 1.5], axis=1)
    path = _bezier_path(ctrl)
    ink = _stroke(path, (int(pad * 3), int(length + 2 * pad)), hand.pen, hand.pen, rng)
    return ink, (pad, pad * 1.5)


def tick(hand: Hand, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float]]:
    """A marginal tick (check mark); origin is the bottom of its V."""
    s = hand.x_height * rng.uniform(1.0, 1.6)
    pad = hand.x_height
    ctrl = np.array([(pad, pad + s * 0.4), (pad + s * 0.35, pad + s), (pad + s * 1.1, pad - s * 0.3)])
    ctrl += rng.normal(0, s * 0.05, ctrl.shape)
    path = _bezier_path(ctrl)
    ink = _stroke(path, (int(2 * pad + s * 1.6), int(2 * pad + s * 1.6)), hand.pen, hand.pen, rng)
    return ink, (pad + s * 0.35, pad + s)
