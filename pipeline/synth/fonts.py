"""Font files of the Debian packages the Makefile installs, by role, and a cached loader."""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import ImageFont

_ROOT = Path("/usr/share/fonts/truetype")

# Monospace faces with full Cyrillic: the typewriter. CMU Typewriter is narrower (0.525 em),
# which is fine: glyphs are placed on a fixed pitch, not by the font's advance.
TYPEWRITER = {
    "dejavu-mono": "dejavu/DejaVuSansMono.ttf",
    "pt-mono": "paratype/PTM55F.ttf",
    "freemono": "freefont/FreeMono.ttf",
    "liberation-mono": "liberation/LiberationMono-Regular.ttf",
    "cmu-typewriter": "cmu/cmuntt.ttf",
}
# Serif faces for the printed form (labels, title), regular and bold.
PRINTED = {
    "dejavu-serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "freeserif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
    "cmu-serif": ("cmu/cmunrm.ttf", "cmu/cmunbx.ttf"),
    "liberation-serif": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
}
# Faces whose skeleton is re-stroked as handwriting (their outlines are never drawn as such).
HAND = {
    "cmu-italic": "cmu/cmunti.ttf",
    "freeserif-italic": "freefont/FreeSerifItalic.ttf",
    "cmu-classical": "cmu/cmunci.ttf",
}
# For the few characters a hand face lacks (e.g. '№' in some): a plain face, re-stroked the same way.
HAND_FALLBACK = "dejavu/DejaVuSans.ttf"
# Stamps are set in a plain sans.
STAMP = {"dejavu-sans-bold": "dejavu/DejaVuSans-Bold.ttf", "freesans-bold": "freefont/FreeSansBold.ttf"}
FALLBACK = "dejavu/DejaVuSansMono.ttf"
PRINT_FALLBACK = "dejavu/DejaVuSans.ttf"


def path_of(rel: str) -> str:
    """Absolute path of a font file given relative to the Debian truetype folder."""
    return str(_ROOT / rel)


@functools.lru_cache(maxsize=256)
def load(rel: str, size: int) -> ImageFont.FreeTypeFont:
    """The font `rel` at `size` pixels (cached; fonts are immutable)."""
    return ImageFont.truetype(path_of(rel), max(4, int(size)))


@functools.lru_cache(maxsize=4096)
def has_glyph(rel: str, char: str) -> bool:
    """Whether the font draws `char` with a glyph of its own (not the .notdef box)."""
    font = load(rel, 40)
    if char.isspace():
        return True
    notdef = font.getmask("\uffff")
    mask = font.getmask(char)
    return not (mask.size == notdef.size and bytes(mask) == bytes(notdef))


def available() -> dict[str, list[str]]:
    """Which font keys of each role exist on this machine."""
    out: dict[str, list[str]] = {}
    for role, table in (("typewriter", TYPEWRITER), ("printed", PRINTED), ("hand", HAND),
                        ("stamp", STAMP)):
        keys = []
        for key, rel in table.items():
            rels = rel if isinstance(rel, tuple) else (rel,)
            if all((_ROOT / r).exists() for r in rels):
                keys.append(key)
        out[role] = keys
    return out
