"""Session 26: a note's word the classifier leans to calling pen, short of MIN_PROB, joins the
note when it is written on within a word's gap of a word it is sure of
(`notes.note_continued`); one the classifier calls typing does not, nor does a word beyond it.
A word written against a typed heading, one blob with it, joins the note when the classifier,
judging the word's components on the note's line alone, calls them pen (`notes.note_parts`)."""

import cv2
import numpy as np

from pipeline.marks.candidates import candidates
from pipeline.marks.detect import detect
from pipeline.marks.notes import NOTE_GROW_PROB
from pipeline.marks.regions import MIN_PROB
from tests.unit.test_tick_beside_word_s25 import INK, _index, _scrawl, _Stub, _typed_rows

SURE, WEAK, TYPING = (0.03, 0.0, 0.97), (0.3, 0.0, 0.7), (0.8, 0.0, 0.2)
# Three written words on one line, a word's gap apart; a fourth far off on a line of its own.
WORDS = ((40, 200), (250, 400), (450, 600))
FAR = (1100, 1250)


def _note_page() -> np.ndarray:
    img = np.full((560, 1600, 3), 245, np.uint8)
    _typed_rows(img)
    for x0, x1 in WORDS:
        _scrawl(img, x0, x1, 300, 60)
    _scrawl(img, *FAR, 460, 60)
    return img


def _hand_boxes(img, probs):
    found = candidates(img)
    page = {_index(found, x0, x1, 240): p for (x0, x1), p in zip(WORDS + (FAR,), probs)}
    return sorted((d.box for d in detect(img, _Stub(page)).detections if d.kind == "handwriting"),
                  key=lambda b: b.x0)


def test_the_probabilities_sit_either_side_of_the_bar():
    assert WEAK[2] < MIN_PROB["handwriting"] <= SURE[2]
    assert NOTE_GROW_PROB <= WEAK[2]


def test_weak_words_beside_a_sure_one_continue_the_note():
    boxes = _hand_boxes(_note_page(), (SURE, WEAK, WEAK, TYPING))
    # The two weak words chained to the sure one are its note.
    assert len(boxes) == 1
    assert boxes[0].x0 <= 45 and boxes[0].x1 >= 595


def test_a_word_called_typing_does_not_continue_the_note():
    boxes = _hand_boxes(_note_page(), (SURE, TYPING, WEAK, SURE))
    # The chain stops at the word the classifier calls typing: the weak word beyond it is no
    # part of the first note (its strokes may still be a mark of their own), the word called
    # typing is in no mark, and the far word is a note of its own.
    assert boxes[0].x0 <= 45 and boxes[0].x1 <= 205
    assert not any(b.x0 < 300 < b.x1 for b in boxes)
    assert boxes[-1].x0 >= 1095


def _heading_page() -> np.ndarray:
    """A sure written word; after it, a word written on its line whose last stroke runs down
    into a typed heading half a line lower (one blob with it)."""
    img = np.full((560, 1600, 3), 245, np.uint8)
    _typed_rows(img)
    _scrawl(img, 40, 200, 300, 60)
    _scrawl(img, 250, 400, 300, 60)
    cv2.line(img, (398, 310), (432, 352), INK, 3)
    _typed_rows(img, rows=(330,), x0=430, x1=900)
    return img


def _heading_boxes(alone):
    img = _heading_page()
    found = candidates(img)
    page = {_index(found, 40, 200, 240): SURE, _index(found, 250, 880, 240): TYPING}
    return [d.box for d in detect(img, _Stub(page, alone)).detections if d.kind == "handwriting"]


def test_a_word_joined_to_a_typed_heading_continues_the_note():
    boxes = _heading_boxes(alone=(0.02, 0.0, 0.98))
    # The second word, judged apart from the heading it touches, is the note's; the heading
    # stays typing.
    assert len(boxes) == 1
    assert boxes[0].x0 <= 45 and 395 <= boxes[0].x1 < 430


def test_the_heading_blob_judged_typing_apart_keeps_its_word():
    boxes = _heading_boxes(alone=(0.9, 0.05, 0.05))
    assert len(boxes) == 1 and boxes[0].x1 <= 205
