"""Helper W54, session 19: a note written in a round stamp's own colour, cut off its ring.

Coloured ink is grouped within one hue, so a violet note written across a violet stamp is one
blob with it; cut off the ring, it is judged by the classifier as plain ink is. An office
stamp printed against the ring in the same colour, its frame not found closed, leaves its
lettering joined to a piece of the frame's side: a straight line no pen's letters make.
"""

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.blobs import Blob
from pipeline.marks.detect import Candidates, framed_side, written_judge
from pipeline.model import BBox

XH = 24.0


class _Sure:
    """A classifier calling every blob handwriting, surely."""

    def predict_proba(self, x):
        p = np.full(len(CLASSES), 0.02)
        p[CLASSES.index("handwriting")] = 0.96
        return np.tile(p, (len(x), 1))


def _note(img: np.ndarray) -> None:
    """A written word: loops and joins in a wavering row, no stroke of it straight for long."""
    for k in range(6):
        x = 40 + 34 * k
        pts = np.array([[x, 80], [x + 8, 58 + 3 * (k % 3)], [x + 17, 82], [x + 26, 61],
                        [x + 34, 79]])
        cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, 255, 3)


def _side_with_lettering(img: np.ndarray) -> None:
    """A stamp frame's top side at a slight slant, its lettering row joined to it below."""
    cv2.line(img, (30, 40), (330, 52), 255, 3)
    for k in range(8):
        x = 40 + 34 * k
        cv2.rectangle(img, (x, 46 + k // 2), (x + 20, 70 + k // 2), 255, 3)


def _found(img: np.ndarray, coloured: bool) -> tuple[Candidates, list[int]]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    colour = img.copy() if coloured else np.zeros_like(img)
    blobs = [Blob(BBox(0, 0, img.shape[1], img.shape[0]), list(range(1, n)))]
    return Candidates(blobs, None, labels.astype(np.int32), colour, XH, stats.copy(), 255 - img), \
        list(range(1, n))


def test_a_note_in_the_stamps_colour_is_judged_as_plain_ink_is():
    img = np.zeros((140, 360), np.uint8)
    _note(img)
    for coloured in (False, True):
        found, group = _found(img, coloured)
        assert written_judge(found, _Sure())(group)


def test_lettering_joined_to_a_frames_side_in_colour_is_no_note():
    img = np.zeros((140, 360), np.uint8)
    _side_with_lettering(img)
    found, group = _found(img, coloured=True)
    assert not written_judge(found, _Sure())(group)


def test_a_frames_side_is_straight_a_written_word_is_not():
    side, word = np.zeros((140, 360), np.uint8), np.zeros((140, 360), np.uint8)
    _side_with_lettering(side)
    _note(word)
    assert framed_side(side > 0, XH)
    assert not framed_side(word > 0, XH)
