"""F44 (session 18): folio numbers the detector missed. A coloured mark cut by the image's edge
is still judged (the scanner's surround is not); a folio the sheet's edge cut to its digits'
lower half may be thinner than a stamp; the plain dark core of a coloured digit is its own ink
when telling whether it stands alone."""

import numpy as np
from glyphgen import typed_sheet

from pipeline.marks.candidates import candidates
from pipeline.marks.stampshape import plausible_stamp, stands_alone
from pipeline.model import BBox

TYPED = ["Архив бывшего консульства, переданный на",
         "хранение в миссию, подлежит отправке в",
         "Москву. Упакуйте архив в ящики и отправьте",
         "их почтой в адрес Общего отдела МИД СССР.",
         "Об исполнении сообщите телеграфом."]
BLACK = (40, 40, 40)
RED = (200, 60, 60)
BROWN = (140, 100, 50)         # a scanner's cloth surround


def _page(typing, mark=None, at=(0, 0), size=40) -> np.ndarray:
    """RGB page of typed lines in `typing` from row 300, and `mark` (text, colour) drawn at `at`."""
    return typed_sheet(TYPED, typing, None if mark is None else (*mark, at, size), seed=7)


def _blobs_over(rgb: np.ndarray, near: BBox) -> list:
    found = candidates(rgb, with_features=False)
    return [b for b in found.blobs if b.box.intersection(near) > 0]


def test_a_coloured_folio_cut_by_the_image_edge_is_a_candidate():
    # The digits' upper half lies past the top edge: only the lower half is on the scan.
    rgb = _page(BLACK, ("270", RED), at=(900, -22))
    over = _blobs_over(rgb, BBox(890, 0, 1010, 40))
    assert any(b.coloured and b.box.y0 <= 1 for b in over)


def test_a_dark_or_brown_surround_at_the_edge_is_not():
    rgb = _page(BLACK)
    rgb[:14, 700:800] = BLACK   # a strip of the scanner's dark surround along the top edge
    assert not any(b.box.y0 <= 1 for b in _blobs_over(rgb, BBox(690, 0, 810, 20)))
    # Coloured ink of no stamp's or pen's colour (a brown cloth's pattern) cut by the edge.
    rgb = _page(BLACK, ("270", BROWN), at=(900, -22))
    assert not _blobs_over(rgb, BBox(890, 0, 1010, 40))


def test_a_stamp_standing_alone_may_be_as_thin_as_a_cut_folio():
    box = BBox(0, 0, 100, 22)  # 0.88 letter heights: the lower half of a folio's digits
    assert plausible_stamp(box, 0.4, 25.0, alone=True)
    assert not plausible_stamp(box, 0.4, 25.0)
    assert not plausible_stamp(BBox(0, 0, 100, 12), 0.4, 25.0, alone=True)


def test_a_plain_core_wholly_inside_a_coloured_digit_leaves_it_standing_alone():
    labels = np.zeros((200, 300), np.int32)
    labels[80:130, 100:104] = 1   # the coloured digit's rim (the blob's own ink)
    labels[80:130, 130:134] = 1
    labels[95:110, 110:125] = 2   # its dark core, left plain by the colour test
    box = BBox(100, 80, 134, 130)
    assert stands_alone(labels, box, [1], xh=20)
    # A typed letter's ink reaching past the box (a ribbon's fringe on typing) is other ink.
    labels[95:110, 110:150] = 3
    assert not stands_alone(labels, box, [1], xh=20)
