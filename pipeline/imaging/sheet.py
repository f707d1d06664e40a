"""Many crops read in one OCR call: laid out one under the other on a white sheet (pure).

Each Tesseract call pays its process start and model load whatever it reads, so the marks of a
page (`marks.reading`) and the vote's strips at two scales (`stages.recognize`) are each read
once, from one sheet; every word then goes back to the crop its centre lies in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Blank rows between two crops, in multiples of the taller one's text height guess (its height,
# capped): wide enough that Tesseract never joins words of two crops into one line.
GAP_SHARE = 0.5
MIN_GAP = 24
MAX_GAP = 120
PAD = 8


def layout(crops: Sequence[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(white sheet with the 2-D uint8 `crops` stacked top to bottom, each crop's (y0, y1) on it)."""
    if not crops:
        return np.full((1, 1), 255, np.uint8), []
    width = max(c.shape[1] for c in crops) + 2 * PAD
    spans, y = [], PAD
    for i, crop in enumerate(crops):
        spans.append((y, y + crop.shape[0]))
        nxt = crops[i + 1].shape[0] if i + 1 < len(crops) else 0
        y += crop.shape[0] + int(min(MAX_GAP, max(MIN_GAP, GAP_SHARE * max(crop.shape[0], nxt))))
    sheet = np.full((y + PAD, width), 255, np.uint8)
    for crop, (y0, y1) in zip(crops, spans):
        sheet[y0:y1, PAD:PAD + crop.shape[1]] = crop
    return sheet, spans


def assign(words: Sequence, spans: Sequence[tuple[int, int]]) -> list[list]:
    """Words (with `.box` = x0, y0, x1, y1 on the sheet) per span, in the order given; a word
    whose vertical centre lies in no span (between crops) belongs to none."""
    out: list[list] = [[] for _ in spans]
    starts = np.asarray([s for s, _ in spans])
    for w in words:
        cy = (w.box[1] + w.box[3]) / 2
        k = int(np.searchsorted(starts, cy, side="right")) - 1
        if k >= 0 and cy < spans[k][1]:
            out[k].append(w)
    return out
