import json
import math

import pytest

from pipeline.evaluation.metrics import (EMPTY_GOLD, cer, character_error_rate, graphemes,
                                         pooled_rate, rate, word_error_rate, words, wer)
from pipeline.evaluation.score import pool, score_texts


def test_graphemes_are_nfc_clusters():
    # decomposed é and a combining mark on a Cyrillic letter each count as one character
    assert graphemes("e\u0301x") == ["\u00e9", "x"]
    assert graphemes("и\u0306") == ["й"]
    assert len(graphemes("а\u0301б")) == 2


def test_character_error_rate_counts_grapheme_edits():
    assert character_error_rate("Филиппов", "Филипов") == (1 / 8, 8)
    assert character_error_rate("cafe\u0301", "cafe") == (1 / 4, 4)
    assert character_error_rate("abc", "abc") == (0.0, 3)


def test_word_error_rate_ignores_punctuation_tokens():
    assert words("Тов. Мао-Дзе-Дун !") == ["Тов", "Мао", "Дзе", "Дун"]
    assert word_error_rate("one two three", "one too three") == (1 / 3, 3)
    assert wer("a, b", "a b") == (0.0, 2)


def test_empty_gold_is_defined_and_valid_json():
    assert character_error_rate("", "") == (0.0, 0)
    r, n = character_error_rate("", "abc")
    assert (r, n) == (1.0, 0) and math.isfinite(r)
    s = score_texts("", "abc")
    assert s.flags == [EMPTY_GOLD] and s.insertions == 3
    json.dumps(s.to_dict(), allow_nan=False)


def test_rate_and_pooling_use_sums_not_means():
    assert rate(0, 0) == 0.0 and rate(3, 0) == 1.0 and rate(1, 4) == 0.25
    # one page 1/1 wrong, one page 0/99 wrong: pooled 1/100, a mean of rates would say 0.5
    assert pooled_rate([(1, 1), (0, 99)]) == (0.01, 100)
    batch = pool([score_texts("a", "b"), score_texts("x" * 99, "x" * 99)])
    assert batch.cer == 0.01 and batch.characters == 100 and batch.flags == []


def test_cer_collapses_spacing_first():
    assert cer("a  b\n\n c", "a b\nc") == (0.0, 5)


def test_error_kinds_add_up_to_distance():
    s = score_texts("Тов. Мао-Дзе-Дун", "Тов, Мао Дзе-Дуун")
    assert (s.substitutions, s.deletions, s.insertions) == (2, 0, 1)
    assert s.char_errors == 3 and s.characters == 16
    assert s.cer == pytest.approx(3 / 16)
    assert s.confusions[(".", ",")] == 1 and s.confusions[("-", " ")] == 1
    assert s.confusions[("", "у")] == 1
