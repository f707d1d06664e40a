"""Alignment of gold and OCR grapheme sequences (rapidfuzz): error kinds, confusions, diff blocks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from pipeline.evaluation.metrics import cluster_codes


@dataclass
class EditCounts:
    """An optimal alignment's substitutions, deletions (gold not in OCR), insertions (extra OCR)."""

    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0
    confusions: Counter = field(default_factory=Counter)  # (gold, ocr) -> count; "" = nothing

    @property
    def distance(self) -> int:
        return self.substitutions + self.deletions + self.insertions


@dataclass(frozen=True)
class Block:
    """One run of an alignment: `tag` is equal, replace, delete or insert."""

    tag: str
    gold: tuple[int, int]  # [start, end) into the gold sequence
    ocr: tuple[int, int]


def blocks(gold: Sequence[str], ocr: Sequence[str]) -> list[Block]:
    """A minimal alignment as runs of equal, replaced, deleted and inserted tokens, in order."""
    return [Block(op.tag, (op.src_start, op.src_end), (op.dest_start, op.dest_end))
            for op in Levenshtein.opcodes(gold, ocr)]


def edit_counts(gold: Sequence[str], ocr: Sequence[str], alignment: list[Block] | None = None,
                table: dict[str, str] | None = None) -> EditCounts:
    """Counts of each edit kind and of each confusion in a minimal alignment of the two.

    Pass the `blocks` of the same sequences to reuse an alignment already made, and the
    stand-in `table` of `cluster_codes` to report confusions as the clusters they stand for.
    """
    out = EditCounts()
    t = table or {}
    for b in blocks(gold, ocr) if alignment is None else alignment:
        (i0, i1), (j0, j1) = b.gold, b.ocr
        if b.tag == "replace":
            # rapidfuzz's replace runs pair tokens one to one (equal lengths)
            out.substitutions += i1 - i0
            out.confusions.update((t.get(g, g), t.get(o, o)) for g, o in zip(gold[i0:i1], ocr[j0:j1]))
        elif b.tag == "delete":
            out.deletions += i1 - i0
            out.confusions.update((t.get(g, g), "") for g in gold[i0:i1])
        elif b.tag == "insert":
            out.insertions += j1 - j0
            out.confusions.update(("", t.get(o, o)) for o in ocr[j0:j1])
    return out


@dataclass(frozen=True)
class Aligned:
    """Two texts spelled one code point per grapheme cluster (`cluster_codes`), and an alignment."""

    gold: str
    ocr: str
    table: dict[str, str]  # stand-in code point -> the cluster it stands for
    blocks: list[Block]

    def text(self, codes: str) -> str:
        """A slice of `gold` or `ocr` spelled as the original text again."""
        return "".join(self.table.get(c, c) for c in codes) if self.table else codes


def align_texts(gold: str, ocr: str) -> Aligned:
    """Both texts as cluster codes and their alignment, made once for metrics and views."""
    (g, o), table = cluster_codes(gold, ocr)
    return Aligned(g, o, table, blocks(g, o))


def top_confusions(confusions: Counter, limit: int = 10) -> list[dict[str, object]]:
    """The most frequent confusions as `{"gt", "ocr", "count"}`, most frequent first, ties by text."""
    ranked = sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"gt": g, "ocr": o, "count": n} for (g, o), n in ranked[:limit]]
