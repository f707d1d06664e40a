"""Pair the pages of an output folder with gold texts by stem."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GOLD_SUFFIX = ".gt.txt"
TRUTH_SUFFIX = ".truth.json"
PAGE_SCHEMA = "pipeline.page/1"


@dataclass
class OcrPage:
    """One page of OCR output: its text and, when it came from a page JSON, that document."""

    stem: str
    path: Path
    text: str
    page: dict[str, Any] | None = None  # the page JSON, for regions and word confidences


@dataclass
class Pair:
    stem: str
    ocr: OcrPage
    gold_path: Path
    truth_path: Path | None = None


@dataclass
class Pairing:
    pairs: list[Pair] = field(default_factory=list)
    ocr_only: list[str] = field(default_factory=list)  # stems without a gold text
    gold_only: list[str] = field(default_factory=list)  # gold texts without OCR output


def _read_page_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("skipping %s: %s", path, exc)
        return None
    return data if isinstance(data, dict) and data.get("schema") == PAGE_SCHEMA else None


def find_ocr_pages(out_dir: Path) -> dict[str, OcrPage]:
    """The pages in `out_dir` by stem: `<stem>.json` (page JSON) first, else `<stem>.txt`."""
    pages: dict[str, OcrPage] = {}
    for path in sorted(out_dir.glob("*.json")):
        data = _read_page_json(path)
        if data is not None:
            pages[path.name[:-len(".json")]] = OcrPage(path.name[:-len(".json")], path,
                                                       str(data.get("text") or ""), data)
    for path in sorted(out_dir.glob("*.txt")):
        stem = path.name[:-len(".txt")]
        if path.name.endswith(GOLD_SUFFIX) or stem in pages:
            continue
        pages[stem] = OcrPage(stem, path, path.read_text(encoding="utf-8", errors="replace"))
    return pages


def find_gold(gold_dir: Path) -> dict[str, Path]:
    """The gold texts under `gold_dir` (recursively) by stem; the first of duplicates wins."""
    gold: dict[str, Path] = {}
    for path in sorted(gold_dir.rglob(f"*{GOLD_SUFFIX}")):
        stem = path.name[:-len(GOLD_SUFFIX)]
        if stem in gold:
            log.warning("gold text %s ignored: %s has the same stem", path, gold[stem])
            continue
        gold[stem] = path
    return gold


def pair(out_dir: Path, gold_dir: Path) -> Pairing:
    """Pages and gold texts matched by stem; the unmatched ones listed, not dropped silently."""
    pages, gold = find_ocr_pages(out_dir), find_gold(gold_dir)
    result = Pairing()
    for stem in sorted(pages.keys() | gold.keys()):
        if stem not in gold:
            result.ocr_only.append(stem)
        elif stem not in pages:
            result.gold_only.append(stem)
        else:
            truth = gold[stem].with_name(stem + TRUTH_SUFFIX)
            result.pairs.append(Pair(stem, pages[stem], gold[stem], truth if truth.is_file() else None))
    return result
