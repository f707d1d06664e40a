"""Session 10, Russian fields (helper F16): an 8 read 3 and a 6 read 5 put right where both
digit crops agree, a zero opening a paragraph is its capital О, a time word read with another
first letter, a copy-list entry glued to its title, `с` read for the preposition `о` before a
prepositional ending, and a body word the `rus` list lacks in that form spelt back from a
listed form of its stem."""

import pytest
from test_fields import SEED_RU, page_from_text

from pipeline import lexicon
from pipeline.fields import finders, reread, spelling, values
from pipeline.fields.extract import extract
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"


def test_a_zero_opening_a_paragraph_is_its_capital_and_the_next_word_stays_small():
    assert finders.sentence_case("0 ходе ремонта судна") == "0 ходе ремонта судна"
    assert finders.sentence_case("ходе ремонта") == "Ходе ремонта"
    assert spelling.spell_text("0 ходе ремонта", "ru")[0] == "О ходе ремонта"


def test_an_hour_word_read_with_another_first_letter_still_parses():
    assert values.datetime_ru("11 зас. 01 мин. 3/Х 195 3₂.").isoformat() == "1953-10-03T11:01:00"
    assert values.datetime_ru("11 час. 01 мин. 3/Х 195 3₂.").isoformat() == "1953-10-03T11:01:00"


def test_a_copy_list_name_glued_to_its_title_is_an_item():
    text = SEED_RU.replace("1. Тов. Сталину", "1. Тов.Сталину")
    assert text != SEED_RU
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["distribution"].value[0] == "Сталину"


needs_rus = pytest.mark.skipif(not lexicon.words("rus"), reason="no rus model word list")


@needs_rus
@pytest.mark.parametrize("read, typed", [
    ("пипкурьером", "дипкурьером"),   # the list has дипкурьера, not this form
    ("увеломило", "уведомило"),       # ... уведомил
    ("чехосповацкая", "чехословацкая"),
])
def test_a_word_the_list_lacks_in_this_form_is_spelt_back_from_its_stem(read, typed):
    assert spelling.form_respelling(read) == typed
    assert spelling.spell_text(f"Справку направьте с {read}.", "ru")[0] == f"Справку направьте с {typed}."


@needs_rus
def test_a_form_is_not_respelt_when_its_own_stem_is_listed_or_the_stem_is_short():
    assert spelling.form_respelling("дипкурьером") is None   # a form of a listed stem itself
    assert spelling.form_respelling("устнэй") is None        # `устна` begins too many words
    assert spelling.spelt_back("отгравлены", "ru") == "отправлены"  # listed: as before


@needs_rus
@pytest.mark.parametrize("read, typed", [
    ("соглашение с рыболовстве сроком", "соглашение о рыболовстве сроком"),
    ("С составе делегации", "О составе делегации"),
    ("переговоров с поставках оборудования", "переговоров о поставках оборудования"),
    ('телеграмму с под"езде', 'телеграмму о под"езде'),
])
def test_s_before_a_prepositional_ending_is_the_preposition_o(read, typed):
    text, changed = spelling.spell_text(read, "ru")
    assert text == typed
    assert len(changed) == 1 and "prepositional" in spelling.reason(*changed[0], "ru")


@pytest.mark.parametrize("text", ["с корейскими товарищами", "с более высоким", "с ее помощью",
                                  "с территории", "с делегацией", "приехал с женой", "с 10 мая"])
def test_s_before_a_genitive_or_instrumental_stays(text):
    assert spelling.spell_text(text, "ru")[0] == text


def test_a_zero_before_a_small_word_inside_a_sentence_is_not_taken_for_o():
    assert spelling.spell_text("в 0 часов", "ru")[0] == "в 0 часов"


@pytest.mark.parametrize("read, readings, taken", [
    ("34", ["84", "84"], "84"),           # an 8 worn on its left read 3
    ("13752", ["13762", "13762"], "13762"),  # a 6 whose loop is faint read 5
    ("34", ["84", "34"], None),           # the crops disagree
    ("35", ["38", "38"], None),           # a 5 is not read for an 8
    ("63", ["68", "65"], None),
])
def test_an_8_read_3_and_a_6_read_5_are_taken_where_both_crops_agree(read, readings, taken):
    assert reread.accept(read, readings) == taken
    assert reread.suspect("34") and reread.suspect("13")  # a 3 may be an 8: its run is re-read
