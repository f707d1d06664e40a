"""A second reading of a form's typed digits: the words of a number or a time cut out of the
cleaned page, enlarged, and read again by Tesseract limited to digits.

A page read whole gives Tesseract the context of words, not of digits: a typed 0 comes back
as 9, 8 or 6, a 3 as 5. Read alone and enlarged, with nothing but digits allowed, most such
words come back right. `extract` takes the second reading only where two crops of the word
agree on it and it undoes one of those known confusions; it never reads a number anew.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
import regex

from pipeline.engines.tesseract import TesseractEngine
from pipeline.errors import PageFailedError
from pipeline.fields.finders import Hit
from pipeline.fields.lines import TextLine
from pipeline.fields.values import ZERO_MISREADS
from pipeline.model import BBox, Page, ReviewItem, Word

DIGITS_ONLY = "-c tessedit_char_whitelist=0123456789:"  # digits, and a time's colon
# Each reading of a word: (pixels of paper kept around its box, enlargement). Two crops of the
# word, a little different, must agree (chosen on dev pages 1000-1039 among paddings 4 and 8
# and enlargements 1.5 to 3).
READINGS: tuple[tuple[int, float], ...] = ((4, 1.5), (8, 1.5))
# The crops are stacked into one image, one crop a line: a uniform block of lines.
PSM = 6
# A word of digits alone, or a time ("4:10"), with the dot or colon typed after it; words of
# it next to each other are re-read as one crop, when they hold MIN_DIGITS digits at least (a
# lone digit read alone came back wrong as often as it put one right on dev pages).
DIGIT_WORD = regex.compile(r"(?P<d>\d+(?::\d\d)?)(?P<p>[.,:;]?)")
MIN_DIGITS = 2
# A word that is a time alone ("8:10", "8:10,"), and a time as the digit engine reads it.
TIME_WORD = regex.compile(r"\d{1,2}:\d\d[.,]?")
_TIME = regex.compile(r"\d{1,2}:\d\d")
# Letters a typed digit is read as where the page's words pull it into a word ("Special no.
# it" for 11: a typewriter 1, foot and flag, looks like an i or t; a 0 like an o). A number's
# word of these letters alone is re-read like a word of digits (dev pages 1500-1539).
LETTER_DIGITS = {"1": "ilIt|", "0": "oO"}
LETTER_WORD = regex.compile(rf"(?P<d>[{regex.escape(''.join(LETTER_DIGITS.values()))}]+)(?P<p>[.,:;]?)")
# Digits OCR of typewriter type gives for a typed digit (see `values.ZERO_MISREADS`); a 9
# read 8 where the page's words crowd it (dev pages 1112, 1121: both crops read the 9); an 8
# worn on its left read 3 (the shape `glyphs.closed_loops` tells) and a 6 whose loop is faint
# read 5 (fresh pages 1422, 1446: both crops read the 8 and the 6; on dev 1000-1079 and fresh
# 1400-1447 no crops agreed on an 8 or 6 where the page's 3 or 5 was right).
MISREAD_AS = {"0": ZERO_MISREADS, "3": "5", "1": "4", "9": "8", "8": "3", "6": "5"}
# The digits a second reading may put right: a run holding none of them is read as typed, or
# misread in a way `accept` never undoes, so it is not re-read (and a page with no such run
# makes no Tesseract call). The page's word confidence is no guide: Tesseract gives 0.96 to
# most typed digits, right or wrong (a 3 read 5 at 0.96 on dev page 1016).
SUSPECT = frozenset("".join(MISREAD_AS.values()))
# The confidence of a word taken from the second reading: the readings agree, the page's
# reading did not, so it is no surer than this.
REREAD_CONF = 0.7
GAP = 0.8  # white space between stacked crops, in the tallest crop's heights


def working_box(page: Page, box: BBox, pad: int) -> tuple[int, int, int, int] | None:
    """The working-image pixel box (x0, y0, x1, y1) holding `box` (ORIGINAL pixels) and `pad`
    pixels around it, clipped to the image; None when nothing is left or the mapping is singular."""
    gray = page.masks.get("gray")
    if gray is None:
        return None
    try:
        b = page.working_bbox(box)
    except np.linalg.LinAlgError:
        return None
    h, w = gray.shape[:2]
    x0, y0 = (max(0, int(np.floor(v)) - pad) for v in (b.x0, b.y0))
    x1, y1 = int(min(w, np.ceil(b.x1) + pad)), int(min(h, np.ceil(b.y1) + pad))
    return (x0, y0, x1, y1) if x1 > x0 + 2 and y1 > y0 + 2 else None


def stack(crops: Sequence[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The crops stacked top to bottom on white paper, left-aligned, with each one's (top,
    bottom) rows in the stacked image."""
    height = max(c.shape[0] for c in crops)
    gap = int(GAP * height) + 8
    width = max(c.shape[1] for c in crops) + 2 * gap
    out = np.full((sum(c.shape[0] for c in crops) + gap * (len(crops) + 1), width), 255, np.uint8)
    bands, y = [], gap
    for c in crops:
        out[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        bands.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    return out, bands


def read_stacked(engine, crops: Sequence[np.ndarray], psm: int = PSM) -> list[str]:
    """What `engine` reads in each crop of one stacked image: the words whose centre lies in
    the crop's band, left to right, joined without spaces ("" for a crop nothing was read in)."""
    image, bands = stack(crops)
    words = engine.recognize(image, psm=psm)
    out = []
    for top, bottom in bands:
        inside = sorted((w for w in words if top <= (w.box[1] + w.box[3]) / 2 < bottom),
                        key=lambda w: w.box[0])
        out.append("".join(w.text for w in inside))
    return out


def _crop(page: Page, box: BBox, pad: int, scale: float) -> np.ndarray | None:
    # The box's crop of the cleaned gray page, stamp and pen ink whitened, enlarged.
    cut = working_box(page, box, pad)
    return None if cut is None else crop_at(page, cut, scale)


def crop_at(page: Page, cut: tuple[int, int, int, int], scale: float, whiten: bool = True) -> np.ndarray:
    """The working-image box `cut` (x0, y0, x1, y1) of the cleaned gray page, stamp and pen ink
    whitened (unless not `whiten`: where the marks mask lies over the typed digits themselves),
    enlarged `scale` times."""
    gray, marks = page.masks["gray"], page.masks.get("marks")
    x0, y0, x1, y1 = cut
    crop = gray[y0:y1, x0:x1].copy()
    if whiten and marks is not None and marks.shape == gray.shape:
        crop[marks[y0:y1, x0:x1] > 0] = 255  # stamp and pen ink are not the typed digits
    return cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def reread(engine, page: Page, boxes: Sequence[BBox]) -> list[list[str]]:
    """Every reading (`READINGS`) of each box's crop of the cleaned gray page: a list per box
    (empty when the box cannot be cut out). One Tesseract call for the whole page: every crop
    of every reading stacked into one image."""
    if page.masks.get("gray") is None or not boxes:
        return [[] for _ in boxes]
    crops = [[_crop(page, b, pad, scale) for pad, scale in READINGS] for b in boxes]
    usable = [all(c is not None for c in per_box) for per_box in crops]
    flat = [c for per_box, ok in zip(crops, usable) if ok for c in per_box]
    if not flat:
        return [[] for _ in boxes]
    read = iter(read_stacked(engine, flat))
    return [[next(read) for _ in per_box] if ok else [] for per_box, ok in zip(crops, usable)]


@functools.lru_cache(maxsize=2)
def digit_engine(timeout: float | None = None) -> TesseractEngine:
    """A Tesseract engine reading digits only (one per timeout in this process)."""
    return TesseractEngine("eng", timeout, config=DIGITS_ONLY)


def suspect(digits: str) -> bool:
    """Whether `digits` hold a digit a typed digit is known to be misread as (`MISREAD_AS`):
    the only runs `accept` can change."""
    return any(d in SUSPECT for d in digits)


def accept(read: str, readings: Sequence[str]) -> str | None:
    """The digits to take instead of `read`: each digit every reading (two at least) agrees on
    where that is a digit typewriter type is known to be misread as (`MISREAD_AS`: a typed 0
    read 9, 8 or 6, a 3 read 5, a 1 read 4, a 9 read 8, an 8 read 3, a 6 read 5), a time's
    colon where it was; else None (keep `read`). One reading at least has as many digits as
    `read`; another may have lost digits at its crop's edge (`aligned`: ":40" and "3:40" agree
    that "3:46" is "3:40"), and a digit it lost is kept as read. A reading that differs from
    `read` anywhere else refuses them all.

    A crop read alone has confusions of its own (a 5 at its edge read 9, a lost digit): the
    second reading only settles the page's known ones, it does not read the number anew.
    """
    if len(readings) < 2:
        return None
    if LETTER_WORD.fullmatch(read):
        # a word of letters: each one the letter its digit looks like, every reading the same
        new = readings[0]
        if len(set(readings)) != 1 or len(new) != len(read) or not regex.fullmatch(r"\d+", new):
            return None
        return new if all(a in LETTER_DIGITS.get(b, "") for a, b in zip(read, new)) else None
    if not any(len(r) == len(read) for r in readings):
        return None  # no crop saw every digit
    placed = [aligned(read, r) for r in readings]
    if any(p is None for p in placed):
        return None
    for p in placed:
        if any(c != read[k] and read[k] not in MISREAD_AS.get(c, "") for k, c in p.items()):
            return None  # the crop reads this word otherwise than a known misreading
    new = list(read)
    for k in range(len(read)):
        got = {p.get(k) for p in placed}
        if len(got) == 1 and None not in got:
            new[k] = got.pop()
    new = "".join(new)
    return new if new != read else None


def aligned(read: str, reading: str) -> dict[int, str] | None:
    """The characters of `reading` by the position of `read` each stands at: `reading` is
    `read` with some of its characters at either end lost (at a crop's edge), placed where it
    differs from `read` in fewest characters; None when it is no such reading (longer, empty,
    not digits and colons, or two places fit it equally well)."""
    if not reading or len(reading) > len(read) or not regex.fullmatch(r"[\d:]+", reading):
        return None
    fits = sorted((sum(a != b for a, b in zip(read[at:], reading)), at)
                  for at in range(len(read) - len(reading) + 1))
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None  # two places fit it as well: where its digits stand is not known
    at = fits[0][1]
    return {at + k: c for k, c in enumerate(reading)}


def patch_lines(engine, page: Page, lines: list[TextLine], hits: dict[str, Hit],
                valid: Callable[[str, str], bool] | None = None
                ) -> tuple[list[TextLine], list[ReviewItem]]:
    """`lines` with the digit words of `hits` (fields found on them) replaced by the second
    reading `accept` takes and `valid(field name, its raw text so changed)` allows, and a review
    entry for each one replaced; (`lines`, []) when nothing was (or there was nothing to re-read).
    First, a time read from ink that is no typed time before the field's typed one is left out
    (`phantom_times`)."""
    lines, hits, dropped = phantom_times(engine, page, lines, hits)
    jobs = [job for name, hit in hits.items() for job in _digit_runs(name, hit, lines)]
    if not jobs:
        return lines, dropped
    # A word of letters is read in an image of its own: stacked with the page's other digits,
    # the 1s of "it" came back as "14" (dev page 1518), alone as "11".
    letter = [LETTER_WORD.fullmatch(job.digits) is not None for job in jobs]
    try:
        stacked = iter(reread(engine, page, [j.box for j, lw in zip(jobs, letter) if not lw]))
        readings = [reread(engine, page, [j.box])[0] if lw else next(stacked)
                    for j, lw in zip(jobs, letter)]
    except PageFailedError:
        return lines, dropped  # the first reading stands
    out, notes = list(lines), list(dropped)
    for job, read in zip(jobs, readings):
        new = accept(job.digits, read)
        if new is None or (valid is not None and not valid(job.name, job.patched_raw(new))):
            continue
        if LETTER_WORD.fullmatch(job.digits) and _glyph_count(page, job.box) != len(new):
            continue  # letters taken as digits only where the ink holds as many glyphs
        line = out[job.line]
        ocr, text, words = line.ocr, line.text, list(line.words)
        # the run's digits go back into its words in the order read, each word keeping its
        # count (a run of two words stays two words, "5 5" -> "3 3")
        pos = 0
        for (start, end, word), m in zip(job.words, job.matches):
            got = new[pos:pos + len(m["d"])]
            pos += len(m["d"])
            stop = start + len(m["d"])
            ocr, text = ocr[:start] + got + ocr[stop:], text[:start] + got + text[stop:]
            words = [replace(w, text=got + m["p"], confidence=min(w.confidence, REREAD_CONF))
                     if w is word else w for w in words]
        out[job.line] = replace(line, text=text, ocr=ocr, words=tuple(words))
        notes.append(ReviewItem(
            f"field {job.name}: digits {job.shown!r} (confidence {job.confidence:.2f}) read "
            f"again alone as {new!r}", line.region))
    return (out, notes) if notes else (lines, [])


def phantom_times(engine, page: Page, lines: list[TextLine], hits: dict[str, Hit]
                  ) -> tuple[list[TextLine], dict[str, Hit], list[ReviewItem]]:
    """`lines` and `hits` with each time word of a field's value that another time word follows
    (two times where the form types one) left out when its crop, read alone with digits only,
    reads as no time in any reading while the next word's reads as one in every reading: ink
    that is no typed time (a pen's stroke over the label's "on" read "9:25" before the typed
    8:10). Its characters are blanked, so the rest of the line keeps its places; a review
    entry each."""
    pairs = [(name, hit, pair) for name, hit in hits.items()
             for pair in _times_before_times(hit, lines)]
    if not pairs:
        return lines, hits, []
    out, moved, notes = list(lines), dict(hits), []
    for name, hit, ((start, end, word), (_, _, after)) in pairs:
        try:
            # each word in an image of its own: stacked, a crop's reading changes with the others'
            read, next_read = (reread(engine, page, [w.bbox])[0] for w in (word, after))
        except PageFailedError:
            return lines, hits, []
        if len(read) < 2 or any(_TIME.fullmatch(r) for r in read) \
                or len(next_read) < 2 or not all(_TIME.fullmatch(r) for r in next_read):
            continue
        line, blank = out[hit.first], " " * (end - start)
        at = line.ocr.find(moved[name].raw)
        out[hit.first] = replace(line, text=line.text[:start] + blank + line.text[end:],
                                 ocr=line.ocr[:start] + blank + line.ocr[end:],
                                 words=tuple(w for w in line.words if w is not word))
        if at >= 0:
            moved[name] = replace(moved[name], raw=out[hit.first].ocr[at:at + len(moved[name].raw)])
        notes.append(ReviewItem(f"field {name}: time {word.text!r} before the time "
                                f"{after.text!r} reads as no time alone; left out", line.region))
    return out, moved, notes


def _times_before_times(hit: Hit, lines: list[TextLine]
                        ) -> list[tuple[tuple[int, int, Word], tuple[int, int, Word]]]:
    # The hit's words that are a time with only a space between them and the next word, itself
    # a time: the spans of the two.
    if hit.bbox is None or hit.first >= len(lines):
        return []
    line = lines[hit.first]
    spans = [s for s in line.word_spans()
             if s[2].bbox.x1 > hit.bbox.x0 - 1 and s[2].bbox.x0 < hit.bbox.x1 + 1]
    return [(a, b) for a, b in zip(spans, spans[1:]) if TIME_WORD.fullmatch(a[2].text)
            and TIME_WORD.fullmatch(b[2].text) and line.ocr[a[1]:b[0]] == " "]


def _glyph_count(page: Page, box: BBox) -> int | None:
    """How many glyphs of full height the box's ink holds (None when it cannot be measured)."""
    # imported here: glyphs cuts its words with `working_box` from this module
    from pipeline.fields import glyphs

    ink = glyphs.word_ink(page, box)
    return None if ink is None else len(glyphs.glyph_boxes(ink))


@dataclass(frozen=True)
class _Run:
    """Digit words next to each other in one field's value: what is re-read as one crop."""

    name: str
    line: int
    words: tuple[tuple[int, int, Word], ...]
    matches: tuple[regex.Match, ...]
    raw: str  # the field's raw text
    raw_at: int  # where `raw` starts in the line's OCR text

    @property
    def digits(self) -> str:
        return "".join(m["d"] for m in self.matches)

    @property
    def shown(self) -> str:
        return " ".join(m["d"] for m in self.matches)

    @property
    def box(self) -> BBox:
        return BBox.enclosing([w.bbox for _, _, w in self.words])

    @property
    def confidence(self) -> float:
        return min(w.confidence for _, _, w in self.words)

    def patched_raw(self, new: str) -> str:
        """The field's raw text with the run's digits replaced by `new` (same count)."""
        raw, pos = self.raw, 0
        for (start, _, _), m in zip(self.words, self.matches):
            at = start - self.raw_at
            got = new[pos:pos + len(m["d"])]
            pos += len(m["d"])
            if 0 <= at <= len(raw) - len(m["d"]):
                raw = raw[:at] + got + raw[at + len(m["d"]):]
        return raw


def _digit_runs(name: str, hit: Hit, lines: list[TextLine]) -> list[_Run]:
    # Words of digits alone inside the hit's box, runs of them joined when only a space parts
    # them ("5 5": a typewriter's wide pitch splits a number); a run of fewer than two digits,
    # or with no digit `accept` could put right, is left as read.
    if hit.bbox is None or hit.first >= len(lines):
        return []
    line = lines[hit.first]
    raw_at = max(0, line.ocr.find(hit.raw))
    runs: list[list[tuple[tuple[int, int, Word], regex.Match]]] = []
    last_end = None
    lone = regex.sub(r"\W+", "", hit.raw)  # the value, when it is one word of letters
    for start, end, word in line.word_spans():
        m = DIGIT_WORD.fullmatch(word.text)
        b = word.bbox
        inside = (b.x0 >= hit.bbox.x0 - 1 and b.x1 <= hit.bbox.x1 + 1
                  and b.y0 >= hit.bbox.y0 - 1 and b.y1 <= hit.bbox.y1 + 1)
        letters = LETTER_WORD.fullmatch(word.text) if m is None and inside else None
        if letters is not None and letters["d"] == lone and len(lone) >= MIN_DIGITS:
            runs.append([((start, end, word), letters)])  # re-read alone, never joined
            last_end = None
            continue
        if m is None or not inside:
            last_end = None
            continue
        joined = runs and last_end is not None and line.ocr[last_end:start] == " " \
            and not runs[-1][-1][1]["p"]
        if joined:
            runs[-1].append(((start, end, word), m))
        else:
            runs.append([((start, end, word), m)])
        last_end = end
    out = []
    for run in runs:
        run_words = tuple(w for w, _ in run)
        matches = tuple(m for _, m in run)
        digits = "".join(m["d"] for m in matches)
        if len(digits) >= MIN_DIGITS and (suspect(digits) or LETTER_WORD.fullmatch(digits)):
            out.append(_Run(name, hit.first, run_words, matches, hit.raw, raw_at))
    return out
