"""F26 session 13 round 2: words read from pen ink the typed strips gave back are dropped."""

import numpy as np

from pipeline.engines.tesseract import OcrWord
from pipeline.marks.given import pen_given_back
from pipeline.stages.recognize import pen_words


def _word(text, box):
    return OcrWord(text, box, 0.5, 1, 1, 1)


def test_only_the_given_back_piece_of_a_cut_stroke_counts():
    labels = np.zeros((20, 40), np.int32)
    labels[5:8, :] = 1  # a signature's stroke, masked past column 20
    labels[12:17, 5:11] = 2  # a typed word the detection took in, given back whole
    pen = np.where(labels > 0, np.uint8(255), np.uint8(0))
    marks = np.zeros_like(pen)
    marks[5:8, 20:] = 255
    out = pen_given_back(labels, pen, marks)
    assert out[5:8, :20].all()
    assert not out[5:8, 20:].any()
    assert not out[12:17].any()


def test_nothing_given_back_gives_an_empty_mask():
    labels = np.zeros((10, 10), np.int32)
    labels[2:5, 2:8] = 1
    pen = np.where(labels > 0, np.uint8(255), np.uint8(0))
    assert not pen_given_back(labels, pen, pen.copy()).any()


def test_a_word_of_pen_ink_alone_is_dropped_and_typing_beside_it_stays():
    seen = np.zeros((30, 100), np.uint8)
    spared = np.zeros_like(seen)
    spared[10:20, 5:20] = 255  # a pen piece beside the name
    seen[10:20, 5:20] = 255
    seen[10:20, 40:90] = 255  # the typed name
    words = [_word("Ил", (4, 8, 21, 22)), _word("ОРЛОВ", (38, 8, 92, 22))]
    assert [w.text for w in pen_words(words, spared, seen)] == ["ОРЛОВ"]


def test_a_typed_word_a_stroke_touches_is_kept():
    seen = np.zeros((30, 100), np.uint8)
    spared = np.zeros_like(seen)
    seen[10:20, 40:90] = 255
    spared[12:15, 40:60] = 255  # the stroke's piece over the name's first letters
    words = [_word("ОРЛОВ", (38, 8, 92, 22))]
    assert [w.text for w in pen_words(words, spared, seen)] == ["ОРЛОВ"]
