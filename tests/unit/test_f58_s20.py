"""Session 20, f58: a folio number (a numbering machine's digits in the sheet's top margin) is a
stamp whatever the classifier's certainty: coloured and leaning to pen, or in the ribbon's own
hue (plain) and called stamp under MIN_PROB. The same digits among the typed lines, a pen's
joined-up word, or plain digits the classifier calls pen, are not."""

from __future__ import annotations

import numpy as np
from glyphgen import typed_sheet

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.detect import detect
from pipeline.marks.stampshape import digit_row, folio_number
from pipeline.model import BBox

TYPED = ["Архив бывшего консульства, переданный на",
         "хранение в миссию, подлежит отправке в",
         "Москву. Упакуйте архив в ящики и отправьте",
         "их почтой в адрес Общего отдела МИД СССР."]
BLACK = (40, 40, 40)
BLUE = (50, 70, 190)
TOP = BBox(860, 20, 1060, 110)      # where the folio is drawn, in the top margin
AMONG = BBox(860, 330, 1060, 420)   # the same place, among the typed lines


class _Unsure:
    """A classifier stub giving every blob the same class probabilities."""

    def __init__(self, **p: float) -> None:
        self.p = np.array([p[c] for c in CLASSES])

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        return np.tile(self.p, (len(features), 1))


PEN_LEANING = _Unsure(text=0.05, stamp=0.35, handwriting=0.6)
STAMP_UNSURE = _Unsure(text=0.25, stamp=0.45, handwriting=0.3)


def _kinds_at(rgb: np.ndarray, model, at: BBox) -> list[str]:
    return [d.kind for d in detect(rgb, model).detections if d.box.intersection(at) > 0]


def test_a_coloured_folio_the_classifier_calls_pen_is_a_stamp():
    rgb = typed_sheet(TYPED, BLACK, ("247", BLUE, (880, 40), 44), seed=5)
    assert _kinds_at(rgb, PEN_LEANING, TOP) == ["stamp"]
    # Called pen surely, it stays a note (a resolution's word in the top margin).
    assert _kinds_at(rgb, _Unsure(text=0.0, stamp=0.03, handwriting=0.97), TOP) == ["handwriting"]


def test_a_plain_folio_called_stamp_unsurely_is_a_stamp():
    # A folio in the ribbon's own hue is not coloured: the classifier's call decides the kind.
    rgb = typed_sheet(TYPED, BLACK, ("247", BLACK, (880, 40), 44), seed=5)
    assert _kinds_at(rgb, STAMP_UNSURE, TOP) == ["stamp"]
    assert _kinds_at(rgb, PEN_LEANING, TOP) == []  # plain digits called pen: a pencilled number


def test_digits_among_the_typed_lines_are_no_folio():
    rgb = typed_sheet(TYPED, BLACK, ("247", BLUE, (1000, 400), 44), seed=5)
    assert "stamp" not in _kinds_at(rgb, PEN_LEANING, AMONG)


def test_a_digit_row_is_separate_glyphs_of_one_type_on_their_feet():
    # stats rows: x0, y0, w, h, area (row 0 the background)
    digits = np.array([[0, 0, 0, 0, 0], [100, 40, 30, 44, 500], [140, 42, 32, 43, 520],
                       [180, 41, 31, 44, 510], [150, 30, 6, 5, 20]])
    assert digit_row(digits, [1, 2, 3, 4])  # a worn digit's speck is no glyph
    joined = np.array([[0, 0, 0, 0, 0], [100, 40, 120, 44, 2000]])
    assert not digit_row(joined, [1])  # a pen's joined-up word
    uneven = digits.copy()
    uneven[2, 1] = 70  # a glyph standing well below the others
    assert not digit_row(uneven, [1, 2, 3])


def test_a_folio_lies_above_every_typed_line():
    digits = np.array([[0, 0, 0, 0, 0], [100, 40, 30, 44, 500], [140, 42, 32, 43, 520],
                       [400, 200, 18, 22, 200]])
    box = BBox(100, 40, 172, 85)
    assert folio_number(digits, [1, 2], box, xh=22)
    beside = digits.copy()
    beside[3, 1] = 50  # a typed letter on the folio's band
    assert not folio_number(beside, [1, 2], box, xh=22)


VIOLET = (120, 60, 170)


class _ColouredIsStamp:
    """A classifier stub calling a blob with coloured ink a stamp, the rest typing."""

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        from pipeline.marks.features import FEATURE_NAMES

        coloured = features[:, FEATURE_NAMES.index("colour_frac")] > 0.5
        return np.where(coloured[:, None], np.array([0.02, 0.95, 0.03]), np.array([0.97, 0.02, 0.01]))


def test_an_office_stamp_with_a_note_across_its_frame_is_cut_to_its_frame():
    # The note, in a pen of the stamp's hue, runs from over the frame's top side far past it:
    # one coloured blob, too long for a stamp and its frame too short for the blob's box.
    import cv2

    rgb = typed_sheet(TYPED, BLACK, None, seed=5).copy()
    cv2.rectangle(rgb, (80, 540), (480, 670), VIOLET, 3)
    cv2.putText(rgb, "SEKRETARIAT MID", (100, 585), cv2.FONT_HERSHEY_SIMPLEX, 0.9, VIOLET, 2)
    cv2.putText(rgb, "Vkh. No 3957", (140, 640), cv2.FONT_HERSHEY_SIMPLEX, 0.9, VIOLET, 2)
    cv2.putText(rgb, "verno Mikhailov", (380, 548), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.4, VIOLET, 2)
    stamps = [d for d in detect(rgb, _ColouredIsStamp()).detections if d.kind == "stamp"]
    assert len(stamps) == 1 and stamps[0].attrs["shape"] == "rectangular"
    box = stamps[0].box
    assert box.x0 <= 82 and box.x1 >= 478 and box.y1 >= 668  # the whole frame
    assert box.x1 < 500  # and not the note past it


def _broken_ring_over_typing() -> np.ndarray:
    """A sheet with a blue round stamp over the typed lines: its ring printed broken (a worn
    stamp's dashes, those on typed rows each a glyph's size), its lettering on the typed rows
    against the ring, and a blue underline drawn on from the ring's foot far past it."""
    import cv2

    rgb = typed_sheet(TYPED, BLACK, None, seed=5).copy()
    cx, cy, r = 560, 400, 110
    for a in range(0, 360, 15):
        cv2.ellipse(rgb, (cx, cy), (r, r), 0, a, a + 11, BLUE, 4)
    for k, word in enumerate(["MIO", "DO", "SSO", "SRO"]):
        cv2.putText(rgb, word, (cx - r + 2, 325 + 50 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.0, BLUE, 2)
    cv2.line(rgb, (cx - 5, cy + r), (cx + 480, cy + r + 8), BLUE, 3)
    return rgb


def test_a_broken_ring_whose_lettering_sits_on_typed_rows_is_cut_from_its_underline():
    # The ring's dashes on typed rows and its lettering count as typing; without them what is
    # left of the ring is too little to be found, and the stamp chained to the underline is
    # too long to be one: the ring is sought in the stamp's ink with its lettering.
    stamps = [d for d in detect(_broken_ring_over_typing(), _ColouredIsStamp()).detections
              if d.kind == "stamp"]
    assert len(stamps) == 1
    box = stamps[0].box
    assert box.x0 <= 452 and box.x1 >= 668 and box.y0 <= 292 and box.y1 >= 508  # the whole ring
    assert box.x1 < 700  # and not the underline past it
