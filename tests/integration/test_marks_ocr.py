"""Real Tesseract: typed text under a violet stamp is read after the marks stage repaints the
stamp, and the stamp gets an attempted reading of its own."""

import importlib.util
import os
from pathlib import Path

import cv2
import pytest

from pipeline.engines.tesseract import TesseractEngine
from pipeline.evaluation.metrics import cer
from pipeline.layout_model import load_default
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import marks as marks_stage

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(load_default() is None, reason="classifier not built (make model)")]

# The drawn fixtures (typed paragraph, round stamp) are the unit tests' own.
_spec = importlib.util.spec_from_file_location(
    "marks_drawings", Path(__file__).resolve().parents[1] / "unit" / "test_marks.py")
drawings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drawings)


def test_typed_text_under_a_colour_stamp_is_read_after_repainting():
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    engine = TesseractEngine("eng", timeout=120)
    typed, _ = drawings.typed_page()
    image, _ = drawings.round_stamp(typed, 330, 150, 105, (110, 40, 180))
    h, w = image.shape[:2]
    out = marks_stage.apply(Page(Source("drawn.png", "0" * 64, 1, w, h), image=image),
                            Context(Settings(lang="eng"), engine=engine))
    assert len(out.regions_of("stamp")) == 1
    gold = "\n".join(drawings.LINES)

    def read(gray):
        lines: dict[tuple[int, int, int], list[str]] = {}
        for wd in engine.recognize(gray, psm=6):
            lines.setdefault((wd.block, wd.paragraph, wd.line), []).append(wd.text)
        return "\n".join(" ".join(words) for words in lines.values())

    before, _ = cer(gold, read(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)))
    after, _ = cer(gold, read(out.masks["gray"]))
    # Letters crossed by the stamp's strokes lose a few pixels, so not every character
    # survives; most of what the stamp spoiled must come back.
    assert after <= 0.08, (before, after, read(out.masks["gray"]))
    assert after < before / 2
    stamp = out.regions_of("stamp")[0]
    assert stamp.text and "reading_confidence" in stamp.attrs
