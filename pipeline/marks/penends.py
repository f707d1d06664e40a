"""A signature's loops a typed row's strip gave back past the row's end, told from the row's
own glyphs cell by cell of its pitch (`pen_ends`, `pen_cells`).

A typed name under a signature joins the signature's ink; the strip that gives the name's
letters back to the typing gives back the loops beside it too. Typed letters sit on the row's
grid and have upright stems and flat bars (`straight_runs`); a pen's loops slant, curve and run
on past the row.
"""

from __future__ import annotations

import cv2
import numpy as np

def _rows(stats: np.ndarray, ids: set[int], xh: float) -> list[tuple[float, float, float, float]]:
    """(y0, y1, x0, x1) of the rows the letters `ids` make: letters whose centres lie within a
    quarter letter height of the row's first letter, top to bottom."""
    if not ids:
        return []
    idx = np.fromiter(ids, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    idx, yc = idx[np.argsort(yc)], np.sort(yc)
    rows, start = [], 0
    for k in range(1, len(idx) + 1):
        if k == len(idx) or yc[k] - yc[start] > 0.25 * xh:
            st = stats[idx[start:k]]
            rows.append((float(st[:, 1].min()), float((st[:, 1] + st[:, 3]).max()),
                         float(st[:, 0].min()), float((st[:, 0] + st[:, 2]).max())))
            start = k
    return rows


# A piece of pen ink given back past a typed row's end is the pen's loops when the pen ink still
# masked half a letter above and below it, in its columns, is this share of its own ink or more:
# a typed glyph a stroke crosses is mostly its own ink, in the row.
PEN_RUN_ON = 0.45


def pen_ends(labels: np.ndarray, stats: np.ndarray, pens: list[int], letters: set[int],
             marks: np.ndarray, out: np.ndarray, xh: float) -> np.ndarray:
    """Bool mask of the pen ink (`pens`' labels) the typed strips gave back (`marks` set, `out`
    clear) that lies past the ends of the typed rows of `letters` and is a stroke the strip's
    edge cut: a piece of it touches pen ink still masked (`out`) just above or below it.

    A strip reaches a few letters past a typed row's end to keep letters a signature's stroke
    swallowed; where the pen is as dark as the typing, the signature's last loops beside a
    typed name are given back too (read as letters, they make the capitals of the name look
    lower case). A typed glyph a stroke crosses is mostly its own ink, inside the strip; the
    pen's loops run on above or below it as much (`PEN_RUN_ON`).

    A piece the strip's side edge cut (pen ink still masked beside it), or one that fails that
    share, or the part past a row's end of one that runs on into the row, is judged cell by
    cell of the row's pitch (`pen_cells`): the garlands beside a name lie inside the strip,
    and the name's first letters the pen ran into are part of the same piece."""
    found = np.zeros(out.shape, bool)
    given = (marks > 0) & (out == 0)
    if not given.any():
        return found
    ys, xs = np.nonzero(given)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    pen_lut = np.zeros(len(stats), bool)
    pen_lut[np.asarray(pens, np.intp)] = True
    sub = given[y0:y1, x0:x1] & pen_lut[labels[y0:y1, x0:x1]]
    if not sub.any():
        return found
    # Masked pen ink right above or below a given-back pixel: the stroke runs on there.
    pad = np.zeros((y1 - y0 + 2, x1 - x0), bool)
    ay0, ay1 = max(0, y0 - 1), min(out.shape[0], y1 + 1)
    pad[ay0 - (y0 - 1):ay1 - (y0 - 1)] = (out[ay0:ay1, x0:x1] > 0) & pen_lut[labels[ay0:ay1, x0:x1]]
    above, below = pad[:-2], pad[2:]
    runs_on = sub & (above | below)
    # Masked pen ink right beside a given-back pixel: the strip's side edge cut the stroke.
    side = np.zeros((y1 - y0, x1 - x0 + 2), bool)
    ax0, ax1 = max(0, x0 - 1), min(out.shape[1], x1 + 1)
    side[:, ax0 - (x0 - 1):ax1 - (x0 - 1)] = (out[y0:y1, ax0:ax1] > 0) & pen_lut[labels[y0:y1, ax0:ax1]]
    cut_side = sub & (side[:, :-2] | side[:, 2:])
    if not runs_on.any() and not cut_side.any():
        return found
    rows = _rows(stats, letters, xh)
    pitches = {row: _row_pitch(stats, letters, row, xh) for row in rows}
    tall = {row: _row_glyph_height(stats, letters, row) for row in rows}
    band = int(0.5 * xh)
    _, lab, st, _ = cv2.connectedComponentsWithStats(sub.view(np.uint8), connectivity=8)
    cut_edge = np.zeros(len(st), bool)
    cut_edge[lab[runs_on]] = True
    hit = np.unique(np.concatenate([lab[runs_on], lab[cut_side]]))
    for j in hit[hit > 0]:
        px0, py0 = x0 + st[j, 0], y0 + st[j, 1]
        px1, py1 = px0 + st[j, 2], py0 + st[j, 3]
        yc = (py0 + py1) / 2.0
        spans = [r for r in rows if r[0] <= yc <= r[1]]
        if not spans:
            continue
        piece = lab[st[j, 1]:st[j, 1] + st[j, 3], st[j, 0]:st[j, 0] + st[j, 2]] == j
        if cut_edge[j] and not any(px1 > rx0 and px0 < rx1 for _, _, rx0, rx1 in spans):
            # The pen ink still masked half a letter above and below the piece, in its columns.
            oy0, oy1 = max(0, py0 - band), min(out.shape[0], py1 + band)
            runs = int(((out[oy0:oy1, px0:px1] > 0) & pen_lut[labels[oy0:oy1, px0:px1]]).sum())
            if runs >= PEN_RUN_ON * st[j, cv2.CC_STAT_AREA]:
                found[py0:py1, px0:px1] |= piece
                continue
        # Its parts past the ends of the row it lies on, cell by cell of the row's pitch: a
        # stroke that runs on into the name is judged where it lies beside it.
        for row in spans:
            pitch = pitches[row]
            for a, b in ((px0, min(px1, int(row[2]))), (max(px0, int(np.ceil(row[3]))), px1)):
                if b - a < 2 or not piece[:, a - px0:b - px0].any():
                    continue
                cells = pen_cells(piece[:, a - px0:b - px0], (a, py0), row, pitch, xh,
                                  glyph_h=tall[row])
                if cells is not None and _worth_masking(cells, xh):
                    found[py0:py1, a:b] |= cells
    return found


# A typed row's pitch lies within these letter heights: the letters near a mark may be a
# row's few far apart (a `1.` and its `Тов.`), whose one step is a word's gap or more.
ROW_PITCH_MIN = 0.6
ROW_PITCH_MAX = 2.0


def _row_glyph_height(stats: np.ndarray, letters: set[int],
                      row: tuple[float, float, float, float]) -> float:
    """The median height of the letters `letters` whose centres lie in the typed `row`: its
    capitals' height in a name typed in capitals, its small letters' in a line of text."""
    idx = np.fromiter(letters, np.intp) if letters else np.zeros(0, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    heights = stats[idx[(yc >= row[0]) & (yc <= row[1])], cv2.CC_STAT_HEIGHT]
    return float(np.median(heights)) if len(heights) else row[1] - row[0]


def _row_pitch(stats: np.ndarray, letters: set[int], row: tuple[float, float, float, float],
               xh: float) -> float:
    """A typed row's letter pitch: the median step between neighbouring letters' left edges
    (steps of at least ROW_PITCH_MIN letter heights), at most ROW_PITCH_MAX letter heights, or
    a letter height when it has no two letters."""
    ry0, ry1 = row[0], row[1]
    idx = np.fromiter(letters, np.intp) if letters else np.zeros(0, np.intp)
    yc = stats[idx, cv2.CC_STAT_TOP] + stats[idx, cv2.CC_STAT_HEIGHT] / 2.0
    xs = np.sort(stats[idx[(yc >= ry0) & (yc <= ry1)], cv2.CC_STAT_LEFT].astype(float))
    steps = np.diff(xs)
    steps = steps[steps >= ROW_PITCH_MIN * xh]
    return min(float(np.median(steps)), ROW_PITCH_MAX * xh) if len(steps) else float(xh)


# A typed glyph has a straight stem or bar on the page's grid: a vertical run of STEM_V letter
# heights or a horizontal one of STEM_H pitches, no thicker than a typed stroke (STEM_THICK),
# whose centre line leans at most STEM_LEAN and strays at most STEM_BEND pixels from a straight
# line. A pen's garlands and loops slant and curve: an upstroke as steep as a stem leans a
# tenth or more, a loop's top is an arc, a tick's point pressed broad is a blot.
STEM_V = 0.8
STEM_H = 0.5
STEM_LEAN = 0.07
STEM_BEND = 1.0
STEM_THICK = 0.25
# Cells in a row without either from which the ink on is the pen's; fewer will do where they
# end the piece and an empty cell (a word's gap) parts them from the row: a tick before `1.`.
STEM_BARE = 2
# A typed glyph spans about the height of its row's letters (a name's capitals, a line's small
# letters); a bare cell whose ink spans under this share of their median height ends its piece
# as the pen's, even alone and against the row (a garland's last downstroke beside a name's
# first letter).
GLYPH_SPAN = 0.7
# Pen ink the cells give back to the mask is at least this much (letter heights squared): the
# signature's garlands beside a name; a speck of an underline's end reads as nothing. A thin,
# light pen's garland or a tick is less ink than that, but half a letter tall or more
# (PEN_CELL_TALL letter heights), and is read as a letter.
PEN_CELL_INK = 0.5
PEN_CELL_TALL = 0.5


def _worth_masking(cells: np.ndarray, xh: float) -> bool:
    """Whether the pen ink `cells` (bool) found beside a typed row is worth masking again: a
    garland's worth of ink (`PEN_CELL_INK`), or a stroke as tall as a letter (`PEN_CELL_TALL`),
    not a speck of an underline's end."""
    if cells.sum() >= PEN_CELL_INK * xh * xh:
        return True
    rows = np.flatnonzero(cells.any(axis=1))
    return len(rows) > 0 and rows[-1] - rows[0] + 1 >= PEN_CELL_TALL * xh


def straight_runs(ink: np.ndarray, length: int, vertical: bool, thick: float,
                  beyond: np.ndarray | None = None) -> np.ndarray:
    """Bool over the columns of `ink` (bool): the middle column of each straight vertical
    (`vertical`) or horizontal run of `length` pixels, no thicker than `thick` pixels, that
    keeps to the page's axes (`STEM_LEAN`, `STEM_BEND`); a vertical one must not run on into
    the `beyond` ink (bool: the pen ink past the typed row's height) at its ends: a typed stem
    ends within its row.

    A run marks its middle alone, so it speaks for the one cell that holds most of it: where
    bleeding ink joins a pen stroke's foot to a typed letter's bottom bar, the bar reaches into
    the cell beside the letter, which would pass for a glyph's."""
    kernel = np.ones((length, 1) if vertical else (1, length), np.uint8)
    runs = cv2.morphologyEx(ink.view(np.uint8), cv2.MORPH_OPEN, kernel)
    cols = np.zeros(ink.shape[1], bool)
    n, lab = cv2.connectedComponents(runs, connectivity=8)
    for k in range(1, n):
        ys, xs = np.nonzero(lab == k)
        if vertical and beyond is not None:
            c0, c1 = xs.min(), xs.max() + 1
            if (_runs_on(beyond[max(0, ys.min() - 2):ys.min()], c0, c1, thick)
                    or _runs_on(beyond[ys.max() + 1:ys.max() + 3], c0, c1, thick)):
                continue
        # The run's centre line: across its length (rows of a stem, columns of a bar).
        along, across = (ys, xs) if vertical else (xs, ys)
        pos = np.unique(along)
        if len(pos) < length:
            continue
        mid = np.array([across[along == p].mean() for p in pos])
        wide = np.median([np.count_nonzero(along == p) for p in pos])
        slope, icpt = np.polyfit(pos, mid, 1)
        if (wide <= thick and abs(slope) <= STEM_LEAN
                and np.abs(mid - (slope * pos + icpt)).max() <= STEM_BEND):
            cols[(xs.min() + xs.max()) // 2] = True
    return cols


def _runs_on(past: np.ndarray, c0: int, c1: int, thick: float) -> bool:
    """Whether the ink `past` (bool, the rows right past a vertical run's end) goes on in the
    run's columns `c0`-`c1` as a stroke about as narrow as the run (at most `thick` wider on
    either side): the stroke goes on past the row. A pen stroke that crosses a typed stem's
    foot or head sweeps across it, far wider than the stem, and leaves the stem its own."""
    for line in past:
        if not line[c0:c1].any():
            continue
        # The stretch of ink in this row that holds the run's columns.
        gaps = np.flatnonzero(~line)
        hit = c0 + int(np.flatnonzero(line[c0:c1])[0])
        left = gaps[gaps < hit]
        right = gaps[gaps > hit]
        x0 = left[-1] + 1 if len(left) else 0
        x1 = right[0] if len(right) else len(line)
        if x1 - x0 <= (c1 - c0) + 2 * thick:
            return True
    return False


def pen_cells(piece: np.ndarray, origin: tuple[int, int], row: tuple[float, float, float, float],
              pitch: float, xh: float, glyph_h: float | None = None) -> np.ndarray | None:
    """Bool mask (over `piece`, the bool ink of a pen piece the strip gave back past a typed
    row's end, its top-left at `origin` in page pixels) of the letter cells (the row's `pitch`,
    from the row's end outwards) that hold no typed glyph: from the first of STEM_BARE cells
    in a row without a straight stem or bar (`straight_runs`) on, or of the bare cells that
    end the piece past an empty cell, or that end it against the row with ink too short to be
    a glyph of the row (`GLYPH_SPAN` of `glyph_h`, its letters' median height; the row's
    height when not given). None when there are none.

    A strip gives back the signature's last garlands beside a typed name with the name's
    first letters the pen ran into; the letters sit on the row's grid and have upright stems
    and flat bars, the garlands slant and curve. A tick stands apart from the row it marks,
    a cell or two of no stem: a typed letter the pen ran into lies against its word, and
    spans the row's height."""
    ry0, ry1, rx0, rx1 = row
    ox, oy = origin
    _, w = piece.shape
    band = piece.copy()
    # Only the ink within the row's height counts: a glyph's stem lies there.
    band[:max(0, int(ry0) - oy)] = False
    band[max(0, int(np.ceil(ry1)) - oy):] = False
    thick = STEM_THICK * xh
    cols = (straight_runs(band, max(3, int(STEM_V * xh)), True, thick, piece & ~band)
            | straight_runs(band, max(3, int(STEM_H * pitch)), False, thick))
    left = ox + w <= rx0
    p = max(1.0, pitch)
    bare: list[tuple[int, int]] = []
    # Whether the bare cells so far lie past an empty cell, with no glyph between; whether no
    # empty cell lies between them and the row's end (the piece lies against the row).
    apart, against = False, True
    k = 1
    while True:
        a, b = (rx0 - k * p, rx0 - (k - 1) * p) if left else (rx1 + (k - 1) * p, rx1 + k * p)
        ca, cb = max(0, round(a) - ox), min(w, round(b) - ox)
        if (left and cb <= 0) or (not left and ca >= w):
            tall = ry1 - ry0 if glyph_h is None else glyph_h
            if bare and (apart or (against and all(_short(band[:, c0:c1], tall)
                                                   for c0, c1 in bare))):
                return _pen_from(piece, bare[0], left)
            return None
        if cb > ca and band[:, ca:cb].any():
            if cols[ca:cb].any():
                bare, apart = [], False
            else:
                bare = bare + [(ca, cb)]
            # A typed letter with neither (an А, an О) is one cell; a pen's garland runs on.
            if len(bare) == STEM_BARE:
                return _pen_from(piece, bare[0], left)
        elif not bare:
            apart, against = True, False
        k += 1


def _short(cell: np.ndarray, glyph_h: float) -> bool:
    """Whether the ink of a letter cell (bool, the row's height band of a pen piece) spans
    less than GLYPH_SPAN of the row's letters' height `glyph_h`: no typed glyph of the row
    is that short, a garland's last stroke ending against the name often is."""
    rows = np.flatnonzero(cell.any(axis=1))
    return len(rows) == 0 or rows[-1] - rows[0] + 1 < GLYPH_SPAN * glyph_h


def _pen_from(piece: np.ndarray, cell: tuple[int, int], left: bool) -> np.ndarray:
    """Bool mask of `piece`'s ink from the bare `cell` (its columns a, b) outwards, away from
    the row (to its `left` or right)."""
    out = np.zeros(piece.shape, bool)
    if left:
        out[:, :cell[1]] = piece[:, :cell[1]]
    else:
        out[:, cell[0]:] = piece[:, cell[0]:]
    return out
