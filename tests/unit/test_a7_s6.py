"""Marks vs typed text, session 6: a typed letter a signature left with two like neighbours
stays typing; tinted paper spread over half a page is no stamp to unmix, a stamp still is."""

import cv2
import numpy as np

from pipeline.marks.detect import typed_in_hand
from pipeline.marks.protect import typed_components
from pipeline.marks.removal import MAX_SPARSE_SIDE, MIN_STAMP_FILL, stamp_boxes

XH = 28.0


def _row_under_a_signature():
    """(stats, labels of the pen group, the letter after the pen's stroke, a pen loop of the
    group on the row, a pen letter of the group off the row) of a typed row of six 18 x 28
    letters at a 30 px pitch and a full stop, whose 4th and 5th letters a tall pen stroke
    swallowed (the row's last letter is left with two like letters within reach)."""
    img = np.zeros((400, 900), np.uint8)
    for k in range(6):
        if k not in (3, 4):
            img[200:228, 100 + 30 * k:118 + 30 * k] = 255
    img[222:228, 280:286] = 255
    # The pen's stroke through letters 3 and 4, well above and below the row.
    cv2.line(img, (190, 150), (215, 270), 255, 5)
    cv2.line(img, (215, 270), (245, 150), 255, 5)
    img[200:228, 190:208] = 255
    img[200:228, 220:238] = 255
    # A pen loop on the row's line but taller than its letters, and a pen letter below the row.
    cv2.ellipse(img, (600, 214), (12, 22), 0, 0, 360, 255, 3)
    img[300:328, 400:418] = 255
    _, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    at = lambda x, y: int(labels[y, x])
    after = at(100 + 30 * 5 + 5, 210)
    pen = {at(192, 160), after, at(600, 214 - 22), at(405, 310)}
    return stats, pen, after, at(600, 214 - 22), at(405, 310)


def test_a_letter_after_a_signatures_stroke_stays_typing():
    stats, pen, after, loop, below = _row_under_a_signature()
    typed = typed_components(stats, pen, XH)
    assert after in typed
    kept = typed_in_hand(stats, typed, pen, XH)
    # Its like neighbours within reach are letters 1 and 2 only (3 and 4 are the pen's).
    assert after in kept
    assert after not in typed_in_hand(stats, typed, pen, XH, min_row=3)
    # The pen's own stroke, its loop on the row and its letter off the row are no typing.
    assert not kept & (pen - {after})
    assert loop not in kept and below not in kept


def _typed_page(h=1400, w=1000, rows=(80, 400)):
    """RGB page with rows of black letter blocks between the heights `rows`, and its ink mask
    (255 = ink)."""
    img = np.zeros((h, w, 3), np.uint8)
    img[:] = (236, 230, 214)
    for y in range(rows[0], rows[1], 60):
        for x in range(60, w - 60, 26):
            img[y:y + 24, x:x + 16] = (35, 35, 40)
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    return img, np.where(gray < 128, np.uint8(255), np.uint8(0))


VIOLET = (110, 50, 160)


def test_tinted_specks_spread_over_half_a_page_are_no_stamp(monkeypatch):
    img, ink = _typed_page()
    # A net of violet specks (a crease's or show-through's tint) over most of the page: close
    # enough to chain into one box, under 1% of it tinted.
    for y in range(500, 1300, 120):
        for x in range(100, 900, 20):
            img[y:y + 2, x:x + 2] = VIOLET
    for x in range(100, 900, 120):
        for y in range(500, 1300, 20):
            img[y:y + 2, x:x + 2] = VIOLET
    assert stamp_boxes(img, ink) == []
    # It is the size-and-fill rule that says so: without it the net is one big "stamp".
    from pipeline.marks import removal
    monkeypatch.setattr(removal, "MAX_SPARSE_SIDE", 10.0)
    (x0, y0, x1, y1), = stamp_boxes(img, ink)
    assert x1 - x0 > MAX_SPARSE_SIDE * 1000 and y1 - y0 > 700


def test_a_ring_stamp_and_a_large_framed_stamp_are_still_found():
    img, ink = _typed_page()
    ink_drawn = np.zeros(img.shape[:2], np.uint8)
    cv2.circle(ink_drawn, (300, 600), 110, 255, 6)
    cv2.circle(ink_drawn, (300, 600), 80, 255, 4)
    # A framed stamp wider than MAX_SPARSE_SIDE of the page, a line of text in it: sparse, but
    # far above MIN_STAMP_FILL.
    cv2.rectangle(ink_drawn, (120, 900), (560, 1160), 255, 5)
    cv2.putText(ink_drawn, "ARCHIVES", (160, 1050), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 255, 5)
    img[ink_drawn > 0] = VIOLET
    boxes = stamp_boxes(img, ink)
    rings = [b for b in boxes if abs(b[0] - 190) <= 15 and abs(b[2] - 410) <= 15 and abs(b[1] - 490) <= 15]
    frames = [b for b in boxes if abs(b[0] - 120) <= 15 and abs(b[2] - 560) <= 15 and abs(b[1] - 900) <= 15]
    assert len(rings) == 1 and len(frames) == 1
    fx0, fy0, fx1, fy1 = frames[0]
    assert fx1 - fx0 > MAX_SPARSE_SIDE * 1000
    assert (ink_drawn[fy0:fy1, fx0:fx1] > 0).mean() > 2 * MIN_STAMP_FILL
