"""Faster ways of computing the marks stage's intermediate results give the very same arrays as
the plain ways they replace (kept here as references), on small drawn pages."""

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging.binarize import ink_mask, to_gray
from pipeline.imaging.inkcolour import paper_lab, typing_ink_colour
from pipeline.marks import blobs, ink as mink

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAPER = (236, 231, 216)
LINES = ("Drame musical en trois actes", "La salle au rez de chaussée", "de la maison de Jean",
         "sur les hauteurs de Socoa", "intérieur de paysan aisé")


def drawn_page(typing=(35, 33, 36), stamp=(196, 44, 46)):
    """RGB page: typed lines, an underline touching letters, a framed block (a tall host for
    its long sides), a wavy pen stroke, a ring stamp in colour."""
    img = Image.new("RGB", (640, 460), PAPER)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 20)
    for i, text in enumerate(LINES):
        draw.text((30, 30 + 36 * i), text, font=font, fill=typing)
    draw.line((28, 53, 330, 56), fill=typing, width=3)            # underline under line 1
    draw.rectangle((20, 230, 300, 330), outline=typing, width=3)  # a frame
    draw.text((40, 260), "inside the frame", font=font, fill=typing)
    xs = np.arange(330, 600)
    for x in xs:  # a wavy pen line, slightly rising
        y = int(400 + 4 * np.sin(x / 30.0) - 0.05 * (x - 330))
        draw.rectangle((x, y - 1, x, y + 1), fill=typing)
    if stamp is not None:
        draw.ellipse((380, 120, 560, 300), outline=stamp, width=7)
        draw.text((420, 200), "ОБЩИЙ", font=font, fill=stamp)
    rgb = np.array(img)
    return rgb, ink_mask(to_gray(rgb))


def _long_strokes_reference(ink, xh):
    """long_strokes as first written: every ink component labelled for its height."""
    run = max(3, round(blobs.STROKE_RUN * xh)) | 1
    opened = np.zeros_like(ink)
    for slope in blobs.STROKE_SLOPES:
        rise = round(abs(slope) * run)
        kernel = np.zeros((rise + 1, run), np.uint8)
        cols = np.arange(run)
        rows = np.round(cols * abs(slope)).astype(int)
        kernel[rows if slope >= 0 else rise - rows, cols] = 1
        opened |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    opened &= ink
    n, lab, st, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    long_ = st[:, cv2.CC_STAT_WIDTH] >= blobs.STROKE_MIN_LEN * xh
    long_[0] = False
    keep = np.isin(lab, np.flatnonzero(long_)).astype(np.uint8) * 255
    _, host, hst, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = hst[:, cv2.CC_STAT_HEIGHT] > blobs.STROKE_MAX_HOST * xh
    tall[0] = False
    keep[tall[host]] = 0
    return cv2.bitwise_and(cv2.dilate(keep, np.ones((3, 3), np.uint8)), ink)


@pytest.mark.parametrize("xh", [8.0, 12.0, 18.0])
def test_long_strokes_by_flood_fill_equal_the_full_labelling(xh, monkeypatch):
    _, ink = drawn_page()
    ref = _long_strokes_reference(ink, xh)
    assert ref.any()  # the page has strokes to cut (else the test proves nothing)
    assert np.array_equal(blobs.long_strokes(ink, xh), ref)
    # More strokes than flood fills are worth: one labelling of the ink, same answer.
    monkeypatch.setattr(blobs, "_MAX_FILLS", 0)
    assert np.array_equal(blobs.long_strokes(ink, xh), ref)


def test_a_stroke_on_a_tall_host_is_left_and_one_on_a_short_host_is_cut():
    _, ink = drawn_page()
    cut = blobs.long_strokes(ink, 12.0)
    assert cut[50:60, 100:300].any()         # the underline of the first line
    assert not cut[225:240, 40:280].any()    # the frame's top side stays with the frame


def _group_reference(stats, ids, shape, gap_x, gap_y):
    canvas = np.zeros(shape, np.uint8)
    for i in ids:
        x, y, w, h = stats[i, :4]
        canvas[y:y + h, x:x + w] = 255
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * gap_x + 1, 2 * gap_y + 1))
    _, groups = cv2.connectedComponents(cv2.dilate(canvas, rect), connectivity=8)
    out = {}
    for i in ids:
        out.setdefault(int(groups[stats[i, 1], stats[i, 0]]), []).append(int(i))
    return list(out.values())


@pytest.mark.parametrize("gaps", [(1, 1), (5, 1), (9, 6)])
def test_grouping_on_the_boxes_crop_equals_the_page_canvas(gaps):
    _, ink = drawn_page()
    _, stats = blobs.components(ink)
    ids = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] > 0)
    for some in (ids, ids[::3], ids[-4:]):
        got = blobs._group(stats, some, ink.shape, *gaps, None)
        assert got == _group_reference(stats, some, ink.shape, *gaps)
    assert len(blobs._group(stats, ids, ink.shape, *gaps, None)) > 1


def test_components_of_a_uint8_mask_equal_those_of_its_bool_mask():
    _, ink = drawn_page()
    lab_a, st_a = blobs.components(ink)
    lab_b, st_b = blobs.components(ink > 0)
    assert np.array_equal(lab_a, lab_b) and np.array_equal(st_a, st_b)


def _colour_ratio_reference(image, ink):
    """colour_ratio as first written: on a float LAB image, with temporaries."""
    lab = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2LAB).astype(np.float32)
    ref = paper_lab(image, ink)
    da, db = lab[:, :, 1] - ref[1], lab[:, :, 2] - ref[2]
    dark = np.maximum(ref[0] - lab[:, :, 0], 20.0)
    typing = typing_ink_colour(image, ink, paper=ref)
    typ_a, typ_b = (typing.a, typing.b) if typing else (0.0, 0.0)
    c = np.hypot(da - typ_a * dark, db - typ_b * dark)
    sel = c >= mink.MIN_CHROMA
    near = cv2.dilate(sel.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    sa, sb, sd = da[sel], db[sel], dark[sel]
    ratio_s = np.hypot(sa / sd - typ_a, sb / sd - typ_b)
    hue_s = np.degrees(np.arctan2(sb, sa)) % 360
    if typing is not None and typing.tinted:
        typ_hue = np.degrees(np.arctan2(typ_b, typ_a)) % 360
        same = np.abs((hue_s - typ_hue + 180) % 360 - 180) < mink.MIN_HUE_APART
        ratio_s = np.where(same, 0, ratio_s)
    ratio = np.zeros(c.shape, np.float32)
    hue = np.zeros(c.shape, np.float32)
    ratio[sel] = ratio_s
    hue[near] = np.degrees(np.arctan2(db[near], da[near])) % 360
    return c, ratio, hue


@pytest.mark.parametrize("typing", [(35, 33, 36), (52, 62, 150)])  # black, a blue ribbon
def test_colour_maps_and_coloured_ink_equal_the_float_lab_reference(typing):
    rgb, ink = drawn_page(typing=typing)
    ref = _colour_ratio_reference(rgb, ink)
    got = mink.colour_ratio(rgb, ink)
    for a, b in zip(got, ref):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    c, ratio, _ = ref
    coloured = ((ratio >= mink.MIN_RATIO) & (c >= mink.MIN_CHROMA)).astype(np.uint8) * 255
    strong = cv2.morphologyEx(cv2.bitwise_and(coloured, ink), cv2.MORPH_OPEN,
                              np.ones((2, 2), np.uint8))
    grown = cv2.dilate(strong, np.ones((5, 5), np.uint8))
    expected = cv2.bitwise_or(strong, cv2.bitwise_and(coloured, grown))
    mask, hue = mink.colour_ink(rgb, ink)
    assert mask[120:300, 380:560].any()  # the stamp is found (else the test proves nothing)
    assert np.array_equal(mask, expected) and np.array_equal(hue, ref[2])


def test_a_gray_page_has_no_coloured_ink_and_no_hue():
    rgb, ink = drawn_page(stamp=None)
    gray = to_gray(rgb)
    mask, hue = mink.colour_ink(gray, ink)
    assert mask.dtype == np.uint8 and hue.dtype == np.float32
    assert mask.shape == hue.shape == gray.shape and not mask.any() and not hue.any()


def test_ink_mask_stats_gives_the_ink_mask_and_its_own_components():
    from pipeline.imaging.binarize import ink_mask_stats
    from pipeline.imaging.orientation import glyph_size

    rgb, _ = drawn_page()
    gray = to_gray(rgb)
    gray[:, :6] = 20  # a dark scanner edge: a component the filter drops
    gray[100:102, 200:202] = 90  # a speck under the minimum area
    ink, stats = ink_mask_stats(gray)
    assert np.array_equal(ink, ink_mask(gray))
    _, _, own, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    assert len(stats) > 10 and not ink[:, :6].any()  # the edge was dropped...
    assert np.array_equal(stats, own[1:])  # ...and the stats are the kept ink's, in order
    assert glyph_size(ink, stats) == glyph_size(ink) > 0


def test_has_colour_decides_as_the_int16_reduction_did():
    def reference(image):
        sample = image[::4, ::4, :3].astype(np.int16)
        return float(np.percentile(sample.max(axis=2) - sample.min(axis=2), 99.5)) > 12

    rng = np.random.default_rng(3)
    answers = set()
    for _ in range(60):
        h, w = rng.integers(8, 80, size=2)
        image = np.repeat(rng.integers(0, 256, (h, w, 1), dtype=np.uint8), 3, axis=2)
        spots = rng.random((h, w)) < rng.choice([0.0, 0.002, 0.02, 0.3])
        image[spots, rng.integers(0, 3)] = rng.integers(0, 256, int(spots.sum()), dtype=np.uint8)
        answers.add(mink.has_colour(image))
        assert mink.has_colour(image) == reference(image)
    assert answers == {True, False}
    rgb, _ = drawn_page()
    assert mink.has_colour(rgb) and not mink.has_colour(to_gray(rgb))


@pytest.mark.parametrize("box", [(0, 0, 40, 30), (150, 90, 200, 120), (170, 100, 200, 120),
                                 (60, 5, 61.5, 60.2)])
def test_a_marks_own_ink_and_reading_crop_equal_the_page_sized_way(box):
    from pipeline.marks.detect import Analysis, Detection
    from pipeline.model import BBox
    from pipeline.stages.marks import _crop, _own_ink

    rng = np.random.default_rng(7)
    labels = rng.integers(0, 6, (120, 200)).astype(np.int32)
    colour = np.where(rng.random((120, 200)) < 0.1, 255, 0).astype(np.uint8)
    for coloured in (False, True):
        det = Detection("stamp", BBox(*box), 0.9, [2, 4], coloured)
        ana = Analysis([det], labels, colour, 10.0)
        # The reference: a page-sized mask of the detection's ink, cropped with a margin of 4.
        b = det.box.clip(200, 120)
        x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
        page = np.zeros(labels.shape, np.uint8)
        own = np.isin(labels[y0:y1, x0:x1], [2, 4])
        if coloured:
            own |= colour[y0:y1, x0:x1] > 0
        page[y0:y1, x0:x1][own] = 255
        ref_crop = 255 - page[max(0, y0 - 4):y1 + 4, max(0, x0 - 4):x1 + 4]
        got_box, got = _own_ink(ana, det)
        assert got_box == (x0, y0, x1, y1)
        whole = np.zeros(labels.shape, np.uint8)
        whole[y0:y1, x0:x1] |= got
        assert np.array_equal(whole, page) and page.any()
        assert np.array_equal(_crop(got_box, got, labels.shape), ref_crop)


def _components_reference(ink, min_area):
    binary = (ink > 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < min_area)
    lut = np.arange(n, dtype=np.int32)
    lut[small] = 0
    stats = stats.copy()
    stats[0] = 0
    stats[small] = 0
    return lut[labels], stats


@pytest.mark.parametrize("min_area", [3, 6])
def test_components_drop_specks_as_a_lookup_over_the_page_did(min_area):
    _, ink = drawn_page()
    rng = np.random.default_rng(5)
    ink = ink.copy()
    ink[rng.random(ink.shape) < 0.01] = 255  # specks of one to a few pixels
    lab, st = blobs.components(ink, min_area)
    ref_lab, ref_st = _components_reference(ink, min_area)
    assert (ref_st[:, cv2.CC_STAT_AREA] == 0).sum() > 100  # many specks were dropped
    assert np.array_equal(lab, ref_lab) and np.array_equal(st, ref_st)


def test_drop_borders_zeroes_the_labels_a_lookup_over_the_page_did():
    _, ink = drawn_page()
    ink = ink.copy()
    ink[:, :4] = 255                # a scanner edge
    ink[440:443, 10:630] = 255      # a page-long rule
    lab, st = blobs.components(ink)
    ref_lab, ref_st = lab.copy(), st.copy()
    x, y, w, h = (ref_st[:, k] for k in range(4))
    H, W = ink.shape
    xh = 8.0
    touches = (x == 0) | (y == 0) | (x + w >= W) | (y + h >= H)
    huge = (w > W / 2) | (h > H / 2) | (w > 40 * xh) | (h > 25 * xh)
    big = (w > 5 * xh) | (h > 5 * xh)
    bad = np.flatnonzero(((touches & big) | huge) & (ref_st[:, cv2.CC_STAT_AREA] > 0))
    ref_lab[np.isin(ref_lab, bad)] = 0
    ref_st[bad] = 0
    blobs.drop_borders(lab, st, xh)
    assert len(bad) >= 2 and np.array_equal(lab, ref_lab) and np.array_equal(st, ref_st)


@pytest.mark.parametrize("seed", range(4))
def test_labelling_the_box_around_sparse_ink_numbers_components_as_the_whole_image(seed):
    # Page-sized, so that OpenCV labels in parallel stripes as it does on a page.
    rng = np.random.default_rng(seed)
    mask = np.zeros((2400, 1700), np.uint8)
    x0, y0 = int(rng.integers(1, 700)), int(rng.integers(1, 1100))  # odd places as well
    for _ in range(300):
        cx, cy = int(x0 + rng.integers(0, 900)), int(y0 + rng.integers(0, 1200))
        axes = (int(rng.integers(1, 40)), int(rng.integers(1, 40)))
        cv2.ellipse(mask, (cx, cy), axes, float(rng.uniform(0, 180)), 0,
                    float(rng.uniform(20, 360)), 255, int(rng.integers(1, 4)))
    box = mask[y0:y0 + 1300, x0:x0 + 1000]
    box[rng.random(box.shape) < 0.002] = 255  # specks
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    n2, labels2, stats2 = blobs._labelled(mask)
    assert n > 300 and n2 == n
    assert np.array_equal(labels2, labels) and np.array_equal(stats2[1:], stats[1:])
    empty = np.zeros((50, 60), np.uint8)
    n0, lab0, st0 = blobs._labelled(empty)
    assert n0 == 1 and not lab0.any() and lab0.dtype == np.int32


@pytest.mark.parametrize("rows", [1, 2, 7, 1000])
@pytest.mark.parametrize("typing", [(35, 33, 36), (52, 62, 150)])  # black, a blue ribbon
def test_colour_maps_worked_in_bands_of_any_height_equal_the_whole_page_reference(
        rows, typing, monkeypatch):
    rgb, ink = drawn_page(typing=typing)
    ref = _colour_ratio_reference(rgb, ink)
    monkeypatch.setattr(mink, "_BAND_PX", rows * rgb.shape[1])
    got = mink.colour_ratio(rgb, ink)
    assert ref[1].any() and ref[2].any()  # coloured pixels and hues exist to be compared
    for a, b in zip(got, ref):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    mask, hue = mink.colour_ink(rgb, ink)
    monkeypatch.setattr(mink, "_BAND_PX", 10 ** 9)  # the whole page as one band
    whole_mask, whole_hue = mink.colour_ink(rgb, ink)
    assert mask.any() and np.array_equal(mask, whole_mask) and np.array_equal(hue, whole_hue)


def test_type_size_from_given_component_stats_equals_blocks_glyph_height():
    from pipeline.imaging import blocks, inkcolour

    rgb, ink = drawn_page()
    stats = cv2.connectedComponentsWithStats(ink, connectivity=8)[2]
    assert inkcolour._glyph_height(stats, ink.shape[0]) == blocks.glyph_height(ink) > 0
    assert inkcolour.typed_line_boxes(ink, stats) == inkcolour.typed_line_boxes(ink)
    rng = np.random.default_rng(3)
    for _ in range(20):  # specks, dots, tall and wide strokes in random masks
        m = np.zeros((int(rng.integers(40, 300)), int(rng.integers(40, 300))), np.uint8)
        for _ in range(int(rng.integers(1, 40))):
            x, y = int(rng.integers(0, m.shape[1])), int(rng.integers(0, m.shape[0]))
            cv2.rectangle(m, (x, y), (x + int(rng.integers(0, 60)), y + int(rng.integers(0, 60))),
                          255, int(rng.choice([-1, 1, 2])))
        st = cv2.connectedComponentsWithStats(m, connectivity=8)[2]
        assert inkcolour._glyph_height(st, m.shape[0]) == blocks.glyph_height(m)
    gray = to_gray(rgb)
    assert typing_ink_colour(rgb, ink, gray=gray, ink_stats=stats) == typing_ink_colour(rgb, ink)


def test_candidates_letter_size_and_coloured_ink_equal_the_separate_labelling():
    from pipeline.marks.candidates import candidates
    from pipeline.marks.ink import ink_mask as marks_ink_mask, to_gray as marks_gray

    rgb, _ = drawn_page()
    gray = marks_gray(rgb)
    ink = marks_ink_mask(gray)
    found = candidates(rgb, with_features=False)
    colour, _ = mink.colour_ink(rgb, ink)
    assert colour.any() and np.array_equal(found.colour, colour)
    assert found.xh == blobs.text_height(blobs.components(ink)[1], gray.shape[0])
    # A gray and an ink mask given by the caller (not known to be the image's own) as well.
    again = candidates(rgb, gray.copy(), ink.copy(), with_features=False)
    assert again.xh == found.xh and np.array_equal(again.colour, found.colour)


def _tinted_reference(rgb, tints):
    """removal._tinted as first written: every float32 plane of the whole image."""
    from pipeline.marks import removal

    ta, tb, drop = removal._tint(removal._lab8(rgb), tints.paper)
    ta -= np.float32(tints.typing[0])
    tb -= np.float32(tints.typing[1])
    excess = np.hypot(ta, tb, out=ta)
    dark = (drop >= removal.MIN_DROP).astype(np.float32)
    inked = cv2.boxFilter(np.multiply(excess, dark, out=tb), -1, (7, 7))
    mean = np.divide(inked, np.maximum(cv2.boxFilter(dark, -1, (7, 7)), np.float32(1e-3)), out=inked)
    return (mean >= removal.MIN_TINT_EXCESS) & (excess >= 0.5 * removal.MIN_TINT_EXCESS) & (dark > 0)


@pytest.mark.parametrize("typing", [(35, 33, 36), (52, 62, 150)])
@pytest.mark.parametrize("stamp", [(196, 44, 46), (120, 60, 170)])  # red, violet
def test_tinted_pixels_worked_on_dark_pixels_only_equal_the_whole_planes(typing, stamp):
    from pipeline.marks import removal

    rgb, ink = drawn_page(typing=typing, stamp=stamp)
    rng = np.random.default_rng(5)  # scanner noise: tints near every threshold
    rgb = np.clip(rgb.astype(np.int16) + rng.integers(-12, 13, rgb.shape), 0, 255).astype(np.uint8)
    tints = removal.page_tints(rgb, ink)
    for img in (rgb, rgb[::2, ::2], rgb[100:320, 360:580]):
        got, ref = removal._tinted(img, tints), _tinted_reference(img, tints)
        assert ref.any() and got.dtype == ref.dtype and np.array_equal(got, ref)
    paper = np.full((40, 50, 3), PAPER, np.uint8)  # no dark pixel at all
    assert not removal._tinted(paper, tints).any() and not _tinted_reference(paper, tints).any()


def test_page_tints_from_the_inked_pixels_alone_equal_the_whole_planes(monkeypatch):
    from pipeline.marks import removal

    # The median over the inked pixels is the fallback for a page whose typed lines do not vote.
    monkeypatch.setattr(removal, "typing_ink_colour", lambda *args, **kwargs: None)
    for typing in ((35, 33, 36), (52, 62, 150)):
        rgb, ink = drawn_page(typing=typing)
        tints = removal.page_tints(rgb, ink)
        lab8, small = removal._lab8(rgb[::3, ::3]), ink[::3, ::3]
        ta, tb, _ = removal._tint(lab8, tints.paper)
        assert tints.typing == (float(np.median(ta[small > 0])), float(np.median(tb[small > 0])))
