"""Typed glyphs inside the pen ink that a typed row's strip gave back.

A signature's stroke that runs into a typed name joins the name's letters to its own ink
component. The strip spared for the typed row gives that piece back while the rest of the
stroke stays masked, and the recognize stage drops a word read from such pen ink
(`page.masks["pen_spared"]`). The typed letters in the piece are told from the pen in two ways:
- by tone, where the pen is clearly lighter than the typing (`typing_in_pen`);
- by place, where the pen is as dark (`typed_cells`): a typed glyph fills one typewriter cell
  of its row, stands on the row's baseline at the row's letter height, stays upright and lines
  up with the pitch of the typed letters beside it. A pen's piece in a strip is a slanting arc
  or a garland several cells wide.
`pen_given_back` is that pen ink, the typed letters left out.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.pens import ink_lean
from pipeline.marks.protect import (GLYPH_LEAN, MIN_TONE_GAP, MIN_TONE_PX, letter_sized, page_pitch,
                                    pitch_steps, typed_tone)

# A typed letter's stroke core is at least this thick (px); thinner dark runs in a pen piece
# are the stroke's own pressure, not typing.
TYPED_CORE = 2
# A pen's pressure darkens parts of its strokes: the stroke's tone is that of its darkest tenth
# (percentile of its masked stroke cores), and a page whose pen is that dark is not split by tone.
PEN_DARK_PCT = 10
# A given-back blob is one typed glyph when it is CELL_MIN to CELL_MAX of its row's pitch wide,
# LETTER_MIN to LETTER_MAX of the row's median letter height tall, its foot within BASE_TOL
# letter heights of the row's baseline, and its left edge within CELL_PHASE of a pitch from
# the row's letters' grid (a typewriter moves a whole cell a key).
CELL_MIN = 0.5
CELL_MAX = 1.1
LETTER_MIN = 0.8
LETTER_MAX = 1.3
BASE_TOL = 0.25
CELL_PHASE = 0.2
# The grid is that of the row's letters at most CELL_REACH pitches from the blob (the word
# beside it, a space or two away): further off, an error in the pitch adds up to a cell.
CELL_REACH = 3


def typing_in_pen(gray: np.ndarray | None, ink: np.ndarray, marks: np.ndarray,
                  given: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """bool mask of the typed glyph ink within `given` (pen strokes' pixels given back with a
    typed row): where the stroke touches a typed letter, the letter joins the stroke's piece.
    Told by tone: given-back pixels darker than the cut between the typing's stroke cores
    (`ink` off the `marks` and off `given`) and the darkest of the pen's own masked stroke
    cores (`kept`), in runs at least a stroke's core thick (a stroke's own darker dots are not
    a letter). Empty when the two tones are too close to tell."""
    none = np.zeros(given.shape, bool)
    if gray is None:
        return none
    typed = typed_tone(gray, ink, np.where((marks > 0) | given, np.uint8(255), np.uint8(0)))
    core = cv2.erode(kept.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    if typed is None or int(core.sum()) < MIN_TONE_PX:
        return none
    pen_dark = float(np.percentile(gray[core], PEN_DARK_PCT))
    if pen_dark - typed < MIN_TONE_GAP:
        return none
    cut = (typed + pen_dark) / 2
    letter_core = np.ones((TYPED_CORE, TYPED_CORE), np.uint8)
    dark = cv2.morphologyEx((given & (gray < cut)).astype(np.uint8), cv2.MORPH_OPEN, letter_core)
    return (cv2.dilate(dark, np.ones((3, 3), np.uint8)) > 0) & given


def typed_cells(given: np.ndarray, labels: np.ndarray, stats: np.ndarray, marks: np.ndarray,
                xh: float) -> np.ndarray:
    """bool mask of the blobs of `given` (8-connected) that are one typed glyph each, by where
    they sit among the page's plain typed letters (letter-sized components of `labels` /
    `stats` with no ink in `marks`): one cell of their row's pitch wide, at the row's letter
    height on its baseline, upright (`GLYPH_LEAN`), on the grid of cells of the row's letters
    beside it."""
    out = np.zeros(given.shape, bool)
    n, lab, blobs, _ = cv2.connectedComponentsWithStats(given.view(np.uint8), connectivity=8)
    if n < 2:
        return out
    marked = np.zeros(len(stats), bool)
    marked[np.unique(labels[marks > 0])] = True
    h = stats[:, cv2.CC_STAT_HEIGHT].astype(float)
    ids = np.flatnonzero(letter_sized(stats, xh) & (h >= 0.5 * xh) & (h <= 1.5 * xh) & ~marked)
    if len(ids) == 0:
        return out
    x0, y0 = stats[ids, 0].astype(float), stats[ids, 1].astype(float)
    y1 = y0 + h[ids]
    pitch0 = page_pitch(x0, y1, xh)
    for j in range(1, n):
        bx, by, bw, bh = (int(v) for v in blobs[j, :4])
        foot = by + bh
        row = (y0 <= by + bh / 2) & (y1 >= by + bh / 2) & (np.abs(y1 - foot) <= 0.5 * xh)
        if not row.any():
            continue
        steps = pitch_steps(x0[row], xh)
        pitch = float(np.median(steps)) if len(steps) else pitch0
        near = x0[row][np.argmin(np.abs(x0[row] - bx))]
        phase = (bx - near) / pitch
        if abs(phase) > CELL_REACH + 0.5:
            continue
        height = float(np.median(h[ids][row]))
        if not (CELL_MIN * pitch <= bw <= CELL_MAX * pitch
                and LETTER_MIN * height <= bh <= LETTER_MAX * height
                and abs(foot - float(np.median(y1[row]))) <= BASE_TOL * xh
                and abs(phase - round(phase)) <= CELL_PHASE):
            continue
        piece = lab[by:foot, bx:bx + bw] == j
        if abs(ink_lean(piece) or 0.0) > GLYPH_LEAN:
            continue
        out[by:foot, bx:bx + bw] |= piece
    return out


def pen_given_back(labels: np.ndarray, pen: np.ndarray, marks: np.ndarray,
                   gray: np.ndarray | None = None, ink: np.ndarray | None = None,
                   stats: np.ndarray | None = None, xh: float = 0.0) -> np.ndarray:
    """uint8 mask (255) of the pen strokes' ink that the strips spared for typing gave back to
    the text while the rest of each stroke stays masked (`pen`: handwriting detections' ink).

    A typed word a handwriting detection took in whole is given back whole as lined letters;
    a signature's stroke is cut where it crosses a typed row, and the piece in the row's strip
    reads as letters beside the name (`recognize.pen_words` drops such words). The typed
    glyphs the stroke joined to its piece are no pen ink: those darker than a light pen
    (`typing_in_pen`, given the stage's `gray` and `ink`) and those that sit in a cell of
    their typed row (`typed_cells`, given the page's component `stats` and letter height
    `xh`) are left out.
    """
    given = (pen > 0) & (marks == 0)
    if not given.any():
        return np.zeros(marks.shape, np.uint8)
    n = int(labels.max()) + 1
    back = np.bincount(labels[given], minlength=n)
    kept = np.bincount(labels[(pen > 0) & (marks > 0)], minlength=n)
    cut = (back > 0) & (kept > 0)
    cut[0] = False
    given &= cut[labels]
    if ink is not None:
        given &= ~typing_in_pen(gray, ink, marks, given, (pen > 0) & (marks > 0))
    if stats is not None:
        given &= ~typed_cells(given, labels, stats, marks, xh)
    return np.where(given, np.uint8(255), np.uint8(0))
