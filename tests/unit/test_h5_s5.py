"""Session 5, typed text on degraded pages: dust specks standing alone on the paper are taken
out of the image Tesseract reads and out of the ink, while stops, colons and letters stay."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.binarize import isolated_specks
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean

FONT = "/usr/share/fonts/truetype/freefont/FreeMono.ttf"


def typed_page(text: str = "Тов. Петрову: 12.", size=(700, 200), px=34, font=FONT) -> np.ndarray:
    """Gray paper (235) with `text` typed on it in black."""
    image = Image.new("L", size, 235)
    ImageDraw.Draw(image).text((40, 60), text, fill=20, font=ImageFont.truetype(font, px))
    return np.array(image)


def speck(gray: np.ndarray, x: int, y: int, r: int = 2, level: int = 60) -> None:
    gray[y - r:y + r + 1, x - r:x + r + 1] = level


def test_lone_specks_found_and_stops_colons_letters_kept():
    gray = typed_page()
    speck(gray, 600, 170)          # below the line, far from any letter
    speck(gray, 20, 20, r=1)       # a small one in the corner
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    found = isolated_specks(dark) > 0
    assert found[170, 600] and found[20, 20]
    # Nothing of the typed line is taken: its stops and the colon stand beside letters.
    line = dark[40:130, 30:520] > 0
    assert line.sum() > 500 and not found[40:130, 30:520][line].any()


def test_specks_need_a_known_glyph_height_and_a_clear_surround():
    gray = typed_page()
    speck(gray, 600, 170)
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    assert not isolated_specks(dark, 0.0).any()
    # Two specks side by side (a dotted rule, an umlaut) are no lone speck.
    speck(gray, 606, 170)
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    assert not isolated_specks(dark)[160:180, 590:620].any()
    # A piece as tall as a glyph is no speck however alone it stands.
    gray[150:185, 660:666] = 20
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    assert not isolated_specks(dark)[150:185, 660:666].any()


def test_clean_stage_whitens_lone_specks_in_the_ocr_image_and_the_ink():
    gray = typed_page()
    speck(gray, 600, 170)
    rgb = np.dstack([gray] * 3)
    page = Page(source=Source(path="x.png", sha256="0", page=1, width=gray.shape[1],
                              height=gray.shape[0]),
                image=rgb)
    ctx = Context(Settings())
    ctx.params = {}
    page = clean.apply(page, ctx)
    assert ctx.params["speck_px"] > 0
    assert page.masks["gray"][168:173, 598:603].min() == 255
    assert not page.masks["ink"][165:176, 595:606].any()
    # The typed line is still there, as dark as before.
    assert page.masks["gray"][40:130, 30:520].min() < 60
    assert page.masks["ink"][40:130, 30:520].sum() > 500 * 255


def test_a_rule_under_a_typed_number_is_no_glyph_so_the_space_after_the_sign_is_seen():
    from pipeline.imaging.lines import letter_boxes, spaced_sign

    font = ImageFont.truetype(FONT, 40)
    image = Image.new("L", (200, 70), 0)
    draw = ImageDraw.Draw(image)
    draw.text((5, 5), "№ 1", fill=255, font=font)
    ink = ((np.array(image) > 127) * 255).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    pitch = font.getlength("1")
    one_x0 = int(xs[xs > 5 + 1.5 * pitch].min())
    # The form's line the number was typed on: from the gap before it to well past it.
    ink[ys.max() + 4:ys.max() + 7, one_x0 - int(0.5 * pitch):one_x0 + int(2 * pitch)] = 255
    glyphs = letter_boxes(ink)
    assert len(glyphs) == 2 and glyphs[1][0] == one_x0
    assert spaced_sign("№1", glyphs, pitch) == "№ 1"


def test_a_first_glyph_drawn_as_sha_takes_the_misread_run_when_glyphs_do_not_pair():
    from pipeline.postcorrect import fix_sha

    # Touching letters after it: nine glyphs for twelve characters.
    first_sha = [True] + [False] * 8
    assert fix_sha("ПТифрованная", first_sha) == "Шифрованная"
    assert fix_sha("1ШПифрованная", [True] + [False] * 9) == "Шифрованная"
    assert fix_sha("1Пифрованная", first_sha) == "Шифрованная"
    # Not when the first glyph is no `Ш`, when another glyph is one too, or when a capital
    # after the run may be the word's own letter.
    assert fix_sha("ПТифрованная", [False] + [False] * 8) == "ПТифрованная"
    assert fix_sha("ПТифрованная", [True, True] + [False] * 7) == "ПТифрованная"
    assert fix_sha("ШТАБНОЙ", [True, False]) == "ШТАБНОЙ"


def test_a_stop_after_a_letter_spaced_closing_quote_is_no_speck():
    # `Ф и л и п п о в " .` typed letter-spaced: the stop stands on the baseline two cells
    # from the last letter, under the quote its line rises to.
    gray = typed_page('Ф и л и п п о в "', size=(900, 200), px=30,
                      font="/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    ys, xs = np.nonzero(dark)
    foot, right = int(np.percentile(ys, 95)), int(xs.max())
    stop = gray.copy()
    speck(stop, right + 8, foot - 2, r=1)
    dark = np.where(stop < 128, 255, 0).astype(np.uint8)
    assert not isolated_specks(dark).any()
    # A speck as far from the letters, but in the gap under the line, off its baseline.
    speck(gray, right + 8, foot + 14, r=1)
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    assert isolated_specks(dark)[foot + 14, right + 8]
