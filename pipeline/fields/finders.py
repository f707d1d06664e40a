"""How a field is found among a page's typed lines: one function per profile `kind`.

Every finder takes the field's spec (its `[fields.<name>]` table), the lines, and the search
state (fields found so far, the profile's labels) and returns a `Hit` or None. Finders never
raise on odd text: a field that cannot be read is simply not found.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from pipeline.evaluation.normalize import join_letter_spaced
from pipeline.fields import prose, values
from pipeline.fields.lines import TextLine, text_height
from pipeline.fields.locate import allowed_edits, distance, find_phrase
from pipeline.model import BBox


@dataclass
class Hit:
    """A field value and where it was read: lines first..last, characters of the first line."""

    value: Any
    raw: str
    first: int
    last: int
    bbox: BBox | None
    confidence: float


@dataclass
class State:
    """What finders share while one profile is applied to one page."""

    lines: list[TextLine]
    latin: bool
    labels: list[str]
    hits: dict[str, Hit] = field(default_factory=dict)

    def start_after(self, refs: list[str]) -> int:
        """The first line after every found field named in `refs` (0 when none was found)."""
        found = [self.hits[r].last for r in refs if r in self.hits]
        return max(found) + 1 if found else 0


def convert(kind: str, raw: str) -> Any:
    """The value of `raw` under a profile value type; None when it does not read as one."""
    raw = values.clean_text(raw)
    if kind == "number":
        return values.digits(raw, strict=True)
    if kind == "word":
        # a speck before or after the word read as marks ("|.ONDON") is no part of it
        tokens = regex.findall(r"[\p{L}\p{N}]\S*", raw)
        return regex.sub(r"[^\p{L}\p{N}]+$", "", tokens[0]) if tokens else None
    if kind == "code_word":
        return values.code_word(raw)
    if kind == "spaced":
        return values.spaced(raw) or None
    if kind == "name":
        return values.person_name(raw)
    if kind in ("datetime_ru", "datetime_en"):
        when = values.datetime_ru(raw) if kind == "datetime_ru" else values.datetime_en(raw)
        return when.isoformat() if when else None
    return raw or None


def _box(lines: list[TextLine]) -> BBox | None:
    boxes = [ln.bbox for ln in lines if ln.bbox is not None]
    return BBox.enclosing(boxes) if boxes else None


def _span_hit(value: Any, line: TextLine, idx: int, start: int, end: int, quality: float) -> Hit:
    return Hit(value, line.ocr[start:end].strip(), idx, idx, line.span_box(start, end),
               max(0.0, min(1.0, line.span_confidence(start, end) * quality)))


def _range(spec: dict, state: State) -> range:
    lo = state.start_after(spec.get("after", []))
    hi = len(state.lines)
    if "before_pattern" in spec:
        stop = regex.compile(spec["before_pattern"])
        hi = next((i for i in range(lo, hi) if stop.search(state.lines[i].text)), hi)
    return range(lo, hi)


def find_label(spec: dict, state: State) -> Hit | None:
    """The value typed after one of `labels` on the same line, up to the next known label."""
    own = spec["labels"]
    best = None  # the label read with the fewest errors wins; the earliest among equals
    rows = _range(spec, state)
    near = state.hits.get(spec.get("near", ""))
    if near is not None:
        # a value typed on a known field's line (or a neighbour, should layout split it)
        rows = range(max(rows.start, near.first - 1), min(rows.stop, near.last + 2))
    for i in rows:
        line = state.lines[i]
        for label in own:
            at = find_phrase(label, line.text, latin=state.latin)
            if at is None or (best is not None and at[2] >= best[0]):
                continue
            if at[1] < len(line.text) and line.text[at[1]].islower():
                continue  # inside a word ("Кому" in "Комиссии"); run into a value is fine
            start, end = at[1], len(line.text)
            for other in state.labels:
                if other in own:
                    continue
                nxt = find_phrase(other, line.text, start, latin=state.latin)
                if nxt is not None and nxt[0] < end:
                    end = nxt[0]
            value = convert(spec.get("type", "text"), line.text[start:end])
            if value is not None:
                quality = 1.0 - at[2] / max(1, len(label))
                best = (at[2], _span_hit(value, line, i, start, end, quality))
    if best is not None:
        return best[1]
    return _value_beside(spec, state, rows) or _label_fallback(spec, state)


def _value_beside(spec: dict, state: State, rows: range) -> Hit | None:
    # A label with nothing after it on its line: OCR may have split the typed line and put the
    # value on a line of its own just above or below ("954" / "Special no."). Such a line is
    # taken when it matches `beside_pattern` (group `v`) whole and holds no other label.
    if "beside_pattern" not in spec:
        return None
    pat = regex.compile(spec["beside_pattern"])
    for i in rows:
        text = state.lines[i].text
        for label in spec["labels"]:
            at = find_phrase(label, text, latin=state.latin)
            if at is None or regex.search(r"[\p{L}\p{N}]", text[at[1]:]):
                continue
            for k in (i - 1, i + 1):
                if not 0 <= k < len(state.lines):
                    continue
                line = state.lines[k]
                m = pat.fullmatch(line.text)
                if m is None or any(find_phrase(o, line.text, latin=state.latin) for o in state.labels):
                    continue
                value = convert(spec.get("type", "text"), m.group("v"))
                if value is not None:
                    # not on the label's line: half as sure as a value read after its label
                    return _span_hit(value, line, k, m.start("v"), m.end("v"), 0.5)
    return None


def _label_fallback(spec: dict, state: State) -> Hit | None:
    # When the label itself is misread, `fallback_pattern` (group `v`) may still find the value:
    # on the line of the field named by `fallback_on` (e.g. the last number of the address
    # line), or on a line between the fields named by `fallback_between` (its own line's place).
    if "fallback_pattern" not in spec:
        return None
    if "fallback_on" in spec:
        ref = state.hits.get(spec["fallback_on"])
        rows = [ref.first] if ref is not None else []
    elif "fallback_between" in spec:
        lo, hi = (state.hits.get(n) for n in spec["fallback_between"])
        rows = list(range(lo.last + 1, hi.first)) if lo is not None and hi is not None else []
    else:
        return None
    for i in rows:
        line = state.lines[i]
        m = regex.search(spec["fallback_pattern"], line.text)
        value = convert(spec.get("type", "text"), m.group("v")) if m is not None else None
        if value is not None:
            # Found without its label: half as sure as a labelled value.
            return _span_hit(value, line, i, m.start("v"), m.end("v"), 0.5)
    return None


def find_choice(spec: dict, state: State) -> Hit | None:
    """The phrase among `choices` found best in a line (alone on it, or among other text when
    columns were read together); the value is that choice as the profile spells it.

    A longer choice read with an error beats a shorter one read exactly ("СОВ. СЕКРЕТНО" read
    "СОВ . СЕКРЕТНО" is not "СЕКРЕТНО"): each choice scores its letters minus twice its edits.
    """
    best = None
    for i in _range(spec, state):
        line = state.lines[i]
        for choice in spec["choices"]:
            size = len(regex.sub(r"[\s\p{P}]", "", choice))
            whole = distance(choice, line.text, state.latin)
            if whole <= allowed_edits(choice):
                edits, span = whole, (0, len(line.text))
            else:
                at = find_phrase(choice, line.text, latin=state.latin)
                if at is None or (at[1] < len(line.text) and line.text[at[1]].isalnum()):
                    continue
                edits, span = at[2], (at[0], at[1])
            key = size - 2 * edits
            if best is None or key > best[0]:
                best = (key, i, choice, span, 1.0 - edits / max(1, size))
    if best is None:
        return None
    _, i, choice, (s0, s1), quality = best
    longer = _longer_choice(spec["choices"], choice, state.lines[i], s0, s1)
    if longer is not None:
        choice, s0 = longer
    return _span_hit(choice, state.lines[i], i, s0, s1, quality)


# How far (in character cells, at the pitch the choice was typed in) a word may start from
# where a longer choice's first words would, and still be those words: a typed line's words
# sit on its pitch's grid, so a garbled word keeps its place though not its letters.
PREFIX_PLACE_CELLS = 1.0


def _longer_choice(choices: list[str], choice: str, line: TextLine, s0: int,
                   s1: int) -> tuple[str, int] | None:
    """The longer choice ending in `choice` (read at [s0, s1) of `line`) whose first words
    stand garbled just before it ("ioe. Secret" for "Top Secret"), with where they start.

    Read exactly, the shorter choice outscores a longer one whose first word a mark or the
    next line garbled. A word typed before the choice, on its line, starting where those first
    words would at the choice's pitch, is them; a mark's debris lies anywhere, and a form types
    nothing just there before its shorter choice. None when no word stands in that place.
    """
    upright = {id(w): b for w, b in zip(line.words, line.word_upright)}
    spans = [(s, e, upright.get(id(w)) or w.bbox) for s, e, w in line.word_spans()]
    own = [box for s, e, box in spans if s < s1 and e > s0]
    if not own:
        return None
    box = BBox.enclosing(own)
    pitch = (box.x1 - box.x0) / len(choice)
    found = None  # (distance from the place in cells, choice, start)
    for other in choices:
        head = other[:len(other) - len(choice)]
        if not head.endswith(" ") or other[len(head):].casefold() != choice.casefold():
            continue
        place = box.x0 - len(head) * pitch
        for s, e, w in spans:
            if e > s0 or w.x1 > box.x0 + pitch / 2 or w.y1 <= box.y0 or w.y0 >= box.y1:
                continue  # not before the choice on its line
            off = abs(w.x0 - place) / pitch
            if off <= PREFIX_PLACE_CELLS and (found is None or off < found[0]):
                found = (off, other, s)
    return found[1:] if found else None


def find_pattern(spec: dict, state: State) -> Hit | None:
    """The first line where `pattern` matches; the value is its group `v` (or the match)."""
    pat = regex.compile(spec["pattern"])
    for i in _range(spec, state):
        line = state.lines[i]
        m = pat.search(line.text)
        if m is None:
            continue
        g = "v" if "v" in pat.groupindex else 0
        value = convert(spec.get("type", "text"), m.group(g))
        if value is not None:
            return _span_hit(value, line, i, m.start(g), m.end(g), 1.0)
    return None


def find_next_line(spec: dict, state: State) -> Hit | None:
    """The line right after the fields named in `after`, if it matches the optional `pattern`
    (whose group `v`, if any, is the value)."""
    for i in _range(spec, state):
        line = state.lines[i]
        if "skip" in spec and regex.search(spec["skip"], line.text):
            continue
        if "require" in spec and not regex.search(spec["require"], line.text):
            continue  # OCR debris (a garbled stamp or mark) is not the line we want
        start, end = 0, len(line.text)
        if "pattern" in spec:
            m = regex.search(spec["pattern"], line.text)
            if m is None:
                return None
            if "v" in m.re.groupindex:
                start, end = m.span("v")
        end = start + len(strip_debris(line.text[start:end]))  # not a mark's debris at its end
        value = convert(spec.get("type", "text"), line.text[start:end])
        return _span_hit(value, line, i, start, end, 1.0) if value is not None else None
    return None


def _paragraph_starts(lines: list[TextLine]) -> set[int]:
    """Indices of lines that open a new paragraph: after a sentence end, indented from a neighbour.

    Indentation is measured against the neighbouring lines on the upright page, so a little
    residual skew (which shifts every line a bit) does not look like an indent.
    """
    starts: set[int] = set()
    boxes = [ln.upright for ln in lines]
    ends_sentence = [bool(regex.search(r"[.!?:;»\"”]\s*$", ln.text)) for ln in lines]
    if lines and all(b is not None for b in boxes):
        height = text_height(lines)
        for k in range(1, len(lines)):
            neighbours = [boxes[k - 1].x0] + ([boxes[k + 1].x0] if k + 1 < len(lines) else [])
            # a stop read as a comma ends the line before an indented line opening with a
            # capital: an indent is a paragraph's, never a sentence's middle
            ends = ends_sentence[k - 1] or (regex.search(r"\p{L},\s*$", lines[k - 1].text) is not None
                                            and regex.match(r"\s*\p{Lu}\p{Ll}", lines[k].text) is not None)
            if ends and boxes[k].x0 - min(neighbours) > 1.2 * height:
                starts.add(k)
        return starts
    longest = max((len(ln.text) for ln in lines), default=0)
    for k in range(1, len(lines)):
        if ends_sentence[k - 1] and len(lines[k - 1].text.rstrip()) < 0.8 * longest:
            starts.add(k)
    return starts


def _join_lines(texts: list[str]) -> str:
    out = ""
    for t in texts:
        t = values.clean_text(t)
        if not out:
            out = t
        elif regex.search(r"\p{L}-$", out) and regex.match(r"\p{Ll}", t):
            out = out[:-1] + t  # a word hyphenated at the line end
        elif out.endswith("-") and regex.match(r"\p{L}", t):
            out += t  # a hyphenated compound broken after its hyphen
        else:
            out += " " + t
    return out


# A hyphen OCR set apart from the word it ends (its box this close to the word's, in line
# heights; a typed dash stands a space away, about a line height) is the word's.
GLUED = 0.4


def glued_hyphen(line: TextLine, height: float) -> str:
    """The line's text with a line-end hyphen OCR read as a word of its own ("Мини -") joined
    to the word before it when their boxes on the upright page touch (`GLUED`)."""
    m = regex.search(r"(?<=\p{L})\s+-$", line.text)
    boxes = line.word_upright
    if m is None or len(line.words) < 2 or line.words[-1].text != "-" or len(boxes) != len(line.words) \
            or boxes[-1] is None or boxes[-2] is None:
        return line.text
    if boxes[-1].x0 - boxes[-2].x1 >= GLUED * height:
        return line.text
    return line.text[:m.start()] + "-"


# A line of running text holds at least one word of three letters; OCR debris does not.
_WORDLIKE = regex.compile(r"\p{L}{3,}")


def _far_right(line: TextLine, before: list[TextLine], max_indent: float) -> bool:
    """Whether `line` starts more than `max_indent` line heights right of the lines before it."""
    boxes = [ln.upright for ln in before if ln.upright is not None]
    if line.upright is None or not boxes:
        return False
    height = text_height(before)
    return line.upright.x0 - min(b.x0 for b in boxes) > max_indent * height


# Marks that are not typed text left at a line's end: a token with no letter or digit (save a
# hyphen or quote), or lone small letters after a sentence's end ("приглашения. т ы"; a new
# sentence would begin with a capital: "... на-Одере. В").
_TRAILING_DEBRIS = regex.compile(
    r"(?:\s+[^\p{L}\p{N}\s\-\"«»„“”']+)+\s*$|(?<=[.!?])(?:\s+\p{Ll})+\s*$")


def strip_debris(text: str) -> str:
    """A body line without the stamp or pen debris OCR read at its end."""
    return _TRAILING_DEBRIS.sub("", text.rstrip())


# A speck read as a stop or comma glued to the capital that starts a sentence ("рассмотрены.
# .Согласны").
_SPECK_BEFORE_SENTENCE = regex.compile(r"(?<=[.!?])(\s+)[.,]+(?=\p{Lu}\p{Ll})")


# A zero opening a paragraph before a word in small letters ("0 ходе ремонта"): the
# typewriter's capital О (`spelling` reads it so), the paragraph's first letter already.
_ZERO_FIRST = regex.compile(r"^\W*0\s+\p{Ll}")


def sentence_case(paragraph: str) -> str:
    """A paragraph of running text as typed: its first letter a capital (typewriter capitals
    and small letters of the same shape, О/о, С/с, look alike to OCR; a zero read for its
    first letter `О` is that capital) and no speck glued to the start of a sentence."""
    text = _SPECK_BEFORE_SENTENCE.sub(r"\1", paragraph)
    if _ZERO_FIRST.match(text):
        return text
    return regex.sub(r"^(\P{L}*)(\p{Ll})", lambda m: m.group(1) + m.group(2).upper(), text, count=1)


def find_block(spec: dict, state: State) -> Hit | None:
    """The lines after `after` up to the first line matching one of `until`, as paragraphs.

    Lines without a word (debris of a stamp or of handwriting) are left out; `max_debris + 1`
    of them in a row end the text. Words OCR letter-spaced ("р а с с м о т р е н ы") are joined.
    """
    idx = list(_range(spec, state))
    while idx and not _WORDLIKE.search(state.lines[idx[0]].text):
        idx = idx[1:]
    if idx and "skip_first" in spec and regex.search(spec["skip_first"], state.lines[idx[0]].text):
        idx = idx[1:]
    until = [regex.compile(p) for p in spec.get("until", [])]
    body: list[int] = []
    debris = 0
    for i in idx:
        line = state.lines[i]
        if any(p.search(line.text) for p in until):
            break
        if not _WORDLIKE.search(line.text):
            debris += 1
            if debris > spec.get("max_debris", 2):
                break
            continue
        debris = 0
        if body and _far_right(line, [state.lines[k] for k in body], spec.get("max_indent", 8.0)):
            break  # a signature or sender line set off to the right ends the text
        body.append(i)
    if not body:
        return None
    height = text_height([state.lines[i] for i in body])
    lines = [replace(state.lines[i], text=join_letter_spaced(prose.typed_marks(
        strip_debris(glued_hyphen(state.lines[i], height))))) for i in body]
    starts = _paragraph_starts(lines)
    paragraphs: list[list[str]] = []
    for k, ln in enumerate(lines):
        if k == 0 or k in starts:
            paragraphs.append([])
        paragraphs[-1].append(ln.text)
    value = prose.unpaired_quote("\n".join(
        prose.paragraph_end(prose.typed_brackets(sentence_case(_join_lines(p)))) for p in paragraphs))
    conf = statistics.fmean(ln.confidence for ln in lines)
    return Hit(value, "\n".join(ln.ocr for ln in lines), body[0], body[-1], _box(lines), conf)


def find_collect(spec: dict, state: State) -> Hit | None:
    """Every line in range that one of `patterns` matches, their groups `v` as a list; lines
    read with less than `min_confidence` (a stamp's letters read as letter-spaced type) are
    passed over."""
    pats = [regex.compile(p) for p in spec["patterns"]]
    exclude = regex.compile(spec["exclude"]) if "exclude" in spec else None
    found: list[tuple[int, Any]] = []
    limit = spec.get("limit_per_pattern")
    used = [0] * len(pats)
    for i in _range(spec, state):
        if exclude is not None and exclude.search(state.lines[i].text):
            continue
        if state.lines[i].confidence < spec.get("min_confidence", 0.0):
            continue
        for k, pat in enumerate(pats):
            m = pat.search(state.lines[i].text)
            if m:
                value = convert(spec.get("type", "text"), m.group("v" if "v" in pat.groupindex else 0))
                if value is not None and (limit is None or used[k] < limit):
                    found.append((i, value))
                    used[k] += 1
                break
    if not found:
        return None
    lines = [state.lines[i] for i, _ in found]
    return Hit([v for _, v in found], "\n".join(ln.ocr for ln in lines), found[0][0], found[-1][0],
               _box(lines), min(ln.confidence for ln in lines))


def find_list(spec: dict, state: State) -> Hit | None:
    """The items after the line matching `anchor`: every match of `item` (groups `n`, its
    number, and `v`, its text) on the following lines, ordered by number when all have one."""
    anchor = regex.compile(spec["anchor"])
    item = regex.compile(spec["item"])
    rng = _range(spec, state)
    anchored = next((i for i in rng if anchor.search(state.lines[i].text)), None)
    # A heading lost to OCR does not lose the list: its items are still recognisable.
    start = anchored if anchored is not None else rng.start - 1
    found: list[tuple[int | None, int, str, int]] = []  # (number, line, value, order)
    rows = [(i, state.lines[i].text) for i in range(start + 1, len(state.lines))]
    if anchored is not None:
        # an item read on the heading's line ("Copies: 1. Comr. Zakharov": the lines joined)
        rest = state.lines[anchored].text[anchor.search(state.lines[anchored].text).end():]
        rows.insert(0, (anchored, rest))
    for i, text in rows:
        for m in item.finditer(text):
            value = values.clean_text(m.group("v"))
            # debris at the ends: punctuation, and lone letters or the next column's item number
            # (its title lost or read in pieces) after the value; an entry has a two-letter word
            value = regex.sub(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$", "", value)
            value = regex.sub(r"(?:\s+(?:\p{L}|\d{1,2}))+$|[\s\p{P}\p{S}]+$", "", value)
            if regex.search(r"[\p{L}\p{N}]{2}", value):
                n = values.digits(m.group("n")) if "n" in item.groupindex else None
                found.append((int(n) if n else None, i, value, len(found)))
    if not found and anchored is None:
        return None
    numbers = [f[0] for f in found]
    # Columns read row by row give 1, 5, 2, 6 ...: put items in their own order, but only when
    # their numbers are 1..n (a misread number must not move an item).
    if None not in numbers and sorted(numbers) == list(range(1, len(numbers) + 1)):
        found.sort(key=lambda f: f[0])
    items = [f[2] for f in found]
    if spec.get("case") == "title_if_upper":
        # Typewriter capitals and small letters look alike to OCR (К/к, О/о, П/п): a name
        # read in capitals, or with capitals inside ("МИхайлову"), is written as a name.
        items = [regex.sub(r"\b\p{Lu}\p{L}*\b", lambda m: m.group(0).capitalize(), v) for v in items]
    used = sorted({f[1] for f in found}) or [anchored]
    lines = [state.lines[i] for i in used]
    return Hit(items, "\n".join(ln.ocr for ln in lines), used[0], used[-1], _box(lines),
               min(ln.confidence for ln in lines))


FINDERS: dict[str, Callable[[dict, State], Hit | None]] = {
    "label": find_label, "choice": find_choice, "pattern": find_pattern,
    "next_line": find_next_line, "block": find_block, "collect": find_collect, "list": find_list,
    "none": lambda spec, state: None,
}


def split_known_tail(hit: Hit, words: list[str], state: State) -> tuple[Hit, Hit] | None:
    """A code-word hit (`ХЕЛЬСИНКИ СОВПОСОЛ`) that ran on into the next field's value when that
    field's label was lost, split where its last capitals word(s) spell one of `words` (the next
    field's closed list): the hit for what is left, and one for the known word; None when no
    such tail ends it or less than an address (three letters) would be left."""
    line = state.lines[hit.first]
    at = line.ocr.find(hit.raw)
    if hit.first != hit.last or at < 0 or not hit.raw:
        return None
    tokens = list(regex.finditer(r"\p{Lu}+(?:-\p{Lu}+)*", line.text[at:at + len(hit.raw)]))
    for k in range(1, len(tokens)):
        tail = "".join(t.group(0) for t in tokens[k:])
        snapped = values.snap_words(tail, words, state.latin)
        head = values.code_word(line.text[at:at + tokens[k].start()])
        if snapped not in words or head is None or values.snap_words(head, words, state.latin) in words:
            continue
        cut = at + tokens[k].start()
        first = _span_hit(head, line, hit.first, at, cut, 1.0)
        second = _span_hit(snapped, line, hit.first, cut, at + len(hit.raw), 1.0)
        # each part no surer than the whole was read (its label read with errors, maybe)
        return (replace(first, confidence=min(first.confidence, hit.confidence)),
                replace(second, confidence=min(second.confidence, hit.confidence)))
    return None
