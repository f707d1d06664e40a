"""Finding input files, and output stems that are safe, readable and unique.

An output stem comes from the input's file name but never from its folders, so no input name
can place a file outside the output folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from pipeline.errors import NoInputError

EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".bmp", ".webp", ".pdf"})
# stems whose outputs would overwrite the batch's own files
RESERVED = frozenset({"summary"})
_MAX_STEM_BYTES = 120  # leaves room for "-p0001.overlay.png" within a 255-byte file name


def find_inputs(paths: list[str], exclude: Path | None = None) -> list[str]:
    """Input files under `paths` (files as given, folders walked in sorted order), no duplicates.

    Files named explicitly are kept whatever their extension (the loader judges their content);
    in folders only known image/PDF extensions count, hidden files and `exclude` are skipped and
    symlinked folders are not followed (no loops). NoInputError when a path does not exist or
    nothing is found.
    """
    found: list[str] = []
    seen: set[str] = set()
    excluded = os.path.realpath(exclude) if exclude is not None else None

    def add(p: str) -> None:
        key = os.path.realpath(p) if os.path.exists(p) else os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    for given in paths:
        if not os.path.lexists(given):
            raise NoInputError(f"no such input: {given}")
        if not os.path.isdir(given):
            add(given)  # a broken symlink or loop is kept: loading it gives the precise error
            continue
        for root, dirs, files in os.walk(given, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and os.path.realpath(os.path.join(root, d)) != excluded)
            for name in sorted(files):
                if name.startswith(".") or Path(name).suffix.lower() not in EXTENSIONS:
                    continue
                add(os.path.join(root, name))
    if not found:
        raise NoInputError(f"no input files (PNG, JPEG, TIFF, BMP, WebP, PDF) under: "
                           f"{' '.join(paths)}")
    return found


def safe_stem(file_name: str) -> str:
    """A readable file-name stem from an input name: letters of any script, digits, `-_.+`.

    Everything else (spaces, quotes, `;`, slashes, control characters) becomes `_`; leading
    dots and dashes go (no hidden files, nothing that reads as an option); never empty.
    """
    stem = unicodedata.normalize("NFC", Path(file_name).stem)
    chars = [c if (c.isalnum() or c in "-_.+") else "_" for c in stem]
    stem = re.sub(r"_{2,}", "_", "".join(chars)).strip("._-")
    raw = stem.encode("utf-8")[:_MAX_STEM_BYTES]
    stem = raw.decode("utf-8", errors="ignore").rstrip("._-")
    return stem or "page"


def page_stem(base: str, page: int, pages: int) -> str:
    """The stem of one page: `base` for a single-page file, `base-p0001` for multi-page ones."""
    return base if pages == 1 else f"{base}-p{page:04d}"


def assign_stems(files: list[tuple[str, int]]) -> list[str]:
    """One base stem per (path, page count), so that no two pages share a stem.

    In input order, the first file keeps its readable stem; a later one whose page stems would
    collide (case-insensitively, or with a reserved name) gets `-<8 hex of its path's sha1>`.
    """
    used: set[str] = set(RESERVED)
    bases: list[str] = []
    for path, pages in files:
        base = safe_stem(os.path.basename(path))
        candidate = base
        salt = 0
        while any(page_stem(candidate, p, pages).casefold() in used for p in range(1, pages + 1)):
            digest = hashlib.sha1(f"{path}\0{salt}".encode("utf-8", "surrogateescape")).hexdigest()
            candidate = f"{base}-{digest[:8]}"
            salt += 1
        used.update(page_stem(candidate, p, pages).casefold() for p in range(1, pages + 1))
        bases.append(candidate)
    return bases
