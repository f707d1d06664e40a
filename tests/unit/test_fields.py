"""Field values, finders and whole-form extraction on clean and OCR-damaged telegram text."""

import numpy as np
import pytest

from pipeline.evaluation.fields import score_fields, summarize
from pipeline.fields import values
from pipeline.fields.extract import choose_profile, cyrillic_lookalikes, extract
from pipeline.model import BBox, Field, Line, Page, Region, Source, Word
from pipeline.profiles import builtin_profiles, get_profile
from pipeline.settings import Context, Settings
from pipeline.stages import fields as stage

SEED_RU = """МИД СССР
Исход. № 8600
Форма № 17
Десятый отдел
Получена 4 час. 10 мин. 14/У 195 0₂.
Отправлена 5 час. 30 мин. 14/У 195 0₂.
СОВ. СЕКРЕТНО
Снятие копий воспрещается
Спец. № 550
Шифрованная телеграмма
Куда ПЕКИН Кому СОВПОСОЛ Экз. № 1
О С О Б А Я
Для Мао-Дзе-Дуна.
"Тов. Мао-Дзе-Дун !
В беседе с корейскими товарищами Филиппов и его друзья высказали мнение, что
в силу изменившейся международной обстановки они согласны с предложением коре-
йцев приступить к об"единению.
      При этом было оговорено, что вопрос должен быть решен окончательно.
Ф и л и п п о в".
Исполнение телеграфьте.
ВЫШИНСКИЙ
5 экз. нб
14/У-50 г.
Копии:
1. Тов. Сталину
2. Тов. Молотову
3. Тов. 10 отдел
4. Тов. _____"""

TRUTH_RU = {
    "document_type": "Шифрованная телеграмма", "outgoing_number": "8600", "form_number": "17",
    "department": "Десятый отдел", "classification": "СОВ. СЕКРЕТНО", "special_number": "550",
    "received": "1950-05-14T04:10:00", "sent": "1950-05-14T05:30:00", "destination": "ПЕКИН",
    "addressee": "СОВПОСОЛ", "copy_number": "1", "marking": "ОСОБАЯ",
    "recipient_line": "Для Мао-Дзе-Дуна.",
    "body": "В беседе с корейскими товарищами Филиппов и его друзья высказали мнение, что в силу "
            "изменившейся международной обстановки они согласны с предложением корейцев "
            "приступить к об\"единению.\nПри этом было оговорено, что вопрос должен быть решен "
            "окончательно.",
    "signatories": ["Филиппов", "ВЫШИНСКИЙ"],
    "distribution": ["Сталину", "Молотову", "10 отдел"],
}

# What OCR does to such a page: Latin look-alikes, O for 0, l for 1, Y for У, lost spaces.
NOISY = {
    "Исход. № 8600": "Исхoд. № 86О0",
    "Получена 4 час. 10 мин. 14/У 195 0₂.": "Пoлучена 4 час. 1О мин. 14/Y 195 0г.",
    "СОВ. СЕКРЕТНО": "COB. CEKPETHO",
    "Куда ПЕКИН Кому СОВПОСОЛ Экз. № 1": "Kуда ПEКИН Кому COBПОСОЛ Экз. № l",
    "Спец. № 550": "Спец.№ 55O",
    "Шифрованная телеграмма": "Шифрованная телеrрамма",
}


def page_from_text(text: str, conf: float = 0.95) -> Page:
    """A page whose one text region holds `text`, laid out 40 px a line, 12 px a character."""
    lines = []
    for i, t in enumerate(text.splitlines()):
        indent = len(t) - len(t.lstrip())
        words, x = [], 100 + 12 * indent
        for w in t.split():
            words.append(Word(w, BBox(x, 100 + 40 * i, x + 12 * len(w), 130 + 40 * i), conf))
            x += 12 * (len(w) + 1)
        if words:
            lines.append(Line(BBox.enclosing([w.bbox for w in words]), t.strip(), conf, words))
    region = Region("r1", "text", BBox.enclosing([ln.bbox for ln in lines]), conf, lines=lines)
    page = Page(Source("t.png", "0" * 64, 1, 2000, 2000), regions=[region])
    page.text = "\n".join(ln.text for ln in lines)
    return page


def glyph_word_page(text: str, index: int, glyphs: int, first_rise: int, tail: int = 0,
                    box: tuple[int, int] = (28, 2)):
    """(page, word): `page_from_text(text)` with word `index` of its line drawn as `glyphs`
    glyph blocks on one baseline, the small letters 20 px tall, the first rising `first_rise`
    and reaching `tail` px below the line; the word's box `box` (above, below) the baseline."""
    page = page_from_text(text)
    word = page.regions[0].lines[0].words[index]
    gray = page.masks.setdefault("gray", np.full((2000, 2000), 255, np.uint8))
    x, base = 200, 160
    for k in range(glyphs):
        top = base - (first_rise if k == 0 else 20)
        gray[top:base + (tail if k == 0 else 0), x:x + 12] = 0
        x += 18
    word.bbox = BBox(200, base - box[0], x, base + box[1])
    return page, word


@pytest.mark.parametrize("token, month", [("У", 5), ("Ш", 3), ("ХП", 12), ("1У", 4), ("УШ", 8),
                                          ("Y", 5), ("XII", 12), ("III", 3), ("Х1", 11), ("П", 2),
                                          ("11", 2), ("5", 5), ("Q", None), ("", None)])
def test_roman_months_typed_in_cyrillic_and_their_ocr_confusions(token, month):
    assert values.roman_month(token) == month


def test_number_and_datetime_values():
    assert values.digits("№ 86О0") == "8600"
    assert values.digits("No. l7") == "17"
    assert values.digits("Исход") is None
    assert values.digits("e i", strict=True) == "1"  # "Экз. № 1" read "Экз. Ne i"
    assert values.datetime_ru("4 час. 10 мин. 14/У 195 0₂.").isoformat() == "1950-05-14T04:10:00"
    assert values.datetime_ru("11 час. ЗО мин. 3/ХП 1949 г.").isoformat() == "1949-12-03T11:30:00"
    assert values.datetime_ru("час. мин. 14/У") is None
    # typewriter pitch splits numbers ("1 8"); a lost year digit leaves the year unknown
    assert values.datetime_ru("1 8 час. 1 7 мин. 24/1Х 195 12.").isoformat() == "1951-09-24T18:17:00"
    assert values.datetime_ru("8 час. 49 мин. 24/П 195 ?.") is None
    assert values.datetime_ru("3 час. 42 мин. 4/Х1 195 la.").isoformat() == "1951-11-04T03:42:00"
    assert values.datetime_en("8:38 pm, 2 Fe ary 1950").isoformat() == "1950-02-02T20:38:00"
    assert values.datetime_en("5:30 pm, 14 Mav 1950").isoformat() == "1950-05-14T17:30:00"
    assert values.person_name('Ф и л и п п о в".') == "Филиппов"
    assert values.person_name("Filippov [Stalin].”") == "Filippov"


def test_lookalikes_become_cyrillic_only_where_a_word_is_cyrillic():
    assert cyrillic_lookalikes("COBПОСОЛ CEKPETHO Moscow") == "СОВПОСОЛ СЕКРЕТНО Moscow"


def test_clean_seed_page_gives_every_field_with_boxes():
    page = page_from_text(SEED_RU)
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"))
    assert {k: f.value for k, f in fields.items()} == TRUTH_RU
    assert review == []
    # the box of a value is the box of its words, in the page's (original) coordinates
    assert fields["outgoing_number"].bbox == page.regions[0].lines[1].words[2].bbox
    assert fields["received"].raw.startswith("4 час.")


def test_ocr_damaged_seed_page_still_reads_every_field():
    text = SEED_RU
    for clean, noisy in NOISY.items():
        text = text.replace(clean, noisy)
    page = page_from_text(text)
    fields, _ = extract(page, get_profile("mfa-ciphered-telegram"))
    assert {k: f.value for k, f in fields.items()} == TRUTH_RU
    # `raw` is what OCR read; the box is the word's even when its letters were put right
    address = next(ln for ln in page.regions[0].lines if ln.text.startswith("Kуда"))
    assert fields["addressee"].raw == "COBПОСОЛ"
    assert fields["addressee"].bbox == address.words[3].bbox


def test_low_confidence_words_raise_review_items():
    page = page_from_text(SEED_RU, conf=0.3)
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"))
    assert fields["outgoing_number"].confidence == pytest.approx(0.3)
    assert any(r.reason.startswith("field outgoing_number: low confidence") and r.region == "r1"
               for r in review)


def test_profile_chosen_by_match_and_unmatched_page_has_empty_fields():
    ru = page_from_text(SEED_RU)
    assert choose_profile(ru, builtin_profiles())[0].name == "mfa-ciphered-telegram"
    other = page_from_text("Dear Sir,\nthank you for your letter of May 3.\nYours, J. Smith")
    assert choose_profile(other, builtin_profiles())[0] is None
    out = stage.apply(other, Context(Settings()))
    assert out.fields == {} and out.review == []


def test_stage_uses_the_profile_setting_and_records_provenance():
    ctx = Context(Settings(profile="mfa-ciphered-telegram-en"))
    page = stage.apply(page_from_text(SEED_RU), ctx)
    assert ctx.params["profile"] == "mfa-ciphered-telegram-en"
    assert page.fields["outgoing_number"].value is None  # the English labels are not there
    assert any("not found" in r.reason for r in page.review)
    ctx = Context(Settings())
    page = stage.apply(page_from_text(SEED_RU), ctx)
    assert ctx.params["profile"] == "mfa-ciphered-telegram" and ctx.params["found"] == 16


def test_score_fields_exact_match_skips_null_truths():
    pred = {"a": {"value": "8600"}, "b": Field(["x", "y"]), "c": "ПЕКИН "}
    s = score_fields(pred, {"a": "8600", "b": ["x", "z"], "c": "ПЕКИН", "d": None, "e": "1"})
    assert s["total"] == 4 and s["correct"] == 2
    assert [n for n, v in s["fields"].items() if not v["ok"]] == ["b", "e"]
    total = summarize([s, score_fields({}, {"a": "1"})])
    assert total["correct"] == 2 and total["total"] == 5 and total["pages_all_right"] == 0
    assert total["per_field"]["a"] == {"correct": 1, "total": 2, "accuracy": 0.5}


def test_copy_list_read_row_by_row_is_put_back_in_number_order():
    text = SEED_RU.split("Копии:")[0] + ("Копии:\n1. Тов. Сталину 4. Тов. Копия т\n"
                                         "2. Тов. Молотову 5. Тов. _____\n3. Тов. 10 отдел 6. Tor,")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == ["Сталину", "Молотову", "10 отдел", "Копия"]


def test_misread_item_number_does_not_reorder_and_capitals_become_a_name():
    text = SEED_RU.split("Копии:")[0] + "’ Копии:\n1. Tos. Сталину\n9. Тов: КОПИЯ —\n3. Тов. Молотову"
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == ["Сталину", "Копия", "Молотову"]


def test_longer_choice_read_with_an_error_beats_a_shorter_exact_one():
    text = SEED_RU.replace("СОВ. СЕКРЕТНО", "МИД CCCP COB . СЕКРЕТНО")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["classification"].value == "СОВ. СЕКРЕТНО"


def test_copy_number_found_without_its_label_and_sender_after_the_copy_list():
    text = (SEED_RU.replace("Экз. № 1", "9x3. №3.").replace("ВЫШИНСКИЙ\n", "")
            .replace("5 экз. нб", "7 экз. тс 88/7") + "\nLWW ВЫШИНСКИЙ")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["copy_number"].value == "3" and fields["copy_number"].confidence < 0.6
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]


def test_english_words_read_in_cyrillic_letters_are_read_back_in_latin():
    en = ("MFA USSR\nTenth Department\nTop Secret\nMaking copies is prohibited\nSpecial по. 550\n"
          "Issuing №. 8600\nReceived оп 4:10 аш, 14 Мау 1950\nSent on 5:30 am, 14 May 1950\n"
          "CIPHERED TELEGRAM\nDestination: PEKING To Whom: SovAmbassador\nJ SPECIAL\n"
          "For Mao Zedong.\n“Cde. Mao Zedong!\nIn a conversation with the Korean comrades.\n"
          "Filippov {Stalin} .”\nVYSHINSKY\n5 copies\n1. Comr. Stalin\n2. COM’. Сору")
    page = page_from_text(en)
    assert choose_profile(page, builtin_profiles())[0].name == "mfa-ciphered-telegram-en"
    fields, _ = extract(page, get_profile("mfa-ciphered-telegram-en"))
    got = {k: f.value for k, f in fields.items()}
    assert got["received"] == "1950-05-14T04:10:00" and got["special_number"] == "550"
    assert got["outgoing_number"] == "8600" and got["marking"] == "SPECIAL"
    assert got["signatories"] == ["Filippov", "VYSHINSKY"]
    assert got["distribution"] == ["Stalin", "Copy"]  # the list found without its heading
    assert got["form_number"] is None and got["copy_number"] is None


def test_a_sender_nearly_read_is_spelt_as_on_the_copy_list():
    text = SEED_RU.replace("ВЫШИНСКИЙ", "ВЫШИНСКИИ").replace("4. Тов. _____", "4. Тов. Вышинскому")
    text = text.replace("ВЫШИНСКИИ\n", "ВЫШИНСКИИ\nТРОМОВ\n")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]  # only one sender line counts
    assert extract_names(["ТРОМОВ", "ЛЛАЛЕБЕДЕВ"], ["Громову", "Лебедеву"]) == ["ГРОМОВ", "ЛЛАЛЕБЕДЕВ"]


def extract_names(names, others):
    from pipeline.fields.names import confirm_names
    return confirm_names(names, others, [["ому", "ий"], ["у", ""]])


def test_times_over_their_limit_read_a_misread_zero_and_dates_need_not_parse_whole():
    # "98 мин." cannot be: a typed 0 read as 9 (tens first); "26 час." is 20 for the same reason
    when = values.when_ru("26 час. 98 мин. 19/У 195 12.")
    assert (when.hour, when.minute, when.repaired) == (20, 8, ("hour", "minute"))
    assert values.when_ru("8 час. 91 мин. 4/ ЛУ 195 32.").datetime().isoformat() == "1953-04-04T08:01:00"
    assert values.when_ru("12 час. 75 мин. 4/У 1950").minute is None  # 7 is not a misread 0
    # the date part lost ("/" read "Л") leaves the time, the date parts unknown
    when = values.when_ru("1 час. 07 мин. 1ЛИП 195 32.")
    assert (when.hour, when.minute, when.day, when.month) == (1, 7, None, None)
    assert values.when_ru("L6 час. 46 мин. 2А/ХП 195 12.").datetime().isoformat() == "1951-12-24T16:46:00"
    assert values.roman_month("ЛХ") == 9 and values.roman_month("ЛУЛ") is None
    assert values.datetime_en("5:30 am, 14 May 195@").isoformat() == "1950-05-14T05:30:00"


def test_common_year_of_a_pages_dates():
    from pipeline.fields.agree import common_year
    assert common_year([1956, 1956, 1950]) == 1950  # a typed 0 is read as 6, not the reverse
    assert common_year([1950, 1950, 1959]) == 1950
    assert common_year([1954, 1951, 1951]) == 1951  # outvoted
    assert common_year([None, 1951]) == 1951  # the only one read
    assert common_year([1954, 1951]) is None  # nothing to choose by
    assert common_year([]) is None


def test_dates_put_right_by_the_pages_other_dates_with_a_review_entry():
    text = (SEED_RU.replace("Получена 4 час. 10 мин. 14/У 195 0₂.", "Получена 4 час. 10 мин. 14/У 195 62.")
            .replace("Отправлена 5 час. 30 мин. 14/У 195 0₂.", "Отправлена 5 час. 39 мин. Э/ЗЗ 195 62."))
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    # 1956 in both header lines, 50 at the foot: a misread 0; day and month from the others
    assert fields["received"].value == "1950-05-14T04:10:00"
    assert fields["sent"].value == "1950-05-14T05:39:00"  # 39 minutes is a possible time: kept
    assert fields["sent"].confidence < 0.6
    reasons = [r.reason for r in review]
    assert any(r.startswith("field received: year repaired") for r in reasons)
    assert any(r.startswith("field sent: year, month, day repaired") for r in reasons)
    assert not any("not found" in r or "low confidence" in r for r in reasons)
    # without the foot's date the two header years cannot outvote each other: left as read
    alone = text.replace("14/У-50 г.", "")
    fields, _ = extract(page_from_text(alone), get_profile("mfa-ciphered-telegram"))
    assert fields["received"].value == "1956-05-14T04:10:00"


def test_labels_found_letter_spaced_or_run_together():
    from pipeline.fields.locate import find_phrase
    assert find_phrase("Спец. №", "С п е ц. № 550") == (0, 10, 0)
    assert find_phrase("Экз. №", "Куда ПЕКИН КомуСОВПОСОЛ Экз.№1")[:2] == (24, 29)
    assert find_phrase("Кому", "Куда ПЕКИН КомуСОВПОСОЛ")[:2] == (11, 15)
    assert find_phrase("Кому", "некому") is None  # not inside a word
    text = SEED_RU.replace("Спец. № 550", "С п е ц. № 550")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["special_number"].value == "550"


def test_values_taken_as_the_forms_vocabulary_with_a_review_entry():
    text = (SEED_RU.replace("Десятый отдел", "Лесятый стдел").replace("О С О Б А Я", "ОСОвВАЯ")
            .replace("Куда ПЕКИН Кому СОВПОСОЛ", "Куда ПЕК ИН` Кому совпосол —"))
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["department"].value == "Десятый отдел"
    assert fields["marking"].value == "ОСОБАЯ" and fields["recipient_line"].value == "Для Мао-Дзе-Дуна."
    assert fields["destination"].value == "ПЕКИН" and fields["addressee"].value == "СОВПОСОЛ"
    assert any(r.reason.startswith("field marking: read 'ОСОвВАЯ'") for r in review)
    # a line like no marking is not one: it is the recipient line
    text = SEED_RU.replace("О С О Б А Я\n", "Послу\n").replace("Для Мао-Дзе-Дуна.\n", "")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["marking"].value is None and fields["recipient_line"].value == "Послу"
    assert values.snap_words("ДЕСЯТЫЙ ОТДЕЛ стдел", ["отдел", "десятый"]) == "ДЕСЯТЫЙ ОТДЕЛ отдел"
    assert values.code_word("БУДАП ЕШТ") == "БУДАПЕШТ" and values.code_word("УЛАН-БАТОР`") == "УЛАН-БАТОР"
    assert values.code_word("Кишинев Кому") == "КИШИНЕВ"


def test_special_number_found_by_its_place_when_its_label_is_misread():
    text = SEED_RU.replace("Спец. № 550", "Crem. № 550")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["special_number"].value == "550" and fields["special_number"].confidence < 0.6


def test_sender_under_a_signature_found_through_the_copy_list():
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "И ЛИЛ/вышинский\n").replace("3. Тов. 10 отдел", "3. Тов. Вышинскому")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]
    assert any("through the copy list" in r.reason for r in review)
    # a last word like no name of the copy list is not taken
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "И ЛИЛ/телеграфьте\n")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов"]


def test_body_leaves_out_mark_debris_and_joins_letter_spaced_words():
    text = SEED_RU.replace("высказали мнение", "в ы с к а з а л и мнение").replace(
        "приступить к об\"единению.", "приступить к об\"единению. т ы\n= «»- —4%, й\n/")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["body"].value == TRUTH_RU["body"]
    # a line ending a sentence before a capital letter keeps it ("... на-Одере. В")
    from pipeline.fields.finders import strip_debris
    assert strip_debris("Франкфуртом-на-Одере. В") == "Франкфуртом-на-Одере. В"
    assert strip_debris("осенью. /)") == "осенью." and strip_debris("рус-") == "рус-"


def test_copy_list_items_with_their_dots_lost_or_titles_misread():
    text = SEED_RU.split("Копии:")[0] + ("Копни:\n1. Тов. Сталину 5 Тов,\n2 Tos. Молотову\n"
                                         "3. Тов. 10 отдел 6 Т в\n4. Тов. ___ ь т\n. 5. Тов. Копия т ы")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == ["Сталину", "Молотову", "10 отдел", "Копия"]
    text = SEED_RU.split("Копии:")[0] + "Копии:\n1. Тов. Сталину\n2.Тов.10 стдел\n3. Тов. Копия"
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == ["Сталину", "10 отдел", "Копия"]  # the space lost


def test_numbers_split_by_the_pitch_and_addresses_too_short_to_be_one():
    assert values.digits("№ 1 1293", strict=True) == "11293"
    assert values.digits("No. 9348 88", strict=True) == "9348"  # a whole number stands alone
    assert values.code_word("И а") is None
    text = SEED_RU.replace("Исход. № 8600", "Исход. № 8 600").replace("Для Мао-Дзе-Дуна.", "Для Мао-Дзе-Дуна. ;")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["outgoing_number"].value == "8600"
    assert fields["recipient_line"].value == "Для Мао-Дзе-Дуна."


def test_a_lost_recipient_line_does_not_take_the_letters_first_line():
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.\n", "").replace("\"Тов. Мао-Дзе-Дун !\n", "")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value is None
    assert fields["body"].value == TRUTH_RU["body"]


def test_copy_list_department_number_read_with_a_misread_zero_is_the_headers():
    assert values.zero_misread("10", "19") and values.zero_misread("10", "190")
    assert not values.zero_misread("10", "49") and not values.zero_misread("1951", "1956")
    assert values.ordinal_ru("Десятый отдел") == 10 and values.ordinal_ru("Отдел печати") is None
    text = SEED_RU.replace("3. Тов. 10 отдел", "3. Тов. 190 отдел")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == TRUTH_RU["distribution"]
    assert any("'190 отдел' taken as '10 отдел'" in r.reason for r in review)
    # a number no misread 0 explains stays as read
    text = SEED_RU.replace("3. Тов. 10 отдел", "3. Тов. 49 отдел")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["distribution"].value == ["Сталину", "Молотову", "49 отдел"]


def test_sender_taken_into_a_handwriting_region_is_found_there_through_the_copy_list():
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "").replace("3. Тов. 10 отдел", "3. Тов. Вышинскому 7.")
    page = page_from_text(text)
    page.regions.append(Region("h1", "handwriting", BBox(900, 900, 1300, 1000), 0.8,
                               text="вери: Вышинский ИАВЫШИНСКИЙ"))
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]
    assert fields["distribution"].value == ["Сталину", "Молотову", "Вышинскому"]
    assert any(r.region == "h1" and "handwriting region h1" in r.reason for r in review)
    page.regions[-1].text = "верно: Вышинский"  # a name in pen (not capitals) is no typed sender
    fields, _ = extract(page, get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов"]


def test_a_day_read_with_a_misread_zero_is_put_right_but_a_next_day_is_kept():
    from pipeline.fields.agree import explaining
    assert explaining([29, 20, 20]) == 20 and explaining([24, 25, 25]) is None
    text = SEED_RU.replace("14/У 195 0₂", "10/У 195 0₂").replace("14/У-50", "10/У-50")
    text = text.replace("Получена 4 час. 10 мин. 10/У", "Получена 4 час. 10 мин. 19/У")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["received"].value == "1950-05-10T04:10:00"
    assert any(r.reason.startswith("field received: day repaired") for r in review)
    text = SEED_RU.replace("Получена 4 час. 10 мин. 14/У", "Получена 4 час. 10 мин. 13/У")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["received"].value == "1950-05-13T04:10:00"


def test_a_label_inside_a_word_is_no_label():
    text = SEED_RU.replace("Кому СОВПОСОЛ", "Кому И а").replace(
        "В беседе с корейскими", "В беседе с Комиссией и корейскими")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["addressee"].value is None  # not "ССИЕЙ" from "Комиссией"
    assert fields["recipient_line"].value == "Для Мао-Дзе-Дуна."


def test_a_second_reading_is_taken_only_when_every_reading_agrees_on_as_many_digits():
    from pipeline.fields.reread import accept
    assert accept("4697", ["4607", "4607"]) == "4607"
    assert accept("4697", ["4607", "4697"]) is None  # the readings disagree
    assert accept("4697", ["4607"]) is None  # one reading is not enough
    assert accept("17", ["7", "7"]) is None  # a digit lost at the crop's edge
    assert accept("4607", ["4607", "4607"]) is None  # nothing to change
    assert accept("46", ["", ""]) is None
    # only the known confusions of typewriter digits are undone: 9, 8, 6 for 0 and 5 for 3
    assert accept("675", ["673", "673"]) == "673" and accept("8696", ["8000", "8000"]) == "8000"
    assert accept("517", ["917", "917"]) is None  # a 5 read 9 at a crop's edge
    assert accept("4670", ["4676", "4676"]) is None  # a 0 is not taken for a 6
    assert accept("46063", ["16063", "16063"]) == "16063"  # a 1 read 4
    assert accept("19:14", ["19:11", "19:11"]) == "19:11" and accept("19:14", ["1911", "1911"]) is None


def _reread_as(monkeypatch, readings: dict[str, list[str]]):
    """Stand in for Tesseract: each crop's readings chosen by the digits the page read there."""
    from pipeline.fields import reread
    calls = []

    def fake(engine, page, boxes):
        calls.append(len(boxes))
        return [readings.get(box_digits[(b.x0, b.y0)], []) for b in boxes]

    box_digits: dict = {}
    monkeypatch.setattr(reread, "reread", fake)
    return box_digits, calls


def test_digits_read_again_replace_the_pages_reading_when_valid(monkeypatch):
    text = SEED_RU.replace("Исход. № 8600", "Исход. № 8699").replace(
        "Отправлена 5 час. 30 мин.", "Отправлена 5 час. 3 9 мин.")
    page = page_from_text(text)
    box_digits, calls = _reread_as(monkeypatch, {"8699": ["8600", "8600"], "39": ["30", "30"]})
    for ln in page.regions[0].lines:
        digit_words = [w for w in ln.words if w.text.isdigit()]
        for w in digit_words:
            box_digits[(w.bbox.x0, w.bbox.y0)] = w.text
        if [w.text for w in digit_words[1:3]] == ["3", "9"]:  # the split minute: one crop
            box_digits[(digit_words[1].bbox.x0, digit_words[1].bbox.y0)] = "39"
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"), engine=object())
    assert len(calls) == 1  # one batch for the whole page
    assert fields["outgoing_number"].value == "8600"
    assert fields["sent"].value == "1950-05-14T05:30:00"
    assert any(r.reason.startswith("field outgoing_number: digits '8699'") for r in review)
    assert any(r.reason.startswith("field sent: digits '3 9'") for r in review)


def test_a_second_reading_that_does_not_read_as_the_fields_value_is_not_taken(monkeypatch):
    page = page_from_text(SEED_RU)
    box_digits, _ = _reread_as(monkeypatch, {"10": ["90", "90"], "8600": ["8600", "8600"]})
    for ln in page.regions[0].lines:
        for w in ln.words:
            box_digits[(w.bbox.x0, w.bbox.y0)] = w.text
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"), engine=object())
    assert fields["received"].value == "1950-05-14T04:10:00"  # 90 minutes is no time
    assert not any("read again" in r.reason for r in review)


def test_hyphenated_names_keep_their_parts_capitals_and_a_line_its_stop():
    assert values.hyphen_case("Для Мао-Дзе-дуна.") == "Для Мао-Дзе-Дуна."
    assert values.hyphen_case("Ростов-на-Дону") == "Ростов-на-Дону"
    assert values.hyphen_case("Франкфуртом-на-Одере") == "Франкфуртом-на-Одере"
    assert values.hyphen_case("Северо-западный") == "Северо-западный"
    assert values.final_stop("Для тов. Семенова,") == "Для тов. Семенова."
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.", "Для Мао-Дзе-дуна,")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value == "Для Мао-Дзе-Дуна."
    assert fields["recipient_line"].confidence < 0.95
    assert any(r.reason.startswith("field recipient_line: read 'Для Мао-Дзе-дуна,'") for r in review)


@pytest.mark.parametrize("read, taken", [("Поспу.", "Послу."), ("Генеральному консупу.",
                                                                 "Генеральному консулу."),
                                         ("Для посла.", "Для посла."), ("Тов. Орлову.", "Тов. Орлову.")])
def test_recipient_line_spelt_in_the_forms_words_of_address(read, taken):
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.", read)
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value == taken


SEED_EN = ("MFA USSR\nTenth Department\nTop Secret\nMaking copies is prohibited\nSpecial no. 550\n"
           "Issuing No. 8600\nReceived on 4:10 am, 14 May 1950\nSent on 5:30 am, 14 May 1950\n"
           "CIPHERED TELEGRAM\nDestination: PEKING To Whom: SovAmbassador\nSPECIAL\n"
           "For Mao Zedong.\nIn a conversation with the Korean comrades Filippov and his friends\n"
           "expressed the opinion.\nTelegraph the date of departure.\n"
           "Telegraph the fulfillment.\nVYSHINSKY\n5 copies\n14 May 1950\nCopies:\n"
           "1. Comr. Stalin\n2. Comr. Molotov")


def test_english_times_on_a_twelve_hour_clock_and_days_read_with_specks():
    # "19:18 pm" cannot be: an hour of a 12-hour clock with its 0 read 9
    when = values.when_en("19:18 pm, 17 July 1953")
    assert (when.hour, when.minute, when.repaired) == (22, 18, ("hour",))
    assert values.when_en("12:39 am, 22 January 1953").datetime().isoformat() == "1953-01-22T00:39:00"
    assert values.when_en("19:18, 17 July 1953").hour == 19  # no am/pm: a 24-hour clock
    assert values.datetime_en("3:36 pm, 1 .November 1953").isoformat() == "1953-11-01T15:36:00"
    # a day of three digits is unreadable, not its last two ("128" is not 28)
    when = values.when_en("6:37 am, 128 September 1951")
    assert when.day is None and (when.month, when.year) == (9, 1951)


def test_english_letter_ends_at_the_closing_formula_not_at_any_telegraph():
    fields, _ = extract(page_from_text(SEED_EN), get_profile("mfa-ciphered-telegram-en"))
    body = fields["body"].value
    assert body.startswith("In a conversation") and body.endswith("Telegraph the date of departure.")
    text = SEED_EN.replace("Telegraph the fulfillment.", "Telegraph the fulfiliment.")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["body"].value.endswith("Telegraph the date of departure.")
    assert fields["signatories"].value == ["VYSHINSKY"]


def test_a_day_read_out_of_the_dates_order_is_put_right_by_the_others():
    # received on the 15th yet sent on the 14th, as the typing date at the foot says: the
    # received day is read wrong
    text = SEED_EN.replace("Received on 4:10 am, 14 May", "Received on 4:10 am, 15 May")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["received"].value == "1950-05-14T04:10:00" and fields["received"].confidence < 0.5
    assert any(r.reason.startswith("field received: day repaired") for r in review)
    assert fields["sent"].value == "1950-05-14T05:30:00"
    # sent the next day, after midnight: in order, nothing to put right
    text = (SEED_EN.replace("Received on 4:10 am", "Received on 11:50 pm")
            .replace("Sent on 5:30 am, 14 May", "Sent on 0:30 am, 15 May"))
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert (fields["received"].value, fields["sent"].value) == ("1950-05-14T23:50:00", "1950-05-15T00:30:00")
    assert not any("repaired" in r.reason for r in review)
    # out of order, but the others do not agree on a day: nothing to go by
    text = (SEED_EN.replace("Received on 4:10 am, 14 May", "Received on 4:10 am, 16 May")
            .replace("\n14 May 1950\n", "\n15 May 1950\n"))
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["received"].value == "1950-05-16T04:10:00"


def test_only_digit_runs_a_second_reading_could_change_are_read_again(monkeypatch):
    from pipeline.fields.reread import suspect
    assert suspect("4697") and suspect("53") and suspect("14") and suspect("3:37")  # 8 read 3
    assert not suspect("1072") and not suspect("10") and not suspect("2:27")
    # the seed's times and days hold no such digit: only 8600, 550, 1950 (twice) go to the engine
    page = page_from_text(SEED_RU.replace("14/У 195 0₂.", "12/У 1950 г.").replace(
        "Отправлена 5 час. 30 мин.", "Отправлена 2 час. 20 мин."))
    box_digits, calls = _reread_as(monkeypatch, {})
    for ln in page.regions[0].lines:
        for w in ln.words:
            box_digits[(w.bbox.x0, w.bbox.y0)] = w.text
    seen = []
    from pipeline.fields import reread

    fake = reread.reread

    def spy(engine, page, boxes):
        seen.extend(box_digits.get((b.x0, b.y0)) for b in boxes)
        return fake(engine, page, boxes)
    monkeypatch.setattr(reread, "reread", spy)
    extract(page, get_profile("mfa-ciphered-telegram"), engine=object())
    assert "10" not in seen and "20" not in seen and "12" not in seen and "8600" in seen
    page = page_from_text("МИД СССР\nИсход. № 1207\nПолучена 1 час. 10 мин. 13/У 1.\n")
    box_digits, calls = _reread_as(monkeypatch, {})
    extract(page, get_profile("mfa-ciphered-telegram"), engine=object())
    assert calls == []  # nothing to read again: no call at all


def test_english_sender_under_a_stamp_is_found_in_its_reading_through_the_copy_list():
    text = SEED_EN.replace("VYSHINSKY\n", "").replace("2. Comr. Molotov", "2. Comr. Vyshinsky")
    page = page_from_text(text)
    page.regions.append(Region("s1", "stamp", BBox(900, 900, 1300, 1000), 0.9,
                               text="м VYSHNSKY | Ак"))
    fields, review = extract(page, get_profile("mfa-ciphered-telegram-en"))
    assert fields["signatories"].value == ["VYSHINSKY"]
    assert fields["signatories"].confidence <= 0.25
    assert any(r.region == "s1" and "stamp region s1" in r.reason for r in review)
    page.regions[-1].text = "MINISTRY 1950"  # capitals, but no name of the copy list
    fields, _ = extract(page, get_profile("mfa-ciphered-telegram-en"))
    assert fields["signatories"].value is None


def test_a_number_split_from_its_label_onto_a_line_of_its_own_is_found_beside_it():
    text = SEED_EN.replace("Special no. 550\n", "550\nSpecial no.\n")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["special_number"].value == "550" and fields["special_number"].confidence < 0.6
    assert any(r.reason.startswith("field special_number: low confidence") for r in review)
    text = SEED_RU.replace("Исход. № 8600\n", "№ 8600 °\nИсход.\n")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["outgoing_number"].value == "8600"
    # a line with another label is that label's value, not this one's
    text = SEED_EN.replace("Special no. 550\n", "Special no.\nIssuing No. 8600\n").replace(
        "Issuing No. 8600\nReceived", "Received")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram-en"))
    assert fields["special_number"].value is None and fields["outgoing_number"].value == "8600"
