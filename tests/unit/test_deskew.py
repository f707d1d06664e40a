import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.model import BBox, Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean, deskew

FONT = "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"


def skewed_page(ccw_deg: float) -> np.ndarray:
    img = Image.new("RGB", (800, 500), (240, 236, 225))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 24)
    for i, row in enumerate(["Спец. No 550 Шифрованная телеграмма", "Для Мао-Дзе-Дуна. Тов. Мао",
                             "В беседе с корейскими товарищами", "Филиппов и его друзья"]):
        draw.text((80, 120 + 40 * i), row, font=font, fill=(30, 30, 40))
    a = np.array(img)
    m = cv2.getRotationMatrix2D((400, 250), ccw_deg, 1.0)
    return cv2.warpAffine(a, m, (800, 500), borderValue=(240, 236, 225))


def new_page(image: np.ndarray) -> Page:
    return Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)


def test_deskew_levels_the_page_and_records_the_angle():
    page = new_page(skewed_page(3.0))
    ctx = Context(Settings())
    deskew.apply(page, ctx)
    assert page.preprocess["skew_deg"] == pytest.approx(3.0, abs=0.1)
    assert ctx.params["rotated"] is True
    # The levelled page has no skew left.
    again = new_page(page.image)
    deskew.apply(again, Context(Settings()))
    assert abs(again.preprocess["skew_deg"]) < 0.1


def test_deskewed_boxes_map_back_onto_the_original_ink():
    original = skewed_page(-4.0)
    page = new_page(original)
    deskew.apply(page, Context(Settings()))
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    ys, xs = np.nonzero(gray < 128)
    work = BBox(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    got = page.map_bbox(work)
    ys0, xs0 = np.nonzero(cv2.cvtColor(original, cv2.COLOR_RGB2GRAY) < 128)
    want = [xs0.min(), ys0.min(), xs0.max() + 1, ys0.max() + 1]
    # the box of a levelled block is a bit wider than the rotated ink's own box: only a tilt's worth
    assert got.to_list() == pytest.approx(want, abs=25)
    assert got.x0 <= want[0] + 3 and got.y0 <= want[1] + 3


def test_level_page_is_left_alone():
    image = skewed_page(0.0)
    page = new_page(image)
    deskew.apply(page, Context(Settings()))
    assert page.image is image
    assert np.allclose(page.to_original, np.eye(3))


def test_blank_page_has_zero_skew():
    page = new_page(np.full((300, 300, 3), 250, np.uint8))
    ctx = Context(Settings())
    deskew.apply(page, ctx)
    assert page.preprocess["skew_deg"] == 0.0 and ctx.params["found_text"] is False


def test_clean_adds_gray_and_ink_masks_and_keeps_colour():
    image = skewed_page(0.0)
    page = new_page(image)
    clean.apply(page, Context(Settings()))
    assert page.image is image and page.image.ndim == 3
    gray, ink = page.masks["gray"], page.masks["ink"]
    assert gray.dtype == np.uint8 and gray.shape == image.shape[:2]
    assert set(np.unique(ink)) <= {0, 255}
    text = ink[115:280, 75:700]
    assert 0.03 < (text > 0).mean() < 0.5
    assert (ink[350:] > 0).sum() == 0
    assert np.median(gray) > 240  # paper flattened to near white


def test_deskew_turns_the_ink_with_the_page_for_clean_to_reuse():
    page = new_page(skewed_page(3.0))
    deskew.apply(page, Context(Settings()))
    ink = page.masks["ink"]
    assert ink.shape == page.image.shape[:2] and set(np.unique(ink)) <= {0, 255}
    # The turned ink is the ink of the levelled page, up to a pixel along the strokes' edges.
    again = ink_mask(to_gray(page.image))
    grow = np.ones((3, 3), np.uint8)
    assert np.count_nonzero(again & cv2.dilate(ink, grow)) >= 0.98 * np.count_nonzero(again)
    assert np.count_nonzero(ink & cv2.dilate(again, grow)) >= 0.98 * np.count_nonzero(ink)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    assert ctx.params["ink_reused"] is True and page.masks["ink"] is ink
