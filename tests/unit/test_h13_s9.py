"""Heavy pages (H13, session 9): the clean stage gives back the ink orient cut as a scan
surround (measured on the page before levelling, a shadowed corner of the sheet taken for the
surround took typed lines with it) outside the levelled page's surround; a name typed in
capitals that Tesseract read as a name (`Соколов`) is set in capitals by its glyphs' rise; a
lone mark before a form's blank is no word; an `@` touching a digit is a 0."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.model import Page, Source, Step
from pipeline.postcorrect import fix_case
from pipeline.settings import Context, Settings
from pipeline.stages import clean

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def _page(board: int = 0) -> np.ndarray:
    """A gray page of typed lines; a dark grained board `board` px wide along its left side."""
    img = Image.new("L", (1100, 1000), 235)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 24)
    for i in range(8):
        draw.text((200, 60 + 40 * i), "Шифрованная телеграмма из Пекина", font=font, fill=20)
    out = np.array(img)
    if board:
        grain = np.random.default_rng(1).integers(0, 60, size=(1000, board))
        out[:, :board] = (40 + grain).astype(np.uint8)
    return out


def _oriented(image: np.ndarray, surround_share: float) -> Page:
    """The page as orient leaves it: an ink mask it made (here all paper: the cut took the
    typing) and its step's note of the surround it cut."""
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    page.masks["ink"] = np.zeros(image.shape, np.uint8)
    page.steps.append(Step("orient", {"rotation": 0, "surround_share": surround_share}, 0.0))
    return page


def test_ink_orient_cut_as_a_surround_is_given_back():
    page = _oriented(_page(), 0.12)
    assert clean.surround_cut(page)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    assert ctx.params["restored_px"] > 5000
    # The typed lines are ink again.
    assert (page.masks["ink"][60:380, 200:900] > 0).sum() > 5000


def test_ink_orient_left_is_kept_as_it_is_where_it_cut_no_surround():
    page = _oriented(_page(), 0.0)
    assert not clean.surround_cut(page)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    assert ctx.params["ink_reused"] is True and "restored_px" not in ctx.params
    assert not page.masks["ink"].any()


def test_the_levelled_page_surround_is_not_given_back():
    image = _page(board=90)
    for y in range(0, 1000, 40):  # the sheet's edge beside the board, broken pieces of shadow
        image[y:y + 20, 104:109] = 40
    page = _oriented(image, 0.1)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    assert not page.masks["ink"][:, :110].any()  # the board's grain and the sheet's edge
    assert (page.masks["ink"][60:380, 200:900] > 0).sum() > 5000  # the typing


@pytest.mark.parametrize("read, rises, meant", [
    ("Соколов", [33, 35, 33, 36, 34, 36, 36], "СОКОЛОВ"),  # fresh dev heavy 1303
    ("Соколов", [46, 35, 35, 35, 34, 35, 34], "СОКОЛОВ"),  # a speck over the first (1317)
])
def test_a_name_read_with_small_letters_that_rise_as_capitals_is_capitals(read, rises, meant):
    assert fix_case(read, rises, x_height=26.0) == meant


@pytest.mark.parametrize("read, rises, x_height", [
    ("Соколову", [34, 26, 26, 26, 26, 27, 28, 27], 26.0),  # small letters at the x-height
    ("Соколов", [33, 35, 33, 36, 34, 36, 36], None),        # no x-height known
    ("Соколов", [33, 35, 28, 36, 34, 36, 36], 26.0),        # uneven: not all capitals
    ("Она", [33, 35, 34], 26.0),                             # too short to tell
    ("Соколов", [33, 35, 33, 36], 26.0),                     # glyphs and letters unpaired
    ("Самара", [33, 35, 33, 36, 34, 36], 26.0),              # `а` is no look-alike
])
def test_a_name_stays_when_its_glyphs_do_not_all_rise_as_capitals(read, rises, x_height):
    assert fix_case(read, rises, x_height=x_height) == read


def _words(*items):
    from pipeline.engines.tesseract import OcrWord
    return [OcrWord(t, box, 0.9, 1, 1, 1) for t, box in items]


def test_a_lone_mark_just_before_a_blank_is_no_word():
    from pipeline.wordfix import mark_before_blank
    words = _words(("6.", (0, 0, 40, 30)), ("Тов.", (60, 0, 150, 30)), (".", (160, 20, 166, 30)),
                   ("_____", (180, 0, 330, 30)))
    line = [0, 1, 2, 3]
    assert [mark_before_blank(words, line, k, 28.0) for k in line] == [False, False, True, False]


@pytest.mark.parametrize("items", [
    # the stop of a word: part of it, not alone
    [("Тов.", (60, 0, 150, 30)), ("_____", (160, 0, 310, 30))],
    # a lone mark far before the blank (more than BLANK_REACH pitches)
    [(".", (10, 20, 16, 30)), ("_____", (200, 0, 350, 30))],
    # a lone mark before a word, not a blank
    [(".", (10, 20, 16, 30)), ("Тов.", (30, 0, 120, 30))],
])
def test_marks_that_are_no_blank_s_start_stay(items):
    from pipeline.wordfix import mark_before_blank
    words = _words(*items)
    assert not any(mark_before_blank(words, [0, 1], k, 28.0) for k in (0, 1))


def test_an_at_sign_touching_a_digit_is_a_zero():
    from pipeline.postcorrect import fix_word
    assert fix_word("@8", True) == "08"
    assert fix_word("2@", True) == "20"
    assert fix_word("a@b", False) == "a@b"


def test_ink_by_the_image_sides_is_not_given_back():
    image = _page()
    image[:, 5:20] = 30  # a border's shadow along the left side, no surround by its colour
    page = _oriented(image, 0.05)
    clean.apply(page, Context(Settings()))
    edge = int(clean.EDGE_SHARE * min(image.shape))
    assert not page.masks["ink"][:, :edge].any() and not page.masks["ink"][:edge].any()
    assert (page.masks["ink"][60:380, 200:900] > 0).sum() > 5000


def test_only_pieces_orient_cut_whole_come_back_its_own_stay_as_they_are():
    from pipeline.imaging.binarize import flatten_illumination, ink_and_threshold
    image = _page()
    ink, _ = ink_and_threshold(flatten_illumination(image))
    orient_ink = ink.copy()
    orient_ink[200:400] = 0  # the lower lines cut as a surround
    orient_ink[70, 200:900] = 255  # a pixel row orient's levelling left that fresh ink lacks
    page = _oriented(image, 0.1)
    page.masks["ink"] = orient_ink.copy()
    clean.apply(page, Context(Settings()))
    assert np.array_equal(page.masks["ink"][:200], orient_ink[:200])
    assert (page.masks["ink"][200:400] > 0).sum() > 0.9 * (ink[200:400] > 0).sum()


def test_a_line_orient_cut_in_part_comes_back_whole():
    from pipeline.imaging.binarize import flatten_illumination, ink_and_threshold
    image = _page()
    ink, _ = ink_and_threshold(flatten_illumination(image))
    orient_ink = ink.copy()
    orient_ink[:, :211] = 0  # the surround's edge ran through the lines' first letters
    page = _oriented(image, 0.1)
    page.masks["ink"] = orient_ink
    clean.apply(page, Context(Settings()))
    assert (page.masks["ink"][60:380, 195:211] > 0).sum() > 0.9 * (ink[60:380, 195:211] > 0).sum()
