"""Typing in a second colour (B31, session 15): a page typed on a violet ribbon over a black
printed form is not a stamp. The clean stage unmixed the violet body as stamp ink, to paper in
the ink mask and in the image Tesseract reads, so its lines fell in no layout block and were
never read; a coloured stamp beside the typing is still unmixed."""

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.blocks import typed_line_share
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
PAPER = (240, 236, 222)
PRINTED = (28, 27, 32)
VIOLET = (90, 60, 140)  # a worn violet ribbon
STAMP = (118, 62, 168)
BODY = (40, 460, 1060, 700)  # x0, y0, x1, y1 of the violet typed lines


def _form(stamp: bool = False) -> np.ndarray:
    """An RGB page: black printed header lines above a violet typed body; a violet ring stamp
    with lettering below it when `stamp`."""
    img = Image.new("RGB", (1100, 1200), PAPER)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 26)
    for i in range(10):
        draw.text((40, 40 + 40 * i), "Исход. № 16786 Форма № 17 Десятый отдел", font=font, fill=PRINTED)
    for i in range(5):
        draw.text((40, 470 + 44 * i), "музыкантов на концерты в Милане и Турине. Комитет",
                  font=font, fill=VIOLET)
    if stamp:
        draw.ellipse((600, 820, 900, 1120), outline=STAMP, width=9)
        draw.ellipse((640, 860, 860, 1080), outline=STAMP, width=5)
        draw.text((690, 950), "МИД СССР", font=font, fill=STAMP)
    return np.array(img)


def _cleaned(image: np.ndarray) -> tuple[Page, dict]:
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    return page, ctx.params


def _typed(image: np.ndarray) -> np.ndarray:
    """The typed body's pixels, found by their colour on the drawn page (no pipeline)."""
    x0, y0, x1, y1 = BODY
    body = np.zeros(image.shape[:2], bool)
    body[y0:y1, x0:x1] = np.abs(image[y0:y1, x0:x1].astype(int) - VIOLET).sum(axis=2) < 60
    return body


def test_a_violet_typed_body_stays_ink_and_dark():
    image = _form()
    page, params = _cleaned(image)
    typed = _typed(image)
    assert typed.sum() > 5000
    # At HEAD the body was unmixed: a third of its pixels left the mask, and the gray image
    # (what Tesseract reads) was lightened to paper there.
    assert (page.masks["ink"][typed] > 0).mean() > 0.9
    assert np.median(page.masks["gray"][typed]) < 128
    assert params["coloured_typing_boxes"] >= 1


def test_a_stamp_beside_violet_typing_is_still_unmixed():
    image = _form(stamp=True)
    page, params = _cleaned(image)
    assert params["stamp_unmixed_px"] > 1000
    ring = np.abs(image[820:1120, 600:900].astype(int) - STAMP).sum(axis=2) < 60
    assert (page.masks["ink"][820:1120, 600:900][ring] > 0).mean() < 0.5
    assert (page.masks["ink"][_typed(image)] > 0).mean() > 0.9


def test_typed_line_share_tells_typed_lines_from_a_ring_and_a_scrawl():
    char_h = 20.0
    lines = np.zeros((200, 700), np.uint8)
    for y in (20, 70, 120):  # three lines of glyphs, 14 px wide, 6 px apart
        for x in range(10, 680, 20):
            lines[y:y + 20, x:x + 14] = 255
    ring = np.zeros((300, 300), np.uint8)
    cv2.circle(ring, (150, 150), 130, 255, 8)
    cv2.putText(ring, "MID", (100, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 3)
    scrawl = np.zeros((100, 700), np.uint8)  # joined handwriting along one line
    pts = np.array([[10 + 10 * k, 50 + int(25 * np.sin(k / 2.0))] for k in range(68)], np.int32)
    cv2.polylines(scrawl, [pts], False, 255, 4)
    assert typed_line_share(lines, char_h) > 0.95
    assert typed_line_share(ring, char_h) < 0.5
    assert typed_line_share(scrawl, char_h) < 0.5
    assert typed_line_share(np.zeros((50, 50), np.uint8), char_h) == 0.0
