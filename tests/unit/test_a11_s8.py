"""Helper A11, session 8: a round stamp's rings taken out of the typed strips where they are as
dark as the typing; the faint traces a masked mark leaves (its strokes' rims, a light stamp's
strokes under the ink threshold) kept out of the reading, never a typed glyph's rim; a short
typed line inside a stamp kept by its place on the typed grid; typing the clean stage unmixed
from a coloured stamp not repainted."""

import cv2
import numpy as np

from pipeline.marks.detect import Detection
from pipeline.marks.pens import ring_in
from pipeline.marks.removal import ring_ink, spare_unmixed
from pipeline.model import BBox
from pipeline.stages.marks import faint_traces, on_rings, on_typed_grid

XH = 28.0


def _stamp(inner: bool = True) -> np.ndarray:
    """Bool ink of a round stamp 440 px across (outer ring 9 px wide, inner ring 4 px when
    `inner`, letters between them and in the middle) over typed block letters on four lines."""
    img = np.zeros((520, 520), np.uint8)
    for y in range(90, 440, 80):
        for x in range(10, 500, 36):
            cv2.rectangle(img, (x, y), (x + 20, y + 26), 255, 4)
    cv2.circle(img, (260, 260), 220, 255, 9)
    if inner:
        cv2.circle(img, (260, 260), 155, 255, 4)
    for a in range(0, 360, 30):  # ring lettering: small blobs on the circle between the rings
        t = np.radians(a)
        cv2.circle(img, (int(260 + 188 * np.cos(t)), int(260 + 188 * np.sin(t))), 9, 255, 3)
    return img > 0


def test_ring_ink_takes_both_rings_and_leaves_letters_and_typing():
    own = _stamp()
    ring = ring_in(own, XH)
    assert ring is not None and abs(ring[2] - 220) < 6
    on = ring_ink(own, ring, XH)
    yy, xx = np.mgrid[0:520, 0:520]
    d = np.hypot(xx - 260, yy - 260)
    # Nearly all the ink of both rings is taken...
    assert on[own & (np.abs(d - 220) <= 3)].mean() > 0.9
    assert on[own & (np.abs(d - 155) <= 1)].mean() > 0.9
    # ...but not the lettering between them nor the typing in the middle of the stamp.
    assert not on[own & (np.abs(d - 188) <= 4)].any()
    assert not on[own & (d < 140)].any()


def test_ring_ink_without_an_inner_ring_takes_the_outer_one_only():
    own = _stamp(inner=False)
    on = ring_ink(own, ring_in(own, XH), XH)
    yy, xx = np.mgrid[0:520, 0:520]
    d = np.hypot(xx - 260, yy - 260)
    assert on[own & (np.abs(d - 220) <= 3)].mean() > 0.9
    assert not on[own & (d < 200)].any()


def test_on_rings_masks_the_ring_in_typed_strips_of_round_stamps_only():
    own = _stamp()
    owned = ((40, 30, 560, 550), np.where(own, np.uint8(255), np.uint8(0)))
    marks = np.zeros((600, 620), np.uint8)
    round_det = Detection("stamp", BBox(40, 30, 560, 550), 0.9, [1], False, {"shape": "round"})
    found = on_rings([round_det], [owned], XH, marks)
    assert len(found) == 1 and abs(found[0][1][0] - 300) < 6 and abs(found[0][1][1] - 290) < 6
    assert marks[30 + 260, 40 + 260 + 220] == 255 or marks[30 + 260, 40 + 260 + 221] == 255
    assert marks[30 + 100, 40 + 100] == 0  # a typed letter inside the stamp stays
    rect = Detection("stamp", BBox(40, 30, 560, 550), 0.9, [1], False, {"shape": "rectangular"})
    marks2 = np.zeros_like(marks)
    assert on_rings([rect], [owned], XH, marks2) == [] and not marks2.any()


def test_faint_traces_take_a_masked_strokes_rim_not_a_typed_glyphs():
    gray = np.full((120, 200), 255, np.uint8)
    ink = np.zeros_like(gray)
    marks = np.zeros_like(gray)
    # A typed glyph: a dark core (ink) with a soft rim the ink mask leaves out.
    gray[40:80, 30:44] = 150
    gray[42:78, 32:42] = 30
    ink[42:78, 32:42] = 255
    # A stamp stroke, masked, with its rim; and a light stamp stroke under the ink threshold.
    gray[40:80, 100:114] = 150
    gray[42:78, 102:112] = 30
    ink[42:78, 102:112] = 255
    marks[42:78, 102:112] = 255
    gray[16:28, 140:152] = 160
    gray[100:103, 120:190] = 160  # a typed blank's hairline, under the ink threshold too
    traced = faint_traces(gray, ink, marks, [(90, 10, 195, 110)], 28.0)
    assert traced[40, 100] and traced[60, 113] and traced[22, 146]
    assert not traced[100:103, 120:190].any()
    assert not traced[60:80, 30:44].any()  # outside the box anyway...
    traced = faint_traces(gray, ink, marks, [(20, 10, 195, 100)], 28.0)
    assert not traced[40:80, 30:44].any()  # ...and inside it the glyph's rim stays
    assert not traced[42:78, 102:112].any()  # the masked stroke is masked already
    assert not faint_traces(gray, ink, marks, [], 28.0).any()



def _letters(rows: list[tuple[float, int, int]]) -> np.ndarray:
    """Stats rows (x, y, w, h, area; row 0 the background) of 20x28 letters 36 px apart on
    rows (centre y, x from, x to)."""
    st = [[0, 0, 0, 0, 0]]
    for yc, a, b in rows:
        for x in range(a, b, 36):
            st.append([x, int(yc - 14), 20, 28, 200])
    return np.asarray(st, np.int32)


def test_a_short_typed_line_inside_a_stamp_is_typing_on_the_grid_only():
    # Typed rows 70 px apart round a stamp; the row at 170 lies wholly inside the stamp and
    # is among its labels, as is the stamp's own row of letters at 205 (off the grid).
    stats = _letters([(30, 0, 1000), (100, 0, 1000), (240, 0, 1000), (310, 0, 1000),
                      (170, 350, 560), (205, 350, 560)])
    short = {i for i in range(1, len(stats)) if stats[i, 1] + 14 == 170}
    own_row = {i for i in range(1, len(stats)) if stats[i, 1] + 14 == 205}
    box = BBox(300, 120, 700, 290)
    got = on_typed_grid(stats, short | own_row, short | own_row, box, XH)
    assert got == short
    # Without typed rows round it, nothing inside the stamp is typing by place.
    lone = _letters([(170, 350, 560)])
    ids = set(range(1, len(lone)))
    assert on_typed_grid(lone, ids, ids, box, XH) == set()


def test_unmixed_pixels_still_dark_are_typing_and_not_repainted():
    image = np.full((120, 200, 3), 255, np.uint8)
    image[50:60, 20:180] = (150, 60, 200)   # a violet stamp stroke
    image[20:100, 95:105] = (40, 40, 40)    # a typed stroke crossing it, darker still there
    image[50:60, 95:105] = (10, 10, 10)
    plain = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    unmixed = plain.copy()
    unmixed[50:60, 20:180] = 255            # the clean stage took the stamp's share out...
    unmixed[50:60, 95:105] = 40             # ...and left the typing's
    unmixed[50:60, 60:70] = 120             # a residue of the stamp, lighter than typing
    remove = np.zeros((120, 200), np.uint8)
    remove[49:61, 19:181] = 255
    out = spare_unmixed(image, unmixed, remove, [(0, 0, 200, 120)])
    assert not out[50:60, 95:105].any()
    assert (out[50:60, 20:90] == 255).all() and (out[50:60, 110:180] == 255).all()
    assert (out[50:60, 60:70] == 255).all()  # the residue is still repainted
    # Where the clean stage did not unmix, the stamp's ink is repainted whole, as before.
    same = spare_unmixed(image, plain, remove, [(0, 0, 200, 120)])
    assert (same == remove).all()
    assert spare_unmixed(image[:, :, 0], plain, remove, [(0, 0, 200, 120)]) is remove
