"""Session 6, helper H8: a form's printed blanks written as the archive writes them, whatever the
face they are printed in."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.underscores import FORM_BLANK, even_counts, underscore_runs

SERIF = {"dejavu": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
         "cmu": "/usr/share/fonts/truetype/cmu/cmunrm.ttf",
         "liberation": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"}
PITCH = 29.5  # the page's typewriter pitch


def copy_list(font_path: str, rows: int = 4, size: int = 38) -> np.ndarray:
    """Rows `N. Тов. _____` printed in the face at `font_path`, as ink (255) on paper (0)."""
    font = ImageFont.truetype(font_path, size)
    img = Image.new("L", (420, 20 + rows * 60), 0)
    draw = ImageDraw.Draw(img)
    for r in range(rows):
        draw.text((10, 10 + r * 60), f"{r + 5}. Тов. _____", font=font, fill=255)
    return np.asarray(img).copy()


@pytest.mark.parametrize("face", sorted(SERIF))
def test_a_forms_printed_blanks_are_written_as_the_archive_writes_them_in_any_face(face):
    ink = copy_list(SERIF[face])
    runs = underscore_runs(ink, 27.0, PITCH, [], max_len=12 * PITCH)
    assert len(runs) == 4
    lengths = [box[2] - box[0] for box, _ in runs]
    counts = even_counts(lengths, [n for _, n in runs])
    assert counts == [FORM_BLANK] * 4 == [5] * 4


def test_the_faces_underscores_are_not_one_width():
    # why the blank is not counted in the face's letters: the same five underscores are
    # half as long again in Computer Modern as in DejaVu Serif (0.78 em against 0.5 em)
    widths = {}
    for face in ("dejavu", "cmu"):
        runs = underscore_runs(copy_list(SERIF[face], rows=1), 27.0, PITCH, [], max_len=12 * PITCH)
        widths[face] = runs[0][0][2] - runs[0][0][0]
    assert widths["cmu"] > 1.4 * widths["dejavu"]


def test_runs_of_one_length_take_the_form_blank_whatever_they_measured():
    assert even_counts([95, 95, 94, 96], [4, 4, 3, 4]) == [FORM_BLANK] * 4
    assert even_counts([141, 140, 141], [7, 7, 6]) == [FORM_BLANK] * 3


def test_a_run_of_another_length_or_too_few_runs_keep_their_measured_counts():
    assert even_counts([141, 141, 60, 141], [6, 7, 2, 5]) == [FORM_BLANK, FORM_BLANK, 2, FORM_BLANK]
    assert even_counts([141, 141], [6, 7]) == [6, 7]
    assert even_counts([], []) == []


def test_a_worn_blank_whose_stroke_wobbles_a_pixel_is_still_a_blank():
    ink = np.zeros((40, 300), np.uint8)
    ink[36, 20:160] = 255                 # a one-pixel stroke ...
    ink[35, 60:90] = ink[37, 110:140] = 255  # ... worn thinner here, bent up and down there
    ink[36, 70:80] = 0                    # and a worn gap the closing bridges
    runs = underscore_runs(ink, 27.0, PITCH, [], max_len=12 * PITCH)
    assert [box for box, _ in runs] == [(20, 35, 160, 38)]


def test_a_thin_slanted_stroke_is_not_a_blank():
    ink = np.zeros((40, 300), np.uint8)
    for x in range(20, 160):              # a hairline falling 7 px over its length
        ink[30 + (x - 20) // 20, x] = 255
    assert underscore_runs(ink, 27.0, PITCH, [], max_len=12 * PITCH) == []
