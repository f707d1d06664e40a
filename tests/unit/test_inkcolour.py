"""The typing's ink colour, and the coloured ink (`marks.ink.colour_ink`) measured against it,
on small drawn pages."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.imaging.inkcolour import typing_ink_colour
from pipeline.marks.ink import colour_ink


def unlike_typing(rgb, ink):
    """Bool mask of the ink the marks stage takes for coloured (not the typing's colour)."""
    return colour_ink(rgb, ink)[0] > 0

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAPER = (236, 231, 216)
BLACK = (35, 33, 36)
BLUE = (52, 62, 150)      # a blue typewriter ribbon
VIOLET = (118, 62, 168)   # a violet office stamp
RED = (196, 44, 46)       # a red stamp
LINES = ("Drame musical en trois actes", "La salle au rez de chaussée", "de la maison de Jean",
         "sur les hauteurs de Socoa", "intérieur de paysan aisé")


def page(typing, stamp=None, scribble=None):
    """(RGB image, ink mask, stamp box) of five typed lines, a ring stamp over the right side
    and a dark scribble filling the lower left when asked."""
    img = Image.new("RGB", (520, 400), PAPER)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 20)
    for i, text in enumerate(LINES):
        draw.text((30, 30 + 36 * i), text, font=font, fill=typing)
    box = (300, 150, 460, 310)
    if stamp is not None:
        draw.ellipse(box, outline=stamp, width=7)
        draw.text((335, 215), "ОБЩИЙ", font=font, fill=stamp)
    if scribble is not None:  # black ink that is not typing: more of it than of the typing
        for k in range(40):
            draw.line((20 + 6 * k, 240, 30 + 6 * k, 390), fill=scribble, width=4)
    rgb = np.array(img)
    return rgb, ink_mask(to_gray(rgb)), box


def _share(mask, ink, box=None):
    inked = ink > 0
    if box is not None:
        x0, y0, x1, y1 = box
        region = np.zeros_like(inked)
        region[y0:y1, x0:x1] = True
        inked &= region
    return (mask & inked).sum() / max(1, inked.sum())


def _typed(ink):
    """Ink of the typed lines only (above the stamp and scribble)."""
    out = np.zeros_like(ink)
    out[25:140, :290] = ink[25:140, :290]
    return out


def test_black_typing_with_a_violet_stamp():
    rgb, ink, box = page(BLACK, stamp=VIOLET)
    typing = typing_ink_colour(rgb, ink)
    assert typing is not None and not typing.tinted and typing.lines >= 3
    unlike = unlike_typing(rgb, ink)
    assert _share(unlike, _typed(ink)) < 0.02
    assert _share(unlike, ink, box) > 0.6


def test_blue_typing_is_the_typing_not_stamp_ink():
    rgb, ink, _ = page(BLUE)
    typing = typing_ink_colour(rgb, ink)
    assert typing is not None and typing.tinted
    assert 240 <= typing.hue <= 320  # blue-violet in CIELAB's a*b* plane
    assert _share(unlike_typing(rgb, ink), ink) < 0.02


def test_blue_typing_with_a_red_stamp():
    rgb, ink, box = page(BLUE, stamp=RED)
    typing = typing_ink_colour(rgb, ink)
    assert typing is not None and typing.tinted
    unlike = unlike_typing(rgb, ink)
    assert _share(unlike, _typed(ink)) < 0.02
    assert _share(unlike, ink, box) > 0.6


def test_the_typed_lines_vote_not_all_the_ink():
    # Black strokes outweigh the blue typing: a median over all the ink would call it black.
    rgb, ink, _ = page(BLUE, scribble=BLACK)
    typed = _typed(ink) > 0
    assert (ink > 0).sum() > 2 * typed.sum()
    typing = typing_ink_colour(rgb, ink)
    assert typing is not None and typing.tinted
    assert _share(unlike_typing(rgb, ink), _typed(ink)) < 0.02


def test_gray_images_and_pages_without_lines_have_no_typing_colour():
    rgb, ink, _ = page(BLACK)
    assert typing_ink_colour(to_gray(rgb), ink) is None
    assert not unlike_typing(to_gray(rgb), ink).any()
    blank = np.full((200, 300, 3), PAPER, np.uint8)
    assert typing_ink_colour(blank, np.zeros((200, 300), np.uint8)) is None


@pytest.mark.parametrize("lines", [[(25, 25, 290, 60), (25, 60, 290, 100), (25, 100, 290, 140)]])
def test_given_line_boxes_are_used(lines):
    rgb, ink, _ = page(BLUE, stamp=RED)
    typing = typing_ink_colour(rgb, ink, lines)
    assert typing is not None and typing.lines == 3 and typing.tinted
