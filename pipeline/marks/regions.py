"""What the stamp and handwriting detectors share: a page's candidate blobs, the boxes and ink
of their labels, the classifier's certainty a mark needs (`MIN_PROB`), and how blobs chain
into one mark (`merge`, `hand_gaps`).

`detect` finds marks; `rings` cuts a round stamp out of the typing it touches and `rows`
parts written lines: both work on what this module holds, so imports flow one way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.grouping import linked_groups
from pipeline.marks.blobs import Blob
from pipeline.model import BBox

# A blob is called a mark only when the classifier is this sure; below it stays typed text,
# since a missed note costs a review, a false one costs typed text. A stamp must still pass
# the shape checks (`stampshape.plausible_stamp`), so its class alone may be less sure.
MIN_PROB = {"stamp": 0.6, "handwriting": 0.9}
# Handwriting worth a reviewer is at least a tick, a short word or a number: a side this many
# letter heights long (`detect.plausible_handwriting`, a written line `rows.split_rows` parts).
HAND_MIN_SIDE = 1.6
# Letters of a typed row a letter in a handwriting group must line up with to stay typing.
TYPED_ROW_MIN = 2


@dataclass
class Candidates:
    """The blobs of a page worth classifying, with their features and the maps they index."""

    blobs: list[Blob]
    features: np.ndarray | None  # (N, len(FEATURE_NAMES)); None when not asked for
    labels: np.ndarray
    colour: np.ndarray
    xh: float
    stats: np.ndarray  # x0, y0, w, h, area per label of `labels`
    gray: np.ndarray | None = None


def hand_gaps(xh: float) -> tuple[float, float]:
    """(gap_x, gap_y) within which blobs of handwriting join one note, at letter height `xh`."""
    return 2.5 * xh, 0.2 * xh


def near_boxes(a: BBox, b: BBox, gap_x: float, gap_y: float) -> bool:
    """Whether boxes `a` and `b` lie within `gap_x` of each other across and `gap_y` down."""
    dx = max(a.x0 - b.x1, b.x0 - a.x1, 0)
    dy = max(a.y0 - b.y1, b.y0 - a.y1, 0)
    return dx <= gap_x and dy <= gap_y


def merge(boxes: list[BBox], gap_x: float, gap_y: float) -> list[list[int]]:
    """Index groups of boxes chained by gaps within (gap_x, gap_y) (single linkage)."""
    return linked_groups(len(boxes), lambda i, j: near_boxes(boxes[i], boxes[j], gap_x, gap_y))


def labels_box(stats: np.ndarray, labels: list[int]) -> BBox:
    """The box of components `labels` of a label image's `stats` (x0, y0, w, h, area rows)."""
    st = stats[np.asarray(labels)]
    return BBox(float(st[:, 0].min()), float(st[:, 1].min()),
                float((st[:, 0] + st[:, 2]).max()), float((st[:, 1] + st[:, 3]).max()))


def box_ink(labels: np.ndarray, box: BBox, ids) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The ink of the components `ids` of `labels` inside `box` (box-sized bool), and the box's
    corners in whole pixels (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = (int(v) for v in (box.x0, box.y0, box.x1, box.y1))
    return np.isin(labels[y0:y1, x0:x1], np.asarray(ids, np.int32)), (x0, y0, x1, y1)
