"""Stage 'layout': typed-text blocks of the upright page, in reading order.

Appends one region of type "text" per block, ids "t1", "t2", ... in reading order (stamps and
handwriting are the marks stage's, with its own ids), boxes in ORIGINAL pixels. The working
boxes go to `page.masks["text_boxes"]` (int (N, 4) array of x0, y0, x1, y1, one row per
text region in page order), the typed ink it found them in to `page.masks["typed_ink"]` and
that ink's `glyph_height` to `page.masks["typed_glyph_px"]`, for the recognize stage. Ink under
`page.masks["marks"]` and ink of the scan's surround (outside the sheet of paper) are ignored.
"""

from __future__ import annotations

import numpy as np

from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.imaging.blocks import find_blocks, scan_surround
from pipeline.model import BBox, Page, Region, RegionType
from pipeline.settings import Context

NAME = "layout"
VERSION = "4"


def typed_ink(page: Page) -> np.ndarray:
    """The ink mask of the working image without stamp/handwriting ink and without the grain
    of the scan's surround (uint8, 255 = ink)."""
    return _typed_ink(page)[0]


def _typed_ink(page: Page) -> tuple[np.ndarray, float]:
    """(`typed_ink`, the share of the image that is the scan's surround)."""
    gray = to_gray(page.image)
    ink = page.masks.get("ink")
    if ink is None:
        ink = ink_mask(gray)
    drop = scan_surround(gray)
    surround = float(drop.mean())
    marks = page.masks.get("marks")
    if marks is not None:
        drop |= marks > 0
    return (np.where(drop, 0, ink).astype(np.uint8) if drop.any() else ink), surround


def apply(page: Page, ctx: Context) -> Page:
    """Find typed-text blocks and append them to `page.regions` as empty text regions."""
    if page.image is None:
        return page
    ink, surround = _typed_ink(page)
    blocks, char_h = find_blocks(ink)
    boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in blocks], dtype=np.int64).reshape(-1, 4)
    page.masks["text_boxes"] = boxes
    page.masks["typed_ink"] = ink
    # `find_blocks` measured the type size on this ink: recognize needs it too (0-d array).
    page.masks["typed_glyph_px"] = np.asarray(char_h, dtype=float)
    for k, b in enumerate(blocks, start=1):
        page.regions.append(Region(id=f"t{k}", type=RegionType.TEXT.value,
                                   bbox=page.map_bbox(BBox(b.x0, b.y0, b.x1, b.y1)),
                                   confidence=0.0))
    ctx.note(method="smear-xycut", blocks=len(blocks), glyph_height=round(char_h, 1),
             marks_masked="marks" in page.masks, surround_share=round(surround, 3))
    return page
