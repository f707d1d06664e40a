"""Session 12, English fields (helper F23): a capital read for a small letter in a word whose
glyphs do not pair up with its letters ("Commission") or of two letters ("Of"), a low line
read in the space between two words ("this_regard"), a stop read as a comma before the next
sentence ("telegram, Make"), a speck before the destination ("|.ONDON") or after the
department's ordinal ("Tenth. Department"), and a run of a mark's scraps after the recipient
line's stop."""

import numpy as np
import pytest

from pipeline.fields import capitals, prose
from pipeline.model import BBox, Page, Source


def _english(old: str, new: str) -> dict:
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    assert old in SEED_EN
    fields, _ = extract(page_from_text(SEED_EN.replace(old, new)), get_profile("mfa-ciphered-telegram-en"))
    return {k: f.value for k, f in fields.items()}


def _blocks(glyphs: list[tuple[int, int, int]]):
    # one word's glyphs as blocks 4 px apart: (width, top, bottom) of each, on a 100 px line
    gray = np.full((100, 40 + 30 * len(glyphs)), 255, np.uint8)
    x = 10
    for width, top, bottom in glyphs:
        gray[top:bottom, x:x + width] = 20
        x += width + 4
    page = Page(Source("t.png", "0" * 64, 1, gray.shape[1], 100))
    page.masks["gray"] = gray
    return page, BBox(5, 25, x + 5, 75)


def test_a_capital_in_a_word_whose_glyphs_run_together_is_weighed_by_its_first_glyph():
    # "Commission" read for "commission" as nine glyphs (its "mm" one): the first glyph stands
    # alone, a whole letter as tall as the line's x-height (20 px)
    small = [(14, 40, 60)] + [(14, 40, 60)] * 2 + [(32, 40, 60)] + [(14, 40, 60)] * 5
    page, box = _blocks(small)
    assert capitals.latin_first_is_small(page, "Commission", box, x_height=lambda: 20.0)
    assert not capitals.latin_first_is_small(page, "Commission", box, x_height=lambda: None)
    # a capital C (27 px) is kept
    page, box = _blocks([(14, 33, 60)] + small[1:])
    assert not capitals.latin_first_is_small(page, "Commission", box, x_height=lambda: 20.0)
    # a first glyph run into the next (as wide as two) or a piece of a broken one tells nothing
    page, box = _blocks([(32, 40, 60)] + small[2:])
    assert not capitals.latin_first_is_small(page, "Commission", box, x_height=lambda: 20.0)
    # (a glyph 20 px tall on a line whose x-height is 28 px is a piece: under `WHOLE_GLYPH`)
    page, box = _blocks(small)
    assert not capitals.latin_first_is_small(page, "Commission", box, x_height=lambda: 28.0)


def test_a_word_of_two_letters_is_weighed_against_its_lines_x_height():
    # "Of" read for "of": its o as tall as the line's x-height, its f rising
    page, box = _blocks([(14, 40, 60), (14, 32, 60)])
    assert capitals.latin_first_is_small(page, "Of", box, x_height=lambda: 20.0)
    page, box = _blocks([(14, 33, 60), (14, 32, 60)])  # a capital O
    assert not capitals.latin_first_is_small(page, "Of", box, x_height=lambda: 20.0)


def test_a_low_line_between_two_words_is_the_space_between_them():
    assert prose.typed_marks("In this_regard a qualification") == "In this regard a qualification"
    assert prose.typed_marks("the copies __ are") == "the copies __ are"  # a rule alone is left


@pytest.mark.parametrize("read, typed", [
    ("a separate telegram, Make no statements", "a separate telegram. Make no statements"),
    ("in the text, We have no objection", "in the text. We have no objection"),
    ("in Warsaw, Prague and Sofia", "in Warsaw, Prague and Sofia"),  # names after commas
    ("the opinion, that, in light", "the opinion, that, in light"),
    ("we know, I think", "we know, I think"),
    ("сообщите, При этом", "сообщите, При этом"),  # English words only
])
def test_a_comma_before_one_of_the_commonest_words_capitalised_is_a_stop(read, typed):
    assert prose.typed_marks(read) == typed


def test_a_speck_read_before_the_destination_is_no_part_of_it():
    assert _english("Destination: PEKING", "Destination: |.EKING")["destination"] == "PEKING"
    assert _english("Destination: PEKING", "Destination: PEKING")["destination"] == "PEKING"


def test_a_stop_read_after_the_departments_ordinal_is_no_part_of_it():
    assert _english("\nTenth Department", "\nTenth. Department")["department"] == "Tenth Department"


@pytest.mark.parametrize("read, typed", [
    ("To Cde. Lebedev. 4.2 ~ C N:", "To Cde. Lebedev."),  # a mark's scraps after the stop
    ("For Mao Zedong. 2", "For Mao Zedong."),
    ("For Cde. Li.", "For Cde. Li."),  # a short name is kept
    ("To Cde. Kim Ir Sen.", "To Cde. Kim Ir Sen."),
])
def test_a_run_of_scraps_after_the_recipient_lines_stop_is_debris(read, typed):
    assert _english("For Mao Zedong.", read)["recipient_line"] == typed
