"""Real Tesseract re-reading a field's digits from a small drawn page (pipeline.fields.reread)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.fields import reread
from pipeline.fields.extract import extract
from pipeline.fields.lines import TextLine
from pipeline.model import BBox, Line, Page, Region, Source, Word
from pipeline.profiles import get_profile

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/paratype/PTM55F.ttf"
SHIFT = np.array([[1.0, 0.0, 40.0], [0.0, 1.0, 25.0], [0.0, 0.0, 1.0]])  # working -> original


def drawn(texts: list[tuple[str, tuple[int, int]]]) -> tuple[np.ndarray, list[BBox]]:
    """A 900x300 gray page with `texts` drawn at their (x, y), and each one's box (working px)."""
    img = Image.new("L", (900, 300), 245)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    boxes = []
    for text, (x, y) in texts:
        draw.text((x, y), text, font=font, fill=30)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
        boxes.append(BBox(x0, y0, x1, y1))
    return np.array(img), boxes


def page_with(gray: np.ndarray) -> Page:
    """A page whose working image is `gray`, placed at an offset in a larger original scan."""
    page = Page(Source("drawn.png", "0" * 64, 1, 1000, 400), image=gray, to_original=SHIFT.copy())
    page.masks["gray"] = gray
    return page


def original(page: Page, box: BBox) -> BBox:
    return page.map_bbox(box)


def test_reread_reads_each_crop_of_the_stacked_image_in_original_coordinates():
    gray, boxes = drawn([("4607", (60, 40)), ("673", (400, 40)), ("16063", (60, 160))])
    page = page_with(gray)
    readings = reread.reread(reread.digit_engine(None), page, [original(page, b) for b in boxes])
    assert [r[0] for r in readings] == ["4607", "673", "16063"]
    assert all(len(set(r)) == 1 for r in readings)  # every reading agrees on clean type


def test_patch_lines_puts_the_second_reading_into_the_line_and_asks_for_review():
    gray, (label, number) = drawn([("Исход. №", (60, 40)), ("4607", (300, 40))])
    page = page_with(gray)
    # the page's reading took the typed 0 for a 9
    words = (Word("Исход.", original(page, label), 0.9), Word("№", original(page, label), 0.9),
             Word("4697", original(page, number), 0.74))
    line = TextLine("Исход. № 4697", BBox.enclosing([w.bbox for w in words]), 0.8, "r1", words)
    page.regions = [Region("r1", "text", line.bbox, 0.8,
                           lines=[Line(line.bbox, line.text, 0.8, list(words))])]
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"), reread.digit_engine(None))
    assert fields["outgoing_number"].value == "4607"
    assert fields["outgoing_number"].confidence <= reread.REREAD_CONF
    assert any("'4697'" in r.reason and "'4607'" in r.reason for r in review)
    # without the engine nothing is read again: only the 0's shape (no Tesseract) sets it right
    fields, review = extract(page, get_profile("mfa-ciphered-telegram"))
    assert fields["outgoing_number"].value == "4607"
    assert not any("read again alone" in r.reason for r in review)
    assert any("'4697' taken as '4607'" in r.reason and "shape of a 0" in r.reason for r in review)
