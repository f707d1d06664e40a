"""The typed lines a form is read from, with where each character span sits on the scan."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.model import BBox, Line, Page, Word


@dataclass(frozen=True)
class TextLine:
    """One typed line: its text, box (original pixels, None when unknown) and words."""

    text: str
    bbox: BBox | None
    confidence: float
    region: str | None = None
    words: tuple[Word, ...] = ()
    geom: BBox | None = None  # the box upright (working coordinates), for layout reasoning
    word_upright: tuple[BBox | None, ...] = ()  # each word's box upright
    ocr: str = ""  # the text as OCR read it; `text` may have look-alike letters put right

    def __post_init__(self) -> None:
        if not self.ocr:
            object.__setattr__(self, "ocr", self.text)

    @property
    def upright(self) -> BBox | None:
        """The line's box on the upright page (its original box when that is not known)."""
        return self.geom if self.geom is not None else self.bbox

    def word_spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) of each word found in `ocr`, left to right; a word the text
        lacks is skipped."""
        spans, pos = [], 0
        for w in self.words:
            at = self.ocr.find(w.text, pos) if w.text else -1
            if at >= 0:
                spans.append((at, at + len(w.text), w))
                pos = at + len(w.text)
        return spans

    def span_box(self, start: int, end: int) -> BBox | None:
        """The box of the words overlapping characters [start, end), else the line's box."""
        boxes = [w.bbox for s, e, w in self.word_spans() if s < end and e > start]
        return BBox.enclosing(boxes) if boxes else self.bbox

    def span_confidence(self, start: int, end: int) -> float:
        """The lowest confidence of the words overlapping [start, end), else the line's."""
        confs = [w.confidence for s, e, w in self.word_spans() if s < end and e > start]
        return min(confs) if confs else self.confidence


def _upright_box(page: Page, box: BBox) -> BBox | None:
    # Boxes are stored in original coordinates; on a rotated or skewed scan indentation and
    # alignment only make sense on the upright page, so map the box back through the inverse.
    if np.allclose(page.to_original, np.eye(3)):
        return box
    try:
        return page.working_bbox(box)
    except np.linalg.LinAlgError:
        return None


def _upright_line(page: Page, line: Line) -> BBox | None:
    # Through its words: a long line's axis-aligned box on a skewed scan is much taller than
    # the line, a word's box barely.
    boxes = [b for b in (_upright_box(page, w.bbox) for w in line.words) if b is not None]
    return BBox.enclosing(boxes) if boxes else _upright_box(page, line.bbox)


def text_height(lines: list[TextLine]) -> float:
    """A typical height of the lines' words on the upright page (1.0 when nothing is known)."""
    heights = sorted(b.height for ln in lines for b in _word_boxes(ln))
    if not heights:
        heights = sorted(ln.upright.height for ln in lines if ln.upright is not None)
    return heights[len(heights) // 2] if heights else 1.0


def _word_boxes(line: TextLine) -> list[BBox]:
    return [w for w in line.word_upright if w is not None]


# Two lines of one region are pieces of one typed row when they overlap vertically by this
# share of the lower one's height (upright) and no word of one overlaps a word of the other
# horizontally by more than OVERLAP_PX.
SAME_ROW = 0.8
OVERLAP_PX = 2.0


def same_row(a: TextLine, b: TextLine) -> bool:
    """Whether `a` and `b` are pieces of one typed row that OCR read as two lines: one region,
    side by side on the upright page (labels on one line, the values typed between them on
    another; a word's end split off a line)."""
    if a.region != b.region or a.geom is None or b.geom is None or not a.words or not b.words:
        return False
    if None in a.word_upright or None in b.word_upright:
        return False
    overlap = min(a.geom.y1, b.geom.y1) - max(a.geom.y0, b.geom.y0)
    if overlap < SAME_ROW * min(a.geom.height, b.geom.height):
        return False
    return not any(min(u.x1, v.x1) - max(u.x0, v.x0) > OVERLAP_PX
                   for u in a.word_upright for v in b.word_upright)


def merge_row(a: TextLine, b: TextLine) -> TextLine:
    """One line of the words of `a` and `b`, left to right on the upright page."""
    pairs = sorted(zip(a.words + b.words, a.word_upright + b.word_upright), key=lambda wu: wu[1].x0)
    words = tuple(w for w, _ in pairs)
    text = " ".join(w.text for w in words)
    weight = len(a.text) + len(b.text)
    conf = (a.confidence * len(a.text) + b.confidence * len(b.text)) / weight if weight else a.confidence
    boxes = [ln.bbox for ln in (a, b) if ln.bbox is not None]
    return TextLine(text, BBox.enclosing(boxes) if boxes else None, conf, a.region, words,
                    BBox.enclosing([a.geom, b.geom]), tuple(u for _, u in pairs))


def join_rows(lines: list[TextLine]) -> list[TextLine]:
    """`lines` with each pair of neighbours that are pieces of one row (`same_row`) made one."""
    out: list[TextLine] = []
    for ln in lines:
        if out and same_row(out[-1], ln):
            out[-1] = merge_row(out[-1], ln)
        else:
            out.append(ln)
    return out


def page_lines(page: Page) -> list[TextLine]:
    """The page's typed lines in reading order: from text regions, else from `page.text`; a
    row OCR read as two lines side by side is one line again (`join_rows`)."""
    lines = [TextLine(ln.text, ln.bbox, ln.confidence, r.id, tuple(ln.words), _upright_line(page, ln),
                      tuple(_upright_box(page, w.bbox) for w in ln.words))
             for r in page.regions_of("text") for ln in r.lines if ln.text.strip()]
    if lines:
        return join_rows(lines)
    # Without geometry (text-only input) confidence is unknown: call it middling.
    return [TextLine(t, None, 0.5) for t in page.text.splitlines() if t.strip()]
