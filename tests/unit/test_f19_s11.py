"""Session 11, English fields (helper F19): the recipient line's conventions (it opens "For" or
"To", its title is "Cde."/"Comr.", it ends at its stop), a speck before the department and a
rule's debris line above the marking, `m` read for a worn `n` ("om" -> "on"), and a capital
`L` whose foot broke off kept out of the page's `L` stems."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.fields import capitals, english

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def _english(old: str, new: str) -> dict:
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    assert old in SEED_EN
    fields, _ = extract(page_from_text(SEED_EN.replace(old, new)), get_profile("mfa-ciphered-telegram-en"))
    return {k: f.value for k, f in fields.items()}


@pytest.mark.parametrize("read, typed", [
    ("To Cie. Lebedev.", "To Cde. Lebedev."),  # the title one letter misread
    ("To cde. Lebedev.", "To Cde. Lebedev."),  # its capital read small
    ("For Comn, Petrov.", "For Comr. Petrov."),
    ("VY To the Ambassador.", "To the Ambassador."),  # a mark's debris before "To"
    ("For the Ambassador. e ,", "For the Ambassador."),  # ... after the closing stop
    ("For the Ambassador. A", "For the Ambassador."),
    ("To Cde. Li", "To Cde. Li"),  # a short name whose stop was lost is no debris
    ("To the Minister.", "To the Minister."),  # typed right: kept
    ("For Cde. Li.", "For Cde. Li."),
])
def test_the_recipient_line_keeps_its_opening_title_and_closing_stop(read, typed):
    assert _english("For Mao Zedong.", read)["recipient_line"] == typed


def test_a_speck_before_the_department_is_no_part_of_it():
    assert _english("\nTenth Department", "\n-Tenth Department")["department"] == "Tenth Department"


def test_a_rule_read_as_a_line_of_dashes_above_the_marking_is_passed_over():
    got = _english("SovAmbassador\nSPECIAL\n", "SovAmbassador\n-_-———\nSPECIAL »\n")
    assert got["marking"] == "SPECIAL" and got["recipient_line"] == "For Mao Zedong."


def test_m_read_for_a_worn_n_in_a_far_rarer_word():
    assert english.worn_common("om") == "on"
    assert english.worn_common("them") is None  # "then" is not 5000 times as common
    assert english.worn_common("from") is None


@pytest.mark.skipif(not __import__("os").path.exists(MONO), reason="DejaVu Sans Mono not installed")
def test_an_L_whose_foot_broke_off_does_not_count_among_the_pages_L_stems():
    from pipeline.fields.lines import TextLine
    from pipeline.model import BBox, Page, Source, Word

    font = ImageFont.truetype(MONO, 40)

    def stems(drawn: str) -> list:
        # "Lebedev" as OCR read it, the ink typed as `drawn` (its L whole, or its stem alone)
        im = Image.new("L", (400, 80), 255)
        ImageDraw.Draw(im).text((10, 10), drawn, font=font, fill=0)
        page = Page(Source("t.png", "0" * 64, 1, im.width, im.height))
        page.masks["gray"] = np.array(im)
        word = Word("Lebedev", BBox(7, 12, 13 + int(font.getlength(drawn)), 54), 0.9)
        line = TextLine("Lebedev", BBox(0, 0, 400, 80), 0.9, words=(word,))
        return capitals.page_stems(page, [line])[1]

    assert len(stems("Lebedev")) == 1
    assert stems("|ebedev") == []  # a stem alone, in the middle of its narrow box


def test_a_stop_glued_between_a_long_word_and_a_small_one_is_a_speck_in_the_space():
    from pipeline.fields import prose

    assert prose.typed_marks("the trade mission.was received.") == "the trade mission was received."
    assert prose.typed_marks("see mfa.example.com now") == "see mfa.example.com now"  # a dotted name
    assert prose.typed_marks("Comr.Petrov arrives") == "Comr.Petrov arrives"  # a name after a title


def test_the_copy_lists_i_takes_the_senders_L_only_where_its_glyph_is_an_L():
    from pipeline.fields import names

    worn = [["c", "o"], ["e", "o"]]
    listed = ["Oriov", "Molotov"]
    assert names.capitals_confirm(["ORLOV"], listed, worn, [["i", "l"]], lambda n: True)[0] == ["Orlov", "Molotov"]
    # the capitals' L may be an I misread ("MIKHALLOV"): without the glyph's word, kept
    assert names.capitals_confirm(["ORLOV"], listed, worn, [["i", "l"]], lambda n: False)[0] == listed
    assert names.capitals_confirm(["ORLOV"], listed, worn)[0] == listed


@pytest.mark.skipif(not __import__("os").path.exists(MONO), reason="DejaVu Sans Mono not installed")
def test_a_capital_read_L_is_an_L_by_its_stem_at_the_left_not_an_I():
    from pipeline.fields import names
    from pipeline.fields.lines import TextLine
    from pipeline.model import BBox, Page, Source, Word

    font = ImageFont.truetype(MONO, 40)

    def says(drawn: str) -> bool:
        # OCR read "ORLOV" where `drawn` was typed
        im = Image.new("L", (400, 80), 255)
        ImageDraw.Draw(im).text((10, 10), drawn, font=font, fill=0)
        page = Page(Source("t.png", "0" * 64, 1, im.width, im.height))
        page.masks["gray"] = np.array(im)
        word = Word("ORLOV", BBox(7, 12, 13 + int(font.getlength(drawn)), 54), 0.9)
        line = TextLine("ORLOV", BBox(0, 0, 400, 80), 0.9, words=(word,))
        return names.ells_by_glyph(page, [line], "ORLOV")

    assert says("ORLOV")
    assert not says("ORIOV")


def test_a_b_read_v_on_the_copy_list_is_spelt_as_the_recipient_line_has_it():
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    text = SEED_EN.replace("For Mao Zedong.", "To Cde. Lebedev.").replace("2. Comr. Molotov", "2. Comr. Levedev")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["distribution"].value == ["Stalin", "Lebedev"]


# ---- round 2 ----


def test_a_sent_date_whose_day_faded_out_takes_the_day_the_page_s_other_dates_agree_on():
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields import values
    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    when = values.when_en("4:07 pm, September 1953")
    assert (when.year, when.month, when.day, when.hour) == (1953, 9, None, 16)
    assert values.when_en("4:07 pm, copies 1953") is None  # no month: no date
    text = SEED_EN.replace("Sent on 5:30 am, 14 May 1950", "Sent on 5:30 am, May 1950")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["sent"].value == "1950-05-14T05:30:00" and fields["sent"].confidence < 0.5
    assert any(r.reason.startswith("field sent: day repaired") for r in review)


def test_a_received_date_whose_month_was_read_on_another_line_takes_the_others_month():
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields import values
    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    when = values.when_en("10: 20 am. 28 1950")
    assert (when.year, when.month, when.day, when.hour) == (1950, None, 28, 10)
    text = SEED_EN.replace("Received on 4:10 am, 14 May 1950", "Received on 4:10 am. 14 1950")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["received"].value == "1950-05-14T04:10:00"
    assert any(r.reason.startswith("field received: month repaired") for r in review)


def test_a_speck_read_as_a_low_stroke_between_day_and_month_is_no_part_of_the_date():
    from pipeline.fields import values

    assert values.datetime_en("6:17 pm, 12_February 1953").isoformat() == "1953-02-12T18:17:00"


@pytest.mark.parametrize("read, typed", [
    ("TO the Ambassador.", "To the Ambassador."),  # small o read as its capital
    ("FOR Cde. Petrov.", "For Cde. Petrov."),
    ("TO THE AMBASSADOR.", "TO THE AMBASSADOR."),  # typed in capitals throughout: kept
])
def test_the_recipient_line_s_opening_word_read_in_capitals_before_small_letters(read, typed):
    assert _english("For Mao Zedong.", read)["recipient_line"] == typed


def test_a_speck_read_as_a_quote_before_the_marking_leaves_the_marking_and_the_line_after_it():
    fields = _english("SPECIAL\n", "‘SPECIAL\n")
    assert (fields["marking"], fields["recipient_line"]) == ("SPECIAL", "For Mao Zedong.")
