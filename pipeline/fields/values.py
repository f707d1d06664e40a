"""Value normalisers for form fields: pure functions from OCR'd text to a clean value (or None).

OCR of typewritten Russian forms confuses digits with look-alike letters (О/0, З/3, l/1) and
months typed as Roman numerals with Cyrillic letters (`У` = V, `Ш` = III, `П` = II, `ХП` = XII)
with Latin letters and digits; each normaliser undoes exactly the confusions of its kind.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.evaluation.normalize import join_letter_spaced
from pipeline.fields.locate import fold

# Characters OCR returns for a typed digit (Cyrillic and Latin look-alikes, subscripts).
_DIGIT_LOOKALIKES = str.maketrans({
    "О": "0", "о": "0", "O": "0", "o": "0", "Q": "0", "D": "0", "©": "0", "@": "0",
    "Ө": "0", "ө": "0", "Ø": "0", "ø": "0",  # a typewriter's barred or slashed zero
    "l": "1", "L": "1", "I": "1", "|": "1", "і": "1", "І": "1", "i": "1", "!": "1", "]": "1", "[": "1",
    "З": "3", "з": "3", "Ч": "4", "ч": "4", "S": "5", "s": "5", "Б": "6", "б": "6", "G": "6",
    "B": "8", "В": "8", "g": "9", "А": "4", "A": "4",
})
_DIGIT_SHAPES = "lIiі|!OoОоЗз"
_SUB_SUPER_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
# A letter or digit read in place of a Roman-numeral "letter" of a typed month.
_ROMAN_LOOKALIKES = {
    "У": "V", "у": "V", "Y": "V", "y": "V", "V": "V", "v": "V", "Ү": "V",
    "Ш": "III", "ш": "III", "Щ": "III", "щ": "III", "W": "III",
    "П": "II", "п": "II", "Н": "II", "H": "II", "n": "II",
    "Х": "X", "х": "X", "X": "X", "x": "X", "Ж": "X",
    "I": "I", "l": "I", "1": "I", "|": "I", "i": "I", "І": "I", "і": "I", "!": "I", "Г": "I", "г": "I",
    "Л": "I", "л": "I",  # "ЛХ" for IX, "ЛУ" for IV: the result must still be a month
}
_ROMAN_MONTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                 "IX": 9, "X": 10, "XI": 11, "XII": 12}
_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]


def clean_text(text: str) -> str:
    """NFC text with whitespace runs collapsed and the ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def digits(text: str, strict: bool = False) -> str | None:
    """The digits of the first word of `text` that holds any, once look-alike letters are read
    as digits ("86О0" -> "8600", "1181.9" -> "11819": OCR splits numbers at stray dots), joined
    with the all-digit words right after it when it is one or two digits alone, up to the first
    longer one ("№ 1 1293", "№ 1 21 97": a typewriter's wide pitch splits a number).

    `strict`: only words with a true digit, or made of the letters most often read for 1 and 0
    (l, I, O, З), count ("№ l" is 1, but "нб" is not 46).
    """
    words = text.split()
    pairs = list(enumerate(_to_digits(text).split()))
    if strict:
        # words with a true digit first; a lone look-alike ("o" of an underline) only failing them
        true = [(k, t) for k, t in pairs if regex.search(r"\d", words[k].translate(_SUB_SUPER_DIGITS))]
        shaped = [(k, t) for k, t in pairs
                  if words[k].strip(".,:;") and all(c in _DIGIT_SHAPES for c in words[k].strip(".,:;"))]
        pairs = true or shaped
    for k, token in pairs:
        found = regex.sub(r"\D", "", token)
        if not found:
            continue
        # a digit or two split off by the pitch ("1 1293", "1 21 97"): the groups after it
        # joined while each one before is a digit or two; a longer number stands alone
        if words[k].isdigit() and len(words[k]) <= 2:
            for nxt in (w.rstrip(".,") for w in words[k + 1:]):
                if not nxt.isdigit():
                    break
                found += nxt
                if len(nxt) > 2:
                    break
        return found
    return None


def _to_digits(text: str) -> str:
    # Only tokens that hold a digit or consist of look-alikes alone are mapped, so words
    # ("No", "Исход") stay words while "ЗО" and "86О0" become numbers.
    def fix(m: regex.Match) -> str:
        tok = m.group(0)
        if regex.search(r"\d", tok) or all(c in _DIGIT_LOOKALIKES for c in map(ord, tok)):
            return tok.translate(_DIGIT_LOOKALIKES)
        return tok
    return regex.sub(r"[^\s/.,:;\-]+", fix, text.translate(_SUB_SUPER_DIGITS))


def roman_month(token: str) -> int | None:
    """The month 1..12 of a Roman numeral typed with Cyrillic or Latin look-alikes, else None."""
    t = regex.sub(r"[\s.,'`]", "", unicodedata.normalize("NFC", token))
    if not t:
        return None
    if t.isdigit() and set(t) != {"1"}:
        n = int(t)  # an Arabic month number
        return n if 1 <= n <= 12 else None
    latin = "".join(_ROMAN_LOOKALIKES.get(c, "?") for c in t)
    return _ROMAN_MONTHS.get(latin)


_ORDINALS_RU = ["первый", "второй", "третий", "четвертый", "пятый", "шестой", "седьмой", "восьмой",
                "девятый", "десятый", "одиннадцатый", "двенадцатый", "тринадцатый",
                "четырнадцатый", "пятнадцатый", "шестнадцатый", "семнадцатый", "восемнадцатый",
                "девятнадцатый", "двадцатый"]


_ORDINALS_EN = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                "seventeenth", "eighteenth", "nineteenth", "twentieth"]


def ordinal_ru(text: str) -> int | None:
    """The number a Russian ordinal word starting `text` names ("Десятый отдел" -> 10), else None."""
    first = regex.match(r"\s*(\p{L}+)", text or "")
    word = first.group(1).lower().replace("ё", "е") if first else ""
    return _ORDINALS_RU.index(word) + 1 if word in _ORDINALS_RU else None


def ordinal(text: str) -> int | None:
    """The number a Russian or English ordinal word starting `text` names ("Tenth Department"
    -> 10), else None."""
    first = regex.match(r"\s*(\p{L}+)", text or "")
    word = first.group(1).lower() if first else ""
    return _ORDINALS_EN.index(word) + 1 if word in _ORDINALS_EN else ordinal_ru(text)


def number_shaped(token: str) -> str | None:
    """The digits a short token of digits and their look-alikes reads as ("iO" -> "10", "i@" ->
    "10", "16" -> "16"), when every character is one; None otherwise."""
    read = _to_digits(token)
    return read if read.isdigit() else None


def code_word(text: str) -> str | None:
    """A telegraphic address (one code word, `ПЕКИН`, `УЛАН-БАТОР`) in capitals: marks around it
    dropped, and pieces OCR split it into ("БУДАП ЕШТ") joined when all are capitals; None
    when it starts with fewer than three letters."""
    tokens = regex.findall(r"\p{L}+(?:-\p{L}+)*", clean_text(text))
    if not tokens or len(tokens[0]) < 3:
        return None  # a letter or two is debris, not an address
    word = tokens[0]
    for tok in tokens[1:]:
        if not (word.isupper() and tok.isupper()):
            break
        word += tok
    return word.upper()


def spaced(text: str) -> str:
    """Letter-spaced writing joined into words (`О С О Б А Я` -> `ОСОБАЯ`)."""
    return clean_text(join_letter_spaced(clean_text(text)))


def year_of(text: str) -> int | None:
    """The year typed in `text` ("1950", "50", "195 la." for 1951), None when digits are lost
    ("195 д2.": the typed digit read as a letter no digit looks like)."""
    # Only digits can stand here: every look-alike letter is read as one ("195 la." is 1951);
    # another letter stands where a digit was lost, and what follows it (the form's "₂") is
    # not the year's ("195 д2." is not 1952)
    read = regex.sub(r"[^\p{L}\d]", "", text.translate(_SUB_SUPER_DIGITS).translate(_DIGIT_LOOKALIKES))
    d = regex.match(r"\p{L}*(\d*)", read).group(1)
    if len(d) >= 4 and d[:2] in ("18", "19", "20"):
        return int(d[:4])
    if len(d) == 2:
        return 1900 + int(d)  # the archive's documents are 20th-century: "50" is 1950
    return None  # "195" alone: the typed last digit was lost, the year is unknown


def _number(text: str, most: int) -> int | None:
    # A typewriter's wide pitch makes OCR split a number ("1 8"): join every digit found.
    d = regex.sub(r"\D", "", _to_digits(text))
    return int(d) if 0 < len(d) <= most else None


# Digits a typed 0 is misread as ("30" read "39", "1950" read "1956"): a minute or hour whose
# tens digit is one of these cannot be as read, and was most likely typed with a 0 there.
ZERO_MISREADS = "689"


def zero_misread(typed: str, read: str) -> bool:
    """Whether the digits `read` are the digits `typed` with some of their 0s misread: as 6, 8
    or 9, or as two characters ("10" read "190", "4607" read "46097")."""
    pattern = "".join(f"(?:0|[{ZERO_MISREADS}]|09|90)" if c == "0" else regex.escape(c) for c in typed)
    return bool(typed) and regex.fullmatch(pattern, read) is not None


@dataclass(frozen=True)
class When:
    """The parts of a typed date and time as read (None: unreadable), and which parts were
    read through a known OCR confusion rather than as they appear."""

    year: int | None
    month: int | None
    day: int | None
    hour: int | None = 0
    minute: int | None = 0
    repaired: tuple[str, ...] = ()

    def datetime(self) -> dt.datetime | None:
        """The datetime these parts make, or None when one is unknown or the date is not real."""
        if None in (self.year, self.month, self.day, self.hour, self.minute):
            return None
        try:
            return dt.datetime(self.year, self.month, self.day, self.hour, self.minute)
        except ValueError:
            return None


def _clock(text: str, limit: int) -> tuple[int | None, bool]:
    # An hour (< 24) or minute (< 60); (value, repaired). A reading over the limit with a digit
    # a 0 is misread as is taken with that digit as 0, tens first ("98" -> 08, "26" -> 20).
    d = regex.sub(r"\D", "", _to_digits(text))
    if not 0 < len(d) <= 2:
        return None, False
    if int(d) < limit:
        return int(d), False
    for k, c in enumerate(d):
        if c in ZERO_MISREADS and int(d[:k] + "0" + d[k + 1:]) < limit:
            return int(d[:k] + "0" + d[k + 1:]), True
    return None, False


# "час." with its first letter read as a mark or another letter ("15 «ас.", "11 зас."), "мин."
# in Latin letters ("00 mus.").
_RU_TIME = regex.compile(r"^(?P<h>.*?)\s*(?:[чЧ]|[^\s\p{N}](?=ас))\S*"
                         r"\s*(?P<m>.*?)\s*[мМmM]\S*\s*(?P<rest>.*)$")
# The month may hold a speck read as a stop between its numerals ("7/1.Х" for IX): letters
# after the stop, then a space, are still the month's. A year read glued to the month
# ("21/Ш195 1г." for III 1951) starts at its century's "19": the month's numerals never hold it.
_RU_DATE = regex.compile(r"^(?P<d>[^/]*?)\s*/\s*(?P<mon>(?:(?!19\d)[^\s/\-.,]){1,4}(?:\.[^\s/\-.,\d]{1,3}(?=\s))?)"
                         r"[\s.,\-]*(?P<y>.*)$")
# A worn "/" read as "И" between the day's digits and the month's numerals ("13ИП" for 13/II):
# "И" is no Roman numeral's look-alike, so the month is still read, but as a repair.
_RU_DATE_SLASH_AS_I = regex.compile(r"^(?P<d>\d{1,2})\s*[ИиN](?P<mon>[^\s/\-.,\d]{1,4})[\s.,\-]*(?P<y>.*)$")
# "мин." lost (wrapped onto the next row or faded): the minutes are the 1-2 digits after the
# hours when a date with its "/" follows them; read by position, so as a repair.
_RU_TIME_NO_MIN = regex.compile(r"^(?P<h>.*?)\s*(?:[чЧ]|[^\s\p{N}](?=ас))\S*"
                                r"\s*(?P<m>\d{1,2})\s+(?P<rest>\S+/.*)$")


def when_ru(text: str) -> When | None:
    """The parts of `4 час. 10 мин. 14/У 1950 г.` (Roman month, OCR noise tolerated); None when
    the text has no hours and minutes, the date's parts None when it is not shaped like one."""
    read = unicodedata.normalize("NFC", text).translate(_SUB_SUPER_DIGITS).strip()
    m, unlabelled = _RU_TIME.match(read), False
    if m is None:
        m, unlabelled = _RU_TIME_NO_MIN.match(read), True
    if m is None:
        return None
    (hour, fixed_h), (minute, fixed_m) = _clock(m["h"], 24), _clock(m["m"], 60)
    repaired = tuple(name for name, fixed in (("hour", fixed_h), ("minute", fixed_m or unlabelled))
                     if fixed)
    date, slash_lost = _RU_DATE.match(m["rest"]), False
    if date is None:
        date, slash_lost = _RU_DATE_SLASH_AS_I.match(m["rest"]), True
    if date is None:
        return When(None, None, None, hour, minute, repaired)
    month = roman_month(date["mon"])
    if month is not None and ("." in date["mon"] or slash_lost):
        repaired += ("month",)  # read through a speck: a review entry says so (`agree_dates`)
    return When(year_of(date["y"]), month, _number(date["d"], 2), hour, minute, repaired)


def day_of(text: str) -> int | None:
    """A day of the month as typed (look-alike letters read as digits), None unless 1..31."""
    day = _number(text, 2)
    return day if day is not None and 1 <= day <= 31 else None


def month_en(text: str) -> int | None:
    """The month 1..12 an English month name (OCR noise tolerated) stands for, else None."""
    best = process.extractOne(text.replace(" ", "").lower(), _EN_MONTHS,
                              scorer=Levenshtein.normalized_similarity)
    return best[2] + 1 if best is not None and best[1] >= 0.6 else None


def datetime_ru(text: str) -> dt.datetime | None:
    """`4 час. 10 мин. 14/У 1950 г.` (Roman month, OCR noise tolerated) as a datetime, else None."""
    when = when_ru(text)
    return when.datetime() if when else None


# A month name and year right after the time, with no day before the month, or a day and year
# with no month between them: only the punctuation that follows the time may stand before them.
_EN_DAYLESS = r"[\s,.;]*(?P<mon>[A-Za-z]{3,}(?:\s[A-Za-z]{2,})?)\.?,?\s+(?P<y>\S{2,5})"
_EN_MONTHLESS = r"[\s,.;]*(?P<d>\d{1,2})\s+(?P<y>\d{4})\W*$"


def when_en(text: str) -> When | None:
    """The parts of `4:10 am, 14 May 1950` (month name, OCR noise tolerated); None when no time
    followed by a day or a month (or both) is found."""
    s = _to_digits(unicodedata.normalize("NFC", text))
    tm = regex.search(r"(\d{1,2})\s*[:.;]\s*(\d{2})\s*([ap])?\.?\s*m?", s, flags=regex.I)
    if tm is None:
        return None
    # a time with am/pm is on a 12-hour clock: "19:18 pm" is 10:18 pm with its 0 misread
    hours = 13 if tm.group(3) else 24
    (hour, fixed_h), (minute, fixed_m) = _clock(tm.group(1), hours), _clock(tm.group(2), 60)
    if hour is not None and tm.group(3) and tm.group(3).lower() == "p" and hour < 12:
        hour += 12
    if tm.group(3) and tm.group(3).lower() == "a" and hour == 12:
        hour = 0
    repaired = tuple(name for name, fixed in (("hour", fixed_h), ("minute", fixed_m)) if fixed)
    # the month name may come in two pieces ("Fe ary"): OCR drops faint letters; a speck
    # read as a stop or a low stroke may sit before it ("1 .November", "12_February"); a day
    # of three digits ("128" for 18) is unreadable, not the last two of them
    date_en = r"(?<!\d)(\d{1,3})\s*[.,_]?\s*([A-Za-z]{2,}(?:\s[A-Za-z]{2,})?)\.?,?\s+(\S{2,5})"
    for date in regex.finditer(date_en, s[tm.end():]):
        month = month_en(date.group(2))
        if month is not None:
            return When(year_of(date.group(3)), month, day_of(date.group(1)), hour, minute, repaired)
    # the day faded out altogether ("4:07 pm, September 1953"), or the month read on another
    # line ("10:20 am. 28 1950"): the other parts are still read, and the page's other dates
    # may supply the one lost (`agree.agree_dates`)
    date = regex.match(_EN_DAYLESS, s[tm.end():])
    month = month_en(date["mon"]) if date is not None else None
    if month is not None:
        return When(year_of(date["y"]), month, None, hour, minute, repaired)
    date = regex.match(_EN_MONTHLESS, s[tm.end():])
    if date is not None:
        return When(year_of(date["y"]), None, day_of(date["d"]), hour, minute, repaired)
    return None


def datetime_en(text: str) -> dt.datetime | None:
    """`4:10 am, 14 May 1950` (month name, OCR noise tolerated) as a datetime, else None."""
    when = when_en(text)
    return when.datetime() if when else None


def person_name(text: str) -> str | None:
    """A typed signature as a name: letter-spacing joined, quotes, brackets and dots dropped,
    its last letter or two split off by a typewriter's wide pitch joined ("Филиппо в"), and its
    first letter a capital."""
    s = regex.sub(r"\[[^\]]*\]|\([^)]*\)", " ", clean_text(text))
    s = spaced(s)
    s = regex.sub(r"[^\p{L}\p{M}\s'-]", "", s)
    s = clean_text(s).strip("-' ")
    s = regex.sub(r"^(\p{L}\p{Ll}{2,})\s(\p{Ll}{1,2})$", r"\1\2", s)
    return s[:1].upper() + s[1:] or None  # a name's capital read small: Ф/ф, С/с are one shape


def respell(text: str, rules: list[list[str]]) -> str:
    """`text` with each [pattern, replacement] of `rules` applied in turn (a profile's letter
    sequences its words cannot have, put as OCR's look-alike misread of the ones they can)."""
    for pattern, replacement in rules:
        text = regex.sub(pattern, replacement, text)
    return text


def _folded(text: str, latin: bool) -> str:
    return regex.sub(r"[\s\p{P}]", "", fold(text, latin))


def nearest_phrase(text: str, phrases: list[str], min_similarity: float, latin: bool = False
                   ) -> tuple[str, float] | None:
    """The phrase of a closed list `text` reads as, with its similarity (0..1; case, spaces,
    punctuation and look-alike scripts ignored); None when none is at least `min_similarity`."""
    best = process.extractOne(_folded(text, latin), [_folded(p, latin) for p in phrases],
                              scorer=Levenshtein.normalized_similarity)
    if best is None or best[1] < min_similarity:
        return None
    return phrases[best[2]], best[1]


def snap_edits(word: str) -> int:
    """The edits a word read may be from a vocabulary word and still be taken as it: one per
    four letters, and one for a word of three letters ("Дия" is "Для"), none for shorter."""
    return max(1, len(word) // 4) if len(word) >= 3 else 0


def snap_words(text: str, words: list[str], latin: bool = False) -> str:
    """`text` with each word OCR nearly got right (`snap_edits`) spelt as in `words`, keeping
    the read word's capitalisation."""
    def fix(m: regex.Match) -> str:
        tok = m.group(0)
        found = nearest_phrase(tok, words, 0.0, latin)
        if found is None or Levenshtein.distance(_folded(found[0], latin), _folded(tok, latin)) > snap_edits(tok):
            return tok
        word = found[0]
        if len(tok) > 1 and tok.isupper():
            return word.upper()
        return word[0].upper() + word[1:] if tok[0].isupper() else word
    return regex.sub(r"\p{L}+", fix, text)


# A name's part this short may be a small connecting word ("Ростов-на-Дону", "Сен-Жан-де-Люз").
CONNECTOR_MAX = 2


def hyphen_case(text: str) -> str:
    """Each name of three or more hyphenated parts, its first part capitalised, with its other
    parts capitalised like it ("Мао-дзе-дуна", "Мао-Дзе-дуна" -> "Мао-Дзе-Дуна"; OCR takes a
    capital's shape for the small letter's); a short small part is a connecting word and is
    left ("Ростов-на-Дону"), and so is a two-part word ("Северо-западный"). A space OCR read
    on one side only of a hyphen between letters is none ("Мао-Дзе -Дуна")."""
    def fix(m: regex.Match) -> str:
        first, *rest = m.group(0).split("-")
        if len(rest) < 2 or not first[:1].isupper():
            return m.group(0)
        return "-".join([first, *(p[:1].upper() + p[1:] if len(p) > CONNECTOR_MAX else p for p in rest)])
    text = regex.sub(r"(?<=\p{L})(?:\s+-(?=\p{L})|-\s+(?=\p{Lu}))", "-", text)
    return regex.sub(r"\p{L}+(?:-\p{L}+){2,}", fix, text)


def letter_first(text: str) -> str:
    """`text` without the marks OCR read before its first letter (a speck as "°", "'" or "/"),
    for a line that opens with a word; an opening quote or bracket is kept."""
    return regex.sub(r"^[^\p{L}\p{N}\s«\"„“(]+\s*(?=\p{L})", "", text)


def final_stop(text: str) -> str:
    """`text` ending in one full stop where OCR read its last mark as a comma or semicolon, or
    a speck beside the stop as a second one ("Послу..")."""
    return regex.sub(r"\s*(?:[,;]|\.(?:\s*\.)+)\s*$", ".", text)


def abbreviation_stops(text: str, abbreviations: list[str]) -> str:
    """`text` with the stop after each of `abbreviations` ("Cde", "тов") put back where OCR
    read it as a comma, semicolon or colon ("For Cde, Petrov." -> "For Cde. Petrov.")."""
    if not abbreviations:
        return text
    words = "|".join(regex.escape(a) for a in abbreviations)
    return regex.sub(rf"(?<!\p{{L}})({words})\s*[,;:](?=\s*\p{{L}})", r"\1.", text, flags=regex.I)


def formula_case(text: str, words: list[str]) -> str:
    """A typed formula line ("Для тов. Николаева.") in its letter case: the first letter a
    capital, each later word of `words` (the formula's common words) in small letters when OCR
    read it with a capital (capitals and small letters of one shape look alike: Т/т, С/с); a
    name, not in `words`, keeps its capital."""
    vocabulary = {w.lower() for w in words}
    first = True

    def fix(m: regex.Match) -> str:
        nonlocal first
        tok = m.group(0)
        if first:
            first = False
            return tok[0].upper() + tok[1:]
        if tok.lower() in vocabulary and tok[0].isupper() and (len(tok) == 1 or tok[1:].islower()):
            return tok.lower()
        return tok
    return regex.sub(r"\p{L}+", fix, text)

