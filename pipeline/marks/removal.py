"""Repaint stamp ink out of the gray image so the typed text under a stamp is read."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.imaging.binarize import flatten_illumination, ink_threshold, median_level
from pipeline.imaging.inkcolour import typing_ink_colour


def repaint(gray: np.ndarray, remove: np.ndarray) -> np.ndarray:
    """A copy of `gray` with pixels under `remove` (255) replaced by the surrounding paper tone.

    Pixels that are typed ink stay: `remove` must already exclude them (coloured ink only).
    """
    out = gray.copy()
    if not remove.any():
        return out
    # Paper tone from a wide max filter over the gray image: the stamp ink is thin, so the
    # brightest value nearby is paper, and this follows uneven illumination.
    k = 15
    paper = cv2.dilate(gray, np.ones((k, k), np.uint8))
    paper = cv2.blur(paper, (k, k))
    sel = remove > 0
    out[sel] = paper[sel]
    return out


# A pixel was unmixed by the clean stage (`unmix_stamps`) when it is this many gray levels
# lighter there than on the plain flattened page.
UNMIXED_LIFT = 10
# The plain page is flattened in the box with this margin round it (the paper estimate's room).
UNMIX_MARGIN = 32


def spare_unmixed(image: np.ndarray, gray: np.ndarray, remove: np.ndarray,
                  boxes: list[tuple[int, int, int, int]],
                  given: np.ndarray | None = None) -> np.ndarray:
    """`remove` (uint8, 255 = coloured ink to repaint, in the (x0, y0, x1, y1) `boxes`) without
    the pixels the clean stage unmixed (lighter in `gray` than on the plain flattened `image`)
    that are still as dark as ink (`binarize.ink_threshold`): the stamp's share of their ink
    is gone already and what is left is the typing under it, which repainting would punch
    out of the typed glyphs a stroke crosses. Pixels not unmixed (the inks too alike, or no
    stamp found there by colour) are repainted, as before. `given` (uint8, 255): pixels
    `unmix_stamps` gave their typing's own lean back to; they hold typing no lighter than it
    was, so they are spared as the lifted ones are, when as dark."""
    if image.ndim != 3 or not boxes:
        return remove
    out = remove.copy()
    level = ink_threshold(gray)
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        cx0, cy0 = max(0, x0 - UNMIX_MARGIN), max(0, y0 - UNMIX_MARGIN)
        cx1, cy1 = min(w, x1 + UNMIX_MARGIN), min(h, y1 + UNMIX_MARGIN)
        sel = remove[y0:y1, x0:x1] > 0
        if not sel.any():
            continue
        plain = flatten_illumination(cv2.cvtColor(np.ascontiguousarray(image[cy0:cy1, cx0:cx1, :3]),
                                                  cv2.COLOR_RGB2GRAY))
        plain = plain[y0 - cy0:y1 - cy0, x0 - cx0:x1 - cx0]
        now = gray[y0:y1, x0:x1]
        lifted = now.astype(np.int16) - plain.astype(np.int16) >= UNMIXED_LIFT
        if given is not None:
            lifted |= given[y0:y1, x0:x1] > 0
        # What the unmixing left of the stamp is lighter than the typing beside it: only
        # pixels darker than halfway from the typing's tone to the ink threshold are typing.
        typing = now[~sel & (now <= level)]
        cut = (float(np.median(typing)) + level) / 2 if typing.size else level
        out[y0:y1, x0:x1][sel & lifted & (now <= cut)] = 0
    return out


def removal_mask(colour: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """uint8 mask (255) of coloured ink inside the given (x0, y0, x1, y1) boxes, grown by 1 px
    to take the anti-aliased rim of each stroke along."""
    out = np.zeros_like(colour)
    for x0, y0, x1, y1 in boxes:
        out[y0:y1, x0:x1] = colour[y0:y1, x0:x1]
    return cv2.dilate(out, np.ones((3, 3), np.uint8))


# Colour per unit of darkness (CIELAB a*b* offset from the paper over lightness drop) by which
# stamp ink differs from the page's typing. Typing, even a tinted ribbon on yellowed paper, is
# consistent; stamp and coloured-pen ink differ by 0.2-0.5. Single pixels at glyph edges reach
# it too (JPEG colour fringes), so the test is on the mean over a small window of dark pixels.
MIN_TINT_EXCESS = 0.2
# Darkness from which a pixel is ink (CIELAB L, 0-255 scale).
MIN_DROP = 25.0
_DARK_FLOOR = 20.0
# A stamp is large: its coloured ink spans at least this share of the page's shorter side.
MIN_STAMP_SHARE = 0.04
# Tinted paper (yellowing, show-through, a worn page's JPEG colour noise) chains into boxes
# half the page wide with under 1% of them tinted; a stamp is smaller than this share of the
# page's shorter side or many times denser (dev stamps: at most 0.28 of the side, at least
# 1.7% tinted; tinted paper on heavy pages: 0.44-0.68 of the side, 0.2-0.5% tinted).
MAX_SPARSE_SIDE = 0.35
MIN_STAMP_FILL = 0.01
# Two inks whose colours (optical density directions) lie closer than this cannot be unmixed.
MIN_INK_ANGLE_DEG = 8.0
# Stamp ink density (natural log units) from which a pixel is rewritten; paper grain is below.
MIN_STAMP_DENSITY = 0.08
# The typed strokes round a pixel speak for the ink it is typed in: those within a window about
# a letter tall (typewriter letters are 25-40 px at 300 dpi), more than STAMP_RIM px from the
# stamp's tinted strokes, with at least MIN_TYPED_DENSITY of typing ink (a stroke's body, not
# its rim), and at least MIN_LEAN_PIXELS of them; elsewhere the typing is the page's own ink.
LEAN_WINDOW = 31
STAMP_RIM = 2
MIN_TYPED_DENSITY = 0.5
MIN_LEAN_PIXELS = 5
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)
# The share of each typed line's ink that votes the typing's tint (percentiles of darkness):
# all of it. Where a stamp crosses a line, the crossings are the line's darkest pixels and can
# be most of its darker half (the cores detection votes with), so the stamp would colour the
# tint it is unmixed against; among all of a line's ink they are a minority.
TYPING_VOTE = (0.0, 100.0)


@dataclass(frozen=True)
class Tints:
    """The page's paper colour (CIELAB) and its typing's colour per unit of darkness."""

    paper: tuple[float, float, float]
    typing: tuple[float, float]


def page_tints(image: np.ndarray, ink: np.ndarray) -> Tints | None:
    """Paper and typing colour of an RGB page with ink mask `ink` (255 = ink); None for gray."""
    if image.ndim != 3 or image.shape[2] < 3:
        return None
    # Every third pixel is plenty for two medians.
    lab8 = _lab8(image[::3, ::3])
    small = ink[::3, ::3]
    paper = cv2.dilate(small, np.ones((3, 3), np.uint8)) == 0
    if not paper.any() or not (small > 0).any():
        return None
    ref = tuple(median_level(lab8[:, :, k][paper]) for k in range(3))
    # The typing's tint as its typed lines vote it: a big stamp over the text is a good share
    # of a page's ink and pulls a median over all of it towards its own colour, until the
    # stamp no longer differs enough from "the typing" to be unmixed.
    voted = typing_ink_colour(image, ink, paper=ref, band=TYPING_VOTE)
    if voted is not None:
        return Tints(ref, (voted.a, voted.b))
    inked = small > 0  # typing is most of the ink
    # The tint of the inked pixels only: the rest of the page would be worked out for nothing.
    ta, tb, _ = _tint(lab8[inked][None], ref)
    return Tints(ref, (float(np.median(ta)), float(np.median(tb))))


def _lab8(rgb: np.ndarray) -> np.ndarray:
    """CIELAB of an RGB image, 8-bit (L scaled to 0-255, a and b offset by 128)."""
    return cv2.cvtColor(np.ascontiguousarray(rgb[:, :, :3]), cv2.COLOR_RGB2LAB)


def _tint(lab8: np.ndarray, paper: tuple[float, float, float]):
    """(a* per unit of darkness, b* per unit of darkness, darkness) of an 8-bit LAB image
    against the paper's LAB colour, in float32."""
    # Channels apart first (cheap in uint8): arithmetic on contiguous planes, in place.
    l_, a_, b_ = (c.astype(np.float32) for c in cv2.split(lab8))
    drop = np.subtract(np.float32(paper[0]), l_, out=l_)
    dark = np.maximum(drop, np.float32(_DARK_FLOOR))
    ta = np.subtract(a_, np.float32(paper[1]), out=a_)
    tb = np.subtract(b_, np.float32(paper[2]), out=b_)
    return np.divide(ta, dark, out=ta), np.divide(tb, dark, out=tb), drop


def _tinted(rgb: np.ndarray, tints: Tints) -> np.ndarray:
    """bool map of the pixels of `rgb` whose neighbourhood is tinted unlike the typing."""
    lab8 = _lab8(rgb)
    # Only pixels dark enough to be ink can be stamp ink: their tint alone is worked out (a
    # tenth of a page or so), with the same float32 operations as on whole planes. Darkness
    # depends on the L level alone, so it is tested once per level.
    levels = np.arange(256, dtype=np.float32)
    dark_level = np.subtract(np.float32(tints.paper[0]), levels) >= MIN_DROP
    dark = dark_level[lab8[:, :, 0]]
    where = np.flatnonzero(dark)
    out = np.zeros(dark.shape, bool)
    if not len(where):
        return out
    ta, tb, _ = _tint(lab8.reshape(-1, 3)[where][None], tints.paper)
    ta -= np.float32(tints.typing[0])
    tb -= np.float32(tints.typing[1])
    excess = np.hypot(ta, tb, out=ta).ravel()
    # The excess times the 0/1 darkness, as a page: zero off the dark pixels.
    weighted = np.zeros(dark.shape, np.float32)
    weighted.ravel()[where] = excess
    # Window of about a stroke's width: JPEG fringes along a black glyph average out with the
    # glyph's core, a stamp's strokes stay tinted throughout.
    win = (7, 7)
    inked = cv2.boxFilter(weighted, -1, win)
    share = cv2.boxFilter(dark.astype(np.float32), -1, win)
    keep = excess >= 0.5 * MIN_TINT_EXCESS
    at = where[keep]
    mean = np.divide(inked.ravel()[at], np.maximum(share.ravel()[at], np.float32(1e-3)))
    out.ravel()[at[mean >= MIN_TINT_EXCESS]] = True
    return out


def stamp_boxes(image: np.ndarray, ink: np.ndarray,
                tints: Tints | None = None) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) boxes of stamp-coloured ink on an RGB page, found without a stamp detector.

    Ink is stamp ink when the dark pixels around it are, on average, tinted unlike the typing
    (`ink`: uint8, 255 = ink, mostly typing), and the coloured ink it belongs to spans a stamp's
    size: a coloured word or speck does not. [] for a gray image. `tints`: the page's
    `page_tints`, when the caller has them already.
    """
    tints = tints or page_tints(image, ink)
    if tints is None:
        return []
    # Stamps are large: found at half size.
    tinted = _tinted(image[::2, ::2], tints).astype(np.uint8) * 255
    h, w = tinted.shape
    span = MIN_STAMP_SHARE * min(h, w)
    # Strokes of one stamp lie close together: join them before measuring the extent.
    gap = max(3, int(span / 2)) | 1
    joined = cv2.dilate(tinted, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (gap, gap)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    strokes = np.bincount(labels[tinted > 0], minlength=n)
    boxes = []
    for k in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[k, :4])
        # A stamp carries a lot of coloured ink; the odd tinted fringe along typing does not.
        if bw < span or bh < span or strokes[k] < 0.25 * span * span:
            continue
        # Nor is a box both huge and nearly empty a stamp: that is tinted paper.
        if max(bw, bh) > MAX_SPARSE_SIDE * min(h, w) and strokes[k] < MIN_STAMP_FILL * bw * bh:
            continue
        boxes.append((2 * x, 2 * y, min(ink.shape[1], 2 * (x + bw)), min(ink.shape[0], 2 * (y + bh))))
    return boxes


def _optical_density(level: np.ndarray) -> np.ndarray:
    """-ln(level / 255) in float32, a level of 0 counted as 1."""
    return -np.log(np.maximum(level.astype(np.float32), 1.0) / 255.0)


# The density of each of the 256 levels, looked up rather than a logarithm per pixel.
_DENSITY = _optical_density(np.arange(256, dtype=np.uint8))


def _density(rgb: np.ndarray) -> np.ndarray:
    """Optical density -ln(transmittance) per channel (H, W, 3), against the local paper."""
    flat = np.stack([flatten_illumination(np.ascontiguousarray(rgb[:, :, c])) for c in range(3)],
                    axis=2)
    return _DENSITY[flat]


def _direction(density: np.ndarray, where: np.ndarray) -> np.ndarray | None:
    """Unit colour direction (median over `where`) of the ink in `density`; None if too little."""
    d = density[where]
    norm = np.linalg.norm(d, axis=1)
    d = d[norm >= 0.2]
    if len(d) < 50:
        return None
    u = np.median(d / np.linalg.norm(d, axis=1, keepdims=True), axis=0)
    return u / np.linalg.norm(u)


def _typing_lean(amounts: np.ndarray, ink: np.ndarray, stamp: np.ndarray) -> np.ndarray:
    """Per pixel, the stamp ink per unit of typing ink (>= 0) that the typed strokes round it
    show of themselves: the mean over the LEAN_WINDOW round each pixel of the split `amounts`
    (typing, stamp) of its typed pixels (`ink` 0/255) away from the `stamp`'s tinted strokes;
    0 where too few are near (the stamp's own strokes away from typing).

    A page is often typed in more than one ink (a black printed form filled in on a blue or
    violet ribbon), and the split's typing direction is the page's majority's. Split against it,
    a ribbon's density is part typing and part "stamp" (the share of its colour that leans
    toward the stamp's), and every ribbon stroke in the box would come back paler by that
    share, stamp or no stamp on it. Inks add their densities, so a letter's ink under the stamp
    leans as its own strokes beside the stamp do: that lean is measured round each pixel, from
    the same letters, and only stamp ink beyond it is taken out."""
    near_stamp = cv2.dilate(stamp.astype(np.uint8), np.ones((2 * STAMP_RIM + 1,) * 2, np.uint8)) > 0
    typing_amount = amounts[:, :, 0]
    clear = (ink > 0) & ~near_stamp & (typing_amount >= MIN_TYPED_DENSITY)
    weight = clear.astype(np.float32)
    lean = np.zeros(typing_amount.shape, np.float32)
    lean[clear] = np.maximum(amounts[:, :, 1][clear] / typing_amount[clear], 0.0)
    window = (LEAN_WINDOW, LEAN_WINDOW)
    total = cv2.boxFilter(lean, -1, window, normalize=False)
    count = cv2.boxFilter(weight, -1, window, normalize=False)
    return np.where(count >= MIN_LEAN_PIXELS, total / np.maximum(count, 1.0), 0.0).astype(np.float32)


def unmix_stamps(image: np.ndarray, gray: np.ndarray, ink: np.ndarray, margin: int = 32,
                 threshold: float | None = None,
                 boxes: list[tuple[int, int, int, int]] | None = None,
                 given: np.ndarray | None = None,
                 tints: Tints | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(`gray` with stamp ink taken out, uint8 mask (255) of the pixels rewritten).

    Inks layer like filters: a pixel's optical density is the sum of each ink's amount times
    its colour direction. In each stamp box (`stamp_boxes`) the typing's and the stamp's
    directions are measured and every pixel's density split between them, so typed strokes
    under a stamp keep their own darkness and the stamp's vanishes; a typing ink unlike the
    page's keeps the share of its density that leans toward the stamp (`_typing_lean`), as
    its strokes beside the stamp show it. `gray` is the flattened gray page (paper 255) of the
    RGB `image`; a stamp of the typing's own colour is left alone.
    `threshold`: `ink_threshold(gray)`, when the caller has it already. `boxes`: the stamps'
    (x0, y0, x1, y1) boxes when a detector found them, instead of `stamp_boxes`. `given`: a
    uint8 mask of `gray`'s shape, set (255) in place at the rewritten pixels whose typing kept
    a share of at least MIN_STAMP_DENSITY along the stamp's colour (for `spare_unmixed`).
    `tints`: the page's `page_tints`, when the caller has them already.
    """
    out, changed = gray.copy(), np.zeros(gray.shape, np.uint8)
    tints = tints or page_tints(image, ink)
    if not tints:
        return out, changed
    if boxes is None:
        boxes = stamp_boxes(image, ink, tints)
    if not boxes:
        return out, changed
    # The typing's colour from the whole page (a third of its pixels), stamps left out.
    small = image[::3, ::3]
    stamped = np.zeros(ink.shape, bool)
    for x0, y0, x1, y1 in boxes:
        stamped[y0:y1, x0:x1] = True
    u_t = _direction(_density(small), (ink[::3, ::3] > 0) & ~stamped[::3, ::3])
    paper_above = ink_threshold(gray) if threshold is None else threshold
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        # The margin gives the paper estimate (flattening) room around the stamp.
        cx0, cy0, cx1, cy1 = max(0, x0 - margin), max(0, y0 - margin), min(w, x1 + margin), min(h, y1 + margin)
        rgb = image[cy0:cy1, cx0:cx1, :3]
        density = _density(rgb)
        stamp = _tinted(rgb, tints)
        u_s = _direction(density, stamp)
        if u_t is None or u_s is None:
            continue
        if np.degrees(np.arccos(np.clip(float(u_t @ u_s), -1.0, 1.0))) < MIN_INK_ANGLE_DEG:
            continue
        basis = np.stack([u_t, u_s, np.cross(u_t, u_s)], axis=1)
        # Per-pixel amounts of typing and stamp ink: the basis's inverse applied to each
        # pixel's density (OpenCV's per-pixel matrix product; numpy's (N, 3) @ (3, 3) is
        # some hundred times slower here).
        amounts = cv2.transform(density, np.linalg.inv(basis)[:2].astype(np.float32))
        typing = np.clip(amounts[:, :, 0], 0.0, None)
        # The typing's own lean toward the stamp's colour stays with it (never more than the
        # stamp share the pixel holds).
        lean = _typing_lean(amounts, ink[cy0:cy1, cx0:cx1], stamp)
        own = np.clip(np.minimum(amounts[:, :, 1], lean * typing), 0.0, None)
        typed = cv2.merge([typing, own]).reshape(-1, 2) @ np.stack([u_t, u_s]).astype(np.float32)
        redrawn = (255.0 * (np.exp(-typed) @ _LUMA)).reshape(density.shape[:2])
        sel = amounts[:, :, 1] >= MIN_STAMP_DENSITY
        sel = cv2.dilate(sel.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        # The box is measured at half size: a few pixels round it still belong to the stamp.
        edge = margin // 4
        sel[:max(0, y0 - cy0 - edge)] = False
        sel[y1 - cy0 + edge:] = False
        sel[:, :max(0, x0 - cx0 - edge)] = False
        sel[:, x1 - cx0 + edge:] = False
        # What is left lighter than typed ink is the blurred rim of stamp strokes (the colour of
        # a JPEG is coarser than its lightness): paper.
        redrawn[redrawn > paper_above] = 255
        patch = out[cy0:cy1, cx0:cx1]
        patch[sel] = np.clip(redrawn[sel], 0, 255).astype(np.uint8)
        changed[cy0:cy1, cx0:cx1][sel] = 255
        if given is not None:
            given[cy0:cy1, cx0:cx1][sel & (own >= MIN_STAMP_DENSITY)] = 255
    return out, changed


# A round stamp's rings are as dark as the typing they cross on a gray page, but lie on
# circles: the ring's own stroke is taken out wherever it runs, typed lines included. A second
# (inner) ring is looked for from this share of the outer radius to that one...
INNER_FROM = 0.5
INNER_TO = 0.92
# ...and is one when ink lies on it in this share of the directions, this much more than a
# stroke's width inside and outside it (ring text is a third of the way round at most).
INNER_MIN_COVER = 0.6
INNER_CONTRAST = 0.25
# A ring's stroke ends where its radial ink profile falls under this share of its peak, at
# most this many letter heights either side of its circle.
RING_EDGE = 0.25
RING_REACH = 0.3
# Directions counted round a circle.
_BINS = 360


def _covers(dist: np.ndarray, ang: np.ndarray, tol: int) -> np.ndarray:
    """Per whole radius, the share of `_BINS` directions holding ink within `tol` pixels of it
    (per-pixel distance `dist` from the centre and direction bin `ang`)."""
    n = int(dist.max()) + 2 * tol + 2
    hit = np.zeros((n, _BINS), np.uint8)
    hit[np.round(dist).astype(int), ang] = 1
    # Ink within `tol` of a radius: the rows `tol` either side of it, or-ed.
    near = cv2.dilate(hit, np.ones((2 * tol + 1, 1), np.uint8))
    return near.mean(axis=1)


def _half_widths(dist: np.ndarray, radius: float, reach: float) -> tuple[float, float]:
    """(inward, outward) extent in pixels of the ring stroke at `radius`: its radial ink
    profile followed from the circle each way while it holds RING_EDGE of its peak."""
    r = int(np.ceil(reach))
    off = np.round(dist - radius).astype(int)
    counts = np.bincount(off[np.abs(off) <= r] + r, minlength=2 * r + 1)
    peak = counts[r - 1:r + 2].max()
    if peak == 0:
        return 0.0, 0.0
    inner = outer = 0
    while inner < r and counts[r - inner - 1] >= RING_EDGE * peak:
        inner += 1
    while outer < r and counts[r + outer + 1] >= RING_EDGE * peak:
        outer += 1
    return inner + 0.5, outer + 0.5


def ring_ink(own: np.ndarray, ring: tuple[float, float, float], xh: float) -> np.ndarray:
    """Bool mask of the ink of `own` (bool) on a round stamp's rings: the outer `ring` (cx, cy,
    radius in `own`'s pixels, `pens.ring_in`) and an inner ring where the ink follows one
    (most round stamps have two, their text between), each as wide as its stroke."""
    ys, xs = np.nonzero(own)
    out = np.zeros(own.shape, bool)
    if len(xs) == 0:
        return out
    cx, cy, radius = ring
    dist = np.hypot(xs - cx, ys - cy)
    ang = ((np.arctan2(ys - cy, xs - cx) + np.pi) / (2 * np.pi) * _BINS).astype(int) % _BINS
    reach = RING_REACH * xh
    circles = [radius]
    tol = max(1, round(0.08 * xh))
    cover = _covers(dist, ang, tol)
    lo, hi = int(INNER_FROM * radius), min(int(INNER_TO * radius), len(cover))
    if hi > lo:
        r = lo + int(np.argmax(cover[lo:hi]))
        apart = max(2, round(0.4 * xh))
        beside = max(cover[max(0, r - apart)], cover[min(len(cover) - 1, r + apart)])
        if cover[r] >= INNER_MIN_COVER and cover[r] - beside >= INNER_CONTRAST:
            # The coverage is flat across the stroke (and `tol` round it): the ring lies where
            # its ink is densest.
            counts = np.bincount(np.round(dist).astype(int), minlength=len(cover))
            a = max(0, r - tol)
            circles.append(float(a + int(np.argmax(counts[a:r + 2 * tol + 2]))))
    on = np.zeros(len(xs), bool)
    for r in circles:
        inward, outward = _half_widths(dist, r, reach)
        on |= (dist >= r - inward) & (dist <= r + outward)
    out[ys[on], xs[on]] = True
    return out
