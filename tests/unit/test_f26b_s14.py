"""A typed name under a signature whose pen is as dark as the typing is found by place."""

import cv2
import numpy as np

from pipeline.marks.protect import name_under_pen

TONE = 30  # typing and pen alike
XH = 22.0
PITCH = 30


def _page(name_x: list[int], slant: int = 0, written_x: tuple[int, ...] = ()):
    """A plain typed row at the page's pitch, and a signature: one long stroke above a row of
    letter boxes (outlines 20 x 28) at `name_x`, each sheared by `slant` px over its height,
    and above the name a row of the pen's small loops at `written_x`, each leaning 0.3."""
    ink = np.zeros((400, 800), np.uint8)
    for i in range(8):
        x = 100 + PITCH * i
        cv2.rectangle(ink, (x, 72), (x + 19, 99), 255, 3)
    cv2.line(ink, (300, 230), (700, 190), 255, 4)
    for x in name_x:
        pts = np.array([[x + slant, 272], [x + 19 + slant, 272], [x + 19, 299], [x, 299]], np.int32)
        cv2.polylines(ink, [pts], True, 255, 3)
    for x in written_x:
        pts = np.array([[x + 8, 236], [x + 27, 236], [x + 19, 263], [x, 263]], np.int32)
        cv2.polylines(ink, [pts], True, 255, 3)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    gray = np.where(ink > 0, TONE, 245).astype(np.uint8)
    ids = sorted({int(v) for v in np.unique(labels[180:310, 290:710])} - {0})
    return gray, labels, stats.astype(np.int32), ids


def test_letters_at_the_typewriter_pitch_on_one_baseline_are_the_name():
    gray, labels, stats, ids = _page([400, 430, 460])
    found, band = name_under_pen(gray, labels, stats, ids, (290, 180, 710, 310), XH, float(TONE), place=True)
    assert band is not None
    assert len(found) == 3
    x0, y0, x1, y1 = band
    assert x0 <= 400 and x1 >= 479 and y0 <= 272 and y1 >= 299
    assert y0 > 240  # the long stroke's row stays out


def test_letters_off_the_typewriter_grid_are_not_a_name():
    gray, labels, stats, ids = _page([400, 445])
    assert name_under_pen(gray, labels, stats, ids, (290, 180, 710, 310), XH, float(TONE), place=True) == (set(), None)


def test_leaning_loops_at_the_pitch_are_the_pen():
    gray, labels, stats, ids = _page([400, 430, 460], slant=24)
    assert name_under_pen(gray, labels, stats, ids, (290, 180, 710, 310), XH, float(TONE), place=True) == (set(), None)


def test_a_row_of_slanting_letters_is_written():
    # Each letter leans 0.3 (under GLYPH_LEAN), as a cursive resolution's separate letters do.
    gray, labels, stats, ids = _page([400, 430, 460], slant=8)
    found = name_under_pen(gray, labels, stats, ids, (290, 180, 710, 310), XH, float(TONE), place=True)
    assert found == (set(), None)


def test_a_written_row_found_first_does_not_hide_the_name():
    # The pen's loops, above the name and so labelled first, make a row as long as the
    # name's at the pitch; it leans as writing does and is passed over, not the name with it.
    gray, labels, stats, ids = _page([400, 430, 460], written_x=(560, 590, 620))
    found, band = name_under_pen(gray, labels, stats, ids, (290, 180, 710, 310), XH, float(TONE), place=True)
    assert band is not None and band[1] > 240
    assert len(found) == 3 and all(stats[c, cv2.CC_STAT_LEFT] < 500 for c in found)
