"""H10 (session 7): digits on degraded pages: an index figure read as a digit, a stop or a sign,
and a lone `З` read for the digit 3."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.engines.tesseract import OcrWord
from pipeline.model import BBox, Page, Region, Source
from pipeline.postcorrect import (
    fix_index,
    fix_line,
    index_reading,
    lone_three,
    read_index,
)
from pipeline.wordfix import fill_region, usual_index, word_glyphs

# Glyph boxes (x0, y0, x1, y1) as the dev pages' ink gives them: full figures 32 px tall, the
# form's printed index 20 px standing a little below the line, a stop 6 px.
FIGURE = [(0, 0, 20, 32), (24, 1, 44, 32), (48, 0, 68, 32)]
INDEX = (72, 18, 83, 38)
STOP = (86, 27, 91, 33)


def test_index_read_as_a_digit_a_stop_or_a_sign_is_written_as_an_index():
    assert fix_index("12.", FIGURE[:1] + [INDEX, STOP], None) == "1₂."
    assert fix_index("12.", FIGURE[:1] + [INDEX], None) == "1₂."  # the stop's glyph lost
    assert fix_index("2..", FIGURE[:1] + [INDEX, STOP], "2") == "2₂."
    assert fix_index("1>", FIGURE[:1] + [INDEX], "2") == "1₂"
    assert fix_index("6.2.", FIGURE[:1] + [INDEX, STOP], None) == "6₂."
    # Year's figures joined to the index: the full figures are kept, the index written.
    assert fix_index("1952..", FIGURE + [(72, 0, 92, 32), (96, 18, 107, 38), (110, 27, 115, 33)],
                     "2") == "1952₂."


def test_index_left_alone_without_the_ink_or_the_figure():
    # Nothing says which figure it is: no digit read, none usual on the block.
    assert fix_index("2..", FIGURE[:1] + [INDEX, STOP], None) == "2.."
    # Two digits read for it: not one figure.
    assert fix_index("123", FIGURE[:1] + [INDEX, STOP], None) == "123"
    # Glyphs of one height: a plain number; a stop after it is no index.
    assert fix_index("12.", FIGURE[:2] + [STOP], "2") == "12."
    assert fix_index("1.", FIGURE[:1] + [STOP], "2") == "1."
    # A small glyph up on the line (a degree sign, a quote) is no index.
    assert fix_index("1>", FIGURE[:1] + [(24, 0, 35, 14)], "2") == "1>"
    # Words with letters, and numbers already written with their index.
    assert fix_index("1г.", FIGURE[:1] + [INDEX, STOP], "2") == "1г."
    assert fix_index("1₂.", FIGURE[:1] + [INDEX, STOP], "3") == "1₂."
    assert index_reading("12.", []) is None


def test_read_index_and_the_usual_index_of_a_block():
    assert read_index("195 1₂.") == "2" and read_index("12.") is None
    w = lambda t: OcrWord(t, (0, 0, 100, 40), 0.9, 1, 1, 1)
    glyphs = [FIGURE[:1] + [INDEX, STOP], FIGURE[:1] + [INDEX, STOP], FIGURE[:1] + [INDEX, STOP]]
    assert usual_index([w("12."), w("32."), w("2..")], glyphs) == "2"
    # Two figures read as often: none is usual.
    assert usual_index([w("12."), w("13."), w("2..")], glyphs) is None
    assert usual_index([w("12."), w("32.")], [FIGURE[:3], FIGURE[:3]]) is None


def test_lone_ze_is_the_digit_three_but_in_a_letter_spaced_run():
    assert _russian_line(["Получена", "З", "час.", "44", "мин."]) == ["Получена", "3", "час.", "44", "мин."]
    assert _russian_line(["ЛЕБЕДЕВ", "з", "экз."]) == ["ЛЕБЕДЕВ", "3", "экз."]
    assert _russian_line(["Экз.", "№", "З", "С", "Р", "О", "Ч", "Н", "О"])[2] == "3"
    assert _russian_line(["З", "А", "К", "А", "З"]) == ["З", "А", "К", "А", "З"]
    assert lone_three(["Зал", "З."], 1) == "З."  # an initial
    assert lone_three(["Зал"], 0) == "Зал"


def test_fill_region_writes_the_index_from_the_ink():
    """Through the word stage: the ink of `1` and a small index figure on a page read as `12.`."""
    ink = np.zeros((60, 140), np.uint8)
    ink[10:42, 10:16] = 255  # the `1`
    ink[28:48, 30:42] = 255  # the index, below the line
    ink[37:43, 46:51] = 255  # the stop
    page = Page(Source("t.png", "0" * 64, 1, 140, 60), image=ink)
    page.masks["ink"] = ink
    word = OcrWord("12.", (5, 5, 60, 50), 0.9, 1, 1, 1)
    region = Region("r1", "text", BBox(0, 0, 140, 60), 0.0)
    fill_region(region, [word], [word_glyphs(ink, word)], page, None, 32.0, True, None)
    assert region.text == "1₂."


def test_a_list_number_that_breaks_its_column_count_is_set_between_its_neighbours():
    from pipeline.postcorrect import fix_list_numbers

    def column(*numbers):
        return [[(n, 100.0), ("Тов.", 150.0)] for n in numbers]

    firsts = lambda lines: [line[0] for line in lines]
    assert firsts(fix_list_numbers(column("5.", "5.", "7.", "8."), 20.0)) == ["5.", "6.", "7.", "8."]
    assert firsts(fix_list_numbers(column("1.", "2.", "9.", "4."), 20.0)) == ["1.", "2.", "3.", "4."]
    # The last of a column has no number below it to tell; three figures may be no list.
    assert firsts(fix_list_numbers(column("1.", "2.", "3.", "5."), 20.0)) == ["1.", "2.", "3.", "5."]
    assert firsts(fix_list_numbers(column("12.", "15.", "14."), 20.0)) == ["12.", "15.", "14."]
    # The rest of the column does not count on by one: other figures, left alone.
    assert firsts(fix_list_numbers(column("12.", "15.", "14.", "20."), 20.0))[1] == "15."
    # Numbers of another column (another left edge) are not counted with these.
    lines = [[("5.", 100.0)], [("5.", 100.0)], [("7.", 400.0)], [("8.", 400.0)]]
    assert firsts(fix_list_numbers(lines, 20.0)) == ["5.", "5.", "7.", "8."]


def _russian_line(words: list[str]) -> list[str]:
    """A line's words as the word stage corrects a Russian page's line."""
    words = fix_line(words)
    return [lone_three(words, k) for k in range(len(words))]


@pytest.mark.parametrize("lang, meant", [("rus+Cyrillic", "Лист 3"), ("ukr", "Лист з")])
def test_a_lone_ze_is_a_three_only_on_a_page_read_in_russian(lang, meant):
    # Ukrainian and Belarusian have the word `з` ("from"): only a Russian page has no such word.
    ink = np.zeros((60, 300), np.uint8)
    page = Page(Source("t.png", "0" * 64, 1, 300, 60), image=ink)
    page.masks["ink"] = ink
    page.engine = {"lang": lang}
    words = [OcrWord("Лист", (5, 5, 120, 50), 0.9, 1, 1, 1), OcrWord("з", (160, 5, 190, 50), 0.9, 1, 1, 1)]
    region = Region("r1", "text", BBox(0, 0, 300, 60), 0.0)
    fill_region(region, words, [[], []], page, None, 32.0, True, None)
    assert region.text == meant
