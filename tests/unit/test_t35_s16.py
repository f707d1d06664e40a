"""Session 16, t35: a folio number stamped in the sheet's corner is a stamp candidate even when
it is small (one digit) or cut by the sheet's edge (a row longer for its height than a whole
stamp), as long as it stands alone, off the typed lines; coloured ink of that size on typed
letters (a tinted ribbon's fringe) still is not."""

import numpy as np
from glyphgen import typed_sheet

from pipeline.marks.candidates import candidates
from pipeline.marks.stampshape import plausible_stamp, stands_alone
from pipeline.model import BBox

TYPED = ["Архив бывшего консульства, переданный на",
         "хранение в миссию, подлежит отправке в",
         "Москву. Упакуйте архив в ящики и отправьте",
         "их почтой в адрес Общего отдела МИД СССР."]
BLACK = (40, 40, 40)
RED = (200, 60, 60)
XH = 22  # the typed glyph height the page's type size gives


def _page(red_at: tuple[int, int] | None, digit: str = "7") -> np.ndarray:
    """RGB page of typed lines in black from row 300, and a red `digit` drawn at `red_at`."""
    return typed_sheet(TYPED, BLACK, None if red_at is None else (digit, RED, red_at, 34), seed=5)


def _red_blobs(rgb: np.ndarray, near: BBox) -> list:
    found = candidates(rgb, with_features=False)
    return [b for b in found.blobs if b.coloured and b.box.intersection(near) > 0]


def test_a_small_coloured_digit_alone_in_the_corner_is_a_candidate():
    rgb = _page((980, 40))
    assert _red_blobs(rgb, BBox(960, 30, 1040, 100)), "a one-digit folio stamp is judged"


def test_a_small_coloured_digit_on_a_typed_line_is_not():
    # The same red digit set inside a typed line (between two words of the third line) is what
    # a tinted ribbon's fringe looks like there: it is left out as before.
    rgb = _page((300, 393))
    assert not _red_blobs(rgb, BBox(290, 390, 340, 450))


def test_stands_alone_counts_other_ink_round_the_box_but_not_specks():
    labels = np.zeros((200, 300), np.int32)
    labels[80:110, 100:190] = 1   # the stamp's ink
    labels[60:62, 60:62] = 2      # a speck of grain two letters off (4 px)
    assert stands_alone(labels, BBox(100, 80, 190, 110), [1], xh=20)
    labels[85:105, 200:215] = 3   # a typed letter half a letter beyond its right side
    assert not stands_alone(labels, BBox(100, 80, 190, 110), [1], xh=20)
    assert stands_alone(labels, BBox(100, 80, 190, 110), [1, 3], xh=20)


def test_a_stamp_standing_alone_may_be_as_long_as_a_framed_one():
    cut = BBox(0, 0, 4 * 34, 34)  # a three-digit folio number whose upper half the edge cut
    assert not plausible_stamp(cut, 0.3, XH)
    assert plausible_stamp(cut, 0.3, XH, alone=True)
    assert not plausible_stamp(BBox(0, 0, 7 * 34, 34), 0.3, XH, alone=True)  # a strip still is not
