"""Words of running text a typewriter face's look-alike letters made into no word, spelt back.

OCR of a worn typeface reads an `l` that lost its foot as `i` ("tweive", "wili"), an `o` open
at its right as `c` ("sessicn") and an `h` whose ascender is faint as `n` ("Tne"). A word that
is no word of the language, and becomes exactly one word of a general lexicon (pyspellchecker's
word list, not a list of this form's words) when some of those letters are put back, is that
word. A word the lexicon knows is never changed ("hail" stays, though typed "hall").
"""

from __future__ import annotations

import functools

import regex

from pipeline.postcorrect import known_respelling

# What a look-alike letter read stands for (read -> typed); only these letters are put back.
LOOKALIKES = {"i": "l", "c": "o", "n": "h"}
# At most this many look-alike letters in one word are tried (2**n spellings).
MOST_PLACES = 6
# A word of letters only, not glued to digits or other letters' scripts.
_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?P<w>\p{Latin}{2,})(?![\p{L}\p{N}])")


@functools.cache
def lexicon(language: str):
    """The general word list of `language` (loaded once a process)."""
    from spellchecker import SpellChecker

    return SpellChecker(language=language)


def known(word: str, language: str) -> bool:
    """Whether the lexicon of `language` has `word` (in any letter case)."""
    return word.lower() in lexicon(language)


def spelt_back(word: str, language: str) -> str | None:
    """The one word of the lexicon `word` becomes with some of its look-alike letters put back
    (in `word`'s letter case), when `word` itself is no word; None otherwise.

    Words in capitals (names, code words) and with capitals inside are left alone.
    """
    if not (word.islower() or (word[0].isupper() and word[1:].islower())) or known(word, language):
        return None
    # small letters only: the look-alikes are small letters' (a capital `C` is no worn `O`, and
    # "Cde" is the abbreviation, not "Ode"); every subset of them is tried (2**n spellings)
    if sum(ch in LOOKALIKES for ch in word) > MOST_PLACES:
        return None
    return known_respelling(word, LOOKALIKES, lambda w: known(w, language), most=MOST_PLACES)


def spell_text(text: str, language: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with every word `spelt_back` gives a spelling for so spelt, and the (read, taken)
    pairs changed."""
    changed: list[tuple[str, str]] = []

    def fix(m: regex.Match) -> str:
        word = m.group("w")
        typed = spelt_back(word, language)
        if typed is None:
            return word
        changed.append((word, typed))
        return typed

    return _WORD.sub(fix, text), changed
