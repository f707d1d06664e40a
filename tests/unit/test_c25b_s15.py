"""A blank typed after a word whose box Tesseract stretched over it is still a blank; a word's
own underline stays an underline however its box is drawn."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.underscores import underscore_runs

PITCH = 28
CHAR_H = 24.0


def _line(text: str, blank_under_text: bool) -> tuple[np.ndarray, tuple[int, int, int, int], int]:
    """(ink (255) of `text` in a 30 px serif face with a 5-pitch stroke just under its baseline,
    either after the text (a form's blank) or under it (an underline); the text's box; the
    stroke's bottom row)."""
    img = Image.new("L", (600, 90), 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 30)
    draw.text((10, 20), text, font=font, fill=255)
    left, top, right, _ = (int(v) for v in draw.textbbox((10, 20), text, font=font))
    base = int(draw.textbbox((10, 20), "Т", font=font)[3])
    ink = np.array(img)
    start = left if blank_under_text else right + PITCH // 2
    ink[base + 2:base + 4, start:start + 5 * PITCH] = 255
    return ink, (left, top, right, base), base + 4


def test_a_blank_swallowed_by_the_words_box_is_still_a_blank():
    ink, (left, top, right, _), foot = _line("7. Тов.", blank_under_text=False)
    # Tesseract read `Тов._____` as `Тов.`: the word's box reaches to the blank's end and foot
    stretched = (left, top, right + PITCH // 2 + 5 * PITCH, foot)
    runs = underscore_runs(ink, CHAR_H, PITCH, [stretched], max_len=12 * PITCH)
    assert [n for _, n in runs] == [5]
    assert runs[0][0][0] > right  # the blank, after the word's letters


def test_an_underline_under_a_word_whose_box_holds_it_is_not_a_blank():
    ink, (left, top, right, _), foot = _line("Тов. Петров", blank_under_text=True)
    for word in [(left, top, right, foot), (left, top, right, foot - 4)]:  # box over or above it
        assert underscore_runs(ink, CHAR_H, PITCH, [word], max_len=12 * PITCH) == []


def test_a_bar_at_the_top_of_a_words_box_is_the_words_own_glyph():
    ink, _, foot = _line("7. Тов.", blank_under_text=False)
    x0 = int(np.flatnonzero(ink[foot - 1])[0])
    # a word box whose top is the stroke (the bar of a `7` typed on the next line)
    word = (x0 - 10, foot - 2, x0 + 5 * PITCH, foot - 2 + int(CHAR_H))
    assert underscore_runs(ink, CHAR_H, PITCH, [word], max_len=12 * PITCH) == []
