"""Stage 'orient': turn the page upright (0/90/180/270 degrees clockwise).

The axis (lines across or down) comes from the pure estimator on the ink; up versus down
is decided by reading one dense band of text both ways with the OCR engine and keeping the
way it reads with more confidence (glyph shapes are language knowledge the engine has). The
way the margins suggest (lines start flush and end ragged) is read first, and a confident
first reading is accepted alone, so most pages cost one engine call; where the band reads
clearly neither way (a stamp over its line), the next band is read both ways too. The bands
are read with the first of the engine's models alone (`rus` of `rus+eng`: a quarter of the
loading time), and again with all of them only where that reading is not sure of its script.

Before that, a crop (a line, a word, a few lines) is laid on a margin of its own paper so the
later stages see it as they see a page, and the ink of the scan's surround (the board or lid
around the sheet) is left out of the ink mask.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np

from pipeline.postcorrect import MODEL_SCRIPT, narrow_lang, script_letters
from pipeline.engines.tesseract import shared_engine
from pipeline.imaging.binarize import (denoise, filter_components_stats, flatten_illumination,
                                       otsu_ink, otsu_ink_threshold, to_gray)
from pipeline.imaging.blocks import scan_surround
from pipeline.imaging.geometry import quarter_turn, rotate_small, rotated_rows, small_rotation
from pipeline.imaging.orientation import (axis_and_skew, few_lines_axis, flush_sides, glyph_size,
                                          paper_colour, paper_margins, probe_band)
from pipeline.imaging.skew import estimate_skew
from pipeline.languages import foreign_letters, known_share
from pipeline.model import Page
from pipeline.settings import Context

NAME = "orient"
VERSION = "12"

# The probe band is this share of the page height: about three typed lines (0.04 read all
# 32 dev pages right, as 0.08 did, in two thirds of the time).
BAND_SHARE = 0.04
# A first reading this confident (mean per character, over this many characters) is upright
# enough; upside-down text never reads so well, and the second reading costs a Tesseract call.
ACCEPT_CONF = 0.80
ACCEPT_CHARS = 40
# Turning a page upside down needs a clear reading that way: handwriting and pictures read
# badly both ways, and then the scan is left as it is.
FLIP_MIN_CONF = 0.5
FLIP_MARGIN = 0.15
# Read both ways, a band whose better reading weighs under SURE_WEIGHT or within FLIP_MARGIN
# of the other way decides nothing alone: the next band of the most ink overlapping it none is
# read both ways too and each way weighs its mean over the two. The densest band is often a
# stamp over a line (its ring and letters are ink too), which reads badly either way: an
# English page turned over read 0.50 upside down and 0.40 upright on such a band, 0.90 and
# 0.46 on the next. A page whose first reading is accepted alone never pays for it (fresh
# census: 4 of 101 synthetic pages read a second band, all four with a stamp on the first).
SURE_WEIGHT = 0.6
# Lines down the page need a clear row profile that way: full pages, turned, score 1.7-3.0
# times the other axis (16 dev pages); crops of a few part-lines next to a rule 1.1-1.3. Under
# this, turning the page a quarter needs a reading that beats the scan as it is, as above.
AXIS_SURE = 1.5
MIN_INK_PIXELS = 200
# The probe band holds at least this many glyph heights, so a line or two is read whole.
BAND_GLYPHS = 3.0
# An image with a side under `CROP_GLYPHS` glyphs is a crop (a line, a word, a few lines), not
# a page. Its short sides get a margin of paper to `PAD_GLYPHS` glyphs, so that a glyph is as
# small a part of the image as on a page (binarisation takes ink over half the image's height
# for a shadow and word-sized ink over an eighth of both sides for a page edge; layout
# measures glyphs under a tenth of the height), and Tesseract gets the margin it wants.
CROP_GLYPHS = 10
PAD_GLYPHS = 15
# Sides of this many pixels hold 10 glyphs of any type size: the crop test is skipped.
PAGE_SIDE = 1000
# The probe's lines are levelled from this skew on.
MIN_LEVEL_DEG = 0.5
# Margins are judged on the ink at this fraction of the size (a glyph is still several pixels).
SMALL = 4
# Upside down is read first when this many more rows end at a common right edge than start at
# a common left one (35 dev pages of all profiles: the margins never pointed the wrong way;
# they were 0.01 to 0.42 apart, under 0.10 on two heavy-noise pages).
FLUSH_MARGIN = 0.05
# Margins this clearly one way and a first reading this confident agree enough to skip the
# second reading (same pages: read the right way 0.50-0.96, the wrong way 0.14-0.48).
SURE_MARGIN = 0.10
SURE_CONF = 0.60
# The probe reads first with the engine's first model alone (`rus` of `rus+eng`): it loads in
# 0.03 s of CPU against 0.13 s (`eng` brings Tesseract's universal ambiguity table, which no
# parameter skips) and reads the band in half the time. Its reading stands only where it is
# sure of its script (`_sure_of_script`); else the probe is done again with the whole `lang`,
# as before. A model reads the other script as confident look-alikes of its own letters
# (English read with `rus`: `Тор Ѕесгеі`, `М1п15Егу адгеез`), so sure means all of these:
# - as confident as QUICK_CONF per character. 77 dev bands (45 English of every profile, 32
#   Russian) read with `rus`: English 0.23-0.57, Russian 0.44-0.96; where the whole list found
#   Latin letters in a Russian band (a heavy page, 43 of 148 letters) `rus` read it at 0.57;
QUICK_CONF = 0.6
# - at most QUICK_DOUBT of its characters in words read under DOUBT_CONF (English 40-88%);
QUICK_DOUBT = 0.5
DOUBT_CONF = 0.5
# - no letter that no word of the model's word list has (`Ѕ`, `і` are no Russian letters);
# - at least QUICK_KNOWN of its letters in words of that list (`languages.known_share`):
#   English bands 0.05-0.34 (0.56 on one read at 0.34), Russian 0.50-0.96 (the lowest are the
#   telegram's header, its place names not in the list);
QUICK_KNOWN = 0.45
# - and `narrow_lang` keeps that model alone of the whole `lang` from its letters.


def _reading_score(engine, band: np.ndarray) -> tuple[float, int, str, list]:
    """(confidence per character, characters, text, words) of `band` read as a block of text."""
    words = engine.recognize(band, psm=6)
    chars = sum(len(w.text) for w in words)
    text = " ".join(w.text for w in words)
    if not chars:
        return 0.0, 0, text, words
    return sum(w.confidence * len(w.text) for w in words) / chars, chars, text, words


def band_to_image(box: tuple[float, float, float, float], band_shape: tuple[int, int],
                  y0: int, level: float, image_shape: tuple[int, int], flipped: bool
                  ) -> np.ndarray:
    """(4, 2) corners, in the pixels of the image the band was cut from, of a word `box` read
    on a probe band of `band_shape` cut at row `y0` and levelled by `level` degrees
    (`_probe_band`), or on that band turned upside down when `flipped`."""
    bh, bw = band_shape
    x0, by0, x1, by1 = box
    if flipped:
        x0, by0, x1, by1 = bw - x1, bh - by1, bw - x0, bh - by0
    pts = np.array([[x0, by0 + y0], [x1, by0 + y0], [x0, by1 + y0], [x1, by1 + y0]], float)
    if abs(level) < MIN_LEVEL_DEG:
        return pts
    # The band's rows are rows of the page turned by -level on a larger canvas: turn back.
    h, w = image_shape
    m, _, _ = small_rotation(w, h, -level)
    back = cv2.invertAffineTransform(m)
    return pts @ back[:, :2].T + back[:, 2]


def _probe_words(page: Page, words: list, corners) -> np.ndarray:
    """(N, 7) float array of the probe's words: box in ORIGINAL pixels, confidence, Cyrillic
    and Latin letters; `corners(box)` gives a word's corners in the page's working pixels."""
    rows = []
    for w in words:
        letters = script_letters(w.text)
        if not any(letters.values()):
            continue
        pts = page.map_points(corners(w.box))
        rows.append([*pts.min(axis=0), *pts.max(axis=0), w.confidence,
                     letters.get("Cyrillic", 0), letters.get("Latin", 0)])
    return np.array(rows, dtype=float).reshape(-1, 7)


def _weight(readings: list[dict[int, tuple]], rotation: int, whole: bool = False) -> float:
    """Mean over the probe bands that were read at `rotation` (`readings`: one dict of
    `_reading_score`s by rotation a band) of the confidence, less for a reading under
    ACCEPT_CHARS characters, or where the band is the `whole` text (a line or two), under the
    most characters any reading of it found: a line holds fewer than ACCEPT_CHARS (real line
    crops turned over read 16-25 characters either way, at 0.45-0.89 upside down and 0.04-0.61
    upright, and were never turned)."""
    weights = []
    for band in readings:
        if rotation in band:
            conf, chars = band[rotation][:2]
            most = max(v[1] for v in band.values())
            enough = min(ACCEPT_CHARS, most) if whole else ACCEPT_CHARS
            weights.append(conf * min(1.0, chars / max(1, enough)))
    return sum(weights) / len(weights)


def _unsure(candidates: tuple[int, int], readings: list[dict[int, tuple]],
            whole: bool = False) -> bool:
    """Whether both `candidates` were read and neither reads clearly (SURE_WEIGHT, FLIP_MARGIN)."""
    if any(r not in readings[0] for r in candidates):
        return False
    better, worse = sorted((_weight(readings, r, whole) for r in candidates), reverse=True)
    return better < SURE_WEIGHT or better - worse < FLIP_MARGIN


def _choose(candidates: tuple[int, int], readings: list[dict[int, tuple]],
            whole: bool = False) -> int:
    """The better-reading candidate; for lines across, upside down only when clearly better."""
    def weight(r: int) -> float:
        return _weight(readings, r, whole)
    first, second = candidates
    if first == 0:
        better = weight(second) >= FLIP_MIN_CONF and weight(second) > weight(first) + FLIP_MARGIN
        return second if better else first
    return max(candidates, key=weight)


def _quick_engine(engine):
    """The engine for the first model of `engine`'s languages alone, or None when it reads one
    model only, when `narrow_lang` could not leave that model alone (`fra+eng`: one script), or
    when it cannot change its languages (a test's stand-in)."""
    models = [m for m in str(getattr(engine, "lang", "")).split("+") if m]
    if len(models) < 2 or not hasattr(engine, "for_lang"):
        return None
    script = MODEL_SCRIPT.get(models[0])
    letters = {s: 0 for s in set(MODEL_SCRIPT.values())} | {script: 100}
    if script is None or narrow_lang(engine.lang, letters) != models[0]:
        return None
    return engine.for_lang(models[0])


def _sure_of_script(reading: tuple, lang: str, model: str) -> bool:
    """Whether a probe `reading` (`_reading_score`) by `model` alone is sure of its script: read
    confidently (QUICK_CONF), with few characters in doubtful words (QUICK_DOUBT), no letter
    foreign to `model`'s words, mostly words `model` knows (QUICK_KNOWN), and narrowed from the
    whole `lang` to `model` by its letters."""
    conf, chars, text, words = reading
    if conf < QUICK_CONF or narrow_lang(lang, script_letters(text)) != model:
        return False
    doubtful = sum(len(w.text) for w in words if w.confidence < DOUBT_CONF)
    if doubtful > QUICK_DOUBT * chars or foreign_letters(text, model):
        return False
    return known_share(text, model) >= QUICK_KNOWN


def _read_both_ways(engine, band: np.ndarray, candidates: tuple[int, int]) -> dict[int, tuple]:
    """`_reading_score`s of `band` (cut at `candidates[0]`) by rotation, read both ways."""
    return {r: _reading_score(engine, band if r == candidates[0] else band[::-1, ::-1])
            for r in candidates}


def _decide(engine, band: np.ndarray, candidates: tuple[int, int], order: tuple[int, int],
            accept: float, weak: bool, scan_as_is, next_band, whole: bool, sure=None):
    """(rotation, readings per rotation of each band read, whether the scan as it is won over
    a weak axis, the reading's languages) from `band` read with `engine` the ways of `order`,
    and `next_band()` (a second band cut like `band`, or None) read both ways too where `band`
    is unsure (`_unsure`); None as soon as a reading the rotation rests on fails `sure` (then
    the probe is done again otherwise). `whole`: the band is all the text (a line or two).

    `scan_as_is()` gives the band of the scan as it is, read when the axis is `weak`."""
    scores: dict[int, tuple[float, int, str, list]] = {}
    for r in order:
        scores[r] = _reading_score(engine, band if r == candidates[0] else band[::-1, ::-1])
        if sure is not None and len(scores) == 1 and not sure(scores[r]):
            return None  # read the other way, or in another script: not for one model
        conf, chars = scores[r][:2]
        if len(scores) == 1 and conf >= accept and chars >= ACCEPT_CHARS:
            break
    readings = [scores]
    if _unsure(candidates, readings, whole) and (second := next_band()) is not None:
        readings.append(_read_both_ways(engine, second, candidates))
    rotation = order[0] if len(scores) == 1 else _choose(candidates, readings, whole)
    as_is = False
    if weak:
        # A weak axis: the scan as it is may be right; turning it must read clearly better.
        scores[0] = _reading_score(engine, scan_as_is())
        if _choose((0, rotation), readings, whole) == 0:
            rotation, as_is = 0, True
    if sure is not None and not sure(scores[rotation]):
        return None
    return rotation, readings, as_is, getattr(engine, "lang", None)


def keep_flat(page: Page, flat: np.ndarray) -> None:
    """Keep `flat`, the illumination-flattened gray of `page.image` as it is now, for clean
    (`kept_flat`): on a page no stage turns (most clean scans) it is the same image again."""
    page.masks["flat"] = flat
    page.masks["flat_of"] = page.image


def kept_flat(page: Page) -> np.ndarray | None:
    """The flattened gray `keep_flat` kept, if it is of `page.image` as it is now (a stage that
    turned the page since set a new image), else None; either way it is no longer kept."""
    flat, source = page.masks.pop("flat", None), page.masks.pop("flat_of", None)
    return flat if source is not None and source is page.image else None


def _pad_crop(page: Page) -> tuple[int, int, int, int]:
    """Put a crop smaller than a page on a margin of its own paper; return the margins added."""
    h, w = page.image.shape[:2]
    if min(h, w) >= PAGE_SIDE:
        return 0, 0, 0, 0
    # The type size from the ink before any filtering by size, which is made for pages.
    rough = otsu_ink(denoise(flatten_illumination(to_gray(page.image))))
    top, bottom, left, right = paper_margins(h, w, glyph_size(rough), CROP_GLYPHS, PAD_GLYPHS)
    if top or bottom or left or right:
        image = cv2.copyMakeBorder(page.image, top, bottom, left, right, cv2.BORDER_CONSTANT,
                                   value=paper_colour(page.image))
        page.apply_transform(np.array([[1, 0, left], [0, 1, top]], dtype=float), image)
    return top, bottom, left, right


def _probe_band(gray: np.ndarray, ink: np.ndarray, skew: float, min_rows: int = 16,
                rank: int = 0) -> tuple[np.ndarray, float, float, int] | None:
    """(the densest band of `gray`, at least `min_rows` high, levelled by `skew` degrees,
    `flush_sides` of the levelled ink, the band's first row on the levelled canvas); with
    `rank` n the n-th next band instead (`probe_band`), None when there is none.

    Skewed lines read badly both ways, so a skew of half a degree or more is levelled (the
    deskew stage does it for real); of the gray page only the band's rows are turned.
    """
    if abs(skew) >= MIN_LEVEL_DEG:
        ink, _ = rotate_small(ink, -skew, 0)
    h, w = ink.shape
    rows = probe_band(ink, max(min_rows, int(BAND_SHARE * h)), rank)
    if rows is None:
        return None
    y0, y1 = rows
    band = gray[y0:y1] if abs(skew) < MIN_LEVEL_DEG else rotated_rows(gray, -skew, 255, y0, y1)
    small = cv2.resize(ink, (max(1, w // SMALL), max(1, h // SMALL)), interpolation=cv2.INTER_AREA)
    return band, *flush_sides(small), y0


def apply(page: Page, ctx: Context) -> Page:
    """Rotate `page.image` upright (a crop on a paper margin first) and record
    `preprocess["rotation"]` (clockwise degrees)."""
    if page.image is None:
        return page
    margins = _pad_crop(page)
    gray = to_gray(page.image)
    # Kept (turned with the page) for deskew and clean; its components give the type size.
    # `binarize.ink_mask_stats` step by step, to keep the flattened page for clean.
    flat = flatten_illumination(gray)
    ink, comps = filter_components_stats(otsu_ink_threshold(denoise(flat))[0])
    # The grain of the scan's surround is no text: it would be the densest band to probe.
    surround = scan_surround(gray)
    if surround.any():
        ink[surround] = 0
    if cv2.countNonZero(ink) < MIN_INK_PIXELS:  # nothing to read either way
        page.masks["ink"] = ink
        keep_flat(page, flat)
        ctx.note(rotation=0, axis=None, probe={}, paper_margins=list(margins))
        return page
    axis, ratio, skew = axis_and_skew(ink)
    # A line or two has no row profile to speak of: its long side is the axis.
    # The components are the ink's own unless the surround was cut out of it.
    size = glyph_size(ink, None if surround.any() else comps)
    del comps
    short = few_lines_axis(ink, size)
    if short is not None and short != axis:
        axis, ratio, skew = short, 0.0, 0.0
    candidates = (0, 180) if axis == 0 else (90, 270)
    engine = ctx.engine or shared_engine(ctx.settings.lang, ctx.settings.timeout)

    first_gray, first_fwd = quarter_turn(gray, candidates[0])
    first_ink, _ = quarter_turn(ink, candidates[0])
    # The probe's letters choose recognize's models, so a band worth levelling is levelled
    # by the precise angle (a quarter degree off, Latin look-alikes crept into some readings).
    level = (estimate_skew(first_ink) or 0.0) if abs(skew) >= MIN_LEVEL_DEG else 0.0
    band, left, right, band_y0 = _probe_band(first_gray, first_ink, level,
                                             max(16, int(BAND_GLYPHS * size)))
    # Read first the way the margins suggest: a confident first reading saves the second.
    order = candidates[::-1] if right > left + FLUSH_MARGIN else candidates
    accept = SURE_CONF if abs(left - right) >= SURE_MARGIN else ACCEPT_CONF
    weak = axis == 90 and short is None and ratio < AXIS_SURE

    @functools.cache
    def as_is_probe():
        """The probe band of the scan as it is (cut once, when a weak axis needs it read)."""
        return _probe_band(gray, ink, 0.0, max(16, int(BAND_GLYPHS * size)))

    @functools.cache
    def next_probe():
        """The next band to probe (cut once, when the first band reads unsure), or None."""
        return _probe_band(first_gray, first_ink, level, max(16, int(BAND_GLYPHS * size)), 1)

    def next_band():
        """The next band's gray, or None."""
        return None if next_probe() is None else next_probe()[0]

    quick = _quick_engine(engine)
    decided = None
    if quick is not None:
        decided = _decide(quick, band, candidates, order, accept, weak, lambda: as_is_probe()[0],
                          next_band, short is not None,
                          sure=lambda reading: _sure_of_script(reading, engine.lang, quick.lang))
    if decided is None:
        decided = _decide(engine, band, candidates, order, accept, weak,
                          lambda: as_is_probe()[0], next_band, short is not None)
    rotation, readings, read_as_is, probe_lang = decided
    scores = readings[0]
    # Where the chosen reading's bands lie on the page as it is now (before the turn).
    to_now = np.linalg.inv(np.vstack([first_fwd, [0, 0, 1]]))
    flipped = rotation != candidates[0]
    probes = [(band.shape, band_y0, level, first_gray.shape, flipped)]
    if len(readings) > 1:
        second, _, _, second_y0 = next_probe()
        probes.append((second.shape, second_y0, level, first_gray.shape, flipped))
    if read_as_is:
        band0, _, _, y0 = as_is_probe()
        rotation, candidates, first_ink = 0, (0, 180), ink
        # Only the band of the scan as it is was read that way.
        readings, to_now, probes = [scores], np.eye(3), [(band0.shape, y0, 0.0, gray.shape, False)]

    def corners(probe):
        def band_corners(box):
            pts = band_to_image(box, *probe)
            return pts @ to_now[:2, :2].T + to_now[:2, 2]
        return band_corners
    # Before the turn, the page's mapping is that of the image the band was cut from.
    probe_words = np.concatenate([_probe_words(page, band_scores[rotation][3], corners(probe))
                                  for band_scores, probe in zip(readings, probes)])

    if rotation:
        image, fwd = quarter_turn(page.image, rotation)
        page.apply_transform(fwd, image)
    page.masks["ink"] = first_ink if rotation == candidates[0] else quarter_turn(first_ink, 180)[0]
    page.preprocess["rotation"] = rotation
    # The upright reading's letters per script let recognize leave out models of a script
    # the page does not use (work done once: the probe has read the page's densest lines).
    page.preprocess["probe_letters"] = script_letters(" ".join(r[rotation][2] for r in readings))
    # Its words with their boxes (ORIGINAL pixels) let recognize leave out those that lie on a
    # stamp or handwriting, which the marks stage finds later: a stamp's Latin-looking letters
    # must not keep a Russian page's English model.
    page.masks["probe_words"] = probe_words
    if not rotation:
        keep_flat(page, flat)
    ctx.note(rotation=rotation, axis=axis, axis_ratio=round(ratio, 2), coarse_skew=skew,
             few_lines=short is not None, paper_margins=list(margins),
             surround_share=round(float(surround.mean()), 3),
             probe_levelled=round(level, 2),
             flush={"left": round(left, 2), "right": round(right, 2)}, read_first=order[0],
             probe_lang=probe_lang,
             probe={str(r): {"conf": round(v[0], 3), "chars": v[1]} for r, v in scores.items()},
             **({"probe2": {str(r): {"conf": round(v[0], 3), "chars": v[1]}
                            for r, v in readings[1].items()}} if len(readings) > 1 else {}))
    return page
