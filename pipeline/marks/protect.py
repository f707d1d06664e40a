"""Which ink components of a mark are typed glyphs that merely touch or sit inside it.

A stamp's box or a signature's word cluster often takes in typed letters of the line it
crosses. Masking those erases whole words, whereas leaving a stray mark piece in costs a few
characters, so ink is kept as typed text whenever it looks like it: a letter-sized component
on a row of plain typed letters (`typed_components`, which also trims the mark's box), a
letter lined up with others of its height like typing (`aligned_letters`), and any ink in the
strip of a typed line near such letters (`typed_zone`), where touching glyphs hide. A typed
name under a signature is found by the letters the pen left whole (`name_under_pen`): as dark
as the typing where the pen is lighter, else standing on one baseline at the page's typewriter
pitch.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.penends import (ROW_PITCH_MAX, ROW_PITCH_MIN, STEM_H, STEM_THICK, STEM_V,
                                    straight_runs)
from pipeline.marks.pens import ink_lean
from pipeline.model import BBox

# Typed letters, accents and punctuation up to a couple of touching letters; anything taller
# or wider (a ring, a pen loop) is the mark's own.
MAX_H = 1.8
MAX_W = 3.0
# A row of text holds at least this many plain letters near the component...
MIN_ROW = 3
# ...within this many letter heights to either side (a typed line, not the whole page).
REACH = 25.0
# Passes: letters protected in one pass count as the typed row for the next, so a word
# swallowed whole next to a signature is kept from its neighbours inwards.
PASSES = 3
# A typed strip reaches this many letter heights past its end letters: two or three letters
# swallowed by a signature stroke beside a typed name are inside it.
PAD_X = 3.0


def letter_sized(stats: np.ndarray, xh: float) -> np.ndarray:
    """Bool per stats row: a component no taller and wider than a typed glyph or two."""
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    return (stats[:, cv2.CC_STAT_AREA] > 0) & (h <= MAX_H * xh) & (w <= MAX_W * xh)


def typed_components(stats: np.ndarray, mark_labels: set[int], xh: float) -> set[int]:
    """Labels among `mark_labels` that are letter-sized and sit on a row of plain typed letters.

    `stats` rows are x0, y0, w, h, area per label (row 0 background); every label not in
    `mark_labels` with area > 0 is plain text for this purpose.
    """
    if not mark_labels:
        return set()
    n = len(stats)
    small = letter_sized(stats, xh)
    is_mark = np.zeros(n, bool)
    is_mark[list(mark_labels)] = True
    letters = small & (stats[:, cv2.CC_STAT_HEIGHT] >= 0.5 * xh)
    row = letters & ~is_mark
    cand = np.flatnonzero(small & is_mark)
    protected: set[int] = set()
    x0, y0 = stats[:, 0].astype(float), stats[:, 1].astype(float)
    x1, y1 = x0 + stats[:, 2], y0 + stats[:, 3]
    for _ in range(PASSES):
        ref = np.flatnonzero(row)
        todo = np.array([c for c in cand if c not in protected], int)
        if len(ref) == 0 or len(todo) == 0:
            break
        cy = (y0[todo] + y1[todo]) / 2
        cx = (x0[todo] + x1[todo]) / 2
        # Centre of the candidate inside the neighbour's vertical span: same typed line.
        inside = (y0[ref][None, :] <= cy[:, None]) & (cy[:, None] <= y1[ref][None, :])
        gap = np.maximum(x0[ref][None, :] - cx[:, None], cx[:, None] - x1[ref][None, :])
        near = inside & (gap <= REACH * xh)
        new = todo[near.sum(axis=1) >= MIN_ROW]
        if len(new) == 0:
            break
        protected.update(int(c) for c in new)
        row[new] = letters[new]
    return protected


def aligned_letters(stats: np.ndarray, ids: set[int], xh: float, min_row: int = 3,
                    inside: BBox | None = None, oval: bool = False,
                    anchored: bool = False) -> set[int]:
    """Labels among `ids` that line up with `min_row` letters of like height in a tight row.

    Typed glyphs share a height and a centre line to a fraction of a letter; a pen's letters
    and a stamp's ring lettering wander. Any letter-sized component on the page counts as a
    row neighbour, so a typed line swallowed whole by a mark is still recognised. Given the
    mark's box `inside`, a row must also reach a letter outside it (outside the box's inscribed
    ellipse when `oval`, for a round stamp) and not among `ids`: a stamp's own lines of text
    are as straight as typing, but end at its frame, and a frame printed broken (or a square
    stamp told round) leaves letter-sized pieces of the frame in the box's corners, beyond the
    ellipse, on its last line's row. With `anchored`, a row must reach a letter not among `ids`:
    a neatly written number lines up as well as typing, but only typing continues into the
    typed line.
    """
    if not ids:
        return set()
    h = stats[:, cv2.CC_STAT_HEIGHT].astype(float)
    letters = np.flatnonzero(letter_sized(stats, xh) & (h >= 0.5 * xh) & (h <= 1.5 * xh))
    cand = np.array(sorted(set(ids) & set(letters.tolist())), int)
    if len(cand) == 0:
        return set()
    x0, y0 = stats[:, 0].astype(float), stats[:, 1].astype(float)
    x1, yc = x0 + stats[:, 2], y0 + h / 2
    same_h = np.abs(np.log(h[cand][:, None] / h[letters][None, :])) <= np.log(1.3)
    same_y = np.abs(yc[cand][:, None] - yc[letters][None, :]) <= 0.25 * xh
    gap = np.maximum(x0[letters][None, :] - x1[cand][:, None], x0[cand][:, None] - x1[letters][None, :])
    near = same_h & same_y & (gap <= 4 * xh) & (letters[None, :] != cand[:, None])
    ok = near.sum(axis=1) >= min_row
    if inside is not None or anchored:
        xc = (x0 + x1) / 2
        out = ~np.isin(letters, cand)
        if inside is not None and oval:
            ex = (xc[letters] - (inside.x0 + inside.x1) / 2) / max(inside.width / 2, 1.0)
            ey = (yc[letters] - (inside.y0 + inside.y1) / 2) / max(inside.height / 2, 1.0)
            out &= np.hypot(ex, ey) > 1.0
        elif inside is not None:
            out &= (xc[letters] < inside.x0) | (xc[letters] > inside.x1)
        # Spread "reaches outside" along each row, letter by letter, from the outside in.
        reach = out.copy()
        pos = {int(lab): k for k, lab in enumerate(letters)}
        for _ in range(64):
            hit = ok & (near & reach[None, :]).any(axis=1)
            idx = [pos[int(c)] for c in cand[hit]]
            if reach[idx].all():
                break
            reach[idx] = True
        ok &= reach[[pos[int(c)] for c in cand]]
    return {int(c) for c in cand[ok]}


def typed_zone(stats: np.ndarray, ids: set[int], shape: tuple[int, int], xh: float) -> np.ndarray:
    """Bool mask of the typed-line strips around the letters `ids` (a letter's box widened
    sideways), where a mark's big strokes are left in: a letter touching a stamp's ring or a
    signature is part of the stroke's component and can only be saved by place."""
    zone = np.zeros(shape, np.uint8)
    for i in ids:
        x, y, w, h = (int(v) for v in stats[i, :4])
        # Reach measured in the letter's own height: capitals and digits set the pitch.
        pad_x, pad_y = round(PAD_X * max(h, xh)), round(0.1 * max(h, xh))
        zone[max(0, y - pad_y):y + h + pad_y, max(0, x - pad_x):x + w + pad_x] = 1
    return zone > 0


# Typed rows beside a stamp are looked for this many letter heights to either side of it...
ROW_REACH_X = 15.0
ROW_REACH_Y = 8.0
# ...as rows of at least this many x-height letters (no capitals, ascenders or descenders:
# their centres share the row's mid-line to a fraction of a letter).
ROW_MIN = 3
# A typed line's strip reaches capitals above and descenders below its x-height band.
STRIP_HALF = 0.95
BLOCK_PITCHES = 4.2
STRIP_PAD_X = 2.0


def typed_rows(stats: np.ndarray, exclude: set[int], xh: float, near: BBox) -> list[tuple[float, float, float]]:
    """(mid-line y, x0, x1) of the typed rows around the box `near`, top to bottom, from the
    x-height letters not in `exclude` (a mark's own components)."""
    x0, y0 = stats[:, 0].astype(float), stats[:, 1].astype(float)
    w, h = stats[:, 2].astype(float), stats[:, 3].astype(float)
    yc = y0 + h / 2
    ok = letter_sized(stats, xh) & (h >= 0.75 * xh) & (h <= 1.25 * xh)
    if exclude:
        ok[np.fromiter(exclude, int)] = False
    ok &= (x0 + w >= near.x0 - ROW_REACH_X * xh) & (x0 <= near.x1 + ROW_REACH_X * xh)
    ok &= (yc >= near.y0 - ROW_REACH_Y * xh) & (yc <= near.y1 + ROW_REACH_Y * xh)
    idx = np.flatnonzero(ok)
    if len(idx) == 0:
        return []
    idx = idx[np.argsort(yc[idx])]
    cuts = np.flatnonzero(np.diff(yc[idx]) > 0.3 * xh) + 1
    rows = []
    for grp in np.split(idx, cuts):
        if len(grp) >= ROW_MIN:
            rows.append((float(np.median(yc[grp])), float(x0[grp].min()), float((x0[grp] + w[grp]).max())))
    return rows


def line_pitch(rows: list[tuple[float, float, float]], xh: float) -> float | None:
    """The typed line pitch of `rows` (mid-line y first): the common spacing of neighbouring
    rows; None when no two rows are a line apart."""
    gaps = np.diff([r[0] for r in rows])
    gaps = gaps[gaps >= 1.2 * xh]
    if len(gaps) == 0:
        return None
    return float(np.median(gaps[gaps <= 1.3 * gaps.min()]))


# A gap between two typed rows holds lines of the page's grid only when it is this near (in
# pitches) to a whole number of them, two or more.
GRID_FIT = 0.25


def _whole_pitches(gap: float, pitch: float) -> bool:
    """Whether the gap between two rows' mid-lines is a whole number (2+) of line pitches.

    The page's pitch is its closest common spacing: a form's single-spaced header sets it
    while the body below is typed a line and a half apart, and lines put into the body's
    gaps at the header's pitch would fall between the body's lines, where only a stamp's
    strokes are."""
    lines = round(gap / pitch)
    return lines >= 2 and abs(gap / pitch - lines) <= GRID_FIT


def typed_strips(stats: np.ndarray, exclude: set[int], box: BBox, xh: float) -> list[BBox]:
    """Strips of the box `box` where typed lines run under a mark: the typed rows that cross
    it, and the lines a typewriter's grid puts between the rows above and below it (a gap of
    whole line pitches), each as wide as the text block beside it and clipped to `box`.

    A line written wholly inside a stamp has no letter outside it to show it is typing, and
    its letters merge with the stamp's; only its place on the page's line grid tells.
    """
    rows = typed_rows(stats, exclude, xh, box)
    pitch = line_pitch(rows, xh)
    lines = [(c, a, b) for c, a, b in rows]
    centres = [r[0] for r in rows]
    for k in range(len(rows) - 1):
        (c0, a0, b0), (c1, a1, b1) = rows[k], rows[k + 1]
        gap = c1 - c0
        # The lines between two rows follow the pitch of the rows above or below the gap (a
        # block's own spacing), or, when neither has one, sit on the page's grid; a
        # signature's name line is placed on its own, a pitch under the text above it.
        above = c0 - centres[k - 1] if k > 0 else None
        below = centres[k + 2] - c1 if k + 2 < len(rows) else None
        steps = [(step, start, sign) for step, start, sign in ((above, c0, 1), (below, c1, -1))
                 if step is not None and step >= 1.2 * xh and gap >= 1.5 * step]
        # Rows as far apart as their neighbours are a block's regular spacing (double-spaced
        # typing): no line is missing between them.
        regular = any(step is not None and abs(gap / step - 1) <= GRID_FIT for step in (above, below))
        if not steps and not regular and pitch is not None and _whole_pitches(gap, pitch):
            steps = [(pitch, c0, 1), (pitch, c1, -1)]
        found = []
        for step, start, sign in steps:
            n = 1
            while n * step <= gap - 0.5 * step:
                found.append(start + sign * n * step)
                n += 1
        for c in sorted(found):
            if all(abs(c - f) > 0.5 * xh for f, _, _ in lines):
                lines.append((c, min(a0, a1), max(b0, b1)))
    half = STRIP_HALF * xh
    out = []
    for c, a, b in sorted(lines):
        # A line reaches as far as its block: the rows a few pitches either side (a paragraph's
        # last line is short, an indented first line starts late).
        span = [(a2, b2) for c2, a2, b2 in rows if abs(c2 - c) <= BLOCK_PITCHES * (pitch or xh)]
        lo = min([a] + [s[0] for s in span])
        hi = max([b] + [s[1] for s in span])
        # Capitals and ascenders at the line's ends are no x-height letters: a little more.
        sx0, sy0 = max(lo - STRIP_PAD_X * xh, box.x0), max(c - half, box.y0)
        sx1, sy1 = min(hi + STRIP_PAD_X * xh, box.x1), min(c + half, box.y1)
        if sx1 > sx0 and sy1 > sy0:
            out.append(BBox(sx0, sy0, sx1, sy1))
    return out


# A monochrome stamp is told from the typing across it by tone: violet, red or blue stamp ink
# scans lighter than black typing. Below this gap (gray levels, stroke cores) they are one ink.
MIN_TONE_GAP = 25.0
# Typed ink tone is measured on at least this many stroke-core pixels near the stamp.
MIN_TONE_PX = 200


def core_median(gray: np.ndarray, mask: np.ndarray, least: int = MIN_TONE_PX) -> float | None:
    """Median gray of the stroke cores (`mask` eroded by a pixel, past the shaded rims), or None
    on fewer than `least` of them."""
    core = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return float(np.median(gray[core])) if int(core.sum()) >= least else None


def tone_cut(gray: np.ndarray, ink: np.ndarray, other: np.ndarray, sel: np.ndarray,
             box: tuple[slice, slice] | None = None, typed: float | None = None) -> float | None:
    """Gray level between the typing's stroke cores (ink not in `other`) and the stroke cores
    of the `other` ink under `sel` (bool), or None when the two tones are too close to tell
    (`gray`: the flattened page; `ink`, `other`: 255 masks, `other` a stamp's colour or the
    marks). Darker than the cut is typing's. `box`: where the other ink is measured; `typed`:
    the typing's tone when the caller has it (`typed_tone` of the same masks)."""
    if typed is None:
        typed = typed_tone(gray, ink, other)
    box = box or (slice(None), slice(None))
    mark = core_median(gray[box], sel[box] & (other[box] > 0))
    if typed is None or mark is None or mark - typed < MIN_TONE_GAP:
        return None
    return (typed + mark) / 2


# A typed name's own tone is measured on its free letters' stroke cores, at least this many.
# A short name keeps only a few letters the pen left whole, far under MIN_TONE_PX (a stamp's
# reach of typing): two to six of them held 101-153 core pixels on the census pages.
NAME_TONE_PX = 50

# A typed name a signature crosses: the letters the pen left whole are as dark as the typing,
# the pen's stroke clearly lighter (MIN_TONE_GAP); at least this many of them on one row.
NAME_MIN_LETTERS = 2
# A name the pen's long strokes do not reach (a signature written above it) stands whole: at
# least this many letters.
NAME_WHOLE_MIN = 3
# A signature has a stroke at least this many letter heights long; a neatly written number
# (its digits as dark as typing in places) has none.
NAME_STROKE_W = 6.0
# A letter cell beside the name is a crossed typed glyph when this share of it is dark ink
# and no more than this share of that again lies just above or below the row.
NAME_CELL_INK = 0.04
NAME_CELL_OUT = 0.25
# Their row's strip reaches this share of a letter's height above and below them.
NAME_PAD_Y = 0.15
# One typed glyph's ink leans at most this much (x drift per row upwards): a `2`'s or a `/`'s
# diagonal about 0.4-0.5. A pen stroke's arc or loop leans more.
GLYPH_LEAN = 0.6
# Where the pen is as dark as the typing, a name's letters are told by place: their feet within
# NAME_BASE_TOL letter heights of one baseline and their left edges on the page's typewriter
# grid, each step between them within NAME_PHASE of a whole number of the page's pitch.
NAME_BASE_TOL = 0.25
NAME_PHASE = 0.2
# A typed row stands upright: the median lean of its letters is at most this (typed capitals
# 0.01-0.1, a cursive resolution's separate letters 0.25 and more).
NAME_ROW_LEAN = 0.2
# A crossed capital's stem or bar given back brings the ink this many pixels round it: its
# own shaded rim, and the pen's ink just where the stroke crosses it.
STEM_RIM = 2


def typed_tone(gray: np.ndarray, ink: np.ndarray, other: np.ndarray) -> float | None:
    """Median gray of the typing's stroke cores: ink (255 mask) not in `other` (the marks)."""
    return core_median(gray, (ink > 0) & (other == 0))


def name_under_pen(gray: np.ndarray, labels: np.ndarray, stats: np.ndarray, ids: list[int],
                   box: tuple[int, int, int, int], xh: float, typed: float | None,
                   place: bool = False) -> tuple[set[int], tuple[int, int, int, int] | None]:
    """(labels, (x0, y0, x1, y1) strip) of the typed letters a signature's components `ids`
    (in `box`, x0 y0 x1 y1) took in, when one of them is a signature's long stroke: letter-sized
    components as dark as the typing (`typed`, its tone) sharing one row when the pen's own
    strokes are clearly lighter; with `place`, those standing on one baseline at the page's
    typewriter pitch (`_placed_row`), where the pen is as dark or its ink blurred the letters'
    tone. Empty and None when the mark has no such stroke or no row of such letters is
    there."""
    if typed is None or not ids:
        return set(), None
    idx = np.asarray(ids, np.intp)
    h = stats[idx, cv2.CC_STAT_HEIGHT].astype(float)
    small = letter_sized(stats[idx], xh) & (h >= 0.5 * xh)
    if int(small.sum()) < NAME_MIN_LETTERS or small.all():
        return set(), None
    long = idx[~small][stats[idx[~small], cv2.CC_STAT_WIDTH] >= NAME_STROKE_W * xh]
    if not len(long):
        return set(), None
    x0, y0, x1, y1 = box
    sub, g = labels[y0:y1, x0:x1], gray[y0:y1, x0:x1]
    pen = core_median(g, np.isin(sub, idx[~small]))
    keep: list[int] = []
    # The cells beside the name are walked through ink as dark as the typing, or through all
    # ink where tone cannot tell the pen from it.
    ink = labels > 0
    if pen is not None and pen - typed >= MIN_TONE_GAP:
        cut = (typed + pen) / 2
        ink = gray <= cut
        if not place:
            dark = [int(c) for c in idx[small] if _letter_tone(g, sub == c) <= cut]
            keep = _name_row(stats, dark, xh)
    if place:
        keep = _placed_row(labels, stats, [int(c) for c in idx[small]], ids, xh)
    if len(keep) < NAME_MIN_LETTERS:
        return set(), None
    top = stats[keep, cv2.CC_STAT_TOP].astype(float)
    hh = stats[keep, cv2.CC_STAT_HEIGHT].astype(float)
    pad = NAME_PAD_Y * float(hh.max())
    ty0 = int(top.min() - pad)
    ty1 = int(np.ceil((top + hh).max() + pad))
    # A pen that crosses the name may leave only two of its letters whole; one whose long
    # strokes lie wholly above or below the row left the name whole, and two glyphs there (a
    # written `№` and a digit under a number with a fold line through it) are no name.
    ly0 = stats[long, cv2.CC_STAT_TOP]
    crossed = ((ly0 < ty1) & (ly0 + stats[long, cv2.CC_STAT_HEIGHT] > ty0)).any()
    if not crossed and len(keep) < NAME_WHOLE_MIN:
        return set(), None
    lo, hi = _name_span(ink, stats[keep], (ty0, ty1), (x0, x1), float(hh.max()))
    return set(keep), (lo, max(0, ty0), hi, ty1)


def _name_row(stats: np.ndarray, cand: list[int], xh: float) -> list[int]:
    """The largest group of the components `cand` sharing a row: centres within a quarter
    letter, like heights."""
    if not cand:
        return []
    top = stats[cand, cv2.CC_STAT_TOP].astype(float)
    hh = stats[cand, cv2.CC_STAT_HEIGHT].astype(float)
    yc = top + hh / 2
    best: list[int] = []
    for k in range(len(cand)):
        row = [j for j in range(len(cand)) if abs(yc[j] - yc[k]) <= 0.25 * xh
               and abs(np.log(hh[j] / hh[k])) <= np.log(1.3)]
        if len(row) > len(best):
            best = row
    return [cand[j] for j in best]


def _placed_row(labels: np.ndarray, stats: np.ndarray, cand: list[int], ids: list[int],
                xh: float) -> list[int]:
    """The largest row of the letter-sized components `cand` of a signature (its components
    `ids`) that stand as typed glyphs do: upright (`GLYPH_LEAN` each, `NAME_ROW_LEAN` the
    row), alike in height, their feet on one baseline and their left edges a whole number of
    the page's typewriter pitch apart (from the plain letters, not the signature's). A pen's
    garlands lean, wander off a baseline and are spaced by the hand, not by the typewriter's
    cells."""
    upright, leans = [], []
    for c in cand:
        x, y, w, h = (int(v) for v in stats[c, :4])
        lean = ink_lean(labels[y:y + h, x:x + w] == c)
        if lean is not None and abs(lean) <= GLYPH_LEAN:
            upright.append(c)
            leans.append(abs(lean))
    if len(upright) < NAME_MIN_LETTERS:
        return []
    plain = letter_sized(stats, xh) & (stats[:, cv2.CC_STAT_HEIGHT] >= 0.5 * xh)
    plain[0] = False
    plain[ids] = False
    pitch = page_pitch(stats[plain, cv2.CC_STAT_LEFT].astype(float),
                       (stats[plain, cv2.CC_STAT_TOP] + stats[plain, cv2.CC_STAT_HEIGHT]).astype(float), xh)
    feet = stats[upright, cv2.CC_STAT_TOP] + stats[upright, cv2.CC_STAT_HEIGHT].astype(float)
    hh = stats[upright, cv2.CC_STAT_HEIGHT].astype(float)
    lx = stats[upright, cv2.CC_STAT_LEFT].astype(float)
    best: list[int] = []
    for k in range(len(upright)):
        steps = (lx - lx[k]) / pitch
        row = [j for j in range(len(upright)) if abs(feet[j] - feet[k]) <= NAME_BASE_TOL * xh
               and abs(np.log(hh[j] / hh[k])) <= np.log(1.3)
               and abs(steps[j] - round(steps[j])) <= NAME_PHASE]
        # A written row is passed over, not let to hide the typed one: the pen's small
        # garland pieces line up at the pitch by chance as often as the name's letters do.
        if len(row) > len(best) and _typed_cells(row, lx, pitch, leans):
            best = row
    return [upright[j] for j in best]


def _typed_cells(row: list[int], lx: np.ndarray, pitch: float, leans: list[float]) -> bool:
    """Whether the letters `row` (indices into left edges `lx` and |leans| `leans`) stand as
    typing: two glyphs in one cell are not two typed letters; a row of leaning letters is
    written."""
    cells = {round((lx[j] - lx[row[0]]) / pitch) for j in row}
    return len(cells) == len(row) and float(np.median([leans[j] for j in row])) <= NAME_ROW_LEAN


def pitch_steps(x0: np.ndarray, xh: float) -> np.ndarray:
    """Steps between neighbouring letters' left edges `x0` of one row that may be its pitch."""
    steps = np.diff(np.sort(x0))
    return steps[(steps >= ROW_PITCH_MIN * xh) & (steps <= ROW_PITCH_MAX * xh)]


def page_pitch(x0: np.ndarray, y1: np.ndarray, xh: float) -> float:
    """Median letter pitch of the page's typed rows (letters with left edges `x0` and feet `y1`
    grouped into rows by their feet), a letter height when no row has two letters."""
    order = np.argsort(y1)
    breaks = np.flatnonzero(np.diff(y1[order]) > 0.25 * xh) + 1
    steps = [pitch_steps(x0[idx], xh) for idx in np.split(order, breaks)]
    steps = np.concatenate(steps) if steps else np.zeros(0)
    return float(np.median(steps)) if len(steps) else float(xh)


def _name_span(dark: np.ndarray, letters: np.ndarray, row: tuple[int, int],
               span: tuple[int, int], lh: float) -> tuple[int, int]:
    """x0, x1 of a typed name on `row` (y0, y1) from its free `letters` (stats rows) outwards,
    a letter cell (their pitch) at a time, while the cell holds dark ink (`dark`: as dark as
    the typing) that stays in the row: a crossed typed glyph ends at the row, a pen stroke
    as dark runs on above or below it. Within `span` (the signature's x0, x1)."""
    xs = np.sort(letters[:, cv2.CC_STAT_LEFT].astype(float))
    pitch = _name_pitch(letters, lh)
    y0, y1 = row
    reach = int(0.5 * lh)
    oy0, oy1 = max(0, y0 - reach), min(dark.shape[0], y1 + reach)
    lo = int(xs.min())
    hi = int((letters[:, cv2.CC_STAT_LEFT] + letters[:, cv2.CC_STAT_WIDTH]).max())

    def glyph(a: int, b: int) -> bool:
        inside = int(dark[max(0, y0):y1, a:b].sum())
        outside = int(dark[oy0:max(0, y0), a:b].sum() + dark[y1:oy1, a:b].sum())
        return inside >= NAME_CELL_INK * pitch * (y1 - y0) and outside <= NAME_CELL_OUT * inside

    while lo - pitch >= span[0] and glyph(lo - pitch, lo):
        lo -= pitch
    while hi + pitch <= span[1] and glyph(hi, hi + pitch):
        hi += pitch
    return lo, hi


def _name_pitch(letters: np.ndarray, lh: float) -> int:
    """A typed name's letter cell (px) from its free `letters` (stats rows): their smallest
    step of at least 0.6 letter heights, or a letter height; kept within 0.6-2 of them."""
    steps = np.diff(np.sort(letters[:, cv2.CC_STAT_LEFT].astype(float)))
    steps = steps[steps >= 0.6 * lh]
    pitch = round(float(steps.min())) if len(steps) else round(lh)
    return min(max(pitch, int(0.6 * lh)), int(2.0 * lh))


def crossed_stems(ink: np.ndarray, letters: np.ndarray, band: tuple[int, int, int, int]) -> np.ndarray:
    """Bool mask (page-sized) of the straight upright stems and flat bars of typed capitals
    (`penends.straight_runs`, ending within the name's strip `band`, x0 y0 x1 y1), with the ink
    touching them, in the cells the walk added beside the name's free `letters` (stats rows):
    the name's crossed glyphs, not the garlands through and beside them. `ink` is bool.

    A name found by place was walked through all ink, as dark as the pen's, and the pen's
    checks (`penends.pen_ends`) mask again a crossed letter joined to its stroke along with the
    garlands. A garland slants, curves and runs on past the strip; a capital's stem and bars
    stand square in it. Only those are given back, not the whole cell: a garland's loop left
    in a cell beside the name reads as a letter and makes the name's capitals lower case.
    Round letters (`С`, `О`) have neither and stay with the pen's checks, and so does every
    cell past them."""
    x0, y0, x1, y1 = band
    out = np.zeros(ink.shape, bool)
    lh = float(letters[:, cv2.CC_STAT_HEIGHT].max())
    pitch = _name_pitch(letters, lh)
    reach = int(0.5 * lh)
    oy0, oy1 = max(0, y0 - reach), min(ink.shape[0], y1 + reach)
    near = ink[oy0:oy1, x0:x1]
    strip = np.zeros_like(near)
    strip[y0 - oy0:y1 - oy0] = near[y0 - oy0:y1 - oy0]
    thick = STEM_THICK * lh
    runs: list[tuple[np.ndarray, int]] = []
    for length, vertical in ((max(3, int(STEM_V * lh)), True), (max(3, int(STEM_H * pitch)), False)):
        cols = straight_runs(strip, length, vertical, thick, near & ~strip if vertical else None)
        kernel = np.ones((length, 1) if vertical else (1, length), np.uint8)
        n, lab = cv2.connectedComponents(cv2.morphologyEx(strip.view(np.uint8), cv2.MORPH_OPEN, kernel),
                                         connectivity=8)
        for k in range(1, n):
            run = lab == k
            xs = np.flatnonzero(run.any(axis=0))
            mid = int(xs.min() + xs.max()) // 2
            if cols[mid]:
                runs.append((run, mid))
    held = np.zeros(near.shape[1], bool)
    for _, mid in runs:
        held[mid] = True
    # The name's cells run on from its free letters without a gap: from the first cell
    # with neither a stem nor a bar on, the walk is in the garlands (whose troughs and
    # steep upstrokes pass for a bar or a stem now and then).
    lo = int(letters[:, cv2.CC_STAT_LEFT].min())
    hi = int((letters[:, cv2.CC_STAT_LEFT] + letters[:, cv2.CC_STAT_WIDTH]).max())
    cells = np.zeros(near.shape[1], bool)
    for side in (range(lo - pitch, x0 - 1, -pitch), range(hi, x1 - pitch + 1, pitch)):
        for a in side:
            if not held[a - x0:a + pitch - x0].any():
                break
            cells[a - x0:a + pitch - x0] = True
    found = np.zeros(near.shape, bool)
    for run, mid in runs:
        if cells[mid]:
            found |= run
    grown = cv2.dilate(found.view(np.uint8), np.ones((3, 3), np.uint8), iterations=STEM_RIM) > 0
    out[oy0:oy1, x0:x1] = grown & strip
    return out


def _letter_tone(gray: np.ndarray, mask: np.ndarray) -> float:
    """A glyph's stroke-core tone: the median under its eroded mask (its rim shades into the
    paper), or its darker quarter when too thin to have a core."""
    if not mask.any():  # a component of the mark wholly outside the (clipped) box
        return float("inf")
    core = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    if int(core.sum()) >= 5:
        return float(np.median(gray[core]))
    return float(np.percentile(gray[mask], 25))
