"""A signature's last downstroke ending against a typed name's first letter is the pen's
(`penends.pen_cells`, `GLYPH_SPAN`): a lone bare cell beside the row whose ink spans well under the
row's height holds no typed glyph."""

import cv2
import numpy as np

from pipeline.marks.penends import GLYPH_SPAN, pen_cells

XH = 26.0
PITCH = 30.0
# The typed row: top, bottom, left end, right end (page pixels); the piece's top-left sits at
# (0, 76), so the row spans the piece's rows 4-34 and its left end is column 200.
ROW = (80.0, 110.0, 200.0, 400.0)
ORIGIN = (0, 76)


def test_short_stroke_against_the_name_is_the_pen():
    # The garland's last downstroke, leaning back, in the one cell before the name, spanning
    # half the row's height: no typed glyph of a row of capitals is that short.
    piece = np.zeros((40, 200), np.uint8)
    cv2.line(piece, (174, 8), (190, 22), 1, 3)
    assert (22 - 8 + 3) < GLYPH_SPAN * (ROW[1] - ROW[0])
    found = pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH)
    assert found is not None and found[piece > 0].all()


def test_full_height_letter_without_stem_against_the_name_stays_typing():
    # A crossed `О` in the cell before the name: no stem or bar, but it spans the row's height.
    piece = np.zeros((40, 200), np.uint8)
    cv2.ellipse(piece, (182, 19), (9, 14), 0, 0, 360, 1, 3)
    assert pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH) is None


def test_short_stroke_past_an_empty_cell_and_a_stem_stays():
    # A line's other letters far from the row's end (an empty cell, a cell with a stem), then
    # a short piece of a letter a pen loop crossed: not against the row, left as it was.
    piece = np.zeros((40, 200), np.uint8)
    cv2.line(piece, (155, 8), (155, 30), 1, 3)
    cv2.line(piece, (118, 12), (130, 22), 1, 3)
    assert pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH, glyph_h=28.0) is None
