"""Stage 'recognize': OCR of the typed-text regions found by layout.

Mode "page" (default, chosen by measurement, see benchmarks/core.py) runs Tesseract once on
the flattened gray page with everything outside the text blocks painted white, then gives
each word to the block holding its centre; mode "region" runs it once per block crop. Words
become lines by geometry, boxes are mapped to ORIGINAL pixels.
"""

from __future__ import annotations

import numpy as np

from pipeline.engines.tesseract import OcrWord, shared_engine
from pipeline.imaging.binarize import ink_threshold, to_gray
from pipeline.imaging.lines import char_pitch, group_lines, letter_spaced
from pipeline.imaging.underscores import underscore_runs
from pipeline.model import BBox, Line, Page, Region, Word
from pipeline.settings import Context

NAME = "recognize"
VERSION = "1"

MODE = "page"
# The file's dpi is not passed on: with `--dpi` Tesseract lost whole lines in trials.
PAGE_PSM = 3
REGION_PSM = 6
# Confidence given to underscore runs found in the ink (not read by Tesseract).
UNDERSCORE_CONF = 0.5
# Padding around a block, in pixels of the working image: Tesseract wants a margin of paper.
PAD = 12


def ocr_image(page: Page) -> np.ndarray:
    """The gray image to OCR: flattened gray if the clean stage ran, stamp/handwriting ink removed."""
    gray = page.masks.get("gray")
    gray = to_gray(page.image) if gray is None else gray.copy()
    marks = page.masks.get("marks")
    if marks is not None:
        gray[marks > 0] = 255
    return gray


def _only_blocks(gray: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    keep = np.zeros(gray.shape, dtype=bool)
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        keep[max(0, y0 - PAD):min(h, y1 + PAD), max(0, x0 - PAD):min(w, x1 + PAD)] = True
    return np.where(keep, gray, 255).astype(np.uint8)


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


def _glyph_height(per_block: list[list[OcrWord]]) -> float:
    """Median height of the recognised word boxes (0 without words)."""
    heights = [w.box[3] - w.box[1] for ws in per_block for w in ws]
    return float(np.median(heights)) if heights else 0.0


def _add_underscores(page: Page, per_block: list[list[OcrWord]], boxes: np.ndarray,
                     pitch: float | None, char_h: float) -> int:
    """Append typed `_____` runs found in the ink of each block as words; return how many."""
    gray = page.masks.get("gray")
    if gray is None or not pitch:
        return 0
    # From the gray image, not the ink mask: its median denoising erases hairline strokes.
    ink = np.where(gray <= ink_threshold(gray), 255, 0).astype(np.uint8)
    marks = page.masks.get("marks")
    added = 0
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        # Tesseract reads a run as one '_' if at all: the ink decides instead.
        per_block[k] = [w for w in per_block[k] if set(w.text) != {"_"}]
        # Underscores hang below the baseline, past the block's foot.
        y1 = min(ink.shape[0], y1 + PAD)
        region_ink = ink[y0:y1, x0:x1]
        if marks is not None:
            region_ink = np.where(marks[y0:y1, x0:x1] > 0, 0, region_ink).astype(np.uint8)
        local = [(w.box[0] - x0, w.box[1] - y0, w.box[2] - x0, w.box[3] - y0) for w in per_block[k]]
        for (bx0, by0, bx1, by1), count in underscore_runs(region_ink, char_h, pitch, local,
                                                           max_len=12 * pitch):
            # The word box spans a glyph's height above the stroke, as the '_' glyphs do,
            # so the run groups into the line it was typed on.
            top = max(0, int(y0 + by1 - char_h))
            per_block[k].append(OcrWord("_" * count, (x0 + bx0, top, x0 + bx1, y0 + by1),
                                        UNDERSCORE_CONF, 0, 0, 0))
            added += 1
    return added


def _mean_conf(items: list[tuple[str, float]]) -> float:
    chars = sum(len(t) for t, _ in items)
    return sum(len(t) * c for t, c in items) / chars if chars else 0.0


def _glyph_box(word: OcrWord, char_h: float) -> tuple[int, int, int, int]:
    """The box of an underscores-only word raised to a glyph's height, so it joins its line."""
    x0, y0, x1, y1 = word.box
    if char_h and set(word.text) == {"_"} and y1 - y0 < 0.5 * char_h:
        return x0, max(0, int(y1 - char_h)), x1, y1
    return word.box


def _fill(region: Region, words: list[OcrWord], page: Page, pitch: float | None,
          char_h: float) -> None:
    region.lines = []
    words = [OcrWord(letter_spaced(w.text, w.box[2] - w.box[0], pitch), _glyph_box(w, char_h),
                     w.confidence, w.block, w.paragraph, w.line) for w in words]
    for idx in group_lines([w.box for w in words]):
        line_words = [words[i] for i in idx]
        work = BBox.enclosing([BBox(*w.box) for w in line_words])
        region.lines.append(Line(
            bbox=page.map_bbox(work),
            text=" ".join(w.text for w in line_words),
            confidence=_mean_conf([(w.text, w.confidence) for w in line_words]),
            words=[Word(w.text, page.map_bbox(BBox(*w.box)), w.confidence) for w in line_words]))
    region.text = "\n".join(ln.text for ln in region.lines)
    region.confidence = _mean_conf([(ln.text, ln.confidence) for ln in region.lines])


def apply(page: Page, ctx: Context) -> Page:
    """Fill the text regions' lines, words, text and confidence; set `page.engine`."""
    engine = ctx.engine or shared_engine(ctx.settings.lang, ctx.settings.timeout)
    page.engine = {**engine.describe(), "mode": MODE,
                   "psm": PAGE_PSM if MODE == "page" else REGION_PSM}
    regions = page.regions_of("text")
    boxes = page.masks.get("text_boxes")
    if page.image is None or boxes is None or not regions:
        ctx.note(mode=MODE, regions=0)
        return page
    if len(boxes) != len(regions):
        raise ValueError(f"{len(boxes)} text boxes for {len(regions)} text regions")
    read = _read_page if MODE == "page" else _read_regions
    per_block, dropped = read(engine, ocr_image(page), boxes)
    pitch = char_pitch([(w.text, w.box[2] - w.box[0]) for ws in per_block for w in ws])
    char_h = _glyph_height(per_block)
    underscores = _add_underscores(page, per_block, boxes, pitch, char_h)
    for region, words in zip(regions, per_block):
        _fill(region, words, page, pitch, char_h)
    ctx.note(mode=MODE, regions=len(regions), words=sum(len(w) for w in per_block),
             words_outside_blocks=dropped, underscore_runs=underscores,
             char_pitch=round(pitch, 2) if pitch else None)
    return page
