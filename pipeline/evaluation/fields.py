"""Field accuracy: exact match per form field against the `fields` of a truth.json.

Values are compared after Unicode NFC and stripping surrounding whitespace only (lists item
by item); anything else is a different reading. Truth fields whose value is null (a field the
form does not have) are not scored, so they cannot inflate the accuracy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any


def _plain(value: Any) -> Any:
    # A field may come as the model's Field, the page JSON's dict, or a bare value.
    if hasattr(value, "value") and not isinstance(value, dict):
        value = value.value
    elif isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def score_fields(pred_fields: dict, truth_fields: dict) -> dict:
    """Per-field verdicts and totals: {"fields": {name: {truth, pred, ok}}, "correct", "total",
    "accuracy"} (accuracy 1.0 when nothing is scored)."""
    out: dict[str, dict] = {}
    for name, truth in truth_fields.items():
        want = _plain(truth)
        if want is None:
            continue
        got = _plain(pred_fields.get(name)) if pred_fields else None
        out[name] = {"truth": want, "pred": got, "ok": got == want}
    correct = sum(1 for v in out.values() if v["ok"])
    return {"fields": out, "correct": correct, "total": len(out),
            "accuracy": correct / len(out) if out else 1.0}


def summarize(scores: Iterable[dict]) -> dict:
    """Totals over pages: {"per_field": {name: {correct, total, accuracy}}, "correct", "total",
    "accuracy", "pages", "pages_all_right"} from `score_fields` results."""
    per: dict[str, list[int]] = {}
    pages = all_right = 0
    for s in scores:
        pages += 1
        all_right += s["correct"] == s["total"]
        for name, v in s["fields"].items():
            c = per.setdefault(name, [0, 0])
            c[0] += v["ok"]
            c[1] += 1
    correct = sum(c for c, _ in per.values())
    total = sum(t for _, t in per.values())
    return {"per_field": {n: {"correct": c, "total": t, "accuracy": c / t} for n, (c, t) in per.items()},
            "correct": correct, "total": total, "accuracy": correct / total if total else 1.0,
            "pages": pages, "pages_all_right": all_right}
