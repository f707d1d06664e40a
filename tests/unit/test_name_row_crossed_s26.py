"""Session 26: a typed name's rescue under a pen (`protect.name_under_pen`) takes two letters
for a name only where the pen's long stroke reaches their row. On 10208 a written number with
a fold line through it (one long component) lay above a `№` and digits written upright on
the line below; a glyph of the `№` and a digit stood at the typewriter's pitch, were spared
as a typed name and read into the text (`№ 1898/С`). A name the pen does not reach stands
whole, with three letters or more (session 14's signature above its name, test_f26b_s14)."""

import cv2
import numpy as np

from pipeline.marks.protect import NAME_WHOLE_MIN, name_under_pen

TYPED, PEN, PAPER, XH, PITCH = 30, 110, 235, 28.0, 34
ROW_Y0, ROW_Y1, ROW_X = 140, 172, 300


def _page(stroke_y: tuple[int, int], letters: int):
    """(gray, labels, stats, ids of the pen and the name): `letters` typed-dark letters at
    the typewriter's pitch on one row, a pen's long zigzag (14 letter heights wide, left of
    them) between rows `stroke_y`, and a typed line below."""
    gray = np.full((260, 760), PAPER, np.uint8)
    for i in range(12):  # the page's typing, which gives its pitch
        cv2.rectangle(gray, (300 + PITCH * i, 226), (324 + PITCH * i, 256), TYPED, 4)
    for i in range(letters):
        x = ROW_X + 160 + PITCH * i
        cv2.rectangle(gray, (x, ROW_Y0), (x + 24, ROW_Y1), TYPED, 4)
    y0, y1 = stroke_y
    xs = np.arange(20, 420, 20)
    pts = np.stack([xs, np.where(np.arange(len(xs)) % 2, y0, y1)], 1).astype(np.int32)
    cv2.polylines(gray, [pts.reshape(-1, 1, 2)], False, PEN, 5)
    ink = (gray < 200).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    typing = set(np.unique(labels[224:258, 290:720]).tolist())
    return gray, labels, stats, [i for i in range(1, len(stats)) if i not in typing]


def _rescued(stroke_y, letters: int, place: bool):
    gray, labels, stats, ids = _page(stroke_y, letters)
    return name_under_pen(gray, labels, stats, ids, (0, 0, 760, 260), XH, float(TYPED), place=place)


def test_two_letters_on_the_row_a_pen_crosses_are_its_name():
    for place in (False, True):
        letters, band = _rescued((100, 200), 2, place)
        assert band is not None and len(letters) == 2
        assert band[1] <= ROW_Y0 and band[3] >= ROW_Y1


def test_two_glyphs_under_a_long_stroke_that_does_not_reach_them_are_no_name():
    for stroke_y in ((30, 90), (192, 215)):
        for place in (False, True):
            assert _rescued(stroke_y, 2, place) == (set(), None)


def test_a_whole_name_under_a_stroke_above_it_is_spared():
    assert NAME_WHOLE_MIN == 3
    for place in (False, True):
        letters, band = _rescued((30, 90), 3, place)
        assert band is not None and len(letters) == 3
