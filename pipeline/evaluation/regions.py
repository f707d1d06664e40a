"""Region detection metrics: precision, recall and F1 per region type against truth boxes.

A detection matches a truth box of the same type when their IoU reaches the type's threshold
(stamps 0.5, handwriting 0.3 since handwriting boxes are looser); matching is one-to-one,
best IoU first, so one big box cannot claim two truths.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import BBox

IOU_THRESHOLDS: dict[str, float] = {"stamp": 0.5, "handwriting": 0.3}
DEFAULT_IOU = 0.5


def _boxes(regions: Iterable[dict], kind: str) -> list[BBox]:
    return [BBox.from_list(r["bbox"]) for r in regions if r.get("type") == kind]


def match_boxes(pred: list[BBox], truth: list[BBox], min_iou: float) -> list[tuple[int, int, float]]:
    """One-to-one (pred index, truth index, iou) pairs with iou >= min_iou, greedy by best IoU."""
    pairs = [(p.iou(t), i, j) for i, p in enumerate(pred) for j, t in enumerate(truth)]
    pairs = sorted((x for x in pairs if x[0] >= min_iou and x[0] > 0), reverse=True)
    used_p: set[int] = set()
    used_t: set[int] = set()
    out = []
    for iou, i, j in pairs:
        if i in used_p or j in used_t:
            continue
        used_p.add(i)
        used_t.add(j)
        out.append((i, j, iou))
    return out


def _prf(tp: int, n_pred: int, n_truth: int) -> dict[str, float | int]:
    # With nothing to find and nothing found the detector is perfect, not undefined.
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_truth if n_truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "tp": tp, "n_pred": n_pred, "n_truth": n_truth}


def score_regions(pred_regions: list[dict], truth_regions: list[dict],
                  types: Iterable[str] = ("stamp", "handwriting")) -> dict[str, dict]:
    """Per-type {precision, recall, f1, tp, n_pred, n_truth} of predicted vs truth region dicts."""
    result = {}
    for kind in types:
        pred, truth = _boxes(pred_regions, kind), _boxes(truth_regions, kind)
        tp = len(match_boxes(pred, truth, IOU_THRESHOLDS.get(kind, DEFAULT_IOU)))
        result[kind] = _prf(tp, len(pred), len(truth))
    return result


def combine(scores: Iterable[dict[str, dict]]) -> dict[str, dict]:
    """Batch metrics from per-page `score_regions` results, by summing counts (not averaging rates)."""
    sums: dict[str, list[int]] = {}
    for page in scores:
        for kind, s in page.items():
            acc = sums.setdefault(kind, [0, 0, 0])
            acc[0] += s["tp"]
            acc[1] += s["n_pred"]
            acc[2] += s["n_truth"]
    return {kind: _prf(*acc) for kind, acc in sums.items()}
