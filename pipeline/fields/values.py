"""Value normalisers for form fields: pure functions from OCR'd text to a clean value (or None).

OCR of typewritten Russian forms confuses digits with look-alike letters (О/0, З/3, l/1) and
months typed as Roman numerals with Cyrillic letters (`У` = V, `Ш` = III, `П` = II, `ХП` = XII)
with Latin letters and digits; each normaliser undoes exactly the confusions of its kind.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.evaluation.normalize import join_letter_spaced

# Characters OCR returns for a typed digit (Cyrillic and Latin look-alikes, subscripts).
_DIGIT_LOOKALIKES = str.maketrans({
    "О": "0", "о": "0", "O": "0", "o": "0", "Q": "0", "D": "0", "©": "0",
    "l": "1", "I": "1", "|": "1", "і": "1", "І": "1", "i": "1", "!": "1", "]": "1", "[": "1",
    "З": "3", "з": "3", "Ч": "4", "ч": "4", "S": "5", "s": "5", "Б": "6", "б": "6", "G": "6",
    "B": "8", "В": "8", "g": "9",
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
    as digits ("86О0" -> "8600", "1181.9" -> "11819": OCR splits numbers at stray dots).

    `strict`: only words with a true digit, or made of the letters most often read for 1 and 0
    (l, I, O, З), count ("№ l" is 1, but "нб" is not 46).
    """
    pairs = list(zip(text.split(), _to_digits(text).split()))
    if strict:
        # words with a true digit first; a lone look-alike ("o" of an underline) only failing them
        true = [(r, t) for r, t in pairs if regex.search(r"\d", r.translate(_SUB_SUPER_DIGITS))]
        shaped = [(r, t) for r, t in pairs
                  if r.strip(".,:;") and all(c in _DIGIT_SHAPES for c in r.strip(".,:;"))]
        pairs = true or shaped
    for _, token in pairs:
        found = regex.sub(r"\D", "", token)
        if found:
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


def spaced(text: str) -> str:
    """Letter-spaced writing joined into words (`О С О Б А Я` -> `ОСОБАЯ`)."""
    return clean_text(join_letter_spaced(clean_text(text)))


def _year(text: str) -> int | None:
    # Only digits can stand here: every look-alike letter is read as one ("195 la." is 1951).
    d = regex.sub(r"\D", "", text.translate(_SUB_SUPER_DIGITS).translate(_DIGIT_LOOKALIKES))
    if len(d) >= 4 and d[:2] in ("18", "19", "20"):
        return int(d[:4])
    if len(d) == 2:
        return 1900 + int(d)  # the archive's documents are 20th-century: "50" is 1950
    return None  # "195" alone: the typed last digit was lost, the year is unknown


def _number(text: str, most: int) -> int | None:
    # A typewriter's wide pitch makes OCR split a number ("1 8"): join every digit found.
    d = regex.sub(r"\D", "", _to_digits(text))
    return int(d) if 0 < len(d) <= most else None


_RU_WHEN = regex.compile(
    r"^(?P<h>.*?)\s*[чЧ]\S*\s*(?P<m>.*?)\s*[мМ]\S*\s*(?P<d>[^/]*?)\s*/\s*(?P<mon>[^\s/\-.,]{1,4})"
    r"[\s.,\-]*(?P<y>.*)$")


def datetime_ru(text: str) -> dt.datetime | None:
    """`4 час. 10 мин. 14/У 1950 г.` (Roman month, OCR noise tolerated) as a datetime, else None."""
    m = _RU_WHEN.match(unicodedata.normalize("NFC", text).translate(_SUB_SUPER_DIGITS).strip())
    if m is None:
        return None
    hour, minute, day = _number(m["h"], 2), _number(m["m"], 2), _number(m["d"], 2)
    month, year = roman_month(m["mon"]), _year(m["y"])
    if None in (hour, minute, day, month, year):
        return None
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def datetime_en(text: str) -> dt.datetime | None:
    """`4:10 am, 14 May 1950` (month name, OCR noise tolerated) as a datetime, else None."""
    s = _to_digits(unicodedata.normalize("NFC", text))
    tm = regex.search(r"(\d{1,2})\s*[:.;]\s*(\d{2})\s*([ap])?\.?\s*m?", s, flags=regex.I)
    if tm is None:
        return None
    hour, minute = int(tm.group(1)), int(tm.group(2))
    if tm.group(3) and tm.group(3).lower() == "p" and hour < 12:
        hour += 12
    if tm.group(3) and tm.group(3).lower() == "a" and hour == 12:
        hour = 0
    # the month name may come in two pieces ("Fe ary"): OCR drops faint letters
    for date in regex.finditer(r"(\d{1,2})\s+([A-Za-z]{2,}(?:\s[A-Za-z]{2,})?)\.?,?\s+(\d{2,4})",
                               s[tm.end():]):
        best = process.extractOne(date.group(2).replace(" ", "").lower(), _EN_MONTHS,
                                  scorer=Levenshtein.normalized_similarity)
        year = _year(date.group(3))
        if best is None or best[1] < 0.6 or year is None:
            continue
        try:
            return dt.datetime(year, best[2] + 1, int(date.group(1)), hour, minute)
        except ValueError:
            return None
    return None


def person_name(text: str) -> str | None:
    """A typed signature as a name: letter-spacing joined, quotes, brackets and dots dropped."""
    s = regex.sub(r"\[[^\]]*\]|\([^)]*\)", " ", clean_text(text))
    s = spaced(s)
    s = regex.sub(r"[^\p{L}\p{M}\s'-]", "", s)
    s = clean_text(s).strip("-' ")
    return s or None
