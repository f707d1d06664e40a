"""Work done only on the bands of rows that hold ink (`imaging.bands` and its users) gives the
very arrays the whole-image OpenCV and numpy calls give, and the typing's colour and the marks
features are unchanged by it."""

import itertools

import cv2
import numpy as np
import pytest

from pipeline.imaging import bands, inkcolour
from pipeline.imaging.blocks import line_pieces
from pipeline.imaging.orientation import glyph_size
from pipeline.marks import blobs, features


def lined_mask(seed: int, shape=(2400, 1700), lines: int = 12, specks: float = 0.0) -> np.ndarray:
    """uint8 mask: rows of ellipse strokes (typed lines, underlines) with blank rows between
    them, some at odd places and touching the image's edges, specks if asked."""
    rng = np.random.default_rng(seed)
    h, w = shape
    mask = np.zeros(shape, np.uint8)
    for k in range(lines):
        y = int(rng.integers(0, h))
        for _ in range(int(rng.integers(5, 40))):
            cx = int(rng.integers(-20, w + 20))
            axes = (int(rng.integers(1, 30)), int(rng.integers(1, 12)))
            cv2.ellipse(mask, (cx, y + int(rng.integers(-8, 9))), axes, float(rng.uniform(0, 180)),
                        0, float(rng.uniform(40, 360)), 255, int(rng.integers(1, 4)))
        if k % 3 == 0:  # an underline, slightly sloped
            x0 = int(rng.integers(0, w // 2))
            cv2.line(mask, (x0, y + 14), (x0 + int(rng.integers(80, w // 2)), y + 17), 255, 2)
    if specks:
        mask[rng.random(shape) < specks] = 255
    return mask


def stroke_kernels(xh: float) -> list[np.ndarray]:
    """The sloped line kernels `blobs.long_strokes` opens the ink with."""
    run = max(3, round(blobs.STROKE_RUN * xh)) | 1
    out = []
    for slope in blobs.STROKE_SLOPES:
        rise = round(abs(slope) * run)
        kernel = np.zeros((rise + 1, run), np.uint8)
        cols = np.arange(run)
        rows = np.round(cols * abs(slope)).astype(int)
        kernel[rows if slope >= 0 else rise - rows, cols] = 1
        out.append(kernel)
    return out


@pytest.mark.parametrize("seed", range(4))
def test_band_labelling_numbers_components_as_the_whole_image(seed):
    # Page-sized, so that OpenCV labels in parallel stripes as it does on a page.
    mask = lined_mask(seed)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert len(bands.ink_bands(mask)) > 2  # several bands (else the test proves nothing)
    n2, labels2, stats2 = bands.labelled(mask)
    assert n > 50 and n2 == n and labels2.dtype == np.int32
    assert np.array_equal(labels2, labels) and np.array_equal(stats2[1:], stats[1:])
    assert np.array_equal(bands.component_stats(mask)[1:], stats[1:])


def test_dense_ink_and_no_ink_label_as_opencv_does():
    dense = lined_mask(7, (600, 500), lines=40, specks=0.01)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dense, connectivity=8)
    n2, labels2, stats2 = bands.labelled(dense)
    assert n2 == n and np.array_equal(labels2, labels) and np.array_equal(stats2[1:], stats[1:])
    empty = np.zeros((50, 60), np.uint8)
    n0, lab0, st0 = bands.labelled(empty)
    assert n0 == 1 and not lab0.any() and lab0.dtype == np.int32 and len(st0) == 1
    assert bands.ink_bands(empty) == [] and bands.row_bands(empty) == []


def test_bands_hold_all_ink_grown_by_their_reach_and_share_no_rows():
    mask = lined_mask(3, (900, 700))
    for reach in (0, 3, 12):
        boxes = bands.ink_bands(mask, reach)
        grown = cv2.dilate(mask, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
        inside = np.zeros_like(mask)
        for x0, y0, x1, y1 in boxes:
            assert x0 % 2 == 0 and y0 % 2 == 0
            inside[y0:y1, x0:x1] = 255
        assert not (grown & ~inside).any()
        rows = [(y0, y1) for _, y0, _, y1 in boxes]
        assert all(a1 <= b0 for (_, a1), (b0, _) in itertools.pairwise(rows))


@pytest.mark.parametrize("xh", [5.0, 12.0, 25.5])
def test_sparse_dilation_and_band_erosion_equal_opencv(xh):
    mask = lined_mask(11, (700, 900), lines=8)
    for kernel in [*stroke_kernels(xh), np.ones((3, 3), np.uint8)]:
        eroded = blobs._eroded(mask, kernel)
        assert np.array_equal(eroded, cv2.erode(mask, kernel))
        out = np.zeros_like(mask)
        bands.dilate_sparse(eroded, kernel, out)
        assert np.array_equal(out, cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel))
    # A blank image still erodes to ink along its border where the window leaves the image.
    blank = np.zeros((40, 60), np.uint8)
    for kernel in stroke_kernels(xh):
        assert np.array_equal(blobs._eroded(blank, kernel), cv2.erode(blank, kernel))


def test_long_strokes_equal_the_whole_page_opening():
    mask = lined_mask(5, (800, 1000), lines=10)
    xh = 12.0
    opened = np.zeros_like(mask)
    for kernel in stroke_kernels(xh):
        opened |= cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    opened &= mask
    _, lab, st, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    long_ = st[:, cv2.CC_STAT_WIDTH] >= blobs.STROKE_MIN_LEN * xh
    long_[0] = False
    _, host, hst, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    tall = hst[:, cv2.CC_STAT_HEIGHT] > blobs.STROKE_MAX_HOST * xh
    keep = np.where(long_[lab] & ~tall[host], np.uint8(255), np.uint8(0))
    ref = cv2.bitwise_and(cv2.dilate(keep, np.ones((3, 3), np.uint8)), mask)
    assert ref.any()  # underlines to cut (else the test proves nothing)
    assert np.array_equal(blobs.long_strokes(mask, xh), ref)


def test_typed_line_boxes_by_band_equal_the_whole_page_pieces():
    mask = lined_mask(2, (1200, 900), lines=14)
    stats = cv2.connectedComponentsWithStats(mask, connectivity=8)[2]
    char_h = inkcolour._glyph_height(stats, mask.shape[0])
    pieces = [(p.x0, p.y0, p.x1, p.y1) for p in line_pieces(mask, char_h)]
    typical = float(np.median([p[3] - p[1] for p in pieces]))
    ref = [p for p in pieces if 0.5 * typical <= p[3] - p[1] <= 2.0 * typical
           and p[2] - p[0] >= 3 * char_h]
    assert bands.row_bands(mask) and len(ref) > 3
    assert inkcolour.typed_line_boxes(mask, stats) == ref
    assert inkcolour.typed_line_boxes(mask) == ref


def test_paper_median_from_the_histogram_equals_numpy():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 10, 11, 4000):
        values = rng.integers(0, 256, n).astype(np.uint8)
        assert inkcolour._median_u8(values) == float(np.median(values.astype(np.float32)))
    rgb = rng.integers(150, 256, (90, 120, 3)).astype(np.uint8)
    ink = np.zeros((90, 120), np.uint8)
    ink[30:40, 10:100] = 255
    lab = cv2.cvtColor(np.ascontiguousarray(rgb[::3, ::3]), cv2.COLOR_RGB2LAB).astype(np.float32)
    paper = cv2.dilate(ink, np.ones((5, 5), np.uint8))[::3, ::3] == 0
    ref = tuple(float(np.median(lab[:, :, k][paper])) for k in range(3))
    assert inkcolour.paper_lab(rgb, ink) == ref


def test_distance_and_glyph_size_by_band_equal_the_whole_page():
    mask = lined_mask(9, (1000, 800), lines=9)
    assert np.array_equal(features._distance(mask), cv2.distanceTransform(mask, cv2.DIST_L2, 3))
    stats = cv2.connectedComponentsWithStats(mask, connectivity=8)[2][1:]
    assert glyph_size(mask) == glyph_size(mask, stats) > 0
    assert glyph_size(mask > 0) == glyph_size(mask)


@pytest.mark.parametrize("gaps", [(1, 1), (5, 2), (11, 0)])
def test_groups_of_grown_boxes_equal_the_dilated_canvas(gaps):
    # Boxes touching the image's sides (a grown box must not wrap round) and far apart.
    mask = lined_mask(4, (400, 600), lines=10)
    mask[0:3, 0:5] = mask[397:400, 590:600] = mask[200:204, 0:2] = 255
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    ids = np.arange(1, n)
    gap_x, gap_y = gaps
    canvas = np.zeros(mask.shape, np.uint8)
    for x, y, w, h in stats[ids, :4]:
        canvas[y:y + h, x:x + w] = 255
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * gap_x + 1, 2 * gap_y + 1))
    canvas = cv2.dilate(canvas, rect)
    groups = cv2.connectedComponents(canvas, connectivity=8)[1]
    ref: dict[int, list[int]] = {}
    for i in ids:
        ref.setdefault(int(groups[stats[i, 1], stats[i, 0]]), []).append(int(i))
    got = blobs._group(stats, ids, mask.shape, gap_x, gap_y, None)
    assert 1 < len(got) < len(ids) and got == list(ref.values())


@pytest.mark.parametrize("seed", range(3))
def test_coloured_ink_by_band_equals_the_whole_page_steps(seed, monkeypatch):
    from pipeline.marks import ink as mink

    # Tinted blobs (some cut by the image's sides) over ink: the ratio map decides colour.
    rng = np.random.default_rng(seed)
    shape = (500, 700)
    ink = lined_mask(seed, shape, lines=12, specks=0.002)
    tint = np.zeros(shape, np.uint8)
    for _ in range(6):
        c = (int(rng.integers(-10, shape[1] + 10)), int(rng.integers(-10, shape[0] + 10)))
        cv2.circle(tint, c, int(rng.integers(5, 60)), 255, int(rng.integers(1, 6)))
    tint[rng.random(shape) < 0.001] = 255  # lone tinted pixels
    ink[tint > 0] = 255  # most tinted pixels are inked: thick strong ink up to the bands' edges
    ink[rng.random(shape) < 0.05] = 0  # holes: the opening and the growth both matter
    ratio = np.where(tint > 0, rng.uniform(0.1, 0.6, shape), 0).astype(np.float32)
    hue = rng.uniform(0, 360, shape).astype(np.float32)
    monkeypatch.setattr(mink, "_colour_maps", lambda *a, **k: (None, ratio, hue))
    coloured = np.where(ratio >= mink.MIN_RATIO, np.uint8(255), np.uint8(0))
    strong = cv2.morphologyEx(cv2.bitwise_and(coloured, ink), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    grown = cv2.dilate(strong, np.ones((5, 5), np.uint8))
    ref = cv2.bitwise_or(strong, cv2.bitwise_and(coloured, grown))
    got, got_hue = mink.colour_ink(np.zeros((*shape, 3), np.uint8), ink)
    assert ref.any() and np.array_equal(got, ref) and got_hue is hue
