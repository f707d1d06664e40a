"""A15 (session 11): stamps over typing.

Violet-ribbon typing inside a coloured stamp stays typing: a typed row of a violet ribbon runs
through a round stamp of a lighter, stronger violet; the page's colour mask (as on a page whose
other lines are black) holds the row's letters inside the ring as well as the stamp's ink.
Letters of the row's own colour leave the colour mask; the ring and a letter in the stamp's
colour on the row stay in it. A blob several lines high that the classifier calls typing but
that holds a stamp's ring is judged as a stamp. `detect`'s parts import one way.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.detect import Detection, _ribbon_out_of_colour
from pipeline.marks.ribbon import ribbon_letters
from pipeline.model import BBox

PAPER = (238, 232, 220)
RIBBON = (70, 40, 110)
STAMP_INK = (150, 90, 205)
XH = 20
ROW_Y = 100
CENTRE, RADIUS = (400, 110), 90


def _page() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, list[int]]:
    """(image, labels, stats, colour mask, ring label, x of each typed letter's left edge);
    the stamp's letter is the one at x=390, in the stamp's ink."""
    image = np.full((260, 820, 3), PAPER, np.uint8)
    xs = list(range(20, 800, 24))
    for x in xs:
        ink = STAMP_INK if x == 20 + 24 * 15 else RIBBON
        cv2.rectangle(image, (x, ROW_Y), (x + 11, ROW_Y + XH - 1), ink, -1)
    # The ring clears the row's letters: it crosses the row's band between them.
    cv2.circle(image, CENTRE, RADIUS, STAMP_INK, 4)
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    ink = (gray < 200).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ring = int(labels[CENTRE[1] - RADIUS, CENTRE[0]])
    yy, xx = np.ogrid[:image.shape[0], :image.shape[1]]
    disc = np.hypot(xx - CENTRE[0], yy - CENTRE[1]) <= RADIUS + 3
    colour = np.where(disc & (ink > 0), np.uint8(255), np.uint8(0))
    return image, labels, stats, colour, ring, xs


def _box() -> BBox:
    return BBox(CENTRE[0] - RADIUS - 2, CENTRE[1] - RADIUS - 2, CENTRE[0] + RADIUS + 3,
                CENTRE[1] + RADIUS + 3)


def test_ribbon_letters_in_a_stamp_are_typing_not_its_lettering():
    image, labels, stats, colour, ring, xs = _page()
    box = _box()
    typing = ribbon_letters(image, labels, stats, colour, box, [ring], {ring}, XH)
    sub = labels[int(box.y0):int(box.y0) + typing.shape[0], int(box.x0):int(box.x0) + typing.shape[1]]
    assert not typing[sub == ring].any()
    inside = [x for x in xs if box.x0 < x + 6 < box.x1 and abs(x + 6 - CENTRE[0]) < RADIUS - 12]
    stamp_letter = 20 + 24 * 15
    for x in inside:
        lab = int(labels[ROW_Y + 5, x + 5])
        taken = bool(typing[sub == lab].any())
        assert taken == (x != stamp_letter), x


def test_ribbon_letters_leave_the_stamps_colour_mask():
    image, labels, stats, colour, ring, _ = _page()
    det = Detection("stamp", _box(), 0.9, [ring], coloured=True)
    before = colour.copy()
    _ribbon_out_of_colour(image, labels, stats, colour, det, {ring}, XH)
    typed_letter = labels == labels[ROW_Y + 5, 20 + 24 * 13 + 5]
    assert before[typed_letter].all() and not colour[typed_letter].any()
    assert (colour[labels == ring] == 255).all()
    assert (colour[labels == labels[ROW_Y + 5, 20 + 24 * 15 + 5]] == 255).all()


def test_detects_parts_import_one_way():
    """`detect` uses `regions`, `rings`, `rows` and `ribbon`; none of them uses `detect`."""
    import ast
    import importlib

    for name in ("regions", "rings", "rows", "ribbon"):
        mod = importlib.import_module(f"pipeline.marks.{name}")
        tree = ast.parse(open(mod.__file__, encoding="utf-8").read())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "pipeline.marks.detect" not in imported, name
    from pipeline.marks import detect, rings, rows
    assert detect.ring_cut is rings.ring_cut and detect.split_rows is rows.split_rows


def _typed_block(ring: bool) -> tuple[np.ndarray, list]:
    """(labels, [Blob]) of four lines of typed block letters, with a round stamp's ring over
    them when `ring`: the page's ink there as one blob, as a blob-finder chains it."""
    from pipeline.marks.blobs import Blob

    img = np.zeros((520, 560), np.uint8)
    for y in range(90, 440, 80):
        for x in range(10, 540, 36):
            cv2.rectangle(img, (x, y), (x + 20, y + 26), 255, 4)
    if ring:
        cv2.circle(img, (270, 260), 220, 255, 9)
    _, labels, stats, _ = cv2.connectedComponentsWithStats((img > 0).astype(np.uint8), connectivity=8)
    ids = list(range(1, len(stats)))
    box = BBox(float(stats[1:, 0].min()), float(stats[1:, 1].min()),
               float((stats[1:, 0] + stats[1:, 2]).max()), float((stats[1:, 1] + stats[1:, 3]).max()))
    return labels, [Blob(box, ids)]


def test_a_ring_in_a_blob_called_typing_makes_it_a_stamp_candidate():
    from pipeline.marks.overlooked import ringed_blobs

    typing = np.array([[0.76, 0.24, 0.0]])
    labels, blobs = _typed_block(ring=True)
    assert ringed_blobs(blobs, typing, labels, 28.0, set()) == [0]
    assert ringed_blobs(blobs, typing, labels, 28.0, {0}) == []
    labels, blobs = _typed_block(ring=False)
    assert ringed_blobs(blobs, typing, labels, 28.0, set()) == []


def test_a_ringed_blob_called_stamp_unsurely_is_judged_as_a_stamp():
    # A gray round stamp over typing, called stamp under MIN_PROB (typing close behind) (F58).
    from pipeline.marks.overlooked import ringed_blobs

    labels, blobs = _typed_block(ring=True)
    unsure = np.array([[0.45, 0.53, 0.02]])
    assert ringed_blobs(blobs, unsure, labels, 28.0, set()) == [0]
    pen = np.array([[0.2, 0.1, 0.7]])
    assert ringed_blobs(blobs, pen, labels, 28.0, set()) == []


def _slanted_stamp(frame: bool, degrees: float = 12.0) -> tuple[np.ndarray, list]:
    """(labels, [Blob]) of three lines of block letters, inside a closed rectangular frame
    when `frame`, all turned by `degrees` (an office stamp printed at a slant)."""
    from pipeline.marks.blobs import Blob

    img = np.zeros((300, 480), np.uint8)
    for y in (70, 125, 180):
        for x in range(90, 380, 32):
            cv2.rectangle(img, (x, y), (x + 18, y + 26), 255, 4)
    if frame:
        cv2.rectangle(img, (50, 40), (430, 240), 255, 5)
    turn = cv2.getRotationMatrix2D((240, 150), degrees, 1.0)
    img = cv2.warpAffine(img, turn, (480, 300), flags=cv2.INTER_NEAREST)
    _, labels, stats, _ = cv2.connectedComponentsWithStats((img > 0).astype(np.uint8), connectivity=8)
    ids = list(range(1, len(stats)))
    box = BBox(float(stats[1:, 0].min()), float(stats[1:, 1].min()),
               float((stats[1:, 0] + stats[1:, 2]).max()), float((stats[1:, 1] + stats[1:, 3]).max()))
    return labels, [Blob(box, ids)]


def test_a_slanted_frame_makes_an_unsure_stamp_blob_a_stamp_candidate():
    from pipeline.marks.overlooked import framed_blobs
    from pipeline.marks.pens import rect_frame

    unsure_stamp = np.array([[0.06, 0.53, 0.41]])
    labels, blobs = _slanted_stamp(frame=True)
    b = blobs[0].box
    own = labels[int(b.y0):int(b.y1), int(b.x0):int(b.x1)] > 0
    assert rect_frame(own, 28.0) is None  # the slant hides the frame from the upright test
    assert framed_blobs(blobs, unsure_stamp, labels, 28.0, set()) == [0]
    assert framed_blobs(blobs, unsure_stamp, labels, 28.0, {0}) == []
    # Typing most of all is no framed stamp (a blob leaning to pen now is: test_s41_s17).
    assert framed_blobs(blobs, np.array([[0.53, 0.41, 0.06]]), labels, 28.0, set()) == []
    labels, blobs = _slanted_stamp(frame=False)
    assert framed_blobs(blobs, unsure_stamp, labels, 28.0, set()) == []
