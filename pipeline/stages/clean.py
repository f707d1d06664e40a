"""Stage 'clean': an illumination-flattened gray image and an ink mask for the later stages.

Keeps `page.image` (colour is what tells stamp ink apart) and adds `page.masks["gray"]`
(uint8, paper ~255) and `page.masks["ink"]` (uint8, 255 = ink; specks, scanner shadows and
page edges removed). An ink mask that orient/deskew left for the current image is reused;
where orient cut a scan surround out of it (measured on the page before it was levelled: a
shadowed corner of the sheet taken for it took typed lines with it on fresh dev heavy pages),
the pieces it cut whole or mostly are given back (`_restore_cut`), but for those reaching the
levelled page's surround (the one layout leaves out) grown by `EDGE_SHARE` of the page or a
band that wide along the image's sides: a border's shadow, the sheet's edge beside a board.
Stamp-coloured ink is unmixed from the typing in both (`marks.removal.unmix_stamps`), whether or
not the marks stage later finds the stamp: typed words under a stamp are otherwise lost to OCR.
Coloured ink laid out in typed lines is not a stamp but typing of a second colour (a violet
ribbon on a black printed form) and stays (`_give_back_typing`).
Dust specks standing alone on the paper (`binarize.isolated_specks`) are whitened in both.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.binarize import (at_or_below, flatten_illumination, ink_and_threshold,
                                       ink_threshold, isolated_specks, to_gray)
from pipeline.imaging.blocks import glyph_height, scan_surround, typed_line_share
from pipeline.marks.removal import UNMIX_MARGIN, page_tints, stamp_boxes, unmix_stamps
from pipeline.model import Page
from pipeline.settings import Context
from pipeline.stages.orient import kept_flat

NAME = "clean"
VERSION = "10"

MIN_SPECK_AREA = 6
# Ink orient cut is not given back within this share of the image's shorter side from its
# sides or from the levelled page's surround: fresh dev heavy page 1338 read the shadowed
# strips along its sides (within 50 px of 2480) as `|`, `і`, `ИНИНИ`, held-out 1014 a strip
# 70 px wide as `дар ара` (the levelled canvas is wider than the scan: its sides lie inside),
# the real tapuscorpus scan 12148-btv1b52502601r_10 the sheet's edge beside the board as `LL`.
# Only what is given back is limited so: ink orient kept there stays.
EDGE_SHARE = 0.06
# A piece of ink orient's mask covers this share of is one it kept (made before the page was
# levelled, its pixels differ a little); one covered less was cut, whole or a letter in part.
KEPT_SHARE = 0.5
# Ink unmixed as a stamp is typing in a second colour when this share of it is glyphs set in
# typed lines (`blocks.typed_line_share`): a violet typed body 0.99, the stamps and pen of
# census pages 5200-5279 0.51 at most.
TYPED_LINE_SHARE = 0.8


def surround_cut(page: Page) -> bool:
    """Whether the orient stage cut a scan surround out of the ink mask it left (its note)."""
    return any(step.name == "orient" and step.params.get("surround_share")
               for step in page.steps)


def _restore_cut(page: Page, gray: np.ndarray) -> tuple[np.ndarray, int]:
    """(orient's ink with the pieces it cut as a surround given back, how many pixels): the
    pieces of the ink made again that orient's ink covers less than KEPT_SHARE of, wholly
    outside the levelled page's surround grown by EDGE_SHARE of the page and a band that wide
    along its sides."""
    ink = page.masks["ink"]
    fresh, _ = ink_and_threshold(gray, MIN_SPECK_AREA)
    surround = scan_surround(to_gray(page.image))
    edge = max(1, int(EDGE_SHARE * min(surround.shape)))
    # The sheet's own edge, beside the surround, casts a shadow the surround leaves.
    away = cv2.dilate(surround.view(np.uint8), np.ones((2 * edge + 1,) * 2, np.uint8))
    away[:edge], away[-edge:], away[:, :edge], away[:, -edge:] = 1, 1, 1, 1
    n, labels = cv2.connectedComponents(fresh, connectivity=8)
    # Pieces orient kept are its ink already (their pixels differ a little: it made them
    # before the page was levelled); the ones it cut whole or for the most part come back,
    # unless they reach into the surround or the band (a shadow strip along the side).
    area = np.bincount(labels.ravel(), minlength=n)
    held = np.bincount(labels[ink > 0], minlength=n)
    kept = held >= KEPT_SHARE * area
    kept[np.unique(labels[away > 0])] = True
    kept[0] = True
    back = ~kept[labels]
    restored = int(np.count_nonzero(back))
    if not restored:
        return ink, 0
    return np.where(back, np.uint8(255), ink), restored


def _kept(unmixed_gray: np.ndarray, changed: np.ndarray, level: float) -> np.ndarray:
    """Ink that unmixing keeps (0/255): pixels not rewritten, and rewritten ones still as dark
    as ink."""
    return cv2.bitwise_or(cv2.bitwise_not(changed), at_or_below(unmixed_gray, level))


def _give_back_typing(gray: np.ndarray, unmixed_gray: np.ndarray, changed: np.ndarray,
                      given: np.ndarray, ink: np.ndarray, boxes: list[tuple[int, int, int, int]],
                      level: float) -> int:
    """Undo, in place in `unmixed_gray`, `changed` and `given`, the unmixing of the stamp
    `boxes` whose removed ink is glyphs set in typed lines (`blocks.typed_line_share` at least
    TYPED_LINE_SHARE); how many boxes.

    A page typed on a violet ribbon over a black printed form has two typing colours: the
    form's black wins the typing's vote and the violet lines, tinted unlike it and dense, are
    taken for a stamp and unmixed to paper. Census page 5264 (heavy) lost its body lines so,
    from the ink mask and from the image Tesseract reads alike.
    """
    removed = cv2.bitwise_and(ink, cv2.bitwise_not(_kept(unmixed_gray, changed, level)))
    char_h = glyph_height(ink)
    h, w = gray.shape
    boxes_given = 0
    for x0, y0, x1, y1 in boxes:
        # Unmixing reaches a few pixels past the box (its stamp is measured at half size).
        x0, y0 = max(0, x0 - UNMIX_MARGIN), max(0, y0 - UNMIX_MARGIN)
        x1, y1 = min(w, x1 + UNMIX_MARGIN), min(h, y1 + UNMIX_MARGIN)
        if typed_line_share(removed[y0:y1, x0:x1], char_h) < TYPED_LINE_SHARE:
            continue
        unmixed_gray[y0:y1, x0:x1] = gray[y0:y1, x0:x1]
        changed[y0:y1, x0:x1] = 0
        given[y0:y1, x0:x1] = 0
        boxes_given += 1
    return boxes_given


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
    if not reused:
        page.masks["ink"], threshold = ink_and_threshold(gray, MIN_SPECK_AREA)
        ctx.note(threshold=None if threshold is None else round(threshold, 1))
    elif surround_cut(page):  # reused ink was made the same way by orient, but for the cut
        page.masks["ink"], restored = _restore_cut(page, gray)
        ctx.note(restored_px=restored)
    level = ink_threshold(gray)
    ink = page.masks["ink"]
    # One colour estimate for the boxes and the split.
    tints = page_tints(page.image, ink)
    boxes = stamp_boxes(page.image, ink, tints) if tints else []
    # The typing given its own lean back (`unmix_stamps`) is no lighter than it was: the marks
    # stage spares it from repainting as it spares the lifted typing.
    given = np.zeros(gray.shape, np.uint8)
    unmixed_gray, changed = unmix_stamps(page.image, gray, ink, threshold=level, boxes=boxes,
                                         given=given, tints=tints)
    typing = 0
    if cv2.countNonZero(changed):
        typing = _give_back_typing(gray, unmixed_gray, changed, given, ink, boxes, level)
    page.masks["gray"], page.masks["unmix_given"] = unmixed_gray, given
    unmixed = cv2.countNonZero(changed)
    if unmixed:  # the stamp's ink leaves the mask, typed strokes under it stay
        page.masks["ink"] = cv2.bitwise_and(ink, _kept(unmixed_gray, changed, level))
    ctx.note(stamp_unmixed_px=unmixed, coloured_typing_boxes=typing)
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
