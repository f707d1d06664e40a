"""Session 8, fields (helper F11): a Russian body word one worn or look-alike letter made into
no word spelt back from the `rus` model's word list (a lone letter no word, a zero for `О`),
capitals inside a word of small letters read small, a speck glued to a word's end dropped
from running text, a profile's own cut for a capital inside a sentence read from a small
letter, and an 8 read as 3 told by its shape."""

import numpy as np
import pytest
from glyphgen import digit_glyph
from test_f10_s7 import _special_page
from test_fields import SEED_RU, glyph_word_page, page_from_text

from pipeline import lexicon
from pipeline.fields import capitals, glyphs, prose, spelling
from pipeline.fields.extract import extract, spelt
from pipeline.fields.finders import Hit
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"
EN = "mfa-ciphered-telegram-en"
needs_rus = pytest.mark.skipif(not lexicon.words("rus"), reason="no rus model word list installed")


@needs_rus
@pytest.mark.parametrize("read, typed", [
    ("отгравлены", "отправлены"),      # п read г
    ("кашему", "нашему"),              # н read к
    ("приглалает", "приглашает"),      # ш read л
    ("солействие", "содействие"),      # д read л
    ("Ивостранными", "Иностранными"),  # н read в; the capital kept
    ("пооизведена", "произведена"),    # р read о
])
def test_a_russian_word_one_lookalike_letter_made_no_word_is_spelt_back(read, typed):
    assert spelling.spelt_back(read, "ru") == typed


@needs_rus
@pytest.mark.parametrize("word", [
    "делам",       # a word: never changed
    "Поимите",     # two words one letter away (Примите, Поймите): not chosen
    "пи",          # too short to choose
    "ЛЕБЕДЕВ",     # capitals: a name
    "телеграфьте",  # no word of the list, and no look-alike of one
])
def test_words_known_ambiguous_short_or_in_capitals_are_kept(word):
    assert spelling.spelt_back(word, "ru") is None


@needs_rus
def test_a_body_keeps_hyphenated_names_and_the_hard_sign_and_notes_each_change():
    text = 'Об"явите Мао-Дзе-Дуна, что проект отгравлены делам.'
    value, changed = spelling.spell_text(text, "ru")
    assert value == 'Об"явите Мао-Дзе-Дуна, что проект отправлены делам.'
    assert changed == [("отгравлены", "отправлены")]
    hit = Hit(text, text, 0, 0, None, 0.9)
    new, notes = spelt(hit, "ru")
    assert new.value == value and new.confidence < hit.confidence
    assert notes == ["'отгравлены' taken as 'отправлены': no ru word, its look-alike letters put back"]


def test_the_russian_profile_spells_its_body_and_sets_its_own_capital_cut():
    spec = get_profile(RU).fields["body"]
    assert spec["lexicon"] == "ru"
    assert capitals.SMALL_BELOW < spec["small_by_height"] < 1.19


def test_a_speck_glued_to_a_words_end_is_dropped_but_a_closing_quote_is_not():
    assert prose.typed_marks("поеподаватели` и") == "поеподаватели и"
    assert prose.typed_marks("слово.° Далее") == "слово. Далее"
    assert prose.typed_marks("the delegates’ view") == "the delegates’ view"
    assert prose.typed_marks("a`b") == "a'b"  # inside a word: the typewriter's quote


def _word_page(first_rise: int):
    # "Такие" drawn as five glyph blocks, the first rising `first_rise`
    return glyph_word_page("x Такие x", 1, 5, first_rise)


def test_a_capitals_cut_is_the_profiles_own():
    page, word = _word_page(22)  # rises 1.10 of the small letters
    assert not capitals.first_is_small(page, word.text, word.bbox)
    assert capitals.first_is_small(page, word.text, word.bbox, 1.13)
    page, word = _word_page(25)  # 1.25: a capital at either cut
    assert not capitals.first_is_small(page, word.text, word.bbox)
    assert not capitals.first_is_small(page, word.text, word.bbox, 1.13)


@needs_rus
def test_a_lone_letter_no_word_is_the_one_letter_word_it_looks_like_and_a_zero_the_letter_o():
    assert spelling.spell_text("ехать х нам", "ru") == ("ехать к нам", [("х", "к")])
    assert spelling.spell_text("пароходства.\n0 ходе", "ru")[0] == "пароходства.\nО ходе"
    assert spelling.spell_text('0б"явите ему', "ru")[0] == 'Об"явите ему'
    # a lone zero inside a sentence may be a number; one-letter words and numbers stay
    for text in ("в 0 часов", "а и в к о с у я", "в 10 отделе"):
        assert spelling.spell_text(text, "ru") == (text, [])


def test_capitals_inside_a_word_of_small_letters_are_read_small_when_that_is_a_word():
    assert spelling.case_back("commisSion", "en") == "commission"
    assert spelling.case_back("tO", "en") == "to"
    assert spelling.case_back("MOScow", "en") == "Moscow"
    for word in ("McDonald",   # D is no small letter's twin: a name's capital
                 "UNO", "Cde", "session",  # capitals, capitalised, small: as typed
                 "SoSd"):      # no word either way
        assert spelling.case_back(word, "en") is None, word
    assert spelling.spell_text("the diSagreement by", "en") == ("the disagreement by",
                                                                [("diSagreement", "disagreement")])



def test_an_eight_is_closed_on_its_left_through_both_loops_and_a_three_is_not():
    for scale in (1.0, 1.4, 2.0):
        assert glyphs.closed_loops(digit_glyph("8", scale))
        assert not glyphs.closed_loops(digit_glyph("3", scale))
    assert not glyphs.closed_loops(digit_glyph("8", 0.6))  # too small to tell
    assert not glyphs.closed_loops(np.full((30, 40), 255, np.uint8))  # a blot wider than a digit


def test_an_eight_read_as_three_is_set_right_by_its_shape_with_a_review_entry():
    fields, review = extract(_special_page("338", "838"), get_profile(EN))
    assert fields["special_number"].value == "838"
    assert any(r.reason.startswith("field special_number: '338' taken as '838'")
               and "the shape of an 8" in r.reason for r in review)
    fields, review = extract(_special_page("338", "338"), get_profile(EN))
    assert fields["special_number"].value == "338"
    assert not any("shape of an 8" in r.reason for r in review)


def test_a_capital_read_inside_a_body_word_is_noted_as_such():
    hit = Hit("the commisSion agreed", "the commisSion agreed", 0, 0, None, 0.9)
    new, notes = spelt(hit, "en")
    assert new.value == "the commission agreed"
    assert notes == ["'commisSion' taken as 'commission': capitals inside a word read small"]


def test_a_copy_list_name_broken_by_a_space_is_joined():
    text = SEED_RU.replace("2. Тов. Молотову", "2. Тов. Молот ову")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["distribution"].value == ["Сталину", "Молотову", "10 отдел"]
    # a two-word entry whose second word is longer, or has a capital, is left as read
    text = SEED_RU.replace("2. Тов. Молотову", "2. Тов. Молотову Сталину")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert "Молотову Сталину" in fields["distribution"].value


def test_a_joined_name_has_a_review_entry():
    text = SEED_RU.replace("2. Тов. Молотову", "2. Тов. Молот ову")
    _, review = extract(page_from_text(text), get_profile(RU))
    assert any(r.reason == "field distribution: 'Молот ову' as 'Молотову': one name OCR broke with a space"
               for r in review)
