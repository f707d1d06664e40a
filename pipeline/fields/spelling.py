"""Words of running text a typewriter face's look-alike letters made into no word, spelt back.

OCR of a worn typeface reads an `l` that lost its foot as `i` ("tweive", "wili"), an `o` open
at its right as `c` ("sessicn") and an `h` whose ascender is faint as `n` ("Tne"). A word that
is no word of the language, and becomes exactly one word of a general lexicon (pyspellchecker's
word list, not a list of this form's words) when some of those letters are put back, is that
word. A word the lexicon knows is never changed ("hail" stays, though typed "hall"). A longer
word that is no word of either English list (the general lexicon and the `eng` model's word
forms) and one letter away from exactly one word of both is that word ("staterents").

Russian running text is spelt back the same way from the word forms of Tesseract's own `rus`
model (`pipeline.lexicon`), one worn letter a word: the page's reading already put back the
letters a worn stroke makes (`postcorrect.WORN_READINGS`); in a letter's body a few more typed
letters are read as their look-alikes (`RUSSIAN_LOOKALIKES`: `р` whose bowl and stem wore to
an `о`, `ш` read `н` or `л`, `н` read `к` or `в`), and the body is one field a single such
letter loses.
"""

from __future__ import annotations

import bisect
import functools

import regex

from pipeline import lexicon as model_words
from pipeline.fields import english, russian
from pipeline.fields.capitals import TWINS
from pipeline.postcorrect import WORN_READINGS, known_respelling

# What a look-alike letter read stands for (read -> typed); only these letters are put back.
LOOKALIKES = {"i": "l", "c": "o", "n": "h"}
# At most this many look-alike letters in one word are tried (2**n spellings).
MOST_PLACES = 6
# English words this long at least, no word of either word list, are spelt as the one word
# they are a letter away from ("staterents", "ciscussion"): shorter words have too many
# neighbours ("ard": and, are, art), and the body's transliterations ("ogovoreno") none.
ONE_LETTER_MIN = 6
_SMALL_LATIN = "abcdefghijklmnopqrstuvwxyz"
# Russian: what a typed letter worn or faint is read as (read -> typed letters), the worn
# strokes of `postcorrect.WORN_READINGS` and those found in bodies of the dev census (seeds
# 1000-1063: `отгравлены`, `пооизведена`, `приглалает`, `кашему`, `Ивостранными`), and an `о`
# read `в` or `э` (fresh census 1240-1287: `целесовбразным`, `телеграфвм`, `предлэжением`: the
# ring's left side thickened into a stem, or worn open with a speck inside), and a `д` read `н`
# (fresh census 3000-3047: `порянке`; the `д`'s feet below the line worn off leave two stems
# and a bar, as `л`'s look-alike `д` already is).
_MORE_RUSSIAN = {"г": "п", "о": "р", "н": "шд", "л": "шпд", "к": "н", "в": "но", "и": "й", "ц": "д", "п": "ц",
                 "э": "о"}
RUSSIAN_LOOKALIKES = {read: "".join(dict.fromkeys(WORN_READINGS.get(read, "") + _MORE_RUSSIAN.get(read, "")))
                      for read in {**WORN_READINGS, **_MORE_RUSSIAN}}
# Shorter Russian words have too many neighbours one letter away to choose from ...
RUSSIAN_MIN_LETTERS = 4
# A Russian word form the `rus` list lacks (it lists some forms of a word, not all: 5% of the
# gold bodies' words are missing, `дипкурьером`, `уведомило`) is known by its stem: its letters
# but its last one or two (the ending), STEM_MIN of them at least (shorter stems begin too many
# words: `устна`, `судар`), begin a listed form whose ending is at most one letter longer. On
# 207 gold bodies (dev 1000-1079, fresh 1300-1447) no word changed.
FORM_ENDING = 2
STEM_MIN = 6
FORMS_LOOKED_AT = 400  # listed words after a stem's place looked through (a stem begins fewer)
# An ending is a word's ending when at least this many listed forms of 8+ letters end so: `ом`
# ends 3562 of them, `ым` 1848, `ло` 448, but `вм` and `гм` one each. A word read with a rare
# ending is no form of its stem (`телеграфвм`), whereas one with a common ending may be a form
# the list lacks; a put-back letter that gives a common ending makes such a form (`телеграфом`:
# the list has `телеграф`, `телеграфа`, `телеграфу`, not it).
COMMON_ENDING = 20
ENDING_WORD_MIN = 8
# A word whose last letter faded out ("еженедельн."): no form of the list, and exactly one
# listed word is it with one more letter; only long words (LAST_LOST_MIN letters read), whose
# ends are not another word's.
LAST_LOST_MIN = 8
_RUSSIAN_SMALL = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# A word of letters only, not glued to digits or other letters' scripts; a Russian one not a
# hyphenated name's part nor after the hard sign's quote (`Об"явите`).
_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?P<w>\p{Latin}{2,})(?![\p{L}\p{N}])")
_RUSSIAN_WORD = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<w>\p{Cyrillic}{2,})(?![\p{L}\p{N}\"-])")
# A word typed with the typewriter's `"` for the hard sign (`об"единению`: the machine had no
# `ъ`), looked up with the sign put back and written with the quote again.
_HARD_SIGN_WORD = regex.compile(r"(?<![\p{L}\p{N}\"-])(?P<w>\p{Cyrillic}+\"\p{Cyrillic}+)(?![\p{L}\p{N}\"-])")
HARD_SIGN = "ъ"


@functools.cache
def lexicon(language: str):
    """The general word list of `language` (loaded once a process)."""
    from spellchecker import SpellChecker

    return SpellChecker(language=language)


def known(word: str, language: str) -> bool:
    """Whether the lexicon of `language` has `word` (in any letter case); Russian's is the word
    forms of Tesseract's `rus` model."""
    if language == "ru":
        return word.lower() in model_words.words("rus")
    return word.lower() in lexicon(language)


def spelt_back(word: str, language: str) -> str | None:
    """The one word of the lexicon `word` becomes with some of its look-alike letters put back
    (in `word`'s letter case), when `word` itself is no word; None otherwise.

    Words in capitals (names, code words) and with capitals inside are left alone.
    """
    if not (word.islower() or (word[0].isupper() and word[1:].islower())) or known(word, language):
        return None
    if language == "ru":
        # one worn letter a word, as `postcorrect.fix_worn`; nothing when the model has no list
        if len(word) < RUSSIAN_MIN_LETTERS or not model_words.words("rus"):
            return None
        found = known_respelling(word, RUSSIAN_LOOKALIKES, lambda w: known(w, language))
        return found or form_respelling(word) or last_letter_lost(word) or capital_respelling(word)
    # small letters only: the look-alikes are small letters' (a capital `C` is no worn `O`, and
    # "Cde" is the abbreviation, not "Ode"); every subset of them is tried (2**n spellings);
    # else any one letter changed (`one_letter`)
    if sum(ch in LOOKALIKES for ch in word) > MOST_PLACES:
        return None
    found = known_respelling(word, LOOKALIKES, lambda w: known(w, language), most=MOST_PLACES)
    if found is not None:
        return found
    return one_letter(word, language) or (english.rejoined(word) if language == "en" else None)


@functools.cache
def _sorted_words(lang: str) -> tuple[str, ...]:
    # the model's word forms in sorted order: the words a stem begins lie together (`has_forms`)
    return tuple(sorted(model_words.words(lang)))


def has_forms(stem: str, but: str = "") -> bool:
    """Whether a word form of the `rus` list other than `but` is `stem` with at most
    `FORM_ENDING + 1` letters after it (a stem of `STEM_MIN` letters at least)."""
    listed = _sorted_words("rus")
    if len(stem) < STEM_MIN or not listed:
        return False
    at = bisect.bisect_left(listed, stem)
    for w in listed[at:at + FORMS_LOOKED_AT]:
        if not w.startswith(stem):
            return False
        if w != but and len(w) <= len(stem) + FORM_ENDING + 1:
            return True
    return False


def form_respelling(word: str) -> str | None:
    """The one spelling of `word` with one look-alike letter put back (`RUSSIAN_LOOKALIKES`)
    that is a form of a word of the `rus` list though not listed itself: its letters but the
    last one or two (`FORM_ENDING`), the put-back letter among them, begin a listed form
    (`дипкурьером` beside `дипкурьера`, `уведомило` beside `уведомил`), or the put-back letter
    in the last one or two makes them an ending of the language's (`common_ending`:
    `телеграфвм` -> `телеграфом`); of several such spellings, the one that ends as the
    language's words do (`телеграфом`, not `телеграфнм`). None when there is none or more than
    one, when one put-back letter already makes a listed word, or when `word` itself reads as a
    form of a listed word (a listed stem and a common ending). The list holds some of a word's
    forms, not all."""
    low = word.lower()
    if any(has_forms(low[:-k]) and common_ending(low[-k:]) for k in range(1, FORM_ENDING + 1)):
        return None  # the word read is itself a form the list has the stem of
    found = set()
    for i, ch in enumerate(word):
        for typed in RUSSIAN_LOOKALIKES.get(ch, ""):
            candidate = word[:i] + typed + word[i + 1:]
            if known(candidate, "ru"):
                return None  # the listed respellings are `known_respelling`'s to choose among
            spelt = candidate.lower()
            if any(has_forms(spelt[:-k], but=spelt) and (len(low) - k > i or common_ending(spelt[-k:]))
                   for k in range(1, FORM_ENDING + 1)):
                found.add(candidate)
    if len(found) > 1:  # of several, the one spelling that ends as the language's words do
        found = {c for c in found if common_ending(c.lower()[-FORM_ENDING:])}
    return found.pop() if len(found) == 1 else None


def capital_respelling(word: str) -> str | None:
    """The one listed word that `word`, capitalised and no listed word, is with its capital put
    back as a look-alike of its small letter's (`RUSSIAN_LOOKALIKES`: a sentence's first word
    "Лолучение" -> "Получение", the capital `П`'s stem worn into `Л`'s), capitalised; None
    otherwise. Only the first letter is put back: the others are `known_respelling`'s."""
    if not word[0].isupper() or len(word) < RUSSIAN_MIN_LETTERS or known(word, "ru"):
        return None
    rest = word[1:]
    found = {typed for typed in RUSSIAN_LOOKALIKES.get(word[0].lower(), "") if known(typed + rest, "ru")}
    return found.pop().upper() + rest if len(found) == 1 else None


def last_letter_lost(word: str) -> str | None:
    """The one listed word that `word`, in small letters, no listed word and `LAST_LOST_MIN`
    letters long at least, is with one letter more at its end (a faded last letter:
    "еженедельн" -> "еженедельно"); None otherwise."""
    if len(word) < LAST_LOST_MIN or not word.islower() or known(word, "ru"):
        return None
    found = [word + ch for ch in _RUSSIAN_SMALL if known(word + ch, "ru")]
    return found[0] if len(found) == 1 else None


@functools.cache
def _endings() -> dict[str, int]:
    # how many listed forms of ENDING_WORD_MIN letters or more end in each last one or two letters
    counts: dict[str, int] = {}
    for w in model_words.words("rus"):
        if len(w) >= ENDING_WORD_MIN:
            for k in range(1, FORM_ENDING + 1):
                counts[w[-k:]] = counts.get(w[-k:], 0) + 1
    return counts


def common_ending(ending: str) -> bool:
    """Whether `ending` ends `COMMON_ENDING` listed forms at least (an ending of the language,
    not letters a misreading left at a word's end)."""
    return _endings().get(ending, 0) >= COMMON_ENDING


def one_letter(word: str, language: str) -> str | None:
    """The one word of both English word lists (the general lexicon and the `eng` model's word
    forms) that `word`, in small letters, no word of either and `ONE_LETTER_MIN` letters long
    at least, becomes with any one letter changed ("staterents" -> "statements"); None when
    there is none or more than one, or the model has no list."""
    listed = model_words.words("eng")
    if language != "en" or not listed or len(word) < ONE_LETTER_MIN or not word.islower() \
            or word in listed or known(word, language):
        return None
    found = {word[:i] + ch + word[i + 1:] for i in range(len(word)) for ch in _SMALL_LATIN if ch != word[i]}
    found = {w for w in found if w in listed and known(w, language)}
    return found.pop() if len(found) == 1 else None


def looks_alike(read: str, typed: str, language: str) -> bool:
    """Whether `typed` is `read` with look-alike letters put back only (not `one_letter`'s)."""
    readings = RUSSIAN_LOOKALIKES if language == "ru" else LOOKALIKES
    return len(read) == len(typed) and all(a == b or b in readings.get(a, "") for a, b in zip(read, typed))


def case_back(word: str, language: str) -> str | None:
    """`word` with capitals inside it read small ("commisSion", "tO", "MOScow": a typed word is
    in small letters, capitalised or in capitals, and OCR takes a small letter for its capital
    twin: `capitals.TWINS`), when that is a word of the lexicon; None otherwise."""
    if len(word) < 2 or word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()):
        return None
    # only capitals of a small letter's shape (`McDonald`'s D is no small letter misread)
    if any(ch.isupper() and ch not in TWINS for ch in word[1:]):
        return None
    typed = word[0] + word[1:].lower()
    if not known(typed, language):
        return None
    return typed


def reason(read: str, typed: str, language: str) -> str:
    """Why `spell_text` took the word `read` as `typed`, in a review entry's words."""
    if language == "ru" and read.lower() == typed and (typed in russian.CLOSED_CLASS or typed in russian.ONE_LETTER_WORDS):
        return "a pronoun, preposition or conjunction read with a capital inside a sentence"
    if not typed:
        return "a speck after a comma"
    if typed == read + ",":
        return "the comma Russian sets before `что`/`чтобы`, lost"
    if read.endswith(".") and typed == read[:-1] + ",":
        return "a stop before a word in small letters, the comma it looks like"
    if typed[:-1] == read:
        return f"no {language} word, the one word with its faded last letter"
    if read.lower() == typed.lower():
        return "capitals inside a word read small"
    if language == "ru" and read.lower() == "с" and typed.lower() == "о":
        return "`с` before a prepositional ending, the preposition `о` it looks like"
    if language == "en" and english.worn_common(read) == typed:
        return "a rare word, the far more common word one worn letter makes of it"
    if language == "en" and english.rejoined(read) == typed:
        return "no English word, a letter worn into two put back"
    if language == "en" and not read.isalpha():
        return "no English word, marks glued to it a letter worn to specks"
    if looks_alike(read, typed, language):
        return f"no {language} word, its look-alike letters put back"
    return f"no {language} word, the one word a letter from it"


def spell_text(text: str, language: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with every word `case_back` or `spelt_back` gives a spelling for so spelt (in
    English also one whose edge's marks are a letter worn to specks, `english.lost_letters`; in
    Russian also a word typed with `"` for its hard sign, then the grammar's rules of
    `russian.sentence_rules`), and the (read, taken) pairs changed."""
    changed: list[tuple[str, str]] = []

    def fix(m: regex.Match) -> str:
        word = m.group("w")
        typed = case_back(word, language) or spelt_back(word, language) or (
            english.worn_common(word, m.string[m.start() - 1:m.start()]) if language == "en" else None)
        if typed is None:
            return word
        changed.append((word, typed))
        return typed

    if language != "ru":
        text, lost = english.lost_letters(text)
        return _WORD.sub(fix, text), lost + changed
    text = _RUSSIAN_WORD.sub(fix, text)

    def hard_sign(m: regex.Match) -> str:
        word = m.group("w")
        typed = spelt_back(word.replace('"', HARD_SIGN), language)
        if typed is None or typed[word.index('"')] != HARD_SIGN:
            return word
        typed = typed.replace(HARD_SIGN, '"')
        changed.append((word, typed))
        return typed

    text = _HARD_SIGN_WORD.sub(hard_sign, text)

    text, more = russian.sentence_rules(text)
    return text, changed + more
