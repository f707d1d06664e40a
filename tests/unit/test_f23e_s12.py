"""Session 12, F23 round 5: a label whose word space OCR read as a dash, a stop or a low line
(a speck of dirt in the space) is still the label: "Receéived-on-" is "Received on"."""

from test_fields import SEED_EN, page_from_text

from pipeline.fields import reread
from pipeline.fields.extract import extract
from pipeline.fields.locate import find_phrase
from pipeline.profiles import get_profile

EN = "mfa-ciphered-telegram-en"


def test_a_speck_in_the_word_space_costs_nothing():
    # the hyphen in the space and the letter OCR added were two edits, one over the allowance
    text = "Receéived-on- 4:10 am, 14 May 1950"
    start, end, edits = find_phrase("Received on", text, latin=True)
    assert (start, edits) == (0, 1)
    assert text[end:].lstrip("- ").startswith("4:10")


def test_a_russian_label_with_a_run_of_low_lines_in_its_space():
    assert find_phrase("Спец. №", "Cпeц.__№ 550")[2] == 0


def test_a_speck_inside_a_word_still_costs():
    # only where the phrase has a space is a speck taken for dirt; elsewhere it is an edit
    assert find_phrase("Received on", "Rec-eiv-ed on", latin=True)[2] == 2
    assert find_phrase("Received on", "Rec-ei-v-ed on", latin=True) is None
    assert find_phrase("Sent on", "Received-on 4:10", latin=True) is None


def test_the_received_time_read_after_a_label_with_specks_in_its_spaces():
    page = page_from_text(SEED_EN.replace("Received on 4:10", "Receéived-on- 4:10"))
    fields, _ = extract(page, get_profile(EN), reread.digit_engine())
    assert fields["received"].value == "1950-05-14T04:10:00"
