"""Stage 'deskew': measure the small skew of the upright page and rotate it level.

Sets `page.preprocess["skew_deg"]` (positive = lines rose to the right as viewed) and maps
coordinates through `page.apply_transform`, so boxes still land on the original scan.
"""

from __future__ import annotations

import cv2

from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.imaging.geometry import paper_colour, rotate_small
from pipeline.imaging.skew import estimate_skew
from pipeline.model import Page
from pipeline.settings import Context
from pipeline.stages.orient import kept_flat

NAME = "deskew"
VERSION = "3"

MAX_DEG = 10.0
# Below this a rotation would only blur the glyphs by interpolation without helping Tesseract.
MIN_ROTATE_DEG = 0.05


def apply(page: Page, ctx: Context) -> Page:
    """Estimate the skew of `page.image` and rotate the image level when it is worth it."""
    if page.image is None:
        return page
    ink = page.masks.get("ink")
    if ink is None or ink.shape != page.image.shape[:2]:
        ink = ink_mask(to_gray(page.image))
    angle = estimate_skew(ink, MAX_DEG)
    skew = 0.0 if angle is None else round(angle, 3)
    page.preprocess["skew_deg"] = skew
    rotated = abs(skew) >= MIN_ROTATE_DEG
    if rotated:
        # Lines rising to the right are levelled by turning the page clockwise (negative ccw).
        image, fwd = rotate_small(page.image, -skew, paper_colour(page.image))
        page.apply_transform(fwd, image)
        # The ink turns with the page (clean reuses it): binarising the turned page again
        # would cost a third of a second for the same strokes, edges differing by a pixel.
        turned, _ = rotate_small(ink, -skew, 0)
        page.masks["ink"] = cv2.threshold(turned, 127, 255, cv2.THRESH_BINARY)[1]
        kept_flat(page)  # of the page before the turn: let it go now
    else:
        page.masks["ink"] = ink
    ctx.note(method="projection-profile", max_deg=MAX_DEG, skew_deg=skew, rotated=rotated,
             found_text=angle is not None)
    return page
