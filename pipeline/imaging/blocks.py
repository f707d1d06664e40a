"""Typed-text blocks of an upright, level page and their reading order (pure).

Ink is smeared along the lines into line pieces; pieces stacked at normal line spacing with
overlapping extents form a block (a paragraph, one column of a header, a list); a block held
together only by one row across a wide gutter (ink of a note or stamp left in the typed ink)
is split into its columns; blocks are ordered by recursive XY-cut: top to bottom, and left to
right where blocks sit side by side.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.grouping import linked_groups
from pipeline.imaging.bands import component_stats
from pipeline.imaging.binarize import type_height
from pipeline.imaging.lines import group_lines

# Rules are looked for on the ink pooled by this many pixels along them.
_POOL = 4
# The sheet is found on the gray image shrunk this many times, with text closed away by a
# square of `_SHEET_CLOSE` shrunk pixels (8 x 7 = 56 px: wider than any stroke, narrower than
# the paper between lines); the surround is what lies `_SHEET_DARKER` gray levels under the
# paper's median and reaches the image's edge (a scanner lid, a board, the next leaf's shadow).
_SHEET_SCALE = 8
_SHEET_CLOSE = 7
_SHEET_DARKER = 25
# Light areas this share of the largest one are paper of the sheet (the rest is glare or a
# light patch of the surround).
_SHEET_PART = 0.2
# A stain is at least this many shrunk pixels across (40 px), a band along the edge less.
_STAIN_MIN = 5


@dataclass(frozen=True)
class Box:
    """Integer pixel box [x0, x1) x [y0, y1) of the working image."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        """The smallest box holding both boxes."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))


def off_sheet(gray: np.ndarray) -> np.ndarray:
    """Bool mask of what lies around the sheet of paper (the scan's surround); all False when
    the paper fills the image.

    The surround of a scan made on a board or with the scanner lid open is darker than the
    paper and often grained; flattened and thresholded, its grain is thousands of glyph-sized
    specks that would set the type size and fill the text blocks.
    """
    return _edge_dark(gray)[0]


def scan_surround(gray: np.ndarray) -> np.ndarray:
    """`off_sheet` without the dim paper of the sheet itself: a shadow, stain or fold that
    reaches in from the sheet's edge has the sheet's paper on both sides along its rows or its
    columns, and typed lines on it are the sheet's; the board or lid beside a sheet has paper
    on one side only.

    For the ink to read (what is cut here is never read): orient cuts it on the scan as it
    came, layout on the levelled page. Measures over all the page's pixels (the typing's
    colour) keep `off_sheet`: a levelled page's corners, filled with the paper's colour, may
    join the sheet and take the board beside them in.
    """
    off, dark = _edge_dark(gray)
    if not off.any():
        return off
    # Only a stain's breadth goes back to the sheet: a thin band along a skewed sheet's edge
    # lies between paper along rows too, where the sheet's far end rises past it.
    inside = cv2.morphologyEx(_between_paper(dark) & dark, cv2.MORPH_OPEN,
                              np.ones((_STAIN_MIN, _STAIN_MIN), np.uint8))
    small = cv2.resize(1 - inside, off.shape[::-1], interpolation=cv2.INTER_NEAREST)
    return off & (small > 0)


def _edge_dark(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(`off_sheet`, the shrunk mask of paper darker than the page's paper) of `gray`."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // _SHEET_SCALE), max(1, h // _SHEET_SCALE)),
                       interpolation=cv2.INTER_AREA)
    paper_bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((_SHEET_CLOSE, _SHEET_CLOSE), np.uint8))
    dark = (paper_bg < float(np.median(paper_bg)) - _SHEET_DARKER).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if n <= 1:
        return np.zeros((h, w), dtype=bool), dark
    sh, sw = dark.shape
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    x1, y1 = x + stats[:, cv2.CC_STAT_WIDTH], y + stats[:, cv2.CC_STAT_HEIGHT]
    # Only dark areas reaching the edge surround the sheet; one inside it is a mark on it.
    edge = (x == 0) | (y == 0) | (x1 == sw) | (y1 == sh)
    edge[0] = False  # the background label
    off = edge[labels].astype(np.uint8)
    return cv2.resize(off, (w, h), interpolation=cv2.INTER_NEAREST) > 0, dark


def _between_paper(dark: np.ndarray) -> np.ndarray:
    """uint8 mask (1 inside) of what lies between paper of the sheet along its row or along its
    column. Paper of the sheet: the light areas of `dark`'s complement at least `_SHEET_PART`
    of the largest one (a fold shadow may split a sheet).

    A stain reaching in from the sheet's edge has paper on both sides one way or the other; the
    surround beside a sheet has it on one side only, even where a neighbouring leaf of a book,
    as light as the sheet, lies beyond (a convex hull would take the board along both in).
    """
    paper = (dark == 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    if n <= 1:
        return np.zeros_like(paper)
    areas = stats[1:, cv2.CC_STAT_AREA]
    sheet = np.isin(labels, np.flatnonzero(areas >= _SHEET_PART * areas.max()) + 1)

    def between(axis: int) -> np.ndarray:
        before = np.logical_or.accumulate(sheet, axis=axis)
        after = np.flip(np.logical_or.accumulate(np.flip(sheet, axis), axis=axis), axis)
        return before & after
    return (between(0) | between(1)).astype(np.uint8)


def glyph_height(ink: np.ndarray) -> float:
    """Median height of character-like components (a proxy for the type size); 0 if none."""
    return type_height(component_stats(ink)[1:], ink.shape[0] // 10)


def remove_rules(ink: np.ndarray, min_len: int) -> np.ndarray:
    """`ink` without straight horizontal or vertical rules at least `min_len` pixels long."""
    rules = cv2.bitwise_or(_long_runs(ink, min_len, vertical=False),
                           _long_runs(ink, min_len, vertical=True))
    # Grow the rules a little: their ragged edges would otherwise survive as thin slivers
    # that the sideways smear turns into bridges between columns.
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return cv2.subtract(ink, rules)


def _long_runs(ink: np.ndarray, min_len: int, vertical: bool) -> np.ndarray:
    """Ink in straight runs along one axis of about `min_len` pixels or more (to `_POOL` pixels).

    An opening by a `min_len` line is what is meant; it is done on the ink pooled by `_POOL`
    along the run (a pooled pixel is ink when all its pixels are), a sixteenth of the work,
    and the runs found are put back on the full-size ink up to their ends.
    """
    h, w = ink.shape
    along = (1, _POOL) if vertical else (_POOL, 1)  # kernel sizes are (width, height)
    # Eroding by the pool anchored at its start makes each kept pixel stand for its pool.
    eroded = cv2.erode(ink, cv2.getStructuringElement(cv2.MORPH_RECT, along), anchor=(0, 0),
                       borderType=cv2.BORDER_CONSTANT, borderValue=0)
    pooled = eroded[::_POOL, :] if vertical else eroded[:, ::_POOL]
    n = max(1, min_len // _POOL)
    line = cv2.getStructuringElement(cv2.MORPH_RECT, (1, n) if vertical else (n, 1))
    opened = cv2.morphologyEx(np.ascontiguousarray(pooled), cv2.MORPH_OPEN, line)
    if not cv2.countNonZero(opened):  # most pages have no rule one way or the other
        return np.zeros_like(ink)
    ph, pw = opened.shape
    size = (pw, ph * _POOL) if vertical else (pw * _POOL, ph)
    full = cv2.resize(opened, size, interpolation=cv2.INTER_NEAREST)[:h, :w]
    # A run's ends fall inside a pool: grow back along the run, onto ink only.
    reach = (1, 2 * _POOL - 1) if vertical else (2 * _POOL - 1, 1)
    return cv2.bitwise_and(cv2.dilate(full, cv2.getStructuringElement(cv2.MORPH_RECT, reach)), ink)


def _smeared(ink: np.ndarray, char_h: float) -> np.ndarray:
    """`ink` closed sideways by about two glyph heights: a line's letters and words join."""
    gap = max(3, int(round(2.0 * char_h))) | 1  # odd, so the smear stays centred
    return cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))


def line_pieces(ink: np.ndarray, char_h: float) -> list[Box]:
    """Boxes of runs of text along a line: ink smeared sideways by about two glyph heights."""
    stats = component_stats(_smeared(ink, char_h))
    boxes = []
    min_h = max(3, int(0.4 * char_h))
    width = ink.shape[1]
    margin = max(2, int(0.01 * width))
    for x, y, w, h, _area in stats[1:]:
        # Thin pieces are rule remnants or lone underscores, never a line of text; slivers
        # along the image's side are the edge of the sheet.
        if h < min_h:
            continue
        if w < 0.35 * char_h and (x <= margin or x + w >= width - margin):
            continue
        boxes.append(Box(int(x), int(y), int(x + w), int(y + h)))
    return boxes


# Typed lines, smeared along themselves as `line_pieces` does: at most this many glyph heights
# tall (ascenders, descenders, a slight slant) and at least this many long (a dozen letters).
_LINE_TALL = 2.0
_LINE_LONG = 16.0
# A typed glyph's ink is at most this many glyph heights across either way (letters a heavy
# ribbon bled together included); a handwritten word, a stamp's ring or frame is larger.
_GLYPH_SPAN = 2.0


def typed_line_share(ink: np.ndarray, char_h: float) -> float:
    """Share of `ink`'s pixels (uint8, 255 = ink) that are glyphs of about `char_h` set in long
    flat lines: typing, as opposed to a stamp (its ring or frame) or handwriting (joined
    strokes, a slanted line); 0 for no ink.

    Census page 5264 (heavy)'s violet typed body scores 0.99; the stamps, signatures and notes of
    the census pages 5200-5279 0.51 at most (a stamp's lettering in lines), a handwritten
    one-line resolution 0.17.
    """
    total = cv2.countNonZero(ink)
    if not total or char_h <= 0:
        return 0.0
    _n, lines, line_stats, _ = cv2.connectedComponentsWithStats(_smeared(ink, char_h), connectivity=8)
    flat = ((line_stats[:, cv2.CC_STAT_HEIGHT] <= _LINE_TALL * char_h)
            & (line_stats[:, cv2.CC_STAT_WIDTH] >= _LINE_LONG * char_h))
    _n, parts, part_stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyph = ((part_stats[:, cv2.CC_STAT_HEIGHT] <= _GLYPH_SPAN * char_h)
             & (part_stats[:, cv2.CC_STAT_WIDTH] <= _GLYPH_SPAN * char_h))
    flat[0] = glyph[0] = False  # the background
    return int(np.count_nonzero(flat[lines] & glyph[parts])) / total


def group_blocks(pieces: list[Box], char_h: float) -> list[Box]:
    """Union of pieces into blocks: stacked at line spacing sharing most of their x, or close on a row."""
    # Single and one-and-a-half spacing join (gap up to about one line height); a blank line
    # or double spacing splits. Splitting too much costs nothing in reading order (XY-cut puts
    # full-width lines top to bottom), joining too much can swallow a column beside it.
    line_h = float(np.median([p.height for p in pieces])) if pieces else char_h
    return [functools.reduce(Box.union, group) for group in _grouped(pieces, line_h)]


def _grouped(pieces: list[Box], line_h: float) -> list[list[Box]]:
    """`pieces` in blocks (`group_blocks`), a block joined only through one row across a gutter
    split into the blocks of its columns (`_columns`)."""
    max_vgap = 1.3 * line_h
    max_hgap = 3.0 * line_h  # wider gaps on one row are column gutters

    def joined(i: int, j: int) -> bool:
        a, b = pieces[i], pieces[j]
        x_overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
        y_overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
        vgap = max(a.y0, b.y0) - min(a.y1, b.y1)
        hgap = max(a.x0, b.x0) - min(a.x1, b.x1)
        # Lines of one block mostly share their extent; a centred heading that only
        # grazes a column's last line starts a block of its own.
        narrower = min(a.x1 - a.x0, b.x1 - b.x0)
        stacked = x_overlap >= 0.5 * narrower and vgap <= max_vgap
        same_row = y_overlap > 0.5 * min(a.height, b.height) and hgap <= max_hgap
        return stacked or same_row

    groups = _merge_overlapping([[pieces[i] for i in group]
                                 for group in linked_groups(len(pieces), joined)])
    blocks = []
    for group in groups:
        parts = _columns(group, max_hgap)
        # Each column (and the crossing row's pieces across the gutter) is grouped anew: what
        # only the crossing row held together (a name above one column) comes apart too.
        blocks += ([group] if parts is None
                   else [b for part in parts for b in _grouped(part, line_h)])
    return blocks


def _merge_overlapping(groups: list[list[Box]]) -> list[list[Box]]:
    """Groups of pieces whose boxes intersect become one (a block must own its area alone)."""
    boxes = [functools.reduce(Box.union, g) for g in groups]
    changed = True
    while changed:
        changed = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if _meets(boxes[i], boxes[j]):
                    boxes[i] = boxes[i].union(boxes.pop(j))
                    groups[i] = groups[i] + groups.pop(j)
                    changed = True
                    break
            if changed:
                break
    return groups


def _meets(a: Box, b: Box) -> bool:
    """Whether boxes `a` and `b` share some area."""
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)


# Columns on either side of a gutter hold at least this many rows each.
_COLUMN_ROWS = 2


def _columns(pieces: list[Box], min_gutter: float) -> list[list[Box]] | None:
    """`pieces` of one block split at a gutter only one row of the block crosses: (the pieces
    left of it, right of it, and, when there are any, across it); None when it has none.

    A pencil note or a stamp in the gutter of a form's two-column header that was not found as
    a mark joins the columns through the one row it touches (census page 6830: `К исполнению`
    between `МИД СССР` and `СОВ. СЕКРЕТНО` read the header line by line across). A gutter is
    at least `min_gutter` wide, the gap across which pieces of one row join, so tabbed fields
    of a typed row stay one block; each column beside it holds `_COLUMN_ROWS` rows or more.
    The crossing row's pieces go to the column they reach into, or lie nearest to; a piece
    reaching into both (a heading over both columns, or the note run into both columns' first
    words) is a block of its own.
    """
    rows = group_lines([(p.x0, p.y0, p.x1, p.y1) for p in pieces])
    if len(rows) < 2 * _COLUMN_ROWS:
        return None
    for crossing in [None, *range(len(rows))]:
        others = [pieces[i] for k, row in enumerate(rows) if k != crossing for i in row]
        gutter = _gutter(others, rows, crossing, pieces, min_gutter)
        if gutter is None:
            continue
        left = [p for p in others if p.x1 <= gutter[0]]
        right = [p for p in others if p.x0 >= gutter[1]]
        across = []
        for i in ([] if crossing is None else rows[crossing]):
            # How far the piece reaches past each edge of the gutter (below 0: how far short
            # of it it stops).
            p = pieces[i]
            past_left, past_right = gutter[0] - p.x0, p.x1 - gutter[1]
            if min(past_left, past_right) > 0:
                across.append(p)
            else:
                (left if past_left > past_right else right).append(p)
        return [left, right] + ([across] if across else [])
    return None


def _gutter(others: list[Box], rows: list[list[int]], crossing: int | None, pieces: list[Box],
            min_gutter: float) -> tuple[int, int] | None:
    """(x0, x1) of the widest gap at least `min_gutter` wide between the x extents of `others`
    (the pieces of `rows` but the `crossing` one) with pieces of `_COLUMN_ROWS` rows or more on
    each side; None when there is none."""
    spans = sorted((p.x0, p.x1) for p in others)
    best, end = None, spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - end >= min_gutter and (best is None or x0 - end > best[1] - best[0]):
            best = (end, x0)
        end = max(end, x1)
    if best is None:
        return None
    sides = [sum(any(side(pieces[i]) for i in row) for k, row in enumerate(rows) if k != crossing)
             for side in (lambda p: p.x1 <= best[0], lambda p: p.x0 >= best[1])]
    return best if min(sides) >= _COLUMN_ROWS else None


def reading_order(blocks: list[Box]) -> list[Box]:
    """Blocks by recursive XY-cut: horizontal gaps first (top to bottom), then vertical ones."""
    if len(blocks) <= 1:
        return list(blocks)
    for axis in ("y", "x"):
        groups = _cut(blocks, axis)
        if len(groups) > 1:
            return [b for g in groups for b in reading_order(g)]
    # No clean cut (interlocking blocks, or columns split at a gutter whose crossing row
    # reached over the column beside it): cut where the blocks overlap least for their size.
    first, rest = _nearest_cut(blocks)
    return reading_order(first) + reading_order(rest)


def _cut(blocks: list[Box], axis: str) -> list[list[Box]]:
    lo = (lambda b: b.y0) if axis == "y" else (lambda b: b.x0)
    hi = (lambda b: b.y1) if axis == "y" else (lambda b: b.x1)
    groups: list[list[Box]] = []
    end = None
    for b in sorted(blocks, key=lo):
        if end is None or lo(b) >= end:
            groups.append([b])
            end = hi(b)
        else:
            groups[-1].append(b)
            end = max(end, hi(b))
    return groups


def _nearest_cut(blocks: list[Box]) -> tuple[list[Box], list[Box]]:
    """(blocks before, blocks after) the cut between blocks sorted along one axis whose two sides
    overlap least, as a share of the thinner side's extent along that axis; y (top to bottom)
    wins ties."""
    best = None
    for axis in ("y", "x"):
        lo = (lambda b: b.y0) if axis == "y" else (lambda b: b.x0)
        hi = (lambda b: b.y1) if axis == "y" else (lambda b: b.x1)
        ordered = sorted(blocks, key=lambda b: (lo(b), hi(b)))
        for k in range(1, len(ordered)):
            before, after = ordered[:k], ordered[k:]
            end, start = max(map(hi, before)), min(map(lo, after))
            thinner = min(end - min(map(lo, before)), max(map(hi, after)) - start)
            share = (end - start) / max(1, thinner)
            if best is None or share < best[0]:
                best = (share, before, after)
    return best[1], best[2]


def find_blocks(ink: np.ndarray) -> tuple[list[Box], float]:
    """(text blocks of the ink mask in reading order, glyph height); ([], 0) on a blank page."""
    char_h = glyph_height(ink)
    if char_h <= 0:
        return [], 0.0
    clean = remove_rules(ink, max(int(15 * char_h), ink.shape[1] // 5))
    pieces = line_pieces(clean, char_h)
    return reading_order(group_blocks(pieces, char_h)), char_h
