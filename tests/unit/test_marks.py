"""Stamps and handwriting on small drawn pages: found as their own regions, kept out of the
typed text, stamp ink repainted where it covers typing.

The fixtures are drawn here (not by the synthetic generator the model is trained on): a
monospaced typed paragraph, round stamps in violet and in gray, a looped signature with an
underline, and a number written with slanted, pressure-varying pen strokes.
"""

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.marks.detect import detect, merge
from pipeline.layout_model import load_default
from pipeline.model import BBox, Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import marks as marks_stage

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
PAPER = (236, 232, 220)
LINES = ["The committee met on the 14th of May", "and resolved to send the report to",
         "the ministry without further delay.", "All copies are to be returned to the",
         "secretary of the committee at once."]


def typed_page(w=1000, h=700, size=30):
    img = Image.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, size)
    boxes = []
    for i, text in enumerate(LINES):
        y = 60 + int(i * size * 1.6)
        draw.text((60, y), text, font=font, fill=(30, 30, 30))
        boxes.append(BBox(*draw.textbbox((60, y), text, font=font)))
    return np.array(img), boxes


def multiply(page, colour, alpha):
    a = alpha[..., None].astype(np.float32) / 255
    return (page * (1 - a + a * np.array(colour, np.float32) / 255)).clip(0, 255).astype(np.uint8)


def round_stamp(page, cx, cy, r, colour, ring="ARCHIVES NATIONALES * ", inner="1957"):
    alpha = np.zeros(page.shape[:2], np.uint8)
    t = max(2, r // 25)
    cv2.circle(alpha, (cx, cy), r, 255, t, cv2.LINE_AA)
    cv2.circle(alpha, (cx, cy), int(r * 0.68), 255, t, cv2.LINE_AA)
    s = r / 110
    for k, ch in enumerate(ring):
        ang = -math.pi / 2 + 2 * math.pi * k / len(ring)
        glyph = np.zeros((60, 60), np.uint8)
        cv2.putText(glyph, ch, (15, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.56 * s, 255, max(2, int(3 * s)),
                    cv2.LINE_AA)
        glyph = cv2.warpAffine(glyph, cv2.getRotationMatrix2D((30, 30), -math.degrees(ang) - 90, 1), (60, 60))
        gx, gy = int(cx + 0.84 * r * math.cos(ang)) - 30, int(cy + 0.84 * r * math.sin(ang)) - 30
        alpha[gy:gy + 60, gx:gx + 60] = np.maximum(alpha[gy:gy + 60, gx:gx + 60], glyph)
    (tw, th), _ = cv2.getTextSize(inner, cv2.FONT_HERSHEY_SIMPLEX, 1.2 * s, max(2, int(3 * s)))
    cv2.putText(alpha, inner, (cx - tw // 2, cy + th // 2), cv2.FONT_HERSHEY_SIMPLEX, 1.2 * s, 255,
                max(2, int(3 * s)), cv2.LINE_AA)
    return multiply(page, colour, (alpha * 0.85).astype(np.uint8)), BBox(cx - r - t, cy - r - t, cx + r + t, cy + r + t)


def pen(page, pts, width, colour=(25, 25, 70)):
    """A polyline whose width swells and thins like a pen under varying pressure."""
    alpha = np.zeros(page.shape[:2], np.uint8)
    n = len(pts)
    for i in range(n - 1):
        w = max(1, round(width * (0.55 + 0.45 * math.sin(math.pi * i / (n - 1)) + 0.2 * math.sin(0.7 * i))))
        cv2.line(alpha, tuple(int(v) for v in pts[i]), tuple(int(v) for v in pts[i + 1]), 255, w, cv2.LINE_AA)
    return multiply(page, colour, alpha)


def signature(page, x, y, length, height):
    """Looped, slanted name that runs on, without lifting the pen, into a flourish underneath."""
    t = np.linspace(0, 1, 400)
    xs = x + length * t + 0.06 * length * np.sin(14 * np.pi * t)
    ys = y + 0.5 * height * np.cos(14 * np.pi * t + 0.3) * (1 - 0.6 * t) - 0.25 * height * t
    xs = xs + 0.35 * (y - ys)
    u = np.linspace(0, 1, 160)
    fx = xs[-1] + (x - 0.1 * length - xs[-1]) * u
    fy = ys[-1] + (y + 0.7 * height - ys[-1]) * np.sqrt(u) + 0.1 * height * np.sin(3 * u)
    xs, ys = np.concatenate([xs, fx]), np.concatenate([ys, fy])
    page = pen(page, np.stack([xs, ys], 1), 4)
    return page, BBox(xs.min() - 5, ys.min() - 5, xs.max() + 5, ys.max() + 5)


DIGITS = {
    "0": [(0.5, 0), (0.15, 0.25), (0.1, 0.7), (0.45, 1), (0.85, 0.7), (0.85, 0.25), (0.5, 0)],
    "1": [(0.25, 0.25), (0.6, 0), (0.55, 1)],
    "4": [(0.6, 1), (0.65, 0), (0.05, 0.7), (0.9, 0.7)],
    "5": [(0.85, 0), (0.25, 0.05), (0.2, 0.45), (0.75, 0.5), (0.8, 0.85), (0.15, 0.95)],
    "7": [(0.1, 0.05), (0.9, 0), (0.35, 1)],
    "8": [(0.5, 0.5), (0.15, 0.2), (0.5, 0), (0.8, 0.2), (0.15, 0.8), (0.5, 1), (0.85, 0.8), (0.5, 0.5)],
    "/": [(0.9, 0), (0.1, 1)],
}


def hand_number(page, text, x, y, size, seed=5):
    """Digits from skeletons, each control point jittered, slanted right, pen width varying."""
    rng = np.random.default_rng(seed)
    x0 = x
    for ch in text:
        ctrl = np.array(DIGITS[ch], float) + rng.normal(0, 0.04, (len(DIGITS[ch]), 2))
        t = np.linspace(0, 1, 14 * len(ctrl))
        knots = np.linspace(0, 1, len(ctrl))
        px = np.interp(t, knots, ctrl[:, 0]) * size * 0.55
        py = np.interp(t, knots, ctrl[:, 1]) * size * rng.uniform(0.85, 1.1)
        page = pen(page, np.stack([x + px + 0.35 * (size - py), y - size + py], 1), max(2, size // 14))
        x += int(size * rng.uniform(0.6, 0.8))
    return page, BBox(x0 - 5, y - size - 8, x + 0.4 * size, y + 8)


def run_stage(image):
    h, w = image.shape[:2]
    page = Page(Source("drawn.png", "0" * 64, 1, w, h), image=image)
    return marks_stage.apply(page, Context(Settings(), engine=None))


def typed_boxes_flagged(page, typed):
    return [r for r in page.regions if any(r.bbox.intersection(t) > 0.5 * t.area for t in typed)]


needs_model = pytest.mark.skipif(load_default() is None, reason="classifier not built (make model)")


@needs_model
def test_colour_stamp_is_one_violet_round_stamp():
    page, typed = typed_page()
    image, truth = round_stamp(page, 760, 500, 110, (120, 40, 170))
    out = run_stage(image)
    stamps = out.regions_of("stamp")
    assert len(stamps) == 1 and stamps[0].bbox.iou(truth) >= 0.5
    assert stamps[0].attrs["colour"] == "violet" and stamps[0].attrs["shape"] == "round"
    assert not out.regions_of("handwriting")
    assert [i.region for i in out.review] == [stamps[0].id]


@needs_model
def test_monochrome_stamp_found_by_shape_on_a_gray_scan():
    page, typed = typed_page()
    image, truth = round_stamp(page, 760, 500, 100, (70, 70, 70))
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    out = run_stage(gray)
    stamps = out.regions_of("stamp")
    assert len(stamps) == 1 and stamps[0].bbox.iou(truth) >= 0.5
    assert stamps[0].attrs["colour"] == "black"
    assert not typed_boxes_flagged(out, typed)


@needs_model
def test_stamp_over_text_is_repainted_and_typing_kept():
    page, typed = typed_page()
    image, truth = round_stamp(page, 330, 150, 105, (110, 40, 180))
    out = run_stage(image)
    stamps = out.regions_of("stamp")
    assert len(stamps) == 1 and stamps[0].bbox.iou(truth) >= 0.5
    gray_before = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    gray_plain = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    gray_after = out.masks["gray"]
    x0, y0, x1, y1 = (int(v) for v in truth.to_list())
    stamp_only = (gray_before[y0:y1, x0:x1] < 170) & (gray_plain[y0:y1, x0:x1] > 200)
    typing = gray_plain[y0:y1, x0:x1] < 90
    assert stamp_only.sum() > 500 and typing.sum() > 500
    # Stamp ink on bare paper becomes paper; typed ink under the stamp stays dark.
    assert np.median(gray_after[y0:y1, x0:x1][stamp_only]) > 200
    assert np.median(gray_after[y0:y1, x0:x1][typing]) < 110
    # The typed lines under the stamp are not called marks.
    assert out.masks["marks"][y0:y1, x0:x1][typing].mean() < 0.1 * 255


@needs_model
def test_signature_is_handwriting():
    page, typed = typed_page()
    image, truth = signature(page, 560, 560, 260, 60)
    out = run_stage(image)
    hands = out.regions_of("handwriting")
    assert len(hands) == 1 and hands[0].bbox.iou(truth) >= 0.3
    assert not out.regions_of("stamp")
    assert not typed_boxes_flagged(out, typed)
    assert out.masks["marks"][int(truth.y0):int(truth.y1), int(truth.x0):int(truth.x1)].any()


@needs_model
def test_handwritten_number_is_handwriting_and_typing_is_not():
    page, typed = typed_page()
    image, truth = hand_number(page, "4058/17", 90, 600, 50)
    out = run_stage(image)
    hands = out.regions_of("handwriting")
    assert len(hands) == 1 and hands[0].bbox.iou(truth) >= 0.3
    assert not typed_boxes_flagged(out, typed)


@needs_model
def test_typed_page_alone_has_no_marks():
    page, _ = typed_page()
    out = run_stage(page)
    assert out.regions == [] and out.review == []
    assert not out.masks["marks"].any()


@needs_model
def test_boxes_are_in_original_coordinates_and_ids_unique():
    page, _ = typed_page()
    image, truth = round_stamp(page, 760, 500, 110, (120, 40, 170))
    image, sig = signature(image, 120, 560, 260, 60)
    h, w = image.shape[:2]
    p = Page(Source("drawn.png", "0" * 64, 1, w + 40, h), image=None)
    # The working image is the original shifted 40 px left: boxes must come back shifted right.
    p.apply_transform(np.array([[1.0, 0, -40], [0, 1, 0]]), image)
    out = marks_stage.apply(p, Context(Settings(), engine=None))
    stamp = out.regions_of("stamp")[0]
    assert stamp.bbox.iou(BBox(truth.x0 + 40, truth.y0, truth.x1 + 40, truth.y1)) >= 0.5
    ids = [r.id for r in out.regions]
    assert len(ids) == len(set(ids)) == 2 and set(ids) == {"s1", "h1"}


def test_merge_chains_neighbours_only():
    boxes = [BBox(0, 0, 10, 10), BBox(14, 0, 24, 10), BBox(28, 0, 38, 10), BBox(100, 0, 110, 10)]
    groups = sorted(sorted(g) for g in merge(boxes, 5, 2))
    assert groups == [[0, 1, 2], [3]]


def test_detect_without_model_falls_back_to_colour_rule():
    page, _ = typed_page()
    image, truth = round_stamp(page, 760, 500, 110, (120, 40, 170))
    analysis = detect(image, None)
    kinds = [(d.kind, d.box.iou(truth) >= 0.5) for d in analysis.detections]
    assert kinds == [("stamp", True)]


def test_two_written_lines_touching_are_split_at_the_valley():
    from pipeline.marks.detect import split_rows

    own = np.zeros((100, 200), bool)
    for x in (10, 60, 110):
        own[5:45, x:x + 40] = True    # first written line, three words
    own[44:48, 60:62] = True          # a descender touching the next line
    for x in (20, 80, 140):
        own[48:95, x:x + 50] = True   # second written line
    parts = split_rows(BBox(100, 200, 300, 300), own, xh=30)
    assert [p.to_list() for p in parts] == [[110, 205, 250, 245], [120, 245, 290, 295]]
    # A name and the flourish under it drawn in one stroke are one signature.
    sig = np.zeros((100, 200), bool)
    sig[5:45, 10:150] = True
    sig[44:48, 60:62] = True
    sig[48:95, 20:190] = True
    assert split_rows(BBox(100, 200, 300, 300), sig, xh=30) == [BBox(100, 200, 300, 300)]
    # One tall signature with ink at every row stays whole.
    loop = np.zeros((100, 200), bool)
    loop[5:95, 40:60] = True
    assert split_rows(BBox(0, 0, 200, 100), loop, xh=30) == [BBox(0, 0, 200, 100)]


class _Word:
    def __init__(self, text, confidence, box):
        self.text, self.confidence, self.box = text, confidence, box


class _ReadingEngine:
    """Reads '1957' at the top of the sheet it is shown (where the first mark lies); records
    what it was shown."""

    def __init__(self):
        self.shown = []

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.shown.append(image)
        return [_Word("1957", 0.8, (10, 10, 60, 30))]


class _CrashingEngine:
    def recognize(self, image, psm=3, timeout=None, dpi=None):
        from pipeline.errors import PageTimeoutError
        raise PageTimeoutError("tesseract took too long")


@needs_model
def test_reading_goes_into_the_region_and_a_failed_reading_does_not_fail_the_page():
    page, _ = typed_page()
    image, _ = round_stamp(page, 760, 500, 110, (120, 40, 170))
    h, w = image.shape[:2]
    engine = _ReadingEngine()
    out = marks_stage.apply(Page(Source("d.png", "0" * 64, 1, w, h), image=image),
                            Context(Settings(), engine=engine))
    stamp = out.regions_of("stamp")[0]
    assert stamp.text == "1957" and stamp.attrs["reading_confidence"] == 0.8
    # The engine saw, once, the stamp's own ink as a black-on-white crop of the stamp's box
    # on a white sheet (a margin of 8 px round it, and room below for the next mark).
    assert len(engine.shown) == 1
    sheet = engine.shown[0]
    assert sheet.ndim == 2 and np.isin(sheet, [0, 255]).all()
    ink_rows, ink_cols = np.flatnonzero((sheet == 0).any(axis=1)), np.flatnonzero((sheet == 0).any(axis=0))
    assert abs(ink_cols[-1] - ink_cols[0] - stamp.bbox.width) <= 10
    assert abs(ink_rows[-1] - ink_rows[0] - stamp.bbox.height) <= 10
    assert abs(sheet.shape[1] - 16 - (stamp.bbox.width + 8)) <= 2
    out = marks_stage.apply(Page(Source("d.png", "0" * 64, 1, w, h), image=image),
                            Context(Settings(), engine=_CrashingEngine()))
    assert out.regions_of("stamp")[0].text == "" and "reading_confidence" not in out.regions_of("stamp")[0].attrs


def typed_name(page, text, x, y, size=30):
    """`text` typed at (x, y) like the paragraph; returns (image, bool mask of the name's ink)."""
    img = Image.fromarray(page)
    ImageDraw.Draw(img).text((x, y), text, font=ImageFont.truetype(FONT, size), fill=(30, 30, 30))
    out = np.array(img)
    return out, (cv2.cvtColor(out, cv2.COLOR_RGB2GRAY) < 120) & (cv2.cvtColor(page, cv2.COLOR_RGB2GRAY) > 200)


@needs_model
def test_typed_name_touching_a_signature_is_not_masked():
    page, _ = typed_page()
    # The signature's last strokes run into the first letters of the typed name after it.
    signed, sig = signature(page, 300, 560, 260, 60)
    image, name = typed_name(signed, "ZAKHAROV", int(sig.x1) - 40, 540)
    assert name.sum() > 600
    out = run_stage(image)
    hands = out.regions_of("handwriting")
    assert len(hands) == 1 and hands[0].bbox.iou(sig) >= 0.3
    marks = out.masks["marks"] > 0
    # Every typed glyph of the name survives: hardly any of its ink is masked...
    assert (marks & name).sum() <= 0.02 * name.sum()
    # ...while the signature's own ink away from the name is.
    body = np.zeros_like(marks)
    body[int(sig.y0):int(sig.y1), int(sig.x0):int(sig.x1) - 120] = True
    sig_ink = body & (cv2.cvtColor(signed, cv2.COLOR_RGB2GRAY) < 150)
    assert (marks & sig_ink).sum() >= 0.8 * sig_ink.sum()


def rect_stamp(page, x, y, w, h, colour, lines=("ARCHIVES", "No 4141", "20 DEC 1952")):
    """A framed rectangular stamp with straight lines of text inside: as straight as typing."""
    alpha = np.zeros(page.shape[:2], np.uint8)
    cv2.rectangle(alpha, (x, y), (x + w, y + h), 255, 4, cv2.LINE_AA)
    step = h // (len(lines) + 1)
    for k, text in enumerate(lines):
        (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.9, 2)
        cv2.putText(alpha, text, (x + (w - tw) // 2, y + step * (k + 1) + th // 2),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 2, cv2.LINE_AA)
    return multiply(page, colour, alpha), BBox(x - 2, y - 2, x + w + 3, y + h + 3), alpha > 128


@needs_model
def test_a_rectangular_stamps_own_text_is_masked_not_spared_as_typing():
    page, typed = typed_page()
    image, truth, ink = rect_stamp(page, 600, 450, 300, 160, (70, 70, 70))
    out = run_stage(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY))
    stamps = out.regions_of("stamp")
    assert len(stamps) == 1 and stamps[0].bbox.iou(truth) >= 0.5
    # Its lines of text end at its frame: they are the stamp's, not typed lines to spare.
    assert (out.masks["marks"][ink] > 0).mean() >= 0.8
    assert not typed_boxes_flagged(out, typed)


def test_stamp_plausibility_rejects_strips_slivers_and_sparse_boxes():
    from pipeline.marks.stampshape import plausible_stamp

    xh = 20.0
    assert plausible_stamp(BBox(0, 0, 200, 200), 0.15, xh)       # a round stamp
    assert plausible_stamp(BBox(0, 0, 300, 120), 0.2, xh)        # a short rectangle
    assert not plausible_stamp(BBox(0, 0, 30, 600), 0.15, xh)    # a paper edge or margin rule
    assert not plausible_stamp(BBox(0, 0, 15, 30), 0.5, xh)      # a sliver
    assert not plausible_stamp(BBox(0, 0, 400, 300), 0.02, xh)   # a box around scattered ink
    assert not plausible_stamp(BBox(0, 0, 1200, 1000), 0.2, xh)  # bigger than any stamp


def test_aligned_letters_keeps_a_typed_row_but_not_a_framed_one():
    from pipeline.marks.protect import aligned_letters

    xh = 20.0
    # stats rows: x0, y0, w, h, area; row 0 is the background. Five letters on one line...
    stats = [[0, 0, 0, 0, 0]] + [[100 + 25 * k, 200, 16, 20, 150] for k in range(5)]
    # ...and a pen stroke of wandering height and centre.
    stats += [[400, 190, 18, 34, 200], [425, 210, 18, 14, 120], [450, 170, 18, 26, 160]]
    stats = np.array(stats)
    assert aligned_letters(stats, {1, 2, 3, 6, 7, 8}, xh) == {1, 2, 3}
    # Inside a stamp whose box holds the whole row, the row is the stamp's own text...
    assert aligned_letters(stats, {1, 2, 3}, xh, inside=BBox(90, 150, 260, 260)) == set()
    # ...but a typed line running out of the stamp is typing under it.
    assert aligned_letters(stats, {1, 2, 3}, xh, inside=BBox(90, 150, 170, 260)) == {1, 2, 3}


def test_a_stamps_broken_frame_is_no_typed_letter_its_last_row_reaches():
    from pipeline.marks.protect import aligned_letters

    xh = 20.0
    # A square stamp told round (census 9743's `10 МАЙ 1951`): its last row of lettering near
    # the box's foot, and a letter-sized piece of its broken frame in the box's corner on that
    # row, past the inscribed ellipse. Both are the stamp's own ink.
    box = BBox(90, 100, 290, 250)
    stats = np.array([[0, 0, 0, 0, 0]] + [[120 + 25 * k, 212, 16, 20, 150] for k in range(5)]
                     + [[92, 214, 5, 20, 60]])
    stamp = {1, 2, 3, 4, 5, 6}
    assert aligned_letters(stats, stamp, xh, inside=box, oval=True) == set()
    # A typed line that runs on past the stamp is typing under it still.
    stats = np.vstack([stats, [[30 + 25 * k, 212, 16, 20, 150] for k in range(2)]])
    assert aligned_letters(stats, stamp, xh, inside=box, oval=True) == {1, 2, 3, 4, 5, 6}


def test_aligned_letters_anchored_needs_a_typed_letter_in_the_row():
    from pipeline.marks.protect import aligned_letters

    xh = 20.0
    # A neat written number: four letter-sized pieces as straight as typing, alone on its row.
    stats = np.array([[0, 0, 0, 0, 0]] + [[100 + 25 * k, 200, 16, 20, 150] for k in range(4)])
    assert aligned_letters(stats, {1, 2, 3, 4}, xh) == {1, 2, 3, 4}
    assert aligned_letters(stats, {1, 2, 3, 4}, xh, anchored=True) == set()
    # The same pieces continuing a typed line are typing.
    stats = np.vstack([stats, [[200 + 25 * k, 200, 16, 20, 150] for k in range(3)]])
    assert aligned_letters(stats, {1, 2, 3, 4}, xh, anchored=True) == {1, 2, 3, 4}


def _typed_line_with(stroke):
    img = np.full((120, 700), 255, np.uint8)
    font = ImageFont.truetype(FONT, 30)
    pil = Image.fromarray(img)
    ImageDraw.Draw(pil).text((40, 30), "underlined typed words", font=font, fill=0)
    img = np.array(pil)
    stroke(img)
    return 255 - img  # ink mask: ink is bright


def test_a_pen_underline_touching_typed_letters_is_cut_out_as_its_own_stroke():
    from pipeline.marks.blobs import long_strokes

    def wavy(img):
        xs = np.arange(40, 560)
        ys = (66 + 3 * np.sin(xs / 40.0) + (xs - 40) * 0.02).astype(int)
        for x, y in zip(xs, ys):
            img[y - 1:y + 2, x] = 0

    ink = (_typed_line_with(wavy) > 128).astype(np.uint8) * 255
    cut = long_strokes(ink, 22.0)
    ys, xs = np.nonzero(cut)
    assert xs.min() < 60 and xs.max() > 540          # the whole underline...
    assert ys.min() >= 60                            # ...and not the letters above it
    assert cut.sum() < 0.5 * ink.sum()


def test_a_frame_and_typed_text_are_not_cut_into_strokes():
    from pipeline.marks.blobs import long_strokes

    def frame(img):
        cv2.rectangle(img, (20, 10), (600, 110), 0, 3)

    assert not long_strokes((_typed_line_with(frame) > 128).astype(np.uint8) * 255, 22.0).any()
    assert not long_strokes((_typed_line_with(lambda img: None) > 128).astype(np.uint8) * 255, 22.0).any()


def test_ring_and_frame_cover_tell_a_frame_from_a_word():
    from pipeline.marks.features import _frame_cover, _ring_cover

    ring = np.zeros((100, 140), np.uint8)
    cv2.ellipse(ring, (70, 50), (68, 48), 0, 0, 360, 1, 3)
    box = np.zeros((100, 140), np.uint8)
    cv2.rectangle(box, (1, 1), (138, 98), 1, 3)
    word = np.zeros((40, 140), np.uint8)
    cv2.putText(word, "word", (2, 32), cv2.FONT_HERSHEY_SIMPLEX, 1.3, 1, 3)
    word = word[:, word.any(axis=0)][word.any(axis=1)]
    assert _ring_cover(ring > 0) > 0.95 and _frame_cover(box > 0) > 0.95
    assert _ring_cover(word > 0) < 0.8 and _frame_cover(word > 0) < 0.5


def test_handwriting_plausibility_keeps_a_tick_but_not_a_letter_or_a_sliver():
    from pipeline.marks.detect import plausible_handwriting

    xh = 25.0
    assert plausible_handwriting(BBox(0, 0, 43, 43), xh)        # a tick in the margin
    assert plausible_handwriting(BBox(0, 0, 300, 60), xh)       # a written number
    assert not plausible_handwriting(BBox(0, 0, 30, 35), xh)    # a letter
    assert not plausible_handwriting(BBox(0, 0, 20, 200), xh)   # a stroke down the margin
