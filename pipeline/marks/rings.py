"""A round stamp printed over typing, cut out of the blob it makes with the typed lines."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from pipeline.marks.pens import PEN_MIN_HEIGHT, PEN_OFF_RING, ring_in, tall_stroke
from pipeline.marks.protect import aligned_letters, typed_components
from pipeline.marks.regions import TYPED_ROW_MIN, Candidates, hand_gaps, labels_box, merge
from pipeline.model import BBox


def ring_cut(found: Candidates, lab: list[int], box: BBox, own: np.ndarray, xh: float,
             written: Callable[[list[int]], bool] | None = None, whole: np.ndarray | None = None
             ) -> tuple[list[int], BBox, list[list[int]]] | None:
    """A stamp blob cut to the round stamp whose ring (`pens.ring_in`) it holds: (the labels on
    or inside the ring, their box, the label groups of notes past it), or None without a ring.

    Components crossing the ring (typed glyphs and rules touching it) are cut at PEN_OFF_RING
    letter heights past it: the part past it takes a new label (a row appended to
    `found.stats`, relabelled in `found.labels` in place) and is typing again. Components
    wholly past the ring are typing when they line up like it (`protect.aligned_letters`,
    `protect.typed_components`); the rest, with the cut-off parts that are pen strokes
    (`pens.tall_stroke`), grouped as handwriting is (`hand_gaps`), are notes when they hold a
    pen stroke or, without one, when `written` (a group's labels: whether it is handwriting,
    judged as a blob of its own) says so; else typing.

    The ring is sought in `own`, then in `whole` (the blob's ink over `box` with the typed
    letters it took in) when given: typed lines crossing a ring join its stroke, and taking
    their letters out takes pieces of the ring with them.
    """
    ring = ring_in(own, xh)
    if ring is None and whole is not None:
        ring = ring_in(whole, xh)
    if ring is None:
        return None
    x0, y0, x1, y1 = (int(v) for v in (box.x0, box.y0, box.x1, box.y1))
    sub = found.labels[y0:y1, x0:x1]
    yy, xx = np.ogrid[0:y1 - y0, 0:x1 - x0]
    past = np.hypot(xx - ring[0], yy - ring[1]) > ring[2] + PEN_OFF_RING * xh
    mine = np.isin(sub, np.asarray(lab, np.int32))
    inside = set(np.unique(sub[mine & ~past]).tolist())
    if not inside:
        return None
    crossing = inside & set(np.unique(sub[mine & past]).tolist())
    rows, reach = [], []
    for c in sorted(crossing):
        comp = sub == c
        ys, xs = np.nonzero(comp & ~past)
        found.stats[c] = [x0 + xs.min(), y0 + ys.min(), xs.max() - xs.min() + 1,
                          ys.max() - ys.min() + 1, len(ys)]
        # Each piece the cut leaves past the ring is a component of its own (a glyph, a
        # rule, a pen stroke, a sliver of the ring's rim).
        n, pieces, pst, _ = cv2.connectedComponentsWithStats((comp & past).astype(np.uint8), connectivity=8)
        for j in range(1, n):
            part = pieces == j
            py, px = np.nonzero(part)
            sub[part] = len(found.stats) + len(rows)
            rows.append([x0 + pst[j, 0], y0 + pst[j, 1], pst[j, 2], pst[j, 3], pst[j, 4]])
            reach.append(float(np.hypot(px - ring[0], py - ring[1]).max()) - ring[2])
    if rows:
        found.stats = np.vstack([found.stats, np.asarray(rows, found.stats.dtype)])
    st = found.stats
    past_ring = {i for i in lab if i not in inside}
    # What lies past the ring is no typing the blob took in (that left it before) unless it
    # lines up like typing now that the ring is apart from it: the rest is pen ink (a number
    # or a signature written beside the stamp and touching it).
    lined = aligned_letters(st, past_ring, xh) | aligned_letters(
        st, past_ring, xh, min_row=TYPED_ROW_MIN, anchored=True)
    typing = lined | typed_components(st, past_ring - lined, xh)
    # Of what was cut off crossing components, only a pen's stroke (taller and wider than any
    # glyph, reaching well past the ring) is a note's: a typed rule or glyph touching the ring
    # is typing, and the rim of a ring a little out of round is the stamp's.
    cut_off = range(len(st) - len(rows), len(st))
    strokes = {i for i, far in zip(cut_off, reach)
               if far >= PEN_MIN_HEIGHT * xh and tall_stroke(st, [i], xh) is not None}
    pen = sorted((past_ring - typing) | strokes)
    kept = sorted(inside)
    notes = [[pen[j] for j in grp] for grp in merge([labels_box(st, [i]) for i in pen],
                                                   *hand_gaps(xh))]
    # A group holding a pen's stroke is surely a note. Letters that do not line up are typed
    # ones the ring cut loose, or a number or a short note written against the ring in small
    # letters (no stroke of them a signature's height): only the classifier, judging the group
    # as the blob it would be without the stamp, tells which.
    notes = [note for note in notes if tall_stroke(st, note, xh) is not None
             or (written is not None and written(note))]
    return kept, labels_box(st, kept), notes
