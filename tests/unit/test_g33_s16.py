"""A gray stamp over typed lines: its loose legend letters, lighter than the typing, are the
stamp's (`toned.stamp_letters`), not typed glyphs left in the text at the stamp's darkness;
typed letters inside its ring, light or dark, stay typing."""

import cv2
import numpy as np

from pipeline.marks.detect import Detection
from pipeline.marks.toned import stamp_letters
from pipeline.model import BBox

XH = 20
ROWS = (100, 150, 200, 250, 300, 350, 400, 450, 500)    # single-spaced typing
TYPED, STAMP = 40, 150
CENTRE, RADIUS = (215, 340), 110
# A legend letter inside the ring, between two typed lines, clear of both.
LEGEND_AT = (200, 322)
# A typed letter inside the ring struck lighter than the rest, its stroke shading off.
LIGHT_AT = (236, 375)


def _row(gray, y, x0=40, n=14):
    for k in range(n):
        gray[y - XH // 2:y + XH // 2, x0 + 28 * k:x0 + 28 * k + 14] = TYPED


def drawn_page():
    """(gray page, labels, stats, the stamp's Detection, bool mask of its legend letter, bool
    mask of the light typed letter)."""
    gray = np.full((600, 700), 235, np.uint8)
    for y in ROWS:
        _row(gray, y)
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, CENTRE, RADIUS, 255, 6)
    gray[(ring > 0) & (gray != TYPED)] = STAMP
    lx, ly = LEGEND_AT
    legend = np.zeros(gray.shape, bool)
    legend[ly:ly + 16, lx:lx + 3] = True          # a legend `П`: two stems and a bar
    legend[ly:ly + 16, lx + 10:lx + 13] = True
    legend[ly:ly + 3, lx:lx + 13] = True
    gray[legend] = STAMP
    tx, ty = LIGHT_AT
    light = np.zeros(gray.shape, bool)
    light[ty - XH // 2:ty + XH // 2, tx:tx + 14] = True
    gray[light] = STAMP
    gray[ty - 2:ty + 2, tx + 5:tx + 9] = TYPED   # its core still dark
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    lab = int(labels[CENTRE[1] - RADIUS, CENTRE[0]])
    x, y, w, h = (int(v) for v in stats[lab, :4])
    det = Detection("stamp", BBox(x, y, x + w, y + h), 0.9, [lab])
    return gray, labels, stats, det, legend, light


def test_a_loose_legend_letter_lighter_than_the_typing_is_the_stamps():
    gray, labels, stats, det, legend, light = drawn_page()
    letter = int(np.bincount(labels[legend]).argmax())
    assert letter not in det.labels
    got = set(stamp_letters(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH)))
    assert letter in got
    # Typed letters inside the ring, as dark as the typing, are not...
    inside = {int(i) for i in np.unique(labels[gray == TYPED]) if i and i != det.labels[0]
              and np.hypot(stats[i, 0] + stats[i, 2] / 2 - CENTRE[0],
                           stats[i, 1] + stats[i, 3] / 2 - CENTRE[1]) < RADIUS - 20}
    assert inside and not (inside & got)
    # ...nor one struck light, whose stroke core is still as dark as typing.
    assert int(np.bincount(labels[light]).argmax()) not in got


def test_no_letters_taken_when_stamp_and_typing_share_one_tone():
    gray, labels, stats, det, legend, _ = drawn_page()
    gray[legend] = TYPED + 10
    gray[(gray == STAMP)] = TYPED + 10
    assert stamp_letters(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH)) == []
