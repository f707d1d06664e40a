"""Character and word error rates: pure functions on NFC grapheme clusters and words.

Each rate comes as `(rate, n)` with `n` the length of the gold sequence, so that a batch rate
is pooled from sums (`pooled_rate`) rather than averaged. Distances go through rapidfuzz.

An empty gold text has no defined rate; we return 0.0 when the OCR is empty too and 1.0
otherwise (every OCR grapheme is an insertion; capped like a page that is all wrong), never
infinity, and callers flag such pages (`EMPTY_GOLD`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex
from rapidfuzz.distance import Levenshtein

from pipeline.evaluation.normalize import collapse_whitespace

EMPTY_GOLD = "empty_gold"

_GRAPHEME = regex.compile(r"\X")
# Unicode default word boundaries (UAX #29), as dinglehopper's uniseg draws them.
_WORD_BOUNDARY = regex.compile(r"(?w)\b")


# Stand-ins for clusters of several code points come from the supplementary private use planes.
_STAND_INS = range(0xF0000, 0x110000)
_PRIVATE = regex.compile(r"[\U000F0000-\U0010FFFF]")


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of NFC-normalised `text`."""
    return _GRAPHEME.findall(unicodedata.normalize("NFC", text))


def cluster_codes(*texts: str) -> tuple[list[str], dict[str, str]]:
    """The NFC texts re-spelled with one code point per grapheme cluster, and the stand-in table.

    A cluster of one code point stays itself; each distinct longer cluster (a letter with
    combining marks, an emoji sequence, CR LF) gets one private-use stand-in, shared by all
    `texts`. Edit distances over these strings equal those over cluster lists, but rapidfuzz
    works on compact strings instead of lists of Python objects (memory stays small).
    """
    table: dict[str, str] = {}  # stand-in -> cluster
    code_of: dict[str, str] = {}
    taken = set(_PRIVATE.findall("".join(texts)))  # private characters already in the texts
    free = (chr(c) for c in _STAND_INS if chr(c) not in taken)
    out = []
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        pieces, last = [], 0
        for m in _GRAPHEME.finditer(text):
            if m.end() - m.start() > 1:
                cluster = m.group()
                if cluster not in code_of:
                    code_of[cluster] = code = next(free)
                    table[code] = cluster
                pieces += (text[last:m.start()], code_of[cluster])
                last = m.end()
        out.append("".join(pieces) + text[last:] if pieces else text)
    return out, table


def _is_word(token: str) -> bool:
    # A token counts as a word unless it is only spaces, punctuation, symbols, marks, controls
    # (the categories dinglehopper drops).
    for ch in token:
        cat = unicodedata.category(ch)
        if cat[0] not in "OMPZS" and cat not in ("Cc", "Cf"):
            return True
    return False


def words(text: str) -> list[str]:
    """The words of NFC-normalised `text` between UAX #29 boundaries, punctuation dropped."""
    return [t for t in _WORD_BOUNDARY.split(unicodedata.normalize("NFC", text)) if t and _is_word(t)]


def rate(distance: int, n: int) -> float:
    """`distance / n`, defined for an empty gold (n == 0): 0.0 if distance is 0, else 1.0."""
    if n == 0:
        return 0.0 if distance == 0 else 1.0
    return distance / n


def pooled_rate(pairs: Sequence[tuple[int, int]]) -> tuple[float, int]:
    """(sum of distances / sum of gold lengths, sum of gold lengths) over `(distance, n)` pairs."""
    total_d = sum(d for d, _ in pairs)
    total_n = sum(n for _, n in pairs)
    return rate(total_d, total_n), total_n


def sequence_error_rate(gold: Sequence[str], ocr: Sequence[str]) -> tuple[float, int]:
    """(edit distance / len(gold), len(gold)) of two token sequences."""
    return rate(Levenshtein.distance(gold, ocr), len(gold)), len(gold)


def character_error_rate(gold: str, ocr: str) -> tuple[float, int]:
    """(CER, number of gold graphemes) of two texts taken as they are (NFC only)."""
    (g, o), _ = cluster_codes(gold, ocr)
    return sequence_error_rate(g, o)


def word_error_rate(gold: str, ocr: str) -> tuple[float, int]:
    """(WER, number of gold words) of two texts taken as they are (NFC only)."""
    return sequence_error_rate(words(gold), words(ocr))


def cer(gold: str, ocr: str) -> tuple[float, int]:
    """(CER, number of gold graphemes) after collapsing spaces and dropping blank lines."""
    return character_error_rate(collapse_whitespace(gold), collapse_whitespace(ocr))


def wer(gold: str, ocr: str) -> tuple[float, int]:
    """(WER, number of gold words); word splitting ignores spacing, so no collapsing needed."""
    return word_error_rate(gold, ocr)
