"""Write an evaluated batch: `metrics.json`, the sortable `index.html`, one view per page."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2

from pipeline.evaluation.align import Aligned
from pipeline.evaluation.batch import BatchResult, EvalOptions, PageResult
from pipeline.evaluation.diffview import LOW_CONFIDENCE, low_confidence_spans, page_words, side_by_side
from pipeline.evaluation.scanview import LAYERS, preview_data_uri, resolve_scan, shapes
from pipeline.fileio import atomic_write_json, atomic_write_text

METRICS_SCHEMA = "pipeline.eval/1"

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline.evaluation", "templates"),
    autoescape=True,  # every OCR and gold string is data, whatever it contains
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def percent(value: float | None) -> str:
    """A rate as the report prints it: `3.45 %`; an em dash for None."""
    return "—" if value is None else f"{100 * value:.2f} %"


_VISIBLE = {" ": "␣", "\n": "⏎", "\t": "⇥", "\u00a0": "⍽"}


def visible(cluster: str) -> str:
    """A grapheme as a confusion table shows it: spaces and line breaks as visible signs."""
    return _VISIBLE.get(cluster, cluster) if cluster else "∅"


def spelled(cluster: str) -> str:
    """The code points of a grapheme, named (`U+043E CYRILLIC SMALL LETTER O`), for a tooltip.

    Look-alikes such as Cyrillic `о` and Latin `o` print the same; the names tell them apart.
    """
    return " + ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in cluster) or "nothing"


def codes(cluster: str) -> str:
    """The code points of a grapheme as `U+043E`, space-separated."""
    return " ".join(f"U+{ord(ch):04X}" for ch in cluster)


_ENV.filters.update(percent=percent, visible=visible, spelled=spelled, codes=codes)


def view_name(stem: str) -> str:
    """The page view's file name: ASCII-safe (a stem never picks a path) and unique per stem."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:80] or "page"
    return f"{safe}-{hashlib.sha1(stem.encode('utf-8')).hexdigest()[:8]}.html"


def _page_record(page: PageResult) -> dict[str, Any]:
    record: dict[str, Any] = {"stem": page.pair.stem, **page.score.to_dict(),
                              "ocr_path": str(page.pair.ocr.path), "gold_path": str(page.pair.gold_path),
                              "view": f"pages/{view_name(page.pair.stem)}"}
    if page.regions is not None:
        record["regions"] = page.regions
    if page.fields is not None:
        record["fields"] = page.fields
    return record


def metrics_document(result: BatchResult) -> dict[str, Any]:
    """The batch as the JSON document written to `metrics.json` (rates are fractions)."""
    opts = result.options
    batch: dict[str, Any] = {"pages": len(result.pages), **result.total.to_dict(confusions=20)}
    if result.regions is not None:
        batch["regions"] = result.regions
    if result.fields is not None:
        batch["fields"] = result.fields
    return {
        "schema": METRICS_SCHEMA,
        "options": {"normalize": opts.normalize, "ignore_case": opts.ignore_case,
                    "ignore_punctuation": opts.ignore_punctuation, "max_cer": opts.max_cer},
        "batch": batch,
        "gate": None if opts.max_cer is None else {"max_cer": opts.max_cer,
                                                    "passed": result.gate_passed},
        "pages": [_page_record(p) for p in result.worst_first()],
        "unpaired": {"ocr_without_gold": result.ocr_only, "gold_without_ocr": result.gold_only},
    }


class PageViews:
    """Writes one page view per scored page, as `evaluate` hands them over (its `on_page`)."""

    def __init__(self, report_dir: Path, options: EvalOptions) -> None:
        self.folder = report_dir / "pages"
        self.options = options
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: PageResult, gold: str, ocr: str, aligned: Aligned) -> None:
        """Write the view of `page` (gold and OCR as compared, with their alignment)."""
        record = _page_record(page)
        # Report pages are derived and rewritten by every eval: atomic, but not worth an fsync each.
        atomic_write_text(self.folder / view_name(page.pair.stem),
                          self._render(page, record, gold, ocr, aligned), fsync=False)

    def _render(self, page: PageResult, record: dict[str, Any], gold: str, ocr: str,
                aligned: Aligned) -> str:
        data = page.pair.ocr.page
        low: list[tuple[int, int]] = []
        scan_uri, scan_note, drawn, size = None, "", [], None
        if data is None:
            scan_note = "This page has no page JSON (plain text output): no scan or regions to show."
        else:
            low = low_confidence_spans(ocr, page_words(data), self.options.prepare)
            drawn = shapes(data)
            src = data.get("source") or {}
            size = (src.get("width"), src.get("height"))
            scan = resolve_scan(str(src.get("path") or ""), page.pair.ocr.path.parent)
            if scan is None:
                scan_note = (f"Scan not found: {src.get('path')!s} (looked in the current folder "
                             "and beside the JSON).")
            else:
                scan_uri = preview_data_uri(scan, int(src.get("page") or 1))
                if scan_uri is None:
                    scan_note = f"Scan could not be read: {scan}."
        gold_spans, ocr_spans = side_by_side(gold, ocr, low, aligned)
        present = {s.layer for s in drawn}
        return _ENV.get_template("page.html.j2").render(
            page=record, options=self.options, gold_spans=gold_spans, ocr_spans=ocr_spans,
            scan_uri=scan_uri, scan_note=scan_note, size=size, shapes=drawn,
            layers=[(k, v) for k, v in LAYERS.items() if k in present], low_confidence=LOW_CONFIDENCE)


def write_report(result: BatchResult, report_dir: Path) -> dict[str, Any]:
    """Write `metrics.json` and `index.html` under `report_dir` (page views: `PageViews`)."""
    doc = metrics_document(result)
    report_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(report_dir / "index.html",
                      _ENV.get_template("index.html.j2").render(doc=doc, layers=LAYERS))
    atomic_write_json(report_dir / "metrics.json", doc)
    return doc
