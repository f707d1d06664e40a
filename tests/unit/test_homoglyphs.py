import pytest

from pipeline.postcorrect import (cyrillic_share, fix_case, fix_line, fix_subscript, fix_word,
                                  fix_zeros, narrow_lang, script_letters, with_script_model)


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


@pytest.mark.parametrize("read, rises, meant", [
    ("КОПИЯ", [31, 26, 26, 25, 26], "Копия"),            # only the first glyph is a capital
    ("исполнение", [31] + [26] * 9, "Исполнение"),
    ("соколов", [31, 32, 31, 31, 33, 32, 32], "СОКОЛОВ"),  # every glyph a capital's height
    ("ВЫШИНСКОМУ", [29] + [26] * 10, "Вышинскому"),       # Ы is two glyphs side by side
])
def test_case_follows_the_glyphs_rise(read, rises, meant):
    assert fix_case(read, rises, x_height=26.0) == meant


@pytest.mark.parametrize("read, rises", [
    ("КОПИЯ", [31, 31, 31, 30, 31]),      # capitals throughout
    ("соколов", [26, 26, 27, 26, 26, 26, 26]),  # small letters at the x-height
    ("СОВ.", [29, 29, 28, 7]),            # no x-height reading contradicts it
    ("соколов", [31, 32, 31]),            # glyphs and letters do not pair up
    ("стол", [33, 26, 31, 26]),           # uneven: a broken glyph, not a capital
    ("бок", [33, 26, 26]),                # б rises like a capital
    ("они", [31, 31, 30]),                # too short to call capitals by height alone
    ("молотов", [31, 33, 31, 38, 31, 31, 32]),  # uneven: a glyph joined to a speck
])
def test_case_stays_when_the_glyphs_agree_or_cannot_tell(read, rises):
    assert fix_case(read, rises, x_height=26.0) == read


def test_no_x_height_no_capitals_from_height_alone():
    assert fix_case("соколов", [31, 32, 31, 31, 33, 32, 32], None) == "соколов"


def test_a_small_last_digit_on_the_line_is_a_subscript():
    # "195 0₂." as read: "02." with the 2 half the height of the 0, standing on the line
    assert fix_subscript("02.", [(0, 0, 23, 34), (29, 15, 40, 31), (46, 27, 50, 32)]) == "0₂."
    # digits of one size, a raised small figure, or glyphs that do not pair up: left alone
    assert fix_subscript("02.", [(0, 0, 23, 34), (29, 1, 45, 34), (46, 27, 50, 32)]) == "02."
    assert fix_subscript("02", [(0, 0, 23, 34), (29, 0, 40, 14)]) == "02"
    assert fix_subscript("02.", [(0, 0, 23, 34), (29, 15, 40, 31)]) == "02."
    assert fix_subscript("Б2", [(0, 0, 23, 34), (29, 15, 40, 31)]) == "Б2"


def test_digits_drawn_as_closed_ovals_are_zeros():
    assert fix_zeros("8609", [False, False, True, True]) == "8600"
    assert fix_zeros("19", [False, True]) == "10"
    assert fix_zeros("14/У", [False, True, False, False]) == "14/У"  # not a number
    assert fix_zeros("8609", [False, False, True]) == "8609"  # glyphs do not pair up
    assert fix_zeros("38", [True, True]) == "38"  # only what a zero is misread as


@pytest.mark.parametrize("lang, installed, expected", [
    ("rus", {"rus", "Cyrillic"}, "rus+Cyrillic"),             # Debian's name
    ("rus+ukr", {"script/Cyrillic"}, "rus+ukr+script/Cyrillic"),  # upstream's name
    ("rus", {"rus", "Cyrillic", "script/Cyrillic"}, "rus+Cyrillic"),  # one of them only
    ("rus", {"rus"}, "rus"),                                  # not installed
    ("rus+eng", {"Cyrillic", "Latin"}, "rus+eng"),            # two scripts: as asked
    ("eng", {"Cyrillic"}, "eng"),                             # no Cyrillic model asked for
    ("Cyrillic+rus", {"Cyrillic"}, "Cyrillic+rus"),           # already there
    ("xyz", {"Cyrillic"}, "xyz"),                             # a model of unknown script
])
def test_a_one_script_reading_takes_its_script_model_after_its_languages(lang, installed,
                                                                          expected):
    assert with_script_model(lang, installed) == expected
