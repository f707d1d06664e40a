"""Minimal CER (the QA evaluation issue extends this module): NFC grapheme clusters, rapidfuzz."""

from __future__ import annotations

import unicodedata

import regex
from rapidfuzz.distance import Levenshtein


def _collapse(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of NFC-normalised `text`."""
    return regex.findall(r"\X", unicodedata.normalize("NFC", text))


def cer(gold: str, ocr: str) -> tuple[float, int]:
    """(character error rate, number of gold graphemes) after collapsing whitespace.

    An empty gold text gives rate 0.0 when the OCR is empty too, else 1.0.
    """
    g, o = graphemes(_collapse(gold)), graphemes(_collapse(ocr))
    if not g:
        return (0.0 if not o else 1.0), 0
    return Levenshtein.distance(g, o) / len(g), len(g)
