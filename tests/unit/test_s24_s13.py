"""Typed lines under a gray round stamp on a page whose header is typed closer than its body.

The page's line pitch is its closest spacing (the single-spaced header's); the body below is
typed a line and a half apart. Lines put into the body's gaps at the header's pitch fall
between the body's lines, where only the stamp's strokes are, and the stamp's darker blotches
there were taken for typing: read as lines of their own, they broke the body's lines apart.
"""

import cv2
import numpy as np

from pipeline.marks.detect import Detection
from pipeline.marks.protect import typed_strips
from pipeline.marks.toned import split_typed_lines
from pipeline.model import BBox

XH = 20
HEADER = (100, 150, 200)        # single-spaced
BODY = (275, 350, 425, 500)     # a line and a half apart
TYPED, RING, BLOTCH = 40, 140, 45
CENTRE, RADIUS = (215, 390), 95
# Between the body's first two lines, where the header's pitch put a line (310 and 335).
BLOTCH_Y = 322


def _row(gray, y, x0=40, n=14):
    for k in range(n):
        gray[y - XH // 2:y + XH // 2, x0 + 28 * k:x0 + 28 * k + 14] = TYPED


def drawn_page():
    """(gray page, label image, stats, the stamp's Detection, bool mask of the blotch, bool mask
    of the typed ink the ring joined)."""
    gray = np.full((600, 700), 235, np.uint8)
    for y in HEADER + BODY:
        _row(gray, y)
    typed = gray == TYPED
    ring = np.zeros(gray.shape, np.uint8)
    cv2.circle(ring, CENTRE, RADIUS, 255, 6)
    on_ring = ring > 0
    gray[on_ring & ~typed] = RING
    # An unevenly inked stamp: one stretch of its ring as dark as the typing.
    blotch = on_ring & (np.abs(np.arange(gray.shape[0]) - BLOTCH_Y)[:, None] <= 5)
    gray[blotch] = BLOTCH
    _, labels, stats, _ = cv2.connectedComponentsWithStats((gray < 200).astype(np.uint8), connectivity=8)
    lab = int(labels[CENTRE[1] - RADIUS, CENTRE[0]])
    x, y, w, h = (int(v) for v in stats[lab, :4])
    det = Detection("stamp", BBox(x, y, x + w, y + h), 0.9, [lab])
    joined = typed & (labels == lab)
    return gray, labels, stats, det, blotch, joined


def test_a_gray_stamps_blotch_between_body_lines_stays_the_stamps():
    # At the header's pitch, lines every half body line covered the whole stamp: its tone had
    # no ink off the lines to be measured from, and the body's letters the ring joined stayed
    # masked with it.
    gray, labels, stats, det, blotch, joined = drawn_page()
    stamp_lab = det.labels[0]
    assert joined.any() and (labels[blotch] == stamp_lab).all()
    out = split_typed_lines(gray, labels, stats, det.box, det.labels, set(det.labels), float(XH))
    # The body's typed letters the ring touches leave the stamp as typing...
    assert len(out) > len(stats)
    assert (labels[joined] >= len(stats)).mean() > 0.95
    # ...and the ring's dark stretch between two body lines stays the stamp's.
    assert (labels[blotch] == stamp_lab).mean() > 0.95


def _stats(rows):
    boxes = [(40 + 25 * k, y - XH // 2, 16, XH) for y in rows for k in range(12)]
    out = [[0, 0, 0, 0, 0]] + [[x, y, w, h, w * h // 2] for x, y, w, h in boxes]
    return np.asarray(out, np.int32)


def test_no_strip_between_body_lines_at_the_headers_pitch():
    stats = _stats(HEADER + BODY)
    box = BBox(100, 240, 330, 540)
    mids = sorted((s.y0 + s.y1) / 2 for s in typed_strips(stats, set(), box, float(XH)))
    # Only the body's own lines (a clipped strip keeps its line's middle off the box's edge).
    assert all(min(abs(m - (y + 0.0)) for y in BODY) < 3 for m in mids if 260 < m < 520)
    assert not any(295 < m < 340 or 370 < m < 415 for m in mids)


def test_a_body_line_hidden_by_the_stamp_still_gets_its_strip():
    # The body line at 350 lies wholly inside the stamp: the gap twice the body's spacing.
    stats = _stats(HEADER + (275, 425, 500))
    box = BBox(100, 240, 330, 540)
    mids = [(s.y0 + s.y1) / 2 for s in typed_strips(stats, set(), box, float(XH))]
    assert any(abs(m - 350) < 3 for m in mids)
