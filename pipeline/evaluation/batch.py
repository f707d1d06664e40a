"""Evaluate a paired batch: normalise both sides, score each page, pool, add region/field scores."""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluation.align import Aligned, align_texts
from pipeline.evaluation.normalize import MODES, fold, normalize
from pipeline.evaluation.pairing import Pair, Pairing
from pipeline.evaluation.score import TextScore, pool, score_texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvalOptions:
    """How texts are compared, and the QA gate."""

    normalize: str = "normalized"
    ignore_case: bool = False
    ignore_punctuation: bool = False
    max_cer: float | None = None

    def __post_init__(self) -> None:
        if self.normalize not in MODES:
            raise ValueError(f"unknown normalisation {self.normalize!r}")

    def prepare(self, text: str) -> str:
        """`text` as it is compared: normalised, then folded as asked."""
        return fold(normalize(text, self.normalize), ignore_case=self.ignore_case,
                    ignore_punctuation=self.ignore_punctuation)


@dataclass
class PageResult:
    pair: Pair
    score: TextScore
    regions: dict[str, Any] | None = None
    fields: dict[str, Any] | None = None


# Called once per page with the texts as compared and their alignment, which are not kept
# (a batch of thousands of pages would otherwise hold every text in memory).
PageHook = Callable[[PageResult, str, str, Aligned], None]


@dataclass
class BatchResult:
    options: EvalOptions
    pages: list[PageResult]
    total: TextScore
    ocr_only: list[str] = field(default_factory=list)
    gold_only: list[str] = field(default_factory=list)
    regions: dict[str, Any] | None = None
    fields: dict[str, Any] | None = None

    @property
    def gate_passed(self) -> bool | None:
        """None without a gate; else whether the batch CER is at most `max_cer`."""
        if self.options.max_cer is None:
            return None
        return self.total.cer <= self.options.max_cer

    def worst_first(self) -> list[PageResult]:
        """Pages by descending CER, then descending error count, then stem."""
        return sorted(self.pages, key=lambda p: (-p.score.cer, -p.score.char_errors, p.pair.stem))


def _optional(module: str, name: str) -> Callable | None:
    # Region and field scoring belong to other parts of the project; eval works without them.
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _truth_scores(pair: Pair) -> tuple[dict | None, dict | None]:
    if pair.truth_path is None or pair.ocr.page is None:
        return None, None
    try:
        truth = json.loads(pair.truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s: %s", pair.truth_path, exc)
        return None, None
    regions = fields = None
    score_regions = _optional("pipeline.evaluation.regions", "score_regions")
    if score_regions and "regions" in truth:
        try:
            regions = score_regions(pair.ocr.page.get("regions", []), truth["regions"])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("region scoring failed for %s: %s", pair.stem, exc)
    score_fields = _optional("pipeline.evaluation.fields", "score_fields")
    if score_fields and truth.get("fields"):
        pred = {k: (v.get("value") if isinstance(v, dict) else v)
                for k, v in (pair.ocr.page.get("fields") or {}).items()}
        try:
            fields = score_fields(pred, truth["fields"])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("field scoring failed for %s: %s", pair.stem, exc)
    return regions, fields


def _combine(module: str, scores: list[dict]) -> dict | None:
    # Each scoring module pools its own per-page results (sums, not means), under either name.
    combine = _optional(module, "combine") or _optional(module, "summarize")
    if not scores or combine is None:
        return None
    try:
        return combine(scores)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("%s.combine failed: %s", module, exc)
        return None


def evaluate(pairing: Pairing, options: EvalOptions, on_page: PageHook | None = None) -> BatchResult:
    """Score every pair of `pairing` under `options` and pool the batch from sums."""
    pages = []
    for pair in pairing.pairs:
        gold = options.prepare(pair.gold_path.read_text(encoding="utf-8-sig", errors="replace"))
        ocr = options.prepare(pair.ocr.text)
        aligned = align_texts(gold, ocr)
        page = PageResult(pair, score_texts(gold, ocr, aligned), *_truth_scores(pair))
        if on_page is not None:
            on_page(page, gold, ocr, aligned)
        pages.append(page)
    return BatchResult(
        options=options, pages=pages, total=pool([p.score for p in pages]),
        ocr_only=list(pairing.ocr_only), gold_only=list(pairing.gold_only),
        regions=_combine("pipeline.evaluation.regions", [p.regions for p in pages if p.regions]),
        fields=_combine("pipeline.evaluation.fields", [p.fields for p in pages if p.fields]),
    )
