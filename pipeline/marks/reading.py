"""Attempted readings of many marks (stamps, handwriting) in one OCR call.

Each Tesseract call loads its language models again (about 0.15 s of CPU for rus+eng before
the first pixel is read), and a page can carry eight marks: the crops are laid out one under
the other on a white sheet, read once, and every word goes back to the crop its centre lies in.
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
# A page whose typed text reads as these models alone has its marks read with them alone:
# `rus` loads in 0.03 s against 0.16 s for `rus+eng`, and on 12 dev pages (clean and skewed
# 1000-1005) its stamp readings were as near the stamps' text or nearer (see the L6 report).
READ_ALONE = frozenset({"rus"})


def marks_lang(engine_lang: str, page_lang: str) -> str:
    """The models to read a page's marks with: the page's narrowed `page_lang` where it is one
    of `READ_ALONE`, else the engine's own `engine_lang`."""
    return page_lang if page_lang in READ_ALONE else engine_lang


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


def read_marks(engine, crops: Sequence[np.ndarray], timeout: float | None,
               psm: int = 6, lang: str | None = None) -> list[tuple[str, float | None]]:
    """(text, mean word confidence) per crop, ('', None) where nothing was read; one engine call.

    `crops` are 2-D uint8 images, dark ink on white; `lang`, if given, the models to read them
    with instead of the engine's (an engine without `for_lang` reads with its own). A failed or
    timed-out call leaves every mark unread: a reading is a courtesy to the reviewer, never a
    reason to fail the page.
    """
    from pipeline.errors import PageFailedError, PageTimeoutError

    if engine is None or not crops:
        return [("", None)] * len(crops)
    if lang and hasattr(engine, "for_lang"):
        engine = engine.for_lang(lang)
    sheet, spans = layout(crops)
    try:
        words = engine.recognize(sheet, psm=psm, timeout=timeout)
    except (PageFailedError, PageTimeoutError):
        return [("", None)] * len(crops)
    readings = []
    for own in assign([w for w in words if w.text.strip()], spans):
        if own:
            readings.append((" ".join(w.text for w in own),
                             float(np.mean([w.confidence for w in own]))))
        else:
            readings.append(("", None))
    return readings
