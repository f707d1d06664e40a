"""Stage 'orient': turn the page upright (0/90/180/270 degrees clockwise).

The axis (lines across or down) comes from the pure estimator on the ink; up versus down
is decided by reading one dense band of text both ways with the OCR engine and keeping the
way it reads with more confidence (glyph shapes are language knowledge the engine has). The
way the margins suggest (lines start flush and end ragged) is read first, and a confident
first reading is accepted alone, so most pages cost one engine call. The band is read with the
first of the engine's models alone (`rus` of `rus+eng`: a quarter of the loading time), and
again with all of them only where that reading is not sure of its script.

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
VERSION = "10"

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


def _choose(candidates: tuple[int, int], scores: dict[int, tuple]) -> int:
    """The better-reading candidate; for lines across, upside down only when clearly better."""
    def weight(r: int) -> float:
        conf, chars = scores[r][:2]
        return conf * min(1.0, chars / ACCEPT_CHARS)
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


def _decide(engine, band: np.ndarray, candidates: tuple[int, int], order: tuple[int, int],
            accept: float, weak: bool, scan_as_is, sure=None):
    """(rotation, readings per rotation, whether the scan as it is won over a weak axis, the
    reading's languages) from `band` read with `engine` the ways of `order`; None as soon as a
    reading the rotation rests on fails `sure` (then the probe is done again otherwise).

    `scan_as_is()` gives the band of the scan as it is, read when the axis is `weak`."""
    scores: dict[int, tuple[float, int, str, list]] = {}
    for r in order:
        scores[r] = _reading_score(engine, band if r == candidates[0] else band[::-1, ::-1])
        if sure is not None and len(scores) == 1 and not sure(scores[r]):
            return None  # read the other way, or in another script: not for one model
        conf, chars = scores[r][:2]
        if len(scores) == 1 and conf >= accept and chars >= ACCEPT_CHARS:
            break
    rotation = order[0] if len(scores) == 1 else _choose(candidates, scores)
    as_is = False
    if weak:
        # A weak axis: the scan as it is may be right; turning it must read clearly better.
        scores[0] = _reading_score(engine, scan_as_is())
        if _choose((0, rotation), scores) == 0:
            rotation, as_is = 0, True
    if sure is not None and not sure(scores[rotation]):
        return None
    return rotation, scores, as_is, getattr(engine, "lang", None)


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


def _probe_band(gray: np.ndarray, ink: np.ndarray, skew: float, min_rows: int = 16
                ) -> tuple[np.ndarray, float, float, int]:
    """(the densest band of `gray`, at least `min_rows` high, levelled by `skew` degrees,
    `flush_sides` of the levelled ink, the band's first row on the levelled canvas).

    Skewed lines read badly both ways, so a skew of half a degree or more is levelled (the
    deskew stage does it for real); of the gray page only the band's rows are turned.
    """
    if abs(skew) >= MIN_LEVEL_DEG:
        ink, _ = rotate_small(ink, -skew, 0)
    h, w = ink.shape
    y0, y1 = probe_band(ink, max(min_rows, int(BAND_SHARE * h)))
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

    quick = _quick_engine(engine)
    decided = None
    if quick is not None:
        decided = _decide(quick, band, candidates, order, accept, weak, lambda: as_is_probe()[0],
                          sure=lambda reading: _sure_of_script(reading, engine.lang, quick.lang))
    if decided is None:
        decided = _decide(engine, band, candidates, order, accept, weak,
                          lambda: as_is_probe()[0])
    rotation, scores, read_as_is, probe_lang = decided
    # Where the chosen reading's band lies on the page as it is now (before the turn).
    to_now = np.linalg.inv(np.vstack([first_fwd, [0, 0, 1]]))
    probe = (band.shape, band_y0, level, first_gray.shape, rotation != candidates[0])
    if read_as_is:
        band0, _, _, y0 = as_is_probe()
        rotation, candidates, first_ink = 0, (0, 180), ink
        to_now, probe = np.eye(3), (band0.shape, y0, 0.0, gray.shape, False)

    def corners(box):
        pts = band_to_image(box, *probe)
        return pts @ to_now[:2, :2].T + to_now[:2, 2]
    # Before the turn, the page's mapping is that of the image the band was cut from.
    probe_words = _probe_words(page, scores[rotation][3], corners)

    if rotation:
        image, fwd = quarter_turn(page.image, rotation)
        page.apply_transform(fwd, image)
    page.masks["ink"] = first_ink if rotation == candidates[0] else quarter_turn(first_ink, 180)[0]
    page.preprocess["rotation"] = rotation
    # The upright reading's letters per script let recognize leave out models of a script
    # the page does not use (work done once: the probe has read the page's densest lines).
    page.preprocess["probe_letters"] = script_letters(scores[rotation][2])
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
             probe={str(r): {"conf": round(v[0], 3), "chars": v[1]} for r, v in scores.items()})
    return page
