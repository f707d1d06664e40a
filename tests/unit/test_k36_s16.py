"""K36 (session 16): the typing's colour the marks stage measures coloured ink against is voted
on the clean stage's ink, not on detection's, which on a heavy scan holds the paper's grain."""

import numpy as np

from pipeline.marks.candidates import candidates
from pipeline.marks.ink import colour_ink

PAPER = (234, 233, 230)
VIOLET = (112, 70, 160)   # a violet ribbon: tinted, well past `ink.MIN_RATIO` against black
GRAIN = (150, 149, 147)   # neutral: the grain's "lines" vote a black typing
TYPED_BOTTOM = 150  # the typed lines lie above this row, the grain's below


def _lines(img, mask, rows, colour):
    """Rows of glyph-sized blocks (12 px high, 8 wide, 5 apart) from x 40 to 520."""
    for y in rows:
        for x in range(40, 520, 13):
            img[y:y + 12, x:x + 8] = colour
            mask[y:y + 12, x:x + 8] = 255


def _page():
    """(image, detection's ink: typing and grain, clean ink: the typing alone, typing mask)."""
    img = np.empty((640, 560, 3), np.uint8)
    img[:] = PAPER
    typed = np.zeros(img.shape[:2], np.uint8)
    grain = np.zeros_like(typed)
    _lines(img, typed, range(30, TYPED_BOTTOM, 30), VIOLET)   # 4 typed lines
    _lines(img, grain, range(200, 620, 30), GRAIN)        # 14 grain "lines"
    return img, typed | grain, typed, typed > 0


def test_grain_outvotes_the_violet_typing_on_detections_ink():
    img, ink, _, typing = _page()
    colour, _ = colour_ink(img, ink)
    # The contrast the change answers: voted on the grain, the violet typing is coloured ink.
    assert (colour[typing] > 0).mean() > 0.5


def test_typing_colour_voted_on_the_clean_ink_keeps_violet_typing_uncoloured():
    img, ink, clean, typing = _page()
    colour, _ = colour_ink(img, ink, typing_ink=clean)
    assert (colour[typing] > 0).mean() < 0.05


def test_candidates_pass_the_clean_ink_to_the_colour_vote():
    img, ink, clean, typing = _page()
    found = candidates(img, ink=ink, with_features=False, typing_ink=clean)
    assert (found.colour[typing] > 0).mean() < 0.05
    # No coloured candidate (a stamp's or a pen's ink) on the typed lines.
    assert not any(b.coloured and b.box.y0 < TYPED_BOTTOM for b in found.blobs)
