"""Session 6 field fixes: the letter's running text without marks a typewriter cannot type, a
paragraph ending in its stop, a line-end hyphen OCR set apart joined by its box, the sender
found above a copy count whose digit was read as a letter, and a small letter read as its
capital inside a sentence told by its glyph's height; a sender the page's reading lost under
a signature read again from the ink (real Tesseract)."""

import functools

import cv2
import numpy as np
import pytest
from test_fields import SEED_EN, SEED_RU, TRUTH_RU, page_from_text

from pipeline.engines.tesseract import shared_engine
from pipeline.fields import names, prose
from pipeline.fields.extract import extract, latin_lookalikes
from pipeline.fields.finders import glued_hyphen
from pipeline.fields.lines import page_lines
from pipeline.model import BBox, Region
from pipeline.profiles import get_profile

RU = "mfa-ciphered-telegram"
EN = "mfa-ciphered-telegram-en"


@pytest.mark.parametrize("read, typed", [
    ("к ‘тому, чтобы", "к тому, чтобы"),                    # a quote glued to a word's front
    ("по причине .неисправности судна", "по причине неисправности судна"),
    ("преподаватели ` жильем.", "преподаватели жильем."),   # a mark alone
    ("ответ \\чтобы", "ответ чтобы"),
    ("сообщите ,что", "сообщите, что"),                      # the comma is the word's before
    ('Об“явите', 'Об"явите'),                              # the hard sign typed as a quote
    ("at ten o’clock", "at ten o'clock"),
    ("что расходы. будут покрыты", "что расходы будут покрыты"),
    ("передана. им", "передана им"),                         # no abbreviation is that long
    ("еженедельно..", "еженедельно."),
])
def test_marks_a_typewriter_cannot_type_are_dropped(read, typed):
    assert prose.typed_marks(read) == typed


@pytest.mark.parametrize("text", [
    "Для тов. Иванова сообщаем", "т.е. мы согласны", "и т. д. и т. п.", "напр. так",
    "франц. правительство", "Сообщите. Мы ждем.", "об\"единению", '"Тов. Мао-Дзе-Дун !',
    "Report every visa...", "1. Тов. Сталину", "В 10 час. утра",
])
def test_typed_marks_are_kept(text):
    assert prose.typed_marks(text) == text


def test_a_paragraph_ends_in_its_stop():
    assert prose.paragraph_end("не делайте,") == "не делайте."
    assert prose.paragraph_end("не делайте ;") == "не делайте."
    assert prose.paragraph_end("что проект изучается") == "что проект изучается."  # stop lost
    assert prose.paragraph_end("Когда вы выезжаете?") == "Когда вы выезжаете?"
    assert prose.paragraph_end("сообщаем следующее:") == "сообщаем следующее:"
    assert prose.paragraph_end("Сообщите!") == "Сообщите!"


def _hyphen_page(gap_px: float):
    text = SEED_RU.replace("с предложением коре-\nйцев", "с предложением коре -\nйцев")
    page = page_from_text(text)
    line = next(ln for ln in page.regions[0].lines if ln.text.endswith("коре -"))
    before, dash = line.words[-2], line.words[-1]
    dash.bbox = BBox(before.bbox.x1 + gap_px, dash.bbox.y0, before.bbox.x1 + gap_px + 12, dash.bbox.y1)
    return page


def test_a_line_end_hyphen_touching_its_word_joins_it():
    page = _hyphen_page(2)
    line = next(ln for ln in page_lines(page) if ln.text.endswith("коре -"))
    assert glued_hyphen(line, 30.0) == line.text[:-2] + "-"
    fields, _ = extract(page, get_profile(RU))
    assert fields["body"].value == TRUTH_RU["body"]


def test_a_dash_a_space_away_is_kept():
    page = _hyphen_page(14)  # a typed space and more: a dash, not the word's hyphen
    line = next(ln for ln in page_lines(page) if ln.text.endswith("коре -"))
    assert glued_hyphen(line, 30.0) == line.text
    fields, _ = extract(page, get_profile(RU))
    assert "коре -йцев" in fields["body"].value


def test_the_body_drops_specks_and_ends_its_paragraph_with_a_stop():
    text = SEED_RU.replace("в силу изменившейся", "в ‘силу изменившейся").replace(
        "решен окончательно.", "решен окончательно ,")
    fields, _ = extract(page_from_text(text), get_profile(RU))
    assert fields["body"].value == TRUTH_RU["body"]


def test_the_sender_above_a_copy_count_read_as_a_letter():
    # a signature across the name leaves it unreadable to the patterns ("И ЛИЛ/вышинскии"),
    # and the count's 5 was read "б": the copy list still names the sender
    text = (SEED_RU.replace("ВЫШИНСКИЙ\n5 экз. нб", "И ЛИЛ/вышинскии\nб экз. нб")
            .replace("4. Тов. _____", "4. Тов. Вышинскому"))
    fields, review = extract(page_from_text(text), get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "ВЫШИНСКИЙ"]
    assert any(r.reason.startswith("field signatories: ВЫШИНСКИЙ read from") for r in review)
    unchanged = text.replace("б экз. нб", "экз. нб")  # no count at all: nothing to go by
    assert extract(page_from_text(unchanged), get_profile(RU))[0]["signatories"].value == ["Филиппов"]


def _glyph_word(page, word, first_height: int) -> None:
    # the word's glyphs as bars on the page's gray image: the first `first_height` px tall,
    # the others 14 px, standing on one baseline inside the word's box
    gray = page.masks.setdefault("gray", np.full((2000, 2000), 255, np.uint8))
    base, x = int(word.bbox.y1) - 6, int(word.bbox.x0) + 1
    for k in range(len(word.text)):
        gray[base - (first_height if k == 0 else 14):base, x:x + 7] = 0
        x += 11


@pytest.mark.parametrize("first_height, read", [(14, "soon"), (15, "soon"), (20, "Soon")])
def test_a_capital_inside_a_sentence_is_small_when_its_glyph_is_not_taller(first_height, read):
    page = page_from_text(SEED_EN.replace("In a conversation with", "In a Soon with"))
    word = next(w for ln in page.regions[0].lines for w in ln.words if w.text == "Soon")
    _glyph_word(page, word, first_height)
    fields, review = extract(page, get_profile(EN))
    assert f"In a {read} with" in fields["body"].value
    assert any("'Soon' taken as 'soon'" in r.reason for r in review) == (read == "soon")


def test_a_capital_opening_a_sentence_or_without_glyphs_is_kept():
    page = page_from_text(SEED_EN.replace("In a conversation with", "In a Soon with"))
    assert "In a Soon with" in extract(page, get_profile(EN))[0]["body"].value  # no image
    page = page_from_text(SEED_EN.replace("In a conversation with", "In a. Soon with"))
    word = next(w for ln in page.regions[0].lines for w in ln.words if w.text == "Soon")
    _glyph_word(page, word, 14)
    assert "a. Soon with" in extract(page, get_profile(EN))[0]["body"].value


def test_a_sender_in_capitals_read_small_in_a_handwriting_region():
    text = SEED_RU.replace("ВЫШИНСКИЙ\n", "").replace("3. Тов. 10 отдел", "3. Тов. Соколову")
    page = page_from_text(text)
    page.regions.append(Region("h1", "handwriting", BBox(900, 900, 1300, 1000), 0.8, text="Аллу соколов"))
    fields, review = extract(page, get_profile(RU))
    assert fields["signatories"].value == ["Филиппов", "СОКОЛОВ"]
    assert any(r.region == "h1" and "СОКОЛОВ read from 'соколов'" in r.reason for r in review)
    # small letters a capital does not share the shape of (е, б, д): a name written in pen
    page = page_from_text(text.replace("Соколову", "Лебедеву"))
    page.regions.append(Region("h1", "handwriting", BBox(900, 900, 1300, 1000), 0.8, text="верно лебедев"))
    assert extract(page, get_profile(RU))[0]["signatories"].value == ["Филиппов"]


def _sender_lost(name_in_ink: str | None):
    # the sender's line left out of the page's reading (two blank rows: 80 px for it), the
    # name drawn in that gap on the gray image when given; "3. Comr. Vyshinsky" on the list
    text = SEED_EN.replace("VYSHINSKY\n", "\n\n") + "\n3. Comr. Vyshinsky"
    page = page_from_text(text)
    gray = page.masks.setdefault("gray", np.full((2000, 2000), 255, np.uint8))
    if name_in_ink:
        row = text.splitlines().index("Telegraph the fulfillment.") + 1
        cv2.putText(gray, name_in_ink, (100, 100 + 40 * row + 45), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    return page


def test_a_sender_lost_under_a_signature_is_read_from_the_ink_above_the_copy_count():
    reader = functools.partial(shared_engine, timeout=None)
    fields, review = extract(_sender_lost("VYSHINSKY"), get_profile(EN), None, reader)
    assert fields["signatories"].value == ["VYSHINSKY"]
    assert fields["signatories"].confidence <= names.INK_CONF
    assert any("VYSHINSKY read from" in r.reason and "above the copy count" in r.reason for r in review)
    assert not any(r.reason.startswith("field signatories: not found") for r in review)
    # ink that reads as no name of the copy list, or no ink at all, adds nobody
    assert extract(_sender_lost("TELEGRAM"), get_profile(EN), None, reader)[0]["signatories"].value is None
    assert extract(_sender_lost(None), get_profile(EN), None, reader)[0]["signatories"].value is None


def test_the_english_form_has_no_accents_and_its_forms_of_address_are_spelt_as_typed():
    assert latin_lookalikes("For Cde. Pétrov.") == "For Cde. Petrov."
    text = SEED_EN.replace("For Mao Zedong.", "For the Counseltor.")
    fields, review = extract(page_from_text(text), get_profile(EN))
    assert fields["recipient_line"].value == "For the Counsellor."
    assert any(r.reason.startswith("field recipient_line: read 'For the Counseltor.'") for r in review)
    text = SEED_EN.replace("For Mao Zedong.", "For Cde. Pétrov.")
    assert extract(page_from_text(text), get_profile(EN))[0]["recipient_line"].value == "For Cde. Petrov."
