"""A page turned over whose densest band is a stamp over a line: that band reads badly both
ways, so the orient probe reads the next band of the most ink as well and turns the page by
the two together; a page whose first band reads clearly is read as before. A line crop turned
over (fewer characters than a page's band) is turned by its reading against its own length."""

import cv2
import numpy as np
import pytest
from glyphgen import typed_rows

from pipeline.engines.tesseract import OcrWord, TesseractEngine
from pipeline.imaging.orientation import probe_band
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import orient

EN = ["To comrades Molotov and Vyshinsky", "Ciphered telegram from Peking", "In a talk with",
      "the comrades Filippov and his friends", "gave their opinion on", "the international",
      "situation and ask for an answer"]
MARGIN, STEP = 30, 34


def stamped_page() -> np.ndarray:
    """Typed lines with a stamp (a thick ring, hatched inside) over the fourth line."""
    page = typed_rows(EN, 900, 520, size=22, margin=MARGIN, step=STEP, paper=240, ink=20)
    cx, cy = 200, MARGIN + STEP * 3 + 11
    cv2.circle(page, (cx, cy), 70, 60, 7)
    for dx in range(-60, 61, 9):
        cv2.line(page, (cx + dx - 20, cy - 30), (cx + dx + 20, cy + 30), 60, 3)
    return page


def oriented(image, engine):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    ctx = Context(Settings(), engine=engine)
    orient.apply(page, ctx)
    return page, ctx


def test_probe_band_ranks_bands_that_overlap_no_denser_one():
    ink = np.zeros((200, 50), np.uint8)
    ink[20:30, :] = 1      # the densest band
    ink[34:38, :40] = 1    # next to it, and less ink than the band below
    ink[120:130, :30] = 1
    assert probe_band(ink, 12) == (18, 30)
    assert probe_band(ink, 12, rank=0) == (18, 30)
    assert probe_band(ink, 12, rank=1) == (118, 130)  # more ink than rows 34-37
    assert probe_band(ink, 12, rank=2) == (30, 42)  # rows 34-37, clear of the densest band
    assert probe_band(ink, 12, rank=3) is None  # no ink left for a fourth band
    assert probe_band(ink, 300, rank=1) is None  # the band is the whole image


def test_real_tesseract_turns_over_a_page_whose_densest_band_is_a_stamp():
    turned = np.ascontiguousarray(stamped_page()[::-1, ::-1])
    page, ctx = oriented(turned, TesseractEngine("rus+eng"))
    assert page.preprocess["rotation"] == 180
    assert "probe2" in ctx.params  # the stamp's band alone decided nothing
    assert page.preprocess["probe_letters"].get("Latin", 0) > page.preprocess["probe_letters"].get(
        "Cyrillic", 0)
    # the probe's words of both bands lie on the page (ORIGINAL pixels)
    words = page.masks["probe_words"]
    assert len(words) and (words[:, :4] >= -1).all() and (words[:, 2] <= 901).all()


def test_real_tesseract_leaves_the_stamped_page_upright():
    page, ctx = oriented(stamped_page(), TesseractEngine("rus+eng"))
    assert page.preprocess["rotation"] == 0


@pytest.mark.parametrize("text", ["Шифрованная телеграмма", "To comrade Molotov"])
@pytest.mark.parametrize("turn", [0, 2])
def test_real_tesseract_turns_a_line_crop_the_right_way_up(text, turn):
    line = typed_rows([text], 24 * len(text) + 20, 50, size=30, margin=10, step=40, paper=235,
                      ink=30)
    page, ctx = oriented(np.ascontiguousarray(np.rot90(line, turn)), TesseractEngine("rus+eng"))
    assert ctx.params["few_lines"]
    assert page.preprocess["rotation"] == 90 * turn


class CountingEngine:
    """A stand-in engine reading every band as one clear English sentence, logging each call."""

    lang = "eng"

    def __init__(self):
        self.calls = 0

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.calls += 1
        return [OcrWord("To comrades Molotov and Vyshinsky by telegram", (0, 0, 90, 10), 0.93,
                        1, 1, 1)]


def test_a_clear_first_reading_reads_no_second_band():
    engine = CountingEngine()
    page, ctx = oriented(stamped_page(), engine)
    assert engine.calls == 1 and "probe2" not in ctx.params
    assert page.preprocess["rotation"] == 0
