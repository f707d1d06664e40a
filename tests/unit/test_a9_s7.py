"""Helper A9, session 7: a round monochrome stamp printed over typing (its blob joined to the
typed lines round it) cut back to its ring; typed ink the ring took out of the page's ink
mask put back."""

import cv2
import numpy as np

from pipeline.marks.detect import Candidates, ring_cut
from pipeline.marks.ink import restore_near
from pipeline.marks.pens import ring_in
from pipeline.model import BBox

XH = 28.0


def _typed_rows(img: np.ndarray, x0: int, x1: int, rows: range) -> None:
    """Lines of block letters (ink 255) across `img` from x0 to x1 at the y of each row."""
    for y in rows:
        for x in range(x0, x1, 36):
            cv2.rectangle(img, (x, y), (x + 20, y + 26), 255, 4)


def _stamp_over_typing() -> np.ndarray:
    """Ink (uint8 255) of a ring 440 px across over five typed lines, a rule touching it from
    the left and a pen stroke beside it on the right, as one blob."""
    img = np.zeros((620, 1300), np.uint8)
    _typed_rows(img, 20, 1280, range(120, 520, 80))
    cv2.circle(img, (600, 310), 220, 255, 9)
    cv2.circle(img, (600, 310), 155, 255, 4)
    cv2.line(img, (250, 330), (385, 330), 255, 5)  # a typed rule running into the ring
    cv2.line(img, (815, 330), (870, 330), 255, 6)  # the pen's stroke touches the ring...
    pts = np.array([[870, 330], [920, 220], [960, 420], [1010, 230], [1060, 400], [1120, 300]])
    cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, 255, 6)  # ...and runs on past it
    return img


def test_ring_found_among_typed_lines_and_not_in_typing_alone():
    img = _stamp_over_typing()
    ring = ring_in(img > 0, XH)
    assert ring is not None
    cx, cy, r = ring
    assert abs(cx - 600) < 6 and abs(cy - 310) < 6 and abs(r - 220) < 8
    typing = np.zeros_like(img)
    _typed_rows(typing, 20, 1280, range(120, 520, 80))
    assert ring_in(typing > 0, XH) is None


def test_blob_cut_to_its_ring_typing_past_it_given_back_and_the_pen_a_note():
    img = _stamp_over_typing()
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    found = Candidates([], None, labels.astype(np.int32), np.zeros_like(img), XH, stats.copy())
    lab = list(range(1, n))
    own = labels > 0
    cut = ring_cut(found, lab, BBox(0, 0, img.shape[1], img.shape[0]), own, XH)
    assert cut is not None
    kept, box, notes = cut
    # The stamp's box is its ring's, not the blob's (the typed lines ran the width of the page):
    # the ring's outer edge, or half a letter past it where typing touching the ring is cut.
    outer, cut_at = 220 + 5, 220 + 0.5 * XH + 1
    assert 600 - cut_at <= box.x0 <= 600 - outer + 3 and 600 + outer - 3 <= box.x1 <= 600 + cut_at
    assert 310 - cut_at <= box.y0 <= 310 - outer + 3 and 310 + outer - 3 <= box.y1 <= 310 + cut_at
    # The rule's part past the ring is typing again: a label of its own, not the stamp's.
    rule = found.labels[330, 260]
    assert rule > 0 and rule not in kept
    assert len(found.stats) > len(stats)
    # Letters past the ring line up like typing: in no note. The pen's zigzag is one.
    assert len(notes) == 1
    zig = found.labels[420, 960]
    assert zig > 0 and zig in notes[0]
    letter = found.labels[120, 60]
    assert letter > 0 and letter not in notes[0] and letter not in kept


def test_no_ring_no_cut():
    typing = np.zeros((620, 1300), np.uint8)
    _typed_rows(typing, 20, 1280, range(120, 520, 80))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(typing, connectivity=8)
    found = Candidates([], None, labels.astype(np.int32), np.zeros_like(typing), XH, stats.copy())
    assert ring_cut(found, list(range(1, n)), BBox(0, 0, 1300, 620), labels > 0, XH) is None


def test_dark_ink_restored_only_near_the_boxes():
    ink = np.zeros((400, 400), np.uint8)
    dark = np.zeros((400, 400), bool)
    dark[50:60, 50:60] = True  # inside the box
    dark[110:115, 50:60] = True  # within the reach past the box's edge
    dark[300:310, 300:310] = True  # far away: a shadow the ink filter dropped stays out
    out = restore_near(ink, dark, [(40, 40, 100, 100)], xh=10.0)
    assert out[55, 55] == 255 and out[112, 55] == 255
    assert out[305, 305] == 0
    assert ink.max() == 0  # the input is not changed
    assert restore_near(ink, dark, [], xh=10.0) is ink
