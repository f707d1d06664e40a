"""D28 round 2 (session 14): a round stamp's box ends at its ring.

A round stamp printed against typing joins the typed word or rule its ring touches into one
blob. While that blob is still of a stamp's size and shape it was kept whole, and its box took
in the typing (half the box, on real pages, and no match to the stamp). A ring the box reaches
well past (`stampshape.reaches_past_ring`) cuts the box back to the ring; a ring alone keeps its box,
and a cut whose cut-off ink surrounds the ring found (an inner ring) is undone.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.detect import detect
from pipeline.marks.stampshape import RING_OVERREACH, reaches_past_ring, ring_inside_note
from pipeline.model import BBox

XH = 14
CENTRE, RADIUS = (560, 260), 112   # the stamp's ring, 8 letter heights across its radius
WORD_LEFT = 330                     # the typed word joined to the ring starts this far left


class _Stamp:
    """A classifier stub calling every blob a stamp, surely enough to pass MIN_PROB."""

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        p = np.array([{"stamp": 0.7}.get(c, 0.15) for c in CLASSES])
        return np.tile(p, (len(features), 1))


def _page(word: bool) -> np.ndarray:
    """Paper with typed rows of block letters and a black round stamp (a ring round its
    lettering); with `word`, a typed word of letters joined at their foot runs from the left
    into the ring."""
    img = np.full((520, 900, 3), 245, np.uint8)
    for y in (20, 480):
        for x in range(40, 860, 20):
            cv2.rectangle(img, (x, y), (x + 9, y + XH - 1), (30, 30, 30), -1)
    cv2.circle(img, CENTRE, RADIUS, (25, 25, 25), 6)
    for dy, text in ((-30, "MID"), (20, "SSSR"), (70, "N 3")):
        cv2.putText(img, text, (CENTRE[0] - 50, CENTRE[1] + dy), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (25, 25, 25), 4)
    if word:
        y = CENTRE[1] + 84
        for x in range(WORD_LEFT, CENTRE[0] - 90, 14):
            cv2.rectangle(img, (x, y), (x + 8, y + XH - 1), (30, 30, 30), -1)
        cv2.rectangle(img, (WORD_LEFT, y + XH - 3), (CENTRE[0] - 20, y + XH - 1), (30, 30, 30), -1)
    return img


def _ring_stamps(img: np.ndarray):
    """The stamp boxes detected on `img` that hold the ring's centre."""
    return [d.box for d in detect(img, _Stamp()).detections if d.kind == "stamp"
            and d.box.x0 <= CENTRE[0] <= d.box.x1 and d.box.y0 <= CENTRE[1] <= d.box.y1]


def test_box_cut_to_the_ring_a_typed_word_joins():
    boxes = _ring_stamps(_page(word=True))
    assert len(boxes) == 1
    box = boxes[0]
    # The box ends near the ring's left side, not at the word's far end.
    assert box.x0 > CENTRE[0] - RADIUS - RING_OVERREACH * XH
    assert box.x0 > WORD_LEFT + 100
    assert abs(box.width - 2 * RADIUS) < 2 * XH


def test_ring_alone_keeps_its_box():
    boxes = _ring_stamps(_page(word=False))
    assert len(boxes) == 1
    assert abs(boxes[0].width - 2 * RADIUS) < 2 * XH and abs(boxes[0].height - 2 * RADIUS) < 2 * XH


def test_reaches_past_ring_measures_the_margin():
    ring = cv2.circle(np.zeros((210, 210), np.uint8), (105, 105), 100, 1, 4) > 0
    assert not reaches_past_ring(ring, XH)
    wide = np.zeros((210, 420), bool)
    wide[:, 210:] = ring
    wide[150:154, 0:230] = True     # a typed rule joined to the ring, 15 letter heights long
    assert reaches_past_ring(wide, XH)
    inner = np.zeros((300, 300), bool)
    inner[45:255, 45:255] = ring     # a ring well inside its box spans too little of it
    inner[0:4, :] = inner[-4:, :] = True
    assert not reaches_past_ring(inner, XH)


def test_a_note_round_the_kept_ring_is_the_stamps_outer_ring():
    # stats rows x0, y0, w, h, area; label 1 the kept ring, 2 ink round it, 3 a signature beside it
    stats = np.array([[0, 0, 0, 0, 0], [100, 100, 200, 200, 900], [80, 80, 240, 240, 1200],
                      [290, 250, 120, 60, 400]], np.int32)
    kept = BBox(100, 100, 300, 300)
    assert ring_inside_note(stats, ([1], kept, [[2]]))
    assert not ring_inside_note(stats, ([1], kept, [[3]]))
