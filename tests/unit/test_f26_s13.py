"""F26 (session 13): a handwritten number's neat digits are written, not typed, when they lean.

A number written beside the typed foot (`№ 9510/сс`) lines up like typing; its `№` and slashed
suffix outweigh the digits, so the share test did not send it to the anchored check and the
digits stayed in the text as a line of their own (`9570`). Typewriter glyphs stand upright on a
deskewed page and a pen's lean: leaning digits are now kept as typing only when their row runs
on into typed letters (`pens.letter_lean`), while an upright typed name a signature swallowed
stays typing as before.
"""

import cv2
import numpy as np

from pipeline.marks.detect import Analysis, Detection
from pipeline.marks.pens import WRITTEN_LEAN, letter_lean
from pipeline.model import BBox
from pipeline.stages.marks import spare_typing

XH = 28.0
PITCH = 34


def _row(lean: float) -> tuple[np.ndarray, np.ndarray, list[int], list[int]]:
    """(labels, stats, the mark's ids, the row's glyph ids): four glyph outlines 32 px tall at a
    34 px pitch, each leaning `lean` (x drift per row up), after a tall filled blob and before
    a long thick stroke that together outweigh them: a written `№ 9510/сс` when leaning, a
    typed name inside a signature's ink when upright."""
    ink = np.zeros((240, 720), np.uint8)
    cv2.ellipse(ink, (80, 116), (30, 34), 0, 0, 360, 255, -1)
    shift = int(round(32 * lean))
    for x in range(160, 160 + 4 * PITCH, PITCH):
        quad = np.array([[x + shift, 100], [x + shift + 22, 100], [x + 22, 132], [x, 132]])
        cv2.polylines(ink, [quad.reshape(-1, 1, 2)], True, 255, 4)
    cv2.line(ink, (330, 150), (640, 60), 255, 16)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = [int(labels[116, x + shift // 2]) for x in range(160, 160 + 4 * PITCH, PITCH)]
    ids = [int(labels[116, 80]), *glyphs, int(labels[105, 485])]
    return labels, stats, ids, glyphs


def _spared(lean: float) -> np.ndarray:
    """The marks mask after `spare_typing`, at the row's glyphs' pixels."""
    labels, stats, ids, glyphs = _row(lean)
    det = Detection("handwriting", BBox(40, 50, 650, 170), 0.9, ids)
    an = Analysis([det], labels, np.zeros(labels.shape, np.uint8), XH, stats)
    marks = np.where(np.isin(labels, ids), 255, 0).astype(np.uint8)
    out = spare_typing(an, marks)
    return out[np.isin(labels, glyphs)]


def test_lean_tells_written_digits_from_upright_typing():
    labels, stats, _, glyphs = _row(0.5)
    assert letter_lean(labels, stats, set(glyphs)) >= WRITTEN_LEAN
    labels, stats, _, glyphs = _row(0.0)
    assert abs(letter_lean(labels, stats, set(glyphs))) < 0.05


def test_leaning_digits_outweighed_by_their_note_stay_masked():
    assert (_spared(0.5) > 0).all()


def test_upright_name_in_a_signature_stays_typing():
    assert not (_spared(0.0) > 0).any()
