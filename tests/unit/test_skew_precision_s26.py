"""Session 26: the skew estimate to a few thousandths of a degree on a full-width page, and
the same whether or not there is ink in the top margin (a folio stamp). Counted whole in the
row below it, each point jumped rows as the angle moved it across a row's edge, so the
sharpness rippled with where the edges fell: the estimate was 0.014 degrees off on average on
synthetic pages and moved by as much when a mark was added, and Tesseract, reading lines a
pixel apart at the page's ends, read some header lines differently."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import binarize, skew
from tests.unit.test_imaging import FONT, TEXT

ANGLES = (-3.137, -1.212, 0.483, 2.761)


def _page(folio: bool = False) -> np.ndarray:
    """A gray page 2400 px wide of 40 typed lines across it; with `folio`, a number stamped in
    the top margin."""
    img = Image.new("L", (2400, 2600), 235)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 34)
    for i in range(40):
        row = "  ".join(TEXT[(i + k) % len(TEXT)] for k in range(3))
        draw.text((120, 220 + i * 56), row[:95], font=font, fill=25)
    if folio:
        draw.text((2120, 60), "313", font=ImageFont.truetype(FONT, 60), fill=60)
    return np.array(img)


def _turned(gray: np.ndarray, ccw_deg: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), ccw_deg, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=235)


@pytest.fixture(scope="module")
def estimates() -> dict[tuple[float, bool], float]:
    return {(a, f): skew.estimate_skew(binarize.ink_mask(_turned(_page(f), a)))
            for a in ANGLES for f in (False, True)}


def test_the_angle_to_a_few_thousandths_of_a_degree(estimates):
    errors = [abs(estimates[a, False] - a) for a in ANGLES]
    assert max(errors) < 0.008 and float(np.mean(errors)) < 0.005


def test_ink_in_the_top_margin_does_not_move_the_angle(estimates):
    moved = [abs(estimates[a, True] - estimates[a, False]) for a in ANGLES]
    assert max(moved) < 0.005
