"""Safe post-correction of what Tesseract read, and the script mix of a reading (pure functions).

With `rus+eng`, Tesseract may spell a Russian word partly or wholly with Latin letters that
look the same (`Tов.`, `COB.`, `21/Y`), or read a digit as the Cyrillic letter of the same
shape (`З/У` for the date `3/У`). Only changes that cannot alter a reading are made:
- a Latin letter with a Cyrillic twin inside a word that has Cyrillic letters becomes the twin;
- a word made only of such Latin letters becomes Cyrillic when its line is Cyrillic (most of
  the line's letters are), so English words on an English line stay as they are;
- `З` or `О` touching a digit (or `З` before the `/` of a date) becomes the digit.
A word with any Latin letter that has no Cyrillic twin (`MOSCOW`, `Tor`) is left alone.
"""

from __future__ import annotations

import re

# Latin letter -> the Cyrillic letter drawn the same in typewriter and book faces.
LATIN_TO_CYRILLIC = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х",
    "y": "у",
})
_TWINS = frozenset(chr(c) for c in LATIN_TO_CYRILLIC)

# A Cyrillic З before '/' or a digit, or after a digit; a Cyrillic or Latin O beside a digit.
_ZE_DIGIT = re.compile(r"З(?=[/\d])|(?<=\d)З")
_O_DIGIT = re.compile(r"(?<=\d)[ОO]|[ОO](?=\d)")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def cyrillic_share(words: list[str]) -> float:
    """Share of the letters in `words` that are Cyrillic (0 when there are no letters)."""
    letters = [ch for w in words for ch in w if ch.isalpha()]
    return sum(_is_cyrillic(ch) for ch in letters) / len(letters) if letters else 0.0


def fix_word(word: str, cyrillic_line: bool) -> str:
    """`word` with look-alike Latin letters and digit-like letters set right (see the module)."""
    latin = {ch for ch in word if _is_latin(ch)}
    has_cyrillic = any(_is_cyrillic(ch) for ch in word)
    if latin and latin <= _TWINS and (has_cyrillic or cyrillic_line):
        word = word.translate(LATIN_TO_CYRILLIC)
    if any(ch.isdigit() or ch == "/" for ch in word):
        word = _ZE_DIGIT.sub("3", word)
        word = _O_DIGIT.sub("0", word)
    return word


def fix_line(words: list[str], min_share: float = 0.6) -> list[str]:
    """The words of one line, each through `fix_word`; the line is Cyrillic from `min_share` of its letters."""
    # Mixed words first: `Tов.` is a Cyrillic word when the line's script is judged.
    words = [fix_word(w, False) for w in words]
    cyrillic_line = cyrillic_share(words) >= min_share
    return [fix_word(w, cyrillic_line) for w in words]


# Script of the Tesseract models this project meets; a model not listed is always kept.
MODEL_SCRIPT = {"rus": "Cyrillic", "ukr": "Cyrillic", "bel": "Cyrillic", "bul": "Cyrillic",
                "eng": "Latin", "fra": "Latin", "deu": "Latin"}


def script_letters(text: str) -> dict[str, int]:
    """Letters of `text` per script: {"Cyrillic": n, "Latin": m}."""
    return {"Cyrillic": sum(_is_cyrillic(ch) for ch in text if ch.isalpha()),
            "Latin": sum(_is_latin(ch) for ch in text)}


def narrow_lang(lang: str, letters: dict[str, int], min_letters: int = 30,
                max_share: float = 0.1) -> str:
    """`lang` without the models of a script that made at most `max_share` of a sample's letters.

    Two scripts' models side by side make Tesseract read some words of one script with the
    other's letters (`Tos.` for `Тов.`); a page sampled as one script is read with its models
    only. Too small a sample, or a sample of both scripts, keeps `lang` as it is.
    """
    total = sum(letters.values())
    if total < min_letters:
        return lang
    models = [m for m in lang.split("+") if m]
    rare = {s for s, n in letters.items() if n <= max_share * total}
    kept = [m for m in models if MODEL_SCRIPT.get(m) not in rare]
    return "+".join(kept) if kept else lang
