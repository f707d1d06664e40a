"""A note's words found by their place beside a word the classifier is sure of.

The classifier judges a page's blobs one at a time: a surname in a loose hand after a sure
`верно:` may fall short of `regions.MIN_PROB`, and a word of a resolution written against a
typed heading joins the heading's blob, which is typing as a whole. Left out, either is read
as letters in the typed text. Their place on the note's line, a word's gap from a sure word,
tells what the classifier alone cannot: a blob it leans to calling pen continues the note
(`note_continued`), and so do the components of a typed blob that lie on the note's line and
that the classifier, judging them alone, calls pen (`note_parts`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pipeline.layout_model.classifier import CLASSES
from pipeline.marks.blobs import Blob
from pipeline.marks.regions import MIN_PROB, labels_box, near_boxes

# A blob the classifier leans to calling pen, below MIN_PROB, written on within a note's gap
# of one it is sure of, continues that note; so does one within a gap of it, this many links
# away at most.
NOTE_GROW_PROB = 0.6
NOTE_GROW_STEPS = 3
# A component of another blob is on a note word's line when this share of its height lies
# within the word's rows.
ON_LINE = 0.5


def note_continued(blobs: list[Blob], proba: np.ndarray, members: list[int], skip: set[int],
                   k: int, gap_x: float, gap_y: float) -> list[int]:
    """Indexes of blobs (not in `members` or `skip`) whose class `k` is likeliest at
    NOTE_GROW_PROB or more and that lie within (gap_x, gap_y) of a member, or of a blob so
    added, up to NOTE_GROW_STEPS links away."""
    added: list[int] = []
    front = list(members)
    taken = set(members) | set(skip)
    weak = [i for i in range(len(blobs)) if i not in taken and proba[i].argmax() == k
            and proba[i, k] >= NOTE_GROW_PROB]
    for _ in range(NOTE_GROW_STEPS):
        new = [i for i in weak if i not in taken
               and any(near_boxes(blobs[i].box, blobs[j].box, gap_x, gap_y) for j in front)]
        if not new:
            break
        added += new
        taken.update(new)
        front = new
    return added


def note_parts(blobs: list[Blob], stats: np.ndarray, members: list[int], skip: set[int],
               gap_x: float, gap_y: float, hand: Callable[[list[int]], float]
               ) -> list[tuple[Blob, float]]:
    """New blobs and their handwriting probabilities: of each blob of `blobs` (not in
    `members` or `skip`, not coloured) within (gap_x, gap_y) of a member, the components
    (`stats` rows x0, y0, w, h) with ON_LINE of their height within the member's rows, when
    they are not the whole blob and `hand` (a group's labels: the classifier's handwriting
    probability, judged as a blob of its own) gives them MIN_PROB."""
    out: list[tuple[Blob, float]] = []
    taken = set(members) | set(skip)
    top = stats[:, 1].astype(float)
    bottom = top + stats[:, 3]
    for i, blob in enumerate(blobs):
        if i in taken or blob.coloured:
            continue
        ids = np.asarray(blob.labels, np.intp)
        for j in members:
            word = blobs[j].box
            if not near_boxes(blob.box, word, gap_x, gap_y):
                continue
            inside = np.minimum(bottom[ids], word.y1) - np.maximum(top[ids], word.y0)
            part = ids[inside >= ON_LINE * (bottom[ids] - top[ids])].tolist()
            p = hand(part) if part and len(part) < len(ids) else 0.0
            if p >= MIN_PROB["handwriting"]:
                out.append((Blob(labels_box(stats, part), part), p))
                break
    return out


def with_blobs(blobs: list[Blob], proba: np.ndarray, new: list[tuple[Blob, float]], k: int
               ) -> tuple[list[Blob], np.ndarray, list[int]]:
    """`blobs` and their class probabilities `proba` (a row each, `CLASSES` order) with the
    blobs of `new` added, each with class `k` at its probability and typing for the rest,
    and the new blobs' indexes."""
    if not new:
        return blobs, proba, []
    rows = np.zeros((len(new), proba.shape[1]))
    rows[:, CLASSES.index("text")] = [1.0 - p for _, p in new]
    rows[:, k] = [p for _, p in new]
    return blobs + [blob for blob, _ in new], np.vstack([proba, rows]), \
        list(range(len(blobs), len(blobs) + len(new)))
