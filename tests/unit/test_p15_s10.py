"""P15 (session 10): on a gray page a typed line lighter than the page's typing (a name a
signature crossed) keeps the mark ink across its own letters: the page's tone cut no longer
masks it as the pen's."""
import numpy as np

from pipeline.stages.marks import _lighter_than_typing


def _page(line_tone: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """gray, ink (255), marks (255), zone: dark typing at the top, a typed strip (its free
    letters of `line_tone`) a pen stroke of tone 110 crosses, and the pen's ink above it."""
    gray = np.full((260, 420), 235, np.uint8)
    marks = np.zeros(gray.shape, np.uint8)
    for x in range(10, 400, 40):  # the page's typing, dark
        gray[10:60, x:x + 24] = 40
    for x in range(10, 260, 40):  # the strip's own free letters
        gray[150:190, x:x + 24] = line_tone
    gray[100:140, 20:380] = 110  # the pen above the strip
    marks[100:140, 20:380] = 255
    gray[186:194, 100:380] = 110  # the pen's stroke along the letters' feet and past them
    marks[186:194, 100:380] = 255
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    zone = np.zeros(gray.shape, bool)
    zone[145:195, 0:420] = True
    return gray, ink, marks, zone


def test_pen_in_a_strip_of_dark_typing_is_still_masked():
    gray, ink, marks, zone = _page(40)
    light = _lighter_than_typing(marks, zone, gray, ink)
    assert light[191:194, 110:370].all()
    assert not light[:145].any() and not light[195:].any()


def test_a_strip_typed_as_light_as_the_pen_keeps_its_ink():
    gray, ink, marks, zone = _page(100)
    light = _lighter_than_typing(marks, zone, gray, ink)
    # Across the strip's own letters the pen's stroke stays with them; past the letters the
    # pen beside the line is still the pen's.
    assert not light[:, :274].any()
    assert light[191:194, 280:370].all()
