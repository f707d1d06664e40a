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
