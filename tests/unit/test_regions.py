"""Region metrics: IoU thresholds per type, one-to-one matching, batch sums."""

import pytest

from pipeline.evaluation.regions import combine, score_regions


def _r(kind, box):
    return {"type": kind, "bbox": box}


def test_perfect_detection_scores_one():
    truth = [_r("stamp", [0, 0, 100, 100]), _r("handwriting", [200, 0, 300, 40])]
    s = score_regions(truth, truth)
    assert s["stamp"]["f1"] == 1.0 and s["handwriting"]["f1"] == 1.0


def test_stamp_needs_iou_half_handwriting_only_three_tenths():
    # Both predictions overlap their truth at IoU 0.4: enough for handwriting, not for a stamp.
    truth = [_r("stamp", [0, 0, 100, 100]), _r("handwriting", [0, 200, 100, 300])]
    pred = [_r("stamp", [0, 0, 40, 100]), _r("handwriting", [0, 200, 40, 300])]
    s = score_regions(pred, truth)
    assert s["stamp"]["tp"] == 0 and s["stamp"]["precision"] == 0.0
    assert s["handwriting"]["tp"] == 1 and s["handwriting"]["recall"] == 1.0


def test_one_big_box_cannot_match_two_truths():
    truth = [_r("handwriting", [0, 0, 50, 20]), _r("handwriting", [55, 0, 100, 20])]
    pred = [_r("handwriting", [0, 0, 100, 20])]
    s = score_regions(pred, truth)["handwriting"]
    assert s["tp"] == 1 and s["precision"] == 1.0 and s["recall"] == 0.5
    assert s["f1"] == pytest.approx(2 / 3)


def test_type_must_agree():
    s = score_regions([_r("handwriting", [0, 0, 10, 10])], [_r("stamp", [0, 0, 10, 10])])
    assert s["stamp"]["recall"] == 0.0 and s["handwriting"]["precision"] == 0.0


def test_no_truth_and_no_detection_is_perfect_and_batch_sums_counts():
    a = score_regions([], [])
    assert a["stamp"]["precision"] == 1.0 and a["stamp"]["recall"] == 1.0
    b = score_regions([_r("stamp", [0, 0, 10, 10])], [_r("stamp", [0, 0, 10, 10])] * 3)
    total = combine([a, b])["stamp"]
    assert (total["tp"], total["n_pred"], total["n_truth"]) == (1, 1, 3)
    assert total["recall"] == pytest.approx(1 / 3)
