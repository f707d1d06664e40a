"""Session 7, fields round 2 (helper F10): a digit re-read taken where the crops agree on it
(one crop may lose a digit at its edge), a number whose last digit is a rule's end read as a
digit counted by its glyphs, a 0 read as 9 told by its shape, a year whose typed digit was
read as a letter, and of two dates read out of order the one whose repair orders them. Real Tesseract reads the digits drawn on the page image."""

import cv2
import numpy as np
import pytest
from glyphgen import digit_glyph
from test_f6_s5 import _draw, _special_row
from test_fields import SEED_EN, SEED_RU, page_from_text

from pipeline.fields import glyphs, reread, values
from pipeline.fields.extract import extract
from pipeline.model import BBox
from pipeline.profiles import get_profile

EN = "mfa-ciphered-telegram-en"
RU = "mfa-ciphered-telegram"


@pytest.mark.parametrize("read, readings, taken", [
    ("3:46", [":40", "3:40"], "3:40"),   # one crop lost the 3 at its edge: both say the 6 is 0
    ("3:46", ["40", "3:40"], "3:40"),
    ("1956", ["950", "1950"], "1950"),
    ("3:46", ["3:4", "3:40"], None),     # the 6 is in one reading only: kept
    ("3:46", [":40", ":40"], None),      # no crop saw every digit
    ("3:46", [":45", "3:40"], None),     # the crops disagree on the 6
    ("3:46", [":30", "3:40"], None),     # a 4 read 3 by one crop: not a known misreading
    ("4697", ["4607", "4607"], "4607"),  # as before: every reading the same
    ("1900", ["190", "1900"], None),     # nothing to change
    ("19:14", ["1911", "1911"], None),   # the colon lost: where its digits stand is not known
])
def test_a_digit_is_taken_where_every_reading_agrees_on_it(read, readings, taken):
    assert reread.accept(read, readings) == taken


def test_a_reading_is_placed_where_it_fits_best_and_unplaceable_ones_are_none():
    assert reread.aligned("3:46", ":40") == {1: ":", 2: "4", 3: "0"}
    assert reread.aligned("3:46", "3:40") == {0: "3", 1: ":", 2: "4", 3: "0"}
    assert reread.aligned("1111", "11") is None      # fits at three places alike
    assert reread.aligned("46", "461") is None       # longer than the word read
    assert reread.aligned("46", "") is None
    assert reread.aligned("46", "4a") is None


def test_a_time_one_crop_read_without_its_first_digit_is_put_right_with_a_review_entry(monkeypatch):
    text = SEED_EN.replace("Received on 4:10 am", "Received on 4:16 am")
    page = page_from_text(text)
    page.masks["gray"] = np.full((2000, 2000), 255, np.uint8)  # crops to cut, read below
    monkeypatch.setattr(reread, "reread", lambda engine, page, boxes: [[":10", "4:10"] for _ in boxes])
    fields, review = extract(page, get_profile(EN), engine=object())
    assert fields["received"].value == "1950-05-14T04:10:00"
    assert any(r.reason.startswith("field received: digits '4:16'") and "'4:10'" in r.reason
               for r in review)


def _rule_end_page(ink_past_glyphs: bool):
    # "954" typed, the page read "9547": the word's box runs on past the glyphs, where a rule's
    # end (ink that makes no glyph of full height) was read as a 7
    text = SEED_EN.replace("Special no. 550", "Special no. 9547")
    page = page_from_text(text)
    row = _special_row(text)
    word = next(w for w in page.regions[0].lines[row].words if w.text == "9547")
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 96, word.bbox.y1)
    _draw(page, "954", int(word.bbox.x0), int(word.bbox.y1) - 1)
    if ink_past_glyphs:
        y = int(word.bbox.y0) + 2
        page.masks["gray"][y:y + 3, int(word.bbox.x0) + 70:int(word.bbox.x1)] = 0
    return page


def test_a_rule_end_read_as_a_last_digit_is_dropped_by_the_glyph_count_with_a_review_entry():
    fields, review = extract(_rule_end_page(True), get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "954"
    assert any("'9547' read again with the ink beside its label, which holds 3 glyphs, as '954'"
               in r.reason for r in review)


def test_blank_paper_past_the_glyphs_keeps_the_digits_read():
    fields, _ = extract(_rule_end_page(False), get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "9547"



def test_a_zero_is_closed_on_its_left_below_its_middle_and_a_nine_is_not():
    for scale in (1.0, 1.4, 2.0):
        assert glyphs.closed_left(digit_glyph("0", scale))
        assert not glyphs.closed_left(digit_glyph("9", scale))
    slashed = digit_glyph("0", 1.4).copy()
    cv2.line(slashed, (2, slashed.shape[0] - 3), (slashed.shape[1] - 3, 2), 255, 2)
    assert glyphs.closed_left(slashed)
    assert not glyphs.closed_left(digit_glyph("0", 0.6))  # too small to tell
    assert not glyphs.closed_left(np.full((30, 40), 255, np.uint8))  # a blot wider than a digit


def _special_page(read: str, typed: str):
    text = SEED_EN.replace("Special no. 550", f"Special no. {read}")
    page = page_from_text(text)
    word = next(w for w in page.regions[0].lines[_special_row(text)].words if w.text == read)
    (width, _), _ = cv2.getTextSize(typed, cv2.FONT_HERSHEY_SIMPLEX, 1.1, 3)
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + width, word.bbox.y1)  # the ink's
    _draw(page, typed, int(word.bbox.x0), int(word.bbox.y1) - 1)
    return page


def test_a_zero_read_as_nine_is_set_right_by_its_shape_with_a_review_entry():
    fields, review = extract(_special_page("669", "660"), get_profile(EN))
    assert fields["special_number"].value == "660"
    assert any(r.reason.startswith("field special_number: '669' taken as '660'")
               and "the shape of a 0" in r.reason for r in review)
    fields, review = extract(_special_page("669", "669"), get_profile(EN))
    assert fields["special_number"].value == "669"
    assert not any("shape of a 0" in r.reason for r in review)


def test_a_year_whose_typed_digit_was_read_as_a_letter_is_unknown():
    assert values.year_of("195 д2.") is None  # not 1952: the "₂" after the lost digit
    assert values.year_of("195 1₂.") == 1951 and values.year_of("195 la.") == 1951
    assert values.year_of("195 0₂.") == 1950 and values.year_of("50") == 1950


def _ru_dates(received: str, sent: str, foot: str) -> str:
    return (SEED_RU.replace("Получена 4 час. 10 мин. 14/У 195 0₂.", f"Получена {received}")
            .replace("Отправлена 5 час. 30 мин. 14/У 195 0₂.", f"Отправлена {sent}")
            .replace("14/У-50 г.", foot))


def test_a_year_lost_in_one_date_and_misread_in_another_is_the_one_the_foot_explains():
    text = _ru_dates("6 час. 20 мин. 18/Ш 195 д2.", "8 час. 30 мин. 18/Ш 195 6₂.", "18/Ш-50 г.")
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1950-03-18T06:20:00"
    assert fields["sent"].value == "1950-03-18T08:30:00"
    assert any(r.reason.startswith("field received: year repaired") for r in review)


def test_of_two_dates_read_out_of_order_only_the_one_whose_repair_orders_them_is_repaired():
    # sent after midnight, its month "Ш" read "1": the sent month is wrong, not the received day
    text = _ru_dates("21 час. 11 мин. 3/Ш 195 1₂.", "0 час. 58 мин. 4/1 195 1₂.", "4/Ш-51 г.")
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-03-03T21:11:00"
    assert fields["sent"].value == "1951-03-04T00:58:00"
    assert any(r.reason.startswith("field sent: month repaired") for r in review)
    assert not any(r.reason.startswith("field received:") and "repaired" in r.reason for r in review)
