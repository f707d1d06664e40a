import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import OcrWord
from pipeline.model import BBox, Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import orient

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def lines_page(w=700, h=500) -> np.ndarray:
    img = Image.new("L", (w, h), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i in range(7):
        draw.text((30, 30 + 34 * i), "Тов. Молотову и Вышинскому", font=font, fill=20)
    return np.array(img)


class ScriptedEngine:
    """Reads every probe with the next confidence of a script; logs the bands it was given."""

    def __init__(self, confidences):
        self.confidences = list(confidences)
        self.bands = []

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.bands.append(image)
        conf = self.confidences.pop(0)
        return [OcrWord("Молотову", (0, 0, 10, 10), conf, 1, 1, 1) for _ in range(8)]


def run(image, confidences):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    engine = ScriptedEngine(confidences)
    ctx = Context(Settings(), engine=engine)
    orient.apply(page, ctx)
    return page, engine, ctx


def test_confident_upright_reading_needs_one_probe():
    page, engine, ctx = run(lines_page(), [0.95])
    assert page.preprocess["rotation"] == 0 and len(engine.bands) == 1
    assert ctx.params["axis"] == 0
    assert page.masks["ink"].shape == page.image.shape[:2]


def test_page_reading_better_upside_down_is_turned_and_boxes_follow():
    image = lines_page()
    page, engine, _ = run(image, [0.3, 0.9])
    assert page.preprocess["rotation"] == 180 and len(engine.bands) == 2
    assert np.array_equal(engine.bands[1], engine.bands[0][::-1, ::-1])
    assert np.array_equal(page.image, image[::-1, ::-1])
    # working (0, 0, 10, 10) is the original bottom-right corner
    assert page.map_bbox(BBox(0, 0, 10, 10)).to_list() == [690, 490, 700, 500]


@pytest.mark.parametrize("confs", [[0.3, 0.4], [0.2, 0.3]])
def test_unclear_readings_leave_the_page_as_it_is(confs):
    page, _, _ = run(lines_page(), confs)
    assert page.preprocess["rotation"] == 0


def test_lines_running_down_are_turned_a_quarter():
    image = np.ascontiguousarray(np.rot90(lines_page()))  # scan turned counter-clockwise
    page, engine, _ = run(image, [0.95])
    assert page.preprocess["rotation"] == 90
    assert page.image.shape == (500, 700)
    page, _, _ = run(image, [0.2, 0.7])
    assert page.preprocess["rotation"] == 270


def test_blank_page_is_not_probed():
    page, engine, ctx = run(np.full((300, 400), 245, np.uint8), [])
    assert page.preprocess["rotation"] == 0 and engine.bands == []


def test_the_upright_reading_records_its_letters_per_script():
    page, _, _ = run(lines_page(), [0.95])
    assert page.preprocess["probe_letters"] == {"Cyrillic": 64, "Latin": 0}  # 8 x "Молотову"
