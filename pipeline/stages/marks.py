"""Stage 'marks': stamps and handwriting become regions of their own and their ink is masked
out of the typed text, but never typed glyphs that touch or sit inside a mark.

Adds Region(type="stamp"|"handwriting") with an attempted reading and a review item for each,
sets `page.masks["marks"]` (255 = stamp/handwriting ink, which the layout stage ignores), and
repaints coloured stamp ink in `page.masks["gray"]` / `page.masks["ink"]` so typed text under a
stamp stays readable. Around each stamp the ink mask gets back the dark pixels the page's ink
filter dropped with a large stamp's ring (typed glyphs touching it), for the layout to see.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.imaging.binarize import at_or_below, denoise, ink_threshold
from pipeline.languages import typed_lang
from pipeline.layout_model import load_default
from pipeline.marks.detect import Analysis, Detection, detect
from pipeline.marks.given import pen_given_back
from pipeline.marks.ink import ink_mask, restore_near, to_gray
from pipeline.marks.penends import pen_ends
from pipeline.marks.pens import WRITTEN_LEAN, letter_lean, ring_in
from pipeline.marks.protect import (
    MIN_TONE_GAP,
    MIN_TONE_PX,
    NAME_TONE_PX,
    STRIP_HALF,
    aligned_letters,
    core_median,
    crossed_stems,
    letter_sized,
    name_under_pen,
    tone_cut,
    typed_strips,
    typed_tone,
    typed_zone,
)
from pipeline.marks.reading import marks_lang, read_marks
from pipeline.marks.removal import (
    removal_mask,
    repaint,
    ring_ink,
    spare_unmixed,
    unmix_stamps,
)
from pipeline.model import BBox, Page, Region, ReviewItem
from pipeline.settings import Context

NAME = "marks"
VERSION = "66"

# Readings are a courtesy to the reviewer: one engine call of a few seconds for all the marks
# read, and only so many marks.
READ_TIMEOUT = 20.0
MAX_READS = 8
# Which marks are read when a page has more: stamps first (a registry stamp's number and date
# are what a cataloguer looks for), then the larger marks.
READ_FIRST = ("stamp", "handwriting")
_PREFIX = {"stamp": "s", "handwriting": "h"}
# Letters of a note lined up like typing are typing when they are a word (this many letters)
# and less than this share of the note's ink; otherwise only when their row reaches typing.
MIN_TYPED_WORD = 3
MAX_LINED_SHARE = 0.5


def marks_to_read(dets: list[Detection], limit: int) -> list[int]:
    """Indices of the `limit` detections to read, in their order in `dets`: stamps before
    handwriting (`READ_FIRST`), the larger first within a kind."""
    ranked = sorted(range(len(dets)), key=lambda i: (READ_FIRST.index(dets[i].kind), -dets[i].box.area))
    return sorted(ranked[:limit])


def _box_ints(det: Detection, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    h, w = shape[:2]
    b = det.box.clip(w, h)
    return int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))


def _own_ink(analysis: Analysis, det: Detection) -> tuple[tuple[int, int, int, int], np.ndarray]:
    """(box, uint8 mask (255) of the ink that belongs to a detection within that box): a
    detection's ink lies in its box, so nothing page-sized is made per detection."""
    x0, y0, x1, y1 = box = _box_ints(det, analysis.labels.shape)
    own = np.isin(analysis.labels[y0:y1, x0:x1], np.asarray(det.labels, np.int32))
    if det.coloured:
        own |= analysis.colour[y0:y1, x0:x1] > 0
    return box, np.where(own, np.uint8(255), np.uint8(0))


def _reading_ink(analysis: Analysis, det: Detection, box: tuple[int, int, int, int],
                 own: np.ndarray, dets: list[Detection]) -> np.ndarray:
    """The ink read for a detection: its own, or for a note with no ink of its own (a pen
    stroke found inside a stamp's ink, `pens.pen_off_ring`, masked with the stamp) the other
    detections' ink in its box, so the reviewer sees the signature, not a blank."""
    if det.labels:
        return own
    x0, y0, x1, y1 = box
    marked = np.zeros(len(analysis.stats) if analysis.stats is not None
                      else int(analysis.labels.max()) + 1, bool)
    for other in dets:
        marked[np.asarray(other.labels, np.intp)] = True
    return np.where(marked[analysis.labels[y0:y1, x0:x1]], np.uint8(255), np.uint8(0))


def spare_typing(analysis: Analysis, marks: np.ndarray, gray: np.ndarray | None = None,
                 ink: np.ndarray | None = None) -> np.ndarray:
    """The marks mask without typed glyphs: letters lined up like typing are left out, and so is
    the ink in the typed-line strips around the typed letters near a mark (coloured stamp ink
    there is still repainted out of the gray image). Given the page's `gray` and `ink`, mark
    ink in those strips lighter than the typing (`protect.tone_cut`) stays masked: a pen or
    pencil stroke beside a typed name is told from the name by its tone, and a name a
    signature's stroke crosses is spared along its own strip. Pen loops a strip gave back past
    a typed row's end are masked again (`pen_ends`).

    When unsure the ink stays in the text: a stray stroke costs a few characters, a masked
    word the whole word.
    """
    if analysis.stats is None or not marks.any():
        return marks
    stats, xh, labels = analysis.stats, analysis.xh, analysis.labels
    mark_ids = {lab for det in analysis.detections for lab in det.labels}
    keep: set[int] = set()
    area = stats[:, cv2.CC_STAT_AREA]
    for det in analysis.detections:
        lined = aligned_letters(stats, set(det.labels), xh,
                                inside=det.box if det.kind == "stamp" else None,
                                oval=det.attrs.get("shape") == "round")
        if det.kind == "handwriting" and lined and (
                len(lined) < MIN_TYPED_WORD
                or area[list(lined)].sum() >= MAX_LINED_SHARE * area[det.labels].sum()
                or letter_lean(labels, stats, lined) >= WRITTEN_LEAN):
            # A neatly written number lines up like typing too, and then it is most of its
            # note's ink, or a lone letter, or its digits lean as a pen's do (beside a `№`
            # and a slashed suffix that outweigh them): kept as typing only when its row runs
            # on into letters not the note's. A typed name a signature swallowed is an
            # upright word beside strokes that outweigh it.
            lined = aligned_letters(stats, set(det.labels), xh, anchored=True)
        if det.kind == "stamp":
            lined |= on_typed_grid(stats, set(det.labels) - lined, mark_ids, det.box, xh)
        keep |= lined
    # A typed name a signature crosses: the letters it left whole, told from the pen by tone
    # or, where tone cannot tell (or tells only part of the row, `fuller_row`), by their place
    # on the typewriter's grid, and the name's strip (`protect.name_under_pen`), where the tone
    # cut below keeps the name's crossed glyphs and masks the pen's lighter strokes.
    name_rows: list[tuple[int, int, int, int]] = []
    toned_rows: list[tuple[int, int, int, int]] = []
    placed_rows: list[tuple[tuple[int, int, int, int], set[int]]] = []
    named: set[int] = set()
    tone = None
    for det in analysis.detections:
        if det.kind != "handwriting" or gray is None or ink is None:
            continue
        if tone is None:
            tone = typed_tone(gray, ink, marks)
            if tone is None:
                break
        box = _box_ints(det, labels.shape)
        letters_in, band = name_under_pen(gray, labels, stats, det.labels, box, xh, tone)
        placed_in, placed = name_under_pen(gray, labels, stats, det.labels, box, xh, tone,
                                           place=True)
        if band is not None and not fuller_row(letters_in, placed_in):
            toned_rows.append(band)
        elif placed is not None:
            letters_in, band = placed_in, placed
            placed_rows.append((band, letters_in))
        if band is not None:
            named |= letters_in
            name_rows.append(band)
    x, y, w, h = (stats[:, k].astype(float) for k in range(4))
    letters = letter_sized(stats, xh) & (h >= 0.5 * xh)
    letters[list(mark_ids)] = False
    # Only letters near a mark matter; the rest of the page is left alone.
    near: set[int] = set(keep)
    for det in analysis.detections:
        b, m = det.box, 3 * xh
        close = letters & (x + w >= b.x0 - m) & (x <= b.x1 + m) & (y + h >= b.y0 - m) & (y <= b.y1 + m)
        near.update(np.flatnonzero(close).tolist())
    # The name's own span, not a letter's reach either side, is spared: the signature's
    # strokes beside the name are as dark as it at times.
    keep |= named
    out = marks.copy()
    if keep:
        # A label's pixels lie in its component's box: only the boxes' span is looked up.
        ids = np.fromiter(keep, np.intp)
        pick = np.zeros(len(stats), bool)
        pick[ids] = True
        st = stats[ids]
        bx0, by0 = int(st[:, 0].min()), int(st[:, 1].min())
        bx1, by1 = int((st[:, 0] + st[:, 2]).max()), int((st[:, 1] + st[:, 3]).max())
        span = out[by0:by1, bx0:bx1]
        span[pick[labels[by0:by1, bx0:bx1]]] = 0
    zone = typed_zone(stats, near, marks.shape, xh)
    # Where typing under a gray stamp was told from it by tone (`toned.split_typed_lines`) it
    # has labels of its own: a strip spared there would only bring the stamp's strokes back.
    for b in analysis.toned:
        zone[int(b.y0):int(np.ceil(b.y1)), int(b.x0):int(np.ceil(b.x1))] = False
    for x0, y0, x1, y1 in name_rows:
        zone[y0:y1, x0:x1] = True
    if gray is not None and ink is not None:
        zone &= ~_lighter_than_typing(marks, zone, gray, ink, out, tone, name_rows)
    out[zone] = 0
    pens = [lab for det in analysis.detections if det.kind == "handwriting" for lab in det.labels]
    if pens:
        # The name's letters told from the pen by tone are its row too: the signature's last
        # garlands beside it are judged past its end, at its pitch.
        ends = pen_ends(labels, stats, pens, near | named, marks, out, xh)
        # A name told from the pen by tone was judged cell by cell along its own strip. One
        # found by place was walked through all ink, as dark as the garlands beside it: those
        # are judged by their stems here, but its crossed capitals keep theirs
        # (`protect.crossed_stems`).
        for x0, y0, x1, y1 in toned_rows:
            ends[y0:y1, x0:x1] = False
        inked = labels > 0 if placed_rows else None
        for band, letters_in in placed_rows:
            ends &= ~crossed_stems(inked, stats[sorted(letters_in)], band)
        out[ends] = 255
    return out


def fuller_row(toned: set[int], placed: set[int]) -> bool:
    """Whether the name's letters found on the typewriter's grid (`placed`) are the letters
    found by tone (`toned`) and more: the same row, found more wholly.

    Typed glyphs are not all of one tone (a worn ribbon, a light key): the tone path keeps only
    the name's letters darker than halfway to the pen, and its strip stops at the first lighter
    letter, whose cell then goes with the signature (or the signature's last loops beside it
    stay). Upright letters on one baseline at the page's pitch are the name whatever their
    tone; a row of them holding none of the toned letters is another row."""
    return bool(toned) and toned < placed


# A row of letters inside a stamp is a typed line when its centre lies this near (letter
# heights) to the middle of a line of the page's typed grid.
GRID_TOL = 0.3


def on_typed_grid(stats: np.ndarray, ids: set[int], marked: set[int], box: BBox,
                  xh: float) -> set[int]:
    """Labels among `ids` (a stamp's, in its `box`) lined up like typing (`protect.aligned_letters`)
    on a line of the typed grid through the stamp (`protect.typed_strips`, from the letters not
    in `marked`).

    A short typed line printed wholly inside a stamp has no letter outside it to show it is
    typing (`aligned_letters`' `inside` test); its place on the page's line grid does. A
    stamp's own lines of text are pressed at a slant (they do not line up), or off the grid."""
    lined = aligned_letters(stats, ids, xh)
    if not lined:
        return set()
    mids = []
    for b in typed_strips(stats, marked, box, xh):
        # A strip the box clipped keeps its line's middle STRIP_HALF from its other edge.
        if b.y0 > box.y0:
            mids.append(b.y0 + STRIP_HALF * xh)
        elif b.y1 < box.y1:
            mids.append(b.y1 - STRIP_HALF * xh)
    if not mids:
        return set()
    mids_a = np.asarray(mids)
    ids_a = np.fromiter(lined, np.intp)
    yc = stats[ids_a, cv2.CC_STAT_TOP] + stats[ids_a, cv2.CC_STAT_HEIGHT] / 2.0
    on = np.abs(yc[:, None] - mids_a[None, :]).min(axis=1) <= GRID_TOL * xh
    return {int(i) for i in ids_a[on]}


def _lighter_than_typing(marks: np.ndarray, zone: np.ndarray, gray: np.ndarray,
                         ink: np.ndarray, kept: np.ndarray | None = None,
                         typed: float | None = None,
                         names: list[tuple[int, int, int, int]] | None = None) -> np.ndarray:
    """Bool mask of the mark ink (`marks`) in the typed strips `zone` that is lighter than the
    typing (`protect.tone_cut`, all False when tone cannot tell them apart), none of it across
    the letters of a strip whose own typing (its ink not in `kept`, the marks less the typed
    letters already given back; `marks` when None) is within MIN_TONE_GAP of the marks' tone.
    A pen or pencil stroke beside a typed name lies in the name's strip; its tone still says
    it is the pen's. Ink a pixel from a pixel as dark as typing is typing's (a glyph's rim).
    `typed`: the page's typing tone (`typed_tone` of `ink` off `marks`) when already measured.
    `names`: the strips (x0, y0, x1, y1) of typed names a signature crosses
    (`protect.name_under_pen`), whose typing tone is measured on their few free letters."""
    inked = zone & (marks > 0)
    none = np.zeros(zone.shape, bool)
    if not inked.any():
        return none
    ys, xs = np.nonzero(inked)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    # The marks' tone from their ink in and around the strips, the typing's from the page:
    # from ink only, since a coloured stamp the clean stage whitened in `gray` is paper there
    # and would pull the marks' tone, and the cut, towards the paper.
    m = 64
    box = (slice(max(0, y0 - m), y1 + m), slice(max(0, x0 - m), x1 + m))
    page_typed = typed if typed is not None else typed_tone(gray, ink, marks)
    cut = tone_cut(gray, ink, marks, ink > 0, box, typed=page_typed)
    if cut is None:
        return none
    sub = inked[y0:y1, x0:x1]
    dark = (sub & (gray[y0:y1, x0:x1] <= cut)).astype(np.uint8)
    typing = cv2.dilate(dark, np.ones((3, 3), np.uint8)) > 0
    none[y0:y1, x0:x1] = sub & ~typing
    # A gray page's typing is not of one tone: a line typed lighter (a name a signature
    # crossed) is as light as the pen, and the page's cut would mask its crossed letters.
    # The cut lies halfway between the page's typing and the marks.
    mark_tone = 2 * cut - page_typed
    n, strips, st, _ = cv2.connectedComponentsWithStats(zone.view(np.uint8))
    for k in range(1, n):
        sx, sy, sw, sh = (int(v) for v in st[k, :4])
        win = (slice(sy, sy + sh), slice(sx, sx + sw))
        own = strips[sy:sy + sh, sx:sx + sw] == k
        if not none[win][own].any():
            continue
        strip_ink = np.where(own, ink[win], 0)
        free = (marks if kept is None else kept)[win]
        # A typed name's strip holds only the few letters the pen left whole: its tone is
        # theirs, measured on fewer pixels.
        strip = BBox(sx, sy, sx + sw, sy + sh)
        named = any(strip.intersection(BBox(*name)) > 0 for name in names or [])
        tone = core_median(gray[win], (strip_ink > 0) & (free == 0),
                           NAME_TONE_PX if named else MIN_TONE_PX)
        if tone is not None and mark_tone - tone < MIN_TONE_GAP:
            # Only across the strip's own letters (its free ink's pieces a third of the
            # strip high or more, not a pen's speck): past them a pen beside the line is as
            # light.
            letters = ((strip_ink > 0) & (free == 0)).view(np.uint8)
            _, _, pst, _ = cv2.connectedComponentsWithStats(letters)
            tall = pst[1:][pst[1:, cv2.CC_STAT_HEIGHT] >= sh / 3]
            if len(tall):
                a = int(tall[:, cv2.CC_STAT_LEFT].min())
                b = int((tall[:, cv2.CC_STAT_LEFT] + tall[:, cv2.CC_STAT_WIDTH]).max())
                none[win][:, a:b] &= ~own[:, a:b]
    return none


def on_rings(dets: list[Detection], owns: list[tuple[tuple[int, int, int, int], np.ndarray]],
             xh: float, marks: np.ndarray) -> list[tuple[int, tuple[float, float, float]]]:
    """Mask (in `marks`, in place) the ink on the rings of the round stamps among `dets` (with
    their `owns`, `_own_ink`), typed strips included; returns (index in `dets`, (cx, cy,
    radius) in page pixels) of each ring found.

    On a gray page a ring crossing a typed line is as dark as the typing, and the strip spared
    for the typed glyphs it touches (`spare_typing`) gave it back to the text, where it reads as
    brackets and bars. A typed glyph the ring crosses loses the ring's width of itself: a gap
    a reader bridges, where a ring's arc is read as letters."""
    found = []
    for k, (det, ((x0, y0, x1, y1), own)) in enumerate(zip(dets, owns)):
        if det.kind != "stamp" or det.attrs.get("shape") != "round":
            continue
        ink = own > 0
        ring = ring_in(ink, xh)
        if ring is None:
            continue
        marks[y0:y1, x0:x1][ring_ink(ink, ring, xh)] = 255
        found.append((k, (x0 + ring[0], y0 + ring[1], ring[2])))
    return found


# A mark's traces are looked for this far round its box (its strokes' rims at the box's edge).
TRACE_PAD = 3
# A piece of a typed blank or rule: under this share of a letter height high, this many times
# longer than high and at least this share of a letter height long.
RULE_H = 0.35
RULE_W = 3.0
RULE_MIN_W = 0.25


def faint_traces(gray: np.ndarray, ink: np.ndarray, marks: np.ndarray,
                 boxes: list[tuple[int, int, int, int]], xh: float) -> np.ndarray:
    """Bool mask of a mark's faint traces in its (x0, y0, x1, y1) `boxes`: pieces of the
    pixels the reading still sees (darker than `recognize.paper_level`, halfway from the
    page's ink threshold to white, and not in `marks`) that hold no unmasked ink (`ink`), but
    for pieces of typed blanks and rules: flat (`RULE_H`, `RULE_W`, `RULE_MIN_W`, in letter
    heights `xh`), the hairlines and broken runs the ink mask's median filter erased.

    Masking a mark's ink leaves its strokes' soft rims, and a stamp pressed unevenly has
    strokes too light for the ink mask: both stay dark enough to be read as letters round the
    typing. A typed glyph's rim and any light part of it belong to a piece holding its ink, so
    they stay. (Tone cannot say more here: on a gray page typed glyphs' darkest quarters spread
    over 80 gray levels, a stamp's light side among them.)"""
    out = np.zeros(gray.shape, bool)
    if not boxes:
        return out
    level = (ink_threshold(gray) + 255.0) / 2
    h, w = gray.shape
    for x0, y0, x1, y1 in boxes:
        sy = slice(max(0, y0 - TRACE_PAD), min(h, y1 + TRACE_PAD))
        sx = slice(max(0, x0 - TRACE_PAD), min(w, x1 + TRACE_PAD))
        free = marks[sy, sx] == 0
        seen = (gray[sy, sx] <= level) & free
        if not seen.any():
            continue
        n, lab, st, _ = cv2.connectedComponentsWithStats(seen.view(np.uint8), connectivity=8)
        # A blank's run breaks into flat pieces on a worn page: each is kept.
        pw, ph = st[:, cv2.CC_STAT_WIDTH], st[:, cv2.CC_STAT_HEIGHT]
        keep = (ph < RULE_H * xh) & (pw >= RULE_W * ph) & (pw >= RULE_MIN_W * xh)
        keep[np.unique(lab[(ink[sy, sx] > 0) & free])] = True
        keep[0] = True
        out[sy, sx] |= ~keep[lab]
    return out


def _crop(box: tuple[int, int, int, int], own: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A mark's own ink only (`own` in its `box`), black on white, with a small margin of the
    page around it (what is read of it)."""
    x0, y0, x1, y1 = box
    pad = 4
    px0, py0 = max(0, x0 - pad), max(0, y0 - pad)
    px1, py1 = min(shape[1], x1 + pad), min(shape[0], y1 + pad)
    out = np.full((py1 - py0, px1 - px0), 255, np.uint8)
    out[y0 - py0:y1 - py0, x0 - px0:x1 - px0] = 255 - own
    return out


def _clean_ink(page: Page) -> np.ndarray | None:
    """The clean stage's ink mask when it matches the working image, else None."""
    ink = page.masks.get("ink")
    return ink if ink is not None and ink.shape == page.image.shape[:2] else None


def apply(page: Page, ctx: Context) -> Page:
    """Detect stamps and handwriting on the working image; add regions, review items and masks."""
    if page.image is None:
        return page
    # Detection measures its own gray and ink from the working image, exactly as the
    # classifier was trained; the clean stage's masks are only edited, for the text stages.
    # The typing's colour alone is voted on the clean stage's ink: on a heavy scan detection's
    # ink holds the paper's grain, whose "lines" outvote the typed ones.
    model = load_default()
    analysis = detect(page.image, model, typing_ink=_clean_ink(page))
    gray = page.masks.get("gray")
    gray = to_gray(page.image) if gray is None else gray
    ink = page.masks.get("ink")
    ink = ink_mask(gray) if ink is None else ink
    stamps = [_box_ints(d, gray.shape) for d in analysis.detections if d.kind == "stamp"]
    if stamps and page.masks.get("gray") is not None:
        # Typed glyphs a large stamp's ring touches went out of the ink with the ring.
        dark = at_or_below(denoise(gray), ink_threshold(gray)) > 0
        ink = restore_near(ink, dark, stamps, analysis.xh)
    marks = np.zeros(gray.shape, np.uint8)
    counters = {"stamp": 0, "handwriting": 0}
    taken = {r.id for r in page.regions}
    dets = sorted(analysis.detections, key=lambda d: (d.box.y0, d.box.x0))
    owns = [_own_ink(analysis, det) for det in dets]
    # One engine call reads them all (each call costs the models' loading again).
    chosen = marks_to_read(dets, MAX_READS)
    crops = [_crop(owns[i][0], _reading_ink(analysis, dets[i], *owns[i], dets), analysis.labels.shape)
             for i in chosen]
    # A page whose typed text is Russian alone has its marks read with Russian alone (its
    # models load in a fifth of the time); the probe's words on these marks do not count.
    lang = None
    if crops and hasattr(ctx.engine, "lang"):
        lang = marks_lang(ctx.engine.lang,
                          typed_lang(page, ctx.engine.lang, [page.map_bbox(d.box) for d in dets]))
    read = dict(zip(chosen, read_marks(ctx.engine, crops, READ_TIMEOUT, lang=lang)))
    readings = [read.get(i, ("", None)) for i in range(len(dets))]
    pen = np.zeros(gray.shape, np.uint8)
    for det, ((x0, y0, x1, y1), own), (text, conf) in zip(dets, owns, readings):
        marks[y0:y1, x0:x1] |= own
        if det.kind == "handwriting":
            pen[y0:y1, x0:x1] |= own
        counters[det.kind] += 1
        rid = f"{_PREFIX[det.kind]}{counters[det.kind]}"
        while rid in taken:
            counters[det.kind] += 1
            rid = f"{_PREFIX[det.kind]}{counters[det.kind]}"
        taken.add(rid)
        attrs = dict(det.attrs, detection_confidence=round(det.confidence, 3))
        if conf is not None:
            attrs["reading_confidence"] = round(conf, 3)
        page.regions.append(Region(rid, det.kind, page.map_bbox(det.box), det.confidence,
                                   text=text, attrs=attrs))
        page.review.append(ReviewItem(f"{det.kind} detected: check its reading", rid))
    stamp_boxes = [_box_ints(d, gray.shape) for d in analysis.detections if d.coloured]
    repainted = 0
    if stamp_boxes:
        # The clean stage unmixed the stamps it found by colour alone; the detected ones are
        # unmixed here (the same result where it did), so that typing under the whole stamp
        # keeps its ink and only what is left of the stamp is repainted.
        # A coloured pen's dark core is no stamp to unmix (it would be left as typing).
        pressed = [_box_ints(d, gray.shape) for d in analysis.detections
                   if d.coloured and d.kind == "stamp"]
        # Typing given its own lean back, here or by the clean stage: spared as the lifted is.
        given = page.masks.get("unmix_given")
        given = np.zeros(gray.shape, np.uint8) if given is None else given.copy()
        unmixed, _ = (unmix_stamps(page.image, gray, ink, boxes=pressed, given=given) if pressed
                      else (gray, None))
        remove = removal_mask(analysis.colour, stamp_boxes)
        remove = spare_unmixed(page.image, unmixed, remove, pressed, given)
        page.masks["gray"] = repaint(unmixed, remove)
        page.masks["ink"] = np.where(remove > 0, 0, ink).astype(np.uint8)
        repainted = int((remove > 0).sum())
    else:  # nothing to repaint: the masks as they are (copies, as repainting makes)
        page.masks["gray"], page.masks["ink"] = gray.copy(), ink.astype(np.uint8)
    page.masks["marks"] = spare_typing(analysis, marks, gray, ink)
    rings = on_rings(dets, owns, analysis.xh, page.masks["marks"])
    traced = faint_traces(page.masks["gray"], page.masks["ink"], page.masks["marks"],
                          [_box_ints(d, gray.shape) for d in dets], analysis.xh)
    page.masks["marks"][traced] = 255
    page.masks["pen_spared"] = pen_given_back(analysis.labels, pen, page.masks["marks"],
                                              gray, ink, analysis.stats, analysis.xh)
    ctx.note(model="layout_model" if model is not None else "colour-rule fallback",
             text_height=round(analysis.xh, 1), stamps=counters["stamp"],
             handwriting=counters["handwriting"], repainted_px=repainted,
             rings=len(rings), faint_px=int(traced.sum()))
    return page
