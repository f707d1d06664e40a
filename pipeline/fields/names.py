"""Cross-checks of a form's names and numbers against other fields of the same page.

A telegram's sender is also on its copy list (in the dative there), so the copy list confirms
a name OCR nearly read, and finds the sender where a signature garbled the typed line; a
department number on the copy list is the header's department. Whatever is taken this way
gets a review entry.
"""

from __future__ import annotations

import statistics

import numpy as np
import regex
from rapidfuzz.distance import Levenshtein

from pipeline.errors import MissingDependencyError, PageFailedError
from pipeline.fields import capitals, reread, values
from pipeline.fields.capitals import TWINS
from pipeline.fields.finders import Hit, State
from pipeline.fields.lines import text_height
from pipeline.fields.locate import allowed_edits, fold
from pipeline.model import BBox, Field, Page, Region, ReviewItem


def add_sender(name: str, spec: dict, state: State, page: Page, others: list[str] | None,
               fields: dict[str, Field], review: list[ReviewItem]) -> None:
    """Add to `fields[name]` the sender found through the copy list (`others`) unless a name
    read is it already; a review entry says where it was found."""
    found = sender_above(spec, state, others, fields[name].raw or "")
    if found is not None:
        value, raw, box, conf = found.value, found.raw, found.bbox, found.confidence
        region, where = state.lines[found.first].region, "through the copy list"
    else:
        in_marks = sender_in_marks(spec, page, others, state.latin) if spec.get("sender_in_marks") else None
        if in_marks is None:
            return
        value, raw, conf, mark = in_marks
        box, region, where = mark.bbox, mark.id, f"in {mark.type} region {mark.id}, through the copy list"
    have = fields[name].value or []
    if not isinstance(have, list) or any(n.lower() == value.lower() for n in have):
        return
    old = fields[name]
    boxes = [b for b in (old.bbox, box) if b is not None]
    fields[name] = Field(have + [value], "\n".join(r for r in (old.raw, raw) if r),
                         BBox.enclosing(boxes) if boxes else None,
                         round(min(old.confidence, conf) if have else conf, 4))
    review.append(ReviewItem(f"field {name}: {value} read from {raw!r} {where}", region))


def sender_in_marks(spec: dict, page: Page, others: list[str] | None, latin: bool
                    ) -> tuple[str, str, float, Region] | None:
    """The sender typed under a signature or a stamp that the marks stage took into its
    region: a word in capitals in a handwriting (then a stamp) region's reading that is nearly
    a name of the copy list (or a longer one in small letters that all have their capital's
    shape, `capitals.TWINS`: "соколов" for СОКОЛОВ, not a written "лебедев" or "копия"), as
    (name in capitals, word read, confidence, region); None when there is none."""
    if not others:
        return None
    forms = _name_forms(others, spec.get("confirm_endings", []))
    for region in [*page.regions_of("handwriting"), *page.regions_of("stamp")]:
        for word in regex.findall(r"\p{Lu}{4,}|(?<!\p{L})\p{Ll}{6,}(?!\p{L})", region.text):
            if word.islower() and not all(c.upper() in TWINS for c in word):
                continue  # in small letters, typed capitals only if each letter has their shape
            best, d = _nearest(word, forms, latin)
            if best is not None and d <= allowed_edits(word):
                # read by OCR tuned for typing, inside pen strokes or stamp ink: a quarter as sure
                return best.upper(), word, 0.25 * region.confidence, region
    return None


def _name_forms(others: list[str], endings: list[list[str]]) -> list[str]:
    # Entries of the copy list and the names they are datives of ("Громову" -> "Громов").
    return sorted({f for o in others for f in [o] + [o[: -len(a)] + b for a, b in endings if a and o.endswith(a)]})


def _nearest(name: str, forms: list[str], latin: bool) -> tuple[str | None, int]:
    # Compared with look-alike letters put in the form's script ("COKONOB" is "сокоиов").
    key = fold(name, latin)
    d, best = min(((Levenshtein.distance(fold(f, latin), key), f) for f in forms), default=(0, None))
    return best, d


def confirm_names(names: list[str], others: list[str] | None, endings: list[list[str]],
                  latin: bool = False, similarity: float | None = None) -> list[str]:
    """`names` with each one OCR nearly got right replaced by its spelling in `others`.

    A telegram's sender is also on its copy list, in another grammatical case there
    ("ГРОМОВ" / "Громову"): `endings` are [other-ending, name-ending] pairs that turn an entry
    of `others` into a name's form ("ову" -> "ов" is ["у", ""]). A name within one edit per
    four letters of such a form takes it, in the name's own letter case; with `similarity`,
    so does a name of four letters or more at least that similar (0..1) to one entry's forms
    and less similar by a clear margin to every other entry's ("БЕДЕВ": its first letters
    lost under a signature, "Лебедеву" on the list).
    """
    if not others:
        return names
    forms = _name_forms(others, endings)
    out = []
    for name in names:
        best, d = _nearest(name, forms, latin)
        if best and 0 < d <= allowed_edits(name):
            out.append(best.upper() if name.isupper() else best)
            continue
        best = _clearly_nearest(name, others, endings, latin, similarity) if similarity and d > 0 else None
        out.append((best.upper() if name.isupper() else best) if best else name)
    return out


def capitals_confirm(names: list[str], others: list[str] | None, worn: list[list[str]],
                     by_glyph: list[list[str]] | None = None, glyphs_say=None
                     ) -> tuple[list[str] | None, list[str]]:
    """`others` (the copy list) with an entry that is a name of `names` read in capitals but
    with small letters worn into look-alikes spelt as the capitals read it, and a note for each.

    `worn` are [read, typed] pairs of small letters a worn face makes alike ("c" for "o":
    "Sckolov" beside "SOKOLOV"): only a letter so read differs, and only in that direction,
    so a capital misread under a signature never changes the list. Names under four letters
    are left alone. `by_glyph` pairs ("i" for "l": "Oriov" beside "ORLOV") count too for a
    name whose capitals `glyphs_say(name)` the page's glyphs bear out (an `I` is read `L` in
    capitals as often as an `l` is read `i` on the list).
    """
    caps = [n for n in names if n.isupper()]
    sure = [n for n in caps if by_glyph and glyphs_say is not None and glyphs_say(n)]
    notes = []
    if sure:
        others, notes = _worn_confirm(others, sure, worn + by_glyph,
                                      "as the sender's name in capitals reads, its glyphs so shaped")
    others, more = _worn_confirm(others, [n for n in caps if n not in sure], worn,
                                 "as the sender's name in capitals reads")
    return others, notes + more


# A capital `L` has its stem at its glyph's left (0.07-0.32 of its width in typewriter faces,
# `capitals.stem_at`), a capital `I` in its middle, its serifs even on both sides: a glyph
# read `L` in capitals whose stem stands left of this is an `L`.
L_STEM_BELOW = 0.4


def ells_by_glyph(page: Page, lines: list, name: str) -> bool:
    """Whether `name` in capitals is a word of `lines` whose glyphs pair up with its letters and
    whose every glyph read `L` has its stem at the left (`L_STEM_BELOW`): an `L`, not an `I`
    ("ORLOV", not "ORIOV"); False when it has no `L` or its glyphs cannot tell."""
    if "L" not in name or page.masks.get("gray") is None:
        return False
    for line in lines:
        for _, _, word in line.word_spans():
            if capitals.bare_word(word.text) != name:
                continue
            stems = capitals.letter_stems(page, name, word.bbox, "L")
            if stems is not None:
                return all(at < L_STEM_BELOW for at in stems)
    return False


def line_confirm(others: list[str] | None, line: str | None, worn: list[list[str]],
                 skip: list[str]) -> tuple[list[str] | None, list[str]]:
    """`others` (the copy list) with an entry that is a name typed in `line` (the recipient
    line: "For Cde. Nikolaev.") but with small letters worn into look-alikes ("Nikclaev") spelt
    as the line has it, and a note for each; `worn` as in `capitals_confirm`, only in its
    direction, so a worn name in the line never changes the list. The line's words of `skip`
    (its forms of address) are no names."""
    if not isinstance(line, str):
        return others, []
    skipped = {w.lower() for w in skip}
    names = [w for w in regex.findall(r"\p{Lu}\p{Ll}{3,}", line) if w.lower() not in skipped]
    return _worn_confirm(others, names, worn, "as the recipient line has it")


def list_confirms_line(line: str | None, others: list[str] | None, worn: list[list[str]]
                       ) -> tuple[str | None, list[str]]:
    """`line` (the recipient line) with a name typed in it that differs from an entry of
    `others` (the copy list, where the same name is typed again) only in small letters worn
    into look-alikes ("For Cde. Nikclaev." beside "Nikolaev") spelt as the list has it, and a
    note for each: `line_confirm` the other way round, `worn` again in its direction only, so
    each side gives way only to the letter typed on the other (a form of address typed right
    is no entry's worn reading, so it needs no skipping)."""
    if not isinstance(line, str) or not others:
        return line, []
    notes: list[str] = []

    def spelt(m: regex.Match) -> str:
        taken, note = _worn_confirm([m[0]], [o for o in others if isinstance(o, str)], worn,
                                    "as the copy list has it")
        notes.extend(note)
        return taken[0]

    return regex.sub(r"\p{Lu}\p{Ll}{3,}", spelt, line), notes


def _worn_confirm(others: list[str] | None, names: list[str], worn: list[list[str]], why: str
                  ) -> tuple[list[str] | None, list[str]]:
    # Each entry of `others` differing from one of `names` (four letters or more) only in
    # letters `worn` makes alike, read for typed, taken as that name.
    if not others or not worn:
        return others, []
    pairs = {(a, b) for a, b in worn}
    out, notes = [], []
    for entry in others:
        taken = entry
        for name in names:
            if not (isinstance(entry, str) and len(name) >= 4
                    and len(name) == len(entry) and name.isalpha()):
                continue
            diffs = [(e.lower(), n.lower()) for e, n in zip(entry, name) if e.lower() != n.lower()]
            if diffs and all(d in pairs for d in diffs):
                taken = name.capitalize()
                notes.append(f"{entry!r} taken as {taken!r}, {why}")
                break
        out.append(taken)
    return out, notes


# How much more similar the nearest entry of the copy list must be than any other entry for
# a name read far from it to be taken as that entry.
MARGIN = 0.2


def _clearly_nearest(name: str, others: list[str], endings: list[list[str]], latin: bool,
                     similarity: float) -> str | None:
    # The form of the one entry of `others` `name` is at least `similarity` like (its best
    # form), MARGIN more like than any other entry; None when there is none.
    if len(regex.sub(r"\P{L}", "", name)) < 4:
        return None
    key = fold(name, latin)
    scored = sorted(((max((Levenshtein.normalized_similarity(fold(f, latin), key), f)
                          for f in _name_forms([o], endings)), o) for o in others), reverse=True)
    if not scored or scored[0][0][0] < similarity:
        return None
    if len(scored) > 1 and scored[1][0][0] > scored[0][0][0] - MARGIN:
        return None
    return scored[0][0][1]


# Letters a signature may add in front of the sender's name (see `sender_above`).
LEAD_SCRAWL = 3


def _count_line(spec: dict, state: State) -> int | None:
    """Index of the first line after the spec's `after` fields matching `sender_above` (the copy
    count), not the first line of the page; None when there is none."""
    below = regex.compile(spec["sender_above"])
    start = state.start_after(spec.get("after", []))
    return next((i for i in range(max(start, 1), len(state.lines)) if below.search(state.lines[i].text)),
                None)


def sender_above(spec: dict, state: State, others: list[str] | None, taken: str = "") -> Hit | None:
    """The sender read from the line above the one matching `sender_above` (the copy count):
    that line's last word (or its last two joined: a signature's stroke read as a space,
    "Леке ДЕВ"), when it is nearly a name of the copy list, in capitals; with the spec's
    `confirm_similarity`, on a line no pattern took (its `raw` lines not in `taken`), also
    when it is clearly most like one entry of the list (`confirm_names`: "И. ХАИЛОВ").

    A signature written across the typed sender garbles the line around the name
    ("И ЛИЛ/соколов") so that no pattern for a typed name finds it; the copy list says which.
    """
    if not others:
        return None
    k = _count_line(spec, state)
    if k is None:
        return None
    line = state.lines[k - 1]
    ends = [m.span(1) for m in (regex.search(r"(\p{L}{4,})\W*$", line.text),
                                 regex.search(r"(\p{L}+[\s.]+\p{L}+)\W*$", line.text)) if m is not None]
    forms = _name_forms(others, spec.get("confirm_endings", []))
    # The signature's strokes may be read as letters run onto the name's front ("иибоколов"
    # for СОКОЛОВ): the word, or it less up to LEAD_SCRAWL letters in front, as near a name
    # as its own length allows.
    fits = []  # (edits, which end, cut, start, end, name, share of the line's confidence)
    for e, (s0, s1) in enumerate(ends):
        for cut in range(min(LEAD_SCRAWL, s1 - s0 - 4) + 1):
            piece = regex.sub(r"[\s.]+", "", line.text[s0 + cut:s1])
            best, d = _nearest(piece, forms, state.latin)
            if best is not None and d <= allowed_edits(piece):
                fits.append((d, e, cut, s0 + cut, s1, best, 0.5))
    similarity = spec.get("confirm_similarity")
    if not fits and similarity and line.ocr not in taken.split("\n"):
        for e, (s0, s1) in enumerate(ends):
            best = _clearly_nearest(regex.sub(r"[\s.]+", "", line.text[s0:s1]), others,
                                    spec.get("confirm_endings", []), state.latin, similarity)
            if best is not None:  # far from it: a quarter as sure
                fits.append((len(line.text), e, 0, s0, s1, best, 0.25))
                break
    if not fits:
        return None
    _, _, _, s0, s1, best, share = min(fits)
    # inferred from the copy list, not read as such: half as sure (or less)
    return Hit(best.upper(), line.ocr[s0:s1], k - 1, k - 1, line.span_box(s0, s1),
               share * line.span_confidence(s0, s1))


# An item's leading number, an English ordinal's ending after it, and a word in small letters
# ("10 отдел", "10th department": a name after a number is no department's).
_LEADING_NUMBER = regex.compile(r"(?P<n>\S{1,3}?)(?P<rest>(?:st|nd|rd|th)?\s+\p{Ll}+)$")


def numbers_from(items: list[str], known: int | None) -> tuple[list[str], list[str]]:
    """`items` with a leading number that is `known` with a 0 misread ("19 отдел" for the
    header's tenth department), or read as look-alike letters of its digits ("iOth department"),
    set to `known`, and a note for each one changed."""
    if known is None:
        return items, []
    out, notes = [], []
    for item in items:
        m = _LEADING_NUMBER.match(item)
        read = values.number_shaped(m["n"]) if m else None
        if read is not None and m["n"] != str(known) and (read == str(known) or values.zero_misread(str(known), read)):
            out.append(f"{known}{m['rest']}")
            notes.append(f"{item!r} taken as {out[-1]!r}, the number elsewhere on the form")
        else:
            out.append(item)
    return out, notes


# The shortest piece of a reading taken as a name, and the letters a reading may run on past
# it at its end (pen strokes after the name: "FVORONINvo").
MIN_NAME = 5
TRAIL_SCRAWL = 2
# The fewest letters of a scrap of a name taken as a piece of it.
MIN_PIECE = 4
# The lines read from a signature's scraps right of the body above the copy count, at most.
MAX_SCRAPS = 2
# The letters of a line that tells the typewriter's pitch.
MIN_PITCH_LINE = 10
# The confidence of a sender read from the ink under a signature: nothing else read it.
INK_CONF = 0.3


def _name_windows(band: np.ndarray, lines: list, forms: list[str]) -> list[tuple[int, np.ndarray]]:
    # The band cut into windows as wide as the longest name and a letter, one a letter's pitch
    # after another: a window holding the typed name and no more than a stroke of the signature
    # the pen wrote across its front is read as the name ("СОКОЛОВ"), where the whole band,
    # signature and all, is read as scrawl. The pitch is the typewriter's: the lines' widths
    # over their letters.
    pitches = [(ln.geom.x1 - ln.geom.x0) / len(ln.text) for ln in lines
               if ln.geom is not None and len(ln.text) >= MIN_PITCH_LINE]
    longest = max((len(f) for f in forms), default=0)
    if not pitches or longest < MIN_NAME:
        return []
    pitch = statistics.median(pitches)
    width, step = int((longest + 1) * pitch), max(1, int(pitch))
    return [(x, band[:, x:x + width]) for x in range(0, max(1, band.shape[1] - width + step), step)]


def piece_of(scrap: str, name: str) -> bool:
    """Whether `scrap` is a shorter piece of `name` a signature left of it, nearly as spelt
    ("АИЛОВ" of МИХАЙЛОВ): at least MIN_PIECE letters, found in it within one edit per four."""
    a, b = fold(scrap, False).replace(" ", ""), fold(name, False)
    if not MIN_PIECE <= len(a) < len(b):
        return False
    return min(Levenshtein.distance(a, b[i:i + len(a)]) for i in range(len(b) - len(a) + 1)) <= allowed_edits(a)


def sender_from_ink(reader, page: Page, spec: dict, state: State, others: list[str] | None,
                    have: list[str]) -> Hit | None:
    """The sender read again from the page image where the page's reading lost the line: the
    band between the line above the copy count (`sender_above`) and the page's right edge and
    the count, read by `reader(spec["sender_reread"])` (a Tesseract engine with that model) as
    it is, with pen and stamp ink whitened, as the page's ink alone, and in windows a name wide,
    when some piece of a reading is nearly a name of the copy list (`others`) and no name in
    `have` is one already; None otherwise. Two Tesseract calls, only on such pages."""
    if not others or page.masks.get("gray") is None:
        return None
    forms = _name_forms(others, spec.get("confirm_endings", []))
    if any(_nearest(n, forms, state.latin)[1] <= allowed_edits(n) for n in have):
        return None
    k = _count_line(spec, state)
    if k is None:
        return None
    near = [ln.geom for ln in state.lines[max(0, k - 6):k + 1] if ln.geom is not None]
    count, j = state.lines[k].geom, k - 1
    if near:
        # scraps the signature left of the typed name, set right of the body's middle ("`1}
        # АИЛОВ", "__"), are the sender's line, not the line above it
        middle = (min(b.x0 for b in near) + max(b.x1 for b in near)) / 2
        while j > max(0, k - 1 - MAX_SCRAPS) and state.lines[j].geom is not None and state.lines[j].geom.x0 > middle:
            j -= 1
    above = state.lines[j].geom
    height = text_height(state.lines[max(0, k - 6):k + 1])
    if above is None or count is None or count.y0 - above.y1 < 1.5 * height:
        return None  # no room for a line between them: the sender's line is the one above
    gray = page.masks["gray"]
    # A signature block is set to the right, past the body's right edge ("ЗАХАР|ОВ" cut there):
    # the band runs to the page's edge.
    cut = (int(max(0, min(b.x0 for b in near))), int(above.y1 + 0.1 * height),
           int(gray.shape[1]), int(count.y0 - 0.1 * height))
    plain = gray[cut[1]:cut[3], cut[0]:cut[2]]
    crops = [plain, reread.crop_at(page, cut, 1.0)]
    ink = page.masks.get("ink")
    if ink is not None and ink.shape == gray.shape:
        # only what the page kept as ink: the paper's show-through and shading gone, which
        # the marks' whitening (it takes the typed name a signature crosses with it) does not do
        crops.append(np.where(ink[cut[1]:cut[3], cut[0]:cut[2]] > 0, plain, 255).astype(np.uint8))
    windows = _name_windows(plain, state.lines[max(0, k - 6):k + 1], forms)
    try:
        engine = reader(spec["sender_reread"])
        # the windows stacked apart: next to the wide crops Tesseract reads them otherwise
        readings = reread.read_stacked(engine, crops) + (
            reread.read_stacked(engine, [w for _, w in windows]) if windows else [])
    except (PageFailedError, MissingDependencyError):
        return None
    # where in the band each reading was read: the whole band, or a window
    spans = [(0, plain.shape[1])] * len(crops) + [(x, x + w.shape[1]) for x, w in windows]
    best = None
    for reading, span in zip(readings, spans):
        for run in regex.findall(r"\p{L}{4,}", reading):
            for i in range(len(run)):
                for j in range(min(TRAIL_SCRAWL, len(run) - i) + 1):
                    piece = run[i:len(run) - j]
                    if len(piece) < MIN_NAME:
                        continue
                    form, d = _nearest(piece, forms, state.latin)
                    if form is not None and d <= allowed_edits(piece) and (best is None or d < best[0]):
                        best = (d, form, piece, span)
    if best is None:
        return None
    box = page.map_bbox(BBox(cut[0] + best[3][0], cut[1], cut[0] + best[3][1], cut[3]))
    return Hit(best[1].upper(), best[2], k - 1, k - 1, box, INK_CONF)
