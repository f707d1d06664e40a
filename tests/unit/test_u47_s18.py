"""Helper U47, session 18: a pen underline the classifier is unsure of.

A long stroke cut free of the typing (`blobs.long_strokes`) is a bare line to the classifier,
which is torn between pen and rule. A pen line wavers about any smooth bow through it by a
tenth of its width; a printed rule or a typed underscore run is straight, a stamp ring's arc a
smooth bow. A wavering stroke under a line of writing joins handwriting at a lower certainty;
a straight one, or one with nothing above it (a sheet's edge), still needs the full one.
"""

import cv2
import numpy as np

from pipeline.marks.blobs import find_blobs, hand_drawn
from pipeline.marks.detect import MIN_PROB, STROKE_HAND_PROB, _min_prob

XH = 28.0


def _page(line, row: bool = True) -> np.ndarray:
    """Ink (uint8 255), 240 x 1600: a typed-like row of letter blocks (unless not `row`) and
    `line` drawn under it (the page wide enough that the line is no page-long rule)."""
    img = np.zeros((240, 1600), np.uint8)
    for x in range(120, 700, 26) if row else ():
        cv2.rectangle(img, (x, 60), (x + 16, 60 + int(XH)), 255, 3)
    line(img)
    return img


def _pen(img: np.ndarray) -> None:
    # A hand's underline: a slow bow and a tremor, 5 px wide, in the gap under the row.
    xs = np.arange(110, 720)
    ys = 112 + 2.0 * np.sin(xs / 60.0) + 0.8 * np.sin(xs / 13.0) + (xs - 110) * 0.01
    cv2.polylines(img, [np.stack([xs, ys], 1).round().astype(np.int32).reshape(-1, 1, 2)], False, 255, 5)


def _rule(img: np.ndarray) -> None:
    # A printed rule, as wide and as long, level.
    cv2.line(img, (110, 112), (720, 112), 255, 5)


def _sloped_rule(img: np.ndarray) -> None:
    # A rule on a page left skewed by a fifth of a degree: straight, its pixels in steps.
    cv2.line(img, (110, 110), (720, 112), 255, 5)


def _stroke_prob(line, row: bool = True) -> float:
    img = _page(line, row)
    blobs, labels, stats = find_blobs(img, np.zeros_like(img), XH)
    strokes = [b for b in blobs if b.stroke]
    assert len(strokes) == 1 and strokes[0].box.width > 500
    colour = np.zeros_like(img)
    return _min_prob("handwriting", strokes[0], stats, XH, np.dstack([255 - img] * 3), colour, labels)


def test_a_wavering_underline_needs_less_certainty():
    assert _stroke_prob(_pen) == STROKE_HAND_PROB < MIN_PROB["handwriting"]


def test_a_wavering_line_under_no_writing_needs_the_full_certainty():
    # A sheet's torn edge or a crease wavers too, but underlines nothing.
    assert _stroke_prob(_pen, row=False) == MIN_PROB["handwriting"]


def test_a_straight_rule_needs_the_full_certainty():
    assert _stroke_prob(_rule) == MIN_PROB["handwriting"]
    assert _stroke_prob(_sloped_rule) == MIN_PROB["handwriting"]


def test_hand_drawn_reads_the_waver_not_the_width():
    wavy, thick = np.zeros((60, 700), np.uint8), np.zeros((60, 700), np.uint8)
    xs = np.arange(20, 680)
    ys = 30 + 1.5 * np.sin(xs / 40.0)
    cv2.polylines(wavy, [np.stack([xs, ys], 1).round().astype(np.int32).reshape(-1, 1, 2)], False, 255, 4)
    cv2.line(thick, (20, 30), (680, 30), 255, 12)
    assert hand_drawn(wavy > 0)
    assert not hand_drawn(thick > 0)


def test_a_ring_arc_is_no_pen_line():
    # The bottom of a stamp's ring, 220 px in radius, cut off as a stroke 190 px long.
    ring = np.zeros((500, 500), np.uint8)
    cv2.circle(ring, (250, 230), 220, 255, 6)
    arc = ring[420:, 155:345] > 0
    assert arc.any() and not hand_drawn(arc)
