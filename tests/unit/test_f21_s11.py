"""Session 11, Russian bodies (helper F21): a pronoun, preposition or conjunction read with a
capital inside a sentence (its capital a twin of its small letter, or its letters run together
so that their heights cannot tell) was typed small; a name or the polite `Вам` keeps its
capital."""

import pytest

from pipeline.fields import spelling


@pytest.mark.parametrize("read, typed", [
    ("никаких заявлений по Этому вопросу не делайте.", "никаких заявлений по этому вопросу не делайте."),
    ("сообщите Что решение принято.", "сообщите что решение принято."),
    ("группу специалистов Которые прибудут", "группу специалистов которые прибудут"),
])
def test_a_closed_class_word_inside_a_sentence_is_small(read, typed):
    text, changed = spelling.spell_text(read, "ru")
    assert text == typed
    assert len(changed) == 1 and spelling.reason(*changed[0], "ru").startswith("a pronoun")


@pytest.mark.parametrize("text", [
    "поручаем Вам передать министру",            # the polite pronoun is capitalised
    "направить в Москву группу специалистов",    # a name
    "Ответа нет. Этому вопросу придают значение",  # a sentence starts
    "вручить Его Превосходительству ноту",       # a title before a capital
    "к об\"единению, При этом было оговорено",  # after a comma that may be a stop read so
    "сотрудникам торгпредстваі Если ответ",      # the stop read as a letter of another alphabet
])
def test_capitals_that_may_be_typed_stay(text):
    assert spelling.spell_text(text, "ru") == (text, [])
