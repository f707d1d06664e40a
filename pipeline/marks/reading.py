"""Attempted readings of many marks (stamps, handwriting) in one OCR call.

Each Tesseract call loads its language models again (about 0.15 s of CPU for rus+eng before
the first pixel is read), and a page can carry eight marks: the crops are laid out one under
the other on a white sheet (`imaging.sheet`), read once, and every word goes back to the crop
its centre lies in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.imaging.sheet import assign, layout

# A page whose typed text reads as these models alone has its marks read with them alone:
# `rus` loads in 0.03 s against 0.16 s for `rus+eng`, and on 12 dev pages (clean and skewed
# 1000-1005) its stamp readings were as near the stamps' text or nearer (see the L6 report).
READ_ALONE = frozenset({"rus"})


def marks_lang(engine_lang: str, page_lang: str) -> str:
    """The models to read a page's marks with: the page's narrowed `page_lang` where it is one
    of `READ_ALONE`, else the engine's own `engine_lang`."""
    return page_lang if page_lang in READ_ALONE else engine_lang


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
