"""Gray image, ink mask and coloured-ink mask of a page image (pure functions)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.inkcolour import paper_lab, typing_ink_colour

# Coloured ink is told from black, blue-black or tinted typing by how much colour it carries
# per unit of darkness (CIELAB chroma over lightness drop, both against the paper): typing and
# pencil stay under ~0.2 even on yellowed paper, stamp and coloured-pen inks sit near 0.3-0.5
# at any pressure. MIN_CHROMA keeps paper grain and JPEG noise on light pixels out.
MIN_RATIO = 0.24
MIN_CHROMA = 10.0
# On typing with a tint of its own (a violet or blue ribbon: `InkColour.tinted`) hue, not
# strength of colour, is the test: coloured ink must differ from the typing by this many degrees.
MIN_HUE_APART = 35.0
# Darkness floor in the ratio, so a nearly white pixel cannot look strongly coloured.
_DARK_FLOOR = 20.0


def to_gray(image: np.ndarray) -> np.ndarray:
    """uint8 gray of a gray or RGB(A) image."""
    if image.ndim == 2:
        return image
    return cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """uint8 mask, 255 where the gray image is ink (local threshold tolerant of uneven paper)."""
    h, w = gray.shape
    # Window about two typed lines high at any resolution; small fixed offset keeps paper grain out.
    block = max(15, (min(h, w) // 40) | 1)
    local = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                  block, 15)
    _, otsu = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # Adaptive alone marks the inside of big dark blobs as paper; Otsu alone loses faint ink.
    return cv2.bitwise_or(local, cv2.bitwise_and(otsu, cv2.dilate(local, np.ones((3, 3), np.uint8))))


def has_colour(image: np.ndarray) -> bool:
    """True when an image has three channels that actually differ (not a gray scan stored as RGB)."""
    if image.ndim == 2 or image.shape[2] < 3:
        return False
    sample = image[::4, ::4]
    r, g, b = sample[:, :, 0], sample[:, :, 1], sample[:, :, 2]
    # Channel by channel in uint8 (max - min cannot wrap): the same spreads as a reduction over
    # an int16 copy, in an eighth of the time.
    spread = (np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)).astype(np.int16)
    return float(np.percentile(spread, 99.5)) > 12


def colour_ratio(image: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chroma, colour per darkness, hue angle in degrees) float32 maps against the page's typing.

    Each pixel's a*b* offset from the paper, divided by its lightness drop, is a tint vector;
    the typing's tint is voted by the typed lines (`imaging.inkcolour`). Returned are the
    a*b* distance from the typing's colour and the tint vector's distance from the typing's,
    so a violet-ribbon typescript is not coloured ink but a red stamp on it is. Zeros for gray.
    Ratio (hue) is only worked out where the chroma reaches MIN_CHROMA (and a pixel round it),
    zero elsewhere: no other pixel can be coloured ink, and that is a small share of a page.
    """
    maps = _colour_maps(image, ink)
    if maps is None:
        z = np.zeros(image.shape[:2], np.float32)
        return z, z, z
    return maps


def _colour_maps(image: np.ndarray, ink: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """`colour_ratio`'s maps, None for an image without colour."""
    if not has_colour(image):
        return None
    # Channels apart in uint8 first, then float32 planes worked in place: the same float32
    # operations as on a float LAB image, without its page-sized temporaries (this is where the
    # marks stage's memory peaked, and allocating them was a good part of its time).
    l_, a_, b_ = cv2.split(cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2LAB))
    ref = paper_lab(image, ink)
    da, db, dark = a_.astype(np.float32), b_.astype(np.float32), l_.astype(np.float32)
    np.subtract(da, np.float32(ref[1]), out=da)
    np.subtract(db, np.float32(ref[2]), out=db)
    np.subtract(np.float32(ref[0]), dark, out=dark)
    np.maximum(dark, np.float32(_DARK_FLOOR), out=dark)
    del l_, a_, b_
    # The typing's tint as the typed lines vote it: a median over all ink is pulled by
    # whatever else is inked (many stamps, a scanner surround's grain).
    typing = typing_ink_colour(image, ink, paper=ref)
    typ_a, typ_b = (typing.a, typing.b) if typing else (0.0, 0.0)
    c = np.multiply(dark, np.float32(typ_a))
    np.subtract(da, c, out=c)
    off_b = np.multiply(dark, np.float32(typ_b))
    np.subtract(db, off_b, out=off_b)
    np.hypot(c, off_b, out=c)
    del off_b
    sel = c >= MIN_CHROMA
    # Hue one pixel further: `colour_ink`'s opening can set a mask pixel next to a chroma one.
    near = cv2.dilate(sel.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    sa, sb, sd = da[sel], db[sel], dark[sel]
    ratio_s = np.hypot(sa / sd - typ_a, sb / sd - typ_b)
    hue_s = np.degrees(np.arctan2(sb, sa)) % 360
    if typing is not None and typing.tinted:
        # Ribbon ink is uneven: on a tinted typescript only a different hue is a different ink.
        typ_hue = np.degrees(np.arctan2(typ_b, typ_a)) % 360
        same = np.abs((hue_s - typ_hue + 180) % 360 - 180) < MIN_HUE_APART
        ratio_s = np.where(same, 0, ratio_s)
    ratio = np.zeros(c.shape, np.float32)
    hue = np.zeros(c.shape, np.float32)
    ratio[sel] = ratio_s
    hue[near] = np.degrees(np.arctan2(db[near], da[near])) % 360
    return c, ratio, hue


def colour_ink(image: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(uint8 mask 255 where ink is coloured, hue map in degrees) of an RGB image and its ink mask."""
    maps = _colour_maps(image, ink)
    if maps is None:  # a gray page has no coloured ink, and no hue
        return np.zeros(image.shape[:2], np.uint8), np.zeros(image.shape[:2], np.float32)
    _, ratio, hue = maps
    # The ratio is only set where the chroma reaches MIN_CHROMA (zero elsewhere), so the ratio
    # alone decides; a gray pixel's 0 is under MIN_RATIO.
    coloured = np.where(ratio >= MIN_RATIO, np.uint8(255), np.uint8(0))
    # Faint stamp ink falls under the ink threshold but is still clearly tinted: keep it when it
    # touches confidently coloured ink, so the removed stamp leaves no ghost ring.
    strong = cv2.bitwise_and(coloured, ink)
    strong = cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    grown = cv2.dilate(strong, np.ones((5, 5), np.uint8))
    return cv2.bitwise_or(strong, cv2.bitwise_and(coloured, grown)), hue


def hue_classes(hue: np.ndarray, mask: np.ndarray, min_share: float = 0.05) -> list[float]:
    """Dominant hues (degrees) of the masked pixels: peaks of their circular hue histogram."""
    if not mask.any():
        return []
    hist, _ = np.histogram(hue[mask > 0], bins=36, range=(0, 360))
    smooth = hist + 0.5 * (np.roll(hist, 1) + np.roll(hist, -1))
    peaks = [(i * 10 + 5.0) for i in range(36)
             if smooth[i] >= smooth[i - 1] and smooth[i] > smooth[(i + 1) % 36]
             and smooth[i] >= min_share * smooth.sum()]
    return peaks or [float(np.median(hue[mask > 0]))]
