"""A typed letter's running text as typed: the marks OCR adds to it that a typewriter cannot.

A typewriter has one double quote (`"`, also the hard sign inside a word: `об"явите`), one
single quote, a hyphen, and no curly quotes, backticks, bars or backslashes; a word never
starts with a stop or a comma, a paragraph ends with a sentence's mark, and a stop is not
followed by a small letter unless it closes a short abbreviation (`тов.`, `т.е.`). OCR reads
specks of dust, stamp or pen ink beside the words as such marks. These functions undo only
what the typewriter could not have typed, so they hold on real letters as on synthetic ones.
"""

from __future__ import annotations

import regex

from pipeline.fields import english

# Marks no typewriter of the archive types: a token made of them alone is a speck or a stroke.
NEVER_TYPED = "`‘’|\\\\~^*°•¬"
_STRAY_TOKEN = regex.compile(rf"(?<!\S)[{NEVER_TYPED}]+(?:\s+|$)")
# Such a mark, or a stop, comma or low quote, glued to the front of a word in small letters
# ("‘тому", ".неисправности", "\\чтобы", "‚описи").
_STRAY_LEAD = regex.compile(rf"(?<!\S)(?:[{NEVER_TYPED}]+(?=\p{{L}})|[.,‚]+(?=\p{{Ll}}))")
# A comma OCR set on the front of the next word ("сообщите ,что") belongs to the word before.
_COMMA_MOVED = regex.compile(r"(?<=\p{L})\s+,(?=\p{Ll})")
# Such a mark glued to a word's end ("преподаватели`"): a speck beside the last letter (not
# a curly quote there: OCR's reading of the typewriter's own quote closing a word).
_STRAY_TAIL = regex.compile(rf"(?<=[\p{{L}}.,])[{NEVER_TYPED.replace('‘’', '')}]+(?=\s|$)")
# Curly and angled quotes between two letters are the typewriter's quote (the hard sign).
_DOUBLE_INSIDE = regex.compile(r"(?<=\p{L})[“”„«»″](?=\p{L})")
_SINGLE_INSIDE = regex.compile(r"(?<=\p{L})[‘’`´](?=\p{L})")
# A stop between a word of this many letters or more and a word in small letters: no
# abbreviation of the letters is that long (`тов.`, `напр.`, `франц.`), so it is a speck.
LONG_WORD = 6
_STRAY_STOP = regex.compile(rf"(?<=(?<!\p{{L}})\p{{L}}{{{LONG_WORD},}})\.(?=\s+\p{{Ll}})")
# Such a stop glued to the small word after it ("mission.was"): a speck read in the space
# between the words (a typist sets a space after a sentence's stop), the space given back.
# (Not inside a dotted name, "www.mid.ru", whose parts are joined by stops on both sides.)
_GLUED_STOP = regex.compile(rf"(?<=(?<![\p{{L}}.])\p{{L}}{{{LONG_WORD},}})\.(?=\p{{Ll}}{{2,}}(?!\p{{L}}*\.\p{{L}}))")
# A stop between one of English's commonest words and a word in small letters ("before it.
# arrives"): no abbreviation is spelt as such a word (share of running text, `english`) but
# these.
COMMON_WORD = 1e-3
ABBREVIATED = frozenset({"no", "am", "pm", "co", "st"})
_COMMON_STOP = regex.compile(r"(?<![\p{L}.])(?P<w>\p{Latin}{2,5})\.(?=\s+\p{Ll})")
# A low line between two letters ("this_regard"): a speck in the space between two words read
# as the typewriter's underscore, which underlines typed words (struck under their letters,
# never between them), so the space is given back.
_GLUED_LOW_LINE = regex.compile(r"(?<=\p{L})_(?=\p{L})")
# A comma between a word in small letters and one of English's commonest words (`COMMON_WORD`)
# read with a capital ("telegram, Make no statements"): no sentence goes on after a comma with
# such a word capitalised, so the comma is the stop that opened the sentence, its dot read with
# a speck's tail. (A name after a comma, "Warsaw, Prague", is no such word; "I" has no small
# letter to match.)
_COMMA_BEFORE_SENTENCE = regex.compile(r"(?<=\p{Ll}),(?=\s+(?P<w>\p{Lu}\p{Ll}+)(?!\p{L}))")
# Commas glued between two Latin letters ("as,an", "Chinese,,comrades"): a typist sets a space
# after a comma, so they are specks read in the space between two words, the space given back.
# (Between Russian words a comma read glued is as often the typed one, before `что`.)
_GLUED_COMMA = regex.compile(r"(?<=\p{Latin}),+(?=\p{Latin})")
# One of English's commonest words in small letters run into a capitalised word
# ("theCzechoslovak"): no word of the language starts so, so the space between them was lost.
_RUN_INTO_CAPITAL = regex.compile(r"(?<!\p{L})(?P<w>\p{Latin}{2,5})(?=\p{Lu}\p{Ll}+(?!\p{L}))")
# Two stops after a word: a speck beside the stop (an ellipsis is three).
_DOUBLE_STOP = regex.compile(r"(?<=\p{L})\.\.(?!\.)")


def typed_marks(text: str) -> str:
    """One line of running text without the marks a typewriter cannot type: tokens of
    `NEVER_TYPED` marks dropped, a comma on a word's front given back to the word before, such
    a mark (or a stop or comma before small letters) glued to a word's front or end dropped, curly quotes inside a word made the typewriter's, and a stop
    after a long word, or one of English's commonest words, that a small letter follows (or a
    second stop after a word) dropped; one after a long word glued to a small word, or a low
    line or commas between two letters, made a space, as is the space lost between one of
    English's commonest words and a capitalised word; a comma before one of English's
    commonest words with a capital made a stop."""
    text = _STRAY_TOKEN.sub("", text)
    text = _COMMA_MOVED.sub(", ", text)
    text = _STRAY_LEAD.sub("", text)
    text = _STRAY_TAIL.sub("", text)
    text = _DOUBLE_INSIDE.sub('"', text)
    text = _SINGLE_INSIDE.sub("'", text)
    text = _STRAY_STOP.sub("", text)
    text = _GLUED_STOP.sub(" ", text)
    text = _GLUED_LOW_LINE.sub(" ", text)
    text = _GLUED_COMMA.sub(" ", text)
    text = _RUN_INTO_CAPITAL.sub(_spaced, text)
    text = _COMMON_STOP.sub(_common_stop, text)
    text = _COMMA_BEFORE_SENTENCE.sub(_sentence_stop, text)
    text = _DOUBLE_STOP.sub(".", text)
    return text.rstrip()


def _common_stop(m: regex.Match) -> str:
    # the word without its stop when it is one of English's commonest words in small letters
    word = m["w"]
    if word.islower() and word not in ABBREVIATED and english.frequency(word) >= COMMON_WORD:
        return word
    return m.group(0)


def _spaced(m: regex.Match) -> str:
    # the space given back after one of English's commonest words in small letters
    word = m["w"]
    if word.islower() and english.frequency(word) >= COMMON_WORD:
        return word + " "
    return word


def _sentence_stop(m: regex.Match) -> str:
    # a stop for the comma when the word after it is one of English's commonest words
    word = m["w"]
    if regex.fullmatch(r"\p{Latin}+", word) and english.frequency(word) >= COMMON_WORD:
        return "."
    return m.group(0)


# A brace, which no typewriter of the archive types, opening or closing a bracketed aside whose
# other side was read right: the typed bracket of that side's kind ("{pristupit k
# obiednineniiu]": a bracket's hooks worn or specked into a brace's), with no other bracket
# or brace between the two.
_BRACE_OPENS = regex.compile(r"\{(?=[^\[\](){}]*(?P<close>[\])]))")
_BRACE_CLOSES = regex.compile(r"(?<=(?P<open>[\[(])[^\[\](){}]*)\}")
_PAIR = {"]": "[", ")": "(", "[": "]", "(": ")"}


def typed_brackets(paragraph: str) -> str:
    """`paragraph` with each brace that stands for a bracket (`_BRACE_OPENS`, `_BRACE_CLOSES`)
    made the bracket its other side shows; a brace with no bracket to pair with is left."""
    paragraph = _BRACE_OPENS.sub(lambda m: _PAIR[m["close"]], paragraph)
    return _BRACE_CLOSES.sub(lambda m: _PAIR[m["open"]], paragraph)


# A double quote glued to the capital that opens a sentence inside a paragraph (". "Упакуйте"),
# when it is the only quote of the whole text not inside a word: a quotation opened there
# would be closed, so it is a speck.
_FREE_QUOTE = regex.compile(r'(?<!\p{L})"|"(?!\p{L})')
_QUOTE_OPENING_SENTENCE = regex.compile(r'(?<=[.!?]\s+)"(?=\p{Lu}\p{Ll})')


def unpaired_quote(text: str) -> str:
    """`text` (a letter's paragraphs) without its one free double quote when that opens a
    sentence inside a paragraph and nothing closes it (`_QUOTE_OPENING_SENTENCE`)."""
    if len(_FREE_QUOTE.findall(text)) != 1:
        return text
    return _QUOTE_OPENING_SENTENCE.sub("", text)


# A lone capital after a paragraph's last sentence ("осенью. И."): no sentence is one letter, so
# it is a mark's debris read as a letter (after a word of 4 letters or more, not an initial
# after a title's stop: "тов. И.").
_LONE_CAPITAL_END = regex.compile(r"(?<=\p{L}{4}[.!?])\s+\p{Lu}\.?$")


def paragraph_end(paragraph: str) -> str:
    """A paragraph of a letter ending in a sentence's mark: a lone capital after its last
    sentence dropped, a closing comma or semicolon read for the stop is a stop (a colon may
    open a list), and a stop OCR lost after the last word (too faint, or set apart and dropped
    as debris: "изучается .,") is put back."""
    text = _LONE_CAPITAL_END.sub("", paragraph.rstrip())
    if regex.search(r"\p{L}\s*[,;]$", text):
        return regex.sub(r"\s*[,;]$", ".", text)
    if regex.search(r"\p{L}$", text):
        return text + "."
    return text
