"""The colour of the typing (pure: image in, colour out); `marks.ink` measures coloured ink
against it.

Colour is measured as a tint: a pixel's CIELAB a*b* offset from the paper divided by how much
darker than the paper it is (at least `DARK_FLOOR` levels), so pale and dense strokes of one
ink share a tint. Black and gray typing has a tint near 0; a blue or violet ribbon has one of
0.1-0.3; stamp and coloured-pen inks sit near 0.3-0.5.

The typing's tint is voted by the typed lines, one vote per line, from the dark cores of its
strokes: a median over all of a page's ink is pulled by whatever else is inked (the grain of a
scan's surround, black handwriting, a big stamp), and a blue typescript measured that way can
look neutral, after which all of its typing counts as coloured stamp ink.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.imaging.bands import component_stats, row_bands
from pipeline.imaging.blocks import line_pieces, off_sheet

# Darkness floor of the tint, so a nearly white pixel cannot look strongly coloured.
DARK_FLOOR = 20.0
# Typing with a tint of at least this is a coloured ribbon: then only another hue is another ink.
TINTED = 0.12
# A line votes with at least this many pixels in its band; the page needs this many voting lines.
MIN_LINE_PIXELS = 30
MIN_LINES = 3
# The share of a line's ink that votes, as percentiles of its pixels' darkness. The darker half
# (the strokes' cores) by default: rims mix in paper and JPEG colour bleed.
CORES = (50.0, 100.0)


@dataclass(frozen=True)
class InkColour:
    """A tint: a*b* per unit of darkness against the paper, and its hue in degrees."""

    a: float
    b: float
    lines: int = 0  # how many typed lines voted for it

    @property
    def strength(self) -> float:
        """Colour per darkness: under `TINTED` for black or gray typing."""
        return float(np.hypot(self.a, self.b))

    @property
    def hue(self) -> float:
        """Hue angle in degrees, 0-360, in CIELAB's a*b* plane."""
        return float(np.degrees(np.arctan2(self.b, self.a)) % 360)

    @property
    def tinted(self) -> bool:
        """True for a coloured ribbon (blue, violet), False for black or gray typing."""
        return self.strength >= TINTED


def _lab(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(rgb[:, :, :3]), cv2.COLOR_RGB2LAB).astype(np.float32)


def paper_lab(rgb: np.ndarray, ink: np.ndarray) -> tuple[float, float, float]:
    """Median L*, a*, b* (OpenCV's 8-bit scale) of the pixels away from any ink (every third
    pixel each way: the paper is most of the page)."""
    lab = cv2.cvtColor(np.ascontiguousarray(rgb[::3, ::3, :3]), cv2.COLOR_RGB2LAB)
    paper = cv2.dilate(ink, np.ones((5, 5), np.uint8))[::3, ::3] == 0
    if not paper.any():
        paper = np.ones_like(paper, bool)
    l_, a_, b_ = (_median_u8(lab[:, :, k][paper]) for k in range(3))
    return l_, a_, b_


def _median_u8(values: np.ndarray) -> float:
    """`np.median` of uint8 values (the mean of the two middle ones for an even count), from
    their histogram: a tenth of the time of sorting a page's worth."""
    cum = np.cumsum(np.bincount(values, minlength=256))
    n = int(cum[-1])
    lo, hi = np.searchsorted(cum, [(n - 1) // 2, n // 2], side="right")
    return (float(lo) + float(hi)) / 2


def tints(rgb: np.ndarray, paper: tuple[float, float, float]
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(a* tint, b* tint, a*b* chroma, darkness) float32 maps of an RGB image against `paper`."""
    lab = _lab(rgb)
    ref_l, ref_a, ref_b = paper
    da, db = lab[:, :, 1] - ref_a, lab[:, :, 2] - ref_b
    dark = ref_l - lab[:, :, 0]
    floor = np.maximum(dark, DARK_FLOOR)
    return da / floor, db / floor, np.hypot(da, db), dark


def _glyph_height(stats: np.ndarray, image_height: int) -> float:
    """`blocks.glyph_height` from the ink's component stats (x0, y0, w, h, area rows, the
    background's first), the same filter and median: the caller labelled that ink already."""
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    ok = (h >= 6) & (w <= 4 * h) & (h <= image_height // 10)
    return float(np.median(h[ok])) if ok.any() else 0.0


def typed_line_boxes(ink: np.ndarray, stats: np.ndarray | None = None
                     ) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) of the runs of text along lines in `ink` that are of the common line
    height (stamps, rules and big handwriting are not). `stats`: the 8-connected component
    stats of `ink` (`cv2.connectedComponentsWithStats`, all rows), when already known."""
    if stats is None:
        stats = component_stats(ink)
    char_h = _glyph_height(stats, ink.shape[0])
    if char_h <= 0:
        return []
    # The pieces are found along rows (a sideways smear, then its components), so the bands
    # of inked rows, each across the whole width, give the page's pieces: no blank rows worked.
    bands = row_bands(ink)
    if bands is None:
        pieces = [(p.x0, p.y0, p.x1, p.y1) for p in line_pieces(ink, char_h)]
    else:
        pieces = [(p.x0, p.y0 + y0, p.x1, p.y1 + y0) for y0, y1 in bands
                  for p in line_pieces(ink[y0:y1], char_h)]
    if not pieces:
        return []
    typical = float(np.median([y1 - y0 for _, y0, _, y1 in pieces]))
    return [p for p in pieces if 0.5 * typical <= p[3] - p[1] <= 2.0 * typical
            and p[2] - p[0] >= 3 * char_h]


def typing_ink_colour(rgb: np.ndarray, ink: np.ndarray,
                      lines: list[tuple[int, int, int, int]] | None = None,
                      paper: tuple[float, float, float] | None = None,
                      gray: np.ndarray | None = None,
                      ink_stats: np.ndarray | None = None,
                      band: tuple[float, float] = CORES) -> InkColour | None:
    """The tint of the ink that forms the typed lines (`lines` boxes, else found in `ink`), or
    None for a gray image or fewer than `MIN_LINES` lines with enough ink. `paper` is the
    `paper_lab` of the page when the caller has it; so are `gray` (the image's
    `cv2.COLOR_RGB2GRAY`) and `ink_stats` (`ink`'s 8-connected component stats, all rows).

    Each line votes with the median tint of its pixels whose darkness lies in `band`
    (percentiles of the line's ink; by default its strokes' dark cores); the typing's tint is
    the median vote.
    """
    if rgb.ndim != 3 or rgb.shape[2] < 3:
        return None
    if lines is None:
        # The grain of a scan's surround would set the type size the lines are found with.
        if gray is None:
            gray = cv2.cvtColor(np.ascontiguousarray(rgb[:, :, :3]), cv2.COLOR_RGB2GRAY)
        surround = off_sheet(gray)
        if surround.any():
            lines = typed_line_boxes(np.where(surround, 0, ink).astype(np.uint8))
        else:  # the ink as it is: its labelling, when the caller made one, gives the type size
            lines = typed_line_boxes(ink.astype(np.uint8, copy=False), ink_stats)
    if len(lines) < MIN_LINES:
        return None
    paper = paper_lab(rgb, ink) if paper is None else paper
    h, w = ink.shape
    votes = []
    for x0, y0, x1, y1 in lines:
        x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1))
        inked = ink[y0:y1, x0:x1] > 0
        if inked.sum() < 2 * MIN_LINE_PIXELS:
            continue
        # Only the line's own pixels are converted: the lines are a small part of a page.
        ta, tb, _, dark = (m[inked] for m in tints(rgb[y0:y1, x0:x1], paper))
        lo, hi = np.percentile(dark, band)
        core = (dark >= lo) & (dark <= hi)
        if core.sum() < MIN_LINE_PIXELS:
            continue
        votes.append((float(np.median(ta[core])), float(np.median(tb[core]))))
    if len(votes) < MIN_LINES:
        return None
    a, b = np.median(np.array(votes), axis=0)
    return InkColour(float(a), float(b), len(votes))
