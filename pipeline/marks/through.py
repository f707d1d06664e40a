"""A gray stamp's ink divided out of the OCR image instead of whitened.

The marks stage's mask also covers the parts of typed letters that a stamp's ring or lettering
crosses, so whitening the mask cuts those letters. Ink darkens paper multiplicatively: where a
letter runs under the stamp a pixel is about paper x typing x stamp transmittance. Dividing the
stamp's own local transmittance out leaves paper where only the stamp was and the typing's own
darkness where a letter crosses it.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.binarize import ink_threshold

# Side (px) of the window over which a mark's own tone is averaged at each of its pixels: a
# few stroke widths, so a stamp's blotches and rim shading are followed but a typed letter
# crossing the ring stays a minority of the mark pixels around it.
MARK_TONE_WINDOW = 31
# The paper's tone is the brightest nearby level over this window (marks are thin strokes).
PAPER_WINDOW = 31
# Side (px) of the window the typing's tone beside a repainted stamp's mask ink is taken over:
# two or three letter heights, so a letter under the legend finds its neighbours on the line.
TYPING_WINDOW = 63
# Margin (px) round a stamp zone that the windows reach into from the zone's pixels, so a
# zone filtered on its own comes out as it would within the whole page.
_REACH = max(MARK_TONE_WINDOW, PAPER_WINDOW, TYPING_WINDOW) // 2 + 1
# A coloured stamp repainted out of the gray image (by the clean or the marks stage) has left
# the ink mask and is paper there: of its mask pixels only the typing it crossed (and what the
# repaint spared) are still ink. A stamp zone whose mask pixels are under this share still ink,
# the rest as light as paper, was repainted; a gray stamp's mask is mostly its own ink (0.6 and
# more), and a light one's pixels off the ink are still a shade darker than paper.
REPAINTED_SHARE = 0.35
# Distance (px) past the mask that the ink of a repainted stamp's mask pixel must reach for it
# to be typing: a typed letter the ring crosses runs on out of the mask as the same stroke, while
# what the repaint left of the stamp (pale dots and arcs of the ring) lies wholly inside the
# mask. About a typed stroke's width at 300 dpi, so a speck on the mask's rim does not count.
RUN_OUT = 3
# A typed letter wholly under a repainted stamp's mask (under its legend) is as dark as the
# typing beside it; the repaint's residue is paler: mask ink is typing when no lighter than this
# share of the way from the nearby typing's mean tone to the ink threshold (a component on
# average, and each pixel kept).
TYPING_TONE = 0.4
# A typed letter is at most this many of the page's glyph heights tall, with a descender or the
# bits of residue it touches; an ink component taller than that running out of a repainted
# stamp's mask is a pen stroke or a ring's arc, not a letter the ring crossed.
LETTER_SPAN = 2.0


def without_marks(gray: np.ndarray, marks: np.ndarray, ink: np.ndarray,
                  stamped: np.ndarray, threshold: float | None = None,
                  glyph_px: float | None = None) -> np.ndarray:
    """`gray` with every mark pixel (`marks` > 0) whitened, except inside `stamped` (bool),
    where the stamp is divided out (`through_marks`) so the typing it crosses stays, or, for a
    coloured stamp already repainted out of `gray` (`was_repainted`), only the typing it crossed
    (`running_out`; `glyph_px` the typing's glyph height when known) keeps its gray;
    `threshold` is `gray`'s `ink_threshold` when the caller has it.

    Only the stamp zones' boxes (plus the windows' reach) are filtered: a page is mostly
    outside them, and filtering the whole page cost several times as much."""
    out = gray.copy()
    out[marks > 0] = 255
    own = stamped & (marks > 0)
    if not own.any():
        return out
    threshold = ink_threshold(gray) if threshold is None else threshold
    h, w = gray.shape[:2]
    _, _, stats, _ = cv2.connectedComponentsWithStats(stamped.astype(np.uint8), connectivity=8)
    for x, y, bw, bh in stats[1:, :4]:
        box = (slice(max(y - _REACH, 0), min(y + bh + _REACH, h)),
               slice(max(x - _REACH, 0), min(x + bw + _REACH, w)))
        zone = stamped[box]
        if was_repainted(own[box] & zone, ink[box], gray[box], threshold):
            typing = running_out(marks[box] > 0, ink[box] > 0, gray[box], threshold, glyph_px)
            out[box][zone] = np.where(typing, gray[box], out[box])[zone]
        else:
            out[box][zone] = through_marks(gray[box], own[box], ink[box], threshold)[zone]
    return out


def was_repainted(marks: np.ndarray, ink: np.ndarray, gray: np.ndarray, threshold: float) -> bool:
    """Whether the stamp whose mask pixels are `marks` (bool) was repainted out of `gray`: few
    of them are still `ink`, and the rest are paper (their median lighter than halfway from the
    ink `threshold` to white, where the OCR image's paper begins).

    There the ink left under the mask is the typing the repaint kept: dividing by its tone
    would take the typing for the stamp and whiten it."""
    n = int(marks.sum())
    if n == 0:
        return False
    inked = marks & (ink > 0)
    if int(inked.sum()) >= REPAINTED_SHARE * n:
        return False
    return float(np.median(gray[marks & ~inked])) >= (threshold + 255.0) / 2


def running_out(marks: np.ndarray, ink: np.ndarray, gray: np.ndarray, threshold: float,
                glyph_px: float | None = None) -> np.ndarray:
    """The `marks` (bool) pixels still `ink` (bool) that are typing a repainted stamp crossed.

    A typed letter the ring crosses runs on out of the mask by `RUN_OUT` px as the same ink
    component; one wholly under the mask (under the stamp's legend) is, on average, as dark as
    the typing beside it (`typed_cut`). The repaint's residue is neither, and its pale pixels
    joined to a typed letter are lighter than the cut, so they are left out. A component
    taller than `LETTER_SPAN` glyph heights (`glyph_px`) is no typed letter: a pen stroke the
    marks stage masked in part, whitened with the rest of the mask."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8),
                                                               connectivity=8)
    side = 2 * RUN_OUT + 1
    near = cv2.dilate(marks.astype(np.uint8), np.ones((side, side), np.uint8)) > 0
    beside = ink & ~near
    inked = marks & ink
    if not beside.any():
        return np.zeros_like(inked)
    cut = typed_cut(gray, beside, threshold)
    typed = np.zeros(count, bool)
    typed[labels[beside]] = True
    n = np.bincount(labels[inked], minlength=count)
    excess = np.bincount(labels[inked], weights=(gray - cut)[inked], minlength=count)
    typed |= (n > 0) & (excess <= 0)
    if glyph_px:
        typed &= stats[:, cv2.CC_STAT_HEIGHT] <= LETTER_SPAN * glyph_px
    typed[0] = False
    return inked & (gray <= cut) & typed[labels]


def typed_cut(gray: np.ndarray, typing: np.ndarray, threshold: float) -> np.ndarray:
    """Per pixel, the gray level a repainted stamp's mask ink must not be lighter than to be
    typing: `TYPING_TONE` of the way from the mean tone of the `typing` (bool) within
    `TYPING_WINDOW` to the ink `threshold` (of all of it, which holds some, where none is that
    near), so a letter is held to its own line's ribbon, not to a darker form print elsewhere."""
    g = gray.astype(np.float32)
    mean, weight = _local_mean(g, typing, TYPING_WINDOW)
    own = np.where(weight > 0, mean, float(g[typing].mean()))
    return own + TYPING_TONE * np.maximum(threshold - own, 0.0)


def _local_mean(g: np.ndarray, where: np.ndarray, side: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean of float32 `g` over the `where` (bool) pixels in a `side` square round each pixel,
    0 where there are none; how many there are)."""
    k = (side, side)
    weight = cv2.boxFilter(where.astype(np.float32), -1, k, normalize=False)
    total = cv2.boxFilter(np.where(where, g, 0).astype(np.float32), -1, k, normalize=False)
    return total / np.maximum(weight, 1.0), weight


def through_marks(gray: np.ndarray, marks: np.ndarray, ink: np.ndarray,
                  threshold: float) -> np.ndarray:
    """`gray` with the marks (bool `marks`) divided out instead of whitened.

    Each mark pixel is divided by the mark's own local transmittance: the mean tone of its ink
    pixels nearby over the paper's (the pale halo the mask also covers would make the mark look
    lighter than it is). What then is no darker than the page's ink `threshold` is whitened."""
    out = gray.copy()
    if not marks.any():
        return out
    g = gray.astype(np.float32)
    tone, _ = _local_mean(g, marks & (ink > 0), MARK_TONE_WINDOW)
    paper = cv2.dilate(gray, np.ones((PAPER_WINDOW, PAPER_WINDOW), np.uint8)).astype(np.float32)
    lifted = np.clip(g * paper / np.maximum(tone, 1.0), 0, 255)
    typing = marks & (lifted <= threshold)
    out[marks] = 255
    out[typing] = lifted[typing].astype(np.uint8)
    return out
