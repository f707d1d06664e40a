"""Applying form profiles to a page: which profile fits, and the fields it finds."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

import regex

from pipeline.fields import agree, capitals, glyphs, names, reread, spelling, unread, values
from pipeline.fields.finders import FINDERS, Hit, State, convert, split_known_tail
from pipeline.fields.lines import TextLine, page_lines
from pipeline.fields.locate import find_phrase
from pipeline.fields.names import add_sender, confirm_names, numbers_from
from pipeline.model import BBox, Field, Page, ReviewItem
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
    """Words spelt wholly in Cyrillic letters that look Latin (`Сору`, `Мау`) in Latin letters,
    and Latin letters with an accent without it (`Pétrov`: an English typewriter has no
    accents, a speck above a letter is read as one).

    A `rus+eng` OCR reads an English word in Cyrillic when every letter has a twin; same
    length as `text`.
    """
    text = regex.sub(r"(?<!\p{L})[АВСЕНКМОРТХУасеорхуіпшк]+(?!\p{L})",
                     lambda m: m.group(0).translate(_CYRILLIC_LOOKALIKES), text)
    return regex.sub(r"[À-ÖØ-öø-ž]", lambda m: unicodedata.normalize("NFD", m.group(0))[0], text)


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


@dataclass
class Reading:
    """What the passes of `extract` share while one profile reads one page."""

    page: Page
    profile: Profile
    engine: object = None       # Tesseract for digits (`reread.digit_engine`), or None
    reader: object = None       # a Tesseract engine for a model name, or None
    lines: list[TextLine] = field(default_factory=list)    # as the profile first reads them
    patched: list[TextLine] = field(default_factory=list)  # with the passes' re-readings in
    fields: dict[str, Field] = field(default_factory=dict)
    review: list[ReviewItem] = field(default_factory=list)
    state: State | None = None
    digits: dict[str, Hit] = field(default_factory=dict)   # fields whose digits are re-read
    found: dict[str, Hit] = field(default_factory=dict)    # ... of them, those re-read
    notes: list[ReviewItem] = field(default_factory=list)  # the re-readings' review entries

    def valid(self, name: str, raw: str) -> bool:
        """Whether `raw` reads as a value of field `name`'s type."""
        return reads_as(self.profile.fields[name], raw)


def _first_reading(r: Reading) -> None:
    """The fields as the page's own reading gives them, and where the re-read digits are."""
    r.lines = r.patched = prepared_lines(r.page, r.profile)
    r.fields, r.review, r.state = _extract(r.page, r.profile, r.lines)
    r.digits = {name: hit for name in r.profile.fields if (hit := _digit_hit(name, r.profile, r.state))}


def _second_digits(r: Reading) -> None:
    """The digits of the fields found read a second time from the ink (`reread.patch_lines`)."""
    if r.engine is None:
        return
    # Only the fields found (a crop more or less in its stacked image changes how the others
    # are read: on dev pages, adding the fields not found lost as many as it won) ... but a
    # value not found that is one word of the letters digits are read as ("it" for 11) is
    # re-read too: it has no other chance.
    r.found = {name: hit for name, hit in r.digits.items()
               if name in r.state.hits or reread.LETTER_WORD.fullmatch(regex.sub(r"\W+", "", hit.raw))}
    r.patched, r.notes = reread.patch_lines(r.engine, r.page, r.lines, r.found, r.valid)


def _unread_numbers(r: Reading) -> None:
    """A number not read at all, its label ending its line, read from the ink beside the label."""
    if r.engine is None:
        return
    unread_fields = {name: spec["labels"] for name, spec in r.profile.fields.items()
                     if spec.get("reread") and spec.get("type") == "number"
                     and spec["kind"] == "label" and name not in r.state.hits
                     and not _about(name, r.notes)}
    if unread_fields:
        r.patched, more = unread.patch_lines(r.engine, r.page, r.patched, unread_fields, r.profile.latin)
        r.notes += more


def _recounted_numbers(r: Reading) -> None:
    """A number read with more or fewer digits than the ink beside its label has glyphs, re-read."""
    if r.engine is None:
        return
    counted = {name: hit for name, hit in _moved(r.found, r.lines, r.patched).items()
               if r.profile.fields[name].get("type") == "number" and not _about(name, r.notes)}
    if counted:
        r.patched, more = unread.recount_lines(r.engine, r.page, r.patched, counted, r.valid)
        r.notes += more


def _digit_shapes(r: Reading) -> None:
    """A digit still read in a re-read field whose glyph has another digit's shape read as that
    digit: a 5 shaped as a 3, a 9 as a 0 (`glyphs`; no Tesseract), unless that sets a date's
    year apart from the page's other dates that agreed with it as read."""
    before = r.patched
    r.patched, more = glyphs.patch_lines(r.page, r.patched, _moved(r.digits, r.lines, r.patched), r.valid)
    r.patched, more = _years_kept(r, before, r.patched, more)
    r.notes += more


def _years_kept(r: Reading, before: list[TextLine], after: list[TextLine], notes: list[ReviewItem]
                ) -> tuple[list[TextLine], list[ReviewItem]]:
    # A date's year the page's dates agree on as read, which a digit's shape made another (a
    # worn 5 measured open: "195" -> "193" beside a sent "1953"), is kept as read: the shape
    # outweighs a reading, not the page's other dates. Each date field changed is weighed alone.
    labels = [lab for spec in r.profile.fields.values() if spec["kind"] == "label" for lab in spec["labels"]]
    years = agree.years_read(r.profile, State(after, r.profile.latin, labels))
    if not years or agree.common_year(list(years.values())) is not None:
        return after, notes
    out = list(after)
    for name, hit in r.digits.items():
        if name not in years or hit.first >= len(out) or out[hit.first] == before[hit.first]:
            continue
        trial = out[:hit.first] + [before[hit.first]] + out[hit.first + 1:]
        kept = agree.years_read(r.profile, State(trial, r.profile.latin, labels))
        agreed = agree.common_year(list(kept.values()))
        if kept[name] is not None and kept[name] != years[name] and agreed == kept[name]:
            out = trial
            notes = [n for n in notes if not _about(name, [n])]
    return out, notes


def _small_capitals(r: Reading) -> None:
    """In running text (`small_by_height`), a capital inside a sentence no taller than the small
    letters read small."""
    for name, spec in r.profile.fields.items():
        if spec.get("small_by_height") and name in r.state.hits:
            hit = r.state.hits[name]
            # `true`, or the rise (share of the small letters) a capital's glyph must pass
            below = capitals.SMALL_BELOW if spec["small_by_height"] is True else float(spec["small_by_height"])
            r.patched, more = capitals.patch_lines(r.page, r.patched, hit.first, hit.last, name, below)
            r.notes += more


def _read_again(r: Reading) -> None:
    """The fields read again from the patched lines when any pass changed them, with its notes."""
    if r.notes:
        r.fields, review, r.state = _extract(r.page, r.profile, r.patched)
        r.review = review + r.notes


def _senders_from_ink(r: Reading) -> None:
    """A sender the page's reading lost under a signature read from the ink above the copy count."""
    if r.reader is None:
        return
    found = _sender_from_ink(r.reader, r.page, r.profile, r.state, r.fields)
    r.review = [x for x in r.review if not _about(found, [x], " not found")] + list(found.values())


# The passes of `extract`, in order: a new rule is one more pass here.
PASSES = (_first_reading, _second_digits, _unread_numbers, _recounted_numbers, _digit_shapes,
          _small_capitals, _read_again, _senders_from_ink)


def extract(page: Page, profile: Profile, engine=None, reader=None
            ) -> tuple[dict[str, Field], list[ReviewItem]]:
    """Every field of `profile` read from the page (value None when not found), and what a
    person should check: fields not found or read with low confidence.

    The `PASSES` run in order over one `Reading`. With a Tesseract `engine` for digits, the
    digits of fields marked `reread` are read a second time from the page image (each change a
    review entry), and so are numbers not read beside their label or read with another count of
    digits than the ink there has glyphs (`unread`); a 5 whose glyph has a 3's shape is read as
    3, a 9 with a 0's as 0 (`glyphs`); a capital inside a sentence of a `small_by_height` field
    no taller than the small letters is read small (`capitals`); when any of these changed a
    line, the fields are read again. With `reader` (a Tesseract engine for a model name), a sender (`sender_reread`)
    the page's reading lost under a signature is read from the ink above the copy count
    (`names.sender_from_ink`). Every change has a review entry.
    """
    reading = Reading(page, profile, engine, reader)
    for step in PASSES:
        step(reading)
    return reading.fields, reading.review


def _about(names, items: list[ReviewItem], what: str = "") -> bool:
    """Whether any review item of `items` is about the field `names` (a name, or any of a
    collection of names), saying `what` first (" not found") when given."""
    names = [names] if isinstance(names, str) else names
    return any(r.reason.startswith(f"field {name}:{what}") for r in items for name in names)


def _sender_from_ink(reader, page: Page, profile: Profile, state: State, fields: dict[str, Field]
                     ) -> dict[str, ReviewItem]:
    # The sender of a field marked `sender_reread` read from the page image where the page's
    # reading lost its line (`names.sender_from_ink`), added to `fields`; a review entry for
    # each field so completed.
    notes = {}
    for name, spec in profile.fields.items():
        if not spec.get("sender_reread") or "sender_above" not in spec:
            continue
        others = fields[spec["confirm_with"]].value if "confirm_with" in spec else None
        have = fields[name].value if isinstance(fields[name].value, list) else []
        hit = names.sender_from_ink(reader, page, spec, state, others, have)
        if hit is None:
            continue
        old = fields[name]
        # a scrap of the same name the page's reading took for one ("АИЛОВ" of МИХАЙЛОВ) goes
        pieces = [n for n in have if names.piece_of(n, hit.value)]
        have = [n for n in have if n not in pieces]
        boxes = [b for b in (old.bbox, hit.bbox) if b is not None]
        fields[name] = Field(have + [hit.value], "\n".join(r for r in (old.raw, hit.raw) if r),
                             BBox.enclosing(boxes) if boxes else None,
                             round(min(old.confidence, hit.confidence) if have else hit.confidence, 4))
        dropped = f" (in place of {', '.join(map(repr, pieces))}, a piece of it)" if pieces else ""
        notes[name] = ReviewItem(f"field {name}: {hit.value} read from {hit.raw!r} in the ink above "
                                 f"the copy count, read again alone, through the copy list{dropped}",
                                 state.lines[hit.first].region)
    return notes


def _digit_hit(name: str, profile: Profile, state: State) -> Hit | None:
    # Where a field whose digits are read again was found; one that did not read as its type
    # ("2 5 час." for 23 hours: a 3 read 5) is looked for as plain text, its digits may say.
    spec = profile.fields[name]
    if not spec.get("reread"):
        return None
    if name in state.hits:
        return state.hits[name]
    return FINDERS[spec["kind"]]({**spec, "type": "text"}, state)


def _moved(hits: dict[str, Hit], before: list[TextLine], after: list[TextLine]) -> dict[str, Hit]:
    # The hits with their raw text as it reads in `after` (characters changed in place).
    out = {}
    for name, hit in hits.items():
        old, new = before[hit.first].ocr, after[hit.first].ocr
        at = old.find(hit.raw)
        out[name] = replace(hit, raw=new[at:at + len(hit.raw)]) if at >= 0 and old != new else hit
    return out


def reads_as(spec: dict, raw: str) -> bool:
    """Whether `raw` reads as a value of the field's type as it stands: a time with hours and
    minutes readable and none over its limit (no misread 0 to put back; the date's parts may be
    unreadable, the page's other dates supply them), a number, ..."""
    kind = spec.get("type", "text")
    if kind in ("datetime_ru", "datetime_en"):
        when = values.when_ru(raw) if kind == "datetime_ru" else values.when_en(raw)
        return when is not None and not when.repaired and None not in (when.hour, when.minute)
    return convert(kind, raw) is not None


def _extract(page: Page, profile: Profile, lines: list[TextLine]
             ) -> tuple[dict[str, Field], list[ReviewItem], State]:
    labels = [lab for spec in profile.fields.values() if spec["kind"] == "label" for lab in spec["labels"]]
    state = State(lines, profile.latin, labels)
    fields: dict[str, Field] = {}
    review: list[ReviewItem] = []
    for name, spec in profile.fields.items():
        hit = FINDERS[spec["kind"]](spec, state)
        if hit is None and spec.get("split_from") in state.hits:
            hit = _split_off(name, spec, state, fields, review)
        if hit is not None and ("vocabulary" in spec or "words" in spec):
            hit, note = in_vocabulary(hit, spec, profile.latin)
            if note:
                review.append(ReviewItem(f"field {name}: {note}", lines[hit.first].region))
        if hit is not None and any(k in spec for k in ("hyphen_case", "final_stop", "abbreviations",
                                                       "formula_case", "letter_first")):
            hit, note = tidied(hit, spec)
            if note:
                review.append(ReviewItem(f"field {name}: {note}", lines[hit.first].region))
        if hit is not None and spec.get("join_broken"):
            hit, note = joined(hit)
            if note:
                review.append(ReviewItem(f"field {name}: {note}", lines[hit.first].region))
        if hit is not None and "respell" in spec:
            hit, note = respelt(hit, spec)
            if note:
                review.append(ReviewItem(f"field {name}: {note}", lines[hit.first].region))
        if hit is not None and "lexicon" in spec:
            hit, notes = spelt(hit, spec["lexicon"])
            review.extend(ReviewItem(f"field {name}: {n}", lines[hit.first].region) for n in notes)
        if hit is None:
            fields[name] = Field(None)
            if spec["kind"] != "none" and not spec.get("optional", False):
                review.append(ReviewItem(f"field {name}: not found ({profile.name})", None))
            continue
        state.hits[name] = hit
        fields[name] = Field(hit.value, hit.raw, hit.bbox, round(hit.confidence, 4))
    for name, spec in profile.fields.items():
        if "confirm_line" in spec and isinstance(fields[name].value, list):
            # a name typed in the recipient line and on the list: each side's worn letters
            # put right by the other's typed ones
            line = profile.fields[spec["confirm_line"]]
            fields[spec["confirm_line"]].value, notes = names.list_confirms_line(
                fields[spec["confirm_line"]].value, fields[name].value, spec["line_worn"])
            review.extend(ReviewItem(f"field {spec['confirm_line']}: {n}", None) for n in notes)
            fields[name].value, notes = names.line_confirm(
                fields[name].value, fields[spec["confirm_line"]].value, spec["line_worn"],
                line.get("words", []) + line.get("abbreviations", []))
            review.extend(ReviewItem(f"field {name}: {n}", None) for n in notes)
    for name, spec in profile.fields.items():
        others = fields[spec["confirm_with"]].value if "confirm_with" in spec else None
        if "confirm_with" in spec and isinstance(fields[name].value, list) and "confirm_worn" in spec:
            # the sender's capitals read better than the copy list's worn small letters
            others, notes = names.capitals_confirm(
                fields[name].value, others, spec["confirm_worn"], spec.get("confirm_glyph"),
                lambda n: names.ells_by_glyph(page, lines, n))
            if notes:
                fields[spec["confirm_with"]].value = others
                review.extend(ReviewItem(f"field {spec['confirm_with']}: {n}", None) for n in notes)
        if "confirm_with" in spec and isinstance(fields[name].value, list):
            read = fields[name].value
            fields[name].value = confirm_names(read, others, spec.get("confirm_endings", []),
                                               profile.latin, spec.get("confirm_similarity"))
            review.extend(ReviewItem(f"field {name}: {a!r} taken as {b!r}, as on the copy list", None)
                          for a, b in zip(read, fields[name].value) if a != b)
        if "sender_above" in spec:
            add_sender(name, spec, state, page, others, fields, review)
        if "numbers_from" in spec and isinstance(fields[name].value, list):
            known = values.ordinal(fields[spec["numbers_from"]].value or "")
            fields[name].value, notes = numbers_from(fields[name].value, known)
            review.extend(ReviewItem(f"field {name}: {n}", None) for n in notes)
    repaired = agree.agree_dates(profile, state, fields)
    have = [name for name, f in fields.items() if f.value is not None]
    review = [r for r in review if not _about(have, [r], " not found")]
    review.extend(repaired)
    for name in fields:
        hit = state.hits.get(name)
        if _about(name, repaired):
            continue  # already up for review, with the reason
        if hit is not None and hit.confidence < profile.review_below:
            region = lines[hit.first].region if hit.first < len(lines) else None
            review.append(ReviewItem(
                f"field {name}: low confidence {hit.confidence:.2f} reading {hit.raw[:60]!r}", region))
    return fields, review, state


def _split_off(name: str, spec: dict, state: State, fields: dict[str, Field],
               review: list[ReviewItem]) -> Hit | None:
    # A field whose label was lost, its value run into the field `split_from` before it on
    # the line ("Куда ХЕЛЬСИНКИ СОВПОСОЛ": `Кому` lost) when that value ends in one of its
    # `words`: that field keeps the rest, this one the word, a review entry says so.
    source = spec["split_from"]
    old = state.hits[source]
    parts = split_known_tail(old, spec["words"], state)
    if parts is None:
        return None
    state.hits[source], hit = parts
    kept = state.hits[source]
    fields[source] = Field(kept.value, kept.raw, kept.bbox, round(kept.confidence, 4))
    review.append(ReviewItem(f"field {name}: {hit.value} split from {source} {old.raw!r}, "
                             f"its label not read", state.lines[hit.first].region))
    return hit


def in_vocabulary(hit: Hit, spec: dict, latin: bool) -> tuple[Hit | None, str]:
    """The hit with its value spelt as the form's vocabulary has it, and a note when that changed
    the reading: `vocabulary` is a closed list of whole values (a value like none of them at
    `min_similarity` is not this field), `words` an open list of words the value (or each item
    of a list) is made of."""
    value, quality = hit.value, 1.0
    if "vocabulary" in spec and isinstance(value, str):
        found = values.nearest_phrase(value, spec["vocabulary"], spec.get("min_similarity", 0.6), latin)
        if found is None:
            return None, ""
        value, quality = found
    if "words" in spec and isinstance(value, str):
        value = values.snap_words(value, spec["words"], latin)
    elif "words" in spec and isinstance(value, list):
        value = [values.snap_words(v, spec["words"], latin) if isinstance(v, str) else v for v in value]
    if value == hit.value:
        return hit, ""
    return (replace(hit, value=value, confidence=hit.confidence * min(quality, 0.75)),
            f"read {hit.raw[:60]!r}, taken as the form's {value!r}")


def respelt(hit: Hit, spec: dict) -> tuple[Hit, str]:
    """The hit with its value (or each item of a list) respelt by the spec's `respell` rules
    ([pattern, replacement]: a letter sequence the form's words cannot have put as the
    look-alike they can), and a note when that changed the reading."""
    rules = spec["respell"]
    value = hit.value
    if isinstance(value, str):
        value = values.respell(value, rules)
    elif isinstance(value, list):
        value = [values.respell(v, rules) if isinstance(v, str) else v for v in value]
    if value == hit.value:
        return hit, ""
    # a letter put right by the language's spelling, not read: a little less sure
    return (replace(hit, value=value, confidence=hit.confidence * 0.75),
            f"read {hit.raw[:60]!r}, taken as {value!r}: a spelling the language has not")


# A name OCR broke with a space ("Лебеде ву", "Гус еву"): a capitalised word, then one of at
# most three small letters (a title is not part of a list's item; "10 отдел" has a number).
_BROKEN_NAME = regex.compile(r"^(\p{Lu}\p{Ll}+)\s+(\p{Ll}{1,3})$")


def joined(hit: Hit) -> tuple[Hit, str]:
    """The hit with each item of its list value that is a name OCR broke with a space
    (`_BROKEN_NAME`) joined, and a note when that changed the reading."""
    if not isinstance(hit.value, list):
        return hit, ""
    value = [_BROKEN_NAME.sub(r"\1\2", v) if isinstance(v, str) else v for v in hit.value]
    if value == hit.value:
        return hit, ""
    changed = [f"{a!r} as {b!r}" for a, b in zip(hit.value, value) if a != b]
    # a space dropped by the form's convention, not read: a little less sure
    return (replace(hit, value=value, confidence=hit.confidence * 0.9),
            f"{', '.join(changed)}: one name OCR broke with a space")


def tidied(hit: Hit, spec: dict) -> tuple[Hit, str]:
    """The hit with the form's conventions its spec asks for restored (`hyphen_case`: a
    hyphenated name's last part capitalised like the others; `final_stop`: the line's closing
    full stop read as a comma; `abbreviations`: the stop after a title read as a comma;
    `formula_case`: the line's first letter a capital, its `words` after that small;
    `letter_first`: marks read before the line's first letter dropped), and a note when that
    changed the reading."""
    value = hit.value
    if not isinstance(value, str):
        return hit, ""
    if spec.get("letter_first"):
        value = values.letter_first(value)
    if spec.get("hyphen_case"):
        value = values.hyphen_case(value)
    value = values.abbreviation_stops(value, spec.get("abbreviations", []))
    if spec.get("formula_case"):
        value = values.formula_case(value, spec.get("words", []))
    if spec.get("final_stop"):
        value = values.final_stop(value)
    if value == hit.value:
        return hit, ""
    # a convention restored, not a letter read: a little less sure than the reading
    return (replace(hit, value=value, confidence=hit.confidence * 0.9),
            f"read {hit.raw[:60]!r}, taken as {value!r} by the form's conventions")


def spelt(hit: Hit, language: str) -> tuple[Hit, list[str]]:
    """The hit with each word of its text value that a look-alike letter (or a capital inside
    it) made into no word of `language` spelt back (`spelling.spell_text`), and a note for each
    word so changed."""
    if not isinstance(hit.value, str):
        return hit, []
    value, changed = spelling.spell_text(hit.value, language)
    if not changed:
        return hit, []
    # letters put back by the language's lexicon, not read: a little less sure
    return (replace(hit, value=value, confidence=hit.confidence * 0.9),
            [f"{a!r} taken as {b!r}: {spelling.reason(a, b, language)}" for a, b in changed])
