"""Session 24: a blob the classifier calls a stamp that has no stamp's shape, ring or frame (a
signature over the typed name it signs, the name's letters taken out) is judged again on its
own ink, and is handwriting when the classifier then says so."""

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.candidates import candidates
from pipeline.marks.detect import detect
from test_tick_beside_word_s25 import _Stub

HAND = CLASSES.index("handwriting")


def _page() -> np.ndarray:
    """An RGB page: three typed lines of block letters and, below them, a signature's long
    scrawl 520 x 110 px."""
    img = np.full((520, 1600, 3), 245, np.uint8)
    for y in (40, 100, 160):
        for x in range(40, 1560, 36):
            cv2.rectangle(img, (x, y), (x + 18, y + 26), (30, 30, 30), 4)
    xs = np.arange(900, 1420, 20)
    pts = np.stack([xs, 300 + 55 * np.sin(xs / 23.0) * np.cos(xs / 90.0)], 1).astype(np.int32)
    cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, (30, 30, 30), 5)
    cv2.line(img, (880, 380), (1450, 350), (30, 30, 30), 5)
    return img


def _detections(alone_hand: float):
    img = _page()
    found = candidates(img)
    index = next(i for i, b in enumerate(found.blobs) if b.box.y0 > 200 and b.box.x0 <= 910 and b.box.x1 >= 1400)
    alone = np.full(len(CLASSES), (1 - alone_hand) / (len(CLASSES) - 1))
    alone[HAND] = alone_hand
    return detect(img, _Stub({index: (0.05, 0.8, 0.15)}, alone)).detections


def test_a_stamp_called_scrawl_judged_alone_as_handwriting_is_handwriting():
    found = _detections(0.95)
    hand = [d for d in found if d.kind == "handwriting"]
    assert len(hand) == 1 and not [d for d in found if d.kind == "stamp"]
    box = hand[0].box
    assert box.x0 <= 905 and box.x1 >= 1410 and box.y0 <= 260 and box.y1 >= 375
    assert abs(hand[0].confidence - 0.95) < 1e-9


def test_a_scrawl_judged_alone_as_no_handwriting_stays_out():
    assert _detections(0.3) == []
