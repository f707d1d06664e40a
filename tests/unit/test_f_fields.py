"""Session 4 field fixes: rows OCR split in two, debris before a marking, vocabularies that
snap a near reading, times re-read on a line whose date is unreadable, a letter's first capital,
a sender named through the copy list, a title's stop, a signature split by the pitch."""

from test_fields import SEED_RU, TRUTH_RU, page_from_text

from pipeline.fields import values
from pipeline.fields.extract import extract, reads_as
from pipeline.fields.finders import sentence_case
from pipeline.fields.lines import page_lines
from pipeline.model import BBox, Line, Page, Region, Source, Word
from pipeline.profiles import get_profile


def _line(words: list[tuple[str, int]], y: int, conf: float = 0.95) -> Line:
    # words as (text, x); 12 px a character, 30 px tall from y
    ws = [Word(t, BBox(x, y, x + 12 * len(t), y + 30), conf) for t, x in words]
    return Line(BBox.enclosing([w.bbox for w in ws]), " ".join(t for t, _ in words), conf, ws)


def _page(lines: list[Line]) -> Page:
    region = Region("r1", "text", BBox.enclosing([ln.bbox for ln in lines]), 0.9, lines=lines)
    page = Page(Source("t.png", "0" * 64, 1, 2000, 2000), regions=[region])
    page.text = "\n".join(ln.text for ln in lines)
    return page


def test_labels_and_values_read_as_two_lines_of_one_row_are_one_line_again():
    # "Куда Кому" on one line, "БУХАРЕСТ СОВПОСОЛ Экз. №1" (typed between them, 2 px higher)
    # on another: the row's words are put back in their order across the page
    labels = _line([("Куда", 100), ("Кому", 400)], 302)
    values_ = _line([("БУХАРЕСТ", 170), ("СОВПОСОЛ", 470), ("Экз.", 590), ("№1", 650)], 300)
    below = _line([("О", 900), ("С", 930), ("О", 960), ("Б", 990), ("А", 1020), ("Я", 1050)], 360)
    lines = page_lines(_page([values_, labels, below]))
    assert [ln.text for ln in lines] == ["Куда БУХАРЕСТ Кому СОВПОСОЛ Экз. №1", "О С О Б А Я"]
    assert [w.text for w in lines[0].words][:2] == ["Куда", "БУХАРЕСТ"]
    # the merged line's spans still find their words' boxes
    assert lines[0].span_box(5, 13) == values_.words[0].bbox


def test_lines_that_overlap_in_x_or_sit_on_other_rows_stay_apart():
    a = _line([("Получена", 100), ("4", 220)], 300)
    b = _line([("Отправлена", 100), ("5", 250)], 318)  # overlaps a lot, but words collide in x
    c = _line([("Спец.", 600)], 340)  # side by side, but mostly on the next row
    lines = page_lines(_page([a, b, c]))
    assert [ln.text for ln in lines] == ["Получена 4", "Отправлена 5", "Спец."]


def test_split_address_row_gives_destination_addressee_and_what_follows():
    text = SEED_RU.replace("Куда ПЕКИН Кому СОВПОСОЛ Экз. № 1", "Куда Кому")
    page = page_from_text(text)
    # OCR put the values of the address row on a line of their own, just above the labels
    region = page.regions[0]
    k = next(i for i, ln in enumerate(region.lines) if ln.text == "Куда Кому")
    y = region.lines[k].bbox.y0
    region.lines[k:k + 1] = [
        _line([("ПЕКИН", 160), ("СОВПОСОЛ", 292), ("Экз.", 400), ("№", 460), ("1", 484)], y - 2),
        _line([("Куда", 100), ("Кому", 232)], y)]
    fields, _ = extract(page, get_profile("mfa-ciphered-telegram"))
    got = {name: f.value for name, f in fields.items()}
    for name in ("destination", "addressee", "copy_number", "marking", "recipient_line", "body"):
        assert got[name] == TRUTH_RU[name], name


def test_a_debris_line_before_the_marking_is_passed_over():
    text = SEED_RU.replace("О С О Б А Я", "|\n| О С О Б А Я")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["marking"].value == "ОСОБАЯ"
    assert fields["recipient_line"].value == "Для Мао-Дзе-Дуна."


def test_addressee_read_nearly_right_takes_the_ministrys_code_word_and_others_stay():
    for read, want in (("СОБПОСОЛ", "СОВПОСОЛ"), ("СОВПОСООЛ", "СОВПОСОЛ"), ("ПОСЛАННИК", "ПОСЛАННИК"),
                       ("МИНИСТР", "МИНИСТР")):
        text = SEED_RU.replace("Кому СОВПОСОЛ", f"Кому {read}")
        fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
        assert fields["addressee"].value == want
        assert any("field addressee" in r.reason for r in review) == (read != want)


def test_three_letter_words_snap_with_one_edit_shorter_ones_never():
    assert values.snap_edits("для") == 1
    assert values.snap_edits("в") == 0 and values.snap_edits("по") == 0
    assert values.snap_words("Дия тов. Ковалева.", ["для", "тов"]) == "Для тов. Ковалева."
    assert values.snap_words("Ким.", ["для", "тов"]) == "Ким."  # three edits away: a name stays
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.", "Дия тов. Ковалева.")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value == "Для тов. Ковалева."


def test_a_time_reads_as_a_value_though_its_date_is_unreadable():
    spec = get_profile("mfa-ciphered-telegram").fields["sent"]
    assert reads_as(spec, "7 час. 33 мин. 18 / ТУ 195 1..")  # month "ТУ": the other dates give it
    assert not reads_as(spec, "7 час. 93 мин. 18/1У 195 1.")  # a minute over its limit
    assert not reads_as(spec, "7 час. мин. 18/1У 195 1.")  # no minute


def test_a_letters_paragraphs_start_with_a_capital_and_no_speck():
    assert sentence_case("отпуск сотрудникам. .Согласны с этим.") == "Отпуск сотрудникам. Согласны с этим."
    assert sentence_case('"тов. Мао") ') == '"Тов. Мао") '
    # a stop between words that is not before a capital is left as read
    assert sentence_case("Текст . .и далее") == "Текст . .и далее"


def test_a_sender_read_with_letters_lost_is_the_copy_list_entry_it_is_clearly_like():
    from pipeline.fields.names import confirm_names
    endings = [["ому", "ий"], ["у", ""]]
    others = ["Лебедеву", "Молотову", "10 отдел", "Копия"]
    assert confirm_names(["БЕДЕВ"], others, endings, similarity=0.6) == ["ЛЕБЕДЕВ"]
    assert confirm_names(["БЕДЕВ"], others, endings) == ["БЕДЕВ"]  # without it: too far
    # a name like two entries alike, or like none, stays as read
    assert confirm_names(["ЕТОВ"], ["Петрову", "Пестову"], endings, similarity=0.6) == ["ЕТОВ"]
    assert confirm_names(["Филиппов"], others, endings, similarity=0.6) == ["Филиппов"]
    assert confirm_names(["ЛОВ"], ["Орлову"], endings, similarity=0.6) == ["ЛОВ"]  # too short
    assert confirm_names(["ININ"], ["Voronin", "Orlov"], [], True, 0.4) == ["VORONIN"]  # 0.43 alike


def test_the_stop_after_a_title_read_as_a_comma_is_put_back():
    assert values.abbreviation_stops("For Cde, Petrov.", ["Cde", "Comr"]) == "For Cde. Petrov."
    assert values.abbreviation_stops("Для тов; Ковалева.", ["тов"]) == "Для тов. Ковалева."
    assert values.abbreviation_stops("Для Стов, и", ["тов"]) == "Для Стов, и"  # not the word
    assert values.abbreviation_stops("Послу,", ["тов"]) == "Послу,"
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.", "Для тов, Ковалева.")
    fields, review = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value == "Для тов. Ковалева."
    assert any("field recipient_line" in r.reason for r in review)


def test_a_signature_with_its_last_letter_split_off_is_one_name_and_ends_the_letter():
    assert values.person_name('Филиппо в".') == "Филиппов"
    assert values.person_name("Мао Цзэдун") == "Мао Цзэдун"  # two names are two words
    text = SEED_RU.replace('Ф и л и п п о в".', 'Филиппо в".')
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]
    assert fields["body"].value == TRUTH_RU["body"]


def test_a_recipient_line_takes_the_letter_case_of_its_formula():
    words = get_profile("mfa-ciphered-telegram").fields["recipient_line"]["words"]
    assert values.formula_case("для посла.", words) == "Для посла."
    assert values.formula_case("Для Тов. Николаева.", words) == "Для тов. Николаева."
    assert values.formula_case("Поверенному В делах.", words) == "Поверенному в делах."
    assert values.formula_case("Для Мао-Дзе-Дуна.", words) == "Для Мао-Дзе-Дуна."  # names stay
    text = SEED_RU.replace("Для Мао-Дзе-Дуна.", "для Тов. Николаева.")
    fields, _ = extract(page_from_text(text), get_profile("mfa-ciphered-telegram"))
    assert fields["recipient_line"].value == "Для тов. Николаева."
