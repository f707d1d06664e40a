"""Stamps and handwriting cost the typed text less: typed ink crossed by a coloured stamp
stays typing, pen ink beside a typed name is masked by its tone, and two stamps side by side
are both found.
"""

import cv2
import numpy as np
import pytest

from pipeline.marks.detect import detect
from pipeline.marks.protect import tone_cut
from pipeline.model import BBox


def _typed_and_stamp(stamp_tone, overlap_tone):
    """(gray, ink 255, colour 255, typed bool, stamp-only bool, overlap bool): typed bars
    crossed by a coloured stamp stroke, the crossing as dark as `overlap_tone`."""
    gray = np.full((200, 400), 240, np.uint8)
    typed = np.zeros(gray.shape, bool)
    for k in range(12):
        typed[90:110, 20 + 30 * k:20 + 30 * k + 14] = True
    stroke = np.zeros(gray.shape, np.uint8)
    cv2.line(stroke, (0, 60), (399, 140), 255, 7)
    stamp = stroke > 0
    gray[typed] = 40
    gray[stamp & ~typed] = stamp_tone
    gray[stamp & typed] = overlap_tone
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    colour = np.where(stamp, 255, 0).astype(np.uint8)
    return gray, ink, colour, typed, stamp & ~typed, stamp & typed


def test_the_tone_cut_lies_between_typing_and_stamp():
    gray, ink, colour, _, _, _ = _typed_and_stamp(160, 30)
    cut = tone_cut(gray, ink, colour, colour > 0)
    assert cut is not None and 40 < cut < 160


@pytest.fixture(scope="module")
def two_stamps():
    """Dev seed 1000 (clean): at its foot a rectangular stamp with a pen note running into it
    beside a round stamp, both blue on a page typed in blue-violet ink (the whole page: the
    letter size is measured on it)."""
    from pipeline.synth import render_page

    sp = render_page(1000, profile="clean", lang="ru", stamps=True, handwriting=True)
    image = np.asarray(sp.image.convert("RGB"))
    return image, [r for r in sp.truth["regions"] if r["type"] == "stamp"], 1500


def test_two_stamps_side_by_side_are_both_found(two_stamps):
    from pipeline.layout_model import load_default

    image, truth, foot = two_stamps
    model = load_default()
    if model is None:
        pytest.skip("no layout model built (make model)")
    found = [d.box for d in detect(image, model).detections if d.kind == "stamp"]
    wanted = [BBox(*r["bbox"]) for r in truth if r["bbox"][1] >= foot]
    assert len(wanted) == 2
    for want in wanted:
        assert any(box.intersection(want) / (box.area + want.area - box.intersection(want)) >= 0.5
                   for box in found)


def test_pen_ink_in_a_typed_strip_stays_masked_when_lighter_than_the_typing():
    from pipeline.stages.marks import _lighter_than_typing

    gray = np.full((200, 400), 240, np.uint8)
    typed = np.zeros(gray.shape, bool)
    for k in range(12):
        typed[90:110, 20 + 30 * k:20 + 30 * k + 14] = True
    pen = np.zeros(gray.shape, np.uint8)
    cv2.line(pen, (0, 100), (120, 95), 255, 5)
    # The rest of the signature, above the typed line: most of the pen's ink.
    cv2.ellipse(pen, (60, 55), (50, 25), 0, 0, 360, 255, 6)
    pen = (pen > 0) & ~typed
    gray[typed] = 40
    gray[pen] = 150
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    # The pen's stroke ran into the first typed letters: one component, all in the marks mask.
    marks = np.where(pen | (typed & (np.arange(400)[None, :] < 80)), 255, 0).astype(np.uint8)
    zone = np.zeros(gray.shape, bool)
    zone[85:115, :] = True
    lighter = _lighter_than_typing(marks, zone, gray, ink)
    # The pen's ink off the letters stays masked; the letters it touched do not.
    far = pen & zone & (cv2.dilate(typed.astype(np.uint8), np.ones((5, 5), np.uint8)) == 0)
    assert far.sum() > 100
    assert lighter[far].mean() > 0.95
    assert not lighter[typed].any()


def test_pen_ink_as_dark_as_the_typing_is_left_to_the_strip():
    from pipeline.stages.marks import _lighter_than_typing

    gray = np.full((200, 400), 240, np.uint8)
    gray[90:110, 20:380] = 40
    marks = np.zeros(gray.shape, np.uint8)
    marks[95:105, 0:120] = 255
    gray[95:105, 0:20] = 45
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    zone = np.zeros(gray.shape, bool)
    zone[85:115, :] = True
    assert not _lighter_than_typing(marks, zone, gray, ink).any()
