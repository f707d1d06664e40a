"""Stage 'clean': an illumination-flattened gray image and an ink mask for the later stages.

Keeps `page.image` (colour is what tells stamp ink apart) and adds `page.masks["gray"]`
(uint8, paper ~255) and `page.masks["ink"]` (uint8, 255 = ink; specks, scanner shadows and
page edges removed). An ink mask that orient/deskew left for the current image is reused.
"""

from __future__ import annotations

from pipeline.imaging.binarize import (denoise, flatten_illumination, ink_from_flat,
                                       ink_threshold, to_gray)
from pipeline.model import Page
from pipeline.settings import Context

NAME = "clean"
VERSION = "1"

MIN_SPECK_AREA = 6


def apply(page: Page, ctx: Context) -> Page:
    """Add the `gray` and `ink` masks of the current working image."""
    if page.image is None:
        return page
    gray = flatten_illumination(to_gray(page.image))
    page.masks["gray"] = gray
    reused = page.masks.get("ink") is not None and page.masks["ink"].shape == gray.shape
    if not reused:
        page.masks["ink"] = ink_from_flat(gray, MIN_SPECK_AREA)
    ctx.note(illumination="closing-divide", denoise="median3", binarize="otsu-bounded",
             threshold=round(ink_threshold(denoise(gray)), 1), min_speck_area=MIN_SPECK_AREA,
             ink_reused=reused)
    return page
