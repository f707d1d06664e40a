"""Which ink components of a mark are typed glyphs that merely touch or sit inside it.

A stamp's box or a signature's word cluster often takes in typed letters of the line it
crosses. Masking those erases whole words, whereas leaving a stray mark piece in costs a few
characters, so ink is kept as typed text whenever it looks like it: a letter-sized component
on a row of plain typed letters (`typed_components`, which also trims the mark's box), a
letter lined up with others of its height like typing (`aligned_letters`), and any ink in the
strip of a typed line near such letters (`typed_zone`), where touching glyphs hide.
"""

from __future__ import annotations

import cv2
import numpy as np

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
    ellipse when `oval`, for a round stamp): a stamp's own lines of text are as straight as
    typing, but end at its frame. With `anchored`, a row must reach a letter not among `ids`:
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
        if inside is None:
            out = ~np.isin(letters, cand)
        elif oval:
            ex = (xc[letters] - (inside.x0 + inside.x1) / 2) / max(inside.width / 2, 1.0)
            ey = (yc[letters] - (inside.y0 + inside.y1) / 2) / max(inside.height / 2, 1.0)
            out = np.hypot(ex, ey) > 1.0
        else:
            out = (xc[letters] < inside.x0) | (xc[letters] > inside.x1)
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
