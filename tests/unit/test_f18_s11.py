"""Session 11, Russian fields (helper F18): an `о` worn to a `в` or an `э` in a body word, a
body word whose misread letter left an ending no Russian word has spelt back to the unlisted
form of a listed stem, and a date's year read glued to its Roman month."""

import pytest

from pipeline import lexicon
from pipeline.fields import spelling, values

needs_rus = pytest.mark.skipif(not lexicon.words("rus"), reason="no rus model word list")


@needs_rus
@pytest.mark.parametrize("read, typed", [
    ("целесовбразным", "целесообразным"),  # `о` read `в`, the word listed
    ("предлэжением", "предложением"),      # `о` read `э`
])
def test_an_o_read_as_its_worn_lookalike_is_put_back(read, typed):
    assert spelling.spelt_back(read, "ru") == typed
    assert spelling.spell_text(f"Считаем {read}.", "ru")[0] == f"Считаем {typed}."


@needs_rus
def test_a_rare_ending_is_no_form_and_the_put_back_letter_makes_a_common_one():
    assert not spelling.common_ending("вм") and spelling.common_ending("ом")
    # `телеграфом` is not listed (`телеграф`, `телеграфа`, `телеграфу` are): the read `вм`
    # ends almost no listed word, so the word read is no form of the stem `телеграф`
    assert not lexicon.words("rus") & {"телеграфом", "телеграфвм"}
    assert spelling.form_respelling("телеграфвм") == "телеграфом"
    assert spelling.spell_text("Сообщите телеграфвм.", "ru")[0] == "Сообщите телеграфом."


@needs_rus
def test_a_read_word_with_a_common_ending_on_a_listed_stem_stays():
    assert spelling.form_respelling("дипкурьером") is None
    assert spelling.spell_text("Сообщите телеграфом.", "ru") == ("Сообщите телеграфом.", [])


@pytest.mark.parametrize("read, iso", [
    ("2 час. 29 мин. 21/Ш195 1₂.", "1951-03-21T02:29:00"),   # III glued to 195-
    ("3 час. 12 мин. 21/Х1195 2₂.", "1952-11-21T03:12:00"),  # XI (`Х1`) glued to 195-
    ("4 час. 10 мин. 14/У1 1950 г.", "1950-06-14T04:10:00"),  # VI apart, as before
])
def test_a_year_glued_to_the_month_is_the_year(read, iso):
    assert values.datetime_ru(read).isoformat() == iso


@pytest.mark.parametrize("read, typed", [
    ("Для Мао-дзе-дуна.", "Для Мао-Дзе-Дуна."),   # the middle part small too
    ("Для Мао-Дзе -Дуна.", "Для Мао-Дзе-Дуна."),  # a space read before the hyphen
    ("Ростов-на-дону", "Ростов-на-Дону"),          # a short connecting word stays small
    ("Для тов. Иванова - лично.", "Для тов. Иванова - лично."),  # a dash spaced both sides
])
def test_a_hyphenated_name_has_its_parts_capitalised_and_no_space_at_a_hyphen(read, typed):
    assert values.hyphen_case(read) == typed


@needs_rus
def test_a_word_typed_with_a_quote_for_its_hard_sign_is_spelt_back_with_the_quote():
    text = 'приступить к об"гдинению. При'  # `е` read `г`, the word `объединению` listed
    assert spelling.spell_text(text, "ru") == ('приступить к об"единению. При',
                                               [('об"гдинению', 'об"единению')])
    assert spelling.spell_text('к об"единению.', "ru") == ('к об"единению.', [])


@needs_rus
@pytest.mark.parametrize("read, typed", [
    ("товарищи сообщили с желании направить", "товарищи сообщили о желании направить"),
    ("вывезти с территории страны", "вывезти с территории страны"),  # `территория`: genitive
])
def test_c_before_the_prepositional_ii_of_a_noun_in_ie_is_the_preposition_o(read, typed):
    assert spelling.spell_text(read, "ru")[0] == typed


# Round 2: dates and times a worn typeface left without a slash or without "мин."

def test_a_slash_read_as_i_between_day_and_roman_month_is_read_as_a_repair():
    when = values.when_ru("6 час. 48 мин. 13ИП 195 2..")
    assert (when.year, when.month, when.day, when.hour, when.minute) == (1952, 2, 13, 6, 48)
    assert "month" in when.repaired  # flagged for review, not taken silently


def test_a_time_whose_min_was_lost_takes_the_minutes_before_the_date_as_a_repair():
    when = values.when_ru("9 час. 18 22/1193.")
    assert (when.month, when.day, when.hour, when.minute) == (1, 22, 9, 18)
    assert "minute" in when.repaired
    assert values.when_ru("9 час. 18") is None  # no date after them: not taken as minutes


def test_a_date_read_whole_is_not_marked_repaired():
    when = values.when_ru("4 час. 10 мин. 14/У 1950 г.")
    assert when.datetime().isoformat() == "1950-05-14T04:10:00" and when.repaired == ()
