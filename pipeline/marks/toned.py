"""A monochrome stamp told from the typing across it by tone.

Violet, red or blue stamp ink scans lighter than black typing. Where a gray stamp crosses
typed lines, its ink and the typing's merge into one component; along the lines, ink as dark
as the typing's stroke cores is split off as typing (`split_typed_lines`), except stretches of
the ring pressed as dark (`arc_pieces`); loose legend letters at the stamp's tone, which pass
for typed glyphs, join the stamp (`stamp_letters`).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.pens import ring_in
from pipeline.marks.protect import MIN_TONE_GAP, core_median, letter_sized, typed_strips
from pipeline.marks.removal import ring_ink
from pipeline.model import BBox

# Pixels a typed stroke's core is followed outwards through ink darker than halfway to the
# stamp's tone.
GROW_PX = 3


def _toned_zone(gray: np.ndarray | None, labels: np.ndarray, stats: np.ndarray, box: BBox,
                own_labels: list[int], marked: set[int], xh: float) -> tuple | None:
    """The crop round a monochrome stamp's `box` where its tone and the typing's are told
    apart: ((x0, y0) of the crop, its labels (a view), gray, the stamp's own ink (bool), the
    typed strips' boxes in it, the typing's tone, the stamp's tone), or None when no typed line
    crosses the stamp or the two tones lie within MIN_TONE_GAP."""
    strips = typed_strips(stats, marked, box, xh)
    if not strips or gray is None:
        return None
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
    return (x0, y0), lab, g, own, boxes, typed_tone, stamp_tone


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
    (x0, y0), lab, g, own, _, typed_tone, stamp_tone = zone
    ring = ring_in(own, xh)
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


def _ring_path(own: np.ndarray, xh: float) -> np.ndarray | None:
    """Bool mask of a round stamp's ring strokes in its ink `own` (bool; `removal.ring_ink` of
    the ring `pens.ring_in` finds), a pixel wider each side for the rim's anti-aliasing, or
    None when the stamp holds no ring."""
    ring = ring_in(own, xh)
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
    (x0, y0), lab, g, own, boxes, typed_tone, stamp_tone = zone
    seeds = own & (g <= typed_tone)
    dark = seeds.astype(np.uint8)
    # A typed stroke shades off from its core to its rim: from the cores, ink darker than
    # halfway to the stamp's tone is followed for a few pixels (a stroke's half width), so a
    # glyph is taken whole while the stamp's own strokes, lighter, stay the stamp's.
    halfway = (own & (g <= (typed_tone + stamp_tone) / 2)).astype(np.uint8)
    for _ in range(GROW_PX):
        dark = cv2.dilate(dark, np.ones((3, 3), np.uint8)) & halfway
    path = _ring_path(own, xh)
    rows = []
    for sx0, sy0, sx1, sy1 in boxes:
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
