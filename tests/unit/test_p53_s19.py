"""A typed capital against a name, whose foot a signature's stroke sweeps across, keeps its stem
although the pen's ink lies past the row below it (session 19, P53)."""
import cv2
import numpy as np

from pipeline.marks import penends

# A name's row: letters 10-40 px tall from x = 90 on, pitch 30; the pen piece lies left of it.
ROW = (10.0, 40.0, 90.0, 300.0)
PITCH = 30.0
XH = 28.0


def _piece(sweep: bool) -> np.ndarray:
    """A pen piece three cells wide: two slanting garland strokes (x 0-60), then in the cell
    against the row (x 60-90) a typed stem from the row's top to just past its foot, and with
    `sweep` the pen's stroke sweeping under the row across that foot."""
    piece = np.zeros((50, 90), np.uint8)
    for x0 in (5, 35):
        cv2.line(piece, (x0, 38), (x0 + 20, 12), 1, 2)
    piece[10:42, 66:69] = 1
    if sweep:
        cv2.line(piece, (30, 44), (88, 42), 1, 4)
    return piece.astype(bool)


def test_a_stem_whose_foot_the_pen_sweeps_across_is_kept():
    piece = _piece(sweep=True)
    cells = penends.pen_cells(piece, (0, 0), ROW, PITCH, XH, glyph_h=30.0)
    assert cells is not None
    assert cells[:, :60].sum() == piece[:, :60].sum()  # the garlands are the pen's
    assert not cells[:, 60:].any()  # the crossed capital's cell stays typing


def test_a_stroke_going_on_narrow_past_the_row_is_no_stem():
    # The same upright stroke going on straight below the row, as narrow: the pen's.
    band = np.zeros((50, 30), bool)
    band[10:40, 6:9] = True
    beyond = np.zeros_like(band)
    beyond[40:48, 6:9] = True
    assert not penends.straight_runs(band, 22, True, 7.0, beyond).any()
    # Ink as wide as a sweep across its foot leaves it a stem.
    beyond[40:44, 0:30] = True
    assert penends.straight_runs(band, 22, True, 7.0, beyond).any()
