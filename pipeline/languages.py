"""Which models read a page's typed text, from the orient probe's reading of its densest band.

The probe's words carry their boxes (`page.masks["probe_words"]`, original pixels); those on a
stamp or handwriting, which the marks stage finds after the probe, say nothing of the typed
text's script (a stamp's Latin-looking `CCCP` kept `eng` on Russian pages). Models of a script
the rest hardly shows are left out (`postcorrect.narrow_lang`).
"""

from __future__ import annotations

from collections.abc import Sequence

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
