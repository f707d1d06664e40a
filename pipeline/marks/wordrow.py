"""A one-line black "stamp" that is a word of a typed or printed row.

A form's printed labels (`Кому`, the `Тов.` of a copy list) are set in a bold serif type whose
letters touch: one component, larger than a typed letter, that the classifier may call a
stamp. Such a word shares its row with glyphs of its own height, beside it and lined up on
its band, as text does. A real monochrome stamp is framed or ringed, or taller than the row
beside it (a round or office stamp spans several typed lines), or stands apart from the
typing (a folio number in the top margin).
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.model import BBox

# A glyph of the word's row is at least this share of the word's height (letters, not specks
# or stops) and at most its inverse: a row is set in one size, give or take a descender or a
# capital beside small letters.
ROW_GLYPH_SHARE = 0.6
# It shares the word's band: their heights overlap by this share of the shorter one.
ROW_BAND_OVERLAP = 0.6
# It stands within this many of the word's heights of its box, left or right (the next letters
# or words of the row, not another column), and reaches at most this share of a height into
# the box (a kerned or touching capital).
ROW_REACH = 3.0
ROW_TOUCH = 0.5
# Glyphs of the row beside the word that make it text: two, as a list item's number and
# capital before its printed `Тов.` (a stamp has no row of letters its own size beside it).
ROW_MIN_GLYPHS = 2


def row_glyphs(stats: np.ndarray, lab: list[int], box: BBox) -> np.ndarray:
    """Labels of `stats` (x0, y0, w, h, area rows; row 0 background), not among `lab`, that
    are glyphs of the same row as the box `box` and beside it (ROW_GLYPH_SHARE,
    ROW_BAND_OVERLAP, ROW_REACH, ROW_TOUCH)."""
    x0, y0 = stats[:, cv2.CC_STAT_LEFT].astype(float), stats[:, cv2.CC_STAT_TOP].astype(float)
    w, h = stats[:, cv2.CC_STAT_WIDTH].astype(float), stats[:, cv2.CC_STAT_HEIGHT].astype(float)
    bh = max(box.height, 1.0)
    like = ((stats[:, cv2.CC_STAT_AREA] > 0) & (h >= ROW_GLYPH_SHARE * bh)
            & (h <= bh / ROW_GLYPH_SHARE))
    band = np.minimum(y0 + h, box.y1) - np.maximum(y0, box.y0)
    lined = band >= ROW_BAND_OVERLAP * np.minimum(h, bh)
    gap = np.maximum(box.x0 - (x0 + w), x0 - box.x1)
    side = (x0 + w <= box.x0 + ROW_TOUCH * bh) | (x0 >= box.x1 - ROW_TOUCH * bh)
    beside = side & (gap <= ROW_REACH * bh)
    ok = like & lined & beside
    ok[0] = False
    ok[np.asarray(lab, np.intp)] = False
    return np.flatnonzero(ok)


def word_in_row(stats: np.ndarray, lab: list[int], box: BBox) -> bool:
    """Whether a black stamp detection (components `lab` of `stats`, box `box`) is a word of a
    typed or printed row: ROW_MIN_GLYPHS glyphs of its height on its band beside it."""
    return len(row_glyphs(stats, lab, box)) >= ROW_MIN_GLYPHS
