"""Which models read a page's typed text, from the orient probe's reading of its densest band.

The probe's words carry their boxes (`page.masks["probe_words"]`, original pixels); those on a
stamp or handwriting, which the marks stage finds after the probe, say nothing of the typed
text's script (a stamp's Latin-looking `CCCP` kept `eng` on Russian pages). Models of a script
the rest hardly shows are left out (`postcorrect.narrow_lang`). The orient probe asks too whether
a reading by one model alone is of that model's language: letters its word list never uses
(`foreign_letters`), the share of letters in words it lists (`known_share`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from pipeline import lexicon
from pipeline.imaging.orientation import letters_off
from pipeline.model import BBox, Page, RegionType
from pipeline.postcorrect import narrow_lang

# Regions whose letters do not choose the typed text's models.
MARK_TYPES = frozenset({RegionType.STAMP.value, RegionType.HANDWRITING.value})
# Probe words read with less confidence than this do not choose the models (0: all count; the
# dev pages where a stamp's letters kept `eng` were set right by leaving out the words on the
# marks alone, and confidence cut-offs of 0.3-0.7 chose the same models on all 48 dev pages).
PROBE_MIN_CONF = 0.0
# Fewer letters than this off the marks (`narrow_lang`'s least sample) are too few to judge:
# the probe's reading as a whole is judged, as before the marks were known (a real page whose
# marks detector took most of the probe band for handwriting kept 0 letters).
PROBE_MIN_LETTERS = 30
# The letters at either end of a word as read (`(Куда:` -> `Куда`).
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.lru_cache(maxsize=8)
def model_alphabet(model: str) -> frozenset[str]:
    """The lower-case letters of the installed model `model`'s word list (empty without one)."""
    # The characters of all the words at once (a quarter of a million words, one pass in C).
    return frozenset(ch for ch in set("".join(lexicon.words(model))) if ch.isalpha())


def foreign_letters(text: str, model: str) -> int:
    """Letters of `text` that no word of `model`'s word list has (`Ѕ`, `і` for `rus`); all of
    its letters when the model has no word list."""
    alphabet = model_alphabet(model)
    return sum(1 for ch in text if ch.isalpha() and ch.lower() not in alphabet)


def known_share(text: str, model: str, min_len: int = 2) -> float:
    """Share of the letters of `text` that stand in words of `model`'s word list; 0.0 without
    letters or list. A word is a token between spaces less the marks at its ends, its parts
    joined by hyphens judged apart (`УЛАН-БАТОР`); a part with any other character inside
    (`М1п15Егу`, `об]есЕ1оп`) or under `min_len` letters is not known."""
    known = lexicon.words(model)
    total = found = 0
    for token in text.split():
        core = _EDGES.sub("", token)
        total += sum(ch.isalpha() for ch in core)
        found += sum(len(part) for part in core.split("-")
                     if len(part) >= min_len and part.isalpha() and part.lower() in known)
    return found / total if total else 0.0


def typed_probe_letters(page: Page, min_conf: float = PROBE_MIN_CONF,
                        marks: Sequence[BBox] | None = None) -> dict[str, int] | None:
    """Letters per script of the orient probe's words (`page.masks["probe_words"]`) read with
    at least `min_conf` and clear of the page's stamps and handwriting (or of the ORIGINAL
    boxes `marks`); without those words, or with fewer than `PROBE_MIN_LETTERS` letters off
    the marks, the probe's letters as recorded."""
    words = page.masks.get("probe_words")
    whole = page.preprocess.get("probe_letters")
    if words is None:
        return whole
    if marks is None:
        marks = [r.bbox for r in page.regions if r.type in MARK_TYPES]
    off = letters_off(words, marks, min_conf)
    return off if sum(off.values()) >= PROBE_MIN_LETTERS or whole is None else whole


def typed_lang(page: Page, lang: str, marks: Sequence[BBox] | None = None) -> str:
    """`lang` narrowed to the scripts of the page's typed text (`typed_probe_letters`, with
    the ORIGINAL boxes `marks` left out, by default the page's stamps and handwriting)."""
    letters = typed_probe_letters(page, marks=marks)
    return narrow_lang(lang, letters) if letters else lang
