"""Stage 'clean': an illumination-flattened gray image and an ink mask for the later stages.

Keeps `page.image` (colour is what tells stamp ink apart) and adds `page.masks["gray"]`
(uint8, paper ~255) and `page.masks["ink"]` (uint8, 255 = ink; specks, scanner shadows and
page edges removed). An ink mask that orient/deskew left for the current image is reused.
Stamp-coloured ink is unmixed from the typing in both (`marks.removal.unmix_stamps`), whether or
not the marks stage later finds the stamp: typed words under a stamp are otherwise lost to OCR.
"""

from __future__ import annotations

import cv2

from pipeline.imaging.binarize import (at_or_below, flatten_illumination, ink_and_threshold,
                                       ink_threshold, to_gray)
from pipeline.marks.removal import unmix_stamps
from pipeline.model import Page
from pipeline.settings import Context

NAME = "clean"
VERSION = "3"

MIN_SPECK_AREA = 6


def apply(page: Page, ctx: Context) -> Page:
    """Add the `gray` and `ink` masks of the current working image."""
    if page.image is None:
        return page
    gray = flatten_illumination(to_gray(page.image))
    page.masks["gray"] = gray
    reused = page.masks.get("ink") is not None and page.masks["ink"].shape == gray.shape
    ctx.note(illumination="closing-divide", denoise="median3", binarize="otsu-bounded",
             min_speck_area=MIN_SPECK_AREA, ink_reused=reused)
    if not reused:  # reused ink was made the same way by orient, from the same image
        page.masks["ink"], threshold = ink_and_threshold(gray, MIN_SPECK_AREA)
        ctx.note(threshold=None if threshold is None else round(threshold, 1))
    level = ink_threshold(gray)
    page.masks["gray"], changed = unmix_stamps(page.image, gray, page.masks["ink"], threshold=level)
    unmixed = cv2.countNonZero(changed)
    if unmixed:  # the stamp's ink leaves the mask, typed strokes under it stay
        # Kept: pixels not rewritten, and rewritten ones still as dark as ink (0/255 masks).
        keep = cv2.bitwise_or(cv2.bitwise_not(changed), at_or_below(page.masks["gray"], level))
        page.masks["ink"] = cv2.bitwise_and(page.masks["ink"], keep)
    ctx.note(stamp_unmixed_px=unmixed)
    return page
