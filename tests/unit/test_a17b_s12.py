"""A17 round 2 (session 12): a signature's last garlands beside the typed name under it.

When the typed name is in the signature's blob and was told from the pen by tone
(`protect.name_under_pen`), its letters are the only typed row there. Left out of the letters
`pen_ends` judges rows by, the garlands the name's strip gave back lay beside no row and
stayed in the text (`ГИуВоРОНИН`, `У\\ЛлоРЛОВ`); with them, the garlands past the name's end
are judged cell by cell at its pitch and masked again, and the name stays typing.
"""

import cv2
import numpy as np

from pipeline.marks.detect import Analysis, Detection
from pipeline.model import BBox
from pipeline.stages.marks import spare_typing

TYPED, PEN, PAPER = 30, 150, 235


def _signed_name() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """(gray, ink 255, labels, stats, the signature's ids): a typed name of eight block
    capitals (x 300.., 34 px pitch, y 100..132), a lighter signature whose loops run well above
    and below the row and whose last garlands, as dark as the typing and slanting, lie in the
    row a letter cell before the name; a typed line below. The signature's blob holds the name."""
    gray = np.full((300, 640), PAPER, np.uint8)
    for x in range(300, 300 + 8 * 34, 34):
        cv2.rectangle(gray, (x, 100), (x + 24, 132), TYPED, 4)
    for x in range(40, 600, 30):
        cv2.rectangle(gray, (x, 250), (x + 16, 272), TYPED, 3)
    body = np.array([[10, 200], [50, 30], [90, 200], [130, 30], [170, 200], [198, 132]])
    cv2.polylines(gray, [body.reshape(-1, 1, 2)], False, PEN, 9)
    garland = np.array([[198, 132], [210, 100], [222, 132], [234, 100], [246, 132], [258, 100]])
    cv2.polylines(gray, [garland.reshape(-1, 1, 2)], False, TYPED, 3)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ids = [int(labels[200, 10])] + [int(labels[100, x]) for x in range(300, 300 + 8 * 34, 34)]
    return gray, ink, labels, stats, ids


def test_garlands_beside_a_name_told_by_tone_are_masked_again():
    gray, ink, labels, stats, ids = _signed_name()
    det = Detection("handwriting", BBox(0, 20, 580, 210), 0.9, ids)
    an = Analysis([det], labels, np.zeros(gray.shape, np.uint8), 28.0, stats)
    marks = np.where(np.isin(labels, ids), 255, 0).astype(np.uint8)
    out = spare_typing(an, marks, gray, ink)
    garlands = np.zeros(gray.shape, bool)
    garlands[98:135, 204:262] = gray[98:135, 204:262] == TYPED
    assert garlands.any() and (out[garlands] > 0).mean() > 0.9
    # The name's letters stay typing.
    name = np.zeros(gray.shape, bool)
    name[98:135, 296:580] = gray[98:135, 296:580] == TYPED
    assert not (out[name] > 0).any()
