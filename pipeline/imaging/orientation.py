"""Page orientation estimators (pure): which axis the text lines run along, and crops to test.

`estimate_axis` tells a page whose lines run across (0 or 180 degrees from upright) from one
whose lines run down (90 or 270): typed lines make a far sharper row profile than the column
profile of the same ink, even for monospaced type. Up versus down is a matter of the glyphs
and is decided by the orient stage with the OCR engine on `probe_band`; `flush_sides` gives
it a cheap first guess (typed lines start at a common margin and end raggedly).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.bands import component_stats
from pipeline.imaging.skew import ink_pixels, row_score

# The axis and a coarse angle need far fewer points than the skew estimate's 0.01 degrees.
_AXIS_POINTS = 60_000


def axis_and_skew(ink: np.ndarray, max_deg: float = 10.0) -> tuple[int, float, float]:
    """(axis, score ratio, coarse skew): 0 if lines run across else 90, the winning axis's score
    over the other's, and the lines' angle (0.5 degree grid, positive = rising to the right)
    once the page is turned clockwise by `axis` degrees."""
    xs, ys = ink_pixels(ink, _AXIS_POINTS)
    across, across_deg = row_score(xs, ys, max_deg)
    down, down_deg = row_score(ys, xs, max_deg)  # the transposed page's rows
    if across == 0.0 and down == 0.0:
        return 0, 1.0, 0.0
    if across >= down:
        return 0, across / max(down, 1e-12), across_deg
    # Turning clockwise by 90 is transposing and then mirroring left-right, and the mirror
    # turns a rising line into a falling one.
    return 90, down / max(across, 1e-12), -down_deg


def estimate_axis(ink: np.ndarray, max_deg: float = 10.0) -> tuple[int, float]:
    """(0 if lines run horizontally else 90, ratio of the winning axis score to the other)."""
    axis, ratio, _ = axis_and_skew(ink, max_deg)
    return axis, ratio


def densest_window(rows: np.ndarray, height: int) -> tuple[int, int]:
    """[y0, y1) of the `height` consecutive entries of the row counts `rows` with the largest sum."""
    rows = np.asarray(rows, dtype=np.int64)
    h = len(rows)
    if height >= h:
        return 0, h
    window = np.convolve(rows, np.ones(height, dtype=np.int64), mode="valid")
    y0 = int(np.argmax(window))
    return y0, y0 + height


def probe_band(ink: np.ndarray, height: int, rank: int = 0) -> tuple[int, int] | None:
    """Rows [y0, y1) of the `height`-row band holding the most ink (for an orientation probe),
    or with `rank` n, the n-th next band of the most ink overlapping none denser (a stamp on a
    line makes the densest band one of the worst to read); None when the ink has no such band."""
    rows = (np.asarray(ink) > 0).sum(axis=1).astype(np.int64)
    if not rank:
        return densest_window(rows, height)
    if height >= len(rows):
        return None
    sums = np.convolve(rows, np.ones(height, dtype=np.int64), mode="valid")
    for _ in range(rank):
        y0 = int(np.argmax(sums))
        sums[max(0, y0 - height + 1):y0 + height] = -1  # the windows overlapping this one
    y0 = int(np.argmax(sums))
    return (y0, y0 + height) if sums[y0] > 0 else None


def flush_sides(ink: np.ndarray, tolerance: float = 0.01) -> tuple[float, float]:
    """(left, right): the share of inked rows whose first ink lies at the most common left edge
    (within `tolerance` of the width), and likewise for their last ink at the right edge.

    Typed lines start at a margin and end raggedly, so upright text has left > right and text
    upside down the reverse; justified or centred text leaves the two close. (0, 0) on no ink.
    """
    m = np.asarray(ink) > 0
    inked = m.any(axis=1)
    if inked.sum() < 10:
        return 0.0, 0.0
    w = m.shape[1]
    first = m[inked].argmax(axis=1)
    last = w - 1 - m[inked, ::-1].argmax(axis=1)
    bin_px = max(1, round(tolerance * w))

    def peak_share(edges: np.ndarray) -> float:
        counts = np.bincount(edges // bin_px)
        if len(counts) > 1:  # an edge on a bin border falls either side of it
            counts = counts[:-1] + counts[1:]
        return float(counts.max()) / len(edges)

    return peak_share(first), peak_share(w - 1 - last)


def glyph_size(ink: np.ndarray, stats: np.ndarray | None = None) -> float:
    """Median longer side of the ink's glyph-like components, the same whichever way the text
    runs (0 without any): the type size for telling a line or two from a page. `stats`: the
    ink's component stats (x0, y0, w, h, area rows, no background row) when already known."""
    if stats is None:
        ink = np.asarray(ink)
        # Any nonzero pixel is ink to OpenCV: a uint8 mask is labelled as it is.
        stats = component_stats(ink if ink.dtype == np.uint8 else (ink > 0).astype(np.uint8))[1:]
    if not len(stats):
        return 0.0
    side = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    side = side[side >= 4]  # dots and specks say nothing about the type size
    return float(np.median(side)) if len(side) else 0.0


def few_lines_axis(ink: np.ndarray, size: float | None = None, max_glyphs: float = 5.0) -> int | None:
    """0 or 90 for ink that is only a line or two (its extent across is under `max_glyphs`
    glyph sizes, two lines of print): the lines run along the longer side; None for more text.
    `size` is the ink's `glyph_size` when already measured.

    A row profile needs several lines to stand out: a single line's letter gaps make its
    column profile the sharper one. A line of text is longer than it is tall whichever way
    it is turned, so the long side tells the axis.
    """
    m = np.asarray(ink) > 0
    rows, cols = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
    size = glyph_size(ink) if size is None else size
    if not len(rows) or size <= 0:
        return None
    tall, wide = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    if min(tall, wide) >= max_glyphs * size or max(tall, wide) < 2 * min(tall, wide):
        return None
    return 0 if wide >= tall else 90


def paper_margins(height: int, width: int, glyph: float, min_glyphs: float, to_glyphs: float
                  ) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) paper to add around a `height` x `width` image whose glyphs
    are `glyph` pixels: a side under `min_glyphs` glyphs grows to `to_glyphs` glyphs; zeros
    for a page (or without glyphs)."""
    def grow(side: int) -> tuple[int, int]:
        if glyph <= 0 or side >= min_glyphs * glyph:
            return 0, 0
        extra = round(to_glyphs * glyph) - side
        return extra // 2, extra - extra // 2
    top, bottom = grow(height)
    left, right = grow(width)
    return top, bottom, left, right


def paper_colour(image: np.ndarray) -> tuple[int, ...]:
    """The paper's colour of a gray or RGB(A) image: the median of its border pixels per channel."""
    img = np.asarray(image)
    border = np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]]).reshape(-1, *img.shape[2:])
    return tuple(int(v) for v in np.atleast_1d(np.median(border, axis=0)))


def letters_off(words: np.ndarray, boxes, min_conf: float = 0.0) -> dict[str, int]:
    """Letters per script ({"Cyrillic": n, "Latin": m}) of the probe `words` (rows of x0, y0,
    x1, y1, confidence, Cyrillic, Latin) read with at least `min_conf` and meeting none of
    `boxes` (objects with x0, y0, x1, y1, in the words' pixels)."""
    keep = words[:, 4] >= min_conf
    for b in boxes:
        keep &= ~((words[:, 0] < b.x1) & (words[:, 2] > b.x0)
                  & (words[:, 1] < b.y1) & (words[:, 3] > b.y0))
    return {"Cyrillic": int(words[keep, 5].sum()), "Latin": int(words[keep, 6].sum())}
