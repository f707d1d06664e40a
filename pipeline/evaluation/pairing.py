"""Pair the pages of an output folder with gold texts by stem.

`run` writes a page under a sanitised stem (no spaces, quotes or brackets), while a gold text
keeps the scan's own name; a page JSON records the scan's path, so a page whose stem has no
gold text is paired by its source file's stem (and page suffix) instead, when exactly one
page claims that gold text. Nothing is paired by similarity of names.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath
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


def source_stems(page: OcrPage) -> list[str]:
    """The stems the page's scan had before `run` sanitised them, most specific first: the
    source file's stem with the output's `-pNNNN` page suffix (a page of a multi-page file),
    then without it; [] without a page JSON."""
    source = (page.page or {}).get("source")
    path = source.get("path") if isinstance(source, dict) else None
    if not isinstance(path, str) or not path:
        return []
    # The recorded path may come from either kind of system: its last part is the name.
    stem = unicodedata.normalize("NFC", PurePath(re.split(r"[\\/]", path)[-1]).stem)
    if not stem:
        return []
    suffix = re.search(r"-p\d{4,}$", page.stem)
    number = source.get("page")
    if suffix and isinstance(number, int) and suffix.group() == f"-p{number:04d}":
        return [stem + suffix.group(), stem]
    return [stem]


def _by_source(pages: dict[str, OcrPage], gold: dict[str, Path]) -> dict[str, str]:
    """Output stem -> gold stem for pages whose stem has no gold text but whose source stem
    names exactly one gold text no other page claims (ambiguous claims are left unpaired)."""
    gold_nfc: dict[str, list[str]] = {}
    for stem in gold.keys() - pages.keys():
        gold_nfc.setdefault(unicodedata.normalize("NFC", stem), []).append(stem)
    claims: dict[str, list[str]] = {}
    for stem in pages.keys() - gold.keys():
        for key in source_stems(pages[stem]):
            if len(gold_nfc.get(key, ())) == 1:
                claims.setdefault(gold_nfc[key][0], []).append(stem)
                break
    matched = {}
    for gold_stem, stems in claims.items():
        if len(stems) > 1:
            log.warning("gold text %s left unpaired: pages %s all come from a scan of that name",
                        gold[gold_stem], ", ".join(sorted(stems)))
            continue
        matched[stems[0]] = gold_stem
    return matched


def pair(out_dir: Path, gold_dir: Path) -> Pairing:
    """Pages and gold texts matched by stem, else by the page's source file stem; the
    unmatched ones listed, not dropped silently."""
    pages, gold = find_ocr_pages(out_dir), find_gold(gold_dir)
    by_source = _by_source(pages, gold)
    claimed = set(by_source.values())
    result = Pairing()
    for stem in sorted(pages.keys() | gold.keys()):
        gold_stem = stem if stem in gold else by_source.get(stem)
        if stem not in pages:
            if stem not in claimed:
                result.gold_only.append(stem)
        elif gold_stem is None:
            result.ocr_only.append(stem)
        else:
            # The truth file sits beside its gold text under the gold text's own stem.
            truth = gold[gold_stem].with_name(gold_stem + TRUTH_SUFFIX)
            result.pairs.append(Pair(stem, pages[stem], gold[gold_stem],
                                     truth if truth.is_file() else None))
    return result
