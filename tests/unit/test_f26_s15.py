"""A typed name under a signature as dark as it: a crossed capital's stems and bars beside the
name are given back, not the garland through and beside it (`protect.crossed_stems`)."""
import cv2
import numpy as np

from pipeline.marks import protect

ROW = (45, 85)   # the name's strip: letters 50-80 (30 px tall, 30 px pitch) with their pad


def _capital() -> np.ndarray:
    """A typed `Н` in cell 70-100 of the strip: two stems and a bar."""
    ink = np.zeros((130, 200), np.uint8)
    ink[50:80, 74:77] = 1
    ink[50:80, 92:95] = 1
    ink[64:67, 74:95] = 1
    return ink


def _strip(capital: bool) -> tuple[np.ndarray, np.ndarray]:
    """All ink of a name strip: free letters in cells 100-160 and, in cell 70-100, a steep
    pen stroke running past the row above and below, over a typed `Н` when `capital`."""
    ink = np.zeros((130, 200), np.uint8)
    for x in (100, 130):  # two free letters: an upright stem and a bar each
        ink[50:80, x + 4:x + 7] = 1
        ink[50:53, x + 4:x + 20] = 1
    if capital:
        ink |= _capital()
    cv2.line(ink, (70, 5), (100, 125), 1, 5)
    letters = np.array([[100, 50, 20, 30, 150], [130, 50, 20, 30, 150]], np.int32)
    return ink.astype(bool), letters


def test_the_crossed_capital_is_given_back_without_the_garland():
    ink, letters = _strip(capital=True)
    band = (70, ROW[0], 160, ROW[1])
    kept = protect.crossed_stems(ink, letters, band)
    # The `Н`'s left stem and its bar (the right stem the stroke runs into at its foot is
    # left to the pen's checks: it runs on past the row there).
    assert kept[50:80, 74:77].all() and kept[64:67, 77:80].all()
    # The pen stroke above and below the row, and its slant within the row away from the
    # capital's strokes, stay the pen's.
    stroke = np.zeros_like(ink)
    cv2.line(stroke.view(np.uint8), (70, 5), (100, 125), 1, 5)
    off = stroke.copy()
    off[ROW[0]:ROW[1]] = False
    assert off.any() and not kept[off].any()
    capital = cv2.dilate(_capital(), np.ones((7, 7), np.uint8)) > 0
    inner = stroke & ~capital
    inner[:ROW[0]] = inner[ROW[1]:] = False
    assert inner.any() and not kept[inner].any()
    # The free letters' cells are not the walk's: they are spared by their labels.
    assert not kept[:, 100:].any()


def test_a_garland_alone_beside_the_name_is_not_given_back():
    ink, letters = _strip(capital=False)
    kept = protect.crossed_stems(ink, letters, (70, ROW[0], 160, ROW[1]))
    assert not kept.any()



def test_stems_past_a_cell_without_any_are_the_garlands():
    # The `Н` moved one cell out (40-70), an empty cell (70-100) between it and the name: a
    # flat garland trough or a steep upstroke there passes for a bar or a stem, but the name's
    # cells run on from its letters without a gap.
    ink, letters = _strip(capital=False)
    ink[:, 70:100] = False
    ink |= np.roll(_capital(), -30, axis=1).astype(bool)
    kept = protect.crossed_stems(ink, letters, (40, ROW[0], 160, ROW[1]))
    assert not kept.any()
    # Next to the name, the same capital is given back.
    ink, letters = _strip(capital=True)
    assert protect.crossed_stems(ink, letters, (40, ROW[0], 160, ROW[1]))[50:80, 74:77].all()
