"""Real Tesseract reads the synthetic lines as their truth says: the gold is what was drawn,
and a rotated page's boxes, turned by its `rotation`, land on upright text."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from pipeline.synth import render_page

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
pytesseract = pytest.importorskip("pytesseract")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")]


def ocr_line(img: Image.Image, box, lang: str) -> str:
    x0, y0, x1, y1 = box
    crop = img.crop((max(0, x0 - 8), max(0, y0 - 8), x1 + 8, y1 + 8))
    return pytesseract.image_to_string(crop, lang=lang, config="--psm 7").strip()


def batch_cer(pairs) -> float:
    dist = sum(Levenshtein.distance(" ".join(got.split()), " ".join(want.split())) for got, want in pairs)
    return dist / sum(len(want) for _, want in pairs)


def body_lines(truth, n):
    lines = [r for r in truth["regions"] if r["type"] == "text" and r.get("role") == "body"]
    return lines[:n]


def test_tesseract_reads_the_gold_of_a_clean_seed_page():
    p = render_page(5, profile="clean", document="seed-ru", stamps=False, handwriting=False)
    pairs = [(ocr_line(p.image, r["bbox"], "rus"), r["text"]) for r in body_lines(p.truth, 5)]
    assert len(pairs) == 5
    assert batch_cer(pairs) < 0.08, pairs


def test_tesseract_reads_the_english_page():
    p = render_page(5, profile="clean", document="seed-en", stamps=False, handwriting=False)
    pairs = [(ocr_line(p.image, r["bbox"], "eng"), r["text"]) for r in body_lines(p.truth, 4)]
    assert batch_cer(pairs) < 0.08, pairs


def test_rotated_page_turned_by_its_rotation_reads_upright():
    p = render_page(6, profile="rotated", document="bank-ru-10", stamps=False, handwriting=False)
    rot = p.truth["rotation"]
    w, h = p.image.size
    upright = Image.fromarray(np.ascontiguousarray(np.rot90(np.asarray(p.image), k=-(rot // 90))))

    def turn(b):  # the box in the image turned clockwise by `rotation`
        x0, y0, x1, y1 = b
        return {90: (h - y1, x0, h - y0, x1), 180: (w - x1, h - y1, w - x0, h - y0),
                270: (y0, w - x1, y1, w - x0)}[rot]

    pairs = [(ocr_line(upright, turn(r["bbox"]), "rus"), r["text"]) for r in body_lines(p.truth, 4)]
    assert batch_cer(pairs) < 0.12, pairs
