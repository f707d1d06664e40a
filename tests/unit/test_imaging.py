import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.imaging import binarize, blocks, geometry, lines, orientation, skew

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
TEXT = ["Шифрованная телеграмма No 8600", "Куда ПЕКИН Кому СОВПОСОЛ",
        "В беседе с корейскими товарищами", "Филиппов и его друзья высказали",
        "мнение, что в силу изменившейся", "международной обстановки они"]


def page(rows=TEXT, size=(900, 700), at=(60, 60), px=26, pitch=40) -> np.ndarray:
    """A small gray page of typed lines: dark ink on light paper."""
    img = Image.new("L", size, 235)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, px)
    for i, row in enumerate(rows):
        draw.text((at[0], at[1] + i * pitch), row, font=font, fill=25)
    return np.array(img)


def rotated(gray: np.ndarray, ccw_deg: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), ccw_deg, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=235)


@pytest.mark.parametrize("angle", [-8.3, -2.0, -0.4, 0.0, 0.7, 3.25, 9.6])
def test_skew_is_measured_with_sign(angle):
    ink = binarize.ink_mask(rotated(page(), angle))
    assert skew.estimate_skew(ink) == pytest.approx(angle, abs=0.1)


def test_skew_of_blank_page_is_none():
    assert skew.estimate_skew(np.zeros((300, 300), np.uint8)) is None


def test_axis_tells_lines_across_from_lines_down():
    ink = binarize.ink_mask(rotated(page(), 4.0))
    assert orientation.estimate_axis(ink)[0] == 0
    axis, ratio = orientation.estimate_axis(np.ascontiguousarray(ink.T))
    assert axis == 90 and ratio > 1.5


def test_probe_band_sits_on_the_ink():
    ink = np.zeros((400, 100), np.uint8)
    ink[250:280, 10:90] = 255
    y0, y1 = orientation.probe_band(ink, 40)
    assert y0 <= 250 and y1 >= 280


def test_flattening_removes_a_lighting_gradient():
    gray = page().astype(np.float32)
    ramp = np.linspace(1.0, 0.55, gray.shape[1])[None, :]
    dim = (gray * ramp).astype(np.uint8)
    flat = binarize.flatten_illumination(dim)
    paper = flat[600:690, :]  # below the text: paper only
    assert paper[:, :100].mean() - paper[:, -100:].mean() < 8
    assert dim[600:690, :100].mean() - dim[600:690, -100:].mean() > 60


def test_ink_mask_ignores_paper_noise():
    rng = np.random.default_rng(1)
    gray = page().astype(np.float32) + rng.normal(0, 20, (700, 900))
    ink = binarize.ink_mask(np.clip(gray, 0, 255).astype(np.uint8))
    assert (ink[400:690] > 0).mean() < 0.002  # paper stays paper
    assert (ink[60:300, 60:700] > 0).mean() > 0.05  # the text is found


def test_sauvola_finds_text_on_dark_side():
    clean = page()
    truth = clean < 130
    gray = clean.astype(np.float32) * np.linspace(1.0, 0.5, 900)[None, :]
    ink = binarize.sauvola_ink(gray.astype(np.uint8)) > 0
    right = np.s_[:, 300:]
    assert (ink[right] & truth[right]).sum() > 0.8 * truth[right].sum()
    assert (ink[400:690] > 0).mean() < 0.01


def test_quarter_turns_move_boxes_with_the_pixels():
    img = np.zeros((50, 80), np.uint8)
    img[10:20, 30:45] = 255  # box x 30..45, y 10..20
    for cw in (0, 90, 180, 270):
        out, fwd = geometry.quarter_turn(img, cw)
        corners = np.array([[30, 10, 1], [45, 20, 1]], float) @ fwd.T
        x0, x1 = sorted(corners[:, 0])
        y0, y1 = sorted(corners[:, 1])
        ys, xs = np.nonzero(out)
        assert (x0, y0, x1, y1) == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def test_small_rotation_matrix_follows_a_dot():
    img = np.zeros((200, 300), np.uint8)
    img[40:44, 250:254] = 255  # centre (252, 42) in edge coordinates
    out, fwd = geometry.rotate_small(img, 6.0, 0)
    assert out.shape[1] > 300 and out.shape[0] > 200  # canvas grew, nothing cut
    ys, xs = np.nonzero(out > 100)
    got = np.array([xs.mean() + 0.5, ys.mean() + 0.5])
    want = fwd @ np.array([252.0, 42.0, 1.0])
    assert got == pytest.approx(want, abs=0.6)


def test_blocks_read_a_two_column_header_column_by_column():
    img = Image.new("L", (1000, 600), 235)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    left = ["МИД СССР", "Исход. No 8600", "Форма No 17"]
    right = ["СОВ. СЕКРЕТНО", "Снятие копий воспрещается"]
    for i, t in enumerate(left):
        draw.text((40, 40 + 34 * i), t, font=font, fill=20)
    for i, t in enumerate(right):
        draw.text((560, 40 + 34 * i), t, font=font, fill=20)
    body = ["В беседе с корейскими товарищами Филиппов", "и его друзья высказали мнение, что"]
    for i, t in enumerate(body):
        draw.text((40, 260 + 34 * i), t, font=font, fill=20)
    found, char_h = blocks.find_blocks(binarize.ink_mask(np.array(img)))
    assert char_h > 5
    assert len(found) == 3
    left_box, right_box, body_box = found
    assert left_box.x1 < 560 <= right_box.x0
    assert left_box.y1 < 200 and right_box.y1 < 200
    assert body_box.y0 >= 250


def test_rules_are_not_text():
    ink = np.zeros((300, 800), np.uint8)
    ink[150:153, 20:780] = 255
    assert blocks.find_blocks(ink) == ([], 0.0)


def test_reading_order_is_xy_cut():
    b = blocks.Box
    top_left, top_right = b(0, 0, 100, 50), b(200, 5, 300, 40)
    below = b(0, 80, 300, 120)
    assert blocks.reading_order([below, top_right, top_left]) == [top_left, top_right, below]


def test_words_group_into_lines_left_to_right():
    boxes = [(120, 52, 200, 80), (10, 10, 60, 32), (70, 12, 110, 38),  # line 2, line 1 x2
             (10, 50, 100, 74), (210, 58, 220, 76)]
    assert lines.group_lines(boxes) == [[1, 2], [3, 0, 4]]


def test_letter_spaced_words_get_their_spaces_back():
    pitch = lines.char_pitch([("товарищами", 200.0), ("Филиппов", 160.0), ("и", 20.0)])
    assert pitch == pytest.approx(20.0)
    assert lines.letter_spaced('Филиппов".', 400, pitch) == 'Ф и л и п п о в".'
    assert lines.letter_spaced("ОСОБАЯ", 235, pitch) == "О С О Б А Я"
    assert lines.letter_spaced("ОСОБАЯ", 125, pitch) == "ОСОБАЯ"  # normally set
    assert lines.letter_spaced("1950", 400, pitch) == "1950"  # numbers are not words
    assert lines.letter_spaced("ОСОБАЯ", 400, None) == "ОСОБАЯ"


def test_letter_spacing_needs_a_pitch_between_the_letters_ink():
    pitch = 20.0
    # Letter-spaced: a blank of a whole pitch between letters. Wider face: small blanks only.
    assert lines.letter_spaced("ОСОБАЯ", 235, pitch, gaps=[24, 22, 25, 23, 24]) == "О С О Б А Я"
    assert lines.letter_spaced("Спец.", 170, pitch, gaps=[4, 3, 5]) == "Спец."
    assert lines.letter_spaced("Спец.", 170, pitch) == "С п е ц."  # width alone is fooled


def test_ink_gaps_are_the_blank_columns_inside_a_word():
    ink = np.zeros((10, 60), np.uint8)
    ink[2:8, 5:10] = 255
    ink[2:8, 14:20] = 255
    ink[2:8, 40:45] = 255
    assert lines.ink_gaps(ink) == [4, 20]
    assert lines.ink_gaps(np.zeros((5, 5), np.uint8)) == []


def test_letter_boxes_are_glyphs_with_their_marks_left_to_right():
    img = Image.new("L", (200, 60), 0)
    ImageDraw.Draw(img).text((5, 5), "Кой", font=ImageFont.truetype(FONT, 40), fill=255)
    boxes = lines.letter_boxes(np.array(img))
    assert len(boxes) == 3  # the breve of й is part of its glyph
    assert [b[0] for b in boxes] == sorted(b[0] for b in boxes)
    assert boxes[2][1] < boxes[1][1]  # й with its breve rises above о
    assert lines.letter_boxes(np.zeros((10, 10), np.uint8)) == []
    ruled = np.array(img)
    foot = boxes[0][3]
    ruled[foot - 3:foot, :] = 255  # typed on a form's rule that touches every glyph
    n, _ = cv2.connectedComponents(ruled)
    assert n - 1 < 3  # the rule joins the glyphs into one blob (and the breve)
    assert len(lines.letter_boxes(ruled)) == 3


@pytest.mark.parametrize("face", ["DejaVuSansMono.ttf", "DejaVuSerif.ttf"])
def test_only_a_zero_is_a_closed_oval(face):
    font = ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{face}", 40)
    found = {}
    for digit in "0123456789":
        img = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(img).text((10, 5), digit, font=font, fill=255)
        ink = np.array(img)
        ys, xs = np.nonzero(ink)
        found[digit] = lines.closed_oval(ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1])
    assert [d for d, oval in found.items() if oval] == ["0"]


def test_a_worn_zero_open_at_its_side_is_not_called_an_oval():
    ring = np.zeros((40, 30), np.uint8)
    cv2.ellipse(ring, (15, 20), (12, 18), 0, 0, 360, 255, 3)
    assert lines.closed_oval(ring)
    ring[18:24, 0:6] = 0  # the stroke broken: no enclosed paper left
    assert not lines.closed_oval(ring)


def _stamped_page(stamp_rgb=(95, 40, 150), typing_rgb=(30, 30, 30)) -> tuple[np.ndarray, np.ndarray]:
    """RGB page: typed lines on yellowish paper, a coloured ring stamp laid over them as inks
    layer (multiplied transmittances); and where the typing is (bool)."""
    paper = np.array([238, 228, 196], np.float32)
    typed = page(size=(900, 700)) < 128
    ring = np.zeros((700, 900), np.uint8)
    cv2.circle(ring, (560, 190), 150, 255, 9)
    cv2.circle(ring, (560, 190), 110, 255, 5)
    cv2.putText(ring, "STAMP 1953", (470, 200), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 3)
    stamp = cv2.GaussianBlur(ring, (3, 3), 0).astype(np.float32)[..., None] / 255.0
    t_stamp = 1.0 - stamp * (1.0 - np.array(stamp_rgb, np.float32) / paper)
    t_typed = np.where(typed[..., None], np.array(typing_rgb, np.float32) / paper, 1.0)
    rgb = np.clip(paper * t_stamp * t_typed, 0, 255).astype(np.uint8)
    return rgb, typed


def test_stamp_ink_is_unmixed_from_the_typing_under_it():
    from pipeline.marks.removal import unmix_stamps

    rgb, typed = _stamped_page()
    gray = binarize.flatten_illumination(binarize.to_gray(rgb))
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    out, changed = unmix_stamps(rgb, gray, ink)
    ring_only = np.zeros(typed.shape, bool)
    cv2.circle(ring_only.view(np.uint8), (560, 190), 150, 1, 5)
    ring_only &= ~cv2.dilate(typed.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert changed[ring_only].mean() > 0.9
    assert gray[ring_only].mean() < 200 and out[ring_only].mean() > 235  # the stamp is gone
    under = typed & (cv2.dilate(ring_only.view(np.uint8), np.ones((9, 9), np.uint8)) > 0)
    assert under.sum() > 50 and np.median(out[under]) < 110  # typing under it stays dark
    far = typed.copy()
    far[:, 380:] = False  # typing away from the stamp is untouched
    assert (out[far] == gray[far]).all()


def test_stamp_of_the_typing_colour_or_a_gray_page_is_left_alone():
    from pipeline.marks.removal import unmix_stamps

    rgb, _ = _stamped_page(stamp_rgb=(70, 30, 110), typing_rgb=(70, 30, 110))
    gray = binarize.flatten_illumination(binarize.to_gray(rgb))
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    assert not unmix_stamps(rgb, gray, ink)[1].any()
    flat = binarize.to_gray(rgb)
    assert not unmix_stamps(flat, flat, binarize.ink_mask(flat))[1].any()


def _form_line(face_px: int, blank_px: int, pitch: int = 28) -> tuple[np.ndarray, int]:
    """(ink (255) of a line `5. Тов. ` in a serif face of `face_px` followed by a continuous
    blank `blank_px` long just under the baseline, the blank's top row); `pitch` is the
    typewriter's."""
    img = Image.new("L", (600, 90), 0)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", face_px)
    draw.text((10, 20), "5. Тов.", font=font, fill=255)
    right = int(draw.textbbox((10, 20), "5. Тов.", font=font)[2]) + pitch // 2
    base = int(draw.textbbox((10, 20), "Т", font=font)[3])
    ink = np.array(img)
    ink[base + 2:base + 4, right:right + blank_px] = 255
    return ink, base + 2


def test_printed_blank_counts_in_its_face_letters_typed_one_in_pitches():
    from pipeline.imaging.underscores import letter_advance, underscore_runs

    ink, foot = _form_line(30, 0)
    advance = letter_advance(ink[:foot], char_h=24)  # the text standing on the blank's line
    assert advance is not None and 14 <= advance <= 22  # letters of a 30 px serif face
    printed, _ = _form_line(30, round(5 * advance))  # five of the face's underscores
    assert [n for _, n in underscore_runs(printed, 24, 28, [], max_len=400)] == [5]
    typed, _ = _form_line(30, 5 * 28)  # five typewriter underscores run together
    assert [n for _, n in underscore_runs(typed, 24, 28, [], max_len=400)] == [5]


def test_underscore_runs_beside_words_not_under_them():
    from pipeline.imaging.underscores import underscore_runs

    ink = np.zeros((60, 400), np.uint8)
    for k in range(5):  # "_____": five strokes with small gaps, one pitch (20 px) each
        ink[40:42, 200 + 20 * k:217 + 20 * k] = 255
    ink[40:42, 20:120] = 255  # an underline under the word at x 20..120
    words = [(20, 10, 120, 38), (130, 10, 180, 38)]
    runs = underscore_runs(ink, char_h=28, pitch=20, words=words, max_len=300)
    assert runs == [((200, 40, 297, 42), 5)]
    # a long ruled line is not typed underscores
    ink[50:52, 0:400] = 255
    assert all(box[1] != 50 for box, _ in underscore_runs(ink, 28, 20, words, max_len=300))


def test_flattening_by_table_is_the_float_division():
    rng = np.random.default_rng(3)
    gray = np.clip(rng.normal(180, 50, (211, 157)), 0, 255).astype(np.uint8)
    gray[:, :20] = 0  # a black border: its background level is 0, divided as 1
    out = binarize.flatten_illumination(gray)
    h, w = gray.shape
    small = cv2.resize(gray, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    k = 13  # the default stroke_px of 12: (2 * 12) // 4 * 2 + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    bg = cv2.blur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), (k, k))
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    expected = np.clip(gray.astype(np.float32) * 255.0 / np.maximum(bg, 1.0), 0, 255).astype(np.uint8)
    assert out.dtype == np.uint8 and (out == expected).all()


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (37, 41), (400, 300)])
def test_median_level_is_numpys_median(shape):
    rng = np.random.default_rng(shape[0])
    for lo in (0, 120, 250):
        pixels = rng.integers(lo, 256, shape).astype(np.uint8)
        assert binarize.median_level(pixels) == float(np.median(pixels))


def test_ink_threshold_keeps_the_sorted_medians():
    rng = np.random.default_rng(5)
    gray = np.clip(rng.normal(225, 6, (300, 260)), 0, 255).astype(np.uint8)
    gray[100:110, 20:240] = 30
    paper = float(np.median(gray))
    sigma = 1.4826 * float(np.median(np.abs(gray.astype(np.float32) - paper)))
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    assert binarize.ink_threshold(gray) == min(float(otsu), paper - 4.0 * max(sigma, 2.0))


@pytest.mark.parametrize("level", [-1.0, 0.0, 99.5, 100.0, 254.9, 255.0, 400.0])
def test_at_or_below_is_the_comparison(level):
    gray = np.arange(256, dtype=np.uint8).reshape(16, 16)
    expected = np.where(gray <= level, 255, 0).astype(np.uint8)
    assert (binarize.at_or_below(gray, level) == expected).all()


def test_stamp_boxes_from_the_callers_tints_are_the_same():
    from pipeline.marks.removal import page_tints, stamp_boxes

    rgb, _ = _stamped_page()
    ink = binarize.ink_mask(binarize.to_gray(rgb))
    boxes = stamp_boxes(rgb, ink)
    assert boxes and stamp_boxes(rgb, ink, page_tints(rgb, ink)) == boxes


def test_optical_density_by_table_is_the_logarithm():
    from pipeline.marks.removal import _density

    rgb = np.random.default_rng(9).integers(0, 256, (90, 70, 3)).astype(np.uint8)
    flat = np.stack([binarize.flatten_illumination(np.ascontiguousarray(rgb[:, :, c]))
                     for c in range(3)], axis=2).astype(np.float32)
    expected = -np.log(np.maximum(flat, 1.0) / 255.0)
    assert _density(rgb).dtype == np.float32 and (_density(rgb) == expected).all()


@pytest.mark.parametrize("shape", [(0, 12), (12, 0), (0, 0)])
def test_letter_boxes_of_an_empty_crop_is_no_glyph(shape):
    # A word box that OCR placed at the edge of the ink can crop to nothing; OpenCV's labelling
    # crashes the whole worker process on an empty image (seen on 4 of 500 soak pages).
    assert lines.letter_boxes(np.zeros(shape, np.uint8)) == []
