"""Helper S41, session 17: marks a stamp's blob hides, judged apart from it.

A number or a short note written against a round stamp's ring, in letters no taller than a
signature's smallest, is cut off the ring as loose ink: it is a note when its ink is plain
and the classifier, judging it as a blob of its own, calls it handwriting. A blob in a closed
rectangular frame whose slanted lettering the classifier leans to calling pen is a framed stamp.
"""

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.blobs import Blob
from pipeline.marks.detect import Candidates, detect, ring_cut, written_judge
from pipeline.marks.overlooked import frame_sought
from pipeline.model import BBox

XH = 28.0


def _ring_with_number() -> np.ndarray:
    """Ink (uint8 255): a ring 440 px across and, touching it on the right, a written number
    of five small strokes in a wavering row (none of them a signature's height)."""
    img = np.zeros((620, 1200), np.uint8)
    cv2.circle(img, (500, 310), 220, 255, 9)
    cv2.circle(img, (500, 310), 155, 255, 4)
    cv2.line(img, (715, 300), (760, 300), 255, 5)  # the number's first stroke runs into the ring
    for k, (x, y) in enumerate(((760, 280), (800, 300), (842, 276), (885, 296), (930, 282))):
        pts = np.array([[x, y + 30], [x + 12, y], [x + 22, y + 34 + 4 * (k % 2)], [x + 30, y + 6]])
        cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, 255, 5)
    return img


def _found(img: np.ndarray) -> tuple[Candidates, list[int]]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    blobs = [Blob(BBox(0, 0, img.shape[1], img.shape[0]), list(range(1, n)))]
    found = Candidates(blobs, None, labels.astype(np.int32), np.zeros_like(img), XH, stats.copy(),
                       255 - img)
    return found, list(range(1, n))


def _cut(written=None):
    img = _ring_with_number()
    found, lab = _found(img)
    cut = ring_cut(found, lab, BBox(0, 0, img.shape[1], img.shape[0]), img > 0, XH, written)
    assert cut is not None
    return found, cut


def test_a_number_cut_off_the_ring_is_a_note_only_when_judged_written():
    found, (kept, box, notes) = _cut()
    # Without a judge, a group with no pen stroke of a signature's height is left to the text.
    assert notes == []
    asked = []

    def written(group):
        asked.append(group)
        return True

    found, (kept, box, notes) = _cut(written)
    assert len(notes) == 1 and asked
    digit = found.labels[326, 885]
    assert digit > 0 and digit in notes[0] and digit not in kept
    # The stamp ends at its ring all the same.
    assert box.x1 <= 500 + 220 + XH


def test_a_judge_saying_typing_leaves_the_number_out():
    _, (_, _, notes) = _cut(lambda group: False)
    assert notes == []


class _Stub:
    """A classifier calling every blob with the same class probabilities."""

    def __init__(self, p):
        self.p = np.asarray(p, float)

    def predict_proba(self, x):
        return np.tile(self.p, (len(x), 1))


def test_written_judge_asks_the_classifier():
    img = _ring_with_number()
    found, _ = _found(img)
    group = [int(found.labels[326, 885])]
    hw = CLASSES.index("handwriting")
    sure = np.full(len(CLASSES), 0.02)
    sure[hw] = 0.96
    unsure = np.full(len(CLASSES), 0.15)
    unsure[hw] = 0.7
    assert written_judge(found, _Stub(sure))(group)
    assert not written_judge(found, _Stub(unsure))(group)
    assert written_judge(found, None) is None


def _framed_lettering() -> np.ndarray:
    """An RGB page: typed lines of block letters above and below a closed rectangular frame
    560 x 260 px round three rows of slanted, joined strokes (a stamp's worn lettering)."""
    img = np.full((800, 1600, 3), 245, np.uint8)
    for y in (40, 100, 660, 720):
        for x in range(40, 1560, 36):
            cv2.rectangle(img, (x, y), (x + 18, y + 26), (30, 30, 30), 4)
    cv2.rectangle(img, (150, 200), (710, 460), (30, 30, 30), 6)
    for row, y in enumerate((250, 320, 390)):
        pts = np.array([[190 + 18 * k, y + (30 if k % 2 else 0) + 3 * row] for k in range(27)])
        cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, (30, 30, 30), 5)
    return img


def test_frame_sought_for_a_pen_leaning_blob_but_not_for_typing():
    hw, stamp = CLASSES.index("handwriting"), CLASSES.index("stamp")
    leaning = np.zeros(len(CLASSES))
    leaning[[stamp, hw]] = 0.33, 0.66
    leaning[CLASSES.index("text")] = 0.01
    assert frame_sought(leaning)
    typing = np.zeros(len(CLASSES))
    typing[[CLASSES.index("text"), hw]] = 0.7, 0.3
    assert not frame_sought(typing)


def test_framed_blob_the_classifier_leans_to_pen_is_a_stamp():
    p = np.zeros(len(CLASSES))
    p[[CLASSES.index("text"), CLASSES.index("stamp"), CLASSES.index("handwriting")]] = 0.01, 0.33, 0.66
    found = detect(_framed_lettering(), _Stub(p))
    kinds = [d.kind for d in found.detections]
    assert "stamp" in kinds
    stamp = next(d for d in found.detections if d.kind == "stamp")
    assert stamp.box.x0 <= 160 and stamp.box.x1 >= 700 and stamp.box.y0 <= 210 and stamp.box.y1 >= 450
    assert "handwriting" not in kinds
