"""The one engine-independent page model: boxes, words, lines, regions, fields, steps, pages.

Coordinates in every box are pixels of the ORIGINAL input image (origin top-left, x right,
y down, x1/y1 exclusive). Stages work on a transformed image (`Page.image`, rotated upright
and deskewed); `Page.to_original` maps working coordinates back, so boxes stored in the model
are always original ones.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class RegionType(str, enum.Enum):
    TEXT = "text"
    STAMP = "stamp"
    HANDWRITING = "handwriting"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class BBox:
    """Axis-aligned box [x0, y0, x1, y1), x1 >= x0 and y1 >= y0."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        for v in (self.x0, self.y0, self.x1, self.y1):
            if not math.isfinite(v):
                raise ValueError(f"bbox coordinate is not finite: {self}")
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"bbox has x1 < x0 or y1 < y0: {self}")

    @classmethod
    def from_list(cls, values: list[float] | tuple[float, ...]) -> BBox:
        """Build a box from `[x0, y0, x1, y1]`."""
        x0, y0, x1, y1 = values
        return cls(x0, y0, x1, y1)

    @classmethod
    def enclosing(cls, boxes: list[BBox]) -> BBox:
        """The smallest box holding every box of a non-empty list."""
        if not boxes:
            raise ValueError("enclosing() of no boxes")
        return cls(min(b.x0 for b in boxes), min(b.y0 for b in boxes),
                   max(b.x1 for b in boxes), max(b.y1 for b in boxes))

    def to_list(self) -> list[float]:
        """`[x0, y0, x1, y1]`, integers where the values are whole."""
        return [int(v) if float(v).is_integer() else round(float(v), 2)
                for v in (self.x0, self.y0, self.x1, self.y1)]

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return self.width * self.height

    def intersection(self, other: BBox) -> float:
        """Area shared with another box."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(0.0, w) * max(0.0, h)

    def iou(self, other: BBox) -> float:
        """Intersection over union, 0 for two empty boxes."""
        inter = self.intersection(other)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def clip(self, width: float, height: float) -> BBox:
        """The box cut to an image of the given size."""
        x0 = min(max(self.x0, 0), width)
        y0 = min(max(self.y0, 0), height)
        return BBox(x0, y0, max(x0, min(self.x1, width)), max(y0, min(self.y1, height)))


def _check_confidence(value: float, owner: object) -> None:
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"confidence {value!r} outside 0..1 in {owner!r}")


@dataclass
class Word:
    text: str
    bbox: BBox
    confidence: float

    def __post_init__(self) -> None:
        _check_confidence(self.confidence, self)


@dataclass
class Line:
    bbox: BBox
    text: str
    confidence: float
    words: list[Word] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_confidence(self.confidence, self)


@dataclass
class Region:
    """A typed-text block, a stamp or a handwritten note, with its reading (if any)."""

    id: str
    type: str  # a RegionType value; other kinds are allowed
    bbox: BBox
    confidence: float
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. stamp colour, shape

    def __post_init__(self) -> None:
        _check_confidence(self.confidence, self)
        self.type = str(self.type)


@dataclass
class Field:
    """One structured field of a form, with where it came from."""

    value: Any  # str, list[str] or None
    raw: str = ""
    bbox: BBox | None = None
    confidence: float = 0.0

    def __post_init__(self) -> None:
        _check_confidence(self.confidence, self)


@dataclass
class Step:
    """Provenance of one stage: what ran, with which parameters, for how long."""

    name: str
    params: dict[str, Any]
    seconds: float
    version: str = "1"


@dataclass
class ReviewItem:
    reason: str
    region: str | None = None


@dataclass
class Source:
    path: str
    sha256: str
    page: int  # 1-based
    width: int
    height: int
    dpi: float | None = None

    def __post_init__(self) -> None:
        if self.page < 1 or self.width < 1 or self.height < 1:
            raise ValueError(f"bad source geometry: {self}")


@dataclass
class Page:
    """One page of a scan as it moves through the stages.

    `image` (and `masks`) are working state in working coordinates and are never serialised;
    `to_original` is the 3x3 matrix mapping working (x, y, 1) to original pixel coordinates.
    """

    source: Source
    image: np.ndarray | None = None
    to_original: np.ndarray = field(default_factory=lambda: np.eye(3))
    masks: dict[str, np.ndarray] = field(default_factory=dict)
    preprocess: dict[str, Any] = field(default_factory=lambda: {"rotation": 0, "skew_deg": 0.0})
    regions: list[Region] = field(default_factory=list)
    text: str = ""
    text_normalized: str = ""
    fields: dict[str, Field] = field(default_factory=dict)
    engine: dict[str, Any] = field(default_factory=dict)
    review: list[ReviewItem] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def apply_transform(self, forward: np.ndarray, image: np.ndarray) -> None:
        """Replace the working image by `image` = `forward`(old image) and keep the mapping.

        `forward` is a 2x3 or 3x3 matrix from old working coordinates to new ones.
        """
        fwd = np.vstack([forward, [0, 0, 1]]) if forward.shape == (2, 3) else forward
        self.to_original = self.to_original @ np.linalg.inv(fwd)
        self.image = image

    def map_points(self, points: np.ndarray) -> np.ndarray:
        """Map an (N, 2) array of working coordinates to original coordinates."""
        pts = np.hstack([np.asarray(points, dtype=float), np.ones((len(points), 1))])
        out = pts @ self.to_original.T
        return out[:, :2] / out[:, 2:3]

    def map_bbox(self, box: BBox) -> BBox:
        """A working-coordinate box as the axis-aligned box of its corners in the original."""
        corners = np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x0, box.y1], [box.x1, box.y1]])
        pts = self.map_points(corners)
        out = BBox(float(pts[:, 0].min()), float(pts[:, 1].min()),
                   float(pts[:, 0].max()), float(pts[:, 1].max()))
        out = out.clip(self.source.width, self.source.height)
        return BBox(*(round(v) for v in (out.x0, out.y0, out.x1, out.y1)))

    def working_bbox(self, box: BBox) -> BBox:
        """An original-pixel box as the axis-aligned box of its corners in working coordinates,
        unclipped and unrounded: the inverse of `map_bbox`. Raises `numpy.linalg.LinAlgError`
        when the mapping is singular."""
        corners = np.array([[box.x0, box.y0, 1.0], [box.x1, box.y0, 1.0],
                            [box.x0, box.y1, 1.0], [box.x1, box.y1, 1.0]])
        pts = corners @ np.linalg.inv(self.to_original).T
        pts = pts[:, :2] / pts[:, 2:3]
        return BBox(float(pts[:, 0].min()), float(pts[:, 1].min()),
                    float(pts[:, 0].max()), float(pts[:, 1].max()))

    def regions_of(self, kind: str) -> list[Region]:
        """The regions of one type, in page order."""
        return [r for r in self.regions if r.type == kind]
