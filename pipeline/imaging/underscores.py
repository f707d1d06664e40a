"""Typed underscore runs (`_____`, the blanks of a form) as boxes (pure).

Tesseract drops words made only of underscores, or reads a run as one `_`, yet a diplomatic
transcription keeps them (`6. Тов. _____`). A run is a thin horizontal stroke at least two
character pitches long that sits beside words, not under them (an underline belongs to its
word, not to the text).
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np


def _count(strokes: np.ndarray, box: tuple[int, int, int, int], pitch: float) -> int:
    """Underscores in a run: its separate strokes or its length in pitches, whichever is more."""
    x0, y0, x1, y1 = box
    n, _, stats, _ = cv2.connectedComponentsWithStats(strokes[y0:y1, x0:x1], connectivity=8)
    pieces = int((stats[1:, cv2.CC_STAT_WIDTH] >= 0.3 * pitch).sum())
    return max(1, pieces, int(round((x1 - x0) / pitch)))


def underscore_runs(ink: np.ndarray, char_h: float, pitch: float,
                    words: Sequence[tuple[int, int, int, int]],
                    max_len: float) -> list[tuple[tuple[int, int, int, int], int]]:
    """((x0, y0, x1, y1), number of underscores) of each run in `ink` that no word stands on.

    `ink` is uint8 (255 = ink) of one region; `char_h` the glyph height, `pitch` the width of
    one typed character, `max_len` the length from which a stroke is a ruled line instead.
    """
    if pitch <= 0 or char_h <= 0:
        return []
    # Typed underscores leave small gaps between characters: close them along the line.
    gap = max(1, int(round(0.5 * pitch))) | 1  # odd: an even kernel shifts the closing by a pixel
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    runs = []
    max_h = max(2.0, 0.3 * char_h)
    for x, y, w, h, area in stats[1:]:
        if h > max_h or w < 1.5 * pitch or w > max_len or area < 0.6 * w * h:
            continue
        box = (int(x), int(y), int(x + w), int(y + h))
        # A word whose foot is at the stroke stands on it: an underline, not typed blanks.
        over = [b for b in words if b[1] <= y and b[3] >= y - 0.6 * char_h]
        if any(min(box[2], b[2]) - max(box[0], b[0]) > 0.2 * w for b in over):
            continue
        runs.append((box, _count(ink, box, pitch)))
    return runs
