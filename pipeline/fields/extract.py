"""Applying form profiles to a page: which profile fits, and the fields it finds."""

from __future__ import annotations

from dataclasses import replace

import regex
from rapidfuzz.distance import Levenshtein

from pipeline.fields.finders import FINDERS, State
from pipeline.fields.lines import TextLine, page_lines
from pipeline.fields.locate import allowed_edits, find_phrase
from pipeline.model import Field, Page, ReviewItem
from pipeline.profiles import Profile

_LATIN_LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
# Cyrillic letters a Latin word's letters are read as (in typewriter faces п is n, ш is m).
_CYRILLIC_LOOKALIKES = str.maketrans("АВСЕНКМОРТХУасеорхуіпшк", "ABCEHKMOPTXYaceopxyinmk")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_ONLY_LOOKALIKE_CAPS = regex.compile(r"[ABCEHKMOPTXY]+")


def cyrillic_lookalikes(text: str) -> str:
    """Latin look-alike letters inside Cyrillic words (and all-look-alike capitals) as Cyrillic.

    Same length as `text`, so character positions stay valid.
    """
    def fix(m: regex.Match) -> str:
        tok = m.group(0)
        letters = regex.sub(r"[^\p{L}]", "", tok)
        if _CYRILLIC.search(tok) or _ONLY_LOOKALIKE_CAPS.fullmatch(letters):
            return tok.translate(_LATIN_LOOKALIKES)
        return tok
    return regex.sub(r"\S+", fix, text)


def latin_lookalikes(text: str) -> str:
    """Words spelt wholly in Cyrillic letters that look Latin (`Сору`, `Мау`) in Latin letters.

    A `rus+eng` OCR reads an English word in Cyrillic when every letter has a twin; same
    length as `text`.
    """
    return regex.sub(r"(?<!\p{L})[АВСЕНКМОРТХУасеорхуіпшк]+(?!\p{L})",
                     lambda m: m.group(0).translate(_CYRILLIC_LOOKALIKES), text)


def prepared_lines(page: Page, profile: Profile) -> list[TextLine]:
    """The page's lines as a profile reads them: look-alike letters put in the form's script."""
    fix = latin_lookalikes if profile.latin else cyrillic_lookalikes
    return [replace(ln, text=fix(ln.text)) for ln in page_lines(page)]


def match_score(lines: list[TextLine], profile: Profile) -> float:
    """The share (0..1) of the profile's markers found somewhere in the lines."""
    found = sum(1 for m in profile.markers
                if any(find_phrase(m, ln.text, latin=profile.latin) for ln in lines))
    return found / len(profile.markers)


def choose_profile(page: Page, profiles: tuple[Profile, ...], name: str | None = None
                   ) -> tuple[Profile | None, float]:
    """The named profile, or the best-matching one at or above its `min_match`; (None, best)."""
    if name is not None:
        chosen = [p for p in profiles if p.name == name]
        if not chosen:
            raise KeyError(f"no form profile named {name!r}")
        return chosen[0], match_score(prepared_lines(page, chosen[0]), chosen[0])
    scored = [(match_score(prepared_lines(page, p), p), p) for p in profiles]
    best = max(scored, key=lambda sp: sp[0], default=(0.0, None))
    if best[1] is None or best[0] < best[1].min_match:
        return None, best[0]
    return best[1], best[0]


def extract(page: Page, profile: Profile) -> tuple[dict[str, Field], list[ReviewItem]]:
    """Every field of `profile` read from the page (value None when not found), and what a
    person should check: fields not found or read with low confidence."""
    lines = prepared_lines(page, profile)
    labels = [lab for spec in profile.fields.values() if spec["kind"] == "label" for lab in spec["labels"]]
    state = State(lines, profile.latin, labels)
    fields: dict[str, Field] = {}
    review: list[ReviewItem] = []
    for name, spec in profile.fields.items():
        hit = FINDERS[spec["kind"]](spec, state)
        if hit is None:
            fields[name] = Field(None)
            if spec["kind"] != "none" and not spec.get("optional", False):
                review.append(ReviewItem(f"field {name}: not found ({profile.name})", None))
            continue
        state.hits[name] = hit
        fields[name] = Field(hit.value, hit.raw, hit.bbox, round(hit.confidence, 4))
    for name, spec in profile.fields.items():
        if "confirm_with" in spec and isinstance(fields[name].value, list):
            fields[name].value = confirm_names(fields[name].value, fields[spec["confirm_with"]].value,
                                               spec.get("confirm_endings", []))
    for name in fields:
        hit = state.hits.get(name)
        if hit is not None and hit.confidence < profile.review_below:
            region = lines[hit.first].region if hit.first < len(lines) else None
            review.append(ReviewItem(
                f"field {name}: low confidence {hit.confidence:.2f} reading {hit.raw[:60]!r}", region))
    return fields, review


def confirm_names(names: list[str], others: list[str] | None, endings: list[list[str]]) -> list[str]:
    """`names` with each one OCR nearly got right replaced by its spelling in `others`.

    A telegram's sender is also on its copy list, in another grammatical case there
    ("ГРОМОВ" / "Громову"): `endings` are [other-ending, name-ending] pairs that turn an entry
    of `others` into a name's form ("ову" -> "ов" is ["у", ""]). A name within one edit per
    four letters of such a form takes it, in the name's own letter case.
    """
    if not others:
        return names
    forms = {f for o in others for f in [o] + [o[: -len(a)] + b for a, b in endings if a and o.endswith(a)]}
    out = []
    for name in names:
        best = min(forms, key=lambda f: Levenshtein.distance(f.lower(), name.lower()), default=None)
        d = Levenshtein.distance(best.lower(), name.lower()) if best else None
        if best and 0 < d <= allowed_edits(name):
            out.append(best.upper() if name.isupper() else best)
        else:
            out.append(name)
    return out
