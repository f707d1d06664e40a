"""Session 12 round 3, classification (helper F23): a longer choice whose first word a mark or
the next line garbled ("ioe. Secret" for "Top Secret") is told from the shorter choice typed
alone by where that word stands on the line, not by its letters."""

import pytest
from test_fields import SEED_EN, page_from_text

from pipeline.fields.extract import extract
from pipeline.fields.finders import State, find_choice
from pipeline.fields.lines import TextLine
from pipeline.model import BBox, Word
from pipeline.profiles import get_profile

EN = "mfa-ciphered-telegram-en"
RIGHT = " " * 30  # the header's right column: the classification over "Making copies ..."


def classification(line: str) -> str:
    """The classification read from the seed's English header with its line typed as `line`."""
    text = SEED_EN.replace("Top Secret\nMaking copies is prohibited",
                           f"{RIGHT}{line}\n{RIGHT}Making copies is prohibited")
    fields, _ = extract(page_from_text(text), get_profile(EN))
    return fields["classification"].value


@pytest.mark.parametrize("line", ["ioe. Secret", "nek Secret"])
def test_a_garbled_word_where_the_longer_choice_begins_is_its_first_word(line):
    assert classification(line) == "Top Secret"


def test_a_real_secret_stays_secret():
    assert classification("Secret") == "Secret"
    # a mark's speck just before it, or a word too long to be "Top", is not the longer choice
    assert classification("~ Secret") == "Secret"
    assert classification("Copying Secret") == "Secret"
    assert classification("Top Secret") == "Top Secret"


def _line(text: str, pitch: float = 20.0, x: float = 500.0) -> TextLine:
    words, at = [], x
    for w in text.split():
        words.append(Word(w, BBox(at, 100, at + pitch * len(w), 130), 0.9))
        at += pitch * (len(w) + 1)
    return TextLine(text, BBox.enclosing([w.bbox for w in words]), 0.9, words=tuple(words))


def test_the_place_is_measured_at_the_pitch_the_choice_is_typed_in():
    choices = {"choices": ["СОВ. СЕКРЕТНО", "СОВЕРШЕННО СЕКРЕТНО", "СЕКРЕТНО"]}
    for text, value in [("СЕКРЕТНО", "СЕКРЕТНО"),
                        ("ССВ. СЕКРЕТНО", "СОВ. СЕКРЕТНО"),
                        ("кЖв, СЕКРЕТНО", "СОВ. СЕКРЕТНО"),
                        ("СОЕЕРШЕНЮ СЕКРЕТНО", "СОВЕРШЕННО СЕКРЕТНО"),
                        ("- СЕКРЕТНО", "СЕКРЕТНО")]:
        for pitch in (14.0, 31.0):
            state = State([_line(text, pitch)], latin=False, labels=[])
            assert find_choice(choices, state).value == value, (text, pitch)
    # a word before the choice but on another line's height is not on its line
    low = _line("кЖв, СЕКРЕТНО")
    w0, w1 = low.words
    moved = Word(w0.text, BBox(w0.bbox.x0, 140, w0.bbox.x1, 170), 0.9)
    state = State([TextLine(low.text, low.bbox, 0.9, words=(moved, w1))], latin=False, labels=[])
    assert find_choice(choices, state).value == "СЕКРЕТНО"


def test_the_next_lines_word_read_between_the_choices_words_does_not_hide_the_first():
    # "Top Secret" over "Making copies ...": "Making" read into the line between the two
    # words, its box reaching down to its own line and right past "Secret"'s start
    top = Word("Top", BBox(500, 100, 560, 130), 0.95)
    making = Word("Making", BBox(495, 100, 700, 170), 0.9)
    secret = Word("Secret", BBox(580, 100, 700, 130), 0.95)
    line = TextLine("Top Making Secret", BBox(495, 100, 700, 170), 0.9, words=(top, making, secret))
    hit = find_choice({"choices": ["Top Secret", "Secret"]}, State([line], latin=True, labels=[]))
    assert hit.value == "Top Secret"
