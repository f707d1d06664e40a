"""Helper H46, session 18: a registry number written in plain ink inside a coloured round
stamp is a note of its own, not one of the stamp's faint pieces merged into it."""

import cv2
import numpy as np

from pipeline.marks.detect import Detection, _pieces_into_stamps, faint_piece
from pipeline.marks.regions import Candidates
from pipeline.model import BBox

XH = 20.0
STAMP_GRAY, PEN_GRAY, FAINT_GRAY = 170, 90, 205


def _page() -> tuple[Candidates, dict[str, list[int]]]:
    """A 300 x 300 page holding a coloured stamp's ring (gray 170, tinted) and, inside it, a
    worn arc of specks and a faint solid stroke of the stamp (gray 205, plain), and a pen
    number `12` of 3-pixel strokes a letter and a half high (gray 90, plain); with the labels
    of each plain part."""
    gray = np.full((300, 300), 255, np.uint8)
    colour = np.zeros((300, 300), np.uint8)
    cv2.circle(colour, (150, 150), 130, 255, 6)
    gray[colour > 0] = STAMP_GRAY
    parts = {"arc": np.zeros((300, 300), np.uint8), "faint": np.zeros((300, 300), np.uint8),
             "number": np.zeros((300, 300), np.uint8)}
    parts["arc"][60, 100:200:3] = 1
    cv2.line(parts["faint"], (80, 230), (130, 240), 1, 4)
    cv2.line(parts["number"], (110, 150), (110, 180), 1, 3)
    cv2.polylines(parts["number"], [np.array([[125, 155], [135, 148], [145, 156], [125, 180], [147, 180]])],
                  False, 1, 3)
    ink = (colour > 0) | np.any([p > 0 for p in parts.values()], axis=0)
    gray[parts["arc"] > 0] = FAINT_GRAY
    gray[parts["faint"] > 0] = FAINT_GRAY
    gray[parts["number"] > 0] = PEN_GRAY
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    ids = {name: sorted(int(v) for v in np.unique(labels[p > 0])) for name, p in parts.items()}
    return Candidates([], None, labels, colour, XH, stats, gray), ids


def _note(found: Candidates, ids: list[int]) -> Detection:
    st = found.stats[ids]
    box = BBox(float(st[:, 0].min()), float(st[:, 1].min()), float((st[:, 0] + st[:, 2]).max()),
               float((st[:, 1] + st[:, 3]).max()))
    return Detection("handwriting", box, 0.99, ids, False)


def test_a_stamps_specks_and_light_strokes_are_faint_a_pen_number_is_not():
    found, ids = _page()
    stamp = Detection("stamp", BBox(14, 14, 286, 286), 0.99, [], True)
    assert len(ids["arc"]) > 10 and len(ids["faint"]) == 1 and len(ids["number"]) == 2
    assert faint_piece(found, _note(found, ids["arc"]), stamp)      # specks
    assert faint_piece(found, _note(found, ids["faint"]), stamp)    # solid but lighter
    assert not faint_piece(found, _note(found, ids["number"]), stamp)


def test_a_pen_number_inside_a_coloured_stamp_stays_a_note():
    found, ids = _page()
    stamp = Detection("stamp", BBox(14, 14, 286, 286), 0.99, [], True)
    arc, faint, number = (_note(found, ids[k]) for k in ("arc", "faint", "number"))
    out = _pieces_into_stamps([stamp, arc, faint, number], found)
    assert out == [stamp, number]
    assert stamp.labels == ids["arc"] + ids["faint"]
