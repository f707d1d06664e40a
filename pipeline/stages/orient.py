"""Stage 'orient': turn the page upright (0/90/180/270 degrees clockwise).

The axis (lines across or down) comes from the pure estimator on the ink; up versus down
is decided by reading one dense band of text both ways with the OCR engine and keeping the
way it reads with more confidence (glyph shapes are language knowledge the engine has).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.postcorrect import script_letters
from pipeline.engines.tesseract import shared_engine
from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.imaging.geometry import quarter_turn, rotate_small
from pipeline.imaging.orientation import estimate_axis, probe_band
from pipeline.imaging.skew import estimate_skew
from pipeline.model import Page
from pipeline.settings import Context

NAME = "orient"
VERSION = "3"

# The probe band is this share of the page height: about three typed lines (0.04 read all
# 32 dev pages right, as 0.08 did, in two thirds of the time).
BAND_SHARE = 0.04
# A first reading this confident (mean per character, over this many characters) is upright
# enough; upside-down text never reads so well, and the second reading costs a Tesseract call.
ACCEPT_CONF = 0.80
ACCEPT_CHARS = 40
# Turning a page upside down needs a clear reading that way: handwriting and pictures read
# badly both ways, and then the scan is left as it is.
FLIP_MIN_CONF = 0.5
FLIP_MARGIN = 0.15
MIN_INK_PIXELS = 200


def _reading_score(engine, band: np.ndarray) -> tuple[float, int, str]:
    """(confidence per character, characters, text) of `band` read as a block of text."""
    words = engine.recognize(band, psm=6)
    chars = sum(len(w.text) for w in words)
    text = " ".join(w.text for w in words)
    if not chars:
        return 0.0, 0, text
    return sum(w.confidence * len(w.text) for w in words) / chars, chars, text


def _choose(candidates: tuple[int, int], scores: dict[int, tuple[float, int, str]]) -> int:
    """The better-reading candidate; for lines across, upside down only when clearly better."""
    def weight(r: int) -> float:
        conf, chars, _ = scores[r]
        return conf * min(1.0, chars / ACCEPT_CHARS)
    first, second = candidates
    if first == 0:
        better = weight(second) >= FLIP_MIN_CONF and weight(second) > weight(first) + FLIP_MARGIN
        return second if better else first
    return max(candidates, key=weight)


def apply(page: Page, ctx: Context) -> Page:
    """Rotate `page.image` upright and record `preprocess["rotation"]` (clockwise degrees)."""
    if page.image is None:
        return page
    gray = to_gray(page.image)
    ink = ink_mask(gray)  # kept (turned with the page) for deskew and clean
    if cv2.countNonZero(ink) < MIN_INK_PIXELS:  # nothing to read either way
        page.masks["ink"] = ink
        ctx.note(rotation=0, axis=None, probe={})
        return page
    axis, ratio = estimate_axis(ink)
    candidates = (0, 180) if axis == 0 else (90, 270)
    engine = ctx.engine or shared_engine(ctx.settings.lang, ctx.settings.timeout)

    first_gray, _ = quarter_turn(gray, candidates[0])
    first_ink, _ = quarter_turn(ink, candidates[0])
    # Skewed lines read badly both ways; level the probe (the deskew stage does it for real).
    skew = estimate_skew(first_ink)
    if skew and abs(skew) >= 0.5:
        first_gray, _ = rotate_small(first_gray, -skew, 255)
        first_ink, _ = rotate_small(first_ink, -skew, 0)
    y0, y1 = probe_band(first_ink, max(16, int(BAND_SHARE * first_ink.shape[0])))
    band = first_gray[y0:y1]
    scores = {candidates[0]: _reading_score(engine, band)}
    conf, chars, _ = scores[candidates[0]]
    if conf >= ACCEPT_CONF and chars >= ACCEPT_CHARS:
        rotation = candidates[0]
    else:
        scores[candidates[1]] = _reading_score(engine, band[::-1, ::-1])
        rotation = _choose(candidates, scores)

    if rotation:
        image, fwd = quarter_turn(page.image, rotation)
        page.apply_transform(fwd, image)
    page.masks["ink"] = quarter_turn(ink, rotation)[0]
    page.preprocess["rotation"] = rotation
    # The upright reading's letters per script let recognize leave out models of a script
    # the page does not use (work done once: the probe has read the page's densest lines).
    page.preprocess["probe_letters"] = script_letters(scores[rotation][2])
    ctx.note(rotation=rotation, axis=axis, axis_ratio=round(ratio, 2),
             probe={str(r): {"conf": round(c, 3), "chars": n} for r, (c, n, _) in scores.items()})
    return page
