"""Session 7, helper H9: a capital no taller than its word's small letters is small in the page
text too (the rule shared with the fields' body), letters of other Cyrillic alphabets on a page
read in Russian are the Russian letters they are drawn from, a worn letter is set right toward
the one word Tesseract's own lexicon knows one worn stroke away."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import lexicon, wordfix
from pipeline.engines.tesseract import OcrWord
from pipeline.postcorrect import fix_worn, russian_only

MONO = "/usr/share/fonts/truetype/freefont/FreeMono.ttf"


def test_a_page_is_russian_when_read_with_the_russian_model_alone_among_cyrillic_ones():
    assert russian_only("rus+Cyrillic") and russian_only("rus") and russian_only("rus+eng")
    assert not russian_only("rus+ukr+Cyrillic")
    assert not russian_only("eng") and not russian_only("Cyrillic")


KNOWN = frozenset({"воспрещается", "отправлена", "отдел", "доверенному", "проект", "спец",
                   "лом", "лес", "дом", "захарову"})


@pytest.mark.parametrize("read, meant", [
    ("зоспрещается", "воспрещается"),   # `в` lost its stem
    ("стдел.", "отдел."),               # `о` open on the right, its stop kept
    ("«проехт»", "«проект»"),
    ("Отпразлена", "Отправлена"),       # a capital word's small letters
    ("Спен.", "Спец."),
    ("Поверенному", "Поверенному"),     # a capital's own letter is not changed (names)
    ("СОКОЛОВ", "СОКОЛОВ"),             # words of capitals are not looked at
    ("пес", "пес"),                     # too short: `лес`, `дом`... many words near it
    ("отдел", "отдел"),                 # a known word stays
    ("нрзбр", "нрзбр"),                 # nothing known one worn stroke away
    ("Захарсву", "Захарову"),
])
def test_a_worn_letter_is_set_right_only_toward_the_one_known_word(read, meant):
    assert fix_worn(read, KNOWN) == meant


def test_two_known_words_one_worn_stroke_away_leave_the_reading():
    assert fix_worn("попка", frozenset({"лопка", "допка"})) == "попка"
    assert fix_worn("зоспрещается", frozenset()) == "зоспрещается"   # no lexicon, no change


def test_the_lexicon_is_tesseracts_own_word_list():
    known = lexicon.words("rus")
    assert len(known) > 100_000
    assert {"воспрещается", "отправлена", "телеграмма"} <= known
    assert "зоспрещается" not in known
    assert lexicon.words("no-such-model") == frozenset()


def _number_on_a_rule(stop: bool) -> tuple[np.ndarray, OcrWord]:
    """`№ 4` typed on a form's rule that runs on past the digit (dev light 1002: read `№4.`),
    with a typed stop after the digit when `stop`."""
    font = ImageFont.truetype(MONO, 40)
    img = Image.new("L", (200, 80), 0)
    draw = ImageDraw.Draw(img)
    draw.text((10, 10), "№ 4." if stop else "№ 4", fill=255, font=font)
    ink = ((np.array(img) > 127) * 255).astype(np.uint8)
    ys = np.nonzero(ink)[0]
    ink[ys.max() + 4:ys.max() + 7, 60:150] = 255  # the rule, under the digit and past it
    return ink, OcrWord("№4.", (5, 5, 160, int(ys.max()) + 10), 0.8, 1, 1, 1)


def test_a_rules_end_read_as_a_numbers_stop_is_no_stop():
    ink, word = _number_on_a_rule(stop=False)
    glyphs = wordfix.word_glyphs(ink, word)
    assert wordfix.stop_from_rule(ink, word, glyphs)
    ink, word = _number_on_a_rule(stop=True)   # a stop typed there is one
    assert not wordfix.stop_from_rule(ink, word, wordfix.word_glyphs(ink, word))


def test_a_number_whose_stop_left_no_ink_at_all_is_left_as_read():
    ink, word = _number_on_a_rule(stop=False)
    ink[:, 100:] = 0  # nothing after the digit's ink but the rule's piece under it
    glyphs = wordfix.word_glyphs(ink, word)
    ink[:, glyphs[-1][2] + 5:] = 0
    assert not wordfix.stop_from_rule(ink, word, glyphs)
    assert not wordfix.stop_from_rule(ink, OcrWord("Тов.", word.box, 0.8, 1, 1, 1), glyphs)


def test_a_worn_stops_few_pixels_are_no_rule():
    # dev light 1020: a list's `2.` whose stop the ink mask kept as two pixels side by side
    ink, word = _number_on_a_rule(stop=False)
    glyphs = wordfix.word_glyphs(ink, word)
    x1, foot = glyphs[-1][2], glyphs[-1][3]
    ink[foot + 1:, :] = 0                      # no rule
    ink[foot - 2, x1 + 3:x1 + 5] = 255         # what is left of the stop
    assert not wordfix.stop_from_rule(ink, word, wordfix.word_glyphs(ink, word))


def test_a_stop_on_the_baseline_cut_by_a_tight_box_is_no_rule():
    # dev light 1020: a list's `2.` in a box so tight that the stop's middle rows, inked with
    # the digit's foot across 80% of it, were taken for a rule: the stop stands on the baseline
    ink = np.zeros((26, 25), np.uint8)
    ink[0:26, 9:14] = 255                        # the digit's stem
    ink[22:26, 0:16] = 255                       # and its foot
    ink[22:26, 20:25] = 255                      # the stop
    word = OcrWord("2.", (0, 0, 25, 26), 0.8, 1, 1, 1)
    assert not wordfix.stop_from_rule(ink, word, [(0, 0, 15, 26)])
