"""Session 4, typed text: the `Ш` read from its glyph, dates cut apart by Tesseract joined, a
form's blanks counted alike, the case of a word with one short glyph."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.lines import joins_number, letter_boxes, stems_on_a_bar
from pipeline.imaging.underscores import even_counts
from pipeline.postcorrect import fix_case, fix_sha
from pipeline import wordfix

FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
         "/usr/share/fonts/truetype/freefont/FreeMono.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"]


def ink_of(text: str, font_path: str, size: int = 40) -> np.ndarray:
    """`text` drawn as ink (255) on paper (0)."""
    font = ImageFont.truetype(font_path, size)
    image = Image.new("L", (size * (len(text) + 1), 2 * size), 0)
    ImageDraw.Draw(image).text((size // 2, size // 3), text, fill=255, font=font)
    return ((np.array(image) > 127) * 255).astype(np.uint8)


def one_glyph(ch: str, font_path: str) -> np.ndarray:
    ink = ink_of(ch, font_path)
    (x0, y0, x1, y1), = letter_boxes(ink)
    return ink[y0:y1, x0:x1]


@pytest.mark.parametrize("font_path", FONTS)
def test_only_sha_is_three_stems_on_a_bar(font_path):
    assert stems_on_a_bar(one_glyph("Ш", font_path))
    assert stems_on_a_bar(one_glyph("ш", font_path))
    # what a serif Ш is misread as, and letters with stems or a foot of their own
    for ch in "ПТГНИЦЛДЖМпнтиц":
        assert not stems_on_a_bar(one_glyph(ch, font_path)), ch


def test_a_speck_is_no_sha():
    assert not stems_on_a_bar(np.full((5, 5), 255, np.uint8))


@pytest.mark.parametrize("word, sha, expected", [
    ("ПТифр", [True, False, False, False], "Шифр"),       # one glyph read as two letters
    ("ПТГифр", [True, False, False, False], "Шифр"),      # ... or three
    ("1Пифр", [True, False, False, False], "Шифр"),
    ("Пифр", [True, False, False, False], "Шифр"),        # one for one
    ("напим", [False, False, True, False, False], "нашим"),  # small letters give `ш`
    ("Шифр", [True, False, False, False], "Шифр"),        # read right already
    ("Вифр", [True, False, False, False], "Вифр"),        # not a misreading of Ш
    ("Тифр", [False, False, False, False], "Тифр"),       # the glyph is not drawn as Ш
    ("ПТПТ", [True, True], "ПТПТ"),                       # which glyph has the extra letters?
    ("ПТТТифр", [True, False, False, False], "ПТТТифр"),  # too many letters for one glyph
])
def test_letters_read_for_a_sha_glyph_become_sha(word, sha, expected):
    assert fix_sha(word, sha) == expected


@pytest.mark.parametrize("left, right, gap, joined", [
    ("17", "/Х1", 10, True),     # a cut beside a slash
    ("1/", "ХП", 5, True),
    ("195", "2₂.", 12, False),   # a form's printed 195 and the typed digit stand closer
    ("2", ".", 4, True),         # a stop after a number
    ("17", "/Х1", 20, False),    # a typed space: a pitch of paper
    ("195", "2.", 19, False),    # two numbers a space apart (0.79 pitch)
    ("3.", "Тов.", 6, False),    # a list number and its word
    ("Тов", "10", 6, False),     # letters beside a number
    ("Спец.", "/", 2, True),
])
def test_pieces_of_a_number_closer_than_a_space_are_one_word(left, right, gap, joined):
    assert joins_number(left, right, gap, pitch=24.0) is joined
    assert not joins_number(left, right, gap, pitch=None)


def test_recognize_joins_the_pieces_of_a_date_on_their_line_only():
    def w(text, x0, x1, y0=10):
        return OcrWord(text, (x0, y0, x1, y0 + 20), 0.9, 1, 1, 1)
    words = [w("мин.", 0, 60), w("17", 84, 108), w("/Х1", 115, 160), w("195", 180, 220),
             w("/", 109, 114, y0=60)]  # the slash on the next line stays there
    out = wordfix.join_numbers(words, 24.0)
    assert [x.text for x in out] == ["мин.", "17/Х1", "195", "/"]
    assert out[1].box == (84, 10, 160, 30) and out[1].confidence == 0.9


def test_recognize_sets_a_sha_glyph_misread_as_two_letters_right():
    ink = ink_of("Шифр", FONTS[0])
    ys, xs = np.nonzero(ink)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    word = OcrWord("ПТифр", box, 0.8, 1, 1, 1)
    glyphs = wordfix.word_glyphs(ink, word)
    assert len(glyphs) == 4
    assert fix_sha(word.text, wordfix._sha_flags(ink, word, glyphs)) == "Шифр"
    # a word with no misreading of Ш is not looked at
    assert wordfix._sha_flags(ink, OcrWord("ифр", box, 0.8, 1, 1, 1), glyphs) == []


# --- round 2: blanks of one form counted alike, case of a word with one short glyph ---------


def test_runs_of_one_length_on_a_page_take_one_count():
    # six printed blanks of 141 px on a 27.3 px pitch: noise broke some into six pieces
    assert even_counts([141, 140, 141, 141, 142, 141], [5, 6, 6, 5, 6, 6]) == [5] * 6


def test_runs_of_one_length_are_the_forms_blank_whatever_the_face():
    # 95 px blanks set in a face whose letters advance 23.5 px (DejaVu Serif, five 0.5 em
    # underscores): counted in its letters they were four; the archive writes five (H8, s6)
    assert even_counts([95, 95, 95, 94, 95], [4, 4, 3, 4, 4]) == [5] * 5


def test_a_run_of_another_length_or_too_few_runs_keep_their_counts():
    # the 60 px run is another blank; the rest are counted alike
    assert even_counts([141, 141, 60, 141], [6, 5, 2, 5]) == [5, 5, 2, 5]
    assert even_counts([141, 141], [6, 5]) == [6, 5]
    assert even_counts([], []) == []


@pytest.mark.parametrize("read, rises, x_height, meant", [
    ("КОПИЯ", [33, 27, 26, 26, 23], 28.0, "Копия"),   # a worn я rises less than the rest
    ("ВЫШИНСКОМУ", [29, 26, 26, 27, 27, 26, 26, 26, 27, 27, 27], 26.0, "Вышинскому"),
])
def test_one_capital_among_small_letters_that_rise_unevenly(read, rises, x_height, meant):
    assert fix_case(read, rises, x_height) == meant


@pytest.mark.parametrize("read, rises, x_height", [
    ("ИХП", [35, 27, 31], 23.0),          # two glyphs after the first: no evenness to judge
    ("КОПИЯ", [33, 27, 26, 31, 23], 28.0),  # a second glyph rises as a capital
    ("СОВПОСОЛ", [31, 31, 30, 31, 31, 30, 31, 31], 26.0),  # capitals throughout
    ("ВЫШИНСКОМУ", [29, 26, 26, 27, 27, 26, 26, 26, 27, 27, 27], None),  # no x-height
])
def test_case_stays_when_the_rest_are_not_small_letters(read, rises, x_height):
    assert fix_case(read, rises, x_height) == read


def test_a_number_sign_and_its_number_a_typed_space_apart_are_two_words():
    from pipeline.imaging.lines import spaced_sign
    sign = [(0, 0, 14, 24), (16, 4, 24, 20)]          # `№` drawn as `N` and a raised `o`
    # a space of 20 px on a 28 px pitch after the sign: the number stands apart
    assert spaced_sign("№12", sign + [(44, 0, 56, 24), (62, 0, 74, 24)], 28.0) == "№ 12"
    # 6 px: the number is typed on the sign
    assert spaced_sign("№12", sign + [(30, 0, 42, 24), (48, 0, 60, 24)], 28.0) == "№12"
    # glyphs that do not pair with the characters, no pitch, no sign: left alone
    assert spaced_sign("№12", [(44, 0, 56, 24), (62, 0, 74, 24)], 28.0) == "№12"
    assert spaced_sign("№12", sign + [(44, 0, 56, 24), (62, 0, 74, 24)], None) == "№12"
    assert spaced_sign("N12", sign + [(44, 0, 56, 24), (62, 0, 74, 24)], 28.0) == "N12"


def test_a_letter_in_a_column_of_list_numbers_is_a_number():
    from pipeline.postcorrect import fix_list_numbers
    lines = [[("1.", 10), ("Тов.", 60), ("5.", 500)],
             [("2.", 11), ("Тов.", 60), ("6.", 501)],
             [("З.", 12), ("Тов.", 60), ("т.", 503)],
             [("4.", 10), ("Тов.", 60), ("8.", 500)]]
    assert fix_list_numbers(lines, 28.0) == [["1.", "Тов.", "5."], ["2.", "Тов.", "6."],
                                             ["3.", "Тов.", "7."], ["4.", "Тов.", "8."]]


def test_a_letter_outside_a_column_of_numbers_stays():
    from pipeline.postcorrect import fix_list_numbers
    # running text: `и т. д.` under a list, the `т.` far from the numbers' column
    lines = [[("1.", 10), ("Тов.", 60)], [("2.", 11), ("Тов.", 60)],
             [("и", 10), ("т.", 300), ("д.", 340)]]
    assert fix_list_numbers(lines, 28.0)[2] == ["и", "т.", "д."]
    # one number above it is no list; no pitch, nothing judged
    assert fix_list_numbers([[("1.", 10)], [("З.", 10)]], 28.0) == [["1."], ["З."]]
    assert fix_list_numbers(lines[:2] + [[("З.", 10)]], None)[2] == ["З."]


def test_one_glyph_broken_in_two_still_shows_the_one_capital():
    # `КОПИЯ` whose `Я` is two glyphs: six rises for five letters, the first tall
    assert fix_case("КОПИЯ", [32, 27, 27, 27, 27, 27], 27.0) == "Копия"
    # all tall: capitals throughout; capitals by height alone are not judged on a broken word
    assert fix_case("КОПИЯ", [32, 31, 31, 31, 31, 31], 27.0) == "КОПИЯ"
    assert fix_case("соколов", [31, 32, 31, 31, 33, 32, 32, 31], 26.0) == "соколов"
    # two glyphs more than letters: no pairing at all
    assert fix_case("КОПИЯ", [32, 27, 27, 27, 27, 27, 27], 27.0) == "КОПИЯ"
