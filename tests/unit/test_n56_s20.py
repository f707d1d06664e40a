"""N56 (session 20): a short typed name as light as the signature crossing it keeps the ink
across its letters. Its strip holds too few free letters for the page's tone floor
(MIN_TONE_PX), so its tone went unmeasured and the page's cut masked the name's crossed
strokes with the pen; the name's strip (`protect.name_under_pen`) now has its tone from them."""
import numpy as np

from pipeline.marks.protect import MIN_TONE_PX, NAME_TONE_PX, core_median
from pipeline.stages.marks import _lighter_than_typing

NAME = (190, 145, 260, 195)
# The name's two free letters: two thin stems each, as light as the pen.
STEMS = (200, 212, 230, 242)


def _page() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """gray, ink (255), marks (255), zone: dark typing at the top; a short typed name (tone 100)
    a pen stroke (tone 110) crosses near its letters' feet and runs on past them."""
    gray = np.full((260, 420), 235, np.uint8)
    marks = np.zeros(gray.shape, np.uint8)
    for x in range(10, 400, 40):  # the page's typing, dark
        gray[10:60, x:x + 24] = 40
    for x in STEMS:
        gray[158:182, x:x + 4] = 100
    gray[100:140, 20:380] = 110  # the pen above the strip
    marks[100:140, 20:380] = 255
    gray[176:180, 100:380] = 110  # the pen's stroke across the letters and past them
    marks[176:180, 100:380] = 255
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    zone = np.zeros(gray.shape, bool)
    zone[145:195, 0:420] = True
    return gray, ink, marks, zone


def test_the_names_letters_are_too_few_for_the_page_floor():
    gray, ink, marks, _ = _page()
    free = (ink > 0) & (marks == 0)
    free[:145] = False
    assert core_median(gray, free) is None
    assert core_median(gray, free, NAME_TONE_PX) is not None
    assert NAME_TONE_PX < MIN_TONE_PX


def test_a_short_names_strip_keeps_the_ink_across_its_letters():
    gray, ink, marks, zone = _page()
    light = _lighter_than_typing(marks, zone, gray, ink, names=[NAME])
    assert not light[176:180, 200:246].any()
    # Past the name's letters the pen beside the line is still the pen's.
    assert light[176:180, 260:370].all()


def test_without_the_names_strip_its_crossings_go_with_the_pen():
    gray, ink, marks, zone = _page()
    light = _lighter_than_typing(marks, zone, gray, ink)
    assert light[176:180, 204:212].all()


def test_a_name_on_another_row_changes_nothing():
    gray, ink, marks, zone = _page()
    light = _lighter_than_typing(marks, zone, gray, ink, names=[(190, 10, 260, 60)])
    assert light[176:180, 204:212].all()
