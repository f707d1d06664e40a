"""Helper R45, session 18: rectangular office stamps missed or called handwriting.

An office stamp's closed frame is looked for squared to the slant of its long straight lines
when a note or a speck joined to it tilts its ink's enclosing rectangle; a framed stamp printed
touching a round one is a stamp of its own, not a note cut off the ring; and a slanted framed
stamp whose outline fills its box as a ring does is rectangular, its lettering's ends its own.
A frame holds lettering: a box drawn by hand round a sketch is none.
"""

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.detect import detect
from pipeline.marks.stampshape import frame_corners, squared_frame

XH = 28.0
INK = (30, 30, 30)


def _turned(points: np.ndarray, centre: tuple[float, float], degrees: float) -> np.ndarray:
    """`points` (x, y rows) turned about `centre` by `degrees` (image coordinates)."""
    t = np.radians(degrees)
    c, s = np.cos(t), np.sin(t)
    p = points - centre
    return np.stack([c * p[:, 0] - s * p[:, 1], s * p[:, 0] + c * p[:, 1]], 1) + centre


def _stamp(img: np.ndarray, x0: int, y0: int, w: int, h: int, degrees: float, colour=255) -> None:
    """Draw on `img` an office stamp: a thin closed frame w x h at (x0, y0) round three rows of
    block letters, all turned by `degrees` about the frame's centre."""
    centre = (x0 + w / 2, y0 + h / 2)
    frame = _turned(np.array([[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h]], float), centre, degrees)
    cv2.polylines(img, [frame.round().astype(np.int32).reshape(-1, 1, 2)], True, colour, 4)
    for row in range(3):
        ly = y0 + 40 + row * (h - 60) / 3
        for lx in range(x0 + 30, x0 + w - 40, 34):
            box = _turned(np.array([[lx, ly], [lx + 22, ly], [lx + 22, ly + 30], [lx, ly + 30]], float),
                          centre, degrees)
            cv2.polylines(img, [box.round().astype(np.int32).reshape(-1, 1, 2)], True, colour, 5)


def test_a_frame_is_squared_to_its_lines_when_a_note_tilts_its_ink():
    own = np.zeros((560, 1200), np.uint8)
    _stamp(own, 60, 160, 600, 240, 10.0)
    # A written line joined to the frame's corner and running off level: the ink's smallest
    # enclosing rectangle takes the slant of stamp and note together, not the frame's.
    cv2.polylines(own, [np.array([[655, 170], [800, 60], [1150, 40]], np.int32).reshape(-1, 1, 2)],
                  False, 255, 5)
    assert squared_frame(own > 0, XH) is not None
    corners = frame_corners(own > 0, XH)
    assert corners is not None
    # The corners found lie on the frame drawn (turned back to the ink's own pixels).
    drawn = _turned(np.array([[60, 160], [660, 160], [660, 400], [60, 400]], float), (360, 280), 10.0)
    assert np.abs(np.sort(corners, 0) - np.sort(drawn, 0)).max() < 0.5 * XH


def test_a_hand_note_without_a_frame_has_none():
    own = np.zeros((300, 900), np.uint8)
    cv2.polylines(own, [np.array([[20, 200], [300, 80], [600, 220], [880, 60]], np.int32).reshape(-1, 1, 2)],
                  False, 255, 5)
    assert squared_frame(own > 0, XH) is None
    assert frame_corners(own > 0, XH) is None


def test_a_box_drawn_round_a_sketch_is_no_stamp_frame():
    # A figure sketched by hand: a closed box round a long bar, hatching across its top side.
    own = np.zeros((160, 320), np.uint8)
    cv2.rectangle(own, (10, 20), (300, 140), 255, 3)
    cv2.line(own, (40, 60), (270, 62), 255, 3)
    for x in (130, 145, 160):
        cv2.line(own, (x, 5), (x + 4, 55), 255, 3)
    assert squared_frame(own > 0, 10.0) is None
    # The same box round three words' letters is a stamp's frame.
    lettered = np.zeros_like(own)
    cv2.rectangle(lettered, (10, 20), (300, 140), 255, 3)
    for x in range(40, 260, 16):
        cv2.rectangle(lettered, (x, 70), (x + 8, 82), 255, 2)
    assert squared_frame(lettered > 0, 10.0) is not None


class _Stub:
    """A classifier calling every blob with the same class probabilities."""

    def __init__(self, p):
        self.p = np.asarray(p, float)

    def predict_proba(self, x):
        return np.tile(self.p, (len(x), 1))


def _stamp_p() -> np.ndarray:
    p = np.full(len(CLASSES), 0.0)
    p[CLASSES.index("stamp")] = 1.0
    return p


def _page(width: int, height: int) -> np.ndarray:
    """An RGB page with typed lines of block letters at its top and bottom (the letter size)."""
    img = np.full((height, width, 3), 245, np.uint8)
    for y in (40, 100, height - 120, height - 60):
        for x in range(40, width - 40, 36):
            cv2.rectangle(img, (x, y), (x + 18, y + 26), INK, 4)
    return img


def test_a_framed_stamp_touching_a_round_one_is_a_stamp_not_a_note():
    img = _page(2400, 1300)
    # A round stamp, and an office stamp printed so its frame's side touches the ring.
    cv2.circle(img, (1200, 450), 230, INK, 9)
    cv2.circle(img, (1200, 450), 160, INK, 4)
    ink = np.zeros(img.shape[:2], np.uint8)
    _stamp(ink, 370, 330, 600, 240, 0.0)
    img[ink > 0] = INK
    found = detect(img, _Stub(_stamp_p()))
    marks = [d for d in found.detections if d.box.y0 > 150 and d.box.y1 < 1100]
    assert [d.kind for d in marks].count("handwriting") == 0
    framed = [d for d in marks if d.kind == "stamp" and d.attrs.get("shape") == "rectangular"]
    assert len(framed) == 1
    box = framed[0].box
    assert box.x0 <= 375 and box.x1 >= 965 and box.y0 <= 335 and box.y1 >= 565
    assert box.x1 <= 970 + XH  # the round stamp is not in it
    # Its lettering is the stamp's ink, masked with it, not typing left to the text.
    letters = set(np.unique(found.labels[ink > 0]).tolist()) - {0}
    assert len(letters & set(framed[0].labels)) >= len(letters) - 1


def test_a_slanted_framed_stamp_is_rectangular_and_keeps_its_lettering():
    img = _page(1600, 900)
    ink = np.zeros(img.shape[:2], np.uint8)
    _stamp(ink, 400, 300, 600, 220, 6.0)
    img[ink > 0] = INK
    found = detect(img, _Stub(_stamp_p()))
    stamps = [d for d in found.detections if d.kind == "stamp" and d.box.y0 > 150 and d.box.y1 < 750]
    assert len(stamps) == 1 and stamps[0].attrs["shape"] == "rectangular"
    letters = set(np.unique(found.labels[ink > 0]).tolist()) - {0}
    assert letters <= set(stamps[0].labels)
