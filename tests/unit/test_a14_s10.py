"""Helper A14, session 10: a stamp's ink that holds a ring is a round stamp even when typed
lines its blob took in stretch its outline (which then reads 'other'), so its ring is masked
through the typed lines; a framed rectangular stamp and a blob with no ring stay as they were."""

import cv2
import numpy as np

from pipeline.marks.stampshape import outline_shape, ringed_outline

XH = 28.0


def _ring(img: np.ndarray, cx: int, cy: int, r: int) -> None:
    cv2.circle(img, (cx, cy), r, 255, 6)
    cv2.circle(img, (cx, cy), int(0.65 * r), 255, 4)


def test_round_stamp_stretched_by_typed_lines_is_round():
    img = np.zeros((460, 1200), np.uint8)
    _ring(img, 230, 230, 200)
    # A typed line whose underline crosses the ring and runs on far past it: one blob with
    # the ring, its outline far from a circle's.
    cv2.line(img, (150, 300), (1190, 330), 255, 5)
    for x in range(460, 1180, 30):
        cv2.rectangle(img, (x, 300), (x + 18, 326), 255, 3)
    own = img > 0
    assert outline_shape(own) == "other"
    assert ringed_outline(own, XH)


def test_no_ring_no_round():
    img = np.zeros((300, 500), np.uint8)
    # A framed office stamp with lines of text inside.
    cv2.rectangle(img, (10, 10), (490, 290), 255, 6)
    for y in (80, 150, 220):
        for x in range(60, 440, 30):
            cv2.rectangle(img, (x, y - 12), (x + 18, y + 12), 255, 3)
    assert not ringed_outline(img > 0, XH)
    # A small ring in a corner of a large blob is not the stamp's outline.
    blob = np.zeros((600, 900), np.uint8)
    cv2.rectangle(blob, (0, 0), (899, 599), 255, 8)
    _ring(blob, 150, 150, 100)
    for y in range(300, 580, 40):
        for x in range(20, 880, 30):
            cv2.rectangle(blob, (x, y - 12), (x + 18, y + 12), 255, 3)
    assert not ringed_outline(blob > 0, XH)
