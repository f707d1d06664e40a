"""F26 session 14: a typed glyph a signature's stroke touches is no pen ink, told from the pen
by tone (`given.typing_in_pen`) and, where the pen is as dark as the typing, by its place in
the typed row (`given.typed_cells`)."""

import cv2
import numpy as np

from pipeline.marks.given import pen_given_back

PAPER, TYPING, PEN = 235, 40, 150


def _page():
    """A light pen stroke (label 1) masked past column 60 and given back in a typed row's strip,
    touching a dark typed letter (joined to the stroke's component) at columns 20-28."""
    shape = (40, 100)
    gray = np.full(shape, PAPER, np.uint8)
    labels = np.zeros(shape, np.int32)
    gray[10:20, 5:95] = PEN
    labels[10:20, 5:95] = 1
    gray[6:26, 20:28] = TYPING  # the typed letter the stroke touches
    labels[6:26, 20:28] = 1
    gray[30:38, 40:90] = TYPING  # typing elsewhere on the page, off the marks
    labels[30:38, 40:90] = 2
    ink = np.where(gray < 200, np.uint8(255), np.uint8(0))
    pen = np.where(labels == 1, np.uint8(255), np.uint8(0))
    marks = np.zeros(shape, np.uint8)
    marks[:, 60:] = pen[:, 60:]
    return labels, pen, marks, gray, ink


def test_the_typed_letter_in_a_given_back_piece_is_not_pen():
    labels, pen, marks, gray, ink = _page()
    out = pen_given_back(labels, pen, marks, gray, ink)
    assert not out[6:26, 20:28].any()
    assert out[11:19, 5:18].all() and out[11:19, 31:60].all()


def test_one_tone_for_pen_and_typing_keeps_the_whole_piece():
    labels, pen, marks, gray, ink = _page()
    gray[labels == 1] = TYPING
    out = pen_given_back(labels, pen, marks, gray, ink)
    assert out[6:26, 20:28].all()


XH, PITCH, TOP, FOOT = 20, 24, 30, 50


def _glyph(img: np.ndarray, x: int) -> None:
    """An upright typed glyph (a box's outline, 3 px strokes) filling the cell at column x."""
    img[TOP:FOOT, x:x + 16] = True
    img[TOP + 3:FOOT - 3, x + 3:x + 13] = False


def _row_with(x: int, arc: bool = False):
    """A typed row of four glyphs at PITCH, and at column `x` a piece of a pen stroke as dark
    as the typing: a glyph the stroke touches at its top right (`arc` False) or the stroke's
    own slanting arc (`arc` True), joined to the stroke that runs on above the row, masked
    there (the strip spared for the row gave the piece back)."""
    ink = np.zeros((90, 260), bool)
    for k in range(4):
        _glyph(ink, 20 + k * PITCH)
    if arc:
        for y in range(TOP, FOOT):  # leaning about 0.8: a pen's upstroke
            c = x + int(0.8 * (FOOT - y))
            ink[y, c:c + 3] = True
    else:
        _glyph(ink, x)
    for y in range(5, TOP + 1):  # the stroke, from the piece's top right up and to the right
        c = x + 14 + (TOP - y)
        ink[y, c:c + 3] = True
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.view(np.uint8), connectivity=8)
    pen = np.where(labels == labels[5, x + 14 + TOP - 5], np.uint8(255), np.uint8(0))
    marks = pen.copy()
    marks[TOP:FOOT + 1] = 0  # the strip gave back the row's band
    gray = np.where(ink, np.uint8(TYPING), np.uint8(PAPER))
    inkm = np.where(ink, np.uint8(255), np.uint8(0))
    return labels, pen, marks, gray, inkm, stats


def test_a_glyph_in_the_rows_next_cell_is_typing_even_with_a_dark_pen():
    labels, pen, marks, gray, ink, stats = _row_with(20 + 4 * PITCH)
    before = pen_given_back(labels, pen, marks, gray, ink)
    out = pen_given_back(labels, pen, marks, gray, ink, stats, XH)
    assert before[TOP:FOOT, 20 + 4 * PITCH:20 + 4 * PITCH + 16].any()
    assert not out[TOP:FOOT, 20 + 4 * PITCH:20 + 4 * PITCH + 16].any()


def test_a_glyph_off_the_rows_cells_stays_pen():
    x = 20 + 4 * PITCH + PITCH // 2
    labels, pen, marks, gray, ink, stats = _row_with(x)
    out = pen_given_back(labels, pen, marks, gray, ink, stats, XH)
    assert out[TOP:FOOT, x:x + 16].any()


def test_a_slanting_arc_in_the_next_cell_stays_pen():
    x = 20 + 4 * PITCH
    labels, pen, marks, gray, ink, stats = _row_with(x, arc=True)
    out = pen_given_back(labels, pen, marks, gray, ink, stats, XH)
    assert out[TOP:FOOT, x:x + PITCH].any()
