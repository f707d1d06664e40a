"""Blobs in no mark group that are marks all the same, and blobs that lean to pen.

The classifier judges each blob alone, and some marks it calls typing, or a mark too unsurely
for `MIN_PROB`: a round stamp over typing on a gray scan joined to the lines round it
(`ringed_blobs`), a folio number's few bare digits (`folio_blobs`), an office stamp whose
lettering looks written (`framed_blobs`). Each is found again here by its shape, for
`detect.detect` to judge as a stamp. `pen_leaning` says which unsure blobs lean to pen.
"""

from __future__ import annotations

import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.blobs import Blob
from pipeline.marks.pens import PEN_LEAN, PEN_MAX_STAMP, ring_in
from pipeline.marks.regions import MIN_PROB, Candidates, box_ink
from pipeline.marks.stampshape import folio_number, squared_frame, stands_alone


# A round stamp printed over typing on a gray scan joins the typed lines and rules round it into
# one blob the classifier calls typing (its letters outweigh the ring), or a stamp too unsurely
# for MIN_PROB. A blob this many letter heights across both ways spans several typed lines,
# which typing alone never joins: when it holds a stamp's ring (`pens.ring_in`) it is judged
# as a stamp, and cut to its ring.
RINGED_BLOB_SIDE = 6.0


def ringed_blobs(cands: list[Blob], proba: np.ndarray, labels: np.ndarray, xh: float,
                  grouped: set[int]) -> list[int]:
    """Indexes of the blobs in no mark group (`grouped`), called typing or stamp (not pen),
    RINGED_BLOB_SIDE letter heights across both ways, whose ink holds a stamp's ring."""
    hw = CLASSES.index("handwriting")
    out = []
    for i, blob in enumerate(cands):
        b = blob.box
        if i in grouped or proba[i].argmax() == hw or min(b.width, b.height) < RINGED_BLOB_SIDE * xh:
            continue
        own, _ = box_ink(labels, b, blob.labels)
        if ring_in(own, xh) is not None:
            out.append(i)
    return out


def folio_blobs(cands: list[Blob], proba: np.ndarray, found: Candidates) -> set[int]:
    """Indexes of the blobs that are folio numbers (`stampshape.folio_number`) standing alone
    (`stampshape.stands_alone`), called a mark most of all: stamp, or pen under MIN_PROB when
    coloured (a stamp in the hue of the typescript's ribbon is not coloured; a plain pen's
    digits may be a pencilled folio). Each is a stamp whatever the classifier's certainty.

    A numbering machine's digits are the stamp pad's ink, but a few bare digits are judged
    unsurely: pen or stamp, under MIN_PROB either way. A pen's word the classifier is sure of
    (a resolution in the top margin) stays a note.
    """
    text, stamp, hw = (CLASSES.index(c) for c in ("text", "stamp", "handwriting"))
    out = set()
    for i, blob in enumerate(cands):
        called = int(proba[i].argmax())
        sure_pen = proba[i, hw] >= MIN_PROB["handwriting"]
        if called == text or (called == hw and (not blob.coloured or sure_pen)):
            continue
        if folio_number(found.stats, blob.labels, blob.box, found.xh) and \
                stands_alone(found.labels, blob.box, blob.labels, found.xh):
            out.add(i)
    return out


def frame_sought(p: np.ndarray) -> bool:
    """Whether a blob in no mark group, with class probabilities `p`, may be a framed stamp:
    called stamp most of all, or leaning to pen (`pen_leaning`). An office stamp's lettering
    is often slanted or worn enough to look written, but a pen draws no closed rectangle."""
    return int(p.argmax()) == CLASSES.index("stamp") or pen_leaning(p)


def framed_blobs(cands: list[Blob], proba: np.ndarray, labels: np.ndarray, xh: float,
                  grouped: set[int]) -> list[int]:
    """Indexes of the blobs in no mark group (`grouped`) that may be framed stamps
    (`frame_sought`), whose ink, squared to its slant, holds a closed rectangular frame
    (`squared_frame`)."""
    out = []
    for i, blob in enumerate(cands):
        if i in grouped or not frame_sought(proba[i]):
            continue
        own, _ = box_ink(labels, blob.box, blob.labels)
        if squared_frame(own, xh) is not None:
            out.append(i)
    return out


def pen_leaning(p: np.ndarray) -> bool:
    """Whether a blob's class probabilities `p` lean to pen (PEN_LEAN, under MIN_PROB) without
    the look of a stamp (PEN_MAX_STAMP), or with pen its most likely class all the same.

    A signature joined to the typed name beside it or the line above is an unsure mix of pen
    and typing, and its long loops give it some look of a stamp too; a stamp's arc joined to
    typing is called stamp or typing most of all, and is left as it was.
    """
    hw, stamp = CLASSES.index("handwriting"), CLASSES.index("stamp")
    if not PEN_LEAN <= p[hw] < MIN_PROB["handwriting"]:
        return False
    return p[stamp] < PEN_MAX_STAMP or int(p.argmax()) == hw
