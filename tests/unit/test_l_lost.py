"""Typed text must not be taken for the scan's surround under uneven scanner light (brief L)."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import blocks
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import clean, layout

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def two_column_header(width: int = 1600, height: int = 1800) -> np.ndarray:
    """A form's header: a column on the left and one on the right, on paper of 245."""
    img = Image.new("L", (width, height), 245)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 26)
    for i, t in enumerate(["МИД СССР", "Исход. No 4765", "Форма No 18"]):
        draw.text((80, 200 + 44 * i), t, font=font, fill=20)
    for i, t in enumerate(["СОВ. СЕКРЕТНО", "Снятие копий воспрещается", "Спец. No 816"]):
        draw.text((950, 200 + 44 * i), t, font=font, fill=20)
    return np.array(img)


def under_uneven_light(sheet: np.ndarray, dim: float = 0.17, shadow: float = 0.25) -> np.ndarray:
    """`sheet` lit less towards its top right corner (there `dim` darker, as on dev seed 1015)
    with a shadow band along its top edge, darkest at the edge."""
    h, w = sheet.shape
    right = np.clip((np.arange(w) - 0.35 * w) / (0.3 * w), 0, 1)
    top = np.clip((0.6 * h - np.arange(h)) / (0.3 * h), 0, 1)
    light = 1.0 - dim * top[:, None] * right[None, :]
    depth = 60
    band = np.ones(h)
    band[:depth] = 1.0 - shadow * (1.0 - np.arange(depth) / depth) ** 2
    return (sheet * light * band[:, None]).clip(0, 255).astype(np.uint8)


def test_the_darker_side_of_an_unevenly_lit_sheet_is_not_its_surround():
    image = under_uneven_light(two_column_header())
    off = blocks.off_sheet(image)
    # The right column's text (x 950-1400, y 200-330) is on the sheet, and so is the paper
    # between: the dim side was once joined to the top edge by the shadow and dropped whole.
    assert not off[180:350, 900:1450].any()
    assert off.mean() < 0.05


def test_the_dimmed_right_column_is_a_text_block():
    image = under_uneven_light(two_column_header())
    h, w = image.shape
    page = Page(Source("a.png", "0" * 64, 1, w, h), image=image)
    ctx = Context(Settings())
    clean.apply(page, ctx)
    layout.apply(page, ctx)
    boxes = [r.bbox for r in page.regions_of("text")]
    right = [b for b in boxes if b.x0 >= 900]
    assert len(right) == 1
    assert right[0].x0 <= 955 and right[0].y0 <= 210 and right[0].y1 >= 300


def test_a_dark_board_around_an_unevenly_lit_sheet_is_still_the_surround():
    sheet = under_uneven_light(two_column_header(), shadow=0.0)
    border = 100
    h, w = sheet.shape
    scan = np.full((h + 2 * border, w + 2 * border), 70, dtype=np.uint8)  # a scanner lid
    scan[border:border + h, border:border + w] = sheet
    off = blocks.off_sheet(scan)
    assert off[:border - 8].all() and off[-(border - 8):].all()
    assert off[:, :border - 8].all() and off[:, -(border - 8):].all()
    assert not off[border + 16:-(border + 16), border + 16:-(border + 16)].any()


def test_paper_tone_follows_the_light_and_leaves_out_the_dark():
    h, w = 200, 300
    light = np.linspace(250, 205, w, dtype=np.float32)[None, :].repeat(h, 0)
    background = light.copy()
    background[:, :30] = 70  # a lid along the left side
    tone = blocks.paper_tone(background.astype(np.uint8))
    # On the paper the tone is the paper's own, within a few levels, on both sides.
    assert np.abs(tone[:, 40:] - light[:, 40:]).max() < 8
    # Over the lid it stays a paper's tone, so that the lid is far under it.
    assert (tone[:, :30] > 200).all()


def test_a_board_wider_than_the_lights_reach_is_surround_to_its_far_side():
    sheet = under_uneven_light(two_column_header(), shadow=0.0)
    h, w = sheet.shape
    scan = np.full((h, 2 * w - 200), 70, dtype=np.uint8)  # a lid beside the sheet, 7/16 of the scan
    scan[:, :w] = sheet
    off = blocks.off_sheet(scan)
    # Far from the sheet the paper's tone is its median, not nothing under a vanishing weight.
    assert off[:, w + 16:].all()
    assert not off[:, :w - 16].any()
