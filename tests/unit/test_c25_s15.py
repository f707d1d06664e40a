"""Session 15, c25: typed strokes under a coloured stamp keep their darkness when the page is
typed in two inks (a black printed form filled in on a ribbon): the ribbon's own lean toward
the stamp's colour, measured on its strokes round each pixel, stays with the typing."""

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import binarize
from pipeline.marks.removal import LEAN_WINDOW, _typing_lean, spare_unmixed, unmix_stamps

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
PRINTED = ["ГЕНЕРАЛЬНОЕ КОНСУЛЬСТВО СССР В БЕЛГРАДЕ",
           "Исходящий № ______ от ______ 19__ г.",
           "Кому: _______________________________",
           "Копия: ______________________________",
           "Основание: __________________________",
           "Подпись ответственного лица: ________"]
TYPED = ["Архив бывшего консульства, переданный на",
         "хранение в миссию, подлежит отправке в",
         "Москву. Упакуйте архив в ящики и отправьте"]
PAPER = np.array([238, 232, 212], np.float32)
PRINT = np.array([40, 40, 40], np.float32)    # the printed form: black
RIBBON = np.array([75, 78, 100], np.float32)  # its typed fill-in: a worn blue-black ribbon
STAMP = np.array([90, 105, 160], np.float32)  # a blue rubber stamp over the typed lines
NOISE = 4.0  # the scan's grain, per channel


def _inked(lines, top, size=(1000, 1000)):
    """(soft coverage 0..1 of `lines` typed from row `top`, bool map of their glyphs)."""
    img = Image.new("L", size, 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, text in enumerate(lines):
        draw.text((20, top + 70 * i), text, font=font, fill=255)
    glyphs = np.array(img)
    return cv2.GaussianBlur(glyphs, (5, 5), 0).astype(np.float32)[..., None] / 255.0, glyphs > 128


def _filter(cover, ink):
    """Share of light an ink's coverage lets through, per channel, on PAPER."""
    return 1.0 - cover * (1.0 - ink / PAPER)


def _form_typed_and_stamped(stamped: bool):
    """(RGB page: a black printed form, its fill-in typed on a blue-black ribbon below, a blue
    round stamp over the typing if `stamped`; the ribbon's glyphs; the stamp's strokes)."""
    printed, _ = _inked(PRINTED, 30)
    typed, glyphs = _inked(TYPED, 620)
    stamp = np.zeros(glyphs.shape, np.uint8)
    if stamped:
        cv2.circle(stamp, (560, 700), 170, 255, 8)
        cv2.putText(stamp, "ARCHIVE", (420, 720), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 255, 5)
    cover = cv2.GaussianBlur(stamp, (3, 3), 0).astype(np.float32)[..., None] / 255.0
    grain = np.random.default_rng(13).normal(0.0, NOISE, (*glyphs.shape, 3))
    light = PAPER * _filter(printed, PRINT) * _filter(typed, RIBBON) * _filter(cover, STAMP)
    return np.clip(light + grain, 0, 255).astype(np.uint8), glyphs, stamp > 0


def test_ribbon_typing_under_a_stamp_keeps_its_darkness_on_a_black_printed_form():
    rgb, glyphs, stamp = _form_typed_and_stamped(True)
    plain_rgb, _, _ = _form_typed_and_stamped(False)
    gray = binarize.flatten_illumination(binarize.to_gray(rgb))
    plain = binarize.flatten_illumination(binarize.to_gray(plain_rgb)).astype(np.int16)
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    box = (370, 510, 750, 890)
    unmixed, changed = unmix_stamps(rgb, gray, ink, boxes=[box])
    crossed = glyphs & stamp
    assert changed[crossed].mean() > 0.8  # the stamp was unmixed where it crosses the typing
    inside = np.zeros(glyphs.shape, bool)
    inside[box[1]:box[3], box[0]:box[2]] = True
    # The typed strokes in the stamp's box, crossed or not, are as dark as on the page
    # without the stamp: the ribbon's bluish lean is the typing's, not the stamp's.
    lift = unmixed.astype(np.int16) - plain
    assert np.median(lift[glyphs & inside]) < 8
    assert np.median(lift[crossed]) < 15
    stamp_only = stamp & ~cv2.dilate(glyphs.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert np.median(unmixed[stamp_only]) > 200  # and the stamp's own ink is gone


def test_each_letter_keeps_the_lean_of_its_own_ink_and_the_stamp_alone_none():
    """The lean is measured round each pixel: typing of the split's own colour leans nowhere,
    a ribbon's strokes beside it lean their own share, and stamp strokes far from any typing
    get none (the stamp's ink there is taken out in full)."""
    rng = np.random.default_rng(14)
    h, w = 40, 400
    amounts = np.zeros((h, w, 2), np.float32)
    amounts[:, :, 0] = rng.uniform(0.6, 1.8, (h, w))     # typed strokes
    amounts[:, :, 1] = rng.normal(0.0, 0.03, (h, w))      # no stamp share beyond grain
    amounts[:, 200:, 1] += 0.25 * amounts[:, 200:, 0]     # the right half: a ribbon leaning 0.25
    ink = np.zeros((h, w), np.uint8)
    ink[:, :300] = 255                                    # typing on the left three quarters
    stamp = np.zeros((h, w), bool)
    stamp[:, 300:] = True                                 # the stamp's strokes alone on the right
    lean = _typing_lean(amounts, ink, stamp)
    reach = LEAN_WINDOW
    assert np.abs(lean[:, :200 - reach]).max() < 0.02
    assert np.abs(lean[:, 200 + reach:300 - reach] - 0.25).max() < 0.03
    assert (lean[:, 300 + reach:] == 0).all()


def test_typing_given_its_lean_back_is_spared_from_the_colour_mask():
    """A ribbon stroke given back its own darkness is no lighter than on the page as scanned,
    so its lift does not tell it from stamp ink never unmixed: the pixels `unmix_stamps` gave
    the typing's lean back to are spared from repainting; those it did not are repainted."""
    rgb, glyphs, stamp = _form_typed_and_stamped(True)
    gray = binarize.flatten_illumination(binarize.to_gray(rgb))
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    box = (370, 510, 750, 890)
    given = np.zeros(gray.shape, np.uint8)
    unmixed, _ = unmix_stamps(rgb, gray, ink, boxes=[box], given=given)
    # The colour mask holds the ribbon's strokes in the box, as it does on such a form.
    remove = np.zeros(glyphs.shape, np.uint8)
    remove[box[1]:box[3], box[0]:box[2]][glyphs[box[1]:box[3], box[0]:box[2]]] = 255
    typed = (remove > 0) & (unmixed <= binarize.ink_threshold(unmixed))
    assert (typed & (given > 0)).sum() > 500
    kept = spare_unmixed(rgb, unmixed, remove, [box], given)
    assert (kept[typed & (given > 0)] == 0).mean() > 0.95
    # Without the give-back's pixels, the lift alone spares few of them.
    alone = spare_unmixed(rgb, unmixed, remove, [box])
    assert (alone[typed & (given > 0)] == 0).mean() < 0.5
    # Stamp strokes away from the typing are given nothing back.
    far = stamp & ~cv2.dilate(glyphs.view(np.uint8), np.ones((LEAN_WINDOW,) * 2, np.uint8)).astype(bool)
    assert far.sum() > 500 and not given[far].any()
