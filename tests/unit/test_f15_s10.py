"""Session 10, English fields (helper F15): a rare word one worn letter made of a far more common
one is that word ("tc" -> "to"); a stop OCR set after one of the commonest words inside a
sentence is a speck; a Latin capital inside a sentence is told small by its glyph's own height
(not its rise, which a typewriter's uneven strike moves), and an `L` by where its stem stands
against the page's own `l`s and `L`s."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.fields import capitals, english, prose, spelling
from pipeline.model import BBox, Page, Source

MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def test_a_rare_word_one_worn_letter_from_a_far_more_common_one_is_that_word():
    assert english.worn_common("tc") == "to"       # `o` open at its right
    assert english.worn_common("fer") == "for"     # `o` with a speck inside
    assert english.worn_common("menth") == "month"
    assert english.worn_common("witl") == "will"   # `l` with its top broken off
    assert english.worn_common("hola") == "hold"   # `d` with its ascender broken off


def test_a_word_typed_right_is_kept_though_a_worn_letter_would_make_another():
    assert english.worn_common("net") is None      # "not" is more common, but not 5000 times
    assert english.worn_common("hail") is None
    assert english.worn_common("to") is None
    assert english.worn_common("Tiver") is None    # capitalised: a name, or a capital misread
    assert english.worn_common("Ana") is None
    assert english.worn_common("TC") is None       # capitals: a code or a name


def test_the_body_spells_the_worn_word_back_with_a_review_reason():
    text, changed = spelling.spell_text("The comrades wish tc send a group", "en")
    assert text == "The comrades wish to send a group"
    assert changed == [("tc", "to")]
    assert "common" in spelling.reason("tc", "to", "en")
    assert spelling.spell_text("tc", "ru") == ("tc", [])
    # a piece after an apostrophe is no word of its own (a transliteration's soft sign)
    assert spelling.spell_text("pri telegram'te", "en") == ("pri telegram'te", [])


def test_a_stop_after_one_of_the_commonest_words_inside_a_sentence_is_a_speck():
    assert prose.typed_marks("on this question before it. arrives.") == "on this question before it arrives."
    # an abbreviation, a stop ending a sentence, a rarer word, and initials are kept
    assert prose.typed_marks("the no. of copies") == "the no. of copies"
    assert prose.typed_marks("before it. Arrives") == "before it. Arrives"
    assert prose.typed_marks("the river. shipping") == "the river. shipping"
    assert prose.typed_marks("at 5 p.m. today") == "at 5 p.m. today"


def _blocks(glyphs: list[tuple[int, int]]):
    # one word's glyphs as blocks 14 px wide, 4 px apart: (top, bottom) of each
    gray = np.full((100, 40 + 18 * len(glyphs)), 255, np.uint8)
    for k, (top, bottom) in enumerate(glyphs):
        gray[top:bottom, 10 + 18 * k:24 + 18 * k] = 20
    page = Page(Source("t.png", "0" * 64, 1, gray.shape[1], 100))
    page.masks["gray"] = gray
    return page, BBox(5, 25, 10 + 18 * len(glyphs) + 5, 75)


def test_a_small_letter_struck_high_is_small_by_its_height_not_its_rise():
    # "Next" read for "next": its n struck 4 px above the line, as tall as e and x (20 px)
    page, box = _blocks([(36, 56), (40, 60), (40, 60), (34, 60)])
    assert not capitals.first_is_small(page, "Next", box)  # by its rise (1.2) it is a capital
    assert capitals.latin_first_is_small(page, "Next", box)
    # a capital N (27 px) is kept wherever it was struck
    page, box = _blocks([(31, 58), (40, 60), (40, 60), (34, 60)])
    assert not capitals.latin_first_is_small(page, "Next", box)
    # a Cyrillic word keeps the rise rule (not the Latin one)
    assert not capitals.latin_first_is_small(page, "Новый", box)


def _typed(word: str):
    # `word` typed in a monospaced face (DejaVu Sans Mono, 40 px) on a page of its own
    font = ImageFont.truetype(MONO, 40)
    im = Image.new("L", (40 + 26 * len(word), 80), 255)
    ImageDraw.Draw(im).text((10, 10), word, font=font, fill=0)
    page = Page(Source("t.png", "0" * 64, 1, im.width, im.height))
    page.masks["gray"] = np.array(im)
    return page, BBox(4, 12, im.width - 4, 54)


def _stem(word: str) -> float:
    page, box = _typed(word)
    ink, boxes = capitals._glyphs(page, word, box)
    x, y, w, h = boxes[0]
    return capitals.stem_at(ink[y:y + h, x:x + w])


@pytest.mark.skipif(not __import__("os").path.exists(MONO), reason="DejaVu Sans Mono not installed")
def test_an_l_read_as_a_capital_is_told_by_where_its_stem_stands():
    ell, cap = _stem("land"), _stem("Lebedev")
    assert cap < ell - 0.15  # the capital's stem at its left, the small letter's in the middle
    page, box = _typed("leave")
    # nearer the page's `l`s than its other `L`s: small
    assert capitals.latin_first_is_small(page, "Leave", box, ([ell, ell], [(BBox(0, 0, 1, 1), cap)]))
    page, box = _typed("Leave")
    assert not capitals.latin_first_is_small(page, "Leave", box, ([ell, ell], [(BBox(0, 0, 1, 1), cap)]))
    # no other `L` on the page: within STEM_MARGIN of two `l`s at least
    assert not capitals.latin_first_is_small(page, "Leave", box, ([ell, ell], []))
    page, box = _typed("leave")
    assert capitals.latin_first_is_small(page, "Leave", box, ([ell, ell], []))
    assert not capitals.latin_first_is_small(page, "Leave", box, ([ell], []))  # too few to tell
    assert not capitals.latin_first_is_small(page, "Leave", box, None)  # not measured


def _english_list(tail: str) -> list | None:
    from test_fields import SEED_EN, page_from_text

    from pipeline.fields.extract import extract
    from pipeline.profiles import get_profile

    fields, _ = extract(page_from_text(SEED_EN + tail), get_profile("mfa-ciphered-telegram-en"))
    return fields["distribution"].value


def test_a_copy_list_item_whose_title_or_number_was_lost_is_still_an_item():
    assert _english_list("\n3. Comr. Copy") == ["Stalin", "Molotov", "Copy"]
    # the last line read in two: its title alone, then its number and entry
    assert _english_list("\na Comr.\n3. Copy") == ["Stalin", "Molotov", "Copy"]
    # its number lost: the line opens with the title
    assert _english_list("\nComr. Copy") == ["Stalin", "Molotov", "Copy"]
    # a date or a count is no item
    assert _english_list("\n3. copies made") == ["Stalin", "Molotov"]
    assert _english_list("\n14 May 1950") == ["Stalin", "Molotov"]


def test_a_word_with_one_x_height_letter_is_weighed_against_its_lines_x_height():
    # "Side" read for "side": only its e stays at the x-height; i and d rise
    page, box = _blocks([(40, 60), (34, 60), (32, 60), (40, 60)])
    assert not capitals.latin_first_is_small(page, "Side", box)  # one letter tells nothing
    assert capitals.latin_first_is_small(page, "Side", box, x_height=lambda: 20.0)
    assert not capitals.latin_first_is_small(page, "Side", box, x_height=lambda: None)
    page, box = _blocks([(33, 60), (34, 60), (32, 60), (40, 60)])  # a capital S, 27 px
    assert not capitals.latin_first_is_small(page, "Side", box, x_height=lambda: 20.0)


@pytest.mark.skipif(not __import__("os").path.exists(MONO), reason="DejaVu Sans Mono not installed")
def test_the_page_tells_its_own_l_and_L_stems_and_its_lines_x_height():
    from pipeline.fields.lines import TextLine
    from pipeline.model import Word

    # a line "will Lebedev come call," typed in one face, each word's box as OCR gives it
    font = ImageFont.truetype(MONO, 40)
    words, x = [], 10
    im = Image.new("L", (700, 80), 255)
    for w in ("will", "Lebedev", "come", "call,"):
        ImageDraw.Draw(im).text((x, 10), w, font=font, fill=0)
        width = int(font.getlength(w))
        words.append(Word(w, BBox(x - 3, 12, x + width + 3, 54), 0.9))
        x += width + 30
    page = Page(Source("t.png", "0" * 64, 1, im.width, im.height))
    page.masks["gray"] = np.array(im)
    line = TextLine("will Lebedev come call,", BBox(0, 0, 700, 80), 0.9, words=tuple(words))
    ells, caps = capitals.page_stems(page, [line])
    assert len(ells) == 4 and len(caps) == 1  # will's two l's, call's two (its comma left out)
    assert caps[0][1] < min(ells) - 0.15
    height = capitals.line_x_height(page, line)
    assert height is not None and 18 <= height <= 26  # the x-height of a 40 px face
