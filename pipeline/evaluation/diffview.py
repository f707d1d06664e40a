"""The side-by-side difference view of one page as runs of graphemes (pure; no markup here)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.evaluation.align import Aligned, align_texts

LOW_CONFIDENCE = 0.6  # word confidence below which the view marks an OCR word

_KIND = {"equal": "eq", "replace": "sub", "delete": "del", "insert": "ins"}


@dataclass(frozen=True)
class Span:
    """A run of text on one side of the view: `kind` eq|sub|del|ins|gap, `other` the counterpart."""

    text: str
    kind: str
    other: str = ""
    low: bool = False  # part of a low-confidence OCR word


def page_words(page: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The words of the typed-text regions of a page JSON, in reading order."""
    for region in page.get("regions") or []:
        if region.get("type") != "text":
            continue
        for line in region.get("lines") or []:
            yield from line.get("words") or []


def low_confidence_spans(text: str, words: Iterable[dict[str, Any]], prepare: Callable[[str], str],
                         threshold: float = LOW_CONFIDENCE) -> list[tuple[int, int]]:
    """[start, end) offsets in `text` of the words with confidence < threshold, found in order.

    Each word is prepared like the page text and searched from the end of the previous find,
    so repeated words are matched to their own occurrence; a word not found is skipped.
    """
    spans, cursor = [], 0
    for word in words:
        token = prepare(str(word.get("text") or ""))
        if not token:
            continue
        at = text.find(token, cursor)
        if at < 0:
            continue
        cursor = at + len(token)
        if float(word.get("confidence", 1.0)) < threshold:
            spans.append((at, cursor))
    return spans


def _cluster_flags(a: Aligned, spans: list[tuple[int, int]]) -> list[bool]:
    # Character offsets into the OCR text -> one flag per OCR cluster (stand-ins are longer).
    starts, pos = [], 0
    for c in a.ocr:
        starts.append(pos)
        pos += len(a.table.get(c, c))
    flags = [False] * len(a.ocr)
    for lo, hi in spans:
        for k in range(max(0, bisect.bisect_right(starts, lo) - 1), bisect.bisect_left(starts, hi)):
            flags[k] = True
    return flags


def _runs(a: Aligned, codes: str, lo: int, hi: int, kind: str, other: str,
          flags: list[bool] | None) -> Iterator[Span]:
    if flags is None:
        yield Span(a.text(codes[lo:hi]), kind, other)
        return
    start = lo
    for k in range(lo + 1, hi + 1):
        if k == hi or flags[k] != flags[start]:
            yield Span(a.text(codes[start:k]), kind, other, flags[start])
            start = k


def side_by_side(gold: str, ocr: str, low_spans: list[tuple[int, int]] = (),
                 aligned: Aligned | None = None) -> tuple[list[Span], list[Span]]:
    """Gold and OCR as runs aligned by a minimal edit script; `low_spans` are OCR offsets.

    `aligned` (from `align_texts` of the same texts) saves aligning them again.
    """
    a = aligned or align_texts(gold, ocr)
    # Offsets in `low_spans` refer to `ocr`; NFC of already-NFC text keeps them valid.
    flags = _cluster_flags(a, list(low_spans)) if low_spans else None
    left: list[Span] = []
    right: list[Span] = []
    for b in a.blocks:
        kind = _KIND[b.tag]
        gold_text = a.text(a.gold[b.gold[0]:b.gold[1]])
        ocr_text = a.text(a.ocr[b.ocr[0]:b.ocr[1]])
        # A deletion leaves an empty "gap" mark in the OCR pane (an insertion in the gold pane),
        # carrying the missing text for its tooltip, so both panes show where it happened.
        if b.gold[1] > b.gold[0]:
            left.extend(_runs(a, a.gold, *b.gold, kind, ocr_text if kind == "sub" else "", None))
        else:
            left.append(Span("", "gap", ocr_text))
        if b.ocr[1] > b.ocr[0]:
            right.extend(_runs(a, a.ocr, *b.ocr, kind, gold_text if kind == "sub" else "", flags))
        else:
            right.append(Span("", "gap", gold_text))
    return left, right
