"""Draw one line of a page as ink: typewritten glyphs on a fixed pitch with per-glyph baseline
jitter, uneven strike and worn or filled letters, mixed with the printed form's typeset text.

A line is a list of segments `(text, kind)`: kind `typed` (typewriter), `printed`,
`printed-bold`, `title` (the form's print) or `gap` (blank space of `text` pixels, read as one
space). The result is an ink-density patch (float32, 0..1) and where it sits.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from pipeline.synth import fonts


@dataclass(frozen=True)
class TypeStyle:
    """How one page is typed and printed (sizes in pixels)."""

    pitch: float          # typewriter advance per character
    type_font: str        # font file (relative) of the typewriter
    type_size: int
    printed_font: str
    printed_bold: str
    printed_size: int
    title_size: int
    jitter: float         # sd of per-glyph baseline offset
    strike_sd: float      # sd of per-glyph ink density
    ink: float            # mean ink density of a keystroke
    filled_prob: float    # share of glyphs struck so hard their counters fill
    worn: float           # 0..1, how much of the ribbon's ink is missing in specks


def segment_text(segments: list[tuple[str, str]]) -> str:
    """The text a reader transcribes from the segments (a gap reads as one space)."""
    return "".join(" " if kind == "gap" else text for text, kind in segments)


def _printed_font(style: TypeStyle, kind: str):
    if kind == "printed":
        return fonts.load(style.printed_font, style.printed_size)
    if kind == "printed-bold":
        return fonts.load(style.printed_bold, style.printed_size)
    return fonts.load(style.printed_bold, style.title_size)


def segment_width(style: TypeStyle, text: str, kind: str) -> float:
    """Width in pixels that a segment takes on the line."""
    if kind == "gap":
        return float(text)
    if kind == "typed":
        return len(text) * style.pitch
    font = _printed_font(style, kind)
    rel = style.printed_font if kind == "printed" else style.printed_bold
    return sum(font.getlength(ch) if fonts.has_glyph(rel, ch)
               else fonts.load(fonts.PRINT_FALLBACK, font.size).getlength(ch) for ch in text)


def line_width(style: TypeStyle, segments: list[tuple[str, str]]) -> float:
    """Width in pixels of a whole line."""
    return sum(segment_width(style, t, k) for t, k in segments)


def render_line(style: TypeStyle, segments: list[tuple[str, str]],
                rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Ink patch of one line and the baseline's y inside it; the line starts at patch x = pad.

    The pad equals `pad_of(style)` on every side, so callers place the patch at
    (x - pad, baseline - baseline_in_patch).
    """
    pad = pad_of(style)
    width = int(np.ceil(line_width(style, segments))) + 2 * pad
    height = int(style.title_size * 1.6) + 2 * pad
    baseline = pad + style.title_size * 1.1
    canvas = Image.new("L", (max(width, 1), height), 0)
    draw = ImageDraw.Draw(canvas)
    type_font = fonts.load(style.type_font, style.type_size)
    x = float(pad)
    for text, kind in segments:
        if kind == "gap":
            x += float(text)
            continue
        if kind == "typed":
            for ch in text:
                if not ch.isspace():
                    _strike(draw, ch, x, baseline, style, type_font, rng)
                x += style.pitch
            continue
        x = _print(draw, text, x, baseline, style, kind)
    patch = np.asarray(canvas, dtype=np.float32) / 255.0
    _uneven_strike(patch, baseline, style, rng)
    if style.worn > 0:
        patch *= _ribbon_texture(patch.shape, style.worn, rng)
    return patch, baseline


def _print(draw: ImageDraw.ImageDraw, text: str, x: float, baseline: float, style: TypeStyle,
           kind: str) -> float:
    # Typeset print; characters the face lacks (e.g. the subscript '₂') come from DejaVu Sans.
    font = _printed_font(style, kind)
    rel = style.printed_font if kind == "printed" else style.printed_bold
    for ch in text:
        f = font if fonts.has_glyph(rel, ch) else fonts.load(fonts.PRINT_FALLBACK, font.size)
        if not ch.isspace():
            draw.text((x, baseline), ch, font=f, fill=235, anchor="ls")
        x += f.getlength(ch)
    return x


def pad_of(style: TypeStyle) -> int:
    """Margin around a line patch that holds jitter and descenders."""
    return int(style.type_size * 0.5) + 4


def _strike(draw: ImageDraw.ImageDraw, ch: str, x: float, baseline: float, style: TypeStyle,
            font, rng: np.random.Generator) -> None:
    # A typebar never lands twice alike: the glyph shifts a little and strikes harder or softer.
    dy = rng.normal(0.0, style.jitter)
    dx = rng.normal(0.0, style.jitter * 0.5)
    ink = float(np.clip(rng.normal(style.ink, style.strike_sd), 0.35, 1.0))
    if not fonts.has_glyph(style.type_font, ch):
        font = fonts.load(fonts.FALLBACK, style.type_size)
    # Glyphs are centred in the pitch cell, as a typewriter's slugs are.
    advance = font.getlength(ch)
    gx = x + (style.pitch - advance) / 2 + dx
    stroke = 1 if rng.random() < style.filled_prob else 0
    draw.text((gx, baseline + dy), ch, font=font, fill=int(255 * ink), anchor="ls",
              stroke_width=stroke, stroke_fill=int(255 * ink))


def _uneven_strike(patch: np.ndarray, baseline: float, style: TypeStyle,
                   rng: np.random.Generator) -> None:
    # Typebars out of true print one edge of a letter fainter than the other; the tilt drifts
    # slowly along the line, so neighbouring letters share it (in place).
    h, w = patch.shape
    knots = rng.normal(0.0, min(0.6, style.strike_sd * 4), max(2, w // int(style.pitch * 6) + 2))
    tilt = np.interp(np.arange(w), np.linspace(0, w - 1, len(knots)), knots).astype(np.float32)
    rows = ((np.arange(h, dtype=np.float32) - (baseline - style.type_size * 0.35))
            / max(1.0, style.type_size * 0.7))
    patch *= np.clip(1.0 + tilt[None, :] * rows[:, None], 0.5, 1.0)


def _ribbon_texture(shape: tuple[int, int], worn: float, rng: np.random.Generator) -> np.ndarray:
    # A worn ribbon leaves specks without ink: smooth noise thresholded into holes.
    noise = rng.random(shape, dtype=np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), 1.1)
    noise = (noise - noise.mean()) / (noise.std() + 1e-6)
    holes = np.clip((noise - (1.6 - 1.6 * worn)) * 1.5, 0.0, 1.0)
    return 1.0 - holes
