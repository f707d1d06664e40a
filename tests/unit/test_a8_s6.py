"""Helper A8, session 6: a long rectangular office stamp told from a strip by its closed frame;
the pen's tone measured on ink only."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.marks.stampshape import STAMP_MAX_ASPECT, plausible_stamp
from pipeline.marks.ink import ink_mask, to_gray
from pipeline.marks.pens import pen_off_frame, rect_frame
from pipeline.model import BBox
from pipeline.stages.marks import _lighter_than_typing

XH = 20.0
SCAN = Path(__file__).resolve().parents[2] / "scans" / "telegram-8600-ru-gray.jpg"


def _framed(w=700, h=200, tilt=0.0, sides=4, text=True) -> np.ndarray:
    """Ink (bool) of a rectangular frame `w` x `h`, turned by `tilt` degrees, with text rows."""
    img = np.zeros((h + 60, w + 60), np.uint8)
    x0, y0, x1, y1 = 30, 30, 30 + w, 30 + h
    lines = [((x0, y0), (x1, y0)), ((x0, y1), (x1, y1)), ((x0, y0), (x0, y1)), ((x1, y0), (x1, y1))]
    for a, b in lines[:sides]:
        cv2.line(img, a, b, 255, 4)
    if text:
        for row in range(3):
            cv2.putText(img, "SECRETARIAT 3001", (x0 + 60, y0 + 55 + 55 * row),
                        cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    if tilt:
        m = cv2.getRotationMatrix2D((img.shape[1] / 2, img.shape[0] / 2), tilt, 1.0)
        img = cv2.warpAffine(img, m, (img.shape[1], img.shape[0]))
    return img > 127


@pytest.mark.parametrize("tilt", [0.0, 1.5])
def test_closed_frame_with_text_found_even_askew(tilt):
    own = _framed(tilt=tilt)
    frame = rect_frame(own, XH)
    assert frame is not None
    x0, y0, x1, y1 = frame
    assert abs((x1 - x0) - 700) < 25 and abs((y1 - y0) - 200) < 30


def test_strip_open_frame_and_empty_box_are_no_frame():
    strip = np.zeros((200, 800), bool)
    strip[90:96, 10:790] = True  # a paper edge or a rule
    strip[40:60, 100:700:30] = True  # specks beside it
    assert rect_frame(strip, XH) is None
    assert rect_frame(_framed(sides=3), XH) is None  # three sides: no closed frame
    assert rect_frame(_framed(text=False), XH) is None  # an empty box holds no stamp text


def test_long_box_passes_only_with_a_frame_spanning_it():
    box = BBox(0, 0, 680, 210)  # 3.24 : 1, longer than an unframed stamp may be
    assert box.width > STAMP_MAX_ASPECT * box.height
    assert not plausible_stamp(box, 0.15, 28.0)
    assert plausible_stamp(box, 0.15, 28.0, (0, 4, 584, 210))
    # A small frame in a long box (a strip with a box drawn on it) does not carry the box.
    assert not plausible_stamp(box, 0.15, 28.0, (0, 0, 300, 210))
    # Nor does a frame longer than any office stamp.
    assert not plausible_stamp(BBox(0, 0, 1100, 180), 0.15, 28.0, (0, 0, 1100, 180))


def test_pen_line_past_the_frame_is_a_note():
    own = _framed()
    h, w = own.shape
    wide = np.zeros((h + 80, w + 300), bool)
    wide[80:, :w] = own
    # A pen word crossing the frame's top right corner and running on past it.
    cv2.polylines(wide.view(np.uint8), [np.array([[650, 130], [700, 60], [760, 110], [820, 40],
                                                  [880, 100], [940, 50]], np.int32)], False, 1, 4)
    box = BBox(0, 0, wide.shape[1], wide.shape[0])
    frame = rect_frame(wide, XH)
    assert frame is not None and frame[2] < 760
    pen = pen_off_frame(wide, box, frame, XH)
    assert pen is not None and pen.x1 > 900 and pen.x0 > 640 and pen.y1 < 140
    assert pen_off_frame(own, BBox(0, 0, w, h), rect_frame(own, XH), XH) is None


@pytest.mark.skipif(not SCAN.exists(), reason="seed scans not present")
def test_gray_office_stamp_on_the_seed_scan_has_a_frame():
    # The gray seed scan's СЕКРЕТАРИАТ МИД СССР stamp in original pixels: stamped askew, its
    # left side faded, a pencil note across its corner.
    crop = cv2.imread(str(SCAN), cv2.IMREAD_COLOR)[2190:2430, 836:1440]
    ink = ink_mask(to_gray(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))) > 0
    frame = rect_frame(ink, 28.0)
    assert frame is not None
    x0, y0, x1, y1 = frame
    assert x0 < 40 and y0 < 40 and 560 < x1 and 190 < y1
    assert (x1 - x0) > 2.5 * (y1 - y0)


def test_pen_tone_measured_on_ink_not_on_a_whitened_stamp():
    # The clean stage whitened a coloured stamp in `gray` (paper there, no ink) but it is
    # still in the marks mask; a pen stroke beside typing in a typed strip must still read
    # as lighter than the typing, from the pen's own tone (110), not the stamp's paper (250).
    gray = np.full((220, 420), 250, np.uint8)
    ink = np.zeros(gray.shape, np.uint8)
    marks = np.zeros(gray.shape, np.uint8)
    for x in range(20, 160, 12):  # typed letters' strokes
        gray[50:72, x:x + 5] = 30
        ink[50:72, x:x + 5] = 255
    pen = np.zeros(gray.shape, np.uint8)
    cv2.polylines(pen, [np.array([[200, 75], [225, 42], [250, 75], [275, 42]], np.int32)], False, 255, 6)
    gray[pen > 0] = 110
    ink[pen > 0] = 255
    marks[pen > 0] = 255
    marks[95:215, 100:400] = 255  # the whitened stamp: marked, but paper in gray and no ink
    zone = np.zeros(gray.shape, bool)
    zone[35:85, :] = True
    lighter = _lighter_than_typing(marks, zone, gray, ink)
    assert lighter[pen > 0].mean() > 0.5
