"""Session 11, P16: a pen's last garland beside a typed name on a heavy page is masked again:
where bleeding ink joined it to the name's first letter (that letter's bottom bar counts for
its own cell alone), and where a thin, light pen drew it (as tall as a letter, little ink)."""

import cv2
import numpy as np

from pipeline.marks.penends import pen_cells, pen_ends

XH = 26.0
PITCH = 30.0
ROW = (80.0, 110.0, 200.0, 400.0)  # the typed row: top, bottom, first and last letter's edges
ORIGIN = (0, 76)


def test_a_letters_bar_reaching_into_the_garland_beside_it_does_not_make_that_cell_a_glyph():
    piece = np.zeros((40, 200), np.uint8)
    # The name's first letter, in the cell next to the row (170-200): an upright stem and a
    # bottom bar whose bleeding foot joins the pen's stroke 8 px into the cell beside it.
    piece[6:33, 176:179] = 1
    piece[31:33, 162:196] = 1
    # The garland: two strokes leaning a third of a turn across the row, in the two cells out.
    cv2.line(piece, (162, 32), (152, 6), 1, 3)
    cv2.line(piece, (132, 32), (122, 6), 1, 3)
    found = pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH)
    assert found is not None
    # The garland is masked again from the cell beside the letter outwards; the letter stays.
    assert found[:, :150][piece[:, :150] > 0].all()
    assert not found[:, 170:].any()


def test_a_bar_within_its_own_cell_still_makes_it_a_glyph():
    # A typed Z beside the row, then a T a cell further: both hold flat bars, no garland.
    piece = np.zeros((40, 200), np.uint8)
    cv2.line(piece, (174, 7), (194, 7), 1, 3)
    cv2.line(piece, (194, 7), (174, 32), 1, 3)
    cv2.line(piece, (174, 32), (194, 32), 1, 3)
    cv2.line(piece, (142, 7), (166, 7), 1, 3)
    cv2.line(piece, (155, 7), (155, 32), 1, 3)
    assert pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH) is None


def test_a_thin_pens_garland_as_tall_as_a_letter_is_masked_again_though_it_is_little_ink():
    xh, pitch = 28.0, 36
    img = np.zeros((200, 700), np.uint8)
    for x in range(400, 400 + 6 * pitch, pitch):  # the name's letters: boxes with upright stems
        cv2.rectangle(img, (x, 80), (x + 20, 106), 255, 4)
    # A thin pen's garland running from far left into the strip round the name.
    xs = np.arange(20, 380, 24)
    ys = np.where(np.arange(len(xs)) % 2 == 0, 107, 79)
    cv2.polylines(img, [np.stack([xs, ys], 1).reshape(-1, 1, 2).astype(np.int32)], False, 255, 2)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    pens = [int(labels[107, 20])]
    letters = set(range(1, n)) - set(pens)
    marks = np.where(labels == pens[0], 255, 0).astype(np.uint8)
    out = marks.copy()
    out[77:110, 320:700] = 0  # the strip spared round the name cuts the garland at x=320
    given = (marks > 0) & (out == 0)
    assert given.sum() < 0.5 * xh * xh  # less ink than a garland of a broad pen
    ends = pen_ends(labels, stats, pens, letters, marks, out, xh)
    assert ends[given].mean() >= 0.95
    assert not ends[:, 398:].any()


# Round 2: a tick before a typed row (`✓ 1. Тов.`) is masked again.


def _tick(piece: np.ndarray, x: int) -> None:
    """A pen's tick at `x` (its left end): a short down stroke and a long up stroke."""
    cv2.line(piece, (x, 18), (x + 7, 30), 1, 3)
    cv2.line(piece, (x + 7, 30), (x + 22, 10), 1, 3)


def test_a_rows_pitch_from_two_letters_far_apart_is_bounded_by_the_letter_height():
    from pipeline.marks.penends import _row_pitch

    xh = 27.0
    # Only a `1` and a `Т` a word's gap apart are near the mark: their one step is 176 px.
    stats = np.array([[0, 0, 0, 0, 0], [500, 80, 12, 27, 200], [676, 80, 20, 27, 300]])
    row = (80.0, 107.0, 500.0, 696.0)
    assert _row_pitch(stats, {1, 2}, row, xh) <= 2.0 * xh


def test_a_tick_standing_a_cell_apart_before_the_row_is_pen_ink():
    piece = np.zeros((40, 200), np.uint8)
    _tick(piece, 145)  # in the second cell out (140-170), the first (170-200) empty
    found = pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH)
    assert found is not None
    assert found[piece > 0].all()


def test_a_stemless_letter_against_the_row_is_still_kept():
    # An О the pen ran into, in the cell right beside the row: one bare cell, no gap before it.
    piece = np.zeros((40, 200), np.uint8)
    cv2.ellipse(piece, (185, 19), (10, 13), 0, 0, 360, 1, 3)
    assert pen_cells(piece > 0, ORIGIN, ROW, PITCH, XH) is None


def test_a_tick_is_worth_masking_and_an_underlines_end_is_not():
    from pipeline.marks.penends import _worth_masking

    xh = 33.0
    cells = np.zeros((40, 40), np.uint8)
    _tick(cells, 5)
    assert _worth_masking(cells > 0, xh)
    speck = np.zeros((40, 40), bool)
    speck[30:33, 5:35] = True
    assert not _worth_masking(speck, xh)
