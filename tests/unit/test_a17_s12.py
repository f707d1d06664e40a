"""A17 (session 12): a signature joined to the typing beside it.

A signature written beside the typed name under it (or reaching up into the line above) is one
blob with the typed letters it nearly touches; the classifier calls such a mix pen only unsurely,
and its long loops give it a look of a stamp too. Each of its strokes taller and wider than a
typed glyph is the pen's and is masked; the typed letters stay typing. A black
stamp's arc over typing, which the classifier does not call pen most of all, is left alone.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.detect import detect
from pipeline.marks.overlooked import pen_leaning

XH = 20
ROW_Y = (60, 110, 160)
NAME_Y = 230
NAME_X = 520


class _Unsure:
    """A classifier stub giving every blob the same class probabilities."""

    def __init__(self, **p: float) -> None:
        self.p = np.array([p[c] for c in CLASSES])

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        return np.tile(self.p, (len(features), 1))


def _typed_page() -> np.ndarray:
    """Paper with three typed rows of block letters and a typed name on a row of its own."""
    img = np.full((340, 900, 3), 245, np.uint8)
    for y in ROW_Y:
        for x in range(40, 860, 22):
            cv2.rectangle(img, (x, y), (x + 12, y + XH - 1), (30, 30, 30), -1)
    for x in range(NAME_X, NAME_X + 7 * 24, 24):
        cv2.rectangle(img, (x, NAME_Y), (x + 14, NAME_Y + XH - 1), (30, 30, 30), -1)
    return img


def _signed_page() -> np.ndarray:
    """The typed page with a signature in two strokes, each 3 letter heights tall and 5 wide,
    written up to the name's first letter."""
    img = _typed_page()
    top, bottom = NAME_Y - 2 * XH, NAME_Y + XH
    for x0, x1 in ((NAME_X - 12 * XH, NAME_X - 7 * XH), (NAME_X - 6 * XH, NAME_X - 6)):
        xs = np.linspace(x0, x1, 7)
        pts = np.array([(int(x), top if k % 2 else bottom) for k, x in enumerate(xs)], np.int32)
        cv2.polylines(img, [pts], False, (60, 60, 60), 3)
    return img


def _notes(img: np.ndarray, **p: float) -> list:
    """The handwriting detections of `img` with every blob given the class probabilities `p`."""
    return [d for d in detect(img, _Unsure(**p)).detections if d.kind == "handwriting"]


def test_both_strokes_of_a_signature_beside_a_name_are_masked_and_the_name_is_not():
    hands = _notes(_signed_page(), text=0.26, stamp=0.0, handwriting=0.74)
    assert len(hands) == 1
    box = hands[0].box
    # Both strokes, and only them: the box ends where the name begins.
    assert box.x0 <= NAME_X - 12 * XH + 2 and box.x1 <= NAME_X + 2
    assert len(hands[0].labels) == 2


def test_a_signature_with_a_look_of_a_stamp_but_pen_most_of_all_is_masked():
    hands = _notes(_signed_page(), text=0.42, stamp=0.11, handwriting=0.47)
    assert len(hands) == 1 and hands[0].box.x1 <= NAME_X + 2


def test_typing_alone_gives_no_note_however_unsure():
    assert _notes(_typed_page(), text=0.42, stamp=0.11, handwriting=0.47) == []


def test_a_black_stamps_arc_over_typing_is_left_alone():
    img = _typed_page()
    cv2.ellipse(img, (450, 120), (140, 140), 0, 200, 340, (40, 40, 40), 4)
    assert _notes(img, text=0.30, stamp=0.45, handwriting=0.41) == []
    assert not pen_leaning(np.array([0.30, 0.45, 0.41]))
    assert pen_leaning(np.array([0.42, 0.11, 0.47]))
