"""A gray stamp over typed lines whose ring is pressed as dark as the typing on a typed strip:
the tone split (`toned.split_typed_lines`) leaves those stretches of ring to the stamp, and
still takes the typed glyphs the ring crosses."""

import cv2
import numpy as np

from pipeline.marks.toned import arc_pieces, split_typed_lines
from test_g33_s16 import ROWS, STAMP, TYPED, XH, drawn_page


def darkened_arcs():
    """(gray, labels, stats, the stamp's Detection, bool mask of the typed glyphs, bool mask of
    the ring's stretches on the typed lines, clear of every glyph, pressed as dark as typing)."""
    gray, labels, stats, det, _, _ = drawn_page()
    typed = gray == TYPED
    near = cv2.dilate(typed.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    lines = np.zeros(gray.shape, bool)
    for y in ROWS:
        lines[y - XH // 2:y + XH // 2] = True
    arcs = (labels == det.labels[0]) & (gray == STAMP) & lines & ~near
    gray[arcs] = TYPED
    return gray, labels, stats, det, typed, arcs


def test_dark_ring_stretches_on_typed_lines_stay_the_stamps():
    gray, labels, stats, det, typed, arcs = darkened_arcs()
    assert arcs.sum() > 100
    n = len(stats)
    stats = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    assert len(stats) > n                         # the split fired
    assert (labels[arcs] == det.labels[0]).all()  # the dark ring is still the stamp's
    assert (labels[typed] != det.labels[0]).all()  # every typed glyph the ring crossed left it


def test_a_piece_with_a_dark_seed_off_the_ring_is_typing():
    taken = np.zeros((30, 60), bool)
    path = np.zeros_like(taken)
    path[10:14, :] = True
    taken[10:14, 2:20] = True                     # wholly on the ring's path
    taken[10:14, 30:50] = True                    # on the path, with a stroke below it
    taken[14:26, 40:43] = True
    seeds = taken.copy()
    arc = arc_pieces(taken, seeds, path)
    assert arc[10:14, 2:20].all()
    assert not arc[:, 30:].any()
