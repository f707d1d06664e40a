"""Session 12, F23 round 4: a number's digits the page's reading lost that the ink beside its
label gives back. Digits under a pen's stroke, whitened with the stroke by the marks mask, are
read with the stroke left in ("9" for 972); digits the page's reading left out between the
label and the number it read are read with it ("8" for 128). Real Tesseract reads the digits
drawn on the page's gray image."""

import cv2
import numpy as np
from test_fields import SEED_EN, page_from_text

from pipeline.fields import reread, unread
from pipeline.fields.extract import extract
from pipeline.model import BBox
from pipeline.profiles import get_profile

EN = "mfa-ciphered-telegram-en"


def _draw(page, text: str, x: int, y_base: int, scale: float = 1.1) -> None:
    # digits typed in a plain face (28 px tall at 1.1), black on the page's white gray image
    gray = page.masks.setdefault("gray", np.full((2000, 2000), 255, np.uint8))
    cv2.putText(gray, text, (x, y_base), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 3)


def _special_word(text: str):
    # the page and the word read after "Special no."
    page = page_from_text(text)
    rows = text.splitlines()
    row = rows.index(next(t for t in rows if t.startswith("Special no.")))
    return page, page.regions[0].lines[row].words[-1]


def _pen(page, x0: int, x1: int, y: int, masked: tuple[int, int]) -> None:
    # a pen's stroke across the line at row y from x0 to x1, and the marks mask over it
    # dilated as a mark's is, covering the typed ink it crosses from masked[0] to masked[1]
    gray = page.masks["gray"]
    cv2.line(gray, (x0, y + 6), (x1, y - 6), 90, 2)
    marks = page.masks.setdefault("marks", np.zeros(gray.shape, np.uint8))
    marks[y - 20:y + 20, masked[0]:masked[1]] = 255


def test_digits_under_a_pen_stroke_whitened_with_it_are_read_with_the_stroke_left_in():
    page, word = _special_word(SEED_EN.replace("Special no. 550", "Special no. 9"))
    x, base = int(word.bbox.x0), int(word.bbox.y1) - 1
    _draw(page, "972", x, base)
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 64, word.bbox.y1)  # the ink's width
    _pen(page, x + 18, x + 70, base - 12, (x + 20, x + 70))
    fields, review = extract(page, get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "972"
    assert fields["special_number"].confidence <= unread.UNREAD_CONF
    assert any("a mark's ink over it, as '972'" in r.reason for r in review)


def test_a_pen_stroke_past_a_number_read_whole_adds_no_digit():
    # "97" read whole, a stroke after it masked: nothing typed under the stroke to read
    page, word = _special_word(SEED_EN.replace("Special no. 550", "Special no. 97"))
    x, base = int(word.bbox.x0), int(word.bbox.y1) - 1
    _draw(page, "97", x, base)
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 64, word.bbox.y1)
    _pen(page, x + 44, x + 70, base - 12, (x + 44, x + 70))
    assert extract(page, get_profile(EN), reread.digit_engine())[0]["special_number"].value == "97"


def test_digits_left_out_between_the_label_and_the_number_read_are_read_with_it():
    page, word = _special_word(SEED_EN.replace("Special no. 550", "Special no. 8"))
    x, base = int(word.bbox.x0), int(word.bbox.y1) - 1
    _draw(page, "128", x, base)
    # the word read holds the 8 alone, two typed digits right of where the ink starts, its box
    # as tall as the digits (Tesseract's box fits the glyphs)
    rows = np.flatnonzero((page.masks["gray"][:, x:x + 64] < 128).any(axis=1))
    word.bbox = BBox(word.bbox.x0 + 44, rows[0], word.bbox.x0 + 64, rows[-1] + 1)
    fields, review = extract(page, get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "128"
    assert any("holds 3 glyphs, as '128'" in r.reason for r in review)


def test_a_number_read_from_where_its_ink_starts_gains_no_digit_before_it():
    # "28" read with its box from the ink's start: the glyph before it is not the word's
    page, word = _special_word(SEED_EN.replace("Special no. 550", "Special no. 28"))
    x, base = int(word.bbox.x0), int(word.bbox.y1) - 1
    _draw(page, "128", x, base)
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 64, word.bbox.y1)
    assert extract(page, get_profile(EN), reread.digit_engine())[0]["special_number"].value == "28"


def test_fits_of_a_number_read_again():
    assert unread._recount_fits("8", "128", 3, led=True)
    assert not unread._recount_fits("8", "128", 3, led=False)
    assert not unread._recount_fits("8", "128", 2, led=True)  # not as many digits as glyphs
    assert unread._unmasked_fits("9", "972", (0, 0, 60, 30), 28)
    assert not unread._unmasked_fits("9", "972", (0, 0, 30, 30), 28)  # too narrow for 3 digits
    assert not unread._unmasked_fits("9", "872", (0, 0, 60, 30), 28)  # the 9 read otherwise
    assert not unread._unmasked_fits("97", "97", (0, 0, 60, 30), 28)  # nothing added


def _received(first: str):
    # a page whose received line reads "Received <first> 8:10 am, ..." (the label's "on" read
    # as `first`: a pen stroke over it, on census page 3586) with 8:10 typed in
    # its word's box, which is set to the drawn digits', and the word `first` after the label
    text = SEED_EN.replace("Received on 4:10 am, 14 May", f"Received {first} 8:10 am, 8 May")
    page = page_from_text(text)
    rows = text.splitlines()
    line = page.regions[0].lines[rows.index(next(t for t in rows if t.startswith("Received")))]
    before, typed = (next(w for w in line.words if w.text == t) for t in (first, "8:10"))
    for word, x in ((before, 400), (typed, 500)):
        (w, h), _ = cv2.getTextSize(word.text, cv2.FONT_HERSHEY_SIMPLEX, 1.1, 3)
        word.bbox = BBox(x, word.bbox.y0, x + w, word.bbox.y0 + h + 4)
    _draw(page, "8:10", 500, int(typed.bbox.y1) - 2)
    return page, before


def test_a_time_before_the_typed_time_that_reads_as_no_time_alone_is_left_out():
    page, phantom = _received("9:25")
    # a pen's loops where the page's reading saw "9:25"
    b = phantom.bbox
    gray = page.masks["gray"]
    cv2.ellipse(gray, (int(b.x0) + 14, int(b.y0) + 16), (12, 9), 20, 0, 330, 60, 2)
    cv2.line(gray, (int(b.x0) + 26, int(b.y1) - 4), (int(b.x1), int(b.y0) + 6), 60, 2)
    profile = get_profile(EN)
    assert extract(page, profile)[0]["received"].value.endswith("T09:25:00")  # as read
    fields, review = extract(page, profile, reread.digit_engine())
    assert fields["received"].value == "1950-05-14T08:10:00"
    assert any("time '9:25' before the time '8:10' reads as no time alone" in r.reason for r in review)


def test_a_typed_time_before_another_time_is_kept():
    page, typed = _received("9:25")
    _draw(page, "9:25", 400, int(typed.bbox.y1) - 2)
    profile = get_profile(EN)
    assert extract(page, profile)[0]["received"].value.endswith("T09:25:00")
    fields, review = extract(page, profile, reread.digit_engine())
    assert fields["received"].value.endswith("T09:25:00")
    assert not any("reads as no time alone" in r.reason for r in review)


def test_only_glyphs_of_a_digits_height_before_the_word_read_are_digits_left_out():
    # the small "o" of a "№" label before "17" (Russian page 3023 read "917") is no digit
    page = page_from_text("Форма № 17")
    _draw(page, "o", 100, 150, 0.6)  # as tall as a small letter
    _draw(page, "17", 130, 150)
    _draw(page, "217", 300, 150)
    rows = np.flatnonzero((page.masks["gray"][:, 130:180] < 128).any(axis=1))
    height = float(rows[-1] + 1 - rows[0])
    assert not unread._digits_before(page, (98, 110, 180, 160), 130, height)
    assert unread._digits_before(page, (298, 110, 380, 160), 325, height)  # a typed 2 before 17
    assert not unread._digits_before(page, (298, 110, 380, 160), 305, height)  # not before the word
