"""N40 (session 17): a typed name under a signature whose letters are not all of one tone.

The tone path (`protect.name_under_pen`) keeps only the name's letters darker than halfway to
the pen; its strip stops at the first lighter letter, and the letters the pen's stroke joined
before it went with the signature (`ІЙ Илов` for `МИХАЙЛОВ`). The typewriter grid finds the
lighter free letters too; when its row holds the toned letters and more, its strip is the
name's (`stages.marks.fuller_row`).
"""

import cv2
import numpy as np

from pipeline.marks.detect import Analysis, Detection
from pipeline.model import BBox
from pipeline.stages.marks import fuller_row, spare_typing

TYPED, LIGHT, PEN, PAPER = 30, 80, 110, 235
PITCH = 34
# The name: six letters the signature's last stroke runs through, two typed lighter than
# halfway to the pen, two as dark as the page's typing.
TONES = [TYPED] * 6 + [LIGHT] * 2 + [TYPED] * 2
NAME_X, NAME_Y0, NAME_Y1 = 300, 100, 132


def _signed_name() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """(gray, ink 255, labels, stats, the signature's ids): a typed name of ten block capitals
    at the page's pitch (`TONES`), a lighter signature whose garlands run above and below the
    row and whose last stroke crosses the name's first six letters; a typed line below."""
    gray = np.full((300, 760), PAPER, np.uint8)
    for x in range(40, 700, PITCH):
        cv2.rectangle(gray, (x, 250), (x + 20, 272), TYPED, 3)
    body = np.array([[10, 200], [50, 30], [90, 200], [130, 30], [170, 200], [210, 40],
                     [250, 150], [290, 116], [495, 116]])
    cv2.polylines(gray, [body.reshape(-1, 1, 2)], False, PEN, 5)
    for i, tone in enumerate(TONES):
        x = NAME_X + PITCH * i
        cv2.rectangle(gray, (x, NAME_Y0), (x + 24, NAME_Y1), tone, 4)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ids = sorted({int(labels[200, 10])}
                 | {int(labels[NAME_Y0, NAME_X + PITCH * i]) for i in range(len(TONES))})
    return gray, ink, labels, stats, ids


def test_a_name_with_lighter_letters_keeps_the_letters_the_pen_crossed():
    gray, ink, labels, stats, ids = _signed_name()
    pen = labels[200, 10]
    assert all(labels[NAME_Y0, NAME_X + PITCH * i] == pen for i in range(6))
    det = Detection("handwriting", BBox(0, 20, 660, 210), 0.9, ids)
    an = Analysis([det], labels, np.zeros(gray.shape, np.uint8), 28.0, stats)
    marks = np.where(np.isin(labels, ids), 255, 0).astype(np.uint8)
    out = spare_typing(an, marks, gray, ink)
    for i, tone in enumerate(TONES):
        x = NAME_X + PITCH * i
        cell = (slice(NAME_Y0 - 2, NAME_Y1 + 3), slice(x - 2, x + 27))
        letter = gray[cell] == tone
        assert (out[cell][letter] > 0).mean() < 0.1, f"letter {i} masked"
    # The signature's garlands before the name stay masked.
    garlands = np.zeros(gray.shape, bool)
    garlands[:, :NAME_X - 20] = gray[:, :NAME_X - 20] == PEN
    assert (out[garlands] > 0).mean() > 0.9


def test_a_grid_row_is_the_name_only_when_it_holds_the_toned_letters():
    assert fuller_row({4, 5}, {2, 3, 4, 5})
    assert not fuller_row({4, 5}, {4, 5})
    assert not fuller_row({4, 5}, {7, 8, 9})  # another row
    assert not fuller_row(set(), {7, 8, 9})
