"""Session 5, round 2 field fixes: a number read as letters ("it" for 11), a number OCR left
out beside its label, and word boxes of a skewed scan measured upright. Real Tesseract reads
the digits drawn on the page's gray image."""

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
    cv2.putText(gray, text, (x, y_base), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 2 if scale < 1 else 3)


def _special_row(text: str) -> int:
    return text.splitlines().index(next(t for t in text.splitlines() if t.startswith("Special no.")))


def test_a_word_of_letters_is_digits_only_as_the_letters_they_look_like():
    assert reread.accept("it", ["11", "11"]) == "11"
    assert reread.accept("lO", ["10", "10"]) == "10"
    assert reread.accept("it", ["14", "14"]) is None  # a 4 does not look like a t
    assert reread.accept("it", ["11", "17"]) is None  # the readings disagree
    assert reread.accept("ab", ["11", "11"]) is None  # not look-alike letters
    assert reread.accept("it", ["111", "111"]) is None  # another count


def test_a_number_read_as_letters_is_read_again_and_set_right_with_a_review_entry():
    text = SEED_EN.replace("Special no. 550", "Special no. it")
    page = page_from_text(text)
    row = _special_row(text)
    word = next(w for w in page.regions[0].lines[row].words if w.text == "it")
    profile = get_profile(EN)
    assert extract(page, profile, reread.digit_engine())[0]["special_number"].value is None
    _draw(page, "11", int(word.bbox.x0), int(word.bbox.y1) - 3, 0.8)  # in the word's 24 px
    fields, review = extract(page, profile, reread.digit_engine())
    assert fields["special_number"].value == "11"
    assert any(r.reason.startswith("field special_number: digits 'it'") for r in review)


def test_a_number_left_out_beside_its_label_is_read_from_the_ink_with_a_review_entry():
    text = SEED_EN.replace("Special no. 550", "Special no.")
    page = page_from_text(text)
    row = _special_row(text)
    label = page.regions[0].lines[row].words[-1]
    profile = get_profile(EN)
    assert extract(page, profile, reread.digit_engine())[0]["special_number"].value is None
    _draw(page, "550", int(label.bbox.x1) + 16, int(label.bbox.y1) - 1)
    fields, review = extract(page, profile, reread.digit_engine())
    assert fields["special_number"].value == "550"
    assert fields["special_number"].confidence <= unread.UNREAD_CONF
    assert any(r.reason.startswith("field special_number: nothing read after its label")
               for r in review)


def test_ink_far_from_the_label_or_no_engine_reads_no_number():
    text = SEED_EN.replace("Special no. 550", "Special no.")
    page = page_from_text(text)
    label = page.regions[0].lines[_special_row(text)].words[-1]
    _draw(page, "550", int(label.bbox.x1) + 150, int(label.bbox.y1) - 1)  # a column away
    profile = get_profile(EN)
    assert extract(page, profile, reread.digit_engine())[0]["special_number"].value is None
    page = page_from_text(text)
    _draw(page, "550", int(label.bbox.x1) + 16, int(label.bbox.y1) - 1)
    assert extract(page, profile)[0]["special_number"].value is None


def test_a_skewed_words_box_is_measured_upright_at_its_own_height():
    page = page_from_text("Special no.")
    angle = np.radians(6)
    c, s = np.cos(angle), np.sin(angle)
    page.to_original = np.array([[c, -s, 30.0], [s, c, -20.0], [0, 0, 1]])
    # a word 200 x 40 upright, centred at (300, 200): its box on the scan encloses it turned
    pts = np.array([[200, 180, 1], [400, 180, 1], [200, 220, 1], [400, 220, 1]], float) @ page.to_original.T
    box = BBox(pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
    assert box.height > 55  # the turned word's box is much taller than the word
    x0, y0, x1, y1 = unread._upright_word(page, box)
    assert abs((y1 - y0) - 40) < 1 and abs((x1 - x0) - 200) < 1
    assert abs((y0 + y1) / 2 - 200) < 1 and abs((x0 + x1) / 2 - 300) < 1


def test_a_number_with_a_speck_read_as_a_digit_after_it_is_counted_by_its_glyphs():
    # "991" and a speck read "9914": the ink beside the label has three glyphs that read 991
    text = SEED_EN.replace("Special no. 550", "Special no. 9914")
    page = page_from_text(text)
    row = _special_row(text)
    word = next(w for w in page.regions[0].lines[row].words if w.text == "9914")
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 64, word.bbox.y1)  # the ink's width
    _draw(page, "991", int(word.bbox.x0), int(word.bbox.y1) - 1)
    page.masks["gray"][int(word.bbox.y0) + 2:int(word.bbox.y0) + 5, int(word.bbox.x1) - 2:int(word.bbox.x1)] = 0
    fields, review = extract(page, get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "991"
    assert any("holds 3 glyphs, as '991'" in r.reason for r in review)


def test_glyphs_that_stop_short_of_the_word_read_do_not_drop_its_digits():
    # the ink holds "99" only at the start of the word read "991": a glyph not seen, kept as read
    text = SEED_EN.replace("Special no. 550", "Special no. 991")
    page = page_from_text(text)
    row = _special_row(text)
    word = next(w for w in page.regions[0].lines[row].words if w.text == "991")
    word.bbox = BBox(word.bbox.x0, word.bbox.y0, word.bbox.x0 + 90, word.bbox.y1)
    _draw(page, "99", int(word.bbox.x0), int(word.bbox.y1) - 1)
    fields, _ = extract(page, get_profile(EN), reread.digit_engine())
    assert fields["special_number"].value == "991"


def test_english_form_words_department_ordinals_titles_and_a_quote_read_as_two():
    text = (SEED_EN.replace("Tenth Department", "Tench Department")
            .replace("To Whom: SovAmbassador", "To Whom: ScevAmbassador")
            .replace("Telegraph the date of departure.", "Filippov [Stalin].’’")
            .replace("For Mao Zedong.", "For Mao Zedong,"))
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["recipient_line"].value == "For Mao Zedong."
    assert fields["department"].value == "Tenth Department"
    assert fields["addressee"].value == "SovAmbassador"
    assert fields["signatories"].value == ["Filippov", "VYSHINSKY"]
    assert fields["body"].value.endswith("expressed the opinion.")
    assert any(r.reason.startswith("field department: read 'Tench Department'") for r in review)
    # a name with an apostrophe is no signature
    text = SEED_EN.replace("Telegraph the date of departure.", "Filippov's answer follows.")
    assert extract(page_from_text(text), get_profile(EN))[0]["signatories"].value == ["VYSHINSKY"]


def test_a_senders_name_with_a_signatures_strokes_read_onto_its_front_is_the_copy_lists():
    from test_fields import SEED_RU

    ru = get_profile("mfa-ciphered-telegram")
    copy = "3. Тов. Вышинскому"
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "иибышинский\n").replace("3. Тов. 10 отдел", copy)
    fields, review = extract(page_from_text(text), ru)
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]
    assert any("read from 'бышинский'" in r.reason for r in review)
    # letters in front of a word like no name of the copy list: not taken
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "иителеграфьте\n").replace("3. Тов. 10 отдел", copy)
    assert extract(page_from_text(text), ru)[0]["signatories"].value == ["Филиппов"]
