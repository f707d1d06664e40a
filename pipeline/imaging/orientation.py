"""Page orientation estimators (pure): which axis the text lines run along, and crops to test.

`estimate_axis` tells a page whose lines run across (0 or 180 degrees from upright) from one
whose lines run down (90 or 270): typed lines make a far sharper row profile than the column
profile of the same ink, even for monospaced type. Up versus down is a matter of the glyphs
and is decided by the orient stage with the OCR engine on `probe_band`.
"""

from __future__ import annotations

import numpy as np

from pipeline.imaging.skew import axis_score


def estimate_axis(ink: np.ndarray, max_deg: float = 10.0) -> tuple[int, float]:
    """(0 if lines run horizontally else 90, ratio of the winning axis score to the other)."""
    across = axis_score(ink, max_deg)
    down = axis_score(np.ascontiguousarray(ink.T), max_deg)
    if across == 0.0 and down == 0.0:
        return 0, 1.0
    if across >= down:
        return 0, across / max(down, 1e-12)
    return 90, down / max(across, 1e-12)


def probe_band(ink: np.ndarray, height: int) -> tuple[int, int]:
    """Rows [y0, y1) of the `height`-row band holding the most ink (for an orientation probe)."""
    rows = (np.asarray(ink) > 0).sum(axis=1).astype(np.int64)
    h = len(rows)
    if height >= h:
        return 0, h
    window = np.convolve(rows, np.ones(height, dtype=np.int64), mode="valid")
    y0 = int(np.argmax(window))
    return y0, y0 + height
