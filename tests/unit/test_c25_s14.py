"""C25 (session 14): the typing's tint for unmixing is voted by all of each typed line's ink, so
a stamp's crossings (the darkest pixels of the lines under it) cannot colour it."""

import numpy as np

from pipeline.imaging.inkcolour import typing_ink_colour
from pipeline.marks.removal import page_tints

PAPER = 250.0
RIBBON = np.array([70, 75, 120], np.float32)  # a blue-black typewriter ribbon
STAMP = np.array([215, 120, 200], np.float32)  # a violet stamp ink, as a filter over the page


def _typed_page(stamped: bool) -> tuple[np.ndarray, np.ndarray]:
    """Six typed lines of glyph-sized strokes on white paper, denser or paler from pixel to pixel
    as a ribbon prints, with (`stamped`) a stamp's strokes crossing three in ten of every glyph's
    rows; the ink mask is the typed strokes."""
    image = np.full((600, 800, 3), PAPER, np.float32)
    ink = np.zeros((600, 800), np.uint8)
    for row in range(6):
        y0 = 60 + row * 80
        for x0 in range(60, 740, 22):
            ink[y0:y0 + 24, x0:x0 + 14] = 255
    typed = ink > 0
    weight = np.random.default_rng(0).uniform(0.6, 1.0, (int(typed.sum()), 1)).astype(np.float32)
    image[typed] = PAPER + (RIBBON - PAPER) * weight
    if stamped:
        crossed = np.zeros_like(ink, bool)
        for y in range(0, 600, 10):
            crossed[y:y + 3] = True
        image[crossed] = image[crossed] * STAMP / 255.0
    return np.clip(image, 0, 255).astype(np.uint8), ink


def test_stamp_crossings_do_not_colour_the_typing_tint():
    plain = page_tints(*_typed_page(stamped=False))
    stamped = page_tints(*_typed_page(stamped=True))
    shift = np.hypot(*(np.subtract(stamped.typing, plain.typing)))
    # The ribbon's tint is about 0.17 per unit of darkness; the crossings' is another hue.
    assert np.hypot(*plain.typing) > 0.12
    # The crossings are the darker half's majority: voted by the cores, the tint moves ~0.09.
    assert shift < 0.05, (plain.typing, stamped.typing)


def test_detection_keeps_the_core_vote():
    """Detection (`marks.ink`) calls the vote with its default band, the strokes' dark cores:
    on the stamped page the default still reads the crossings, the all-ink band does not."""
    rgb, ink = _typed_page(stamped=True)
    plain = typing_ink_colour(*_typed_page(stamped=False))
    cores = typing_ink_colour(rgb, ink)
    every = typing_ink_colour(rgb, ink, band=(0.0, 100.0))
    apart = lambda t: float(np.hypot(t.a - plain.a, t.b - plain.b))  # noqa: E731
    assert apart(cores) > 2 * apart(every)
