"""N52 (session 19): a note written along a round stamp's ring and touching it.

A pen's note written over a round stamp's top ("верно: Орлов") touches its ring and is one blob
with it; the box reaches past the ring by less than `RING_OVERREACH`, so the blob was kept
whole as the stamp and the note hidden in it (or its letters given back as typing beside the
ring). Ink of a note's worth past the ring's rim (`RING_PAST_INK`) sends the blob to the ring
cut too, where the note is judged apart from the stamp; a ring alone, or with a speck past its
rim, keeps its box, and so does a ring with ink past it all round (`PAST_ALL_ROUND`: the
stamp's own outer ring round an inner ring found).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.marks.stampshape import RING_OVERREACH, RING_PAST_INK, reaches_past_ring

XH = 14
SIDE, RADIUS = 240, 112          # a ring 8 letter heights across its radius, centred in its box
NOTE_ROWS = 30                   # a note's row above the ring: 2.1 letter heights


def _ring(extra_rows: int) -> tuple[np.ndarray, int]:
    """A ring's ink in a box `extra_rows` taller above it, and the ring centre's row."""
    own = np.zeros((SIDE + extra_rows, SIDE), bool)
    cy = extra_rows + SIDE // 2
    cv2.circle(own.view(np.uint8), (SIDE // 2, cy), RADIUS, 1, 5)
    return own, cy


def _note_over(own: np.ndarray, cy: int, letters: int) -> None:
    """Pen letters (strokes a letter high) on a row just above the ring, the middle one reaching
    down onto it."""
    top = cy - RADIUS - NOTE_ROWS
    for k in range(letters):
        x = SIDE // 2 + (k - letters // 2) * 18
        cv2.ellipse(own.view(np.uint8), (x, top + XH // 2 + 2), (6, XH // 2), 20, 0, 360, 1, 3)
    # the middle letter's tail touches the ring
    own[top + XH:cy - RADIUS + 3, SIDE // 2 - 1:SIDE // 2 + 2] = True


def test_a_note_touching_the_ring_reaches_past_it():
    own, cy = _ring(NOTE_ROWS)
    _note_over(own, cy, letters=9)
    # The box stays within the margin a ring alone may have ...
    assert NOTE_ROWS < RING_OVERREACH * XH
    # ... but a note's worth of ink lies past the ring.
    assert reaches_past_ring(own, XH)


def test_a_ring_alone_or_with_a_speck_does_not():
    own, cy = _ring(NOTE_ROWS)
    assert not reaches_past_ring(own, XH)
    _note_over(own, cy, letters=1)   # one small letter: under RING_PAST_INK squares of ink
    assert np.count_nonzero(own[:cy - RADIUS - 3]) < RING_PAST_INK * XH * XH
    assert not reaches_past_ring(own, XH)


def test_ink_past_the_ring_all_round_is_an_outer_ring():
    # The stamp's outer ring, worn to dashes, 1.2 letter heights out of the ring found: ink
    # past the ring in every direction, more than a note's worth of it, the box within the
    # margin a ring alone may have.
    side = 270
    centre, outer = (side // 2, side // 2), RADIUS + int(1.2 * XH)
    own = np.zeros((side, side), bool)
    cv2.circle(own.view(np.uint8), centre, RADIUS, 1, 5)
    ring_ink = np.count_nonzero(own)
    for start in range(0, 360, 20):
        cv2.ellipse(own.view(np.uint8), centre, (outer, outer), 0, start, start + 12, 1, 4)
    assert side / 2 - RADIUS < RING_OVERREACH * XH
    assert np.count_nonzero(own) - ring_ink > RING_PAST_INK * XH * XH
    assert not reaches_past_ring(own, XH)
