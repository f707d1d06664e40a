"""Voting between readings of a page at several scales (pure: OCR words in, words out).

Tesseract's errors change with the scale it is given, so where the first reading of a page is
in doubt (`doubtful_strips`: unsure lines, a line split in two, ink left without words) the
recognize stage reads those strips again at other scales, and every line there takes the
reading nearest the others (`vote_lines`: a median of three, then word by word; the surest
of readings that all differ, and a line that one scale alone read surely).
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Levenshtein

from pipeline.engines.tesseract import OcrWord
from pipeline.grouping import linked_groups
from pipeline.imaging.lines import group_lines

# The vote re-reads only what the first reading is in doubt about (two fifths of a page's
# text on dev pages; 86% of voting every line's CER gain for under half its extra time): a
# line whose words Tesseract was on average less than DOUBT_CONF sure of (by characters),
# lines that share their rows (one line split in two), and ink the first reading left
# without words (a lost line or word): runs of rows at least UNREAD_HEIGHT glyphs high
# holding UNREAD_INK glyph squares of ink, beyond UNREAD_MARGIN glyphs around every word.
DOUBT_CONF = 0.9
UNREAD_MARGIN = 0.25
UNREAD_HEIGHT = 0.5
UNREAD_INK = 0.1
# Two readings of a line are apart when their edit distance is over this share of the longer.
APART = 0.5
# A line that one reading alone has is taken from this confidence, above any doubt.
SURE_ALONE = 0.94


def _lines_of(words: list[OcrWord]) -> list[tuple[float, float, list[OcrWord]]]:
    """`words` grouped into lines: (top, bottom, the line's words left to right)."""
    lines = []
    for idx in group_lines([w.box for w in words]):
        ws = [words[i] for i in idx]
        lines.append((min(w.box[1] for w in ws), max(w.box[3] for w in ws), ws))
    return lines


def _text(words: list[OcrWord]) -> str:
    return " ".join(w.text for w in words)


def _same_line(a: tuple[float, float, list], b: tuple[float, float, list]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def vote_lines(readings: list[list[OcrWord]]) -> list[OcrWord]:
    """The words of one block from several readings of it, line by line.

    Lines of different readings that share their rows are one line (a line that one reading
    split in two joins the other readings' whole line). A line that every reading has takes
    the reading nearest to all of them (least summed edit distance; ties go to the surer,
    then the earlier reading; when all differ by more than APART, the surest), and then each
    of its words that both other readings read alike in the same columns takes their reading;
    a line that the first reading has but another lacks keeps the first reading; one that only
    the others have is taken when all of them have it, or when the one reading that has it is
    sure of it (SURE_ALONE).
    """
    lines = [(r, ln) for r, words in enumerate(readings) for ln in _lines_of(words)]
    # Each group is one line of the block.
    clusters = []
    for group in linked_groups(len(lines), lambda i, j: lines[i][0] != lines[j][0]
                               and _same_line(lines[i][1], lines[j][1])):
        per_reading: list[list[OcrWord]] = [[] for _ in readings]
        for i in group:
            r, ln = lines[i]
            per_reading[r].extend(ln[2])
        clusters.append(per_reading)
    out: list[OcrWord] = []
    for per_reading in clusters:
        if all(per_reading):
            chosen = _medoid(per_reading)
            out.extend(_vote_words(chosen, [r for r in per_reading if r is not chosen]))
        elif per_reading[0]:
            out.extend(per_reading[0])
        elif len(readings) > 1 and all(per_reading[1:]):
            out.extend(_medoid(per_reading[1:]))
        else:
            out.extend(_sure_alone(per_reading[1:]))
    return out


def _sure_alone(cands: list[list[OcrWord]]) -> list[OcrWord]:
    """The one reading of a line that the first reading and some other left unread, when it is
    sure of it (SURE_ALONE or more): ink read as surely as clean type at one scale is text (a
    list's lines that Tesseract's page analysis dropped at the page's scale, dev rotated page
    1010, read at 0.95-0.96); else none."""
    found = [c for c in cands if c]
    if len(found) != 1:
        return []
    sure = mean_confidence([(w.text, w.confidence) for w in found[0]]) >= SURE_ALONE
    return found[0] if sure else []


def _x_match(word: OcrWord, words: list[OcrWord]) -> OcrWord | None:
    """The one word of `words` covering the same columns as `word` (each over half of the other)."""
    hits = []
    for w in words:
        overlap = min(word.box[2], w.box[2]) - max(word.box[0], w.box[0])
        if overlap > 0.5 * (word.box[2] - word.box[0]) and overlap > 0.5 * (w.box[2] - w.box[0]):
            hits.append(w)
    return hits[0] if len(hits) == 1 else None


def _vote_words(chosen: list[OcrWord], others: list[list[OcrWord]]) -> list[OcrWord]:
    """`chosen` with each word that the other readings both read alike, in the same columns,
    and unlike it, taken from them."""
    out = []
    for w in chosen:
        alts = [_x_match(w, ws) for ws in others]
        agreed = len(alts) >= 2 and all(alts) and len({a.text for a in alts}) == 1
        if agreed and alts[0].text != w.text:
            w = OcrWord(alts[0].text, w.box, max(a.confidence for a in alts), w.block,
                        w.paragraph, w.line)
        out.append(w)
    return out


def _medoid(cands: list[list[OcrWord]]) -> list[OcrWord]:
    """The reading of a line nearest the others (least summed edit distance); of readings
    equally near, the surer (its words' confidence by characters), then the earlier; of three
    or more that are all apart, the surest."""
    texts = [_text(c) for c in cands]
    conf = [mean_confidence([(w.text, w.confidence) for w in c]) for c in cands]
    # Readings that all differ by more than half their text have no median: each is a guess
    # at ink Tesseract could not read, and the surest guess is the best (dev rotated pages,
    # a list's lines read as `со - еј |е)`, `У о [7` and, surely, `3. Тов.`).
    if len(texts) > 2 and all(Levenshtein.normalized_distance(t, u) > APART
                              for i, t in enumerate(texts) for u in texts[i + 1:]):
        return cands[max(range(len(cands)), key=lambda k: (conf[k], -k))]
    cost = [sum(Levenshtein.distance(t, u) for u in texts) for t in texts]
    # Readings equally near the others (three that differ alike, or two) are not told apart
    # by distance: the first reading used to win them; the surest did as well or better on
    # dev pages (heavy with marks 3.07 -> 2.97% CER, clean without 0.68 -> 0.66).
    return cands[min(range(len(cands)), key=lambda k: (cost[k], -conf[k], k))]


def doubtful(line: list[OcrWord]) -> bool:
    """Whether the first reading of a line is in doubt: its words' confidence, weighted by
    their characters, is below DOUBT_CONF."""
    return mean_confidence([(w.text, w.confidence) for w in line]) < DOUBT_CONF


def unread_rows(ink: np.ndarray, words: list[OcrWord], box, glyph_px: float) -> list[tuple[int, int]]:
    """Runs of rows (top, bottom; page pixels) of block `box` where `ink` (nonzero = ink) holds
    ink no word of `words` covers: at least UNREAD_HEIGHT glyphs high and UNREAD_INK glyph
    squares of ink."""
    x0, y0, x1, y1 = (int(v) for v in box)
    left = ink[y0:y1, x0:x1] > 0
    m = int(glyph_px * UNREAD_MARGIN)
    for w in words:
        left[max(0, w.box[1] - y0 - m):max(0, w.box[3] - y0 + m),
             max(0, w.box[0] - x0 - m):max(0, w.box[2] - x0 + m)] = False
    per_row = left.sum(axis=1)
    on = np.flatnonzero(per_row)
    if not len(on):
        return []
    breaks = np.flatnonzero(np.diff(on) > 1)
    starts, ends = np.r_[on[0], on[breaks + 1]], np.r_[on[breaks], on[-1]]
    return [(int(a) + y0, int(b) + 1 + y0) for a, b in zip(starts, ends)
            if b - a + 1 >= UNREAD_HEIGHT * glyph_px
            and per_row[a:b + 1].sum() >= UNREAD_INK * glyph_px ** 2]


def doubtful_strips(words: list[OcrWord], box, ink: np.ndarray | None,
                    glyph_px: float) -> list[tuple[int, int, int, int]]:
    """The strips of block `box` worth reading again (the block's width, runs of rows; page
    pixels): doubtful lines, lines sharing rows, ink left unread (with `ink` and a glyph
    height); the whole block when the first reading found no words in it."""
    x0, y0, x1, y1 = (int(v) for v in box)
    if not words:
        return [(x0, y0, x1, y1)]
    lines = [(int(top), int(bottom), doubtful(ln)) for top, bottom, ln in _lines_of(words)]
    rows = [(top, bottom) for top, bottom, doubt in lines if doubt]
    rows += [(t, b) for i, (t, b, _) in enumerate(lines) for j, (u, v, _) in enumerate(lines)
             if i != j and _same_line((t, b, []), (u, v, []))]
    if ink is not None and glyph_px > 0:
        rows += unread_rows(ink, words, box, glyph_px)
    merged = _merge(rows)
    # A strip takes in whole every line it shares rows with, so that no line is voted in part.
    while True:
        grown = _merge(merged + [(t, b) for t, b, _ in lines
                                 if any(_same_line((t, b, []), (mt, mb, [])) for mt, mb in merged)])
        if grown == merged:
            return [(x0, top, x1, bottom) for top, bottom in merged]
        merged = grown


def _merge(rows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping runs of rows joined, top to bottom."""
    out: list[list[int]] = []
    for top, bottom in sorted(rows):
        if out and top <= out[-1][1]:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [(t, b) for t, b in out]


def _in_strip(words: list[OcrWord], strip) -> list[OcrWord]:
    """The words of `words` whose centre lies in `strip`."""
    x0, y0, x1, y1 = strip
    return [w for w in words if x0 <= (w.box[0] + w.box[2]) / 2 <= x1
            and y0 <= (w.box[1] + w.box[3]) / 2 <= y1]


def vote_doubtful(per_block: list[list[OcrWord]], strips: list[tuple[int, tuple]],
                  readings: list[list[OcrWord]]) -> list[list[OcrWord]]:
    """`per_block` (the first reading) with the lines in each strip (block index, box) voted
    with the other `readings` of the strips (`vote_lines`); the rest kept as first read."""
    out = [list(ws) for ws in per_block]
    for k, strip in strips:
        mine = _in_strip(out[k], strip)
        ids = {id(w) for w in mine}
        out[k] = [w for w in out[k] if id(w) not in ids] + vote_lines(
            [mine, *(_in_strip(r, strip) for r in readings)])
    return out


def mean_confidence(items: list[tuple[str, float]]) -> float:
    """The mean of (text, confidence) pairs weighted by the texts' characters (0 without any)."""
    chars = sum(len(t) for t, _ in items)
    return sum(len(t) * c for t, c in items) / chars if chars else 0.0
