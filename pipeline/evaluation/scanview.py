"""The scan side of a page view: a downscaled image as a data URI and the shapes drawn on it."""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from pipeline.evaluation.diffview import LOW_CONFIDENCE

log = logging.getLogger(__name__)

MAX_SIDE = 1400  # pixels of the embedded preview: enough to read a line, small enough to embed

# Layers of the view; each can be switched on and off.
LAYERS = {"text": "typed lines", "stamp": "stamps", "handwriting": "handwriting",
          "other": "other regions", "lowconf": f"low-confidence words (< {LOW_CONFIDENCE:.0%})"}


@dataclass(frozen=True)
class Shape:
    """A box to draw, in original-image pixels; `layer` is a key of LAYERS."""

    layer: str
    bbox: tuple[float, float, float, float]
    label: str

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


def resolve_scan(source_path: str, json_dir: Path) -> Path | None:
    """The scan named by a page JSON's `source.path`: as given, else beside the JSON; or None."""
    if not source_path:
        return None
    path = Path(source_path)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, json_dir / path]
    return next((c for c in candidates if c.is_file()), None)


def _open_page(path: Path, page: int) -> Image.Image:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium  # only PDFs need it

        pdf = pdfium.PdfDocument(str(path))
        try:
            pdf_page = pdf[page - 1]
            scale = MAX_SIDE / max(pdf_page.get_size())
            return pdf_page.render(scale=scale).to_pil()
        finally:
            pdf.close()
    img = Image.open(path)
    if page > 1:
        img.seek(page - 1)
    return img


def preview_data_uri(path: Path, page: int = 1, max_side: int = MAX_SIDE) -> str | None:
    """A JPEG data URI of page `page` of the scan, longest side at most `max_side`; None if unreadable."""
    try:
        img = _open_page(path, page)
        img.load()
        if img.mode.startswith(("I", "F")):
            # 16-bit and float scans: stretch to 8 bits (Pillow's convert would clip at 255).
            arr = np.asarray(img, dtype=np.float64)
            img = Image.fromarray((arr * (255.0 / max(float(arr.max()), 1.0))).astype(np.uint8))
        elif img.mode not in ("RGB", "L"):
            img = img.convert("RGB")  # CMYK, palette, 1-bit, alpha
        img.thumbnail((max_side, max_side))
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=80)
    except (OSError, ValueError, EOFError) as exc:
        log.warning("cannot preview %s: %s", path, exc)
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _box(values: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    return (x0, y0, x1, y1) if x1 >= x0 and y1 >= y0 else None


def shapes(page: dict[str, Any], low_confidence: float = LOW_CONFIDENCE) -> list[Shape]:
    """The boxes of a page JSON to draw: typed lines, stamps, handwriting, others, weak words."""
    out: list[Shape] = []
    for region in page.get("regions") or []:
        kind = str(region.get("type") or "")
        conf = float(region.get("confidence") or 0.0)
        if kind == "text":
            for line in region.get("lines") or []:
                box = _box(line.get("bbox"))
                if box:
                    out.append(Shape("text", box, f"{region.get('id', '')}: {line.get('text', '')}"))
                for word in line.get("words") or []:
                    wbox = _box(word.get("bbox"))
                    wconf = float(word.get("confidence", 1.0))
                    if wbox and wconf < low_confidence:
                        out.append(Shape("lowconf", wbox, f"{word.get('text', '')} ({wconf:.0%})"))
            continue
        box = _box(region.get("bbox"))
        if box:
            layer = kind if kind in ("stamp", "handwriting") else "other"
            reading = region.get("text") or ""
            out.append(Shape(layer, box, f"{kind} {region.get('id', '')} ({conf:.0%}) {reading}".strip()))
    return out
