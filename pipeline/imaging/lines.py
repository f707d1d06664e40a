"""Grouping of recognised word boxes into text lines (pure geometry, engine-independent)."""

from __future__ import annotations

from collections.abc import Sequence


def group_lines(boxes: Sequence[tuple[float, float, float, float]]) -> list[list[int]]:
    """Indices of `boxes` grouped into lines (top to bottom), each line left to right.

    Boxes are level (deskewed). A box joins the line it overlaps vertically by at least half
    of the smaller of its own height and the line's core height; otherwise it starts a line.
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1] + boxes[i][3]) / 2)
    lines: list[list[int]] = []
    spans: list[tuple[float, float]] = []
    for i in order:
        x0, y0, x1, y1 = boxes[i]
        best, best_overlap = None, 0.0
        for k, (s0, s1) in enumerate(spans):
            overlap = min(y1, s1) - max(y0, s0)
            need = 0.5 * min(y1 - y0, s1 - s0)
            if overlap > 0 and overlap >= need and overlap > best_overlap:
                best, best_overlap = k, overlap
        if best is None:
            lines.append([i])
            spans.append((y0, y1))
        else:
            lines[best].append(i)
    # Lines in order of their median centre, words left to right.
    def centre(line: list[int]) -> float:
        cs = sorted((boxes[i][1] + boxes[i][3]) / 2 for i in line)
        return cs[len(cs) // 2]
    return [sorted(line, key=lambda i: boxes[i][0]) for line in sorted(lines, key=centre)]


def char_pitch(words: Sequence[tuple[str, float]]) -> float | None:
    """Median width per character of (text, box width) words of three or more characters."""
    pitches = sorted(w / len(t) for t, w in words if len(t) >= 3 and w > 0)
    return pitches[len(pitches) // 2] if pitches else None


def unspace_factor(text: str, width: float, pitch: float | None) -> float:
    """How many times wider per character `text` is set than `pitch` (0 when unknown)."""
    if not pitch or not text:
        return 0.0
    return width / len(text) / pitch


def letter_spaced(text: str, width: float, pitch: float | None, factor: float = 1.7) -> str:
    """`text` with a space between its letters when it was typed letter-spaced (разрядка).

    Tesseract returns `Ф и л и п п о в` as one word `Филиппов`; the diplomatic transcription
    keeps the spaces. A word set at least `factor` times wider per character than the page's
    pitch is letter-spaced; punctuation around the letters stays attached.
    """
    core = text.strip("\"'.,:;!?()«»“”-")
    if len(core) < 2 or not core.isalpha() or unspace_factor(text, width, pitch) < factor:
        return text
    start = text.index(core)
    return text[:start] + " ".join(core) + text[start + len(core):]
