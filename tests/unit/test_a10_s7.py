"""Helper A10, session 7: a typed name a signature crosses is kept (the letters the pen left
whole, told from it by tone, and their row across the signature), the pen's stroke masked."""

import cv2
import numpy as np

from pipeline.marks.detect import Analysis, Detection
from pipeline.marks.protect import name_under_pen, typed_tone
from pipeline.model import BBox
from pipeline.stages.marks import spare_typing

XH = 22.0
TYPED, PAPER = 30, 235


def _signed_name(pen_tone: int):
    """(gray, ink 255, labels, stats, signature ids, box): eight typed capitals on a row (x
    40..306, y 100..132, a 34 px pitch) with a pen stroke of tone `pen_tone` (x 0..150)
    crossing the first four, plus a typed line above."""
    gray = np.full((220, 640), PAPER, np.uint8)
    for x in range(40, 40 + 8 * 34, 34):  # the name: block capitals 32 px high
        cv2.rectangle(gray, (x, 100), (x + 24, 132), TYPED, 4)
    for x in range(40, 600, 30):  # a typed line above, x-height letters
        cv2.rectangle(gray, (x, 20), (x + 16, 42), TYPED, 3)
    pts = np.array([[0, 150], [30, 70], [60, 150], [90, 70], [120, 150], [150, 90]])
    cv2.polylines(gray, [pts.reshape(-1, 1, 2)], False, pen_tone, 7)
    for x in range(40, 40 + 4 * 34, 34):  # typing stays dark where the pen crosses it
        cv2.rectangle(gray, (x, 100), (x + 24, 132), TYPED, 4)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    pen_label = labels[150, 0]
    ids = [int(pen_label)] + [int(labels[100, x]) for x in range(40 + 4 * 34, 40 + 8 * 34, 34)]
    return gray, ink, labels, stats, ids, (0, 60, 320, 160)


def _marks(labels, ids):
    return np.where(np.isin(labels, ids), 255, 0).astype(np.uint8)


def test_name_letters_found_when_the_pen_is_lighter():
    gray, ink, labels, stats, ids, box = _signed_name(pen_tone=150)
    tone = typed_tone(gray, ink, _marks(labels, ids))
    assert tone is not None and tone < 60
    letters, band = name_under_pen(gray, labels, stats, ids, box, XH, tone)
    assert letters == set(ids[1:])
    assert band is not None and band[1] <= 100 and band[3] >= 132 and band[3] - band[1] < 2 * 37
    # The name's span: from its first crossed glyph to its last letter, not the pen's start.
    assert 20 <= band[0] <= 40 and 304 <= band[2] <= 320


def test_no_name_when_the_pen_is_as_dark_as_typing():
    gray, ink, labels, stats, ids, box = _signed_name(pen_tone=TYPED)
    tone = typed_tone(gray, ink, _marks(labels, ids))
    assert name_under_pen(gray, labels, stats, ids, box, XH, tone) == (set(), None)


def _spared(pen_tone: int):
    gray, ink, labels, stats, ids, box = _signed_name(pen_tone)
    det = Detection("handwriting", BBox(*box), 0.9, ids)
    an = Analysis([det], labels, np.zeros(gray.shape, np.uint8), XH, stats)
    return gray, spare_typing(an, _marks(labels, ids), gray, ink)


def test_crossed_name_kept_and_pen_masked():
    gray, out = _spared(pen_tone=150)
    name = np.zeros(gray.shape, bool)
    name[100:133, 30:320] = gray[100:133, 30:320] == TYPED
    # Every typed pixel of the name, the three glyphs the pen crosses too, is out of the mask.
    assert not (out[name] > 0).any()
    # The pen's stroke off the name's row stays masked.
    pen_off_row = (gray == 150)
    pen_off_row[90:142, :] = False
    assert pen_off_row.any() and (out[pen_off_row] > 0).all()


def test_dark_pen_keeps_its_crossed_glyphs_masked():
    # Tone cannot tell them apart: the glyphs chained into the stroke stay with it, as before.
    _, out = _spared(pen_tone=TYPED)
    assert (out[100:133, 40:66] > 0).any()


def test_no_name_in_a_mark_without_a_signature_stroke():
    # A neatly written number: dark digits on a row, a lighter pen flourish a letter or so
    # long beside them, but no signature's long stroke.
    gray = np.full((220, 640), PAPER, np.uint8)
    for x in range(40, 40 + 6 * 80, 80):
        cv2.rectangle(gray, (x, 100), (x + 24, 132), TYPED, 4)
    for x in range(40, 600, 30):
        cv2.rectangle(gray, (x, 20), (x + 16, 42), TYPED, 3)
    cv2.polylines(gray, [np.array([[10, 150], [40, 80], [70, 150]]).reshape(-1, 1, 2)], False, 150, 7)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ids = sorted({int(labels[150, 10]), int(labels[100, 40])} | {int(labels[100, x]) for x in range(120, 520, 80)})
    assert 0 not in ids
    box = (0, 60, 540, 160)
    tone = typed_tone(gray, ink, _marks(labels, ids))
    assert name_under_pen(gray, labels, stats, ids, box, XH, tone) == (set(), None)
    # The same letters with a signature's stroke through them are a name.
    cv2.polylines(gray, [np.array([[70, 150], [200, 70], [300, 150]]).reshape(-1, 1, 2)], False, 150, 7)
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ids = sorted({int(labels[150, 10])} | {int(labels[100, x]) for x in range(40, 520, 80)})
    assert name_under_pen(gray, labels, stats, ids, box, XH, tone)[1] is not None
