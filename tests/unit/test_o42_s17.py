"""Session 17, O42: ink left of a mark in a header's gutter does not join the header's columns."""

import numpy as np

from pipeline.imaging import blocks

GLYPH_W, GLYPH_H, PITCH, LEADING = 14, 25, 20, 50


def typed_line(ink: np.ndarray, x0: int, y0: int, letters: int) -> None:
    """Glyph-sized blots at a typewriter's pitch, as a typed line's ink."""
    for k in range(letters):
        x = x0 + k * PITCH
        ink[y0:y0 + GLYPH_H, x:x + GLYPH_W] = 255


def two_column_header() -> np.ndarray:
    """A form's header: a six-line left column and a three-line right column 306 px apart."""
    ink = np.zeros((700, 1700), np.uint8)
    for row, letters in enumerate((10, 12, 10, 12, 34, 37)):
        typed_line(ink, 100, 200 + row * LEADING, letters)  # the widest line ends at x 834
    for row, letters in enumerate((16, 23, 12)):
        typed_line(ink, 1140, 200 + row * LEADING, letters)
    return ink


def test_a_note_bridging_the_gutter_leaves_both_columns_in_order():
    plain = blocks.find_blocks(two_column_header())[0]
    assert len(plain) == 2 and plain[0].x1 < plain[1].x0
    ink = two_column_header()
    # A pencil note across the gutter, its last letter on the right column's first word and its
    # first stroke a speck above the left column's long lines (as census page 6830's).
    ink[165:225, 1060:1150] = 255
    ink[150:190, 900:1040] = 255
    ink[165:180, 830:845] = 255
    found = blocks.find_blocks(ink)[0]

    def block_of(x: int, y: int) -> int:
        return next(k for k, b in enumerate(found) if b.x0 <= x < b.x1 and b.y0 <= y < b.y1)

    left_top, left_bottom = block_of(105, 205), block_of(105, 455)
    right_top, right_bottom = block_of(1145, 205), block_of(1145, 305)
    assert left_top == left_bottom and right_top == right_bottom
    assert left_bottom < right_bottom  # the left column is read whole, then the right one
    assert found[left_bottom].x1 < found[right_bottom].x0


def test_tabbed_fields_of_a_typed_row_stay_one_block():
    ink = np.zeros((400, 1700), np.uint8)
    for row in range(4):  # `Куда ... Кому ...`: fields one row's join apart
        typed_line(ink, 100, 100 + row * LEADING, 12)
        typed_line(ink, 100 + 12 * PITCH + 60, 100 + row * LEADING, 12)
    assert len(blocks.find_blocks(ink)[0]) == 1


def test_blocks_overlapping_a_little_side_by_side_are_read_left_then_right():
    top_right = blocks.Box(1000, 100, 1800, 300)
    left = blocks.Box(100, 130, 1030, 500)
    assert blocks.reading_order([top_right, left]) == [left, top_right]


def test_a_heading_over_both_columns_is_read_before_them():
    ink = two_column_header()
    typed_line(ink, 100, 160, 70)  # one typed row from the left column's edge to the right's end
    heading, left, right = blocks.find_blocks(ink)[0]
    assert heading.y1 <= min(left.y0, right.y0) and left.x1 < right.x0
