"""Synthetic archival scans with exact ground truth (issue 2).

Stable API for tests and benchmarks:

    from pipeline.synth import render_page, generate

    page = render_page(seed, profile="mixed", lang="ru", stamps=True, handwriting=True, text=None)
    page.image   # PIL.Image (RGB, or L for the gray profile)
    page.gold    # typed text, one line per typed line, reading order, ends with a newline
    page.truth   # dict per schemas/truth-1.schema.json plus extra keys (see below)
    page.stem    # e.g. "synth-001234" (non-default options are appended: "-skewed", "-en", ...)
    page.ext     # "png", "jpg" or "tif" (by profile); page.encode() gives the file's bytes

    paths = generate(out_dir, seed, count, **same_options)  # pages seed .. seed+count-1

Same seed and options give identical pixels and bytes. The seed alone picks the document and its
form values, so one seed shows the same telegram under every profile.

Options:
- profile: clean | light | heavy | skewed (|skew| 1.5-7 deg) | rotated (90/180/270 plus small
  skew) | lowdpi (200 dpi) | gray (grayscale, a stamp always present) | mixed (one of those).
- lang: ru (Russian telegram form) | en (English translation page) | mixed.
- stamps / handwriting: draw them or not.
- text: type this free text instead of a telegram (lines wrapped at the margin, blank line =
  new block); `fields` is then empty.
- document (extension): a key of `DOCUMENTS` ("seed-ru", "seed-en", "bank-ru-01", ...).
- overlap (extension): True forces the round stamp over typed text, False keeps it clear.

truth keys: `skew_deg` (of the upright page; positive = lines rise to the right), `rotation`
(clockwise degrees that make the written image upright), `regions` (each: `id`, `type`
text|stamp|handwriting, `bbox` [x0, y0, x1, y1) in the written image's pixels, `text`; text
regions also `order` (reading order = gold line index), `block`, `role`; stamp and handwriting
regions `kind` (folio, round, rect / number, note, signature, underline, tick) and `ink`),
`fields` (issue 6 names; see `texts.fields` for the conventions), `document`, `lang`, `width`,
`height`, `dpi`, `seed`, `stem`, and `render` with every rendering parameter.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.fileio import atomic_write_bytes, atomic_write_json, atomic_write_text
from pipeline.synth.profiles import ALL_PROFILES, PROFILES
from pipeline.synth.render import DOCUMENTS, LANGS, SynthPage, render_page

__all__ = ["ALL_PROFILES", "DOCUMENTS", "LANGS", "PROFILES", "SynthPage", "generate",
           "render_page", "write_page"]


def write_page(page: SynthPage, out_dir: Path) -> Path:
    """Write `<stem>.<ext>`, `<stem>.gt.txt` and `<stem>.truth.json` into `out_dir`; return the image path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    image_path = out_dir / f"{page.stem}.{page.ext}"
    atomic_write_bytes(image_path, page.encode())
    atomic_write_text(out_dir / f"{page.stem}.gt.txt", page.gold)
    atomic_write_json(out_dir / f"{page.stem}.truth.json", page.truth)
    return image_path


def generate(out_dir: Path, seed: int, count: int, **options) -> list[Path]:
    """Render pages `seed` .. `seed + count - 1` with `options` into `out_dir`; return image paths."""
    return [write_page(render_page(s, **options), Path(out_dir)) for s in range(seed, seed + count)]
