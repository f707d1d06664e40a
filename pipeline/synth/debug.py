"""A picture of a page's truth: every region's box drawn over the scan, for eyes only."""

from __future__ import annotations

from pathlib import Path

from PIL import ImageDraw

from pipeline.fileio import atomic_write_bytes

COLOURS = {"text": (0, 160, 0), "stamp": (220, 0, 120), "handwriting": (0, 90, 255)}


def write_overlay(page, path: Path) -> None:
    """Write the page with its truth boxes drawn (green typed lines, magenta stamps, blue hand)."""
    import io
    img = page.image.convert("RGB")
    draw = ImageDraw.Draw(img)
    for reg in page.truth["regions"]:
        x0, y0, x1, y1 = reg["bbox"]
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=COLOURS.get(reg["type"], (255, 0, 0)), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    atomic_write_bytes(Path(path), buf.getvalue())
