import pytest

from pipeline.evaluation.normalize import fold, join_letter_spaced, normalize


@pytest.mark.parametrize("text, expected", [
    ("Ф и л и п п о в\".", "Филиппов\"."),
    ("О С О Б А Я", "ОСОБАЯ"),
    ("к а с с а", "касса"),
    # words of a letter-spaced phrase are separated by two or more spaces
    ("П р и к а з  п о  ш т а б у", "Приказ по штабу"),
])
def test_letter_spaced_words_are_joined(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", [
    "а я в Москве",          # three ordinary one-letter words in a row
    "Сталин и с ним",        # two one-letter words
    "пункты a, b, c",        # punctuation breaks a run
    "Н. С. Хрущев",          # initials
    "1 2 3 4",               # digits are not letters
])
def test_ordinary_one_letter_words_stay_apart(text):
    assert normalize(text) == text


def test_spaced_single_letter_words_only_collapsed():
    assert normalize("и  с  к") == "и с к"


def test_typewriter_quote_inside_word_is_hard_sign():
    assert normalize('об"единению') == "объединению"
    assert normalize("об'явление") == "объявление"
    assert normalize('ОБ"ЕДИНЕНИЕ') == "ОБЪЕДИНЕНИЕ"
    # a quote that opens or closes a word stays a quote
    assert normalize('"Тов. Мао-Дзе-Дун !') == '"Тов. Мао-Дзе-Дун !'


def test_quotes_and_dashes_unified():
    assert normalize("«Тов. Мао» — да – нет „x“ ‘y’") == "\"Тов. Мао\" - да - нет \"x\" 'y'"


def test_line_end_hyphenation_joined_only_before_lower_case():
    assert normalize("при-\n  ступить к об-\nщему") == "приступить к общему"
    assert normalize("Мао-\nДзе") == "Мао-\nДзе"


def test_diplomatic_only_nfc_and_spacing():
    text = "cafe\u0301  «x»\n\n\n  об\"ект  -\nq "
    assert normalize(text, "diplomatic") == "caf\u00e9 «x»\nоб\"ект -\nq"


def test_both_modes_collapse_space_and_blank_lines():
    for mode in ("diplomatic", "normalized"):
        assert normalize("a  b\r\n\r\n\t c   d ", mode) == "a b\nc d"


def test_unknown_mode_rejected():
    with pytest.raises(ValueError):
        normalize("x", "raw")


def test_fold_case_and_punctuation():
    assert fold("Тов. Мао-Дзе, Дун!", ignore_case=True) == "тов. мао-дзе, дун!"
    assert fold("Тов. Мао-Дзе, Дун!", ignore_punctuation=True) == "Тов МаоДзе Дун"
    assert fold("A , b", ignore_punctuation=True) == "A b"


def test_join_letter_spaced_keeps_surroundings():
    assert join_letter_spaced('сказал "Ф и л и п п о в", затем') == 'сказал "Филиппов", затем'
