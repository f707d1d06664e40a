"""Finding a form's printed labels and fixed phrases in OCR'd lines, tolerating OCR errors."""

from __future__ import annotations

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Latin letters that look like Cyrillic ones: OCR of a Russian form mixes them freely.
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXYaceopxyN", "АВСЕНКМОРТХУасеорхуИ")


def fold(text: str, latin: bool = False) -> str:
    """Lower-case text for comparing, same length as `text`; Latin look-alikes made Cyrillic
    unless `latin` (a form in a Latin script)."""
    out = text if latin else text.translate(_LATIN_TO_CYRILLIC)
    low = out.lower()
    return low if len(low) == len(text) else out


def allowed_edits(phrase: str) -> int:
    """How many character edits a phrase of this length may suffer and still be recognised."""
    return len(phrase.replace(" ", "")) // 4


# Marks OCR reads a speck of dirt in a label's word space as ("Received-on", "Спец._№"):
# where the phrase has a space, a run of them in the text costs nothing.
SPACE_SPECKS = frozenset("-\u2013\u2014_.")


def find_phrase(phrase: str, text: str, start: int = 0, latin: bool = False) -> tuple[int, int, int] | None:
    """(start, end, edits) of the best fuzzy occurrence of `phrase` in `text[start:]`, or None.

    The occurrence must begin a word (no letter or digit just before it). Spaces do not count:
    OCR of a typewriter's wide pitch letter-spaces a label ("С п е ц. №") or runs words
    together ("Экз.№1"), so both are compared with their spaces squeezed out. A dash, stop or
    low line read where the phrase has a space is taken for a speck in that space.
    """
    words = fold(phrase, latin).split()
    p = "".join(words)
    gaps = _word_gaps(words)
    limit = allowed_edits(phrase)
    h_full = fold(text, latin)
    if not p or start >= len(h_full):
        return None
    keep = [i for i in range(start, len(h_full)) if not h_full[i].isspace()]
    h = "".join(h_full[i] for i in keep)
    best = None
    # word starts of the original text, as positions in the squeezed one
    starts = [k for k, i in enumerate(keep) if i == 0 or not h_full[i - 1].isalnum()]
    for ds, de in _candidates(p, h, starts):
        if ds >= len(keep) or de <= ds:
            continue
        s0 = keep[ds]
        if s0 > 0 and h_full[s0 - 1].isalnum():
            continue
        d = _edits(p, gaps, h[ds:de], limit)
        if d <= limit and (best is None or d < best[2]):
            best = (s0, keep[de - 1] + 1, d)
    return best


def _word_gaps(words: list[str]) -> frozenset[int]:
    """Positions in the squeezed phrase where one of its words ends and the next begins."""
    ends, n = set(), 0
    for w in words[:-1]:
        n += len(w)
        ends.add(n)
    return frozenset(ends)


def _edits(p: str, gaps: frozenset[int], window: str, limit: int) -> int:
    """Edit distance of the squeezed phrase `p` to `window`, where speck marks the alignment
    inserts at one of the phrase's word gaps are free. Each free speck saves one edit at most,
    so a window too far off to come within `limit` that way is not aligned."""
    d = Levenshtein.distance(p, window)
    if not gaps or d == 0 or d - sum(c in SPACE_SPECKS for c in window) > limit:
        return d
    free = sum(op.tag == "insert" and op.src_pos in gaps and window[op.dest_pos] in SPACE_SPECKS
               for op in Levenshtein.editops(p, window))
    return d - free


def _candidates(p: str, h: str, starts: list[int]) -> list[tuple[int, int]]:
    # The aligner returns one window; windows at each word start (`starts`) are tried too,
    # with the phrase's length give or take one character (OCR drops or splits a character),
    # lengthened by the speck marks inside them, which may stand for word spaces.
    out = []
    al = fuzz.partial_ratio_alignment(p, h)
    if al is not None:
        out.append((al.dest_start, al.dest_end))
    for s in starts:
        for extra in (-1, 0, 1):
            e = min(len(h), s + len(p) + extra)
            if e > s:
                out.append((s, e))
                specks = sum(c in SPACE_SPECKS for c in h[s:e])
                if specks:
                    out.append((s, min(len(h), e + specks)))
    return out


def _strip(s: str, latin: bool) -> str:
    return regex.sub(r"[\s\p{P}]", "", fold(s, latin))


def distance(a: str, b: str, latin: bool = False) -> int:
    """Edit distance of two short phrases, ignoring case, spaces and punctuation."""
    return Levenshtein.distance(_strip(a, latin), _strip(b, latin))
