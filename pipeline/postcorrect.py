"""Safe post-correction of what Tesseract read, and the script mix of a reading (pure functions).

With `rus+eng`, Tesseract may spell a Russian word partly or wholly with Latin letters that
look the same (`Tов.`, `COB.`, `21/Y`), or read a digit as the Cyrillic letter of the same
shape (`З/У` for the date `3/У`). Only changes that cannot alter a reading are made:
- a Latin letter with a Cyrillic twin inside a word that has Cyrillic letters becomes the twin;
- a word made only of such Latin letters becomes Cyrillic when its line is Cyrillic (most of
  the line's letters are), so English words on an English line stay as they are;
- `З`, `О` or `@` touching a digit (or `З` before the `/` of a date) becomes the digit.
A word with any Latin letter that has no Cyrillic twin (`MOSCOW`, `Tor`) is left alone.
Given the word's glyph boxes from the ink, two more readings are set right where the glyphs
contradict them: the case of Cyrillic letters whose small form is the capital made smaller
(`fix_case`), and a last digit set small on the line
as an index (`fix_subscript`, or `fix_index` where it was read as a digit, stop or sign). A
lone `З` is the digit 3 (`lone_three`), and a list number that breaks its column's count is the
one between its neighbours. On a page read in Russian alone a worn letter
is set right toward the one word of the model's lexicon one worn stroke away (`fix_worn`).
"""

from __future__ import annotations

import itertools
import re

# Latin letter -> the Cyrillic letter drawn the same in typewriter and book faces.
LATIN_TO_CYRILLIC = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х",
    "y": "у",
})
_TWINS = frozenset(chr(c) for c in LATIN_TO_CYRILLIC)

# A Cyrillic З before '/' or a digit, or after a digit; a Cyrillic or Latin O beside a digit,
# or an `@` (a worn typed 0 on fresh dev heavy pages: `@8 мин.`).
_ZE_DIGIT = re.compile(r"З(?=[/\d])|(?<=\d)З")
_O_DIGIT = re.compile(r"(?<=\d)[ОO@]|[ОO@](?=\d)")


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


# What a worn typewriter letter is read as, and the letters it may be: each has lost a stroke
# or an arc of them (`о` open on the right reads `с`, `в` without its stem `з`, `л` and `д`
# worn at the foot `п`). From the dev census (seeds 1000-1011, heavy pages: 41 letters of 155
# errors, most of them these).
WORN_READINGS = {"с": "о", "з": "в", "п": "лд", "в": "н", "ш": "щ", "н": "цв", "г": "е",
                 "э": "а", "х": "к", "ч": "н"}
# Shorter words have too many neighbours in the lexicon to choose from.
WORN_MIN_LETTERS = 4
_WORN_WORD = re.compile(r"([«\"(]?)([а-яёА-ЯЁ]+)([.,:;!?»\")]*)")


def known_respelling(word: str, readings: dict[str, str], known, most: int = 1) -> str | None:
    """The one word `known(candidate)` accepts that `word` becomes when at most `most` of its
    letters are each put back as one of the letters `readings` says it may stand for (read ->
    typed letters), or None when there is none or more than one (`word` itself is not asked).
    Worn and look-alike readings are of small letters: a capital is never put back."""
    places = [i for i, ch in enumerate(word) if ch in readings]
    found = set()
    for size in range(1, min(most, len(places)) + 1):
        for chosen in itertools.combinations(places, size):
            for letters in itertools.product(*(readings[word[i]] for i in chosen)):
                spelt = list(word)
                for i, letter in zip(chosen, letters):
                    spelt[i] = letter
                candidate = "".join(spelt)
                if known(candidate):
                    found.add(candidate)
    return found.pop() if len(found) == 1 else None


def fix_worn(word: str, known: frozenset[str] | set[str]) -> str:
    """`word` with one worn letter set right when the lexicon `known` (lower-case word forms)
    holds not the word but exactly one word that a single change of WORN_READINGS makes
    (`зоспрещается` -> `воспрещается`, `Отпразлена` -> `Отправлена`). Words of capitals (names
    and headings) and a capital's own letter are left alone; so is all when `known` is empty."""
    m = _WORN_WORD.fullmatch(word)
    if not known or m is None:
        return word
    core = m[2]
    small = core.islower()
    if len(core) < WORN_MIN_LETTERS or not (small or core[1:].islower()) or core.lower() in known:
        return word
    found = known_respelling(core, WORN_READINGS, lambda w: w.lower() in known)
    return m[1] + found + m[3] if found is not None else word


def russian_only(lang: str) -> bool:
    """Whether `lang` (Tesseract's `a+b` list) reads Cyrillic with the Russian model alone (and
    the script model beside it): then the page's words are Russian words."""
    script_models = {name for names in SCRIPT_MODELS.values() for name in names}
    cyrillic = {m for m in lang.split("+") if MODEL_SCRIPT.get(m) == "Cyrillic"} - script_models
    return cyrillic == {"rus"}


def fix_line(words: list[str], min_share: float = 0.6) -> list[str]:
    """The words of one line, each through `fix_word`; the line is Cyrillic from `min_share` of its letters."""
    # Mixed words first: `Tов.` is a Cyrillic word when the line's script is judged.
    words = [fix_word(w, False) for w in words]
    cyrillic_line = cyrillic_share(words) >= min_share
    return [fix_word(w, cyrillic_line) for w in words]


def lone_three(words: list[str], k: int) -> str:
    """Word `k` of a Russian line's `words`, `3` where it is a lone `З` or `з`: no Russian word
    is that one letter (a Ukrainian or Belarusian one is), and the typewriter draws the digit and the letter alike (`Получена З час.`,
    `№ З`). In a letter-spaced run (`З А К А З`), a neighbour of one letter, it stays a letter,
    but after `№`."""
    word = words[k]
    if word not in ("З", "з"):
        return word
    before = words[k - 1] if k else ""
    after = words[k + 1] if k + 1 < len(words) else ""
    spaced = any(len(w) == 1 and w.isalpha() for w in (before, after))
    return "3" if before == "№" or not spaced else word


# Script of the Tesseract models this project meets; a model not listed is always kept.
MODEL_SCRIPT = {"rus": "Cyrillic", "ukr": "Cyrillic", "bel": "Cyrillic", "bul": "Cyrillic",
                "eng": "Latin", "fra": "Latin", "deu": "Latin",
                "Cyrillic": "Cyrillic", "script/Cyrillic": "Cyrillic"}
# Script models that join a reading in one script, under their Debian and upstream names.
# Dev pages (seeds 1000-1011, no marks), `rus` -> `rus+Cyrillic`: clean 1.93 -> 1.74% CER,
# light 1.59 -> 1.36, heavy 4.46 -> 4.09, 200 dpi 1.77 -> 2.11 (one page of twelve lost a
# line's order; the dates joined by `imaging.lines.joins_number` win it back). The script
# model reads the typewriter's `д`/`л` (`п` with `rus` alone) and the form's serif `Д`; named
# second, it is asked only where the language model is unsure, so `rus`'s digits and letter
# case mostly stay. Alone it reads more digits as letters (`3.` -> `З.`) and more case wrong:
# clean 2.07%, heavy 4.72; named first, clean 1.77, light 1.32, heavy 3.99, 200 dpi 2.11.
SCRIPT_MODELS = {"Cyrillic": ("Cyrillic", "script/Cyrillic")}


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


def with_script_model(lang: str, installed: frozenset[str] | set[str]) -> str:
    """`lang` with its script's model (SCRIPT_MODELS, the first of its names in `installed`)
    after its language models, when they are all of that one script; else `lang` unchanged."""
    models = [m for m in lang.split("+") if m]
    scripts = {MODEL_SCRIPT.get(m) for m in models}
    names = SCRIPT_MODELS.get(scripts.pop(), ()) if len(scripts) == 1 else ()
    found = [name for name in names if name in installed]
    if not found or any(m in names for m in models):
        return lang
    return "+".join([*models, found[0]])


# Cyrillic letters whose small form is the capital made smaller in typewriter and book faces:
# Tesseract guesses their case (`соколов` for `СОКОЛОВ`, `КОПИЯ` for `Копия`); how far the
# glyph rises above the baseline tells it.
CASE_TWINS = frozenset("ВГЖЗИКЛМНОПСТХЧШЪЫЬЭЮЯвгжзиклмнопстхчшъыьэюя")
# Letters whose rise does not tell their case: a small letter with an ascender or a mark.
TALL_SMALL = frozenset("бБфФйЙёЁ")
# Small letters unlike their capital: their rise is the face's x-height.
X_HEIGHT_LETTERS = frozenset("ае")
# A word of small twins rising this many x-heights is capitals (capitals rise 1.2-1.5 times
# the x-height in the typewriter and form faces of the dev pages).
CAPITAL_FROM = 1.1
# A first glyph rising this much over the rest of the word is its only capital.
TALLER = 1.1
# The rest of such a word must be of one height within this ratio.
EVEN = 1.1
# A word read in small letters is capitals when every glyph rises as a capital (CAPITAL_FROM)
# and they are of one height within this ratio: wider than EVEN, as worn and bleeding capitals
# rise a tenth apart (`СОКОЛОВ` 27-30 px on a dev heavy page, 19-21 at 200 dpi); small letters
# among them rise no more than the x-height, under CAPITAL_FROM of it.
CAPITALS_EVEN = 1.2


def x_height_samples(word: str, rises: list[float]) -> list[float]:
    """Rises of the glyphs of `word` that are small letters unlike their capital (`а`, `е`);
    [] unless each character of `word` has one glyph."""
    if len(rises) != len(word):
        return []
    return [h for ch, h in zip(word, rises) if ch in X_HEIGHT_LETTERS]


def fix_case(word: str, rises: list[float], x_height: float | None) -> str:
    """`word` with the case of its look-alike letters set by how far each glyph rises.

    `rises` holds one rise above the baseline per glyph (else the word is left alone),
    `x_height` the rise of small letters of the word's line or page. Only readings that the
    glyphs contradict are set right: all capitals or all small letters when only the first
    glyph is tall (`КОПИЯ`, `исполнение` -> `Копия`, `Исполнение`), and small letters (all,
    or all after a capital) when every glyph is a capital's height (`соколов`, `Соколов` ->
    `СОКОЛОВ`).
    """
    glyph_rises = rises
    rises = _per_char(word, rises)
    # One glyph more than letters: a stroke broken in two after the first letter (a worn `Я`).
    # The first glyph is still the first letter and the rest still rise as they do, so only
    # the one-capital reading is judged. Dev pages (no marks): clean 1.14 -> 1.09% CER, heavy
    # 3.61 -> 3.55, light 1.08, 200 dpi 1.61 -> 1.62 (`мєнее` -> `Мєнее`).
    broken = rises is None and word.isalpha() and len(glyph_rises) == len(word) + 1
    if broken:
        rises = glyph_rises[:len(word)]
    if rises is None or len(word) < 2:
        return word
    letters = [(ch, r) for ch, r in zip(word, rises) if ch.isalpha()]
    if len(letters) < 3 or not all(_is_cyrillic(ch) and ch not in TALL_SMALL for ch, _ in letters):
        return word
    first = letters[0]
    rest = glyph_rises[1:] if broken else [r for _, r in letters[1:]]
    # The rest rise evenly, but for one glyph of three or more that rises less (as a worn `я`
    # often does: the others are small letters still). Or, in a longer word, they rise no
    # higher than the line's small letters while the first rises as a capital does
    # (`ВЫШИНСКОМУ` whose first glyph is short of TALLER over the rest). Dev pages (no
    # marks): clean 1.36 -> 1.20% CER, light 1.14 -> 1.11, heavy 3.74 -> 3.69, 200 dpi 1.66.
    even = max(rest) <= EVEN * sorted(rest)[1 if len(rest) >= 3 else 0]
    small_rest = (x_height is not None and len(letters) >= 4 and max(rest) <= EVEN * x_height
                  and first[1] >= CAPITAL_FROM * x_height and first[1] > max(rest))
    one_capital = first[0] in CASE_TWINS and (
        (first[1] >= TALLER * max(rest) and even) or small_rest)
    if all(ch.isupper() for ch, _ in letters) and one_capital:
        return word[0] + word[1:].lower()
    if (first[0].isupper() and not broken and all(ch.islower() for ch, _ in letters[1:])
            and _capitals_by_height(letters[1:], x_height)):
        # A name typed in capitals read as a name (`Соколов` for `СОКОЛОВ`: the model's word
        # list knows it so): the letters after the first rise as capitals do, evenly. Fresh
        # dev heavy pages 1300-1323: the signatory's name on 3 of 24.
        return word.upper()
    if all(ch.islower() for ch, _ in letters):
        if one_capital:
            return word[0].upper() + word[1:]
        if broken:
            return word
        # Capitals throughout, by height alone: only a longer word of even glyphs is trusted.
        if len(letters) >= 4 and _capitals_by_height(letters, x_height):
            return word.upper()
    return word


def _capitals_by_height(letters: list[tuple[str, float]], x_height: float | None) -> bool:
    """Whether (letter, rise) pairs are all look-alike letters rising as capitals do: at least
    CAPITAL_FROM x-heights, within CAPITALS_EVEN of one another (False without an x-height)."""
    rises = [r for _, r in letters]
    return bool(x_height and len(letters) >= 3 and all(ch in CASE_TWINS for ch, _ in letters)
                and max(rises) <= CAPITALS_EVEN * min(rises)
                and min(rises) >= CAPITAL_FROM * x_height)


def _per_char(word: str, rises: list[float]) -> list[float] | None:
    """One rise per character of `word`: `ы` is drawn as two glyphs side by side; None when the
    glyphs and the characters do not pair up."""
    if len(rises) == len(word):
        return rises
    if len(rises) != len(word) + sum(ch in "ыЫ" for ch in word):
        return None
    out, k = [], 0
    for ch in word:
        if ch in "ыЫ":
            out.append(max(rises[k], rises[k + 1]))
            k += 2
        else:
            out.append(rises[k])
            k += 1
    return out


# A digit at most this share of its neighbour's height is a small (index) figure; full digits
# of one face differ by far less, a stop or comma is not a digit.
SUBSCRIPT_HEIGHT = 0.65
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_NUMBER = re.compile(r"\d+[.,]?")


def fix_subscript(word: str, glyphs: list[tuple[int, int, int, int]]) -> str:
    """`word` (a number, maybe with a closing stop) with its last digit made a subscript when
    its glyph is at most SUBSCRIPT_HEIGHT of the digit before it and stands on the line, not
    above it (`195 0₂.` read as `02.`).

    `glyphs` holds one (x0, y0, x1, y1) box per character, else the word is left alone.
    """
    if len(glyphs) != len(word) or not _NUMBER.fullmatch(word):
        return word
    last = max(i for i, ch in enumerate(word) if ch.isdigit())
    if last == 0:
        return word
    (_, py0, _, py1), (_, ly0, _, ly1) = glyphs[last - 1], glyphs[last]
    height = py1 - py0
    if height > 0 and ly1 - ly0 <= SUBSCRIPT_HEIGHT * height and ly1 >= py1 - 0.15 * height:
        return word[:last] + word[last].translate(_SUBSCRIPT) + word[last + 1:]
    return word



# An index figure rises at least this share of the digit before it (a stop or comma less).
INDEX_LEAST = 0.35
# The figures of one number rise within this share of the tallest of them.
FULL_FIGURE = 0.8
SUBSCRIPTS = frozenset("₀₁₂₃₄₅₆₇₈₉")
_LETTER = re.compile(r"[^\W\d_]")


def index_reading(word: str, glyphs: list[tuple[int, int, int, int]]) -> tuple[str, str, bool] | None:
    """Where the ink of `word` (a number: a digit first, no letter) shows an index figure that
    Tesseract did not read as one: (the number's full figures, what was read for the index and
    after it, whether a stop's glyph follows the index), else None.

    The full figures are the glyphs of one height the word opens with, one digit each; the next
    glyph is the index (SUBSCRIPT_HEIGHT of its digit at most, INDEX_LEAST at least, standing on
    the line or below it), and after it only glyphs of a stop's size."""
    if not word[:1].isdigit() or _LETTER.search(word) or SUBSCRIPTS.intersection(word) or len(glyphs) < 2:
        return None
    heights = [y1 - y0 for _, y0, _, y1 in glyphs]
    tallest = max(heights)
    k = 0
    while k < len(glyphs) and heights[k] >= FULL_FIGURE * tallest:
        k += 1
    if not 1 <= k < len(glyphs) or k >= len(word) or not word[:k].isdigit():
        return None
    (_, py0, _, py1), (_, iy0, _, iy1) = glyphs[k - 1], glyphs[k]
    height = py1 - py0
    small = INDEX_LEAST * height <= iy1 - iy0 <= SUBSCRIPT_HEIGHT * height
    low = iy1 >= py1 - 0.15 * height and iy0 >= py0 + 0.3 * height
    stops = all(h < INDEX_LEAST * height for h in heights[k + 1:])
    if not (small and low and stops):
        return None
    return word[:k], word[k:], len(glyphs) > k + 1


def fix_index(word: str, glyphs: list[tuple[int, int, int, int]], usual: str | None) -> str:
    """`word` (a number) with the index figure its ink shows (`index_reading`) written as one,
    where Tesseract read it as a full digit, a stop or a sign (`195 12.`, `2..`, `1>` for
    `1₂.`): the one digit read for it, or else `usual`, the index read on the same block (a
    form prints the same one); a closing stop kept when one was read or its glyph is there.
    Left alone when the index was read as more than one digit or nothing tells which it is."""
    found = index_reading(word, glyphs)
    if found is None:
        return word
    figures, rest, stop_glyph = found
    digits = [ch for ch in rest if ch.isdigit()]
    figure = digits[0] if len(digits) == 1 else usual if not digits else None
    if figure is None:
        return word
    stop = "." if stop_glyph or rest[-1:] in (".", ",") else ""
    return figures + figure.translate(_SUBSCRIPT) + stop


def read_index(word: str) -> str | None:
    """The plain digit of the index figure a corrected number ends with (`1₂.` -> `2`), or None."""
    found = [ch for ch in word if ch in SUBSCRIPTS]
    return found[-1].translate(_PLAIN) if found else None


_PLAIN = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


# What a worn or dotted typewriter zero is read as (dev pages: mostly 9).
MISREAD_ZEROS = frozenset("965")


def fix_zeros(word: str, ovals: list[bool]) -> str:
    """`word` (digits with `/`, `.`, `-`) with each `9`, `6` or `5` whose glyph is a closed oval
    (`ovals`, one per character, from `imaging.lines.closed_oval`) set to `0`. Left alone
    unless glyphs and characters pair up."""
    if len(ovals) != len(word) or not re.fullmatch(r"[\d/.,-]*\d[\d/.,-]*", word):
        return word
    return "".join("0" if ch in MISREAD_ZEROS and oval else ch for ch, oval in zip(word, ovals))


# What Tesseract reads a serif `Ш` as (the form's heading `Шифрованная` on dev pages): its
# three stems taken for one to three of `П`, `Т`, `Г`, `1` (and `Ш` beside one of them).
# Set right from the glyph, dev pages (no marks): clean 1.74 -> 1.61% CER, light 1.36 ->
# 1.29, heavy 4.09 -> 4.02, 200 dpi unchanged.
SHA_MISREADS = frozenset("ПТГ1Шптг")


def fix_sha(word: str, sha: list[bool]) -> str:
    """`word` with the characters read for a glyph drawn as `Ш` (`sha`: one flag per glyph of
    the word, from `imaging.lines.stems_on_a_bar`) set to `Ш` (`ш` when they are small letters).

    The glyph's characters are found by counting: every other glyph is one character, so a
    word with up to two characters more than glyphs gives them to its one `Ш` glyph. Left
    alone unless those characters are all misreadings of `Ш` and not `Ш` already. When more
    characters than that are left over (touching letters after it), a first glyph drawn as
    `Ш` takes the run of capital misreadings the word opens with (`_leading_sha`)."""
    extra = len(word) - len(sha)
    if extra > 2 and sha and sha[0] and sum(sha) == 1:
        return _leading_sha(word)
    if not 0 <= extra <= 2 or sum(sha) != (1 if extra else sum(sha)):
        return word
    out, k = [], 0
    for is_sha in sha:
        chars = word[k:k + 1 + (extra if is_sha else 0)]
        k += len(chars)
        if is_sha and chars != "Ш" and chars != "ш" and set(chars) <= SHA_MISREADS:
            chars = "ш" if all(ch.islower() for ch in chars) else "Ш"
        out.append(chars)
    return "".join(out)



# What the first glyph of a word, drawn as `Ш`, is read as when the word's glyphs cannot be
# paired with its characters (letters of a bold or bleeding face touching): a run of one to
# three of these. Dev pages: `ПТифрованная`, `1ШПифрованная`, `ШТифрованная`, `1Пифрованная`.
SHA_LEADING = frozenset("ПТГ1Ш")


def _leading_sha(word: str) -> str:
    """`word`, whose first glyph is a `Ш` and whose other glyphs do not pair with its
    characters, with the run of SHA_LEADING characters it opens with read as that `Ш`."""
    run = 0
    while run < min(3, len(word) - 1) and word[run] in SHA_LEADING:
        run += 1
    # A capital after the run may be the word's own (`ШТАБ`): only a small letter ends it surely.
    if run == 0 or word[:run] == "Ш" or not word[run].islower():
        return word
    return "Ш" + word[run:]


# Letters drawn like a digit, which Tesseract reads for a lone digit out of context. Set right
# in a list's column of numbers, dev pages (no marks): clean 1.18 -> 1.14% CER, light 1.11 ->
# 1.08, heavy 3.66 -> 3.61, 200 dpi 1.66 -> 1.61 (13 numbers, none set wrong).
DIGIT_TWINS = {"З": "3", "з": "3", "б": "6", "т": "7", "Т": "7", "О": "0", "о": "0", "Ч": "4",
               "ч": "4"}
_ITEM = re.compile(r"\d{1,2}\.")


def fix_list_numbers(lines: list[list[tuple[str, float]]],
                     pitch: float | None) -> list[list[str]]:
    """The words of a block's lines ((text, left edge) each) with a numbered list's `З.` set
    right (`3.`).

    A list's numbers stand in a column: a word of one letter drawn like a digit and a stop
    whose left edge is within a pitch of those of two list numbers (`1.`, `12.`) on other
    lines is a number of that list too. In running text (`и т. д.`) no column of numbers
    stands above it.
    """
    texts = [[t for t, _ in line] for line in lines]
    if not pitch:
        return texts
    numbers = [(k, x) for k, line in enumerate(lines) for t, x in line if _ITEM.fullmatch(t)]
    for k, line in enumerate(lines):
        for j, (t, x) in enumerate(line):
            if len(t) == 2 and t[1] == "." and t[0] in DIGIT_TWINS and sum(
                    1 for m, nx in numbers if m != k and abs(nx - x) <= pitch) >= 2:
                texts[k][j] = DIGIT_TWINS[t[0]] + "."
    return _list_order(texts, lines, pitch)


def _list_order(texts: list[list[str]], lines: list[list[tuple[str, float]]],
                pitch: float) -> list[list[str]]:
    """`texts` with a list number that breaks its column's count set to the one between its
    neighbours (`5. 5. 7.` -> `5. 6. 7.`, a worn `6` read `5`): only where the numbers above and
    below it in the column are two apart, so that one number alone fits, and the rest of the
    column counts on by one (a column of other figures, `12. 15. 14.`, is no list)."""
    items = [(k, j, x) for k, line in enumerate(lines) for j, (_, x) in enumerate(line)
             if _ITEM.fullmatch(texts[k][j])]
    for k, j, x in items:
        column = [(m, i) for m, i, nx in items if abs(nx - x) <= pitch]
        numbers = [int(texts[m][i][:-1]) for m, i in column]
        pos = column.index((k, j))
        if len(column) < LIST_LEAST or not 0 < pos < len(column) - 1:
            continue
        before, after = numbers[pos - 1], numbers[pos + 1]
        steps = [b - a for n, (a, b) in enumerate(itertools.pairwise(numbers)) if n not in (pos - 1, pos)]
        if after == before + 2 and numbers[pos] != before + 1 and all(d == 1 for d in steps):
            texts[k][j] = f"{before + 1}."
    return texts


# A column of list numbers is set in order from this many numbers (three may be any figures).
LIST_LEAST = 4
