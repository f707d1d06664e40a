import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import blocks
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


def _remove_rules_exact(ink: np.ndarray, min_len: int) -> np.ndarray:
    """The definition `blocks.remove_rules` computes faster: openings by full-length lines."""
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_len, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, min_len)))
    rules = cv2.dilate(cv2.bitwise_or(h, v), cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return cv2.subtract(ink, rules)


@pytest.mark.parametrize("start", [37, 40, 42])  # rule ends on and off the pooling grid
def test_rules_go_and_text_stays_as_by_full_length_openings(start):
    ink = np.zeros((400, 900), np.uint8)
    ink[100:103, start:start + 611] = 255            # a rule under a line of type
    ink[60:400, 800 + start % 4:803 + start % 4] = 255  # a vertical rule
    ink[200:203, start:start + 250] = 255            # a dash run too short to be a rule
    for x in range(start, start + 500, 25):          # letters, one touching the rule
        ink[75:99 if x != start + 100 else 101, x:x + 14] = 255
    out = blocks.remove_rules(ink, 300)
    assert not out[100:103, start + 120:start + 600].any() and not out[60:400, 800:810].any()
    assert out[200:203, start:start + 250].all()
    assert np.array_equal(out, _remove_rules_exact(ink, 300))


def on_grained_board(sheet: np.ndarray, border: int = 120, seed: int = 3) -> np.ndarray:
    """`sheet` laid on a darker board whose grain binarises into glyph-sized specks."""
    rng = np.random.default_rng(seed)
    h, w = sheet.shape
    board = rng.normal(150, 12, (h + 2 * border, w + 2 * border)).clip(0, 255).astype(np.uint8)
    for _ in range(3000):  # dark flecks of 5-9 px, the size of small type at low resolution
        y, x = rng.integers(0, board.shape[0] - 10), rng.integers(0, board.shape[1] - 10)
        board[y:y + rng.integers(5, 10), x:x + rng.integers(2, 5)] = 60
    board[border:border + h, border:border + w] = sheet
    return board


def test_the_grain_of_the_board_around_the_sheet_is_not_text():
    plain = run(Page(Source("a.png", "0" * 64, 1, 1000, 500), image=header_page()))
    image = on_grained_board(header_page())
    h, w = image.shape
    page = run(Page(Source("b.png", "0" * 64, 1, w, h), image=image))
    shifted = [[v + 120 for v in r.bbox.to_list()] for r in plain.regions_of("text")]
    found = [r.bbox.to_list() for r in page.regions_of("text")]
    # The same blocks (to a pixel: the flattening sees the board beside the sheet's edge).
    assert len(found) == len(shifted)
    assert np.abs(np.array(found) - np.array(shifted)).max() <= 1
    assert blocks.glyph_height(layout.typed_ink(page)) == blocks.glyph_height(layout.typed_ink(plain))
    # Without the surround taken out, the flecks set the type size and make blocks of their own.
    assert blocks.glyph_height(page.masks["ink"]) < 0.7 * blocks.glyph_height(layout.typed_ink(page))
    assert len(blocks.find_blocks(page.masks["ink"])[0]) > len(shifted)


def test_a_sheet_filling_the_scan_has_no_surround_even_under_uneven_light():
    page = header_page().astype(np.float32)
    page *= np.linspace(1.0, 0.9, page.shape[1])[None, :]  # a tenth darker to the right
    assert not blocks.off_sheet(page.astype(np.uint8)).any()
    board = blocks.off_sheet(on_grained_board(header_page()))
    assert board[:120].all() and board[-120:].all() and not board[130:-130, 130:-130].any()
