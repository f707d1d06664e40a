"""Session 9, fields (helper F14): the page's dates lie days apart at most (a month or day read
weeks from the one the others agree on is theirs); a year a digit's shape changed away from
the year the page's dates agree on is kept as read; the instruction ends the letter when a
space after its first word was read as a blank."""

from test_fields import SEED_RU, page_from_text

from pipeline.fields import agree, values
from pipeline.fields.extract import Reading, _first_reading, _years_kept, extract
from pipeline.model import ReviewItem
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"
RECEIVED = "Получена 4 час. 10 мин. 14/У 195 0₂."
SENT = "Отправлена 5 час. 30 мин. 14/У 195 0₂."


def _dates(received: str, sent: str, typed: str | None) -> str:
    text = SEED_RU.replace(RECEIVED, received).replace(SENT, sent)
    return text.replace("14/У-50 г.\n", "" if typed is None else typed + "\n")


def test_a_month_read_a_month_from_the_others_is_their_month():
    # received read "21/1" (II with a stroke lost), in order before "21/П": a telegram is not
    # received a month before it is sent; the sent date and the typing date agree on February
    text = _dates("Получена 12 час. 19 мин. 21/1 195 1₂.", "Отправлена 12 час. 54 мин. 21/П 195 1₂.",
                  "21/П-51 г.")
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-02-21T12:19:00"
    assert fields["sent"].value == "1951-02-21T12:54:00"
    assert any(r.reason.startswith("field received: month repaired") for r in review)


def test_a_day_read_a_week_from_the_others_is_their_day():
    text = _dates("Получена 18 час. 10 мин. 2/Х 195 1₂.", "Отправлена 21 час. 34 мин. 9/Х 195 1₂.",
                  "9/Х-51 г.")
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-10-09T18:10:00"
    assert any(r.reason.startswith("field received: day repaired") for r in review)


def test_dates_a_day_apart_or_with_one_witness_stay_as_read():
    # received late on the 8th, sent and typed on the 9th: days apart, as telegrams are
    text = _dates("Получена 23 час. 50 мин. 8/Х 195 1₂.", "Отправлена 0 час. 34 мин. 9/Х 195 1₂.",
                  "9/Х-51 г.")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-10-08T23:50:00"
    # without the typing date one other date cannot outvote a reading
    text = _dates("Получена 18 час. 10 мин. 2/Х 195 1₂.", "Отправлена 21 час. 34 мин. 9/Х 195 1₂.", None)
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["received"].value == "1951-10-02T18:10:00"


def test_far_apart_weighs_days_across_a_years_end_and_needs_two_dated_witnesses():
    when = values.When(1951, 12, 31, 23, 50)
    assert agree.far_apart(when, [values.When(1951, 1, 1), values.When(1951, 1, 1)]) is None
    assert agree.far_apart(values.When(1951, 1, 21), [values.When(1951, 2, 21), values.When(1951, None, 21)]) is None
    moved = agree.far_apart(values.When(1951, 1, 21, 12, 19), [values.When(1951, 2, 21), values.When(1951, 2, 21)])
    assert (moved.month, moved.day, moved.hour) == (2, 21, 12)


def _reading(received: str, sent: str, typed: str | None) -> Reading:
    page = page_from_text(_dates(received, sent, typed))
    r = Reading(page, get_profile(RU))
    _first_reading(r)
    return r


def _shaped(r: Reading, name: str, old: str, new: str) -> tuple[list, list[ReviewItem]]:
    # the lines as the shape pass would leave them with `old` changed to `new` on field `name`'s line
    at = r.digits[name].first
    after = list(r.patched)
    after[at] = after[at].__class__(after[at].text.replace(old, new), after[at].bbox, after[at].confidence,
                                    after[at].region, after[at].words, ocr=after[at].ocr.replace(old, new))
    return after, [ReviewItem(f"field {name}: {old!r} taken as {new!r}: the shape of a 3", None)]


def test_a_year_a_glyphs_shape_set_apart_from_the_page_s_dates_is_kept_as_read():
    # a worn 5 measured open on the left: "195 3" -> "193 3" while the sent year reads 1953
    r = _reading("Получена 21 час. 23 мин. 16/ХП 195 3₂.", "Отправлена 22 час. 24 мин. 16/ХП 195 3₂.", None)
    after, notes = _shaped(r, "received", "195 3", "193 3")
    lines, kept = _years_kept(r, r.patched, after, notes)
    assert lines[r.digits["received"].first].text == r.patched[r.digits["received"].first].text
    assert kept == []


def test_a_year_every_date_s_shape_changed_alike_stays_changed():
    # a face whose flat-topped 3 OCR reads 5: both years read "1955", both 5s open -> 1953
    r = _reading("Получена 21 час. 23 мин. 16/ХП 195 5₂.", "Отправлена 22 час. 24 мин. 16/ХП 195 5₂.", None)
    after, notes = _shaped(r, "received", "195 5", "195 3")
    at = r.digits["sent"].first
    after2, notes2 = _shaped(r, "sent", "195 5", "195 3")
    after[at] = after2[at]
    lines, kept = _years_kept(r, r.patched, after, notes + notes2)
    assert lines == after and len(kept) == 2
    # and a shape change the page's dates did not agree against as read (one date alone) stays
    r = _reading("Получена 21 час. 23 мин. 16/ХП 195 5₂.", "Отправлена 22 час. 24 мин. 16/ХП 195 1₂.", None)
    after, notes = _shaped(r, "received", "195 5", "195 3")
    assert _years_kept(r, r.patched, after, notes) == (after, notes)


def test_the_instruction_ends_the_letter_when_its_space_was_read_as_a_blank():
    # the quoted letter's signature lost (under a stamp): the instruction line ends the letter
    text = SEED_RU.replace('Ф и л и п п о в".\nИсполнение телеграфьте.', "Исполнение_телеграфьте.")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["body"].value.endswith("решен окончательно.")
    assert "Исполнение" not in fields["body"].value


def test_an_english_word_one_letter_from_exactly_one_word_of_both_lists_is_that_word():
    from pipeline import lexicon
    from pipeline.fields import spelling

    if not lexicon.words("eng"):
        return  # no `eng` model: nothing is spelt this way (checked in the next assertion)
    assert spelling.spelt_back("staterents", "en") == "statements"
    assert spelling.spelt_back("ciscussion", "en") == "discussion"
    # short words have many neighbours, transliterations and words of a list none; capitals
    # (names) and Russian words are left alone
    for word in ("ard", "cn", "ogovorenc", "obiednineniiu", "statements", "Staterents", "STATERENTS"):
        assert spelling.spelt_back(word, "en") is None, word
    assert spelling.one_letter("staterents", "ru") is None
    text, changed = spelling.spell_text("the staterents of tweive", "en")
    assert text == "the statements of twelve"
    assert not spelling.looks_alike("staterents", "statements", "en")
    assert spelling.looks_alike("tweive", "twelve", "en")


def test_the_review_entry_says_a_word_was_taken_a_letter_from_it():
    from test_f9_s7 import EN, SEED_EN

    text = SEED_EN.replace("expressed the opinion.", "expressed the opinion of staterents.")
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert "opinion of statements." in fields["body"].value
    assert any("'staterents' taken as 'statements': no en word, the one word a letter from it" in r.reason
               for r in review)


def test_the_english_copy_list_takes_the_header_s_department_number():
    from pipeline.fields import names

    items = ["Stalin", "iOth department", "i@th department", "16th department", "10th department",
             "Io Petrov", "Copy"]
    out, notes = names.numbers_from(items, values.ordinal("Tenth Department"))
    assert out == ["Stalin", "10th department", "10th department", "10th department", "10th department",
                   "Io Petrov", "Copy"]
    assert len(notes) == 3
    assert names.numbers_from(["19 отдел", "1О отдел", "Сталину"], values.ordinal("Десятый отдел"))[0] == \
        ["10 отдел", "10 отдел", "Сталину"]
    assert values.ordinal("Tench Department") is None


def test_a_rule_under_a_typed_digit_is_no_part_of_its_glyph():
    import numpy as np

    from pipeline.fields import glyphs

    ink = np.zeros((60, 80), np.uint8)
    ink[8:44, 30:52] = 255      # a digit's body
    ink[14:38, 36:46] = 0       # (its counter)
    ink[50:54, 20:75] = 255     # the form's rule under it
    ink[10:40, 5:20] = 255      # the sign before it
    boxes = glyphs.glyph_boxes(ink)
    assert [(x, y, w, h) for x, y, w, h in boxes] == [(5, 10, 15, 30), (30, 8, 22, 36)]
    ink[0:4, 30:52] = 255       # a bar broken off above the digit still counts as the digit's
    assert glyphs.glyph_boxes(ink)[1] == (30, 0, 22, 44)


def test_a_stop_read_as_a_comma_before_an_indented_capital_ends_the_paragraph():
    text = SEED_RU.replace('йцев приступить к об"единению.', 'йцев приступить к об"единению,')
    body = extract(page_from_text(text), get_profile(RU))[0]["body"].value
    assert 'к об"единению.\nПри этом было оговорено' in body
    # not indented: the comma stays inside one paragraph
    text = text.replace("      При этом", "При этом")
    body = extract(page_from_text(text), get_profile(RU))[0]["body"].value
    assert 'к об"единению, При этом было оговорено' in body


def _copy_number_page(three: bool):
    # "Экз. № 5" with the sign and digit read as one word "№ 5" over the form's rule; the
    # digit drawn a flat-topped 3 (or a 5 with its stem), the sign as two strokes and a ring
    import cv2
    import numpy as np
    from test_f5_s5 import _five, _flat_three

    from pipeline.model import BBox, Word

    text = SEED_RU.replace("Экз. № 1", "Экз. № 5")
    page = page_from_text(text)
    line = next(ln for ln in page.regions[0].lines if ln.text.endswith("№ 5"))
    sign, digit = line.words[-2], line.words[-1]
    x0, y0 = int(sign.bbox.x0), int(sign.bbox.y0)
    word = Word("№ 5", BBox(x0, y0 - 4, x0 + 60, y0 + 64), 0.9)
    line.words[-2:] = [word]
    ink = np.zeros((2000, 2000), np.uint8)
    cv2.line(ink, (x0 + 1, y0 + 44), (x0 + 1, y0 + 8), 255, 3)     # the sign's N
    cv2.line(ink, (x0 + 1, y0 + 8), (x0 + 13, y0 + 44), 255, 3)
    cv2.line(ink, (x0 + 13, y0 + 44), (x0 + 13, y0 + 8), 255, 3)
    (_flat_three if three else _five)(ink, x0 + 30, y0 - 2, 2.0)
    ink[y0 + 57:y0 + 60, x0 + 25:x0 + 58] = 255      # the rule under the digit
    gray = np.full((2000, 2000), 255, np.uint8)
    gray[ink > 0] = 30
    page.masks["gray"] = gray
    assert digit.text == "5"
    return page


def test_a_copy_number_read_with_its_sign_over_the_rule_is_set_right_by_its_shape():
    fields, review = extract(_copy_number_page(True), get_profile(RU))
    assert fields["copy_number"].value == "3"
    assert any(r.reason.startswith("field copy_number: '№ 5' taken as '№ 3'") for r in review)
    fields, review = extract(_copy_number_page(False), get_profile(RU))
    assert fields["copy_number"].value == "5"
    assert not any("shape of a 3" in r.reason for r in review)


def test_an_item_read_on_the_copy_list_s_heading_line_is_the_list_s():
    from test_f9_s7 import EN, SEED_EN

    head = next(ln for ln in SEED_EN.splitlines() if ln.startswith("Copies"))
    first = SEED_EN.splitlines()[SEED_EN.splitlines().index(head) + 1]
    text = SEED_EN.replace(f"{head}\n{first}", f"{head} {first.replace('. ', '. ~ ', 1)}")
    fields, _ = extract(page_from_text(text), get_profile(EN))
    full, _ = extract(page_from_text(SEED_EN), get_profile(EN))
    assert fields["distribution"].value == full["distribution"].value


def test_an_english_signature_whose_bracket_was_read_j_closes_the_letter():
    from test_f9_s7 import EN, SEED_EN

    for closing in ("]", "j"):
        text = SEED_EN.replace("Telegraph the fulfillment.", f"Filippov [Stalin{closing}.”\nTelegraph the fulfillment.")
        fields, _ = extract(page_from_text(text), get_profile(EN))
        assert fields["signatories"].value == ["Filippov", "VYSHINSKY"], closing
        assert fields["body"].value.endswith("Telegraph the date of departure."), closing


def test_a_time_whose_hour_or_minute_word_was_misread_still_reads():
    assert values.datetime_ru("15 «ас. 15 мин. 16/У1 195 1₂.").isoformat() == "1951-06-16T15:15:00"
    assert values.datetime_ru("5 час. 00 mus. 28/УП 195 2₂.").isoformat() == "1952-07-28T05:00:00"
    assert values.when_ru("15 ас. 15 мин. 16/У1 195 1₂.") is None  # no word for the hour
    text = _dates("Получена 5 час. 00 mus. 28/УП 195 2₂.", "Отправлена 8 час. 11 мин. 28/УП 195 2₂.", None)
    assert extract(page_from_text(text), get_profile(RU))[0]["received"].value == "1952-07-28T05:00:00"


def _word_page(first_rise: int, glyphs_after: int):
    # one word's glyphs drawn as blocks on a baseline at y=60: a first glyph `first_rise` px
    # tall, then `glyphs_after` small ones 20 px tall (some run together: fewer than letters)
    import numpy as np

    from pipeline.model import BBox, Page, Source

    gray = np.full((100, 300), 255, np.uint8)
    gray[60 - first_rise:60, 10:24] = 20
    for k in range(glyphs_after):
        gray[40:60, 30 + 18 * k:44 + 18 * k] = 20
    page = Page(Source("t.png", "0" * 64, 1, 300, 100))
    page.masks["gray"] = gray
    return page, BBox(5, 32, 30 + 18 * glyphs_after + 5, 62)


def test_a_cyrillic_word_whose_glyphs_ran_together_is_weighed_against_all_its_other_glyphs():
    from pipeline.fields import capitals

    # "Следующего": 10 letters, 9 glyphs (two ran together); its С as tall as the small letters
    page, box = _word_page(22, 8)
    assert capitals.first_is_small(page, "Следующего", box, 1.16)
    # a capital rises well above them: kept
    page, box = _word_page(28, 8)
    assert not capitals.first_is_small(page, "Следующего", box, 1.16)
    # a Latin word's small letters rise to different heights: unpaired glyphs tell nothing
    page, box = _word_page(22, 8)
    assert not capitals.first_is_small(page, "Specialist", box, 1.16)


def test_the_russian_body_takes_a_capital_rising_115_of_its_small_letters_for_a_small_letter():
    from pipeline.fields import capitals

    cut = float(get_profile(RU).fields["body"]["small_by_height"])
    page, box = _word_page(23, 4)  # "Груза" read for "груза": 23 px over small letters of 20
    assert capitals.first_is_small(page, "Груза", box, cut)
    page, box = _word_page(24, 4)  # 1.2: a capital inside a sentence (Москву, Вам) rises so
    assert not capitals.first_is_small(page, "Груза", box, cut)
