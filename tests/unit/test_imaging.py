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
