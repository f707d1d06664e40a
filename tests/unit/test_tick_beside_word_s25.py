"""Session 25: a tick in the margin joined to a short typed word (`Копии:`) in one blob the
classifier calls pen is the tick alone when the word's letters, judged apart, are no pen's
(`detect.tick_beside_word`); a signature's strokes beside a typed name are not such a tick."""

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.candidates import candidates
from pipeline.marks.detect import detect

TEXT, STAMP, HAND = (CLASSES.index(k) for k in ("text", "stamp", "handwriting"))
INK = (30, 30, 30)


def _typed_rows(img: np.ndarray, rows=(40, 100, 160), x0: int = 40, x1: int = 1560) -> None:
    for y in rows:
        for x in range(x0, x1, 30):
            cv2.rectangle(img, (x, y), (x + 16, y + 26), INK, -1)


def _scrawl(img: np.ndarray, x0: int, x1: int, y: int, height: int) -> None:
    xs = np.arange(x0, x1, 6)
    pts = np.stack([xs, y + height / 2 * np.sin(xs / 7.0)], 1).astype(np.int32)
    cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, INK, 3)


class _Stub:
    """The page's blobs get `page` (index -> (text, stamp, handwriting) probabilities; typing
    for the rest); a group judged alone afterwards gets `alone`."""

    def __init__(self, page: dict[int, tuple[float, float, float]], alone=(0.9, 0.05, 0.05)):
        self.page, self.alone, self.page_done = page, np.asarray(alone, float), False

    def predict_proba(self, x):
        if self.page_done:
            return np.tile(self.alone, (len(x), 1))
        self.page_done = True
        p = np.zeros((len(x), len(CLASSES)))
        p[:, TEXT], p[:, STAMP], p[:, HAND] = 0.98, 0.01, 0.01
        for i, (t, s, h) in self.page.items():
            p[i, TEXT], p[i, STAMP], p[i, HAND] = t, s, h
        return p


def _index(found, x0: int, x1: int, y0: int) -> int:
    return next(i for i, b in enumerate(found.blobs) if b.box.y0 > y0 and b.box.x0 <= x0 + 5 and b.box.x1 >= x1 - 5)


def _hand_boxes(img, page, alone=(0.9, 0.05, 0.05)):
    return [d.box for d in detect(img, _Stub(page, alone)).detections if d.kind == "handwriting"]


def _tick_page() -> np.ndarray:
    """Typed lines; below them, a margin tick (68 x 80 px) right before a typed word of four
    block letters on a row of its own."""
    img = np.full((420, 1600, 3), 245, np.uint8)
    _typed_rows(img)
    cv2.polylines(img, [np.array([[40, 270], [70, 330], [108, 250]], np.int32).reshape(-1, 1, 2)],
                  False, INK, 4)
    _typed_rows(img, rows=(290,), x0=130, x1=270)
    return img


def test_a_tick_joined_to_a_typed_word_is_the_tick_alone():
    img = _tick_page()
    found = candidates(img)
    both = _index(found, 40, 250, 240)
    boxes = _hand_boxes(img, {both: (0.05, 0.0, 0.95)})
    assert len(boxes) == 1
    assert boxes[0].x0 <= 42 and boxes[0].x1 <= 115      # the tick, not the word after it


def test_a_word_judged_pen_apart_from_the_tick_stays_with_it():
    img = _tick_page()
    found = candidates(img)
    both = _index(found, 40, 250, 240)
    boxes = _hand_boxes(img, {both: (0.05, 0.0, 0.95)}, alone=(0.05, 0.0, 0.95))
    assert len(boxes) == 1 and boxes[0].x1 >= 240


def test_a_signature_beside_a_typed_name_is_no_tick():
    # Its strokes are taller and wider than a tick: the name stays in the group, for the
    # stage's own rescue of a name under a pen.
    img = np.full((420, 1600, 3), 245, np.uint8)
    _typed_rows(img)
    _scrawl(img, 40, 200, 300, 90)
    _typed_rows(img, rows=(290,), x0=215, x1=360)
    found = candidates(img)
    both = _index(found, 40, 340, 240)
    boxes = _hand_boxes(img, {both: (0.05, 0.0, 0.95)})
    assert len(boxes) == 1 and boxes[0].x1 >= 330
