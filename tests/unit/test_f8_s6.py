"""Session 6, round 2 field fixes: a surname's "ов" read "св" in both the sender and the copy
list put right by the language's spelling, and a day read with its first digit lost taken
from the page's other dates."""

import pytest
from test_fields import SEED_RU, page_from_text

from pipeline.fields import agree, values
from pipeline.fields.extract import extract
from pipeline.profiles import ProfileError, get_profile, parse_profile

RU = "mfa-ciphered-telegram"


def _sender(text: str, name: str, dative: str) -> str:
    return text.replace("ВЫШИНСКИЙ", name).replace("3. Тов. 10 отдел", f"3. Тов. {dative}")


def test_a_surname_read_with_sv_for_ov_in_both_places_is_spelt_ov_with_review_entries():
    fields, review = extract(page_from_text(_sender(SEED_RU, "ЗАХАРСВ", "Захарсву")), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "ЗАХАРОВ"]
    assert fields["distribution"].value == ["Сталину", "Молотову", "Захарову"]
    notes = [r.reason for r in review]
    assert any(n.startswith("field signatories:") and "ЗАХАРОВ" in n for n in notes)
    assert any(n.startswith("field distribution:") and "Захарову" in n for n in notes)


def test_names_russian_spelling_allows_are_kept():
    # "сов" after a consonant ("Барсов"), "св" after a vowel ("Осв"), "св" inside a word
    fields, review = extract(page_from_text(_sender(SEED_RU, "БАРСОВ", "Барсову")), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "БАРСОВ"]
    assert fields["distribution"].value == ["Сталину", "Молотову", "Барсову"]
    assert not any("spelling" in r.reason for r in review)
    rules = get_profile(RU).fields["signatories"]["respell"]
    for word in ("ПЕРСВЕТОВ", "Своров", "НОСВ", "Барсов", "Москва"):
        assert values.respell(word, rules) == word


def test_a_day_with_its_first_digit_lost_is_the_day_the_other_dates_agree_on():
    text = (SEED_RU.replace("Получена 4 час. 10 мин. 14/У 195 0₂.", "Получена 2 час. 13 мин. 7/1 195 1₂.")
            .replace("Отправлена 5 час. 30 мин. 14/У 195 0₂.", "Отправлена 4 час. 3 мин. 17/1 195 1₂.")
            .replace("14/У-50 г.", "17/1-51 г."))
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-01-17T02:13:00"
    assert fields["sent"].value == "1951-01-17T04:03:00"
    assert any(r.reason.startswith("field received: day repaired") for r in review)


def test_a_one_digit_day_stays_when_only_one_other_date_says_otherwise():
    # no typing date at the foot: one witness is not enough to call a digit lost
    text = (SEED_RU.replace("Получена 4 час. 10 мин. 14/У 195 0₂.", "Получена 2 час. 13 мин. 7/1 195 1₂.")
            .replace("Отправлена 5 час. 30 мин. 14/У 195 0₂.", "Отправлена 4 час. 3 мин. 17/1 195 1₂.")
            .replace("14/У-50 г.\n", ""))
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-01-07T02:13:00"


@pytest.mark.parametrize("day, read, lost", [(17, 7, True), (27, 7, True), (17, 1, False),
                                             (7, 7, False), (17, 17, False), (10, 0, True)])
def test_lost_digit(day, read, lost):
    assert agree.lost_digit(day, read) is lost


def test_a_marking_read_with_small_letters_of_its_capitals_shape_is_the_marking():
    fields, review = extract(page_from_text(SEED_RU.replace("О С О Б А Я", "о с о Б А Я")), get_profile(RU))
    assert fields["marking"].value == "ОСОБАЯ"
    assert any(r.reason.startswith("field marking: read 'о с о Б А Я'") for r in review)


def test_a_small_line_that_is_no_marking_stays_none():
    # "для посла" is small letters too, but like no marking of the form
    fields, _ = extract(page_from_text(SEED_RU.replace("О С О Б А Я\n", "для посла\n")), get_profile(RU))
    assert fields["marking"].value is None


def test_a_copy_number_whose_sign_reads_as_its_lookalike_is_found_on_the_address_line():
    text = SEED_RU.replace("Экз. № 1", "эвз. љ 2")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["copy_number"].value == "2"


def test_an_english_copy_list_number_with_its_1_read_as_a_letter_is_a_number():
    rules = get_profile("mfa-ciphered-telegram-en").fields["distribution"]["respell"]
    assert values.respell("i0th department", rules) == "10th department"
    assert values.respell("l2th department", rules) == "12th department"
    for kept in ("Vyshinsky", "Mail0", "Il", "Copy"):
        assert values.respell(kept, rules) == kept


def test_a_respell_rule_that_is_no_pair_is_a_profile_error():
    data = {"name": "x", "markers": ["X"], "fields": {"a": {"kind": "pattern", "pattern": "(?P<v>.)",
                                                             "respell": [["с"]]}}}
    with pytest.raises(ProfileError):
        parse_profile(data)
    data["fields"]["a"]["respell"] = [["с", "о"]]
    assert parse_profile(data).fields["a"]["respell"] == [["с", "о"]]
