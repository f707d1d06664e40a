"""Session 12, round 3 (helper F22): a capital inside a sentence weighed by its glyph when the
word's box stands well above and below its letters (glyphs cut to the word's own ink rows), and
when the line ends inside the word (`Телегра-`)."""

import numpy as np
import pytest

from pipeline.fields import capitals
from pipeline.model import BBox


def _word_page(text: str, first_rise: int, letters: int, margin: int, hyphen: bool = False):
    # the second word of "... `text` ..." drawn as `letters` glyph blocks on one baseline, the
    # small letters 20 px tall, the first rising `first_rise`; its box `margin` px above and
    # below the letters, a hyphen after them when `hyphen`
    from test_fields import page_from_text
    page = page_from_text(f"при {text} что")
    word = page.regions[0].lines[0].words[1]
    gray = page.masks.setdefault("gray", np.full((2000, 2000), 255, np.uint8))
    x, base = 200, 400
    for k in range(letters):
        gray[base - (first_rise if k == 0 else 20):base, x:x + 12] = 0
        x += 18
    if hyphen:
        gray[base - 11:base - 8, x:x + 10] = 0
        x += 16
    word.bbox = BBox(200, base - first_rise - margin, x, base + margin)
    return page, word


@pytest.mark.parametrize("margin", [2, 30])
def test_a_small_letter_in_a_box_taller_than_its_letters_is_small(margin):
    page, word = _word_page("Проект", 20, 6, margin)
    assert capitals.first_is_small(page, word.text, word.bbox)


@pytest.mark.parametrize("margin", [2, 30])
def test_a_capital_in_a_tall_box_stays_a_capital(margin):
    page, word = _word_page("Проект", 27, 6, margin)
    assert not capitals.first_is_small(page, word.text, word.bbox)


def test_a_word_split_at_the_line_end_is_weighed():
    page, word = _word_page("Телегра-", 20, 7, 2, hyphen=True)
    assert capitals.first_is_small(page, word.text, word.bbox)
    page, word = _word_page("Телегра-", 27, 7, 2, hyphen=True)
    assert not capitals.first_is_small(page, word.text, word.bbox)
