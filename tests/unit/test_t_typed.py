"""Session 4, typed text: the `Ш` read from its glyph, dates cut apart by Tesseract joined."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.lines import joins_number, letter_boxes, stems_on_a_bar
from pipeline.postcorrect import fix_sha
from pipeline.stages import recognize

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
    out = recognize._join_numbers(words, 24.0)
    assert [x.text for x in out] == ["мин.", "17/Х1", "195", "/"]
    assert out[1].box == (84, 10, 160, 30) and out[1].confidence == 0.9


def test_recognize_sets_a_sha_glyph_misread_as_two_letters_right():
    ink = ink_of("Шифр", FONTS[0])
    ys, xs = np.nonzero(ink)
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    word = OcrWord("ПТифр", box, 0.8, 1, 1, 1)
    glyphs = recognize._glyphs(ink, word)
    assert len(glyphs) == 4
    assert fix_sha(word.text, recognize._sha_flags(ink, word, glyphs)) == "Шифр"
    # a word with no misreading of Ш is not looked at
    assert recognize._sha_flags(ink, OcrWord("ифр", box, 0.8, 1, 1, 1), glyphs) == []
