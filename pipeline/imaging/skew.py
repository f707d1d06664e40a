"""Skew angle of typed text lines by projection-profile sharpness (pure, image in, angle out).

Convention (CONTRACT.md): the angle is positive when the lines rise from left to right as the
image is viewed. Shearing every ink point by the right angle stacks each text line into a few
rows of the profile, which maximises the sum of squared row counts.
"""

from __future__ import annotations

import math

import numpy as np

# Enough points to pin 0.05 degrees on a full page while keeping one search under a second.
_MAX_POINTS = 250_000
# The final parabola is fitted to the sharpness this many 0.01-degree steps either side of the
# best step.
FIT_STEPS = 5


def ink_points(ink: np.ndarray, max_points: int = _MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) float arrays of the lower edges of ink runs, evenly thinned to `max_points`.

    Lower edges (ink pixel with paper below) trace the baselines and x-height lines, which
    gives a sharper profile than the full strokes at a fraction of the points.
    """
    m = np.asarray(ink) > 0
    edge = m.copy()
    edge[:-1] &= ~m[1:]
    edge[-1] = False  # ink cut by the image border has no edge of its own there
    ys, xs = np.nonzero(edge)
    if len(ys) > max_points:
        step = math.ceil(len(ys) / max_points)
        ys, xs = ys[::step], xs[::step]
    return xs.astype(np.float64), ys.astype(np.float64)


def profile_sharpness(xs: np.ndarray, ys: np.ndarray, deg: float) -> float:
    """Sum of squared row counts of the points after levelling lines that rise by `deg`.

    Each point counts in the two rows it falls between, in proportion to its nearness to
    each: counted whole in the row below it, a line's points would change rows as a
    hundredth of a degree carries them across a row's edge, and the sharpness would jump
    with where the rows' edges fall (ink in the top margin moves them all), not with the
    angle."""
    # A line rising to the right has y falling as x grows: y + x tan(deg) is constant on it.
    yp = ys + xs * math.tan(math.radians(deg))
    yp -= yp.min()
    row = yp.astype(np.int64)
    frac = yp - row
    n = int(row.max()) + 2
    hist = np.bincount(row, 1.0 - frac, n) + np.bincount(row + 1, frac, n)
    return float(np.dot(hist, hist))


def _search(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float, step: float) -> tuple[float, float]:
    angles = np.arange(lo, hi + step / 2, step)
    scores = [profile_sharpness(xs, ys, a) for a in angles]
    best = int(np.argmax(scores))
    return float(angles[best]), float(scores[best])


def estimate_skew(ink: np.ndarray, max_deg: float = 10.0) -> float | None:
    """Skew in degrees (positive = lines rise to the right) within ±`max_deg`; None without text.

    Coarse-to-fine grid search of the profile sharpness, finished by a parabola fitted by
    least squares to the sharpness at FIT_STEPS steps of 0.01 degrees either side of the best
    step (one step either side follows the sharpness's ripple, not its peak).
    """
    xs, ys = ink_points(ink)
    if len(xs) < 200:
        return None
    xs = xs - xs.mean()
    best, _ = _search(xs, ys, -max_deg - 0.5, max_deg + 0.5, 0.25)
    for step in (0.05, 0.01):
        best, _ = _search(xs, ys, best - 5 * step, best + 5 * step, step)
    reach = FIT_STEPS * 0.01
    d = np.linspace(-reach, reach, 2 * FIT_STEPS + 1)
    a, b, _ = np.polyfit(d, [profile_sharpness(xs, ys, best + v) for v in d], 2)
    if a < 0:
        best += float(np.clip(-b / (2 * a), -reach, reach))
    return float(np.clip(best, -max_deg - 0.5, max_deg + 0.5))


def ink_pixels(ink: np.ndarray, max_points: int = _MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) float arrays of all ink pixels, evenly thinned to `max_points`."""
    ys, xs = np.nonzero(np.asarray(ink))
    if len(ys) > max_points:
        step = math.ceil(len(ys) / max_points)
        ys, xs = ys[::step], xs[::step]
    return xs.astype(np.float64), ys.astype(np.float64)


def row_score(xs: np.ndarray, ys: np.ndarray, max_deg: float = 10.0, step: float = 0.5
              ) -> tuple[float, float]:
    """(how strongly the points form rows at their best angle within ±`max_deg`, that angle).

    The sharpness is scaled by the profile's length and the squared number of points, so the
    scores of a point set and of its transpose (x and y swapped) compare fairly; 0.0 for
    fewer than 200 points. The angle is on a `step` grid, positive when the rows rise to the right.
    """
    if len(ys) < 200:
        return 0.0, 0.0
    xs = xs - xs.mean()
    best, best_deg = 0.0, 0.0
    for deg in np.arange(-max_deg, max_deg + step / 2, step):
        yp = ys + xs * math.tan(math.radians(deg))
        hist = np.bincount((yp - yp.min()).astype(np.int64)).astype(np.float64)
        score = float(hist @ hist) * len(hist) / float(len(ys)) ** 2
        if score > best:
            best, best_deg = score, float(deg)
    return best, best_deg

