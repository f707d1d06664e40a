"""Session 13, c25: typing read through a coloured stamp laid over typed lines."""

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import binarize
from pipeline.marks.removal import removal_mask, repaint, spare_unmixed, unmix_stamps

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
LINES = ["Архив бывшего консульства, переданный на хранение в",
         "миссию, подлежит отправке в Москву. Упакуйте архив в",
         "опечатанные ящики и отправьте с дипкурьерами по описи",
         "в двух экземплярах. Исполнение телеграфьте. Громов",
         "Поверенному в делах. Согласны с увеличением штата"]
PAPER = np.array([238, 232, 212], np.float32)  # yellowed: neutral typing looks bluish on it
TYPING = np.array([70, 70, 70], np.float32)
STAMP = np.array([95, 105, 140], np.float32)  # a dull, grayish blue rubber stamp
NOISE = 6.0  # the scan's grain, per channel


def _page_with_a_big_stamp():
    """(RGB page: gray typing on yellowed paper and a large, heavily inked blue round stamp
    over its lines, the inks layered as filters; where the typing is; where the stamp is)."""
    img = Image.new("L", (1000, 560), 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, text in enumerate(LINES):
        draw.text((20, 40 + 100 * i), text, font=font, fill=255)
    typed = np.array(img) > 128
    # Soft glyph edges, as a scan's: their rims spread the typing's tint.
    typing = cv2.GaussianBlur(np.array(img), (5, 5), 0).astype(np.float32)[..., None] / 255.0
    stamp = np.zeros(typed.shape, np.uint8)
    centre = (560, 270)
    for radius, width in ((250, 14), (228, 5), (150, 5)):
        cv2.circle(stamp, centre, radius, 255, width)
    for dy in range(-120, 140, 60):  # the stamp's lettering, dense and bold
        cv2.putText(stamp, "MINISTRY 1953", (centre[0] - 190, centre[1] + dy),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.6, 255, 7)
    cover = cv2.GaussianBlur(stamp, (3, 3), 0).astype(np.float32)[..., None] / 255.0
    through_stamp = 1.0 - cover * (1.0 - STAMP / PAPER)
    through_typing = 1.0 - typing * (1.0 - TYPING / PAPER)
    grain = np.random.default_rng(13).normal(0.0, NOISE, (*typed.shape, 3))
    rgb = np.clip(PAPER * through_stamp * through_typing + grain, 0, 255).astype(np.uint8)
    return rgb, typed, stamp > 0


def test_letters_under_a_big_pale_stamp_survive_its_repaint():
    rgb, typed, stamp = _page_with_a_big_stamp()
    gray = binarize.flatten_illumination(binarize.to_gray(rgb))
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    # The stamp is a good share of the page's ink: a median tint over all ink is pulled to it.
    assert stamp.sum() > 0.5 * typed.sum()
    box = (300, 10, 820, 530)
    unmixed, changed = unmix_stamps(rgb, gray, ink, boxes=[box])
    crossed = typed & stamp  # typed strokes the stamp's strokes run over
    assert changed[crossed].mean() > 0.8
    # The marks stage repaints the stamp's coloured ink but spares what unmixing left of the
    # typing: the letters under the stamp's strokes stay dark, the stamp alone goes.
    remove = removal_mask(np.where(stamp, np.uint8(255), np.uint8(0)), [box])
    out = repaint(unmixed, spare_unmixed(rgb, unmixed, remove, [box]))
    assert np.median(out[crossed]) < 150
    stamp_only = stamp & ~cv2.dilate(typed.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert np.median(out[stamp_only]) > 230
