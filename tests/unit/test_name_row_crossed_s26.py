"""Session 26: a typed name's rescue under a pen (`protect.name_under_pen`) needs the pen's
long stroke on the name's row. A written number with a fold line through it (one long
component) above a `№` and digits written upright on a line below is no signature over a
name: before, the row below was spared as typing and read into the text (`№ 1898/С`)."""

import cv2
import numpy as np

from pipeline.marks.protect import name_under_pen

TYPED, PEN, PAPER, XH, PITCH = 30, 110, 235, 28.0, 34
ROW_Y0, ROW_Y1, ROW_X = 140, 172, 300


def _page(stroke_y: tuple[int, int]):
    """(gray, labels, stats, ids): six typed-dark letters at the typewriter's pitch on one row
    and a pen's long zigzag (14 letter heights wide) between rows `stroke_y`."""
    gray = np.full((260, 760), PAPER, np.uint8)
    for i in range(6):
        x = ROW_X + PITCH * i
        cv2.rectangle(gray, (x, ROW_Y0), (x + 24, ROW_Y1), TYPED, 4)
    y0, y1 = stroke_y
    xs = np.arange(20, 420, 20)
    pts = np.stack([xs, np.where(np.arange(len(xs)) % 2, y0, y1)], 1).astype(np.int32)
    cv2.polylines(gray, [pts.reshape(-1, 1, 2)], False, PEN, 5)
    ink = (gray < 200).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return gray, labels, stats, list(range(1, len(stats)))


def _rescued(stroke_y, place: bool):
    gray, labels, stats, ids = _page(stroke_y)
    letters, band = name_under_pen(gray, labels, stats, ids, (0, 0, 760, 260), XH, float(TYPED),
                                   place=place)
    return letters, band


def test_a_pen_crossing_the_row_spares_its_letters():
    letters, band = _rescued((100, 160), place=False)
    assert band is not None and len(letters) >= 3
    assert band[1] <= ROW_Y0 and band[3] >= ROW_Y1


def test_a_long_stroke_wholly_above_the_row_spares_nothing():
    for place in (False, True):
        letters, band = _rescued((30, 90), place)
        assert band is None and not letters


def test_a_long_stroke_wholly_below_the_row_spares_nothing():
    letters, band = _rescued((200, 250), place=False)
    assert band is None and not letters
