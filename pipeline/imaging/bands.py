"""Labelling and dilation of a mask worked only on the bands of rows that hold its ink (pure).

OpenCV's labelling costs the same for every pixel, inked or not: a page's long strokes, its
coloured ink, even its typed lines (blank rows between them) leave most rows empty. A band of
rows holds whole components (none crosses an empty row), so each band is labelled apart, and
the results are the whole image's exactly.
"""

from __future__ import annotations

import cv2
import numpy as np

# Labelling band by band pays once the bands are this share of the image or less.
MAX_SHARE = 0.6
# Inked rows this close are one band (fewer calls, the same components).
BAND_GAP = 16


def ink_bands(mask: np.ndarray, reach: int = 0, gap: int = BAND_GAP
              ) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) boxes, top to bottom, holding every nonzero pixel of a 2-D `mask` and
    every pixel within `reach` of one: runs of inked rows (runs fewer than `gap` rows apart
    joined, or closer than their reach), each cut to its inked columns. Boxes start on even
    coordinates and share no rows; no pixel within `reach` of one box's ink lies in another."""
    h, w = mask.shape
    rows = np.flatnonzero(mask.max(axis=1))  # numpy's reduction: cv2.reduce is far slower
    if not len(rows):
        return []
    # A new run where the next inked row is too far for the two grown runs to meet.
    cut = np.flatnonzero(np.diff(rows) > max(gap, 2 * reach + 1))
    starts, ends = rows[np.r_[0, cut + 1]], rows[np.r_[cut, len(rows) - 1]] + 1
    boxes = []
    for a, b in zip(starts.tolist(), ends.tolist()):
        y0, y1 = max(0, a - reach), min(h, b + reach)
        cols = np.flatnonzero(mask[a:b].max(axis=0))
        x0, x1 = max(0, int(cols[0]) - reach), min(w, int(cols[-1]) + 1 + reach)
        boxes.append((x0 - x0 % 2, y0 - y0 % 2, x1, y1))
    return boxes


def row_bands(mask: np.ndarray, reach: int = 0) -> list[tuple[int, int]] | None:
    """(y0, y1) of `ink_bands` (grown by `reach` rows), whole rows, or None when they are more
    than MAX_SHARE of the rows (one pass over the image is then as cheap)."""
    bands = [(y0, y1) for _, y0, _, y1 in ink_bands(mask, reach)]
    return None if sum(y1 - y0 for y0, y1 in bands) > MAX_SHARE * mask.shape[0] else bands


def labelled(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(n, labels, stats) of `cv2.connectedComponentsWithStats(mask, connectivity=8)` for a
    2-D uint8 mask: the same labels and component rows (row 0, the background's, is not for
    use), worked band by band (`ink_bands`) when the bands are a small part of the image.

    OpenCV numbers components in the raster order of the 2x2 blocks they start in. Bands on
    that block grid, with no block row in common and taken top to bottom, number them as the
    whole image does once each band's labels follow the bands above.
    """
    bands = _sparse_bands(mask)
    if bands is None:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        return n, labels, stats
    labels = np.zeros(mask.shape, np.int32)
    n, stats = _by_band(mask, bands, labels)
    return n, labels, stats


def component_stats(mask: np.ndarray) -> np.ndarray:
    """The stats rows of `labelled(mask)` (row 0 not for use), without a page-sized label image."""
    bands = _sparse_bands(mask)
    if bands is None:
        return cv2.connectedComponentsWithStats(mask, connectivity=8)[2]
    return _by_band(mask, bands, None)[1]


def _sparse_bands(mask: np.ndarray) -> list[tuple[int, int, int, int]] | None:
    """`ink_bands(mask)`, or None when they cover more than MAX_SHARE of the image (one
    whole-image call is then as cheap)."""
    bands = ink_bands(mask)
    return None if sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in bands) > MAX_SHARE * mask.size else bands


def _by_band(mask: np.ndarray, bands: list[tuple[int, int, int, int]],
             labels: np.ndarray | None) -> tuple[int, np.ndarray]:
    """(n, stats) of `mask` labelled band by band, the labels written to `labels` if given."""
    rows = [np.array([[0, 0, mask.shape[1], mask.shape[0], mask.size]], np.int32)]
    n = 1
    for x0, y0, x1, y1 in bands:
        k, box, stats, _ = cv2.connectedComponentsWithStats(
            np.ascontiguousarray(mask[y0:y1, x0:x1]), connectivity=8)
        if labels is not None:
            if n > 1:
                np.add(box, n - 1, out=box, where=box > 0)
            labels[y0:y1, x0:x1] = box
        stats = stats[1:]
        stats[:, cv2.CC_STAT_LEFT] += x0
        stats[:, cv2.CC_STAT_TOP] += y0
        rows.append(stats)
        n += k - 1
    return n, np.vstack(rows)


def dilate_sparse(src: np.ndarray, kernel: np.ndarray, out: np.ndarray) -> None:
    """OR `cv2.dilate(src, kernel)` (default anchor and border) into `out`, worked only on the
    bands of `src` grown by the kernel's reach: elsewhere the dilation is 0, and every pixel
    of `src` a band's pixels reach lies in that band."""
    reach = max(kernel.shape)
    for x0, y0, x1, y1 in ink_bands(src, reach):
        box = out[y0:y1, x0:x1]
        cv2.bitwise_or(box, cv2.dilate(src[y0:y1, x0:x1], kernel), dst=box)
