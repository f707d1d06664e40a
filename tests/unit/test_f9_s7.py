"""Session 7 field work: `extract` as a list of passes over one shared reading; English words
a typewriter's look-alike letters made into no word spelt back from a general lexicon; a speck
after a copy-list title; the addressee after a misread label on the address line; a sender
split in two or read far from the copy list's name above the copy count; a speck inside a
Roman month."""

from test_fields import SEED_EN, SEED_RU, page_from_text

from pipeline.fields import extract as extract_module
from pipeline.fields import spelling, values
from pipeline.fields.extract import PASSES, Reading, extract
from pipeline.model import Field
from pipeline.profiles import get_profile

EN = "mfa-ciphered-telegram-en"


def test_extract_runs_its_passes_in_order_over_one_reading(monkeypatch):
    assert PASSES[0].__name__ == "_first_reading" and len(PASSES) == len(set(PASSES))
    seen = []

    def last(reading: Reading) -> None:
        seen.append(reading.fields["outgoing_number"].value)
        reading.fields["outgoing_number"] = Field("1")

    monkeypatch.setattr(extract_module, "PASSES", (*PASSES, last))
    fields, _ = extract(page_from_text(SEED_EN), get_profile(EN))
    assert seen == ["8600"] and fields["outgoing_number"].value == "1"


def test_without_an_engine_the_rereading_passes_leave_the_lines_as_read():
    reading = Reading(page_from_text(SEED_EN), get_profile(EN))
    for step in PASSES:
        step(reading)
    assert reading.patched is reading.lines and reading.notes == []


def test_a_word_no_english_word_is_spelt_back_from_its_look_alike_letters():
    assert spelling.spelt_back("tweive", "en") == "twelve"
    assert spelling.spelt_back("sessicn", "en") == "session"
    assert spelling.spelt_back("Tne", "en") == "The"
    assert spelling.spelt_back("finaily", "en") == "finally"


def test_words_the_lexicon_knows_names_and_capitals_are_kept():
    for word in ("hail", "will", "Cde", "PEKING", "Voronin", "ogovorenc", "commisSion", "x"):
        assert spelling.spelt_back(word, "en") is None, word
    text, changed = spelling.spell_text("For Cde. Petrov: hold the hail [bilo].", "en")
    assert text == "For Cde. Petrov: hold the hail [bilo]." and changed == []


def test_the_english_body_is_spelt_back_with_a_review_entry_each_word():
    text = SEED_EN.replace("expressed the opinion.", "expressed tne opinion of tweive.")
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["body"].value.endswith("expressed the opinion of twelve. Telegraph the date of departure.")
    notes = [r.reason for r in review if r.reason.startswith("field body:")]
    assert sum("look-alike letters put back" in n for n in notes) == 2
    # the Russian profile spells its body from the `rus` model's word list, not an English one
    # (session 8: tests/unit/test_f11_s8.py)
    assert get_profile("mfa-ciphered-telegram").fields["body"]["lexicon"] == "ru"


def test_a_speck_after_the_copy_list_title_keeps_the_item():
    text = SEED_EN.replace("2. Comr. Molotov", "2. Comr.° Molotov\n3. Comr.* Vyshinsky")
    fields, _ = extract(page_from_text(text), get_profile(EN))
    assert fields["distribution"].value == ["Stalin", "Molotov", "Vyshinsky"]


def test_the_addressee_after_a_misread_label_is_the_last_word_of_the_address_line():
    text = SEED_EN.replace("To Whom: SovAmbassador", "Hee Ta: SovAmbassador")
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["destination"].value == "PEKING"
    assert fields["addressee"].value == "SovAmbassador"
    assert any(r.reason.startswith("field addressee: low confidence") for r in review)
    # the destination's own colon is not a second label: no addressee to take
    text = SEED_EN.replace(" To Whom: SovAmbassador", "")
    fields, _ = extract(page_from_text(text), get_profile(EN))
    assert fields["destination"].value == "PEKING" and fields["addressee"].value is None


RU = "mfa-ciphered-telegram"


def _sender(line: str, dative: str) -> str:
    return SEED_RU.replace("ВЫШИНСКИЙ", line).replace("3. Тов. 10 отдел", f"3. Тов. {dative}")


def test_a_sender_split_in_two_above_the_copy_count_is_joined_through_the_copy_list():
    fields, review = extract(page_from_text(_sender("Лебе дев", "Лебедеву")), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "ЛЕБЕДЕВ"]
    assert any(r.reason == "field signatories: ЛЕБЕДЕВ read from 'Лебе дев' through the copy list"
               for r in review)


def test_a_sender_read_far_from_the_name_is_taken_only_when_clearly_that_entry():
    fields, review = extract(page_from_text(_sender("и. хаилов", "Михайлову")), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "МИХАЙЛОВ"]
    assert fields["signatories"].confidence < 0.3
    assert any("МИХАЙЛОВ read from 'хаилов'" in r.reason for r in review)
    # nothing on the copy list like it: no sender made up
    fields, _ = extract(page_from_text(_sender("и. хаилов", "Громову")), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов"]


def test_a_speck_inside_a_roman_month_is_read_through_with_a_review_entry():
    when = values.when_ru("4 час. 21 мин. 7/1.Х 195 0-2.")
    assert (when.month, when.day, when.year, when.repaired) == (9, 7, 1950, ("month",))
    assert values.when_ru("4 час. 10 мин. 14/У. 1950 г.").repaired == ()
    text = SEED_RU.replace("14/У 195 0₂.\nОтправлена", "14/1.Х 195 0₂.\nОтправлена").replace(
        "14/У 195 0₂.\nСОВ", "14/IX 195 0₂.\nСОВ").replace("14/У-50", "14/IX-50")
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1950-09-14T04:10:00"
    assert any(r.reason.startswith("field received: month repaired") for r in review)
