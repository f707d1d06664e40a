"""Rubber stamps: round ones with text on the circle, rectangular ones, folio numbers.

Each returns an ink-density patch (float32, 0..1) with the uneven inking of a hand-pressed
stamp (one side lighter, blotches, gaps) and the text a reader would transcribe from it.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from pipeline.synth import fonts

RU_MONTH_ABBR = ("ЯНВ", "ФЕВ", "МАР", "АПР", "МАЙ", "ИЮН", "ИЮЛ", "АВГ", "СЕН", "ОКТ", "НОЯ", "ДЕК")
RING_TEXTS = ("МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ СССР", "МИД СССР * ДЕСЯТЫЙ ОТДЕЛ",
              "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ * ЭКСПЕДИЦИЯ", "СЕКРЕТАРИАТ МИД СССР")
CENTRE_TEXTS = ("ДЛЯ ПАКЕТОВ", "ЭКСПЕДИЦИЯ", "№ 3", "№ 7", "ОБЩИЙ ОТДЕЛ")
RECT_HEADS = ("СЕКРЕТАРИАТ МИД СССР", "ДЕСЯТЫЙ ОТДЕЛ", "ПОЛУЧЕНО", "ВХОДЯЩИЙ")


def _inking(shape: tuple[int, int], rng: np.random.Generator, strength: float) -> np.ndarray:
    # A stamp pressed unevenly: a gradient across it, blotches, and small uninked gaps.
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    grad = (np.cos(angle) * (xx / max(w, 1) - 0.5) + np.sin(angle) * (yy / max(h, 1) - 0.5))
    field = 1.0 - rng.uniform(0.2, 0.7) * (grad + 0.5)
    coarse = rng.random((max(2, h // 14), max(2, w // 14))).astype(np.float32)
    blot = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    fine = cv2.GaussianBlur(rng.random((h, w), dtype=np.float32), (0, 0), 1.0)
    gaps = (fine < np.quantile(fine, rng.uniform(0.05, 0.2))).astype(np.float32)
    return np.clip(strength * field * (0.65 + 0.5 * blot) * (1.0 - 0.85 * gaps), 0.0, 1.0)


def _rotate(patch: np.ndarray, angle: float) -> np.ndarray:
    h, w = patch.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(patch, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=0)


def round_stamp(dpi: int, rng: np.random.Generator, *, ring: str | None = None,
                centre: str | None = None) -> tuple[np.ndarray, str]:
    """A round stamp about 40 mm across: text on the circle, a line in the middle."""
    ring = ring or str(rng.choice(RING_TEXTS))
    centre = centre or str(rng.choice(CENTRE_TEXTS))
    d = int(rng.uniform(36, 42) / 25.4 * dpi)
    size = d + 8
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c = size / 2
    r_out = d / 2
    line = max(2, int(d * 0.018))
    draw.ellipse([c - r_out, c - r_out, c + r_out, c + r_out], outline=255, width=line)
    r_in = r_out * 0.70
    draw.ellipse([c - r_in, c - r_in, c + r_in, c + r_in], outline=255, width=max(1, line // 2))
    font_rel = fonts.STAMP[str(rng.choice(list(fonts.STAMP)))]
    glyph_size = int((r_out - r_in) * 0.62)
    font = fonts.load(font_rel, glyph_size)
    text = ring + " * "
    r_text = (r_out + r_in) / 2 - glyph_size * 0.35
    step = 360.0 / len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            continue
        angle = -90 + i * step  # clockwise from the top
        g = Image.new("L", (glyph_size * 2, glyph_size * 2), 0)
        ImageDraw.Draw(g).text((glyph_size, glyph_size), ch, font=font, fill=255, anchor="mm")
        g = g.rotate(-(angle + 90), resample=Image.BICUBIC)
        gx = c + r_text * np.cos(np.radians(angle)) - glyph_size
        gy = c + r_text * np.sin(np.radians(angle)) - glyph_size
        img.paste(255, (int(gx), int(gy)), g)
    cfont = fonts.load(font_rel, int(glyph_size * 0.95))
    while cfont.getlength(centre) > r_in * 1.7 and cfont.size > 8:
        cfont = fonts.load(font_rel, cfont.size - 2)
    draw.text((c, c), centre, font=cfont, fill=255, anchor="mm")
    patch = np.asarray(img, np.float32) / 255.0
    patch *= _inking(patch.shape, rng, rng.uniform(0.75, 0.95))
    return _rotate(patch, rng.uniform(-40, 40)), f"{ring}\n{centre}"


def rect_stamp(dpi: int, rng: np.random.Generator, when=None, number: str | None = None
               ) -> tuple[np.ndarray, str]:
    """A rectangular registration stamp: a heading, an incoming number and a date."""
    head = str(rng.choice(RECT_HEADS))
    number = number or str(int(rng.integers(100, 9999)))
    if when is None:
        day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), 1950
    else:
        day, month, year = when.day, when.month, when.year
    lines = [head, f"Вх. № {number}", f"{day} {RU_MONTH_ABBR[month - 1]} {year}"]
    font_rel = fonts.STAMP[str(rng.choice(list(fonts.STAMP)))]
    fsize = int(rng.uniform(3.0, 3.8) / 25.4 * dpi)
    font = fonts.load(font_rel, fsize)
    pad = int(fsize * 0.6)
    w = int(max(font.getlength(s) for s in lines) + 2 * pad)
    lh = int(fsize * 1.35)
    h = lh * len(lines) + 2 * pad
    img = Image.new("L", (w + 8, h + 8), 0)
    draw = ImageDraw.Draw(img)
    draw.rectangle([4, 4, 4 + w, 4 + h], outline=255, width=max(2, fsize // 10))
    for i, s in enumerate(lines):
        draw.text((4 + w / 2, 4 + pad + lh * i + lh / 2), s, font=font, fill=255, anchor="mm")
    patch = np.asarray(img, np.float32) / 255.0
    patch *= _inking(patch.shape, rng, rng.uniform(0.7, 0.95))
    return _rotate(patch, rng.uniform(-12, 12)), "\n".join(lines)


def folio_stamp(dpi: int, rng: np.random.Generator, number: str) -> tuple[np.ndarray, str]:
    """A numbering-machine folio number (e.g. '55') for the sheet's top corner."""
    font_rel = fonts.STAMP[str(rng.choice(list(fonts.STAMP)))]
    fsize = int(rng.uniform(5.0, 7.0) / 25.4 * dpi)
    font = fonts.load(font_rel, fsize)
    w = int(font.getlength(number) + fsize)
    img = Image.new("L", (w, int(fsize * 1.8)), 0)
    ImageDraw.Draw(img).text((w / 2, fsize * 0.9), number, font=font, fill=255, anchor="mm")
    patch = np.asarray(img, np.float32) / 255.0
    patch *= _inking(patch.shape, rng, rng.uniform(0.75, 0.95))
    return _rotate(patch, rng.uniform(-4, 4)), number
