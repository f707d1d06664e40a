"""Session 24: a round stamp printed over closely typed lines, which cross its ring on every
side and fill the circles beside it too (`pens.RING_CONTRAST_CROSSED`), and the ring sought in
the blob's whole ink when taking its typed letters out broke it (`rings.ring_cut`'s `whole`)."""

import cv2
import numpy as np

import pipeline.marks.pens as pens
from pipeline.marks.detect import Candidates, ring_cut
from pipeline.marks.pens import ring_in
from pipeline.model import BBox

XH = 28.0
CX, CY, R = 600, 320, 220


def _typing(spacing: int = 52) -> np.ndarray:
    """Ink (uint8 255) of typed lines of block letters `spacing` pixels apart across the page."""
    img = np.zeros((640, 1300), np.uint8)
    for y in range(60, 580, spacing):
        for x in range(20, 1280, 30):
            cv2.rectangle(img, (x, y), (x + 20, y + 26), 255, 4)
    return img


def _beside(own: np.ndarray) -> float:
    ys, xs = np.nonzero(own)
    return max(pens._circle_cover(xs.astype(float), ys.astype(float), CX, CY, R + k * pens.RING_APART * XH,
                                  pens.RING_HIT * XH) for k in (-1, 1))


def test_ring_crossed_by_close_typed_lines_is_found_and_the_typing_alone_is_no_ring():
    typing = _typing()
    img = typing.copy()
    cv2.circle(img, (CX, CY), R, 255, 7)
    # The lines fill so many directions of the circles beside the ring that the plain
    # contrast is under RING_CONTRAST: only the crossed rule finds it.
    assert 1.0 - _beside(img > 0) < pens.RING_CONTRAST
    ring = ring_in(img > 0, XH)
    assert ring is not None
    cx, cy, r = ring
    assert abs(cx - CX) < 6 and abs(cy - CY) < 6 and abs(r - R) < 6
    for spacing in (40, 52, 64):
        assert ring_in(_typing(spacing) > 0, XH) is None


def test_a_loose_circle_over_typing_is_no_ring(monkeypatch):
    img = _typing()
    t = np.linspace(0, 2 * np.pi, 721)
    r = R + 0.3 * XH * np.sin(7 * t)  # wobbling 0.3 letter heights in and out
    pts = np.stack([CX + r * np.cos(t), CY + r * np.sin(t)], 1).round().astype(np.int32)
    cv2.polylines(img, [pts.reshape(-1, 1, 2)], True, 255, 3)
    assert ring_in(img > 0, XH) is None
    # It is the sharpness asked of a crossed ring that turns it down.
    monkeypatch.setattr(pens, "RING_SHARP", 0.0)
    assert ring_in(img > 0, XH) is not None


def test_ring_cut_seeks_the_ring_in_the_whole_ink_when_the_typing_taken_out_broke_it():
    img = _typing(80)
    cv2.circle(img, (CX, CY), R, 255, 7)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    whole = labels > 0
    # The blob without its typed letters: the ring with a gap wherever a typed line crossed it.
    broken = whole.copy()
    for y in range(60, 580, 80):
        broken[y - 4:y + 31] = False
    assert ring_in(broken, XH) is None

    def cut(with_whole: bool):
        found = Candidates([], None, labels.astype(np.int32).copy(), np.zeros_like(img), XH, stats.copy())
        return ring_cut(found, list(range(1, n)), BBox(0, 0, img.shape[1], img.shape[0]), broken, XH,
                        whole=whole if with_whole else None)

    assert cut(False) is None
    kept = cut(True)
    assert kept is not None
    box = kept[1]
    assert box.width < 2 * (R + XH) and box.height < 2 * (R + XH)
    assert abs((box.x0 + box.x1) / 2 - CX) < XH and abs((box.y0 + box.y1) / 2 - CY) < XH
