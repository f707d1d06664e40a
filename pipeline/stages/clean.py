"""Stage 'clean': an illumination-flattened gray image and an ink mask for the later stages.

Keeps `page.image` (colour is what tells stamp ink apart) and adds `page.masks["gray"]`
(uint8, paper ~255) and `page.masks["ink"]` (uint8, 255 = ink; specks, scanner shadows and
page edges removed). An ink mask that orient/deskew left for the current image is reused.
Stamp-coloured ink is unmixed from the typing in both (`marks.removal.unmix_stamps`), whether or
not the marks stage later finds the stamp: typed words under a stamp are otherwise lost to OCR.
Dust specks standing alone on the paper (`binarize.isolated_specks`) are whitened in both.
"""

from __future__ import annotations

import cv2

from pipeline.imaging.binarize import (at_or_below, flatten_illumination, ink_and_threshold,
                                       ink_threshold, isolated_specks, to_gray)
from pipeline.marks.removal import unmix_stamps
from pipeline.model import Page
from pipeline.settings import Context
from pipeline.stages.orient import kept_flat

NAME = "clean"
VERSION = "5"

MIN_SPECK_AREA = 6


def apply(page: Page, ctx: Context) -> Page:
    """Add the `gray` and `ink` masks of the current working image."""
    if page.image is None:
        return page
    # The page orient flattened, where no stage has turned it since: the same image again.
    kept = kept_flat(page)
    gray = flatten_illumination(to_gray(page.image)) if kept is None else kept
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
    # Dust and foxing standing alone on the paper: Tesseract reads a speck as `|`, `°` or `.`,
    # often as a line of its own. The gray image is what it reads, so the speck goes there too,
    # with the soft rim the blur gave it.
    specks = isolated_specks(at_or_below(page.masks["gray"], level))
    found = cv2.countNonZero(specks)
    if found:
        rim = cv2.dilate(specks, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
        page.masks["gray"] = cv2.bitwise_or(page.masks["gray"], rim)
        page.masks["ink"] = cv2.bitwise_and(page.masks["ink"], cv2.bitwise_not(rim))
    ctx.note(speck_px=found)
    return page
