"""Typed lines under a monochrome stamp: found on the page's line grid and kept as typing.

A drawn gray page: rows of typed "letters" (dark blocks of one x-height), one row hidden
inside a stamp's ring and joined to it into one ink component, the ring lighter than the
typing as a violet or red stamp scans in gray.
"""

import cv2
import numpy as np
import pytest

from pipeline.marks.detect import Detection
from pipeline.marks.toned import split_typed_lines
from pipeline.marks.protect import line_pitch, typed_rows, typed_strips
from pipeline.model import BBox

XH = 20
ROWS = (100, 150, 200, 300, 350)
HIDDEN = 250


def drawn_page(ring_tone):
    """(gray page, label image, stats, the stamp's Detection, bool mask of the hidden row's ink)."""
    gray = np.full((460, 700), 235, np.uint8)
    for y in ROWS:
        for k in range(14):
            gray[y - XH // 2:y + XH // 2, 40 + 28 * k:40 + 28 * k + 14] = 40
    hidden = np.zeros(gray.shape, bool)
    for k in range(5):
        hidden[HIDDEN - XH // 2:HIDDEN + XH // 2, 150 + 28 * k:150 + 28 * k + 14] = True
    gray[hidden] = 40
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, (215, HIDDEN), 95, 255, 6)
    # The stamp's own bar touches the hidden letters: one component with them, as on a scan.
    cv2.line(ring, (125, HIDDEN + XH // 2), (310, HIDDEN + XH // 2), 255, 3)
    gray[(ring > 0) & ~hidden] = ring_tone
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    lab = int(labels[HIDDEN, 150])
    x, y, w, h = (int(v) for v in stats[lab, :4])
    det = Detection("stamp", BBox(x, y, x + w, y + h), 0.9, [lab])
    return gray, labels, stats, det, hidden


def test_typed_ink_on_the_line_grid_inside_a_lighter_stamp_gets_its_own_label():
    gray, labels, stats, det, hidden = drawn_page(ring_tone=140)
    stamp_lab = det.labels[0]
    out = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    assert len(out) > len(stats)
    # The hidden typed row left the stamp; the ring (off the typed lines) stayed with it.
    assert (labels[hidden] != stamp_lab).mean() > 0.95
    assert (labels[hidden] >= len(stats)).mean() > 0.95
    assert labels[60, 215] == stamp_lab or labels[HIDDEN - 95, 215] == stamp_lab
    ring_px = (gray == 140)
    assert (labels[ring_px] == stamp_lab).mean() > 0.9


def test_a_stamp_as_dark_as_the_typing_keeps_its_ink():
    # One tone for both inks: nothing tells the stamp's strokes on a typed line from typing.
    gray, labels, stats, det, _ = drawn_page(ring_tone=40)
    before = labels.copy()
    out = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    assert len(out) == len(stats)
    assert (labels == before).all()


def _stats(boxes):
    rows = [[0, 0, 0, 0, 0]] + [[x, y, w, h, w * h // 2] for x, y, w, h in boxes]
    return np.asarray(rows, np.int32)


def test_typed_strips_put_a_hidden_line_on_the_grid_between_rows():
    xh = 20.0
    boxes = []
    for y in (100, 150, 200, 300, 350):  # the line at 250 is hidden under a mark
        boxes += [(40 + 25 * k, y, 16, 20) for k in range(12)]
    stats = _stats(boxes)
    rows = typed_rows(stats, set(), xh, BBox(100, 220, 300, 290))
    assert [round(r[0]) for r in rows] == [110, 160, 210, 310, 360]
    assert line_pitch(rows, xh) == pytest.approx(50)
    strips = typed_strips(stats, set(), BBox(100, 220, 300, 290), xh)
    centres = [(s.y0 + s.y1) / 2 for s in strips]
    # The hidden line's mid-line (260) gets a strip; the box is clipped at its edges.
    assert any(abs(c - 260) < 3 for c in centres)
    assert all(100 <= s.x0 and s.x1 <= 300 and 220 <= s.y0 and s.y1 <= 290 for s in strips)


def test_typed_strips_need_typed_rows_beside_the_mark():
    xh = 20.0
    stats = _stats([(40 + 25 * k, 100, 16, 20) for k in range(3)])
    # The only row's letters are the mark's own: no typed grid, no strips.
    assert typed_strips(stats, {1, 2, 3}, BBox(0, 60, 200, 160), xh) == []


def test_two_written_numbers_whose_strokes_interleave_are_two_notes():
    from pipeline.marks.detect import split_rows

    own = np.zeros((140, 300), bool)
    for x in (20, 50, 80):
        own[10:60, x:x + 18] = True     # "11/9": short, the upper line
    cv2.line(own.view(np.uint8), (120, 10), (100, 90), 1, 4)  # its slash reaches the next line
    for x in (10, 60, 110, 160, 210, 250):
        own[70:130, x:x + 30] = True    # "No 7490/DV": longer, the lower line
    parts = split_rows(BBox(0, 0, 300, 140), own, xh=30)
    assert len(parts) == 2
    top, bottom = sorted(parts, key=lambda b: b.y0)
    assert top.y1 <= 95 and top.x1 <= 125
    assert bottom.y0 >= 65 and bottom.width > 250
    # A signature whose one long stroke holds most of the ink stays one, in pieces or not.
    sig = np.zeros((140, 300), bool)
    cv2.line(sig.view(np.uint8), (10, 30), (290, 110), 1, 12)
    for x in (30, 60):
        sig[5:20, x:x + 10] = True
    for x in (200, 240):
        sig[120:135, x:x + 10] = True
    assert split_rows(BBox(0, 0, 300, 140), sig, xh=30) == [BBox(0, 0, 300, 140)]


def _ring_with(stroke: bool, word: bool = False):
    """(bool ink of a round stamp, box) drawn as one component: an outer ring, an inner ring and a
    bar of stamp letters, with a pen stroke crossing the ring from the left (`stroke`) or a typed
    word's worth of ink touching it there (`word`)."""
    img = np.zeros((520, 760), np.uint8)
    cv2.circle(img, (470, 260), 240, 1, 8)
    cv2.circle(img, (470, 260), 190, 1, 3)
    cv2.rectangle(img, (380, 245), (560, 275), 1, -1)
    if stroke:
        # A signature's zigzag from the margin into the ring, three letters tall.
        pts = np.array([(20, 300), (60, 220), (90, 310), (130, 215), (170, 305), (210, 225),
                        (250, 300), (300, 240)], np.int32)
        cv2.polylines(img, [pts], False, 1, 4)
    if word:
        img[250:272, 90:232] = 1    # a typed line, one letter tall, touching the ring
    own = img > 0
    ys, xs = np.nonzero(own)
    return own[ys.min():ys.max() + 1, xs.min():xs.max() + 1], BBox(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_a_round_stamps_outer_ring_is_fitted_past_a_signature_beside_it():
    from pipeline.marks.pens import fit_ring

    own, box = _ring_with(stroke=True)
    cx, cy, r = fit_ring(own, xh=28.0)
    assert abs(box.x0 + cx - 470) < 6 and abs(box.y0 + cy - 260) < 6
    assert 238 <= r <= 250   # the outer ring's outer edge, not the inner ring
    # A filled blot has no ring.
    assert fit_ring(np.ones((300, 300), bool), xh=28.0) is None


def test_a_signature_merged_with_a_stamp_ring_is_cut_off_it():
    from pipeline.marks.pens import pen_off_ring

    own, box = _ring_with(stroke=True)
    pen = pen_off_ring(own, box, xh=28.0)
    assert pen is not None
    stroke = BBox(20, 213, 302, 312)
    assert pen.iou(stroke) > 0.6
    assert pen.x1 < 470   # nothing of the ring's far side
    # The ring alone, or with a typed word touching it, holds no note.
    assert pen_off_ring(*_ring_with(stroke=False), xh=28.0) is None
    assert pen_off_ring(*_ring_with(stroke=False, word=True), xh=28.0) is None


def test_a_stroke_taller_than_any_typed_glyph_is_found_in_a_word_cluster():
    from pipeline.marks.pens import tall_stroke

    xh = 20.0
    # Row 0 is the background; typed letters (one x-height), a bold capital, and a signature's
    # stroke four letters tall and nine wide, the one that counts.
    stats = np.asarray([[0, 0, 0, 0, 0], [10, 10, 14, 20, 150], [30, 6, 18, 34, 300],
                        [60, 0, 180, 80, 2500], [250, 10, 14, 20, 150]], np.int32)
    assert tall_stroke(stats, [1, 2, 3, 4], xh) == 3
    assert tall_stroke(stats, [1, 2, 4], xh) is None
    # A long rule one letter tall is no signature either.
    rules = np.asarray([[0, 0, 0, 0, 0], [0, 0, 400, 22, 2000]], np.int32)
    assert tall_stroke(rules, [1], xh) is None


def test_a_margin_tick_in_a_word_cluster_is_a_pen_stroke():
    from pipeline.marks.detect import pen_strokes

    xh = 27.0
    # Census 9749: a pen tick (70 px square, two thin strokes) left of `Копии:`, joined with
    # the typed copy list into one cluster; 9755's tick, smaller (58x65). Neither is as wide as
    # a signature's stroke, both are taller than any typed glyph and mostly bare.
    stats = np.asarray([[0, 0, 0, 0, 0], [315, 1568, 70, 70, 765], [407, 1567, 29, 28, 401],
                        [456, 1577, 63, 18, 771], [227, 1327, 58, 65, 595],
                        # Glyphs of two typed lines run together: as big, but inked densely.
                        [600, 1400, 50, 60, 1300],
                        # A margin rule: tall, one stroke wide.
                        [100, 1000, 8, 300, 2400]], np.int32)
    assert pen_strokes(stats, [1, 2, 3, 4, 5, 6], xh) == [1, 4]


def test_a_note_without_ink_of_its_own_is_read_from_the_stamp_ink_in_its_box():
    from pipeline.marks.detect import Analysis
    from pipeline.model import BBox
    from pipeline.stages.marks import _own_ink, _reading_ink

    labels = np.zeros((60, 80), np.int32)
    labels[10:50, 5:15] = 1     # the stamp's ring, left
    labels[20:30, 40:70] = 1    # the pen stroke, one component with the ring
    labels[40:45, 40:70] = 2    # typed ink under the pen's box, no detection's
    stamp = Detection("stamp", BBox(0, 0, 80, 60), 0.9, [1])
    pen = Detection("handwriting", BBox(35, 15, 75, 50), 0.9, [])
    analysis = Analysis([stamp, pen], labels, np.zeros_like(labels, np.uint8), 8.0,
                        np.zeros((3, 5), np.int32))
    box, own = _own_ink(analysis, pen)
    assert not own.any()  # nothing of its own: the mask is the stamp's business
    seen = _reading_ink(analysis, pen, box, own, [stamp, pen]) > 0
    x0, y0 = box[0], box[1]
    assert seen[25 - y0, 50 - x0]          # the stroke is in the crop
    assert not seen[42 - y0, 50 - x0]      # the typing is not
    box_s, own_s = _own_ink(analysis, stamp)
    assert (_reading_ink(analysis, stamp, box_s, own_s, [stamp, pen]) == own_s).all()
