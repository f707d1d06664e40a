"""H11 (session 8): typed text on degraded, rotated and 200 dpi pages: the case of a word with a
worn letter broken in pieces, the space after `№` and stops from the ink, no vote on a page read
enlarged, and lines the vote's readings could not agree on."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline import vote
from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.lines import spaced_sign
from pipeline.postcorrect import fix_case
from pipeline.stages import recognize
from pipeline.wordfix import (case_glyphs, rises, sign_glyphs, stop_not_comma, stops_in_ink,
                              word_glyphs)

# `СОКОЛОВ` as the 200 dpi dev page's ink gives it (read `соколов`): the worn `С` broken into
# its body and a piece of its top arc over the same columns; every letter a capital's height.
SOKOLOV = [(1, 2, 13, 21), (10, 2, 16, 7), (19, 0, 38, 21), (40, 2, 55, 21), (59, 1, 76, 20),
           (79, 1, 94, 20), (98, 1, 115, 20), (118, 2, 134, 21)]


def test_a_piece_of_a_worn_letter_is_no_glyph_of_its_own_for_the_case():
    kept = case_glyphs("соколов", SOKOLOV)
    assert len(kept) == 7 and (10, 2, 16, 7) not in kept
    assert fix_case("соколов", rises(kept), x_height=13.0) == "СОКОЛОВ"
    # Unpaired, the glyphs tell nothing and the reading stays.
    assert fix_case("соколов", rises(SOKOLOV), x_height=13.0) == "соколов"


def test_a_speck_at_a_letters_foot_is_dropped_too():
    glyphs = [(0, 0, 23, 29), (29, 1, 54, 30), (59, 3, 83, 32), (87, 0, 112, 29),
              (116, 26, 125, 32), (121, 3, 140, 32), (143, 0, 170, 32), (174, 1, 198, 30)]
    kept = case_glyphs("соколов", glyphs)
    assert len(kept) == 7 and (116, 26, 125, 32) not in kept


@pytest.mark.parametrize("word, glyphs", [
    # As many glyphs as the word draws: nothing dropped (`ы` is two glyphs).
    ("был", [(0, 0, 10, 20), (12, 8, 18, 20), (18, 8, 22, 20), (24, 8, 32, 20)]),
    # A stop after the word is small but over no letter's columns: a glyph of its own, and
    # with it the glyphs do not pair, so all are kept.
    ("экз..", [(0, 0, 16, 19), (17, 6, 39, 18), (41, 15, 43, 18), (45, 15, 47, 18)]),
    # An extra glyph of a letter's full height (a letter split down its middle) is no piece.
    ("от", [(0, 5, 10, 20), (10, 5, 14, 20), (16, 5, 26, 20)]),
])
def test_glyphs_stay_as_found_unless_dropping_pieces_pairs_them(word, glyphs):
    assert case_glyphs(word, glyphs) == glyphs


def test_a_low_resolution_scan_read_enlarged_is_not_voted_at_smaller_scales():
    # A 200 dpi page (median glyph 17 px) is read enlarged 26/17: its other readings would be
    # at 19 and 18 px, from fewer pixels than the first; dev 200 dpi pages read worse so.
    factor = recognize.upscale_factor(17.0)
    assert factor > 1.0
    assert recognize.vote_factors(17.0, factor, 200.0) == []
    # Small type on a 300 dpi scan, or a scan of unknown resolution, is voted as before.
    voted = pytest.approx([t / 17.0 for t in recognize.VOTE_GLYPH_PX])
    assert recognize.vote_factors(17.0, factor, 300.0) == voted
    assert recognize.vote_factors(17.0, factor, None) == voted
    # Type large enough on a 200 dpi scan is read at its own size and voted.
    assert recognize.vote_factors(25.0, 1.0, 200.0) == pytest.approx(
        [t / 25.0 for t in recognize.VOTE_GLYPH_PX])


def test_a_wide_sign_and_its_number_a_cell_apart_have_a_space_between():
    # `№` 22 px wide on an 18.25 px pitch (200 dpi dev page), the `3` starting 30 px after it:
    # the ink between is under NUMBER_JOIN pitches, but the number is two cells on.
    assert spaced_sign("№3", [(1, 4, 22, 22), (31, 0, 44, 21)], 18.25) == "№ 3"
    # Typed on the sign (one cell on, the digit's side bearing past it): joined.
    assert spaced_sign("№3", [(1, 4, 22, 22), (22, 0, 35, 21)], 18.25) == "№3"


def _word_ink(rule: bool) -> np.ndarray:
    """Ink of `№ 4` as a heavy dev page draws it: the sign 27 px high, the digit a space after
    it, and, with `rule`, the form's rule under the digit joined to it by a bled stroke."""
    ink = np.zeros((50, 83), np.uint8)
    ink[8:34, 0:34] = 255          # the sign
    ink[0:34, 44:72] = 255         # the digit
    if rule:
        ink[46:50, 33:82] = 255    # the rule, from the gap before the digit
        ink[34:46, 60:63] = 255    # bled ink joining the digit to it
    return ink


@pytest.mark.parametrize("rule", [False, True])
def test_the_space_after_the_sign_is_seen_over_a_rule_joined_to_the_digit(rule):
    ink = _word_ink(rule)
    word = OcrWord("№4", (0, 0, 83, 50), 0.8, 0, 0, 0)
    glyphs = word_glyphs(ink, word)
    assert len(glyphs) == 2
    found = sign_glyphs(ink, "№4", word, glyphs)
    assert found[1][0] == 44  # the digit where it is typed
    assert spaced_sign("№4", found, 28.5) == "№ 4"
    if rule:  # the joined glyph alone starts at the rule's end, beside the sign
        assert glyphs[1][0] == 33 and spaced_sign("№4", glyphs, 28.5) == "№4"


@pytest.mark.parametrize("word, glyphs, stop", [
    # Heavy dev pages: a bled stop read as a comma, its dot on the baseline.
    ("Тов,", [(0, 5, 19, 34), (18, 14, 37, 34), (38, 14, 54, 33), (56, 27, 61, 32)], True),
    ("делах,", [(0, 1, 27, 31), (31, 1, 53, 26), (59, 1, 85, 25), (89, 0, 114, 25),
                (117, 3, 142, 27), (157, 19, 162, 25)], True),
    # Commas: their tails reach below the baseline.
    ("сообщите,", [(0, 8, 24, 33), (29, 9, 55, 33), (61, 7, 85, 31), (90, 0, 114, 33),
                   (120, 7, 149, 32), (152, 9, 175, 32), (183, 8, 204, 31), (210, 6, 235, 30),
                   (245, 21, 257, 38)], False),
    # A comma whose tail wore off into a piece of its own under the dot.
    ("ие,", [(0, 21, 24, 45), (30, 21, 54, 45), (57, 46, 60, 50), (59, 36, 66, 45)], False),
    # Not a word ending in one comma, or nothing to measure against.
    ("Тов.", [(0, 5, 19, 34), (18, 14, 37, 34), (38, 14, 54, 33), (56, 27, 61, 32)], False),
    (",", [(0, 27, 5, 32)], False),
])
def test_a_comma_drawn_as_a_dot_on_the_baseline_is_a_stop(word, glyphs, stop):
    assert stop_not_comma(word, glyphs) is stop


TOV = [(0, 0, 16, 17), (15, 6, 27, 18), (29, 5, 39, 17)]  # `Тов` on a 200 dpi dev page
DOT = (41, 13, 45, 17)


def test_a_second_stop_the_ink_does_not_hold_is_dropped():
    assert stops_in_ink("Тов..", TOV + [DOT]) == "Тов."
    # Both dots inked, or the glyphs not pairing, or one stop read: as read.
    assert stops_in_ink("Тов..", TOV + [DOT, (48, 13, 52, 17)]) == "Тов.."
    assert stops_in_ink("Тов..", TOV[:2] + [DOT]) == "Тов.."
    assert stops_in_ink("Тов.", TOV + [DOT]) == "Тов."
    # What follows the letters is no dot (an index figure and a stop run together).
    assert stops_in_ink("2..", [(0, 0, 13, 21), (18, 13, 24, 25)]) == "2.."


def _w(text, x0, y0, x1, y1, conf):
    return OcrWord(text, (x0, y0, x1, y1), conf, 1, 1, 1)


def test_a_line_one_reading_alone_read_surely_is_taken():
    # Dev rotated page 1010: the page's reading and one other lost a list's line; the third
    # read it at 0.95.
    first = [_w("Копии:", 10, 10, 120, 40, 0.96)]
    second = [_w("Копии:", 10, 10, 120, 40, 0.96), _w("1.", 10, 60, 30, 90, 0.95),
              _w("Тов.", 40, 60, 100, 90, 0.95), _w("Орлову", 110, 60, 230, 90, 0.96)]
    third = [_w("Копии:", 11, 11, 121, 41, 0.95)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == [
        "Копии:", "1.", "Тов.", "Орлову"]
    # Read unsure (noise at one scale), it is not.
    unsure = [_w("Копии:", 10, 10, 120, 40, 0.96), _w("ее", 10, 60, 30, 90, 0.6)]
    assert [w.text for w in vote.vote_lines([first, unsure, third])] == ["Копии:"]


def test_readings_all_apart_give_the_surest():
    first = [_w("со", 10, 10, 40, 40, 0.4), _w("-", 50, 10, 60, 40, 0.3),
             _w("еј", 70, 10, 100, 40, 0.4), _w("|е)", 110, 10, 140, 40, 0.3)]
    second = [_w("3.", 10, 10, 40, 40, 0.96), _w("Тов.", 50, 10, 140, 40, 0.96)]
    third = [_w("У", 10, 10, 40, 40, 0.8), _w("о", 50, 10, 60, 40, 0.7),
             _w("[7", 70, 10, 140, 40, 0.8)]
    assert [w.text for w in vote.vote_lines([first, second, third])] == ["3.", "Тов."]
    # Two that agree still outvote a surer third.
    near = [_w("3.", 10, 10, 40, 40, 0.7), _w("Тоз.", 50, 10, 140, 40, 0.7)]
    agree = [_w("3.", 10, 10, 40, 40, 0.7), _w("Тоз.", 50, 10, 140, 40, 0.7)]
    assert [w.text for w in vote.vote_lines([near, second, agree])] == ["3.", "Тоз."]
