"""Cross-checks between a form's fields: the dates typed on one page agree with each other.

A telegram's received and sent times and the typing date at its foot are days apart at
most, so they share a year (and mostly a month and day): a year OCR misread in one of them
("195 62." for 1950) is put right by the others, a day or month it could not read is taken
from them. Values repaired this way, or read through a known digit confusion, get a review
entry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import regex

from pipeline.fields import values
from pipeline.fields.finders import FINDERS, Hit, State
from pipeline.model import Field, ReviewItem
from pipeline.profiles import Profile

_PARSERS = {"datetime_ru": values.when_ru, "datetime_en": values.when_en}
# The page's dates lie this many days apart at most (received, sent, typed): a date read weeks
# from the day all the others agree on has a misread month or day ("21/1" for 21/П, "2/Х"
# for 9/Х), never a telegram kept that long.
MAX_DAYS_APART = 3


def explaining(numbers: list[int | None]) -> int | None:
    """The number read whose 0s, misread, give every other number read ([29, 20, 20] -> 20:
    OCR takes a typed 0 for 6, 8 or 9, rarely the reverse); None when there is none."""
    seen = [n for n in numbers if n is not None]
    for n in sorted(set(seen)):
        if all(values.zero_misread(str(n), str(other)) for other in seen):
            return n
    return None


def lost_digit(day: int, read: int) -> bool:
    """Whether `read` is the two-digit `day` with its first digit lost (17 read 7)."""
    return day >= 10 and read < 10 and day % 10 == read


def common_year(years: list[int | None]) -> int | None:
    """The year a page's dates agree on: the one `explaining` the others, else the one read more
    often than any other and at least twice, else the only one read; None when they cannot agree."""
    found = explaining(years)
    if found is not None:
        return found
    ranked = Counter(y for y in years if y is not None).most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _text_hit(name: str, profile: Profile, state: State) -> Hit | None:
    # The field found again as plain text (its value the text with look-alikes put right),
    # also when it did not read as a date.
    spec = profile.fields[name]
    return FINDERS[spec["kind"]]({**spec, "type": "text"}, state)


def _unanimous(parts: list[int | None]) -> int | None:
    # The one value every reading that has it agrees on, else None.
    seen = {p for p in parts if p is not None}
    return seen.pop() if len(seen) == 1 else None


def _witnesses(spec: dict, state: State, month_of) -> list[values.When]:
    # The other dates on the page (`witness` with groups y, and optionally d and mon).
    if "witness" not in spec:
        return []
    witness = regex.compile(spec["witness"])
    out = []
    for ln in state.lines:
        m = witness.search(ln.text)
        if m is not None:
            groups = m.groupdict()
            out.append(values.When(values.year_of(m["y"]),
                                   month_of(groups["mon"]) if groups.get("mon") else None,
                                   values.day_of(groups["d"]) if groups.get("d") else None))
    return out


def _out_of_order(spec: dict, read: dict[str, tuple[Hit, values.When]]) -> set[str]:
    # The date fields read out of the order they happen in (`fields` lists them so: a telegram
    # is received before it is sent): both of each pair read later-first.
    names = [n for n in spec["fields"] if n in read]
    times = {n: read[n][1].datetime() for n in names}
    out: set[str] = set()
    for k, first in enumerate(names):
        for later in names[k + 1:]:
            if times[first] is not None and times[later] is not None and times[first] > times[later]:
                out.update((first, later))
    return out


def _as_others(when: values.When, others: list[values.When]) -> values.When:
    # `when` with its month and day those all of `others` (two at least) agree on.
    for part in ("month", "day"):
        common = _unanimous([getattr(w, part) for w in others]) if len(others) >= 2 else None
        if common is not None:
            when = replace(when, **{part: common})
    return when


def _to_put_in_order(spec: dict, read: dict[str, tuple[Hit, values.When]],
                     seen: list[values.When]) -> set[str]:
    # The date fields read out of order to repair (`_as_others`): those whose repair alone
    # puts every field in order ("4/1" sent after "3/Ш" received, the witness "4/Ш": the sent
    # month's stroke lost, not the received day wrong), else every field out of order.
    wrong = _out_of_order(spec, read)
    alone = set()
    for name in wrong:
        hit, when = read[name]
        fixed = _as_others(when, [w for n, (_, w) in read.items() if n != name] + seen)
        if fixed != when and not _out_of_order(spec, {**read, name: (hit, fixed)}):
            alone.add(name)
    return alone or wrong


def far_apart(when: values.When, others: list[values.When]) -> values.When | None:
    """`when` with the month and day that all of `others` read with both (two at least) agree
    on, when its own lie more than `MAX_DAYS_APART` days from theirs; None otherwise."""
    dated = [w for w in others if w.month is not None and w.day is not None]
    if len(dated) < 2 or None in (when.year, when.month, when.day):
        return None
    month, day = _unanimous([w.month for w in dated]), _unanimous([w.day for w in dated])
    if month is None or day is None or (month, day) == (when.month, when.day):
        return None
    try:
        apart = abs((dt.date(when.year, when.month, when.day) - dt.date(when.year, month, day)).days)
    except ValueError:
        return None  # a day the month has not: the reading is no date to weigh
    apart = min(apart, 365 - apart)  # 31/XII and 1/I are a day apart
    return replace(when, month=month, day=day) if apart > MAX_DAYS_APART else None


def years_read(profile: Profile, state: State) -> dict[str, int | None]:
    """The year each date field of the profile's `dates` reads in `state`'s lines (None when
    it reads none), and each other date of the page (`witness`) under the key `witness N`."""
    spec = profile.extra.get("dates")
    if not spec:
        return {}
    read, month_of = _dates_read(spec, profile, state)
    years = {name: None if r is None else r[1].year for name, r in read.items()}
    years.update({f"witness {k}": w.year for k, w in enumerate(_witnesses(spec, state, month_of))})
    return years


def _dates_read(spec: dict, profile: Profile, state: State
                ) -> tuple[dict[str, tuple[Hit, values.When] | None], Callable]:
    """Each date field of `spec` as read in `state`'s lines ((hit, parsed date), None when it
    reads none), and the month reader of the fields' language for the page's other dates."""
    read: dict[str, tuple[Hit, values.When] | None] = {}
    kind = ""
    for name in spec["fields"]:
        hit = _text_hit(name, profile, state)
        kind = profile.fields[name].get("type", "")
        parse = _PARSERS.get(kind)
        when = parse(hit.value) if hit is not None and parse is not None else None
        read[name] = None if when is None else (hit, when)
    return read, values.month_en if kind == "datetime_en" else values.roman_month


def agree_dates(profile: Profile, state: State, fields: dict[str, Field]) -> list[ReviewItem]:
    """Put right, in `fields`, the date fields the page's other dates correct (profile table
    `dates`: `fields`, and `witness`, a pattern for other dates with groups `y` and optionally
    `d` and `mon`): a year outvoted or explained by a misread 0, a day explained so, a day or
    month unreadable in one reading and the same in all others, and (with `ordered`: the fields
    are listed in the order they happen) a month or day that puts a field after a later one
    where all the page's other dates agree on another. Return review entries for every
    value repaired, here or while parsing."""
    spec = profile.extra.get("dates")
    if not spec:
        return []
    every, month_of = _dates_read(spec, profile, state)
    read = {name: r for name, r in every.items() if r is not None}
    seen = _witnesses(spec, state, month_of)
    year = common_year([w.year for _, w in read.values()] + [w.year for w in seen])
    review = []
    # in order or not once the year is agreed (a year misread in one field is no day's fault)
    agreed = {n: (h, w if year is None else replace(w, year=year)) for n, (h, w) in read.items()}
    out_of_order = _to_put_in_order(spec, agreed, seen) if spec.get("ordered") else set()
    for name, (hit, when) in read.items():
        others = [w for n, (_, w) in read.items() if n != name] + seen
        repaired = list(when.repaired)
        if year is not None and when.year != year:
            when = replace(when, year=year)
            repaired.append("year")
        for part in ("month", "day"):
            common = _unanimous([getattr(w, part) for w in others])
            if getattr(when, part) is None and common is not None:
                when = replace(when, **{part: common})
                repaired.append(part)
        # a day may differ from the others' (sent the next day), but not by a misread 0 alone
        day = explaining([when.day] + [w.day for w in others])
        if when.day is not None and day is not None and when.day != day:
            when = replace(when, day=day)
            repaired.append("day")
        # a two-digit day read with its first digit lost ("7/1" for 17/1: a thin 1 faded) where
        # at least two other dates agree on it: a telegram is not sent ten days after it came
        common = _unanimous([w.day for w in others]) if len(others) >= 2 else None
        if when.day is not None and common is not None and lost_digit(common, when.day):
            when = replace(when, day=common)
            repaired.append("day")
        if name in out_of_order:
            # typed before a later field yet read after it: the month and day the others
            # agree on (a Roman month loses a stroke: "П" read "1", "Ш" read "Х")
            before = when
            when = _as_others(when, others)
            repaired += [part for part in ("month", "day") if getattr(when, part) != getattr(before, part)]
        # days apart at most: a month or day that sets this date weeks from the one all the
        # page's other dates agree on is theirs
        near = far_apart(when, others)
        if near is not None:
            repaired += [part for part in ("month", "day") if getattr(near, part) != getattr(when, part)]
            when = near
        value = when.datetime()
        if not repaired or value is None:
            continue
        conf = round(hit.confidence * 0.5, 4)  # a repaired value is a guess, however likely
        fields[name] = Field(value.isoformat(), hit.raw, hit.bbox, conf)
        state.hits[name] = replace(hit, value=value.isoformat(), confidence=conf)
        region = state.lines[hit.first].region if hit.first < len(state.lines) else None
        review.append(ReviewItem(
            f"field {name}: {', '.join(repaired)} repaired reading {hit.raw[:60]!r}", region))
    return review
