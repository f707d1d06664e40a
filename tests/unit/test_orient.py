import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import OcrWord
from pipeline.imaging.binarize import ink_mask
from pipeline.imaging.geometry import rotate_small, rotated_rows
from pipeline.imaging.orientation import axis_and_skew, few_lines_axis, flush_sides, paper_margins
from pipeline.model import BBox, Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import orient

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def lines_page(w=700, h=500) -> np.ndarray:
    img = Image.new("L", (w, h), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i in range(7):
        draw.text((30, 30 + 34 * i), "Тов. Молотову и Вышинскому", font=font, fill=20)
    return np.array(img)


class ScriptedEngine:
    """Reads every probe with the next confidence of a script; logs the bands it was given."""

    def __init__(self, confidences):
        self.confidences = list(confidences)
        self.bands = []

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.bands.append(image)
        conf = self.confidences.pop(0)
        return [OcrWord("Молотову", (0, 0, 10, 10), conf, 1, 1, 1) for _ in range(8)]


def run(image, confidences):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    engine = ScriptedEngine(confidences)
    ctx = Context(Settings(), engine=engine)
    orient.apply(page, ctx)
    return page, engine, ctx


def test_confident_upright_reading_needs_one_probe():
    page, engine, ctx = run(lines_page(), [0.95])
    assert page.preprocess["rotation"] == 0 and len(engine.bands) == 1
    assert ctx.params["axis"] == 0
    assert page.masks["ink"].shape == page.image.shape[:2]


def test_page_reading_better_upside_down_is_turned_and_boxes_follow():
    image = lines_page()
    page, engine, _ = run(image, [0.3, 0.9])
    assert page.preprocess["rotation"] == 180 and len(engine.bands) == 2
    assert np.array_equal(engine.bands[1], engine.bands[0][::-1, ::-1])
    assert np.array_equal(page.image, image[::-1, ::-1])
    # working (0, 0, 10, 10) is the original bottom-right corner
    assert page.map_bbox(BBox(0, 0, 10, 10)).to_list() == [690, 490, 700, 500]


@pytest.mark.parametrize("confs", [[0.3, 0.4], [0.2, 0.3]])
def test_unclear_readings_leave_the_page_as_it_is(confs):
    # unclear both ways: a second band is read both ways too, as unclearly
    page, engine, ctx = run(lines_page(), confs * 2)
    assert page.preprocess["rotation"] == 0
    assert "probe2" in ctx.params and engine.confidences == []


def test_lines_running_down_are_turned_a_quarter():
    image = np.ascontiguousarray(np.rot90(lines_page()))  # scan turned counter-clockwise
    # The same line seven times: its letters line up in columns, so the axis is a weak one
    # (under AXIS_SURE) and the scan as it is is read too, last.
    page, engine, _ = run(image, [0.95, 0.3])
    assert page.preprocess["rotation"] == 90 and len(engine.bands) == 2
    assert page.image.shape == (500, 700)
    page, _, _ = run(image, [0.2, 0.7, 0.3])
    assert page.preprocess["rotation"] == 270


def test_blank_page_is_not_probed():
    page, engine, ctx = run(np.full((300, 400), 245, np.uint8), [])
    assert page.preprocess["rotation"] == 0 and engine.bands == []


def test_the_upright_reading_records_its_letters_per_script():
    page, _, _ = run(lines_page(), [0.95])
    assert page.preprocess["probe_letters"] == {"Cyrillic": 64, "Latin": 0}  # 8 x "Молотову"


def test_page_upside_down_is_read_that_way_first_and_needs_one_probe():
    # Lines start flush left and end ragged: turned over, the flush edge is on the right.
    page, engine, ctx = run(lines_page()[::-1, ::-1].copy(), [0.95])
    assert page.preprocess["rotation"] == 180 and len(engine.bands) == 1
    assert ctx.params["read_first"] == 180
    assert ctx.params["flush"]["right"] > ctx.params["flush"]["left"]


def test_probe_of_a_skewed_page_reads_level_lines():
    image = rotate_small(lines_page(), 3.0, 240)[0]  # lines rise to the right by 3 degrees
    page, engine, ctx = run(image, [0.95])
    assert ctx.params["coarse_skew"] == pytest.approx(3.0, abs=0.5)
    _, xs_line = np.nonzero(lines_page() < 128)
    ys, xs = np.nonzero(engine.bands[0] < 128)
    # The band holds its lines from end to end (a skewed band would cut them) ...
    assert xs.max() - xs.min() >= 0.9 * (xs_line.max() - xs_line.min())
    # ... with no slope left: the ink's mean row is the same on the left and right halves
    # (unlevelled, 3 degrees over half a line is about 9 rows).
    mid = (xs.max() + xs.min()) / 2
    assert abs(ys[xs < mid].mean() - ys[xs >= mid].mean()) < 3


def test_rotated_rows_are_those_of_the_whole_rotation():
    image = lines_page()
    whole, _ = rotate_small(image, -4.5, 240)
    rows = rotated_rows(image, -4.5, 240, 70, 130)
    assert rows.shape == whole[70:130].shape
    # the same interpolation, up to OpenCV's fixed-point rounding of the shifted origin
    assert np.abs(rows.astype(int) - whole[70:130]).max() <= 1


@pytest.mark.parametrize("turn", [0, 1, 2, 3])  # np.rot90 turns counter-clockwise
def test_axis_and_coarse_skew_of_a_turned_page(turn):
    upright = ink_mask(rotate_small(lines_page(), 3.0, 240)[0])
    axis, ratio, skew = axis_and_skew(np.ascontiguousarray(np.rot90(upright, turn)))
    assert axis == (0 if turn % 2 == 0 else 90) and ratio > 1.2
    # Turned clockwise by the axis, the lines are upright or upside down: same slope either way.
    assert skew == pytest.approx(3.0, abs=0.5)


def test_flush_sides_tell_the_margin_from_the_ragged_end():
    ink = ink_mask(lines_page())
    ink[:, :] = 0
    for i, length in enumerate([600, 420, 510, 300, 640, 380]):
        ink[40 + 30 * i:52 + 30 * i, 40:40 + length] = 255
    left, right = flush_sides(ink)
    assert left == 1.0 and right < 0.5
    assert flush_sides(ink[:, ::-1]) == (right, left)
    assert flush_sides(np.zeros((50, 50), np.uint8)) == (0.0, 0.0)


def ragged_page(w=700, h=500) -> np.ndarray:
    """Typed lines from a common left margin, ending where their words end."""
    img = Image.new("L", (w, h), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    rows = ["Тов. Молотову и Вышинскому", "Шифрованная телеграмма", "В беседе с товарищами",
            "Филиппов и его друзья высказали", "мнение", "международной обстановки", "они"]
    for i, row in enumerate(rows):
        draw.text((30, 30 + 34 * i), row, font=font, fill=20)
    return np.array(img)


@pytest.mark.parametrize("flip", [False, True])
def test_clear_margins_and_a_fair_reading_need_one_probe(flip):
    image = ragged_page()[::-1, ::-1].copy() if flip else ragged_page()
    page, engine, ctx = run(image, [0.65])
    assert page.preprocess["rotation"] == (180 if flip else 0) and len(engine.bands) == 1


def test_a_fair_reading_without_clear_margins_is_checked_the_other_way():
    img = Image.new("L", (700, 500), 240)
    draw = ImageDraw.Draw(img)
    for i in range(7):  # justified: every line starts and ends at the same edges
        draw.text((30, 30 + 34 * i), "НННН ННН НННННН НН НННН", font=ImageFont.truetype(FONT, 22), fill=20)
    page, engine, ctx = run(np.array(img), [0.65, 0.3])
    assert abs(ctx.params["flush"]["left"] - ctx.params["flush"]["right"]) < orient.SURE_MARGIN
    assert page.preprocess["rotation"] == 0 and len(engine.bands) == 2


def line_crop(text="Тов. Молотову и Вышинскому", size=26, font=FONT) -> np.ndarray:
    """One typed line cropped tight, as line-level OCR sets store them."""
    font = ImageFont.truetype(font, size)
    x0, y0, x1, y1 = font.getbbox(text)
    img = Image.new("L", (x1 - x0 + 12, y1 - y0 + 10), 235)
    ImageDraw.Draw(img).text((6 - x0, 5 - y0), text, font=font, fill=25)
    return np.array(img)


def test_a_line_crop_is_read_along_its_length_on_a_paper_margin():
    crop = line_crop()
    h, w = crop.shape
    page, engine, ctx = run(crop, [0.95])
    assert page.preprocess["rotation"] == 0 and ctx.params["axis"] == 0
    assert ctx.params["few_lines"] is True
    # The crop sits on paper of its own colour, several times its height, and boxes map back.
    top, bottom, left, right = ctx.params["paper_margins"]
    tall = top + h + bottom
    assert (left, right) == (0, 0) and tall >= 5 * h
    assert page.image.shape == (tall, w) and page.image[0, 0] == 235
    assert page.map_bbox(BBox(0, top, w, top + h)).to_list() == [0, 0, w, h]
    # The probe reads the whole line, not a slice of it.
    band_ink = np.nonzero(engine.bands[0] < 128)[0]
    assert band_ink.max() - band_ink.min() >= np.ptp(np.nonzero(crop < 128)[0])


@pytest.mark.parametrize("turn, first_conf, rotation", [(1, 0.95, 90), (3, 0.95, 90), (3, 0.1, 270)])
def test_a_line_crop_running_down_is_turned_a_quarter(turn, first_conf, rotation):
    page, _, ctx = run(np.ascontiguousarray(np.rot90(line_crop(), turn)), [first_conf, 0.9])
    assert ctx.params["axis"] == 90 and page.preprocess["rotation"] == rotation
    assert page.image.shape[1] > page.image.shape[0] / 2  # the line now runs across


def test_the_axis_of_a_line_or_two_is_its_long_side_and_pages_are_left_to_the_profile():
    line = ink_mask(np.pad(line_crop(), 200, constant_values=235))
    assert few_lines_axis(line) == 0
    assert few_lines_axis(np.ascontiguousarray(line.T)) == 90
    two = ink_mask(np.pad(np.vstack([line_crop(), line_crop()]), 200, constant_values=235))
    assert few_lines_axis(two) == 0
    # Three lines of print (not one line repeated in a monospaced face, whose columns align)
    # have a row profile of their own.
    sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    crops = [line_crop(t, font=sans) for t in ("Посол СССР в Китае Рощин", "передал записку министру",
                                               "иностранных дел Чжоу Эньлаю")]
    width = max(c.shape[1] for c in crops)
    three = ink_mask(np.pad(np.vstack([np.pad(c, ((0, 0), (0, width - c.shape[1])),
                                              constant_values=235) for c in crops]),
                            200, constant_values=235))
    assert few_lines_axis(three) is None and axis_and_skew(three)[0] == 0
    assert axis_and_skew(np.ascontiguousarray(three.T))[0] == 90
    assert few_lines_axis(ink_mask(lines_page())) is None  # seven lines: a page
    assert few_lines_axis(np.zeros((50, 50), np.uint8)) is None


def test_paper_margins_grow_only_the_short_sides_of_a_crop():
    assert paper_margins(52, 776, 30, 10, 15) == (199, 199, 0, 0)  # a line: to 15 glyphs
    assert paper_margins(30, 200, 25, 10, 15) == (172, 173, 87, 88)  # a word
    assert paper_margins(220, 760, 20, 10, 15) == (0, 0, 0, 0)  # a few lines with a margin
    assert paper_margins(3508, 2480, 25, 10, 15) == (0, 0, 0, 0)  # a page
    assert paper_margins(52, 776, 0, 10, 15) == (0, 0, 0, 0)  # nothing to measure


def test_a_small_page_with_margins_is_left_as_it_is():
    page, _, ctx = run(lines_page(700, 300)[:260], [0.95])
    assert ctx.params["paper_margins"] == [0, 0, 0, 0] and page.image.shape == (260, 700)


def on_grained_board(sheet: np.ndarray, border: int = 80, seed: int = 5) -> np.ndarray:
    """`sheet` laid on a darker board whose grain binarises into glyph-sized specks."""
    rng = np.random.default_rng(seed)
    h, w = sheet.shape
    board = rng.normal(150, 12, (h + 2 * border, w + 2 * border)).clip(0, 255).astype(np.uint8)
    for _ in range(6000):
        y, x = rng.integers(0, board.shape[0] - 10), rng.integers(0, board.shape[1] - 10)
        board[y:y + rng.integers(5, 10), x:x + rng.integers(2, 5)] = 60
    board[border:border + h, border:border + w] = sheet
    return board


@pytest.mark.parametrize("surround_removed", [True, False])
def test_the_probe_reads_the_sheet_not_the_grain_of_the_board_around_it(surround_removed, monkeypatch):
    if not surround_removed:  # what the probe would read if the board's grain were ink
        monkeypatch.setattr(orient, "scan_surround", lambda gray: np.zeros(gray.shape, bool))
    _, engine, ctx = run(on_grained_board(lines_page()), [0.95])
    if surround_removed:
        assert ctx.params["surround_share"] > 0.3
    band = engine.bands[0]
    # The sheet's text rows are dark on light paper; the board's rows are mid-gray throughout.
    paper_share = (band > 200).mean()
    assert (paper_share > 0.5) == surround_removed


@pytest.mark.parametrize("confs, rotation", [
    ([0.3, 0.35, 0.3, 0.35, 0.9], 0),  # neither quarter turn reads well on two bands, the
                                       # scan as it is does
    ([0.95, 0.3], 90),      # a quarter turn reads clearly better than the scan as it is
])
def test_a_weak_axis_down_the_page_must_read_better_than_the_scan_as_it_is(
        monkeypatch, confs, rotation):
    monkeypatch.setattr(orient, "axis_and_skew", lambda ink: (90, orient.AXIS_SURE - 0.2, 0.0))
    page, engine, ctx = run(lines_page(), confs)
    assert page.preprocess["rotation"] == rotation
    assert "0" in ctx.params["probe"] and engine.confidences == []
    assert page.masks["ink"].shape == page.image.shape[:2]


def test_a_clear_axis_down_the_page_is_turned_without_reading_it_as_it_is(monkeypatch):
    monkeypatch.setattr(orient, "axis_and_skew", lambda ink: (90, orient.AXIS_SURE + 0.5, 0.0))
    page, _, ctx = run(lines_page(), [0.3, 0.35, 0.3, 0.35])
    assert page.preprocess["rotation"] == 270 and "0" not in ctx.params["probe"]
