"""Helper A13, session 9: the pen ink a typed strip gives back past a typed name's end (a
signature's last loops, as dark as the typing) is masked again when it is a stroke the strip's
edge cut, while a typed glyph a stroke crosses and a pen stroke within the name stay as the
strip left them."""

import cv2
import numpy as np

from pipeline.marks.penends import pen_ends

XH = 28.0


def test_signature_loops_given_back_past_a_typed_name_are_masked_again():
    img = np.zeros((200, 640), np.uint8)
    for x in range(300, 600, 36):  # a typed name: block letters on one row
        cv2.rectangle(img, (x, 80), (x + 20, 106), 255, 4)
    # A signature's loops running up and down across the name's strip, left of the name...
    pts = np.array([[40, 150], [80, 40], [120, 150], [160, 40], [200, 150], [240, 40], [270, 150]])
    cv2.polylines(img, [pts.reshape(-1, 1, 2)], False, 255, 5)
    # ...and a pen stroke between two of its letters (within the typed row's span).
    cv2.line(img, (436, 30), (436, 170), 255, 3)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    pen_ids = sorted({int(labels[150, 270]), int(labels[100, 436])})
    letters = set(range(1, n)) - set(pen_ids)
    marks = np.where(np.isin(labels, pen_ids), 255, 0).astype(np.uint8)
    out = marks.copy()
    out[77:110, 0:640] = 0  # the typed strip spared round the name, pad and all
    ends = pen_ends(labels, stats, pen_ids, letters, marks, out, XH)
    loops = (marks > 0) & (out == 0) & (np.arange(640)[None, :] < 290)
    assert loops.any() and ends[loops].all()
    # The stroke inside the row's span and the letters stay as the strip left them.
    assert not ends[:, 420:].any()
    # Nothing given back, nothing found.
    assert not pen_ends(labels, stats, pen_ids, letters, marks, marks.copy(), XH).any()


def test_typed_glyph_a_stroke_crosses_past_the_name_stays_given_back():
    img = np.zeros((200, 640), np.uint8)
    for x in range(300, 600, 36):
        cv2.rectangle(img, (x, 80), (x + 20, 106), 255, 4)
    # The name's first letter, swallowed by a pen stroke crossing it from above to below.
    cv2.rectangle(img, (258, 80), (280, 106), 255, 4)
    cv2.line(img, (240, 30), (300, 170), 255, 3)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(img, connectivity=8)
    pen = int(labels[80, 258])
    assert pen == int(labels[30, 240])  # one component: the glyph and the stroke
    letters = set(range(1, n)) - {pen}
    marks = np.where(labels == pen, 255, 0).astype(np.uint8)
    out = marks.copy()
    out[77:110, 0:640] = 0
    assert not pen_ends(labels, stats, [pen], letters, marks, out, XH).any()
