"""Session 12, Russian telegram fields (helper F22): punctuation OCR lost or misread in the
body (the comma before `что`, a comma read as a stop, a speck after a comma), `И` read for the
conjunction, a `д` read `н`, a faded last letter, a sentence's first capital read as a
look-alike; a speck inside the marking, debris after the recipient line's stop and the
salutation's `!`, and a doubled `Ы` in the sender's name."""

import pytest

from pipeline import lexicon
from pipeline.fields import spelling

needs_list = pytest.mark.skipif(not lexicon.words("rus"), reason="no rus word list installed")


@needs_list
@pytest.mark.parametrize("read, typed", [
    ("Сообщите финнам что наша часть комиссии готова", "Сообщите финнам, что наша часть комиссии готова"),
    ("Примите меры к тому чтобы приемка груза", "Примите меры к тому, чтобы приемка груза"),
    ("Просим сообщить даты. удобные польской стороне.", "Просим сообщить даты, удобные польской стороне."),
    ("Сообщите французам, . что программа будет", "Сообщите французам, что программа будет"),
    ("Упакуйте архив в ящики И отправьте с дипкурьерами", "Упакуйте архив в ящики и отправьте с дипкурьерами"),
    ("о порянке работы бюро", "о порядке работы бюро"),
    ("О ходе ремонта сообщайте еженедельн.", "О ходе ремонта сообщайте еженедельно."),
    ("Лолучение Вашего письма подтверждаем.", "Получение Вашего письма подтверждаем."),
])
def test_a_body_s_lost_or_misread_marks_and_letters_are_put_back(read, typed):
    text, changed = spelling.spell_text(read, "ru")
    assert text == typed
    assert len(changed) == 1 and spelling.reason(*changed[0], "ru")


@needs_list
@pytest.mark.parametrize("text", [
    "Ответ задержан потому что нет связи",   # a conjunction of two words: no comma inside it
    "для того чтобы приемка прошла",         # ... nor in "для того чтобы"
    "ни за что не соглашаться",              # a preposition governs `что`
    "Дела рассмотрены. согласны ли они",     # `с` may be a sentence's capital `С` read small
    "т. е. они согласны",                    # an abbreviation's stop
    "Просим сообщить даты. Удобные дни",     # a sentence starts
    "Гусев прибыл в Москву",                 # a name: no listed word from its capital
])
def test_marks_and_capitals_that_may_be_typed_stay(text):
    assert spelling.spell_text(text, "ru") == (text, [])


def _russian(old: str, new: str) -> dict:
    from test_fields import SEED_RU, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    assert old in SEED_RU
    fields, _ = extract(page_from_text(SEED_RU.replace(old, new)), get_profile("mfa-ciphered-telegram"))
    return {k: f.value for k, f in fields.items()}


def test_a_speck_read_as_a_stop_inside_the_marking_is_none_of_its_letters():
    got = _russian("О С О Б А Я\n", "СРОЧН.О\n")
    assert (got["marking"], got["recipient_line"]) == ("СРОЧНО", "Для Мао-Дзе-Дуна.")


def test_debris_after_the_recipient_line_s_stop_and_the_salutation_s_mark_is_dropped():
    got = _russian("Для Мао-Дзе-Дуна.\n\"Тов. Мао-Дзе-Дун !\n", "Послу. 4\nТоварищ посол ! $\n")
    assert got["recipient_line"] == "Послу."
    assert got["body"].startswith("В беседе с корейскими")


def test_a_doubled_y_in_the_sender_s_name_is_one():
    got = _russian("ВЫШИНСКИЙ\n", "ВЫЫШИНСКИЙ\n")
    assert "ВЫШИНСКИЙ" in got["signatories"]


def test_the_department_s_item_read_with_a_capital_is_small():
    got = _russian("3. Тов. 10 отдел\n", "3. Тов. 10 Отдел\n")
    assert "10 отдел" in got["distribution"]


@pytest.mark.parametrize("read, typed", [
    ('подлежит отправке в Москву. "Упакуйте архив.', "подлежит отправке в Москву. Упакуйте архив."),
    ("отправьте с дипкурьерами по ‚описи в двух", "отправьте с дипкурьерами по описи в двух"),
])
def test_a_speck_read_as_a_quote_before_a_word_is_dropped(read, typed):
    from pipeline.fields import prose

    assert prose.unpaired_quote(prose.typed_marks(read)) == typed


@pytest.mark.parametrize("text", [
    'сообщает газета. "Правда" пишет',         # a quotation closed
    'к об"единению. При этом',                 # the hard sign's quote inside a word
])
def test_a_quote_that_may_be_typed_stays(text):
    from pipeline.fields import prose

    assert prose.unpaired_quote(prose.typed_marks(text)) == text


@pytest.mark.parametrize("read, typed", [
    ("визит может состояться осенью. И.", "визит может состояться осенью."),  # a mark read as a letter
    ("поручение передано тов. И.", "поручение передано тов. И."),          # an initial after a title
])
def test_a_lone_capital_after_the_paragraph_s_last_sentence_is_debris(read, typed):
    from pipeline.fields import prose

    assert prose.paragraph_end(read) == typed
