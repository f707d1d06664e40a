"""The blobs of a page worth judging as marks, and their features (pure: arrays in, blobs out).

A blob is a connected group of ink (`blobs.find_blobs`: whole stamps, long strokes cut free of
the typing, coloured ink grouped by hue); specks, hairlines, streaks and the scanner's surround
are left out before the classifier sees them (`detect` judges the rest).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks import blobs as blobs_mod
from pipeline.marks.blobs import Blob
from pipeline.marks.features import page_features
from pipeline.marks.ink import colour_ink, ink_mask, to_gray
from pipeline.marks.regions import Candidates
from pipeline.marks.stampshape import stands_alone
from pipeline.model import BBox

# Coloured ink smaller than this many letter heights is a candidate only standing alone
# (`candidates`).
MIN_COLOURED = 2.0
# The inks of stamps and pens (`colour_name`); a scanner surround's cloth or card is not one.
PEN_COLOURS = ("red", "blue", "violet")


def is_candidate(box: BBox, xh: float) -> bool:
    """Whether a blob is worth judging by its size and shape.

    Left out: specks and punctuation; hairline rules and typed underscores (thinner than any
    pen line at this letter size); long vertical streaks (paper edges, binding shadows). What
    touches the image's border is judged apart (`candidates`, `_mark_at_border`).
    """
    if max(box.width, box.height) < 0.6 * xh or min(box.width, box.height) < 0.25 * xh:
        return False
    return not (box.height > 8 * xh and box.width < 0.12 * box.height)


def touches_border(box: BBox, shape: tuple[int, ...]) -> bool:
    """Whether a box reaches the border of an image of `shape` (within a pixel)."""
    h, w = shape[:2]
    return box.x0 <= 1 or box.y0 <= 1 or box.x1 >= w - 1 or box.y1 >= h - 1


def colour_name(image: np.ndarray, mask: np.ndarray) -> str:
    """The colour a reviewer would name the ink `mask` of `image` by (its median hue): red, blue,
    violet, other; black for a gray image or no ink."""
    if image.ndim == 2 or not mask.any():
        return "black"
    hsv = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2HSV)
    hue = float(np.median(hsv[:, :, 0][mask])) * 2  # OpenCV hue is 0..179
    if hue < 20 or hue >= 330:
        return "red"
    if 190 <= hue < 255:
        return "blue"
    if 255 <= hue < 330:
        return "violet"
    return "other"


def candidates(image: np.ndarray, gray: np.ndarray | None = None,
               ink: np.ndarray | None = None, with_features: bool = True,
               typing_ink: np.ndarray | None = None) -> Candidates:
    """Blobs of an upright working image and their features (gray/ink computed when not given;
    `typing_ink`: the ink the typing's colour is voted on, `ink.colour_ink`)."""
    own_gray = gray is None  # only the image's own gray may stand in for it below
    gray = to_gray(image) if gray is None else gray
    ink = ink_mask(gray) if ink is None else ink
    # One labelling of the ink gives the letter size here and the type size the typing's
    # colour is measured with (its label image is not needed).
    binary = ink if ink.dtype == np.uint8 and ink.flags.c_contiguous else (ink > 0).astype(np.uint8)
    st_all = cv2.connectedComponentsWithStats(binary, connectivity=8)[2]
    colour, hue = colour_ink(image, ink, gray if own_gray else None, st_all, typing_ink)
    xh = blobs_mod.text_height(st_all, gray.shape[0])
    blobs, labels, stats = blobs_mod.find_blobs(ink, colour, xh, hue)
    # Coloured ink smaller than a couple of letters is the fringe of tinted typing on a real
    # scan far more often than a mark: hardly a pen word is that small. A fringe lies on typed
    # letters, though; standing alone (`stampshape.stands_alone`) it is a mark: a one-digit
    # folio stamp in the sheet's corner.
    cands = [b for b in blobs if is_candidate(b.box, xh)
             and (not touches_border(b.box, gray.shape) or _mark_at_border(image, colour, b))
             and not (b.coloured and max(b.box.width, b.box.height) < MIN_COLOURED * xh
                      and not stands_alone(labels, b.box, b.labels, xh))]
    feats = page_features(cands, labels, stats, gray, ink, colour, xh) if with_features else None
    return Candidates(cands, feats, labels, colour, xh, stats, gray)


def _mark_at_border(image: np.ndarray, colour: np.ndarray, blob: Blob) -> bool:
    """Whether a blob touching the image's border is still worth judging: coloured ink of a
    stamp's or pen's colour (PEN_COLOURS; `colour` the page's coloured-ink mask), as archive
    scans are often cropped through a folio number or a stamp. Anything else there is the
    scanner's surround (brown or gray cloth or card), a binding shadow or a dark border strip."""
    if not blob.coloured:
        return False
    x0, y0, x1, y1 = (int(v) for v in (blob.box.x0, blob.box.y0, blob.box.x1, blob.box.y1))
    return colour_name(image[y0:y1, x0:x1], colour[y0:y1, x0:x1] > 0) in PEN_COLOURS
