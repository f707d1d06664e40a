"""What a stamp detection's box and ink look like: its outline, ring or frame, and whether its
size, density and setting fit a stamp rather than a strip, a sliver or a word of a typed row.

`detect` asks these of every stamp group the classifier makes.
"""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np

from pipeline.imaging.geometry import small_rotation
from pipeline.marks.pens import FRAME_GAP, FRAME_MIN_LINE, PEN_OFF_RING, rect_frame, ring_in
from pipeline.marks.regions import labels_box
from pipeline.marks.wordrow import word_in_row
from pipeline.model import BBox

# A stamp is round, square or a short rectangle of some size, with ink across it: long strips
# (paper edges, binding shadows, margin rules), slivers and sparse boxes spanning scattered
# ink are not, whatever the classifier says of their pieces.
STAMP_MAX_ASPECT = 3.0
# An office stamp (a closed rectangular frame round two or three lines of text) is often
# longer: a strip has no such frame, so a framed stamp may be this long, measured on its frame.
FRAMED_MAX_ASPECT = 5.0
# The frame must span most of the box: a pen line crossing it may stretch the box a little.
FRAME_MIN_SPAN = 0.7
STAMP_MIN_SIDE = 1.2
# A folio number the sheet's edge cut keeps only the lower part of its digits: standing alone
# (`stands_alone`), a stamp may be this thin (cut folios 0.8-1.1 letter heights on the census).
ALONE_MIN_SIDE = 0.75
STAMP_MAX_SIDE = 35.0
STAMP_MIN_DENSITY = 0.08


def outline_shape(mask: np.ndarray) -> str:
    """'round', 'rectangular' or 'other' from the outline of the ink's biggest part."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return "other"
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    area = cv2.contourArea(hull)
    _, _, w, h = cv2.boundingRect(hull)
    if area <= 0:
        return "other"
    fill = area / float(w * h)
    # A circle or ellipse fills pi/4 of its box; a rectangle fills it all.
    if 0.70 <= fill <= 0.86:
        return "round"
    if fill > 0.9:
        return "rectangular"
    return "other"


# A stamp's ink holding a ring (`pens.ring_in`) this wide across the box's shorter side at
# least is a round stamp, whatever its outline: typed words or a pen stroke its blob took in
# stretch the outline (`outline_shape` then says 'other'), never the ring.
RING_SPAN = 0.8


def ringed_outline(own: np.ndarray, xh: float) -> bool:
    """Whether a stamp's ink `own` (box-sized bool, letter height `xh`) holds a ring spanning
    RING_SPAN of the box's shorter side."""
    ring = ring_in(own, xh)
    return ring is not None and 2 * ring[2] >= RING_SPAN * min(own.shape)


def plausible_stamp(box: BBox, density: float, xh: float,
                    frame: tuple[int, int, int, int] | None = None, alone: bool = False) -> bool:
    """Whether a stamp detection's box (letter height `xh`) and ink density fit a stamp; given
    its closed rectangular `frame` (x0, y0, x1, y1 within the box, `pens.rect_frame`), the
    frame may be longer than an unframed stamp, and a stamp standing `alone` (`stands_alone`:
    a folio number the sheet's edge cut) may be as long, and thinner."""
    lo, hi = min(box.width, box.height), max(box.width, box.height)
    least = (ALONE_MIN_SIDE if alone else STAMP_MIN_SIDE) * xh
    if not (lo >= least and hi <= STAMP_MAX_SIDE * xh and density >= STAMP_MIN_DENSITY):
        return False
    if hi <= STAMP_MAX_ASPECT * max(lo, 1.0):
        return True
    if frame is None:
        return alone and hi <= FRAMED_MAX_ASPECT * max(lo, 1.0)
    fw, fh = frame[2] - frame[0], frame[3] - frame[1]
    return (fw >= FRAME_MIN_SPAN * box.width and fh >= FRAME_MIN_SPAN * box.height
            and max(fw, fh) <= FRAMED_MAX_ASPECT * max(min(fw, fh), 1))


# A folio number is stamped in a corner of the sheet, and a scan cropped through it keeps only
# the lower half of its digits: a row longer for its height than any whole unframed stamp. A
# coloured stamp with no other ink within ALONE_REACH letter heights of its box stands off the
# typed lines (a stamp's row of lettering printed on typing has typed words round it, a tinted
# typed word has its neighbours on its line): it may be as long as a framed stamp.
# ALONE_SPECKS: the share of its own ink that stray specks round it may reach.
ALONE_REACH = 2.0
ALONE_SPECKS = 0.05


def stands_alone(labels: np.ndarray, box: BBox, own_ids: list[int], xh: float) -> bool:
    """Whether the ink of `labels` (label image, 0 = paper) within ALONE_REACH letter heights
    (`xh`) of `box` is all the components `own_ids` and components lying wholly inside `box`,
    but for specks (ALONE_SPECKS of theirs)."""
    h, w = labels.shape
    m = int(ALONE_REACH * xh + 0.5)
    x0, y0 = max(0, int(box.x0) - m), max(0, int(box.y0) - m)
    x1, y1 = min(w, int(box.x1) + m), min(h, int(box.y1) + m)
    near = labels[y0:y1, x0:x1]
    own = np.isin(near, np.asarray(own_ids, np.int32))
    # Ink wholly inside the box, seen nowhere round it, is the mark's own: the dark core of a
    # coloured digit the colour test left plain. A typed letter's ink reaches past a fringe.
    inside = np.zeros(near.shape, bool)
    inside[int(box.y0) - y0:int(box.y1) - y0, int(box.x0) - x0:int(box.x1) - x0] = True
    round_ids = np.unique(near[~inside & ~own])
    other = int(np.count_nonzero(np.isin(near, round_ids[round_ids > 0]) & ~own))
    return other <= ALONE_SPECKS * int(np.count_nonzero(own))


# A folio number is stamped by a numbering machine in the sheet's top margin: a short row of
# separate digits of one type, lined up on their feet, above every typed line. Its ink is the
# stamp pad's, yet the classifier, judging a few bare digits, often leans to pen (three of the
# fresh census's four coloured folios it missed), and on a typescript of the pad's own hue the
# digits are not even coloured. A pen's word is joined up and uneven; a typed page number is
# called typing.
# FOLIO_DIGITS: how many digits a folio number has (its glyphs: components at least
# FOLIO_GLYPH_SHARE of the row's height, as digits of one type are; a pen's small letters
# beside its capitals are not). What else it holds is a worn digit's specks, FOLIO_SPECKS of
# its ink at most. FOLIO_DIGIT_WIDTH: a digit is at most this many of the row's heights wide
# (a digit the sheet's edge cut keeps its width and loses height: 1.0-1.2 on the census).
# FOLIO_FEET: the digits' feet lie within this share of the row's height of each other.
FOLIO_DIGITS = (2, 4)
FOLIO_GLYPH_SHARE = 0.8
FOLIO_SPECKS = 0.1
FOLIO_DIGIT_WIDTH = 1.5
FOLIO_FEET = 0.3
# A typed line's glyphs, for the top margin (`above_typing`): LINE_GLYPH letter heights tall,
# at least LINE_GLYPH_AREA letter squares of ink (not a speck of grain), at most
# LINE_GLYPH_WIDE letter heights wide.
LINE_GLYPH = (0.5, 1.8)
LINE_GLYPH_AREA = 0.2
LINE_GLYPH_WIDE = 3.0


def digit_row(stats: np.ndarray, lab: list[int]) -> bool:
    """Whether the components `lab` of `stats` (x0, y0, w, h, area rows) are a row of
    FOLIO_DIGITS separate glyphs of one height (FOLIO_GLYPH_SHARE) no wider than
    FOLIO_DIGIT_WIDTH of it, their feet lined up (FOLIO_FEET), and specks (FOLIO_SPECKS)."""
    rows = stats[np.asarray(lab, np.intp)]
    row_h = float(rows[:, cv2.CC_STAT_HEIGHT].max())
    is_glyph = rows[:, cv2.CC_STAT_HEIGHT] >= FOLIO_GLYPH_SHARE * row_h
    glyphs = rows[is_glyph]
    lo, hi = FOLIO_DIGITS
    if not lo <= len(glyphs) <= hi or glyphs[:, cv2.CC_STAT_WIDTH].max() > FOLIO_DIGIT_WIDTH * row_h:
        return False
    if rows[~is_glyph, cv2.CC_STAT_AREA].sum() > FOLIO_SPECKS * rows[:, cv2.CC_STAT_AREA].sum():
        return False
    feet = glyphs[:, cv2.CC_STAT_TOP] + glyphs[:, cv2.CC_STAT_HEIGHT]
    return float(feet.max() - feet.min()) <= FOLIO_FEET * row_h


def above_typing(stats: np.ndarray, lab: list[int], box: BBox, xh: float) -> bool:
    """Whether the box `box` of components `lab` lies in the top margin: no other component of
    `stats` the size of a typed glyph (LINE_GLYPH, LINE_GLYPH_AREA, LINE_GLYPH_WIDE) reaches
    above its middle."""
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    glyph = ((h >= LINE_GLYPH[0] * xh) & (h <= LINE_GLYPH[1] * xh) & (w <= LINE_GLYPH_WIDE * xh)
             & (stats[:, cv2.CC_STAT_AREA] >= LINE_GLYPH_AREA * xh * xh))
    glyph[0] = False
    glyph[np.asarray(lab, np.intp)] = False
    return not bool((stats[glyph, cv2.CC_STAT_TOP] < (box.y0 + box.y1) / 2).any())


def folio_number(stats: np.ndarray, lab: list[int], box: BBox, xh: float) -> bool:
    """Whether a blob (components `lab` of `stats`, box `box`, letter height `xh`) is a folio
    number: a row of digits (`digit_row`) in the sheet's top margin (`above_typing`)."""
    return digit_row(stats, lab) and above_typing(stats, lab, box, xh)


def printed_word(stats: np.ndarray, lab: list[int], box: BBox, own: np.ndarray, xh: float) -> bool:
    """Whether a black stamp detection (components `lab`, box `box`, its ink `own`) is a word
    of a typed or printed row (`wordrow.word_in_row`) with no frame or ring of a stamp.

    A form's bold printed label (`Кому`, a copy list's `Тов.`) or a heavy typed digit is one
    black component the classifier may call a stamp; masked, it splits its line.
    """
    return (word_in_row(stats, lab, box) and rect_frame(own, xh) is None
            and not ringed_outline(own, xh))


# A round stamp's box ends at its ring. A plausible stamp blob whose box reaches past the ring
# it holds (`pens.ring_in`) by this many letter heights on some side has taken in the typed
# words or rules its ring touches: it is cut to its ring (`rings.ring_cut`) as a blob too big
# for a stamp is. A stamp's lettering and inner rings lie inside its outer ring, so a stamp
# alone never reaches past it this far.
RING_OVERREACH = 3.0
# So has a blob holding this many letters' squares of ink past its ring's rim (PEN_OFF_RING
# letter heights out) on one side of it, however near the box stays: a note written along the
# ring and touching it ("верно: Орлов" over its top, 2.6-2.8 letter heights out, 6.5-7 squares
# of ink, within 70-80 degrees of the centre). A ring alone, its rim a little out of round,
# leaves none past it (0.0-0.1 on the census), a typed word or a short rule touching it up to
# a letter or two's worth. Ink past the ring in PAST_ALL_ROUND of the directions from its
# centre (330-340 degrees on the census, 1.1-1.3 letter heights out) is the stamp's own outer
# ring round the ring found, not a note.
RING_PAST_INK = 2.0
PAST_ALL_ROUND = 0.5


def reaches_past_ring(own: np.ndarray, xh: float) -> bool:
    """Whether a stamp's ink `own` (box-sized bool) holds a ring spanning RING_SPAN of the
    box's shorter side (an outer ring, not an inner one) that its box reaches past by
    RING_OVERREACH letter heights on some side, or that RING_PAST_INK letters' squares of its
    ink lie past (PEN_OFF_RING letter heights out of the ring) in under PAST_ALL_ROUND of the
    directions from its centre."""
    ring = ring_in(own, xh)
    h, w = own.shape
    if ring is None or 2 * ring[2] < RING_SPAN * min(h, w):
        return False
    cx, cy, r = ring
    margin = max(cx - r, cy - r, w - (cx + r), h - (cy + r))
    if margin > RING_OVERREACH * xh:
        return True
    ys, xs = np.nonzero(own)
    past = np.hypot(xs - cx, ys - cy) > r + PEN_OFF_RING * xh
    if np.count_nonzero(past) < RING_PAST_INK * xh * xh:
        return False
    degrees = np.degrees(np.arctan2(ys[past] - cy, xs[past] - cx)).astype(int) % 360
    return len(np.unique(degrees)) < PAST_ALL_ROUND * 360


# A note cut off past a ring that covers this share of the ring's box surrounds it: it is the
# stamp's outer ring, not a pen's note beside the stamp.
NOTE_AROUND_RING = 0.8


def ring_inside_note(stats: np.ndarray, cut: tuple[list[int], BBox, list[list[int]]]) -> bool:
    """Whether a `rings.ring_cut` result has a note whose box covers NOTE_AROUND_RING of the
    kept ring's box."""
    _, box, notes = cut
    return any(labels_box(stats, note).intersection(box) >= NOTE_AROUND_RING * box.area for note in notes)


def long_frame(box: BBox, own: np.ndarray, xh: float) -> tuple[int, int, int, int] | None:
    """The closed frame of a stamp box longer than an unframed stamp may be, else None."""
    lo, hi = min(box.width, box.height), max(box.width, box.height)
    return rect_frame(own, xh) if hi > STAMP_MAX_ASPECT * max(lo, 1.0) else None


# An office stamp is often printed at a slant. Its frame (a closed rectangle with straight
# sides round its lettering) is a stamp's mark whatever its colour or tilt; typing has none,
# and a pen's box is not straight. The classifier can call a slanted framed stamp a stamp
# most of all, yet too unsurely for MIN_PROB (its slanted lettering looks like handwriting).
# Such a blob is passed on as a stamp when its ink, turned square to its own slant, holds a
# frame (`pens.rect_frame`). The slant is that of the ink's smallest enclosing rectangle, or,
# when a pen's note, a typed word or a speck joined to the stamp tilts that rectangle, that of
# the ink's long straight lines (the frame's sides and the lettering's rows are parallel; a
# pen's strokes are short and curved).


# Two slants closer than this (degrees) square a frame alike (`rect_frame` thickens its sides
# to keep a frame a degree or two askew).
SLANT_SAME = 1.0


def _slant(angle: float) -> float:
    """An angle (degrees) folded to the turn within 45 either way that squares it."""
    return (angle + 45.0) % 90.0 - 45.0


def _line_slant(ink: np.ndarray, xh: float) -> float | None:
    """The turn (degrees) squaring the long straight lines of `ink` (uint8): the length-weighted
    median of their folded angles, lines at least FRAME_MIN_LINE letter heights long with gaps
    up to FRAME_GAP (`pens.rect_frame`'s measures); None without such lines."""
    length = max(3, int(FRAME_MIN_LINE * xh))
    lines = cv2.HoughLinesP(ink, 1, np.pi / 360, length, minLineLength=length,
                            maxLineGap=max(2, int(FRAME_GAP * xh)))
    if lines is None:
        return None
    x0, y0, x1, y1 = lines.reshape(-1, 4).astype(float).T
    angles = np.array([_slant(a) for a in np.degrees(np.arctan2(y1 - y0, x1 - x0))])
    weights = np.hypot(x1 - x0, y1 - y0)
    order = np.argsort(angles)
    cum = np.cumsum(weights[order])
    return float(angles[order][np.searchsorted(cum, cum[-1] / 2)])


def _slants(own: np.ndarray, xh: float) -> Iterator[float]:
    """The turns `squared_frame` tries for a blob's ink `own` (box-sized bool, with ink), in
    turn: the whole ink's smallest enclosing rectangle's, then its long lines' (`_line_slant`,
    measured only when the first squares no frame) when that differs by SLANT_SAME."""
    ink = own.astype(np.uint8)
    whole = _slant(cv2.minAreaRect(cv2.findNonZero(ink))[2])
    yield whole
    lines = _line_slant(ink, xh)
    if lines is not None and abs(lines - whole) >= SLANT_SAME:
        yield lines


# A stamp's frame holds its lettering: this many components of a letter's height at least
# (LETTER_HEIGHTS letter heights; a worn or bled word may be one), inside the frame clear of
# its lines. A box drawn by hand round a sketch holds lines and hatching, not letters.
FRAME_MIN_LETTERS = 3
LETTER_HEIGHTS = (0.4, 2.5)


def _lettered(turned: np.ndarray, frame: tuple[int, int, int, int], xh: float) -> bool:
    """Whether the ink `turned` (bool) inside `frame` (x0, y0, x1, y1), clear of its lines by
    half a letter, holds FRAME_MIN_LETTERS components of a letter's height."""
    x0, y0, x1, y1 = frame
    m = int(0.5 * xh) + 2
    inside = turned[y0 + m:y1 - m, x0 + m:x1 - m]
    if inside.size == 0:
        return False
    stats = cv2.connectedComponentsWithStats(inside.astype(np.uint8), connectivity=8)[2]
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    lo, hi = LETTER_HEIGHTS
    return int(((heights >= lo * xh) & (heights <= hi * xh)).sum()) >= FRAME_MIN_LETTERS


def _squared(own: np.ndarray, xh: float) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """(`pens.rect_frame` of `own` turned by the first of its `_slants` that squares a frame
    holding lettering (`_lettered`), on a canvas grown to hold it with a pixel of paper all
    round; the 2x3 turn from `own`'s pixels to that canvas), or None."""
    if not own.any():
        return None
    # One pixel of paper all round, so no side lies on the canvas's edge.
    ink = np.pad(own, 1).astype(np.uint8)
    for angle in _slants(own, xh):
        turn, cw, ch = small_rotation(ink.shape[1], ink.shape[0], angle)
        turned = cv2.warpAffine(ink, turn, (cw, ch), flags=cv2.INTER_NEAREST) > 0
        frame = rect_frame(turned, xh)
        if frame is not None and _lettered(turned, frame, xh):
            turn = turn.copy()
            turn[:, 2] += turn[:, :2] @ np.ones(2)  # from `own`'s pixels, not the padded ones
            return frame, turn
    return None


def squared_frame(own: np.ndarray, xh: float) -> tuple[int, int, int, int] | None:
    """`pens.rect_frame` of a blob's ink `own` (box-sized bool) turned by its slant (`_slants`,
    the first that squares a frame holding lettering), on a canvas grown to hold it;
    (x0, y0, x1, y1) in the turned canvas, or None."""
    found = _squared(own, xh)
    return None if found is None else found[0]


def frame_corners(own: np.ndarray, xh: float) -> np.ndarray | None:
    """The four corners (x, y rows, float) in `own`'s pixels of the closed frame its ink holds
    squared to its slant (`squared_frame`), or None."""
    found = _squared(own, xh)
    if found is None:
        return None
    (x0, y0, x1, y1), turn = found
    back = cv2.invertAffineTransform(turn)
    square = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], float)
    return square @ back[:, :2].T + back[:, 2]
