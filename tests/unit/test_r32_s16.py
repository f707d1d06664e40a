"""A repainted stamp's zone in the OCR image: the typing its ring crossed stays, its residue goes.

A coloured stamp already repainted to paper leaves, under the marks mask, the typed strokes it
crossed and the pale remains the repaint missed. The typing runs on out of the mask (or, wholly
under the stamp's legend, is as dark as the typing beside it); the residue does neither."""

import numpy as np

from pipeline.marks.through import without_marks

PAPER, TYPED, RESIDUE, THRESHOLD = 250, 60, 180, 200.0


def _page():
    """A 200 x 200 page with a ring band (the mask) from x 80 to 120, repainted to paper; a
    typed stem crossing it, residue dots inside it, a typed letter wholly under it."""
    gray = np.full((200, 200), PAPER, np.uint8)
    marks = np.zeros_like(gray)
    marks[:, 80:121] = 255
    gray[40:60, 60:140] = TYPED          # a typed stroke crossing the band
    gray[60:66, 100:104] = TYPED         # a wisp of the same stroke's letter under the band
    gray[100:104, 95:99] = RESIDUE       # pale remains of the stamp inside the band
    gray[130:133, 88:91] = RESIDUE
    gray[150:170, 92:106] = TYPED        # a typed letter wholly under the band (the legend)
    gray[150:170, 20:34] = TYPED         # its neighbours on the line, outside the mask
    ink = (gray <= THRESHOLD).astype(np.uint8) * 255
    stamped = np.zeros(gray.shape, bool)
    stamped[20:190, 60:140] = True
    return gray, marks, ink, stamped


def test_crossing_typing_kept_and_residue_whitened():
    gray, marks, ink, stamped = _page()
    out = without_marks(gray, marks, ink, stamped, THRESHOLD)
    assert out[50, 100] <= TYPED + 5, "the typed stroke's crossing of the ring was whitened"
    assert out[62, 102] <= TYPED + 5, "the stroke's part under the ring was whitened"
    assert out[101, 96] == 255 and out[131, 89] == 255, "the repaint's residue was kept as ink"
    assert out[160, 99] <= TYPED + 5, "a dark typed letter wholly under the ring was whitened"


def test_pale_residue_attached_to_typing_is_trimmed():
    gray, marks, ink, stamped = _page()
    gray[60:64, 110:118] = RESIDUE       # a residue arc touching the stroke under the band
    ink = (gray <= THRESHOLD).astype(np.uint8) * 255
    out = without_marks(gray, marks, ink, stamped, THRESHOLD)
    assert out[62, 114] == 255, "pale residue joined to a typed stroke was kept"
    assert out[50, 100] <= TYPED + 5


def test_tall_pen_stroke_running_out_is_not_typing():
    gray, marks, ink, stamped = _page()
    gray[70:140, 110:114] = TYPED        # a pen stroke, 70 px tall, under the band ...
    gray[138:142, 110:135] = TYPED       # ... running on out of it
    ink = (gray <= THRESHOLD).astype(np.uint8) * 255
    out = without_marks(gray, marks, ink, stamped, THRESHOLD, glyph_px=20.0)
    assert out[100, 112] == 255, "a pen stroke taller than a letter was kept as typing"
    assert out[50, 100] <= TYPED + 5, "the typed stroke (20 px tall) was whitened"
