"""Stage 'recognize': OCR of the typed-text regions found by layout.

Mode "page" (default, chosen by measurement, see benchmarks/core.py) runs Tesseract on
the flattened gray page with everything outside the text blocks painted white, then gives
each word to the block holding its centre; mode "region" runs it once per block crop. Words
become lines by geometry, boxes are mapped to ORIGINAL pixels.

With `Settings.vote` (the default; `run --no-vote` reads once) the strips of the page the
first reading is in doubt about (unsure lines, lines split in two, ink left unread) are read
again at two more scales (median glyph 19 and 18 px high; both in one Tesseract call, laid
out on one sheet) and each of their lines keeps the reading nearest the other two: Tesseract's
errors change with the scale. A low-resolution scan, read enlarged, is read once.
Done once per page, each measured on dev pages (see notes in the report of issue 8): models of a
script the orient probe did not see (its words on stamps and handwriting not counted) are left
out (`narrow_lang`), a reading in one script takes that script's model second where it is
installed (`with_script_model`), small type is enlarged, paper lighter than halfway from the ink
threshold to white is made white (show-through and stamp rims), a form's blanks are measured in
the ink beside the blocks (the runs of one length on the page counted alike), a date Tesseract
cut at its slash is joined, look-alike letters are set right, and the glyphs in each word's box
decide the case of look-alike letters, a small last digit (`0₂`), a `Ш` read as `ПТ`, the space
after `№` and letter-spacing; a letter read for a digit in a list's column of numbers becomes
the digit (the word-level work is `pipeline.wordfix`).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.engines.tesseract import OcrWord, shared_engine
from pipeline.imaging.binarize import at_or_below, ink_threshold, to_gray
from pipeline.imaging.blocks import glyph_height
from pipeline.imaging.lines import char_pitch
from pipeline.imaging.sheet import PAD as SHEET_PAD
from pipeline.imaging.sheet import assign, layout
from pipeline.imaging.underscores import SAME_LENGTH, blank_like, even_counts, underscore_runs
from pipeline.languages import typed_lang, typed_probe_letters
from pipeline.marks.through import without_marks
from pipeline.model import Page
from pipeline.postcorrect import with_script_model
from pipeline.settings import Context
from pipeline.stages.layout import typed_ink
from pipeline.vote import doubtful_strips, vote_doubtful
from pipeline.wordfix import (fill_region, join_numbers, rises, stops_before_blanks, word_glyphs,
                              x_height)

NAME = "recognize"
VERSION = "22"

MODE = "page"
# The file's dpi is not passed on: with `--dpi` Tesseract lost whole lines in trials.
PAGE_PSM = 3
REGION_PSM = 6
# Confidence given to underscore runs found in the ink (not read by Tesseract).
UNDERSCORE_CONF = 0.5
# Pixels round the marks mask that a faint blank is not looked for in: a pen stroke's soft rim,
# lighter than the ink threshold the mask was cut at.
MARK_RIM = 3
# A faint stroke shorter than this many pitches is as likely a heavy scan's grain or a dashed
# rule's piece as a blank (fresh heavy 8381: `__` beside the runs of a dashed rule).
FAINT_PITCHES = 3
# Padding around a block, in pixels of the working image: Tesseract wants a margin of paper.
PAD = 12
# Tesseract's models read best with glyphs (capitals, digits) of about this many pixels, as in
# 10-12 pt type at 300 dpi; smaller type (a 200 dpi scan) is enlarged before reading.
# `glyph_height` (median character component) is 23-28 px on 300 dpi dev pages, 16-18 at 200.
MIN_GLYPH_PX = 20.0
TARGET_GLYPH_PX = 26.0
MAX_UPSCALE = 2.0
# Tesseract's reading of a line changes with the scale it is given (a few dev pages lose a
# line or misread a word at one scale and not at another): with `Settings.vote` the page is
# also read with its median glyph at these heights, and each line takes the reading nearest
# the others (a median of three, then word by word). Dev pages, voting every line: clean 1.93
# -> 1.23% CER, heavy 4.46 -> 4.01% (single scales scattered 1.45-3.24 and 3.97-5.45).
VOTE_GLYPH_PX = (19.0, 18.0)
# Scales of a vote reading: below half size the type falls apart.
MIN_VOTE_SCALE = 0.5
# Scans under this resolution (the file's own dpi) are low-resolution: read enlarged, once.
LOW_DPI = 250.0
# A word whose ink is at least this share pen ink the marks stage gave back with the typing
# beside it (`page.masks["pen_spared"]`) was read from a signature's strokes, not typing.
PEN_SHARE = 0.99


def upscale_factor(glyph_px: float) -> float:
    """How much to enlarge a page whose median glyph is `glyph_px` high before OCR (1.0 = not)."""
    if glyph_px <= 0 or glyph_px >= MIN_GLYPH_PX:
        return 1.0
    return min(MAX_UPSCALE, TARGET_GLYPH_PX / glyph_px)


def vote_factors(glyph_px: float, factor: float, dpi: float | None = None) -> list[float]:
    """Scales of the extra readings of a page whose median glyph is `glyph_px` high, whose
    first reading is at `factor` and whose scan has `dpi` (None: not known): none when the
    glyph is unknown, a low-resolution scan was read enlarged, or a scale repeats one."""
    # A scan under LOW_DPI is read enlarged to TARGET_GLYPH_PX; its readings at VOTE_GLYPH_PX
    # would come from fewer pixels and, erring alike, outvote the first. Dev 200 dpi pages
    # (1000-1011, no marks): voted 0.99% CER, read once 0.93, voted around the enlarged scale
    # (x0.85, x1.15) 0.94. Small type on a 300 dpi scan votes as before (clean 1009: 1 error
    # voted, 4 read once).
    if glyph_px <= 0 or (factor > 1.0 and dpi is not None and dpi < LOW_DPI):
        return []
    out: list[float] = []
    for target in VOTE_GLYPH_PX:
        f = min(MAX_UPSCALE, max(MIN_VOTE_SCALE, target / glyph_px))
        if all(abs(f - g) > 0.02 for g in [factor, *out]):
            out.append(f)
    return out


def _reread(read, engine, image: np.ndarray, strips: np.ndarray, factor: float,
            paper: float | None) -> list[OcrWord]:
    """The words `read` finds in `strips` alone at `factor`, on the image cut to them (less
    area to read), in the page's pixels."""
    h, w = image.shape
    # Twice the padding, so that the paper `read` leaves around each strip is in the cut.
    x0, y0 = max(0, int(strips[:, 0].min()) - 2 * PAD), max(0, int(strips[:, 1].min()) - 2 * PAD)
    x1, y1 = min(w, int(strips[:, 2].max()) + 2 * PAD), min(h, int(strips[:, 3].max()) + 2 * PAD)
    shift = np.array([x0, y0, x0, y0], dtype=strips.dtype)
    per_strip, _ = _scaled(read, engine, image[y0:y1, x0:x1].copy(), strips - shift, factor,
                           paper)
    return [OcrWord(wd.text, (wd.box[0] + x0, wd.box[1] + y0, wd.box[2] + x0, wd.box[3] + y0),
                    wd.confidence, wd.block, wd.paragraph, wd.line)
            for ws in per_strip for wd in ws]


def _rereads(engine, image: np.ndarray, strips: np.ndarray, factors: list[float],
             paper: float | None) -> list[list[OcrWord]]:
    """The words Tesseract finds in `strips` alone at each of `factors` (one list per factor,
    in the page's pixels), from one call: the image cut to the strips is laid out once per
    scale on one sheet, and every word goes back to the copy its centre lies in.

    Each Tesseract call pays its process start and model load whatever it reads; the two
    scales differ by a few per cent, so the sheet's type is of one size to Tesseract's page
    analysis. Dev pages (1000-1011, six classes): recognize 1.65 -> 1.50 s CPU a page, CER
    1.58 -> 1.57%.
    """
    h, w = image.shape
    # Cut and prepared as `_reread` and `_read_page` do for one scale.
    x0, y0 = max(0, int(strips[:, 0].min()) - 2 * PAD), max(0, int(strips[:, 1].min()) - 2 * PAD)
    x1, y1 = min(w, int(strips[:, 2].max()) + 2 * PAD), min(h, int(strips[:, 3].max()) + 2 * PAD)
    cut = image[y0:y1, x0:x1]
    local = strips - np.array([x0, y0, x0, y0], dtype=strips.dtype)
    copies, boxes = [], []
    for f in factors:
        big = cut.copy() if f == 1.0 else cv2.resize(cut, None, fx=f, fy=f,
                                                     interpolation=cv2.INTER_CUBIC)
        fboxes = local if f == 1.0 else np.round(local * f).astype(np.int64)
        copies.append(_only_blocks(whiten_paper(big, paper, round(2 * f)), fboxes))
        boxes.append(fboxes)
    sheet, spans = layout(copies)
    out: list[list[OcrWord]] = []
    for f, fboxes, (top, _), words in zip(factors, boxes, spans,
                                          assign(engine.recognize(sheet, psm=PAGE_PSM), spans)):
        mine = []
        for wd in words:
            local_word = OcrWord(wd.text, (wd.box[0] - SHEET_PAD, wd.box[1] - top,
                                           wd.box[2] - SHEET_PAD, wd.box[3] - top),
                                 wd.confidence, wd.block, wd.paragraph, wd.line)
            if _block_of(local_word, fboxes) is None:
                continue
            bx = tuple(round(v / f) for v in local_word.box)
            mine.append(OcrWord(wd.text, (bx[0] + x0, bx[1] + y0, bx[2] + x0, bx[3] + y0),
                                wd.confidence, wd.block, wd.paragraph, wd.line))
        out.append(mine)
    return out


def _scaled(read, engine, gray: np.ndarray, boxes: np.ndarray, factor: float,
            paper: float | None = None) -> tuple[list[list[OcrWord]], int]:
    """`read` on `gray` enlarged by `factor` and its paper whitened, word boxes brought back."""
    if factor == 1.0:
        return read(engine, whiten_paper(gray, paper), boxes)
    big = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    per_block, dropped = read(engine, whiten_paper(big, paper, int(round(2 * factor))),
                              np.round(boxes * factor).astype(np.int64))
    back = [[OcrWord(w.text, tuple(int(round(v / factor)) for v in w.box), w.confidence,
                     w.block, w.paragraph, w.line) for w in ws] for ws in per_block]
    return back, dropped


def ocr_image(page: Page, threshold: float | None = None) -> np.ndarray:
    """The gray image to OCR: flattened gray if the clean stage ran, handwriting ink removed and
    stamp ink divided out (`marks.through.without_marks`; `threshold` is the flattened gray's
    `ink_threshold` when the caller has it)."""
    gray = page.masks.get("gray")
    gray = to_gray(page.image) if gray is None else gray.copy()
    marks = page.masks.get("marks")
    if marks is None or not marks.any():
        return gray
    stamped = _zone(page, "stamp", gray.shape) & ~_zone(page, "handwriting", gray.shape)
    ink = page.masks.get("ink")
    glyph_px = page.masks.get("typed_glyph_px")
    return without_marks(gray, marks, marks if ink is None else ink, stamped, threshold,
                         None if glyph_px is None else float(glyph_px))


def _zone(page: Page, kind: str, shape: tuple[int, ...]) -> np.ndarray:
    """Bool image, True inside the working-pixel boxes of the page's regions of `kind`."""
    zone = np.zeros(shape[:2], bool)
    for region in page.regions_of(kind):
        b = page.working_bbox(region.bbox)
        x0, y0 = max(int(np.floor(b.x0)), 0), max(int(np.floor(b.y0)), 0)
        zone[y0:int(np.ceil(b.y1)), x0:int(np.ceil(b.x1))] = True
    return zone


def paper_level(page: Page, threshold: float | None = None) -> float | None:
    """Gray level above which the OCR image is paper: halfway from the flattened page's ink
    threshold (`threshold`, if the caller has it) to white, so faint but real strokes just
    above the threshold stay."""
    flat = page.masks.get("gray")
    if flat is None:
        return None
    return ((ink_threshold(flat) if threshold is None else threshold) + 255.0) / 2


def whiten_paper(gray: np.ndarray, level: float | None, reach: int = 2) -> np.ndarray:
    """`gray` with pixels lighter than `level` made white unless within `reach` pixels of a
    darker one (in place; as is for None).

    Show-through from the back of the sheet and the rims of removed stamps are lighter than
    any ink, and Tesseract's own threshold can take them for faint letters; the soft edges and
    hairlines of real strokes lie beside their dark cores and stay. Done after any enlarging,
    so that the interpolation still sees those edges.
    """
    if level is None:
        return gray
    near = cv2.dilate(at_or_below(gray, level), np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    # `near` holds every dark pixel too, so what is not near is lighter than `level`: OR with
    # the complement (255 there, 0 near) whitens exactly those pixels.
    return cv2.bitwise_or(gray, cv2.bitwise_not(near), dst=gray)


def _only_blocks(gray: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    away = np.full(gray.shape, 255, dtype=np.uint8)
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        away[max(0, y0 - PAD):min(h, y1 + PAD), max(0, x0 - PAD):min(w, x1 + PAD)] = 0
    # OR with 255 away from the blocks makes paper there, OR with 0 keeps the blocks.
    return cv2.bitwise_or(gray, away)


def _block_of(word: OcrWord, boxes: np.ndarray) -> int | None:
    cx = (word.box[0] + word.box[2]) / 2
    cy = (word.box[1] + word.box[3]) / 2
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        if x0 - PAD <= cx < x1 + PAD and y0 - PAD <= cy < y1 + PAD:
            return k
    return None


def _read_page(engine, gray: np.ndarray, boxes: np.ndarray) -> tuple[list[list[OcrWord]], int]:
    per_block: list[list[OcrWord]] = [[] for _ in boxes]
    dropped = 0
    for word in engine.recognize(_only_blocks(gray, boxes), psm=PAGE_PSM):
        k = _block_of(word, boxes)
        if k is None:
            dropped += 1
        else:
            per_block[k].append(word)
    return per_block, dropped


def _read_regions(engine, gray: np.ndarray, boxes: np.ndarray) -> tuple[list[list[OcrWord]], int]:
    h, w = gray.shape
    per_block = []
    for x0, y0, x1, y1 in boxes:
        cx0, cy0 = max(0, x0 - PAD), max(0, y0 - PAD)
        crop = gray[cy0:min(h, y1 + PAD), cx0:min(w, x1 + PAD)]
        words = engine.recognize(crop, psm=REGION_PSM)
        per_block.append([OcrWord(wd.text, (wd.box[0] + cx0, wd.box[1] + cy0, wd.box[2] + cx0,
                                            wd.box[3] + cy0), wd.confidence, wd.block,
                                  wd.paragraph, wd.line) for wd in words])
    return per_block, 0


def ink_share(spared: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Share of the ink in `box` (page pixels) that is in `spared` (0 for a box with no ink)."""
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    pen = spared[y0:y1, x0:x1] > 0
    total = int(np.count_nonzero(pen | (ink[y0:y1, x0:x1] > 0)))
    return int(np.count_nonzero(pen)) / total if total else 0.0


def pen_words(words: list[OcrWord], spared: np.ndarray, seen: np.ndarray) -> list[OcrWord]:
    """`words` without those read from pen ink given back with the typing beside it (`seen`:
    the ink Tesseract was given)."""
    return [w for w in words if ink_share(spared, seen, w.box) < PEN_SHARE]


def _glyph_height(per_block: list[list[OcrWord]]) -> float:
    """Median height of the recognised word boxes (0 without words)."""
    heights = [w.box[3] - w.box[1] for ws in per_block for w in ws]
    return float(np.median(heights)) if heights else 0.0


def _reach(k: int, boxes: np.ndarray, width: int) -> int:
    """Right edge of the strip where block `k`'s blanks may lie: the next block on its rows, or the page's side.

    The layout's ink mask is median-denoised, which erases hairline underscores, so a form's
    blanks (`5. Тов. _____`) often lie outside the block that holds their line.
    """
    x0, y0, x1, y1 = boxes[k]
    right = width
    for j, (bx0, by0, bx1, by1) in enumerate(boxes):
        if j != k and bx0 >= x1 and min(y1, by1) > max(y0, by0):
            right = min(right, int(bx0) - PAD)
    return max(int(x1), right)


# An underscore run found in a block's ink: (the block's index, its page box, its count).
BlankRun = tuple[int, tuple[int, int, int, int], int]


def _add_underscores(page: Page, per_block: list[list[OcrWord]], boxes: np.ndarray,
                     pitch: float | None, char_h: float, ink: np.ndarray | None,
                     threshold: float | None, paper: float | None = None) -> int:
    """Append typed `_____` runs found in the ink of each block's rows as words; return how many.

    `ink` is the flattened gray image at or below its `ink_threshold` (`threshold`), not the
    ink mask, whose median denoising erases hairline strokes; `paper` the level above which
    the OCR image is paper (`paper_level`): a form's blank printed lighter than the page's
    threshold but darker than its paper is found at that level where it has the length of the
    blanks found on the page (`_faint_blanks`)."""
    gray = page.masks.get("gray")
    if gray is None or ink is None or not pitch or threshold is None:
        return 0
    faint = None if paper is None or paper <= threshold else at_or_below(gray, paper)
    marks = page.masks.get("marks")
    # A mark's rim, lighter than the mask's cut, lies outside the mask: no blank at that level.
    rims = None if marks is None or faint is None else cv2.dilate(
        marks, np.ones((2 * MARK_RIM + 1, 2 * MARK_RIM + 1), np.uint8))
    found: list[BlankRun] = []
    pale: list[BlankRun] = []  # the same, at the paper level
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        # Tesseract reads a run as one '_' if at all: the ink decides instead.
        per_block[k] = [w for w in per_block[k] if set(w.text) != {"_"}]
        x1 = _reach(k, boxes, ink.shape[1])
        # Underscores hang below the baseline, past the block's foot.
        y1 = min(ink.shape[0], y1 + PAD)
        local = [(w.box[0] - x0, w.box[1] - y0, w.box[2] - x0, w.box[3] - y0) for w in per_block[k]]
        for level, masked, out in ((ink, marks, found), (faint, rims, pale)):
            if level is None:
                continue
            region_ink = level[y0:y1, x0:x1]
            if masked is not None:
                region_ink = np.where(masked[y0:y1, x0:x1] > 0, 0, region_ink).astype(np.uint8)
            runs = underscore_runs(region_ink, char_h, pitch, local, max_len=12 * pitch)
            out += [(k, (x0 + bx0, y0 + by0, x0 + bx1, y0 + by1), n)
                    for (bx0, by0, bx1, by1), n in runs]
    found = _faint_blanks(found, pale, pitch)
    for k, (x0, y0, _, _) in enumerate(boxes):
        # Tesseract reads the start of a blank's stroke as a full stop or a dash: that ink is
        # the blank's.
        runs = [((bx0 - x0, by0 - y0, bx1 - x0, by1 - y0), n)
                for j, (bx0, by0, bx1, by1), n in found if j == k]
        per_block[k] = [w for w in per_block[k] if not _on_a_run(w, runs, x0, y0, char_h)]
    # The blanks of one form are counted alike across the page's blocks.
    counts = even_counts([b[2] - b[0] for _, b, _ in found], [n for _, _, n in found])
    for (k, (bx0, by0, bx1, by1), _), count in zip(found, counts):
        # The word box spans a glyph's height above the stroke, as the '_' glyphs do,
        # so the run groups into the line it was typed on.
        top = max(0, int(by1 - char_h))
        per_block[k].append(OcrWord("_" * count, (bx0, top, bx1, by1), UNDERSCORE_CONF, 0, 0, 0))
    return len(found)


def _faint_blanks(found: list[BlankRun], pale: list[BlankRun], pitch: float) -> list[BlankRun]:
    """The runs `found` at the page's ink threshold, with those found only at its paper level
    (`pale`) in place of what the threshold found of them where they are a blank of the form's
    column: at least FAINT_PITCHES `pitch`es long, of the length of two or more blanks found
    (`blank_like`), one of which starts within a `pitch` of it.

    A form's blank is printed in the form's own ink, at times lighter than the page's
    threshold: the stroke then falls apart or is not found at all (census 6772, 6826: a copy
    list's `8. Тов.` left without its blank, its neighbours' counted 7 and 3). At the paper
    level it is whole, and it stands in the column of the blanks printed above and below it;
    a faint stroke elsewhere (a pen underline's rim left outside its mask: census 6778, 6805)
    is no blank."""
    lengths = [b[2] - b[0] for _, b, _ in found]
    kept = list(found)
    for k, box, n in pale:
        length = box[2] - box[0]
        column = [b for _, b, _ in found if blank_like(b[2] - b[0], lengths)
                  and abs(b[0] - box[0]) <= pitch]
        if length < FAINT_PITCHES * pitch or not blank_like(length, lengths) or not column:
            continue
        under = [f for f in kept if f[0] == k and _overlaps(f[1], box)]
        if any(abs((f[1][2] - f[1][0]) - length) <= SAME_LENGTH * length for f in under):
            continue  # the threshold found it whole
        kept = [f for f in kept if f not in under] + [(k, box, n)]
    return kept


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether page boxes `a` and `b` share some area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _on_a_run(word: OcrWord, runs: list, x0: int, y0: int, char_h: float) -> bool:
    """Whether `word` is a mark of punctuation drawn over a blank's stroke (runs in block pixels)."""
    if word.text.strip(".,-—_'`") != "":
        return False
    wx0, _, wx1, wy1 = word.box
    for (bx0, by0, bx1, by1), _ in runs:
        overlap = min(wx1, x0 + bx1) - max(wx0, x0 + bx0)
        if overlap >= 0.5 * (wx1 - wx0) and abs(wy1 - (y0 + by1)) <= 0.5 * char_h:
            return True
    return False


def apply(page: Page, ctx: Context) -> Page:
    """Fill the text regions' lines, words, text and confidence; set `page.engine`."""
    engine = ctx.engine or shared_engine(ctx.settings.lang, ctx.settings.timeout)
    requested = engine.describe().get("lang", "")
    if hasattr(engine, "for_lang"):
        lang = typed_lang(page, engine.lang)
        installed = engine.models() if hasattr(engine, "models") else frozenset()
        engine = engine.for_lang(with_script_model(lang, installed))
    # "lang" is what read the page; "lang_requested" what --lang asked for.
    page.engine = {**engine.describe(), "lang_requested": requested, "mode": MODE,
                   "psm": PAGE_PSM if MODE == "page" else REGION_PSM}
    regions = page.regions_of("text")
    boxes = page.masks.get("text_boxes")
    if page.image is None or boxes is None or not regions:
        ctx.note(mode=MODE, regions=0)
        return page
    if len(boxes) != len(regions):
        raise ValueError(f"{len(boxes)} text boxes for {len(regions)} text regions")
    read = _read_page if MODE == "page" else _read_regions
    typed = page.masks.get("typed_ink")
    typed_mask = typed_ink(page) if typed is None else typed
    measured = page.masks.get("typed_glyph_px")
    # Layout measured the type size on the same ink: not measured twice.
    glyph_px = (float(measured) if typed is not None and measured is not None
                else glyph_height(typed_mask))
    factor = upscale_factor(glyph_px)
    flat = page.masks.get("gray")
    threshold = None if flat is None else ink_threshold(flat)
    paper = paper_level(page, threshold)
    image = ocr_image(page, threshold)
    extra = vote_factors(glyph_px, factor, page.source.dpi) if ctx.settings.vote else []
    if len(extra) < 2:  # a median needs three readings
        extra = []
    # `_scaled` whitens the image it is given in place when it does not resize it.
    per_block, dropped = _scaled(read, engine, image.copy() if extra else image, boxes, factor,
                                 paper)
    strips = [(k, s) for k, ws in enumerate(per_block)
              for s in doubtful_strips(ws, boxes[k], typed_mask, glyph_px)] if extra else []
    if strips:
        strip_boxes = np.array([s for _, s in strips], dtype=np.int64)
        if read is _read_page:
            readings = _rereads(engine, image, strip_boxes, extra, paper)
        else:
            readings = [_reread(read, engine, image, strip_boxes, f, paper) for f in extra]
        per_block = vote_doubtful(per_block, strips, readings)
    spared, ink, marks = (page.masks.get(k) for k in ("pen_spared", "ink", "marks"))
    if spared is not None and ink is not None and marks is not None and spared.any():
        seen = cv2.bitwise_and(ink, cv2.bitwise_not(marks))
        per_block = [pen_words(ws, spared, seen) for ws in per_block]
    pitch = char_pitch([(w.text, w.box[2] - w.box[0]) for ws in per_block for w in ws])
    char_h = _glyph_height(per_block)
    strokes = None if flat is None or threshold is None else at_or_below(flat, threshold)
    underscores = _add_underscores(page, per_block, boxes, pitch, char_h, strokes, threshold,
                                   paper)
    if underscores:
        per_block = [stops_before_blanks(ws, strokes) for ws in per_block]
    per_block = [join_numbers(ws, pitch) for ws in per_block]
    # Look-alike letters are only set right when the engine was asked for Russian.
    cyrillic = "rus" in engine.describe().get("lang", "").split("+")
    glyphs = [[word_glyphs(ink, w) for w in ws] for ws in per_block]
    page_xh = x_height([w for ws in per_block for w in ws],
                       [rises(g) for gs in glyphs for g in gs], 10)
    for region, words, gs in zip(regions, per_block, glyphs):
        fill_region(region, words, gs, page, pitch, char_h, cyrillic, page_xh)
    ctx.note(mode=MODE, regions=len(regions), words=sum(len(w) for w in per_block),
             words_outside_blocks=dropped, underscore_runs=underscores,
             char_pitch=round(pitch, 2) if pitch else None, homoglyph_fix=cyrillic,
             glyph_px=round(glyph_px, 1), upscale=round(factor, 2),
             vote_scales=[round(f, 2) for f in extra], vote_strips=len(strips),
             x_height=round(page_xh, 1) if page_xh else None,
             paper_level=round(paper, 1) if paper is not None else None,
             probe_letters=typed_probe_letters(page))
    return page
