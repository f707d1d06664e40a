"""What the ALTO and PAGE writers share: valid unique ids, and the lines a region is written as."""

from __future__ import annotations

import regex

from pipeline.model import BBox, Line, Region

# xsd:ID is an NCName: a letter or '_' first, then letters, digits, '.', '-', '_'.
_NOT_NAME_CHAR = regex.compile(r"[^\p{L}\p{N}._-]")
_NAME_START = regex.compile(r"^[\p{L}_]")


class IdMaker:
    """Hands out NCName ids, each once per document, derived from a preferred name."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def make(self, preferred: str) -> str:
        """A valid, not yet used id as close to `preferred` as possible."""
        base = _NOT_NAME_CHAR.sub("_", preferred) or "id"
        if not _NAME_START.match(base):
            base = f"id_{base}"
        candidate, n = base, 1
        while candidate in self._used:
            n += 1
            candidate = f"{base}_{n}"
        self._used.add(candidate)
        return candidate


def reading_lines(region: Region) -> list[Line]:
    """The region's lines; a region read as a whole (stamp, note) gets one line per text line."""
    if region.lines:
        return region.lines
    texts = [t for t in region.text.splitlines() if t.strip()]
    if not texts:
        return []
    box, step = region.bbox, region.bbox.height / len(texts)
    return [Line(BBox(box.x0, box.y0 + i * step, box.x1, box.y0 + (i + 1) * step), t, region.confidence)
            for i, t in enumerate(texts)]
