import pytest

from pipeline.postcorrect import (cyrillic_share, fix_line, fix_word, narrow_lang,
                                        script_letters)


@pytest.mark.parametrize("read, meant", [
    ("Tов.", "Тов."),      # Latin T inside a Cyrillic word
    ("ПOCЛAHHИK", "ПОСЛАННИК"),
    ("З/У", "3/У"),        # a date: day 3 of month V
    ("1О", "10"),          # Cyrillic O between digits
    ("O5", "05"),          # Latin O before a digit
    ("3.", "3."),
])
def test_words_with_cyrillic_or_digits_are_set_right(read, meant):
    assert fix_word(read, cyrillic_line=False) == meant


@pytest.mark.parametrize("word", ["Tor.", "MOSCOW", "ЗАКАЗ", "З", "Захарову", "СОВ.", "OK"])
def test_words_that_could_mean_something_else_stay(word):
    # 'r' and 'W' have no Cyrillic twin; З and О without a digit beside them are letters
    assert fix_word(word, cyrillic_line=False) == word


def test_all_latin_look_alikes_become_cyrillic_only_on_a_cyrillic_line():
    assert fix_line(["COB.", "СЕКРЕТНО"]) == ["СОВ.", "СЕКРЕТНО"]
    assert fix_line(["21/Y", "мин."]) == ["21/У", "мин."]
    assert fix_line(["TAXE", "PERCUE", "COB"]) == ["TAXE", "PERCUE", "COB"]


def test_cyrillic_share_counts_letters_only():
    assert cyrillic_share(["Тов.", "12", "ok"]) == pytest.approx(3 / 5)
    assert cyrillic_share(["12", "--"]) == 0.0


def test_script_letters_counts_each_script():
    assert script_letters("Тов. Smith, 12") == {"Cyrillic": 3, "Latin": 5}


@pytest.mark.parametrize("letters, lang", [
    ({"Cyrillic": 95, "Latin": 5}, "rus"),       # a Russian page: eng left out
    ({"Cyrillic": 2, "Latin": 94}, "eng"),       # an English page: rus left out
    ({"Cyrillic": 60, "Latin": 40}, "rus+eng"),  # both scripts: both models
    ({"Cyrillic": 20, "Latin": 0}, "rus+eng"),   # too small a sample to judge
])
def test_models_of_a_script_the_sample_lacks_are_left_out(letters, lang):
    assert narrow_lang("rus+eng", letters) == lang


def test_unknown_models_and_a_lone_model_are_kept():
    assert narrow_lang("rus+lat", {"Cyrillic": 100, "Latin": 0}) == "rus+lat"
    assert narrow_lang("eng", {"Cyrillic": 100, "Latin": 0}) == "eng"
