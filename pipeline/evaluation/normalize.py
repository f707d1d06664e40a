"""Text normalisation shared by evaluation and the page's `text_normalized` layer.

Two modes (CONTRACT.md, "Normalisations"):

- ``diplomatic``: Unicode NFC, runs of spaces collapsed to one, lines stripped, blank lines
  dropped. Nothing that a transcriber would call a different reading is touched.
- ``normalized``: diplomatic plus the typewriter conventions of the archive: letter-spaced
  words joined (``Ф и л и п п о в`` -> ``Филиппов``), the typewriter's ``"`` or ``'`` standing
  for a hard sign inside a word mapped to ``ъ`` (``об"единению`` -> ``объединению``), quote and
  dash variants unified, words hyphenated across line ends joined.

`fold` applies the optional comparison folds (case, punctuation) after either mode.
"""

from __future__ import annotations

import unicodedata

import regex

MODES = ("diplomatic", "normalized")

# Any horizontal space a typewriter transcription or an OCR engine may produce.
_HSPACE = r"[^\S\n]"

# Quote and dash variants seen in typescripts, their transcriptions and OCR output.
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u2035\u0060\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_QUOTE_DASH_TABLE = str.maketrans({**{c: '"' for c in _DOUBLE_QUOTES},
                                   **{c: "'" for c in _SINGLE_QUOTES},
                                   **{c: "-" for c in _DASHES},
                                   "\u00ad": None})  # soft hyphen: invisible, never a reading

# A letter-spaced phrase: single letters separated by spaces. Inside it one space separates
# the letters of a word and two or more separate its words ("П р и к а з  п о  ш т а б у").
_LETTER = r"\p{L}\p{M}*"
_GAP = r"[ \u00a0\u2009\u202f]"
_SPACED_PHRASE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}\p{{N}}])({_LETTER}(?:{_GAP}+{_LETTER}){{2,}})(?![\p{{L}}\p{{M}}\p{{N}}])")
_WORD_GAP = regex.compile(rf"{_GAP}{{2,}}")
# Ordinary one-letter Russian words (and English "a", "I"): three of them in a row ("а я в")
# are a phrase, not a spaced word, so such a run of exactly three is left alone.
_ONE_LETTER_WORDS = frozenset("вскоуаяиai")

# The hard sign only ever stands between a consonant and an iotated vowel.
_CYR_CONSONANT = "бвгджзйклмнпрстфхцчшщБВГДЖЗЙКЛМНПРСТФХЦЧШЩ"
_HARD_SIGN = regex.compile(rf"(?<=[{_CYR_CONSONANT}])[\"'](?=[еёюяЕЁЮЯ])")

# A word broken at a line end: letter, hyphen, line break, then a lower-case continuation.
_LINE_END_HYPHEN = regex.compile(rf"(?<=\p{{L}}\p{{M}}*)-{_HSPACE}*\n{_HSPACE}*(?=\p{{Ll}})")

_PUNCT_OR_SYMBOL = regex.compile(r"[\p{P}\p{S}]")


def collapse_whitespace(text: str) -> str:
    """Lines stripped, inner runs of spaces made one space, blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _is_spaced_word(letters: list[str]) -> bool:
    if len(letters) < 3:
        return False
    return not (len(letters) == 3 and all(ch.lower() in _ONE_LETTER_WORDS for ch in letters))


def _join_spaced_phrase(match: regex.Match) -> str:
    runs = [run.split() for run in _WORD_GAP.split(match.group(1))]
    # One clear spaced word (>= 3 letters) shows the phrase is letter-spaced; then its short
    # words ("п о") are spaced too. Without one, the letters are ordinary one-letter words.
    if not any(_is_spaced_word(run) for run in runs):
        return match.group(0)
    return " ".join("".join(run) for run in runs)


def join_letter_spaced(text: str) -> str:
    """`text` with letter-spaced words (runs of >= 3 single-spaced letters) written solid."""
    return _SPACED_PHRASE.sub(_join_spaced_phrase, text)


def _hard_sign(match: regex.Match) -> str:
    # Upper-case neighbours (a heading in capitals) get the capital hard sign.
    after = match.string[match.end()]
    return "Ъ" if after.isupper() and match.string[match.start() - 1].isupper() else "ъ"


def normalize(text: str, mode: str = "normalized") -> str:
    """`text` in the given normalisation mode ("diplomatic" or "normalized")."""
    if mode not in MODES:
        raise ValueError(f"unknown normalisation {mode!r}; expected one of {', '.join(MODES)}")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if mode == "normalized":
        # Letter-spacing first: it relies on single vs. double spaces, which collapsing erases.
        text = join_letter_spaced(text)
        text = text.translate(_QUOTE_DASH_TABLE)
        text = _HARD_SIGN.sub(_hard_sign, text)
        text = _LINE_END_HYPHEN.sub("", text)
    return collapse_whitespace(text)


def fold(text: str, *, ignore_case: bool = False, ignore_punctuation: bool = False) -> str:
    """`text` case-folded and/or with punctuation and symbols removed, spaces re-collapsed."""
    if ignore_case:
        text = unicodedata.normalize("NFC", text.casefold())
    if ignore_punctuation:
        text = collapse_whitespace(_PUNCT_OR_SYMBOL.sub("", text))
    return text
