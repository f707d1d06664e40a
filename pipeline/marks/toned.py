"""A monochrome stamp told from the typing across it by tone.

Violet, red or blue stamp ink scans lighter than black typing. Where a gray stamp crosses
typed lines, its ink and the typing's merge into one component; along the lines, ink as dark
as the typing's stroke cores is split off as typing (`split_typed_lines`), except stretches of
the ring pressed as dark (`arc_pieces`); loose legend letters at the stamp's tone, which pass
for typed glyphs, join the stamp (`stamp_letters`). A typed line wholly inside the stamp (a
name under the seal) is found by its tone alone (`_dark_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.marks.pens import ring_in
from pipeline.marks.protect import MIN_TONE_GAP, STRIP_HALF, core_median, letter_sized, typed_strips
from pipeline.marks.removal import ring_ink
from pipeline.model import BBox

# Pixels a typed stroke's core is followed outwards through ink darker than halfway to the
# stamp's tone.
GROW_PX = 3


@dataclass
class _Zone:
    """The crop round a monochrome stamp where its tone and the typing's are told apart."""

    origin: tuple[int, int]  # (x0, y0) of the crop in the page
    lab: np.ndarray  # the crop's labels (a view: relabelling it relabels the page)
    g: np.ndarray  # its gray
    own: np.ndarray  # the stamp's own ink (bool)
    boxes: list[tuple[int, int, int, int]]  # the typed strips in it
    typed_tone: float
    stamp_tone: float
    ring: tuple[float, float, float] | None  # `pens.ring_in` of `own`, in the crop
    seeds: np.ndarray  # `_typing_dark` of `own`
    dark: np.ndarray


def _toned_zone(gray: np.ndarray | None, labels: np.ndarray, stats: np.ndarray, box: BBox,
                own_labels: list[int], marked: set[int], xh: float) -> _Zone | None:
    """The `_Zone` round a monochrome stamp's `box`, or None when no typed line crosses the
    stamp or lies in it (`_dark_rows`) or the two tones lie within MIN_TONE_GAP."""
    if gray is None:
        return None
    strips = typed_strips(stats, marked, box, xh)
    h, w = labels.shape
    m = int(2 * xh)
    x0, y0 = max(0, int(box.x0) - m), max(0, int(box.y0) - m)
    x1, y1 = min(w, int(np.ceil(box.x1)) + m), min(h, int(np.ceil(box.y1)) + m)
    lab, g = labels[y0:y1, x0:x1], gray[y0:y1, x0:x1]
    own_lut = np.zeros(len(stats), bool)
    own_lut[own_labels] = True
    mark_lut = np.zeros(len(stats), bool)
    mark_lut[list(marked)] = True
    own = own_lut[lab]
    boxes = [(int(b.x0) - x0, int(b.y0) - y0, int(np.ceil(b.x1)) - x0, int(np.ceil(b.y1)) - y0)
             for b in strips]
    on_lines = np.zeros(own.shape, bool)
    for sx0, sy0, sx1, sy1 in boxes:
        on_lines[sy0:sy1, sx0:sx1] = True
    # The stamp's tone from its ink off the typed lines, where no typing darkens it.
    typed_tone = core_median(g, (lab > 0) & ~mark_lut[lab])
    stamp_tone = core_median(g, own & ~on_lines)
    if typed_tone is None or stamp_tone is None or stamp_tone - typed_tone < MIN_TONE_GAP:
        return None
    ring = ring_in(own, xh)
    seeds, dark = _typing_dark(own, g, typed_tone, stamp_tone)
    for row in _dark_rows(dark, ring, xh):
        if not any(_overlap_y(row, b) for b in boxes):
            boxes.append(row)
    if not boxes:
        return None
    return _Zone((x0, y0), lab, g, own, boxes, typed_tone, stamp_tone, ring, seeds, dark)


# A typed line wholly inside a round stamp (a signatory's name under the seal) has no letter
# outside it, and the page's line grid may not reach it: its letters are found by tone
# (`_typing_dark`), this many letter-sized pieces with their centres within DARK_ROW_TOL letter
# heights, within DARK_ROW_RADIUS of the ring's radius from its centre (the legend round the
# rim, pressed as dark in places, lies further out), and its strip reaches DARK_ROW_PAD letter
# heights past its end letters.
DARK_ROW_MIN = 3
DARK_ROW_RADIUS = 0.65
DARK_ROW_TOL = 0.3
DARK_ROW_PAD = 0.5
DARK_ROW_GAP = 1.5


def _typing_dark(own: np.ndarray, g: np.ndarray, typed_tone: float, stamp_tone: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(seeds, dark): bool masks of a stamp's ink `own` (gray `g`) as dark as the typing's
    stroke cores, and of the typed strokes grown from them.

    A typed stroke shades off from its core to its rim: from the cores, ink darker than
    halfway to the stamp's tone is followed for a few pixels (a stroke's half width), so a
    glyph is taken whole while the stamp's own strokes, lighter, stay the stamp's."""
    seeds = own & (g <= typed_tone)
    dark = seeds.astype(np.uint8)
    halfway = (own & (g <= (typed_tone + stamp_tone) / 2)).astype(np.uint8)
    for _ in range(GROW_PX):
        dark = cv2.dilate(dark, np.ones((3, 3), np.uint8)) & halfway
    return seeds, dark > 0


def _dark_rows(dark: np.ndarray, ring: tuple[float, float, float] | None,
               xh: float) -> list[tuple[int, int, int, int]]:
    """Strips (x0, y0, x1, y1 in `dark`'s coordinates) of the rows of letter-sized pieces of
    typing-dark ink (`_typing_dark`) well inside a round stamp's `ring` (centre x, y and
    radius in the same coordinates; no rows without one): typed lines the page's rows do not
    show. A framed stamp's own lines of lettering run straight across it: it gets none."""
    if ring is None:
        return []
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark.astype(np.uint8), connectivity=8)
    h = stats[:, cv2.CC_STAT_HEIGHT].astype(float)
    small = letter_sized(stats, xh) & (h >= 0.5 * xh) & (h <= 1.5 * xh)
    cx = stats[:, 0] + stats[:, 2] / 2 - ring[0]
    cy = stats[:, 1] + h / 2 - ring[1]
    small &= np.hypot(cx, cy) <= DARK_ROW_RADIUS * ring[2]
    small[0] = False
    hh, ww = dark.shape
    pieces = sorted((y + ph / 2, x, x + pw) for x, y, pw, ph in stats[small, :4].tolist())
    rows, group = [], []
    for piece in pieces + [(np.inf, 0, 0)]:
        if group and piece[0] - group[0][0] > DARK_ROW_TOL * xh:
            rows += _runs(group, xh, ww, hh)
            group = []
        group.append(piece)
    return rows


def _runs(row: list[tuple[float, int, int]], xh: float, width: int, height: int
          ) -> list[tuple[int, int, int, int]]:
    """The strips of a row's pieces ((centre y, x0, x1)) that follow one another at most
    DARK_ROW_GAP letter heights apart, DARK_ROW_MIN or more of them: a typed word or line, not
    a pen's stroke ends that happen to lie on its level."""
    row = sorted(row, key=lambda r: r[1])
    out, run = [], [row[0]]
    for piece in row[1:] + [(0.0, np.inf, np.inf)]:
        if piece[1] - max(r[2] for r in run) <= DARK_ROW_GAP * xh:
            run.append(piece)
            continue
        if len(run) >= DARK_ROW_MIN:
            c = float(np.median([r[0] for r in run]))
            half, pad = STRIP_HALF * xh, DARK_ROW_PAD * xh
            out.append((max(0, int(run[0][1] - pad)), max(0, int(c - half)),
                        min(width, int(max(r[2] for r in run) + pad)), min(height, int(np.ceil(c + half)))))
        run = [piece]
    return out


def _overlap_y(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[1] < b[3] and b[1] < a[3]


# A loose glyph inside a gray stamp is the stamp's lettering when this low percentile of its
# gray (its darker strokes, past the pale rim) is lighter than halfway from the typing's tone
# to the stamp's, and none of it comes within LETTER_CORE_MARGIN gray levels of the typing's
# stroke cores (what seeds a typed glyph in `split_typed_lines`: a typed letter struck light
# still has a few pixels about that dark).
LETTER_CORE_PCT = 25
LETTER_CORE_MARGIN = MIN_TONE_GAP / 2


def stamp_letters(gray: np.ndarray | None, labels: np.ndarray, stats: np.ndarray, box: BBox,
                  own_labels: list[int], marked: set[int], xh: float) -> list[int]:
    """Labels of the glyph-sized ink inside a monochrome stamp's ring (its `box` when no ring
    is found) that no mark took (`marked`) and whose strokes have the stamp's tone, not the
    typing's (`_toned_zone`): the stamp's legend letters.

    Letter-sized pieces of a stamp's blob pass for typed glyphs (`typed_components`) and stay
    in the text at the stamp's own darkness, where they are read as letters on the typed lines
    they touch. Where the stamp is clearly lighter than the typing its letters are told by
    tone (LETTER_CORE_PCT, LETTER_CORE_MARGIN). A glyph that only touches the ring, or one
    merged with the ring's ink, is left as it was."""
    zone = _toned_zone(gray, labels, stats, box, own_labels, marked, xh)
    if zone is None:
        return []
    (x0, y0), lab, g, own, ring = zone.origin, zone.lab, zone.g, zone.own, zone.ring
    typed_tone, stamp_tone = zone.typed_tone, zone.stamp_tone
    if ring is None:
        inside = np.zeros(own.shape, bool)
        inside[int(box.y0) - y0:int(np.ceil(box.y1)) - y0,
               int(box.x0) - x0:int(np.ceil(box.x1)) - x0] = True
    else:
        yy, xx = np.ogrid[0:own.shape[0], 0:own.shape[1]]
        inside = np.hypot(xx - ring[0], yy - ring[1]) <= ring[2]
    ids = np.unique(lab[inside & (lab > 0)])
    small = letter_sized(stats, xh)
    cut = (typed_tone + stamp_tone) / 2
    out = []
    for i in ids:
        if i in marked or not small[i]:
            continue
        sx, sy, sw, sh = (int(v) for v in stats[i, :4])
        if sx < x0 or sy < y0:
            continue
        win = (slice(sy - y0, sy - y0 + sh), slice(sx - x0, sx - x0 + sw))
        piece = lab[win] == i
        # Wholly inside: a glyph reaching out of the ring is typing the stamp was pressed over.
        if piece.sum() < stats[i, cv2.CC_STAT_AREA] or (piece & ~inside[win]).any():
            continue
        tones = g[win][piece]
        light = tones.min() > typed_tone + LETTER_CORE_MARGIN
        if light and np.percentile(tones, LETTER_CORE_PCT) > cut:
            out.append(int(i))
    return out


# A piece the tone split takes is the stamp's ring pressed as dark as the typing when at least
# this share of it lies on the ring's path and none of its typing-dark seeds lies off it: a
# typed glyph the ring crosses, or one lying along its arc, has strokes off the ring's stroke.
ARC_SHARE = 0.9


def _ring_path(own: np.ndarray, ring: tuple[float, float, float] | None, xh: float) -> np.ndarray | None:
    """Bool mask of a round stamp's ring strokes in its ink `own` (bool; `removal.ring_ink` of
    its `ring`, `pens.ring_in`'s), a pixel wider each side for the rim's anti-aliasing, or
    None when the stamp holds no ring."""
    if ring is None:
        return None
    path = ring_ink(own, ring, xh).astype(np.uint8)
    return cv2.dilate(path, np.ones((3, 3), np.uint8)) > 0


def arc_pieces(taken: np.ndarray, seeds: np.ndarray, path: np.ndarray) -> np.ndarray:
    """Bool mask of the connected pieces of `taken` (bool) lying on the ring's `path` for at
    least ARC_SHARE of their pixels with none of their `seeds` (typing-dark pixels) off it:
    stretches of the ring, not typing."""
    n, pieces = cv2.connectedComponents(taken.astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros(taken.shape, bool)
    size = np.bincount(pieces.ravel(), minlength=n)
    on = np.bincount(pieces[path].ravel(), minlength=n)
    off_seed = np.bincount(pieces[seeds & ~path].ravel(), minlength=n)
    arc = (on >= ARC_SHARE * size) & (off_seed == 0)
    arc[0] = False
    return arc[pieces]


def split_typed_lines(gray: np.ndarray | None, labels: np.ndarray, stats: np.ndarray, box: BBox,
                      own_labels: list[int], marked: set[int], xh: float) -> np.ndarray:
    """Give the typed ink on the typed lines through a monochrome stamp a label of its own.

    Typed words under a gray stamp merge with its ring and letters into one component. Along
    the page's typed lines (`typed_strips`), ink of the stamp's components as dark as the
    typing's stroke cores (and a pixel round it) is typing, when the stamp's own ink is
    clearly lighter. Pieces of that ink lying on a round stamp's ring with no typing-dark
    seed off it (`arc_pieces`) are the ring pressed as dark as typing, and stay the stamp's.
    `labels` is relabelled in place (those pixels leave the stamp, whose box is `box` and
    labels `own_labels`); returns `stats` with a row per new label. `marked`: every
    detection's labels.
    """
    zone = _toned_zone(gray, labels, stats, box, own_labels, marked, xh)
    if zone is None:
        return stats
    (x0, y0), lab, own, seeds = zone.origin, zone.lab, zone.own, zone.seeds
    dark = zone.dark.astype(np.uint8)
    path = _ring_path(own, zone.ring, xh)
    rows = []
    for sx0, sy0, sx1, sy1 in zone.boxes:
        keep = (cv2.dilate(dark[sy0:sy1, sx0:sx1], np.ones((3, 3), np.uint8)) > 0) & own[sy0:sy1, sx0:sx1]
        if path is not None:
            keep &= ~arc_pieces(keep, seeds[sy0:sy1, sx0:sx1], path[sy0:sy1, sx0:sx1])
        ys, xs = np.nonzero(keep)
        if len(ys) == 0:
            continue
        new = len(stats) + len(rows)
        lab[sy0:sy1, sx0:sx1][keep] = new
        own[sy0:sy1, sx0:sx1][keep] = False
        rows.append([x0 + sx0 + xs.min(), y0 + sy0 + ys.min(), xs.max() - xs.min() + 1,
                     ys.max() - ys.min() + 1, len(ys)])
    if not rows:
        return stats
    return np.vstack([stats, np.asarray(rows, stats.dtype)])
