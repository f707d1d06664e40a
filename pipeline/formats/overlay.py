"""Overlay PNG: the page's regions drawn on the scan, coloured by region type (`run --overlay`)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from pipeline.fileio import atomic_write_bytes
from pipeline.model import Page

# BGR, chosen to stay distinct from black typing and from violet/red/blue stamp ink.
COLOURS: dict[str, tuple[int, int, int]] = {
    "text": (40, 170, 40),
    "stamp": (0, 0, 230),
    "handwriting": (230, 90, 0),
}
OTHER = (0, 170, 230)


def _as_bgr(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2BGR)


def _polygon(box: list[float], to_original: np.ndarray) -> np.ndarray:
    corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]],
                       dtype=float)
    # Region boxes are in original pixels; on a turned or deskewed image they become quads.
    pts = np.hstack([corners, np.ones((4, 1))]) @ np.linalg.inv(to_original).T
    return np.round(pts[:, :2] / pts[:, 2:3]).astype(np.int32)


def render_overlay(page: Page, image: np.ndarray | None = None,
                   to_original: np.ndarray | None = None) -> np.ndarray:
    """A BGR image of `image` with region outlines; `to_original` maps its pixels to the
    original scan's (default: `image` is the original scan). Without `image`, the working one."""
    if image is None:
        base, to_original = page.image, page.to_original
    else:
        base = image
        to_original = np.eye(3) if to_original is None else to_original
    if base is None:
        raise ValueError("no image to draw the overlay on")
    canvas = _as_bgr(np.asarray(base))
    # Lines a little thicker on big scans so they stay visible when the PNG is viewed whole.
    thick = max(2, round(max(canvas.shape[:2]) / 800))
    for region in page.regions:
        colour = COLOURS.get(region.type, OTHER)
        quad = _polygon(region.bbox.to_list(), to_original)
        cv2.polylines(canvas, [quad], isClosed=True, color=colour, thickness=thick)
        x, y = int(quad[:, 0].min()), int(quad[:, 1].min())
        cv2.putText(canvas, region.id, (x + thick, max(12, y - thick)), cv2.FONT_HERSHEY_SIMPLEX,
                    0.4 * thick, colour, max(1, thick // 2), cv2.LINE_AA)
    return canvas


def write_overlay(page: Page, path: Path, image: np.ndarray | None = None,
                  to_original: np.ndarray | None = None) -> Path:
    """Write the overlay PNG atomically to `path`, drawn as `render_overlay` draws it."""
    ok, data = cv2.imencode(".png", render_overlay(page, image, to_original))
    if not ok:
        raise ValueError(f"could not encode overlay for {path}")
    atomic_write_bytes(Path(path), data.tobytes())
    return Path(path)
