"""From a page image to stamp and handwriting detections (pure: arrays in, detections out).

Blobs of ink are classified one by one (`pipeline.layout_model`), then neighbouring blobs of
the same class are merged into regions: a stamp is usually one blob (its frame holds its
letters), a handwritten note is a row of word blobs, a signature one or two big strokes.
Its parts: `candidates` (the blobs worth judging), `regions` (what they share), `notes` (a
note's words found by their place beside a sure one), `stampshape` (whether a stamp's box and
ink fit a stamp), `overlooked` (marks the classifier called typing or was unsure of, found
again by shape), `rings` (a round stamp cut out of the typing it touches), `rows` (written
lines parted) and `ribbon` (typing coloured by its ribbon in a stamp).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipeline.layout_model.classifier import CLASSES, Classifier
from pipeline.marks import blobs as blobs_mod
from pipeline.marks.blobs import Blob
from pipeline.marks.candidates import PEN_COLOURS, candidates, colour_name
from pipeline.marks.features import page_features
from pipeline.marks.notes import note_continued, note_parts, with_blobs
from pipeline.marks.overlooked import folio_blobs, framed_blobs, pen_leaning, ringed_blobs
from pipeline.marks.pens import (
    FRAME_MIN_LINE,
    off_ring,
    pen_off_frame,
    pen_off_ring,
    tall_stroke,
    tick,
)
from pipeline.marks.protect import MIN_TONE_GAP, aligned_letters, letter_sized, typed_components
from pipeline.marks.regions import (
    HAND_MIN_SIDE,
    MIN_PROB,
    TYPED_ROW_MIN,
    Candidates,
    box_ink,
    hand_gaps,
    labels_box,
    merge,
)
from pipeline.marks.ribbon import ribbon_letters
from pipeline.marks.rings import ring_cut
from pipeline.marks.rows import split_rows
from pipeline.marks.stampshape import (
    frame_corners,
    long_frame,
    outline_shape,
    plausible_stamp,
    printed_word,
    reaches_past_ring,
    ring_inside_note,
    ringed_outline,
    squared_frame,
    stands_alone,
)
from pipeline.marks.toned import split_typed_lines, stamp_letters
from pipeline.model import BBox

# A mark smaller than a typed letter is a speck or a stray stroke, not worth a reviewer's time.
MIN_MARK = 1.0
# Handwriting worth a reviewer is at least a tick, a short word or a number: two letters' area.
# A tall, narrow sliver is one stroke (a margin rule, a paper edge, a crease), not writing.
HAND_MIN_AREA = 2.0
HAND_SLIVER = 3.0
# A handwriting group whose ink is mostly typed glyphs on the typed lines was typed text
# (a bold or tinted word): what is left of it is no note.
MIN_OWN_SHARE = 0.4


@dataclass
class Detection:
    """One stamp or handwriting region in working coordinates, with the ink that makes it."""

    kind: str
    box: BBox
    confidence: float
    labels: list[int] = field(default_factory=list)
    coloured: bool = False
    attrs: dict = field(default_factory=dict)


@dataclass
class Analysis:
    """Everything `detect` measured on a page, for the stage to apply."""

    detections: list[Detection]
    labels: np.ndarray
    colour: np.ndarray
    xh: float
    stats: np.ndarray | None = None
    # Boxes of monochrome stamps whose typed lines were told from the stamp by tone
    # (`split_typed_lines`): typing there has labels of its own, no strip need be spared.
    toned: list[BBox] = field(default_factory=list)


def typed_in_hand(stats: np.ndarray, typed: set[int], hand_ids: set[int], xh: float,
                  min_row: int = TYPED_ROW_MIN) -> set[int]:
    """`typed` (labels on a row of typed letters, `protect.typed_components`) without those of
    a handwriting group (`hand_ids`) that do not line up like typing with `min_row` letters
    of like height on a row that reaches typing (`protect.aligned_letters`, anchored).

    Pen letters in the margin of a typed line sit on its row too. Two like letters are enough
    for a typed one: a signature across a word swallows the letters before it (`стороне.`'s
    `е` after `он` went into the pen's stroke), and a worn glyph breaks into pieces.
    """
    return typed - (hand_ids - aligned_letters(stats, hand_ids, xh, min_row=min_row,
                                               anchored=True))


def plausible_handwriting(box: BBox, xh: float) -> bool:
    """Whether a handwriting detection's box (letter height `xh`) is big and broad enough."""
    if max(box.width, box.height) < HAND_MIN_SIDE * xh or box.area < HAND_MIN_AREA * xh * xh:
        return False
    return not (box.height > HAND_SLIVER * box.width and box.width < 1.5 * xh)


def _fallback_proba(blob: Blob, xh: float) -> np.ndarray:
    # Without a trained model only the safest rule applies: a sizeable coloured blob is a stamp.
    big = blob.box.height >= 1.5 * xh and blob.box.width >= 1.5 * xh
    return np.array([0.0, 1.0, 0.0]) if blob.coloured and big else np.array([1.0, 0.0, 0.0])


# Coloured ink is a stamp's or a pen's, never typing's (`ink.colour_ink` measures colour
# against the typing): a coloured blob in a pen's colour with a few letters' worth of ink the
# classifier calls pen most of all is a note at this lower certainty (a signature on a noisy,
# blurred scan reads lighter and rougher than the pens it was trained on). Specks of tint in
# typed words (a JPEG's chroma, show-through) have far less ink; a scanner surround's brown
# cloth or card is no pen's colour.
COLOURED_HAND_PROB = 0.6
COLOURED_HAND_INK = 2.0


# A long stroke cut free of the typing (`blobs.long_strokes`) that wavers as a hand's line does
# under a line of writing (`blobs.pen_underline`) is a pen underline at this lower certainty:
# the classifier, judging a bare line, is torn between pen and rule (0.57-0.90 on the census's
# missed underlines).
STROKE_HAND_PROB = 0.55


def _min_prob(kind: str, blob: Blob, stats: np.ndarray, xh: float, image: np.ndarray,
              colour: np.ndarray, labels: np.ndarray | None = None) -> float:
    """The classifier's certainty a blob needs to join a mark of `kind` (MIN_PROB, lower for
    a blob of a pen's colour with COLOURED_HAND_INK letters' area of ink called handwriting
    and, given the blobs' label image `labels`, for a hand-drawn stroke); `colour` is the
    page's coloured-ink mask."""
    if kind == "handwriting" and blob.stroke and labels is not None:
        return STROKE_HAND_PROB if blobs_mod.pen_underline(labels, blob, xh) else MIN_PROB[kind]
    if kind != "handwriting" or not blob.coloured or \
            stats[np.asarray(blob.labels, np.intp), cv2.CC_STAT_AREA].sum() < COLOURED_HAND_INK * xh * xh:
        return MIN_PROB[kind]
    x0, y0, x1, y1 = (int(v) for v in (blob.box.x0, blob.box.y0, blob.box.x1, blob.box.y1))
    if colour_name(image[y0:y1, x0:x1], colour[y0:y1, x0:x1] > 0) not in PEN_COLOURS:
        return MIN_PROB[kind]
    return COLOURED_HAND_PROB


# A group is coloured when most of its ink is (a few tinted pixels of a gray pen are not).
NOTE_COLOURED = 0.5


def framed_side(own: np.ndarray, xh: float) -> bool:
    """Whether ink `own` (bool) holds a straight line FRAME_MIN_LINE letter heights long, inked
    near all along (`pens.rect_frame`'s measure of a frame's side, at any slant).

    An office stamp whose frame is not found closed (a worn or dashed side) leaves its
    lettering rows, with a piece of its frame's side joined to them, past a round stamp's ring
    in the stamp's colour; a pen's letters make no straight line that long.
    """
    length = max(3, int(FRAME_MIN_LINE * xh))
    return cv2.HoughLinesP(own.astype(np.uint8), 1, np.pi / 360, length, minLineLength=length,
                           maxLineGap=1) is not None


def hand_probability(found: Candidates, model: Classifier | None) -> Callable[[list[int]], float] | None:
    """The classifier's probability that a group of components of `found` (labels), judged as
    a blob of its own among the page's blobs, is handwriting: 0 when another class is likelier
    or the group is empty; None without a model.

    A number or a short note written against a round stamp is one blob with its ring, called
    a stamp; cut off the ring, it is judged as it would have been without the stamp. A note
    written in the stamp's own colour is grouped with it (`blobs.find_blobs` groups coloured
    ink within one hue) and cut off it the same way; but so is an office stamp printed against
    the ring, whose lettering the classifier readily calls pen once apart from its frame: a
    coloured group holding a frame's side (`framed_side`) is no note (0). (A framed stamp
    whose frame is found is taken out of the notes after, `framed_past`.)
    """
    if model is None:
        return None
    hw = CLASSES.index("handwriting")

    def probability(group: list[int]) -> float:
        box = labels_box(found.stats, group)
        own, (x0, y0, x1, y1) = box_ink(found.labels, box, group)
        if not own.any():
            return 0.0
        coloured = float((found.colour[y0:y1, x0:x1][own] > 0).mean()) > NOTE_COLOURED
        if coloured and framed_side(own, found.xh):
            return 0.0
        feats = page_features([Blob(box, list(group))], found.labels, found.stats, found.gray,
                              found.labels > 0, found.colour, found.xh, row_blobs=found.blobs)
        p = model.predict_proba(feats)[0]
        return float(p[hw]) if int(p.argmax()) == hw else 0.0
    return probability


def written_judge(found: Candidates, model: Classifier | None) -> Callable[[list[int]], bool] | None:
    """For `rings.ring_cut`: whether a group of components of `found` (labels) is handwriting
    at MIN_PROB (`hand_probability`); None without a model."""
    hand = hand_probability(found, model)
    if hand is None:
        return None
    return lambda group: hand(group) >= MIN_PROB["handwriting"]


# An office stamp's ink lies within its frame: a component past a round stamp's ring counts as
# the framed stamp's when its centre lies within the frame's corners grown by this many letter
# heights (a frame's rim, a piece of its side the chaining left out).
FRAMED_REACH = 0.5


def framed_past(found: Candidates, past: list[int], blob: list[int]) -> list[int] | None:
    """The components among `past` (a stamp blob's labels past the round stamp's ring,
    `rings.ring_cut`) within a closed frame (`frame_corners`, FRAMED_REACH) that their ink
    holds, or failing that the blob's ink in their box (all its labels `blob`, the ring's
    too), when they fit a stamp: an office stamp printed touching the round one, whose frame
    the cut takes for a pen's strokes and whose lettering rows for typing. None when they do
    not.

    A side lying along the ring may be within the cut's reach of it, and stay with the ring's
    labels; the ring's ink is left out first, as its arcs can chain with the frame's sides."""
    if not past:
        return None
    st, xh = found.stats, found.xh
    box = labels_box(st, past)
    corners = frame_corners(box_ink(found.labels, box, past)[0], xh)
    if corners is None:
        corners = frame_corners(box_ink(found.labels, box, sorted(set(blob) | set(past)))[0], xh)
    if corners is None:
        return None
    outline = (corners + (box.x0, box.y0)).astype(np.float32).reshape(-1, 1, 2)
    reach = -FRAMED_REACH * xh
    inside = [i for i in past
              if cv2.pointPolygonTest(outline, (float(st[i, 0] + st[i, 2] / 2),
                                                float(st[i, 1] + st[i, 3] / 2)), True) >= reach]
    if not inside:
        return None
    fbox = labels_box(st, inside)
    own, _ = box_ink(found.labels, fbox, inside)
    return inside if plausible_stamp(fbox, float(own.mean()), xh) else None


def pen_strokes(stats: np.ndarray, labels: list[int], xh: float) -> list[int]:
    """The labels among `labels` (stats rows x0, y0, w, h, area) of strokes taller and wider
    than a typed glyph can be (`pens.tall_stroke`'s measure) or of a tick's shape (`pens.tick`),
    each of them: a signature is often written in two or three strokes, and one left unmasked
    is read as letters beside the typed name; a tick against a typed line, as a letter (`\\/`,
    `М`) before it."""
    return [i for i in labels if tall_stroke(stats, [i], xh) is not None or tick(stats, i, xh)]


# A typed word a tick joined (`tick_beside_word`): this many letters, their centres within
# WORD_ROW_TOL letter heights of one another.
MIN_TYPED_LETTERS = 3
WORD_ROW_TOL = 0.5


def tick_beside_word(found: Candidates, lab: list[int], xh: float,
                     hand: Callable[[list[int]], float]) -> list[int]:
    """`lab` (a handwriting group's labels) without the typed word a tick joined.

    A tick in the margin against a short typed word (`Копии:`) is one blob with it, which the
    classifier calls pen; a word of two or three letters lines up with too few others to be
    kept as typing by its row. Beside the group's one tick (`pens.tick`, no taller stroke), a
    row of MIN_TYPED_LETTERS letter-sized components the classifier does not call pen (`hand`,
    judged as a blob of its own) is typing: the tick alone is the mark. (A signature's strokes
    beside the typed name it signs are left to the name's own rescue, `stages.marks`.)"""
    st = found.stats
    strokes = [i for i in lab if tick(st, i, xh) and tall_stroke(st, [i], xh) is None]
    rest = [i for i in lab if i not in strokes]
    if len(strokes) != 1 or len(rest) < MIN_TYPED_LETTERS or tall_stroke(st, rest, xh) is not None:
        return lab
    h = st[rest, cv2.CC_STAT_HEIGHT].astype(float)
    small = letter_sized(st, xh)[rest] & (h >= 0.5 * xh)
    centre = st[rest, 1] + h / 2
    if small.sum() < MIN_TYPED_LETTERS or np.ptp(centre[small]) > WORD_ROW_TOL * xh:
        return lab
    return lab if hand(rest) > 0 else strokes


def coloured_stamp_labels(groups: list[tuple[str, int, list[int]]], blobs: list[Blob]) -> set[int]:
    """Labels of the coloured blobs (indexes into `blobs`) in the stamp groups of `groups`
    ((kind, class index, blob indexes) each)."""
    return {lab_id for kind, _, idx in groups if kind == "stamp" for i in idx
            if blobs[i].coloured for lab_id in blobs[i].labels}


def detect(image: np.ndarray, model: Classifier | None, gray: np.ndarray | None = None,
           ink: np.ndarray | None = None, typing_ink: np.ndarray | None = None) -> Analysis:
    """Stamps and handwriting of an upright working image (gray/ink computed when not given;
    `typing_ink`: as `candidates` takes it)."""
    found = candidates(image, gray, ink, with_features=model is not None, typing_ink=typing_ink)
    cands, labels, colour, xh = found.blobs, found.labels, found.colour, found.xh
    if model is not None:
        proba = model.predict_proba(found.features)
    else:
        proba = np.array([_fallback_proba(b, xh) for b in cands]).reshape(-1, len(CLASSES))
    folios = folio_blobs(cands, proba, found)
    # The classifier's judge of a group of components as a blob of its own (a note's word in a
    # typed heading's blob, notes past a stamp's ring or frame, a blob with no stamp's shape);
    # it reads `found` as it stands when called.
    hand = hand_probability(found, model)
    groups = []
    for kind, gap_x, gap_y in (("stamp", 0.3 * xh, 0.3 * xh), ("handwriting", *hand_gaps(xh))):
        k = CLASSES.index(kind)
        members = [i for i in range(len(cands)) if (kind == "stamp" and i in folios) or (
                   i not in folios and proba[i].argmax() == k
                   and proba[i, k] >= _min_prob(kind, cands[i], found.stats, xh, image, colour, labels))]
        if kind == "handwriting":
            members += note_continued(cands, proba, members, folios, k, gap_x, gap_y)
            if hand is not None:
                parts = note_parts(cands, found.stats, members, folios, gap_x, gap_y, hand)
                cands, proba, added = with_blobs(cands, proba, parts, k)
                members += added
        groups += [(kind, k, [members[g] for g in grp])
                   for grp in merge([cands[i].box for i in members], gap_x, gap_y)]
    grouped = {i for _, _, idx in groups for i in idx}
    groups += [("stamp", CLASSES.index("stamp"), [i])
               for i in ringed_blobs(cands, proba, labels, xh, grouped)]
    grouped = {i for _, _, idx in groups for i in idx}
    groups += [("stamp", CLASSES.index("stamp"), [i])
               for i in framed_blobs(cands, proba, labels, xh, grouped)]
    # Typed letters taken into a mark's blobs stay typed text: neither masked nor in its box.
    typed = typed_components(found.stats, {lab_id for _, _, idx in groups for i in idx
                                           for lab_id in cands[i].labels}, xh)
    hand_ids = {lab_id for kind, _, idx in groups if kind == "handwriting" for i in idx
                for lab_id in cands[i].labels}
    typed = typed_in_hand(found.stats, typed, hand_ids, xh)
    # A coloured stamp's letters on typed rows stay with the typing (masked by their colour,
    # `stages.marks`), but they are the stamp's ink when its density is judged: a stamp printed
    # over typed lines has its lettering on their rows, and its ring alone is too sparse.
    lettering = coloured_stamp_labels(groups, cands) & typed
    area = found.stats[:, cv2.CC_STAT_AREA]
    detections: list[Detection] = []
    written = written_judge(found, model)
    todo = list(groups)
    while todo:
        kind, k, idx = todo.pop(0)
        every = [lab_id for i in idx for lab_id in cands[i].labels]
        lab = [lab_id for lab_id in every if lab_id not in typed]
        if not lab or (kind == "handwriting" and area[lab].sum() < MIN_OWN_SHARE * area[every].sum()):
            continue
        if kind == "handwriting" and hand is not None:
            lab = tick_beside_word(found, lab, xh, hand)
        box = labels_box(found.stats, lab)
        if max(box.width, box.height) < MIN_MARK * xh:
            continue
        weights = np.array([cands[i].box.area for i in idx], float)
        conf = float(np.clip((proba[idx, k] * weights).sum() / weights.sum(), 0, 1))
        coloured = any(cands[i].coloured for i in idx)
        own, (x0, y0, x1, y1) = box_ink(labels, box, lab)
        if kind == "stamp":
            frame = long_frame(box, own, xh)
            inked = own | np.isin(labels[y0:y1, x0:x1], np.asarray(sorted(lettering & set(every)), np.int32))
            folio = all(i in folios for i in idx)
            alone = (coloured or folio) and frame is None and stands_alone(labels, box, lab, xh)
            plausible = plausible_stamp(box, float(inked.mean()) if inked.size else 0.0, xh, frame, alone)
            if not plausible and len(idx) > 1:
                # Two stamps side by side, or a stamp with a note written into it, chain into
                # a box too big or too long for one stamp: each blob is judged on its own.
                todo[:0] = [(kind, k, [i]) for i in idx]
                continue
            # A round stamp printed over typing joins the typed lines round it into one blob
            # too big for a stamp: its ring still says where the stamp ends.
            # So does a ring whose box the typing it touches swells past it.
            swollen = plausible and frame is None and reaches_past_ring(own, xh)
            kept = (found.stats.copy(), found.labels[y0:y1, x0:x1].copy()) if swollen else None
            # The ring is sought in the ink the density test sees: a ring printed over typed
            # lines has its stroke broken where its lettering meets it, and the pieces on typed
            # rows that count as typing leave too little of it without them.
            cut = ring_cut(found, lab, box, inked, xh, written, inked | box_ink(labels, box, every)[0]) \
                if not plausible or swollen else None
            if kept is not None and cut is not None and ring_inside_note(found.stats, cut):
                # The ring found is an inner one: the stamp's outer ring was cut off as a note.
                found.stats, found.labels[y0:y1, x0:x1] = kept
                cut = None
            boxed = None
            if cut is None and not plausible:
                boxed = framed_past(found, lab, lab) if coloured else None
                if boxed is None:
                    # No stamp's shape, ring or frame: a signature over the typed name it signs
                    # is such a blob, the name's letters taken out. Its own ink is judged
                    # again, as the classifier would judge it alone.
                    p_hand = hand(lab) if hand is not None and plausible_handwriting(box, xh) else 0.0
                    if p_hand >= MIN_PROB["handwriting"]:
                        detections.append(Detection("handwriting", box, p_hand, lab, coloured))
                    continue
                # An office stamp with a note written across its frame in a pen of its hue is
                # one coloured blob too long for a stamp: what lies within its frame is the
                # stamp, the rest is judged as a note would be.
                rest = [i for i in lab if i not in boxed]
                if rest and written is not None and written(rest):
                    pen_box = labels_box(found.stats, rest)
                    if plausible_handwriting(pen_box, xh):
                        detections.append(Detection("handwriting", pen_box, conf, rest, coloured))
                lab = boxed
                box = labels_box(found.stats, lab)
                own, (x0, y0, x1, y1) = box_ink(labels, box, lab)
                frame = long_frame(box, own, xh)
            if cut is not None:
                whole = lab
                lab, box, notes = cut
                own, (x0, y0, x1, y1) = box_ink(labels, box, lab)
                if not plausible_stamp(box, float(own.mean()) if own.size else 0.0, xh):
                    continue
                # Pen strokes the blob held past the ring are notes of their own; but what lies
                # within a closed frame past it is an office stamp printed against the round one.
                framed = framed_past(found, sorted({i for i in whole if i not in lab}
                                                   | {i for note in notes for i in note}), whole)
                if framed is not None:
                    fbox = labels_box(found.stats, framed)
                    fown, (fx0, fy0, fx1, fy1) = box_ink(labels, fbox, framed)
                    tint = colour_name(image[fy0:fy1, fx0:fx1], fown & (colour[fy0:fy1, fx0:fx1] > 0)) \
                        if coloured else "black"
                    detections.append(Detection("stamp", fbox, conf, framed, coloured,
                                                {"colour": tint, "shape": "rectangular"}))
                    notes = [[i for i in note if i not in framed] for note in notes]
                for note in filter(None, notes):
                    pen_box = labels_box(found.stats, note)
                    if plausible_handwriting(pen_box, xh):
                        detections.append(Detection("handwriting", pen_box, conf, note, coloured))
            ringed = cut is not None
            if not coloured and not ringed and printed_word(found.stats, lab, box, own, xh):
                continue
            shape = "rectangular" if frame is not None or boxed is not None \
                else "round" if ringed else outline_shape(own)
            if shape == "other":
                # A coloured stamp's ring is found in all its tinted ink: a faint arc of it
                # may be left out of the blob's labels.
                tinted = own | (colour[y0:y1, x0:x1] > 0) if coloured else own
                shape = "round" if ringed_outline(tinted, xh) else shape
            if shape == "round" and not ringed and squared_frame(own, xh) is not None:
                # An office stamp printed at a slant fills its box as a ring does: its frame
                # says what it is, and its lettering's ends are no typing beside a ring.
                shape = "rectangular"
            if shape == "round":
                # Typed letters beside the ring that the stamp's blob took in are typing.
                small = letter_sized(found.stats, xh)
                beside = {i for i in off_ring(found.stats, lab, box, own, xh) if small[i]}
                if beside and len(beside) < len(lab):
                    lab = [lab_id for lab_id in lab if lab_id not in beside]
                    box = labels_box(found.stats, lab)
                    own, (x0, y0, x1, y1) = box_ink(labels, box, lab)
            attrs = {"colour": colour_name(image[y0:y1, x0:x1], own & (colour[y0:y1, x0:x1] > 0))
                     if coloured else "black", "shape": shape}
            detections.append(Detection(kind, box, conf, lab, coloured, attrs))
            # (A stamp cut to its ring has had the ink past it judged already.)
            pen = None if ringed else pen_off_ring(own, box, xh) if frame is None \
                else pen_off_frame(own, box, frame, xh)
            if pen is not None:
                # The pen's ink is among the stamp's labels and masked with it: the note adds
                # a region for the reviewer and leaves the masks as they were.
                detections.append(Detection("handwriting", pen, conf, [], coloured))
            continue
        for part in split_rows(box, own, xh):
            if plausible_handwriting(part, xh):
                detections.append(Detection(kind, part, conf, lab, coloured))
    grouped = {i for _, _, idx in groups for i in idx}
    for i, blob in enumerate(cands):
        # A word cluster the classifier leans to calling pen, held back by the typed words the
        # pen joined at a gap: the strokes in it no typed glyph could make are the pen's.
        if i in grouped or blob.coloured or not pen_leaning(proba[i]):
            continue
        strokes = pen_strokes(found.stats, blob.labels, xh)
        if strokes:
            detections.append(Detection("handwriting", labels_box(found.stats, strokes),
                                        float(proba[i, CLASSES.index("handwriting")]), strokes))
    detections = _pieces_into_stamps(detections, found)
    stats = found.stats
    marked = {lab_id for det in detections for lab_id in det.labels}
    toned = []
    for det in detections:
        if det.kind == "stamp" and det.coloured:
            _ribbon_out_of_colour(image, labels, stats, colour, det, marked, xh)
        if det.kind == "stamp" and not det.coloured:
            n = len(stats)
            stats = split_typed_lines(found.gray, labels, stats, det.box, det.labels, marked, xh)
            if len(stats) > n:
                toned.append(det.box)
                # Its lettering the typed glyphs took, told from them by tone, is masked with it.
                letters = stamp_letters(found.gray, labels, stats, det.box, det.labels, marked, xh)
                det.labels.extend(letters)
                marked.update(letters)
    return Analysis(detections, labels, colour, xh, stats, toned)


# A typed letter's colour mask reaches past its ink (`ink.colour_ink` grows it): its rim off the
# ink, this many pixels round the letter, goes with it.
RIBBON_RIM_PX = 2


def _ribbon_out_of_colour(image: np.ndarray, labels: np.ndarray, stats: np.ndarray,
                          colour: np.ndarray, det: Detection, marked: set[int], xh: float) -> None:
    """Take the typed letters inside a coloured stamp that are coloured by their ribbon
    (`ribbon.ribbon_letters`), and their rims, out of `colour` (in place): they are typing, and
    the stamp's colour mask would mask them and repaint them away."""
    typing = ribbon_letters(image, labels, stats, colour, det.box, det.labels, marked, xh)
    if not typing.any():
        return
    x0, y0 = int(det.box.x0), int(det.box.y0)
    y1, x1 = y0 + typing.shape[0], x0 + typing.shape[1]
    rim = cv2.dilate(typing.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=RIBBON_RIM_PX) > 0
    rim &= typing | (labels[y0:y1, x0:x1] == 0)
    colour[y0:y1, x0:x1][rim] = 0


# A coloured stamp on a worn or blurred scan keeps pieces of plain ink where its ink is faint
# (an arc of an inner ring, a letter's stem): small plain "notes" well inside its box are its
# own. A pen's note across a stamp is coloured or larger, or reaches past the stamp.
PIECE_INSIDE = 0.9
PIECE_MAX_SHARE = 0.1
# That faint ink is broken into specks, its pieces' components averaging well under a letter's
# square, or is lighter than the stamp's coloured ink: of 19 such pieces on 200 pages, all but
# one average 0.01-0.22 of it, and all but one lie 18-58 gray levels lighter. A registry number
# written inside the stamp in black, violet or pencil is strokes, a digit or a letter each
# (0.25-0.75), no lighter than the stamp (43 levels darker to 2 lighter): a note of its own.
PIECE_SPECK = 0.2
PIECE_LIGHTER = MIN_TONE_GAP / 2


def faint_piece(found: Candidates, piece: Detection, stamp: Detection) -> bool:
    """Whether a plain handwriting detection inside a coloured `stamp` is the stamp's own faint
    ink: its components (in `found`) average under PIECE_SPECK of a letter's square, or its
    ink's median gray is PIECE_LIGHTER lighter than that of the stamp's coloured ink."""
    ids = np.asarray(piece.labels, np.intp)
    if float(found.stats[ids, cv2.CC_STAT_AREA].mean()) < PIECE_SPECK * found.xh * found.xh:
        return True
    own, (x0, y0, x1, y1) = box_ink(found.labels, piece.box, piece.labels)
    sx0, sy0, sx1, sy1 = (int(v) for v in (stamp.box.x0, stamp.box.y0, stamp.box.x1, stamp.box.y1))
    tinted = found.colour[sy0:sy1, sx0:sx1] > 0
    if not own.any() or not tinted.any():
        return True
    return float(np.median(found.gray[y0:y1, x0:x1][own])) >= \
        float(np.median(found.gray[sy0:sy1, sx0:sx1][tinted])) + PIECE_LIGHTER


def _pieces_into_stamps(detections: list[Detection], found: Candidates) -> list[Detection]:
    """`detections` with each plain handwriting detection lying PIECE_INSIDE within a coloured
    stamp's box, smaller than PIECE_MAX_SHARE of it and its faint ink (`faint_piece`, judged on
    `found`) merged into that stamp (its labels join the stamp's, which are masked and read
    with it)."""
    stamps = [d for d in detections if d.kind == "stamp" and d.coloured]
    if not stamps:
        return detections
    out = []
    for det in detections:
        host = None
        if det.kind == "handwriting" and not det.coloured and det.labels and det.box.area > 0:
            host = next((s for s in stamps if s.box.intersection(det.box) >= PIECE_INSIDE * det.box.area
                         and det.box.area <= PIECE_MAX_SHARE * s.box.area
                         and faint_piece(found, det, s)), None)
        if host is None:
            out.append(det)
        else:
            host.labels = host.labels + [lab for lab in det.labels if lab not in host.labels]
    return out
