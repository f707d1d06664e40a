"""Gray image, ink mask and coloured-ink mask of a page image (pure functions)."""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.bands import ink_bands
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


# The page's ink mask leaves out components as big as a scanner shadow (`imaging.binarize`,
# wider and taller than an eighth of the page): a large stamp's ring, and with it every typed
# glyph the ring touches, which the layout then never sees. Around a stamp the page's dark
# pixels are put back, this many letter heights past its box (glyphs touching the ring from
# outside); the marks mask takes the stamp's own ink out again.
RESTORE_REACH = 2.0


def restore_near(ink: np.ndarray, dark: np.ndarray, boxes: list[tuple[int, int, int, int]],
                 xh: float) -> np.ndarray:
    """`ink` (uint8, 255 = ink) with the pixels of `dark` (bool, the page's ink by tone alone)
    within RESTORE_REACH letter heights (`xh`) of the (x0, y0, x1, y1) `boxes` put back (a copy;
    `ink` itself when there is nothing to put back)."""
    if not boxes:
        return ink
    out = ink.copy()
    h, w = ink.shape
    m = int(RESTORE_REACH * xh + 0.5)
    for x0, y0, x1, y1 in boxes:
        sy, sx = slice(max(0, y0 - m), min(h, y1 + m)), slice(max(0, x0 - m), min(w, x1 + m))
        out[sy, sx][dark[sy, sx]] = 255
    return out


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


# Rows of the page worked at a time (about this many pixels), in buffers made once and reused:
# page-sized float32 planes were most of this work's time (fresh mappings under the mmap
# threshold workers had then, `executors.bound_heap_growth`) and of its memory peak.
_BAND_PX = 1 << 18
# A pixel whose chroma reaches MIN_CHROMA has a sum of squares of at least about its square;
# this a little under it, so float32 rounding cannot leave one out.
_MAYBE_SQ = 0.99 * MIN_CHROMA ** 2


def _colour_maps(image: np.ndarray, ink: np.ndarray, gray: np.ndarray | None = None,
                 ink_stats: np.ndarray | None = None, chroma: bool = True,
                 typing_ink: np.ndarray | None = None
                 ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray] | None:
    """`colour_ratio`'s maps (the chroma map None unless `chroma`), None for an image without
    colour (`gray`, `ink_stats`, `typing_ink`: as `colour_ink` takes them).

    Worked band by band: every operation is per pixel but the one-pixel dilation that says
    where hue is wanted, for which each band is worked with the row below it and the row
    above it kept: the same float32 operations on the same values as on whole planes.
    """
    if not has_colour(image):
        return None
    ref = paper_lab(image, ink)
    # The typing's tint as the typed lines vote it: a median over all ink is pulled by
    # whatever else is inked (many stamps, a scanner surround's grain).
    if typing_ink is None:
        typing = typing_ink_colour(image, ink, paper=ref, gray=gray, ink_stats=ink_stats)
    else:
        typing = typing_ink_colour(image, typing_ink, paper=ref, gray=gray)
    typ_a, typ_b = (typing.a, typing.b) if typing else (0.0, 0.0)
    typ_hue = np.degrees(np.arctan2(typ_b, typ_a)) % 360 if typing and typing.tinted else None
    h, w = image.shape[:2]
    chroma_map = np.empty((h, w), np.float32) if chroma else None
    ratio = np.zeros((h, w), np.float32)
    hue = np.zeros((h, w), np.float32)
    step = max(1, _BAND_PX // max(1, w))
    rows = min(h, step + 1)  # a band and the row below it
    lab = np.empty((rows, w, 3), np.uint8)
    da, db, dark, c, off_b, sq, boff_sq = (np.empty((rows, w), np.float32) for _ in range(7))
    block = np.zeros((rows + 1, w), np.uint8)  # the chroma test with the row above
    grown = np.empty((rows + 1, w), np.uint8)
    rgb = image[:, :, :3]
    for y0 in range(0, h, step):
        y1 = min(h, y0 + step)
        m = min(h, y1 + 1) - y0  # and the row below, for the dilation
        n = y1 - y0
        cv2.cvtColor(np.ascontiguousarray(rgb[y0:y0 + m]), cv2.COLOR_RGB2LAB, dst=lab[:m])
        bda, bdb, bdark, bc, boff = da[:m], db[:m], dark[:m], c[:m], off_b[:m]
        np.subtract(lab[:m, :, 1], np.float32(ref[1]), out=bda, dtype=np.float32)
        np.subtract(lab[:m, :, 2], np.float32(ref[2]), out=bdb, dtype=np.float32)
        np.subtract(np.float32(ref[0]), lab[:m, :, 0], out=bdark, dtype=np.float32)
        np.maximum(bdark, np.float32(_DARK_FLOOR), out=bdark)
        np.multiply(bdark, np.float32(typ_a), out=bc)
        np.subtract(bda, bc, out=bc)
        np.multiply(bdark, np.float32(typ_b), out=boff)
        np.subtract(bdb, boff, out=boff)
        top = 0 if y0 == 0 else 1  # block row 0 holds the row above the band, if any
        test = block[top:top + m]
        if chroma_map is not None:
            np.hypot(bc, boff, out=bc)
            np.greater_equal(bc, MIN_CHROMA, out=test.view(bool))
            chroma_map[y0:y1] = bc[:n]
            sel = np.flatnonzero(test[:n])
        else:
            # Only the test is wanted: the sum of squares (fast) finds the few pixels that can
            # reach MIN_CHROMA, and `np.hypot` (slow) decides them as on the whole band.
            np.multiply(bc, bc, out=sq[:m])
            np.multiply(boff, boff, out=boff_sq[:m])
            np.add(sq[:m], boff_sq[:m], out=sq[:m])
            maybe = np.flatnonzero(sq[:m] >= _MAYBE_SQ)
            sure = maybe[np.hypot(bc.reshape(-1)[maybe], boff.reshape(-1)[maybe]) >= MIN_CHROMA]
            test[:] = 0
            test.reshape(-1)[sure] = 1
            sel = sure[:np.searchsorted(sure, n * w)]  # the band's own rows, not the one below
        # Hue one pixel further: `colour_ink`'s opening can set a mask pixel next to a chroma one.
        cv2.dilate(block[:top + m], np.ones((3, 3), np.uint8), dst=grown[:top + m])
        # `sel` and `near`: flat indexes of the band's chroma pixels and of those a pixel round
        # them, row by row as a boolean mask would pick them (a small share of the band).
        near = np.flatnonzero(grown[top:top + n])
        fa, fb, fd = bda[:n].reshape(-1), bdb[:n].reshape(-1), bdark[:n].reshape(-1)
        sa, sb, sd = fa[sel], fb[sel], fd[sel]
        ratio_s = np.hypot(sa / sd - typ_a, sb / sd - typ_b)
        if typ_hue is not None:
            # Ribbon ink is uneven: on a tinted typescript only a different hue is a different ink.
            hue_s = np.degrees(np.arctan2(sb, sa)) % 360
            same = np.abs((hue_s - typ_hue + 180) % 360 - 180) < MIN_HUE_APART
            ratio_s = np.where(same, 0, ratio_s)
        ratio[y0:y1].reshape(-1)[sel] = ratio_s
        hue[y0:y1].reshape(-1)[near] = np.degrees(np.arctan2(fb[near], fa[near])) % 360
        block[0] = block[top + n - 1]  # the band's last row is the next band's row above
    return chroma_map, ratio, hue


def colour_ink(image: np.ndarray, ink: np.ndarray, gray: np.ndarray | None = None,
               ink_stats: np.ndarray | None = None, typing_ink: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """(uint8 mask 255 where ink is coloured, hue map in degrees) of an RGB image and its ink mask.
    `gray` (`to_gray(image)`) and `ink_stats` (`ink`'s 8-connected component stats, all rows):
    when the caller has them, they are not worked out again. `typing_ink`: a cleaner ink mask
    of the same image the typed lines that vote the typing's colour are found in (`ink` when
    None). A heavy scan's local threshold takes the paper's grain for ink; its grain "lines"
    outvote the typed ones and call a violet ribbon black, after which its lines are
    coloured ink, while the clean stage's ink, specks removed, holds the typed lines only."""
    maps = _colour_maps(image, ink, gray, ink_stats, chroma=False, typing_ink=typing_ink)
    if maps is None:  # a gray page has no coloured ink, and no hue
        return np.zeros(image.shape[:2], np.uint8), np.zeros(image.shape[:2], np.float32)
    _, ratio, hue = maps
    # The ratio is only set where the chroma reaches MIN_CHROMA (zero elsewhere), so the ratio
    # alone decides; a gray pixel's 0 is under MIN_RATIO.
    coloured = np.where(ratio >= MIN_RATIO, np.uint8(255), np.uint8(0))
    out = np.zeros_like(coloured)
    # Coloured ink is a few stamps and notes: worked only on the bands that hold it, grown by
    # what the steps below reach (an opening spills a pixel, the growth two more); past that
    # every step gives 0 on the whole page too.
    for x0, y0, x1, y1 in ink_bands(coloured, _SPILL):
        c = coloured[y0:y1, x0:x1]
        # Faint stamp ink falls under the ink threshold but is still clearly tinted: keep it
        # when it touches confidently coloured ink, so the removed stamp leaves no ghost ring.
        strong = cv2.bitwise_and(c, ink[y0:y1, x0:x1])
        strong = cv2.morphologyEx(strong, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
        grown = cv2.dilate(strong, np.ones((5, 5), np.uint8))
        out[y0:y1, x0:x1] = cv2.bitwise_or(strong, cv2.bitwise_and(c, grown))
    return out, hue


# How far `colour_ink`'s steps reach from coloured ink, with a pixel to spare.
_SPILL = 4


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
