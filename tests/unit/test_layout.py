import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean, layout

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def header_page() -> np.ndarray:
    img = Image.new("L", (1000, 500), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i, t in enumerate(["МИД СССР", "Исход. No 8600", "Десятый отдел"]):
        draw.text((40, 40 + 34 * i), t, font=font, fill=20)
    for i, t in enumerate(["СОВ. СЕКРЕТНО", "Спец. No 550"]):
        draw.text((600, 40 + 34 * i), t, font=font, fill=20)
    draw.text((40, 300), "Для Мао-Дзе-Дуна.", font=font, fill=20)
    return np.array(img)


def run(page: Page) -> Page:
    ctx = Context(Settings())
    clean.apply(page, ctx)
    layout.apply(page, ctx)
    return page


def test_layout_makes_text_regions_in_reading_order_with_original_boxes():
    image = header_page()
    page = Page(Source("t.png", "0" * 64, 1, 1000, 500), image=image)
    # pretend the page was shifted by an earlier stage: boxes must come back in original pixels
    page.apply_transform(np.array([[1, 0, -10], [0, 1, -5]], float), image)
    run(page)
    regions = page.regions_of("text")
    assert [r.id for r in regions] == ["t1", "t2", "t3"]
    left, right, body = (r.bbox for r in regions)
    assert left.x1 < 600 + 10 <= right.x0 and body.y0 >= 300
    boxes = page.masks["text_boxes"]
    assert boxes.shape == (3, 4)
    assert left.x0 == boxes[0][0] + 10 and left.y0 == boxes[0][1] + 5


def test_ink_under_marks_is_ignored_and_other_regions_kept():
    image = header_page()
    page = Page(Source("t.png", "0" * 64, 1, 1000, 500), image=image)
    from pipeline.model import BBox, Region
    page.regions.append(Region("s1", "stamp", BBox(590, 30, 900, 120), 0.9))
    page.masks["marks"] = np.zeros((500, 1000), np.uint8)
    page.masks["marks"][:, 560:] = 255  # the right column is "stamp ink"
    run(page)
    texts = page.regions_of("text")
    assert len(texts) == 2 and all(r.bbox.x1 < 560 for r in texts)
    assert page.regions[0].id == "s1"


def test_blank_page_has_no_regions():
    page = Page(Source("t.png", "0" * 64, 1, 300, 200), image=np.full((200, 300), 250, np.uint8))
    run(page)
    assert page.regions == [] and page.masks["text_boxes"].shape == (0, 4)
