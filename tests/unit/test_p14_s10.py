"""Helper P14, session 10: a signature's last garlands that a typed name's strip gave back
beside the name, cut by the strip's side edge, are masked again cell by cell of the name's
pitch, while the name's letters the pen ran into (upright stems, flat bars) stay given back."""

import cv2
import numpy as np

from pipeline.marks.penends import pen_cells, pen_ends

XH = 28.0
PITCH = 36
ROW = (78.0, 108.0)  # the typed row's top and bottom


def block_letters(img: np.ndarray, x0: int, n: int) -> None:
    """`n` typed block letters (a box with an upright stem each) from `x0` at PITCH."""
    for x in range(x0, x0 + n * PITCH, PITCH):
        cv2.rectangle(img, (x, 80), (x + 20, 106), 255, 4)


def garlands(img: np.ndarray, x0: int, x1: int) -> None:
    """A signature's garlands: strokes leaning a third of a turn, up and down across the row."""
    xs = np.arange(x0, x1, 24)
    ys = np.where(np.arange(len(xs)) % 2 == 0, 104, 82)
    pts = np.vstack([np.stack([xs, ys], 1), [[x1, 93]]])  # ending in the letter's stem
    cv2.polylines(img, [pts.reshape(-1, 1, 2).astype(np.int32)], False, 255, 4)


def strip_run(img: np.ndarray, pen_points: list[tuple[int, int]]):
    """Labels, stats, the pen's labels and the typed letters' of `img` (255 ink)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    pens = sorted({int(labels[y, x]) for x, y in pen_points})
    return labels, stats, pens, set(range(1, n)) - set(pens)


def test_garlands_the_strip_gave_back_beside_a_name_are_masked_again_its_first_letter_kept():
    img = np.zeros((200, 700), np.uint8)
    block_letters(img, 400, 6)  # the name's free letters
    block_letters(img, 364, 1)  # its first letter, which the pen runs into
    # The garlands run from far left (masked beyond the strip) into the first letter's box.
    garlands(img, 20, 364)
    labels, stats, pens, letters = strip_run(img, [(20, 104)])
    first = int(labels[93, 364])
    assert first in pens  # one component: the garlands and the first letter
    marks = np.where(np.isin(labels, pens), 255, 0).astype(np.uint8)
    out = marks.copy()
    out[77:110, 200:700] = 0  # the strip spared round the name: it cuts the garlands at x=200
    ends = pen_ends(labels, stats, pens, letters, marks, out, XH)
    given = (marks > 0) & (out == 0)
    # The garlands between the strip's edge and the first letter's cell are masked again...
    loops = given.copy()
    loops[:, 340:] = False
    assert loops.any() and ends[loops].mean() >= 0.95
    # ...the first letter (stems and bars on the grid) is not.
    assert not ends[:, 362:].any()


def test_cells_hold_a_glyph_by_upright_stems_not_by_leaning_or_running_on_strokes():
    # A cell beside the row (rx0 = 200) holding an upright stem within the row: a glyph.
    piece = np.zeros((40, 200), bool)
    piece[4:34, 170:174] = True  # upright stem, inside the row
    piece[4:34, 140:144] = True  # another upright stem a cell further
    assert pen_cells(piece, (0, 76), (80.0, 110.0, 200.0, 400.0), 30.0, 26.0) is None
    # The same cells with strokes leaning a tenth (a pen's steep upstroke): the pen's.
    lean = np.zeros((40, 200), np.uint8)
    cv2.line(lean, (168, 34), (171, 4), 1, 4)
    cv2.line(lean, (138, 34), (141, 4), 1, 4)
    found = pen_cells(lean > 0, (0, 76), (80.0, 110.0, 200.0, 400.0), 30.0, 26.0)
    assert found is not None and found[lean > 0].all()
    # An upright stroke that runs on above the row is no typed stem.
    tall = np.zeros((40, 200), bool)
    tall[0:34, 170:174] = True
    tall[0:34, 140:144] = True
    found = pen_cells(tall, (0, 76), (80.0, 110.0, 200.0, 400.0), 30.0, 26.0)
    assert found is not None and found[tall].all()


def test_one_letter_without_stem_or_bar_beside_the_name_is_kept():
    # Next to the row: an X (no upright stem, no flat bar), then a Z (two flat bars): typing.
    piece = np.zeros((40, 200), np.uint8)
    cv2.line(piece, (172, 6), (192, 32), 1, 3)
    cv2.line(piece, (192, 6), (172, 32), 1, 3)
    cv2.line(piece, (142, 6), (162, 6), 1, 3)
    cv2.line(piece, (162, 6), (142, 32), 1, 3)
    cv2.line(piece, (142, 32), (162, 32), 1, 3)
    assert pen_cells(piece > 0, (0, 76), (80.0, 110.0, 200.0, 400.0), 30.0, 26.0) is None
    # Two such cells in a row are a pen's garland: masked from the first of them outwards.
    piece[:, :170] = 0
    cv2.line(piece, (142, 6), (162, 32), 1, 3)
    cv2.line(piece, (162, 6), (142, 32), 1, 3)
    found = pen_cells(piece > 0, (0, 76), (80.0, 110.0, 200.0, 400.0), 30.0, 26.0)
    assert found is not None and found[piece > 0].all()

