"""A typed name wholly inside a gray round stamp, on no typed row and off the page's line grid
(a signatory's name under the seal): its letters, darker than the stamp, are found by tone as
a row of their own (`toned._dark_rows`) and split off as typing; the stamp's lighter legend and
a pen's dark stroke end on the name's level, apart from it, stay the stamp's."""

import cv2
import numpy as np

from pipeline.marks.detect import Detection
from pipeline.marks.protect import typed_strips
from pipeline.marks.toned import split_typed_lines
from pipeline.model import BBox

XH = 20
TYPED, STAMP = 40, 150
CENTRE, RADIUS = (400, 560), 170
ROWS = (320, 370)          # typing above the stamp, clear of its ring
NAME_Y, NAME_X = 560, (400, 428, 456, 484)
LEGEND_Y, LEGEND_X = 500, (360, 390, 420)
PEN_AT = (310, 560)        # a pen stroke's dark end on the name's level, four letters off it


def drawn_page():
    """(gray page, labels, stats, the stamp's Detection, masks of the name, legend, pen end)."""
    gray = np.full((800, 700), 235, np.uint8)
    for y in ROWS:
        for k in range(14):
            gray[y - XH // 2:y + XH // 2, 40 + 28 * k:54 + 28 * k] = TYPED
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, CENTRE, RADIUS, 255, 6)
    gray[ring > 0] = STAMP
    name = np.zeros(gray.shape, bool)
    for x in NAME_X:
        name[NAME_Y - XH // 2:NAME_Y + XH // 2, x:x + 14] = True
    gray[name] = TYPED
    legend = np.zeros(gray.shape, bool)
    for x in LEGEND_X:
        legend[LEGEND_Y - 8:LEGEND_Y + 8, x:x + 3] = True   # a legend `П`
        legend[LEGEND_Y - 8:LEGEND_Y + 8, x + 10:x + 13] = True
        legend[LEGEND_Y - 8:LEGEND_Y - 5, x:x + 13] = True
    gray[legend] = STAMP
    pen = np.zeros(gray.shape, bool)
    pen[PEN_AT[1] - XH // 2:PEN_AT[1] + XH // 2, PEN_AT[0]:PEN_AT[0] + 10] = True
    gray[pen] = TYPED
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    # The stamp's blob took everything inside its ring: the ring, its legend, the name, the pen.
    ring_lab = int(labels[CENTRE[1] - RADIUS, CENTRE[0]])
    x, y, w, h = (int(v) for v in stats[ring_lab, :4])
    inside = np.unique(labels[y:y + h, x:x + w])
    det = Detection("stamp", BBox(x, y, x + w, y + h), 0.9, [int(i) for i in inside if i])
    return gray, labels, stats, det, name, legend, pen


def test_the_name_row_is_on_no_typed_strip():
    # What the grid and the rows crossing the stamp give: nothing on the name's level.
    _, _, stats, det, _, _, _ = drawn_page()
    strips = typed_strips(stats, set(det.labels), det.box, float(XH))
    assert not any(b.y0 <= NAME_Y <= b.y1 for b in strips)


def test_a_typed_name_under_a_gray_seal_is_split_off_as_typing():
    gray, labels, stats, det, name, legend, pen = drawn_page()
    n = len(stats)
    stats = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    assert len(stats) > n
    own = set(det.labels)
    assert not (set(np.unique(labels[name]).tolist()) & own)     # every name letter left it
    assert set(np.unique(labels[legend]).tolist()) <= own         # the legend is the stamp's
    assert set(np.unique(labels[pen]).tolist()) <= own            # so is the pen's end


def test_nothing_split_when_the_name_is_at_the_stamps_tone():
    gray, labels, stats, det, name, _, pen = drawn_page()
    gray[name | pen] = STAMP
    n = len(stats)
    stats = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    assert len(stats) == n


def test_rim_lettering_pressed_as_dark_as_typing_stays_the_stamps():
    # Three legend letters along the top of the ring, 0.85 of its radius out, struck as dark
    # as the typing: a row by tone, but the rim's, not a line under the seal.
    gray, labels, stats, det, name, _, _ = drawn_page()
    rim = np.zeros(gray.shape, bool)
    for x in (365, 393, 421):
        rim[CENTRE[1] - 145 - XH // 2:CENTRE[1] - 145 + XH // 2, x:x + 14] = True
    gray[rim] = TYPED
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    inside = np.unique(labels[int(det.box.y0):int(det.box.y1), int(det.box.x0):int(det.box.x1)])
    own = [int(i) for i in inside if i]
    split_typed_lines(gray, labels, stats, det.box, own, set(own), float(XH))
    assert set(np.unique(labels[rim]).tolist()) <= set(own)
    assert not (set(np.unique(labels[name]).tolist()) & set(own))
