"""S24 (session 15, round 2): a coloured stamp the marks stage already repainted out of the gray
image is not divided out again in the OCR image: the ink left under its mask is the typing it
crossed, and dividing by that ink's own tone whitened the typing."""
import numpy as np

from pipeline.marks.through import was_repainted, without_marks

PAPER, TYPING = 235, 40


def _repainted_ring() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A ring stroke (horizontal band) already repainted to paper, crossed by a typed letter's
    stem the repaint kept; the marks mask covers the whole band, the stem's crossing included,
    and the ink mask holds only the stem (the repainted pixels left it)."""
    gray = np.full((80, 120), PAPER, np.uint8)
    stem = np.zeros_like(gray, bool)
    stem[20:60, 55:61] = True
    gray[stem] = TYPING
    marks = np.zeros_like(gray)
    marks[32:48, :] = 255
    ink = np.where(stem, 255, 0).astype(np.uint8)
    stamped = np.zeros(gray.shape, bool)
    stamped[20:60, :] = True
    return gray, marks, ink, stamped


def test_typing_under_a_repainted_stamp_stays_dark():
    gray, marks, ink, stamped = _repainted_ring()
    out = without_marks(gray, marks, ink, stamped)
    assert (out[32:48, 55:61] == TYPING).all(), "the stem's crossing was whitened"
    ring_only = (marks > 0) & (ink == 0)
    assert (out[ring_only] == 255).all()


def test_a_stamp_still_in_the_ink_or_darker_than_paper_is_not_taken_for_repainted():
    gray, marks, ink, stamped = _repainted_ring()
    band = marks > 0
    threshold = 180.0
    assert was_repainted(band, ink, gray, threshold)
    # A light gray stamp the ink mask left out: its pixels are still a shade darker than paper.
    light = gray.copy()
    light[band & (ink == 0)] = 200
    assert not was_repainted(band, ink, light, threshold)
    # A gray stamp in the ink.
    inked = ink.copy()
    inked[band] = 255
    assert not was_repainted(band, inked, gray, threshold)
