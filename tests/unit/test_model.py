import numpy as np
import pytest

from pipeline.formats.json import page_from_dict, page_to_dict
from pipeline.model import BBox, Line, Page, Region, Source, Word


def test_bbox_rejects_inverted_box():
    with pytest.raises(ValueError):
        BBox(10, 0, 5, 4)


def test_bbox_iou():
    assert BBox(0, 0, 10, 10).iou(BBox(5, 0, 15, 10)) == pytest.approx(50 / 150)
    assert BBox(0, 0, 1, 1).iou(BBox(2, 2, 3, 3)) == 0.0


def test_confidence_checked():
    with pytest.raises(ValueError):
        Word("x", BBox(0, 0, 1, 1), 1.5)


def test_map_bbox_through_rotation_returns_original_coordinates():
    page = Page(Source("a.png", "0" * 64, 1, 200, 100))
    # the working image is the original rotated 90 degrees clockwise: (x, y) -> (H-1-y, x)
    fwd = np.array([[0, -1, 99], [1, 0, 0]], dtype=float)
    page.apply_transform(fwd, np.zeros((200, 100), np.uint8))
    # original point (10, 20) sits at working (79, 10)
    assert page.map_points(np.array([[79, 10]])) == pytest.approx(np.array([[10, 20]]))


def test_working_bbox_is_the_inverse_of_map_bbox_through_rotation():
    page = Page(Source("a.png", "0" * 64, 1, 200, 100))
    fwd = np.array([[0, -1, 99], [1, 0, 0]], dtype=float)
    page.apply_transform(fwd, np.zeros((200, 100), np.uint8))
    work = BBox(70, 5, 90, 40)
    back = page.working_bbox(page.map_bbox(work))
    assert (back.x0, back.y0, back.x1, back.y1) == pytest.approx((70, 5, 90, 40))


def test_page_json_round_trip():
    line = Line(BBox(1, 2, 30, 12), "Тов. Мао", 0.9, [Word("Тов.", BBox(1, 2, 12, 12), 0.95)])
    page = Page(Source("a.png", "0" * 64, 1, 200, 100, 300.0),
                regions=[Region("r1", "text", BBox(1, 2, 30, 12), 0.9, "Тов. Мао", [line])],
                text="Тов. Мао")
    data = page_to_dict(page)
    assert page_to_dict(page_from_dict(data)) == data
