"""Overlay PNG: region outlines land where the boxes are, in the type's colour."""

import cv2
import numpy as np

from pipeline.formats.overlay import COLOURS, write_overlay
from pipeline.model import BBox, Page, Region, Source


def _page(image):
    h, w = image.shape[:2]
    return Page(Source("x.png", "0" * 64, 1, w, h), image=image)


def test_outline_in_type_colour_on_the_working_image(tmp_path):
    page = _page(np.full((100, 120), 255, np.uint8))
    page.regions = [Region("s1", "stamp", BBox(10, 20, 60, 80), 0.9),
                    Region("h1", "handwriting", BBox(70, 10, 110, 40), 0.8)]
    out = write_overlay(page, tmp_path / "o.png")
    img = cv2.imread(str(out))
    assert img.shape == (100, 120, 3)
    assert tuple(img[50, 10]) == COLOURS["stamp"]          # left edge of the stamp box
    assert tuple(img[25, 110]) == COLOURS["handwriting"]   # right edge of the handwriting box
    assert tuple(img[50, 35]) == (255, 255, 255)           # inside the box: scan untouched


def test_boxes_follow_the_working_transform(tmp_path):
    # The working image is the original shifted by +30 px in x: an original box at x=10
    # must be drawn at x=40 on the working image.
    page = _page(np.full((60, 100, 3), 255, np.uint8))
    page.apply_transform(np.array([[1.0, 0, 30], [0, 1, 0]]), page.image)
    page.regions = [Region("s1", "stamp", BBox(10, 10, 50, 50), 0.9)]
    img = cv2.imread(str(write_overlay(page, tmp_path / "o.png")))
    assert tuple(img[30, 40]) == COLOURS["stamp"]
    assert tuple(img[30, 10]) == (255, 255, 255)
