"""Reading many marks in one OCR call: layout on one sheet, words back to their crops."""

from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.sheet import assign, layout
from pipeline.marks.reading import read_marks

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def crop(text: str, size: int = 40, width: int = 320) -> np.ndarray:
    im = Image.new("L", (width, int(size * 1.8)), 255)
    ImageDraw.Draw(im).text((10, size // 3), text, fill=0, font=ImageFont.truetype(FONT, size))
    return np.asarray(im)


def test_layout_keeps_every_crop_whole_and_apart():
    crops = [crop("a", 30, 100), crop("b", 60, 400), np.zeros((5, 7), np.uint8)]
    sheet, spans = layout(crops)
    assert sheet.shape[1] >= 400
    for c, (y0, y1) in zip(crops, spans):
        assert y1 - y0 == c.shape[0]
        assert np.array_equal(sheet[y0:y1, 8:8 + c.shape[1]], c)
    gaps = [b0 - a1 for (_, a1), (b0, _) in zip(spans, spans[1:])]
    assert min(gaps) >= 24
    # nothing but paper between the crops
    assert (sheet[spans[0][1]:spans[1][0]] == 255).all()


def test_assign_by_vertical_centre():
    w = lambda y0, y1: SimpleNamespace(box=(0, y0, 10, y1), text="x", confidence=0.5)  # noqa: E731
    spans = [(10, 50), (100, 140)]
    inside, between, second, late = w(20, 40), w(60, 90), w(105, 135), w(150, 160)
    assert assign([inside, between, second, late], spans) == [[inside], [second]]


class Recorder:
    def __init__(self, words):
        self.calls, self.words = 0, words

    def recognize(self, image, psm=3, timeout=None):
        self.calls += 1
        return self.words


def test_one_engine_call_for_all_marks_and_unread_marks_stay_empty():
    crops = [crop("one"), crop("two")]
    _, spans = layout(crops)
    y0, y1 = spans[1]
    word = SimpleNamespace(box=(10, y0 + 5, 50, y1 - 5), text="two", confidence=0.8)
    engine = Recorder([word])
    assert read_marks(engine, crops, timeout=5) == [("", None), ("two", 0.8)]
    assert engine.calls == 1
    assert read_marks(None, crops, timeout=5) == [("", None), ("", None)]


def test_failed_call_leaves_marks_unread():
    from pipeline.errors import PageFailedError

    class Failing:
        def recognize(self, image, psm=3, timeout=None):
            raise PageFailedError("tesseract failed")

    assert read_marks(Failing(), [crop("x")], timeout=5) == [("", None)]


@pytest.mark.parametrize("lang", ["eng"])
def test_real_tesseract_reads_each_crop_as_its_own(lang):
    from pipeline.engines.tesseract import TesseractEngine

    texts = ["Received 14 May", "No 4058", "Filed"]
    crops = [crop(texts[0], 36, 420), crop(texts[1], 56, 300), crop(texts[2], 28, 160)]
    readings = read_marks(TesseractEngine(lang, 30), crops, timeout=30)
    assert [t for t, _ in readings] == texts
    assert all(c is not None and c > 0.5 for _, c in readings)
