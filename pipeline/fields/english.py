"""English running text: a rare word a worn typeface made of a common one, spelt back.

A worn or faint `o` is read `c` (open at its right) or `e` (a speck inside it), an `l` that lost
its top `t`, an `n` with a speck by its leg `m`, and short words are where it shows: "tc",
"cf", "fer", "te", "om" are words of a general lexicon (so `spelling.spelt_back` leaves them),
but so rare in running prose next to "to", "of", "for", "on" that one worn letter is by far the
likelier reading. The lexicon's word frequencies (pyspellchecker's, counted over general
English text, not this form's words) weigh the two: a word is taken as the one word a worn
letter makes of it only when that word is common and `MORE_COMMON` times more frequent than
the word read.
"""

from __future__ import annotations

import regex

# What a worn typed letter is read as (read -> typed letters): `o` open at its right (`c`),
# with a speck inside (`e`), or thin on its right (`a`); `d` with its ascender broken off
# (`a`); `l` with its top broken off (`t`); `n` with a speck or a spread of ink by its right leg
# (`m`: "om" for "on"; of the 60000 commonest words only "om", "mot", "mew", "meed" are so rare
# beside the word an `n` makes of them).
WORN = {"c": "o", "e": "o", "a": "od", "t": "l", "m": "n"}
# The word made must be this many times more frequent than the word read (lost 135 times
# more frequent than lest, not 1000 times: a word typed right is kept) ...
MORE_COMMON = 5000
# ... and a common word: this share of running text at least (hold, month; not cot or foe).
COMMON = 1e-5


def frequency(word: str) -> float:
    """The share of general English running text that is `word` (any letter case; 0 unknown)."""
    from pipeline.fields.spelling import lexicon  # it calls this module

    return float(lexicon("en").word_usage_frequency(word.lower()))


def worn_common(word: str, before: str = "") -> str | None:
    """The one common word `word` (in small letters) becomes with one letter put back as `WORN`
    says, when that word is `MORE_COMMON` times more frequent than `word` ("tc" -> "to", "fer"
    -> "for", "menth" -> "month", "hola" -> "hold"); None when no such word or more than one,
    or when the character `before` it is an apostrophe (a transliteration's soft sign,
    "telegraf'te", or an ending, "don't": no word of its own)."""
    if len(word) < 2 or not word.islower() or before in ("'", "’"):
        return None  # capitalised, it may be a name ("Ana"); in capitals, a code or a name
    low = word.lower()
    read = frequency(low)
    found = set()
    for i, ch in enumerate(low):
        for typed in WORN.get(ch, ""):
            other = low[:i] + typed + low[i + 1:]
            freq = frequency(other)
            if freq >= COMMON and freq >= MORE_COMMON * read:
                found.add(other)
    if len(found) != 1:
        return None
    return found.pop()


# One typed letter a worn face splits into two or three narrower ones (read -> typed): an `h`
# whose arch wore through as its stem and leg (`li`, `ii`: "Ciiinese"), an `m` as `rn` or
# `iii`, an `n` as `ri`, a `d` as `cl`, a `w` as `vv`.
SPLIT = {"li": "h", "ii": "h", "rn": "m", "iii": "m", "ri": "n", "cl": "d", "vv": "w"}
# Words shorter than this have too many neighbours to be spelt back from a split letter.
REJOINED_MIN = 5


def listed(word: str) -> bool:
    """Whether `word` (any letter case) is a word of both English word lists, the general
    lexicon and the `eng` model's word forms (a rarer word of one list alone is no evidence)."""
    from pipeline import lexicon as model_words
    from pipeline.fields.spelling import known

    return known(word, "en") and word.lower() in model_words.words("eng")


def rejoined(word: str) -> str | None:
    """The one listed word `word` (no word itself, `REJOINED_MIN` letters at least) becomes
    when one run of letters `SPLIT` names is put back as the letter it was split from
    ("Ciiinese" -> "Chinese"); None when there is none or more than one."""
    if len(word) < REJOINED_MIN or listed(word):
        return None
    found = {word[:i] + typed + word[i + len(read):]
             for read, typed in SPLIT.items()
             for i in range(len(word)) if word.startswith(read, i)}
    found = {w for w in found if listed(w)}
    return found.pop() if len(found) == 1 else None


# A letter worn to specks read as marks glued to a word's edge: before it a stop or a quote
# (".‘oscow"), after it a quote (an `h` whose arch and leg faded, "Finnis'"). A stop or comma
# after a word is its punctuation, so only quotes stand for a lost last letter. The letters
# read are four at least (three and a capital): shorter words have too many neighbours.
_LOST_FIRST = regex.compile(r"(?<!\S)(?P<marks>[.,'‘’`]{1,2})(?P<w>\p{Ll}{4,})(?![\p{L}\p{N}])")
_LOST_LAST = regex.compile(r"(?<![\p{L}\p{N}])(?P<w>\p{Lu}?\p{Ll}{3,})(?P<marks>['‘’`]{1,2})(?![\p{L}\p{N}])")
# Marks that sit above the x-height: a small letter without an ascender leaves none there, so
# when one stood for a lost first letter that has none, the letter was a capital.
HIGH_MARKS = "'‘’`"
TALL_SMALL = "bdfhijklt"  # ascenders, and the dots of i and j
_SENTENCE_START = regex.compile(r"(?:^|[.!?]\s+)$")


def _one_letter_for(word: str, at: int) -> str | None:
    # the one listed word `word` becomes with a letter put in at `at`
    found = {word[:at] + ch + word[at:] for ch in "abcdefghijklmnopqrstuvwxyz"}
    found = {w for w in found if listed(w)}
    return found.pop() if len(found) == 1 else None


def lost_letters(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each word that is no word but, with the marks glued to its edge taken as
    one lost letter, is exactly one listed word so spelt (".‘oscow" -> "Moscow", "Finnis'" ->
    "Finnish"), and the (read, taken) pairs changed."""
    changed: list[tuple[str, str]] = []

    def first(m: regex.Match) -> str:
        word = m["w"]
        typed = None if listed(word) else _one_letter_for(word, 0)
        if typed is None:
            return m[0]
        high = any(ch in HIGH_MARKS for ch in m["marks"]) and typed[0] not in TALL_SMALL
        if high or _SENTENCE_START.search(m.string[:m.start()]):
            typed = typed[0].upper() + typed[1:]
        changed.append((m[0], typed))
        return typed

    def last(m: regex.Match) -> str:
        word = m["w"]
        typed = None if listed(word) else _one_letter_for(word, len(word))
        if typed is None:
            return m[0]
        changed.append((m[0], typed))
        return typed

    text = _LOST_FIRST.sub(first, text)
    return _LOST_LAST.sub(last, text), changed
