"""Session 12, round 2 (helper F22): a heavily struck 9 whose tail inks its left below the
loop is no 0 when its counter is the loop closed above (`glyphs.bowl_above`); a one-letter
preposition or conjunction read as its capital inside a sentence; a `у` read `У`, weighed by
its rise like a twin's."""

import cv2
import numpy as np
import pytest

from pipeline.fields import capitals, glyphs, spelling
from pipeline.model import BBox


def _heavy_nine() -> np.ndarray:
    # a loop with its counter in the upper half over a tail inked solid down the left side
    g = np.zeros((36, 24), np.uint8)
    cv2.ellipse(g, (12, 11), (10, 9), 0, 0, 360, 255, 4)
    cv2.ellipse(g, (12, 27), (11, 8), 0, 0, 360, 255, -1)
    return g


def _zero(slash: bool) -> np.ndarray:
    g = np.zeros((36, 24), np.uint8)
    cv2.ellipse(g, (12, 18), (10, 16), 0, 0, 360, 255, 4)
    if slash:
        cv2.line(g, (18, 6), (6, 30), 255, 3)
    return g


def test_a_heavily_struck_nine_inked_left_below_its_loop_is_no_zero():
    nine = _heavy_nine()
    band = nine[int(glyphs.ZERO_BAND[0] * 36):int(glyphs.ZERO_BAND[1] * 36), :int(glyphs.ZERO_LEFT * 24)]
    assert (band > 0).mean() >= glyphs.MIN_ZERO_LEFT_INK  # the left-ink test alone says 0
    assert glyphs.bowl_above(nine)
    assert not glyphs.closed_left(nine)


@pytest.mark.parametrize("slash", [False, True])
def test_a_zeros_counter_reaches_the_band_so_it_stays_a_zero(slash):
    zero = _zero(slash)
    assert not glyphs.bowl_above(zero)
    assert glyphs.closed_left(zero)


def test_a_broken_ring_without_a_hole_is_still_weighed_by_its_left_side():
    zero = _zero(False)
    zero[14:22, 18:] = 0  # the ring broken on its right: no hole left
    assert not glyphs.bowl_above(zero)
    assert glyphs.closed_left(zero)


@pytest.mark.parametrize("read, typed", [
    ("об этом В государственном департаменте.", "об этом в государственном департаменте."),
    ("пошлите ящики И отправьте опись", "пошлите ящики и отправьте опись"),
    ("передайте К сведению", "передайте к сведению"),
    ("сообщили У них нет", "сообщили у них нет"),
])
def test_a_one_letter_word_read_as_its_capital_inside_a_sentence_is_small(read, typed):
    assert spelling.spell_text(read, "ru")[0] == typed


@pytest.mark.parametrize("text", [
    "часов. В настоящее время",  # a sentence's start after its stop
    "пункты А и Б приложения",  # one letter naming an item
    "тов. А. Громыко",  # an initial
    "в Москву.",
])
def test_a_capital_letter_that_may_be_typed_so_is_left(text):
    assert spelling.spell_text(text, "ru")[0] == text


def _word_page(first_rise: int):
    # "Условии" drawn as seven glyph blocks; the first (`у`'s tail drawn below the line) rises
    # `first_rise`
    from test_fields import glyph_word_page
    return glyph_word_page("при Условии что", 1, 7, first_rise, tail=6, box=(30, 8))


def test_a_u_read_as_its_capital_is_weighed_by_its_rise():
    page, word = _word_page(20)
    assert capitals.first_is_small(page, word.text, word.bbox, 1.16)
    page, word = _word_page(27)  # a capital's rise
    assert not capitals.first_is_small(page, word.text, word.bbox, 1.16)


def _open_nine() -> np.ndarray:
    # a loop over a tail down the right side, open on the left below the loop
    g = np.zeros((36, 24), np.uint8)
    cv2.ellipse(g, (12, 11), (10, 9), 0, 0, 360, 255, 5)
    g[11:34, 17:23] = 255
    return g


def test_a_piece_of_the_line_above_joined_to_a_nines_box_is_cut_off():
    nine = _open_nine()
    assert not glyphs.closed_left(nine)
    joined = np.vstack([np.zeros((12, 24), np.uint8), np.zeros((14, 24), np.uint8), nine])
    joined[:12, 2:8] = 255  # a descender of the line above, over the 9's left
    h = joined.shape[0]
    band = joined[int(glyphs.ZERO_BAND[0] * h):int(glyphs.ZERO_BAND[1] * h), :int(glyphs.ZERO_LEFT * 24)]
    assert (band > 0).mean() >= glyphs.MIN_ZERO_LEFT_INK  # measured whole, the box looks a 0
    assert glyphs.own_rows(joined).shape[0] <= nine.shape[0]  # the descender cut off
    assert not glyphs.closed_left(joined)


def test_a_stroke_worn_through_a_row_keeps_the_glyph_whole():
    zero = _zero(False)
    zero[20] = 0  # a row worn blank across the ring
    assert glyphs.own_rows(zero).shape == zero.shape
    assert glyphs.closed_left(zero)
