"""D28 (session 14): a form's bold printed word is no black stamp.

A form's printed label (`Кому`, the `Тов.` of a copy list) is set in a bold type whose letters
touch: one black component, taller than a typed letter, that the classifier may call a stamp.
On a row of glyphs its own height, beside it and on its band, it is text; a black word of
the same size standing apart (a folio number in the margin) and a black round stamp beside
typed letters stay stamps.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.detect import detect
from pipeline.marks.wordrow import word_in_row
from pipeline.model import BBox

XH = 14
ROW_Y = (60, 100, 140)
ROW_FOOT, WORD_X = 320, 420  # the printed row below the typing, and its bold word's place


class _Stamp:
    """A classifier stub calling every blob a stamp, surely enough to pass MIN_PROB."""

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        p = np.array([{"stamp": 0.7}.get(c, 0.15) for c in CLASSES])
        return np.tile(p, (len(features), 1))


def _text(img: np.ndarray, text: str, x: int) -> None:
    """Bold serif letters on the printed row, their foot at ROW_FOOT, closely set."""
    cv2.putText(img, text, (x, ROW_FOOT), cv2.FONT_HERSHEY_COMPLEX, 1.1, (20, 20, 20), 5)


def _page(row_capitals: bool) -> np.ndarray:
    """Paper with typed rows of block letters and, below them, one bold black word; with
    `row_capitals`, printed capitals of the word's height stand beside it on its row."""
    img = np.full((420, 900, 3), 245, np.uint8)
    for y in ROW_Y:
        for x in range(40, 860, 20):
            cv2.rectangle(img, (x, y), (x + 9, y + XH - 1), (30, 30, 30), -1)
    _text(img, "omy", WORD_X)
    if row_capitals:
        for x in (WORD_X - 96, WORD_X - 48, WORD_X + 130):
            _text(img, "K", x)
    return img


def _stamps(img: np.ndarray) -> list[BBox]:
    """The stamp boxes detected on `img` with every blob called a stamp."""
    return [d.box for d in detect(img, _Stamp()).detections if d.kind == "stamp"]


def _on_word(boxes: list[BBox]) -> list[BBox]:
    """The boxes holding the bold word's middle."""
    x, y = WORD_X + 40, ROW_FOOT - 10
    return [b for b in boxes if b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1]


def test_a_bold_printed_word_among_capitals_of_its_height_is_no_stamp():
    assert _on_word(_stamps(_page(row_capitals=True))) == []


def test_the_same_word_standing_apart_stays_a_stamp():
    assert len(_on_word(_stamps(_page(row_capitals=False)))) == 1


def test_row_glyphs_must_share_the_words_band_and_size():
    # x0, y0, w, h, area rows; row 0 is the background.
    word = BBox(100, 50, 180, 84)
    stats = np.array([[0, 0, 0, 0, 0], [100, 50, 80, 34, 900],
                      [60, 52, 22, 32, 200], [190, 51, 22, 33, 210]], np.int32)
    assert word_in_row(stats, [1], word)
    low = stats.copy()
    low[2:, 1] += 30  # a row below, not on the word's band
    assert not word_in_row(low, [1], word)
    small = stats.copy()
    small[2:, 3] = 10  # typed letters a third of its height: a stamp beside typing
    assert not word_in_row(small, [1], word)
