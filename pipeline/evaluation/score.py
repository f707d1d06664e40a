"""Score one gold/OCR text pair, and pool page scores into batch figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from pipeline.evaluation.align import Aligned, align_texts, edit_counts, top_confusions
from pipeline.evaluation.metrics import EMPTY_GOLD, rate, words


@dataclass
class TextScore:
    """Character and word errors of one compared text pair (already normalised)."""

    characters: int
    char_errors: int
    substitutions: int
    deletions: int
    insertions: int
    words: int
    word_errors: int
    confusions: Counter = field(default_factory=Counter)
    flags: list[str] = field(default_factory=list)

    @property
    def cer(self) -> float:
        return rate(self.char_errors, self.characters)

    @property
    def wer(self) -> float:
        return rate(self.word_errors, self.words)

    def to_dict(self, confusions: int = 10) -> dict[str, object]:
        """The figures as JSON-ready values (rates as fractions)."""
        return {"cer": self.cer, "wer": self.wer, "characters": self.characters,
                "char_errors": self.char_errors, "substitutions": self.substitutions,
                "deletions": self.deletions, "insertions": self.insertions,
                "words": self.words, "word_errors": self.word_errors,
                "confusions": top_confusions(self.confusions, confusions), "flags": list(self.flags)}


def score_texts(gold: str, ocr: str, aligned: Aligned | None = None) -> TextScore:
    """Errors of `ocr` against `gold`, both compared exactly as given (after NFC).

    `aligned` (from `align_texts` of the same texts) saves aligning them again.
    """
    a = aligned or align_texts(gold, ocr)
    g, o = a.gold, a.ocr
    counts = edit_counts(g, o, a.blocks, a.table)
    gw, ow = words(gold), words(ocr)
    return TextScore(characters=len(g), char_errors=counts.distance,
                     substitutions=counts.substitutions, deletions=counts.deletions,
                     insertions=counts.insertions, words=len(gw),
                     word_errors=Levenshtein.distance(gw, ow), confusions=counts.confusions,
                     flags=[EMPTY_GOLD] if not g else [])


def pool(scores: Sequence[TextScore]) -> TextScore:
    """The batch as one score: every count summed, so its rates are pooled, not averaged."""
    confusions: Counter = Counter()
    for s in scores:
        confusions.update(s.confusions)
    return TextScore(characters=sum(s.characters for s in scores),
                     char_errors=sum(s.char_errors for s in scores),
                     substitutions=sum(s.substitutions for s in scores),
                     deletions=sum(s.deletions for s in scores),
                     insertions=sum(s.insertions for s in scores),
                     words=sum(s.words for s in scores),
                     word_errors=sum(s.word_errors for s in scores),
                     confusions=confusions,
                     flags=[EMPTY_GOLD] if not any(s.characters for s in scores) else [])
