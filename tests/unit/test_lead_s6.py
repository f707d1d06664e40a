"""Which marks a page's one reading call reads when it has more than it reads."""

from pipeline.marks.detect import Detection
from pipeline.model import BBox
from pipeline.stages.marks import marks_to_read


def _det(kind: str, y: float, side: float) -> Detection:
    return Detection(kind, BBox(100.0, y, 100.0 + side, y + side), 0.9)


def test_a_stamp_below_many_notes_is_read_and_the_smallest_note_is_not():
    notes = [_det("handwriting", 100.0 * k, 40.0 + k) for k in range(8)]
    dets = [*notes, _det("stamp", 2000.0, 300.0)]
    chosen = marks_to_read(dets, 8)
    assert 8 in chosen  # the stamp, last from the top
    assert 0 not in chosen  # the smallest note
    assert chosen == sorted(chosen) and len(chosen) == 8


def test_a_page_within_the_limit_reads_every_mark_in_page_order():
    dets = [_det("stamp", 500.0, 200.0), _det("handwriting", 100.0, 50.0), _det("stamp", 50.0, 90.0)]
    assert marks_to_read(dets, 8) == [0, 1, 2]
