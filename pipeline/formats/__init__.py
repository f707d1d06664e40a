"""Writers (and readers) of the page model's file formats.

`write_page` is the single entry the runner calls; each format lives in its own module.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.fileio import atomic_write_bytes, atomic_write_json, atomic_write_text
from pipeline.model import Page


def output_paths(out_dir: Path, stem: str) -> dict[str, Path]:
    """Every file `write_page` writes for one page, by format name."""
    return {
        "json": out_dir / f"{stem}.json",
        "text": out_dir / f"{stem}.txt",
        "alto": out_dir / f"{stem}.alto.xml",
        "pagexml": out_dir / f"{stem}.page.xml",
    }


def write_page(page: Page, out_dir: Path, stem: str) -> list[Path]:
    """Write every per-page output atomically; the JSON last, so its presence means 'done'."""
    from pipeline.formats.alto import page_to_alto
    from pipeline.formats.json import page_to_dict
    from pipeline.formats.pagexml import page_to_pagexml
    from pipeline.formats.text import page_to_text

    paths = output_paths(Path(out_dir), stem)
    atomic_write_text(paths["text"], page_to_text(page))
    atomic_write_bytes(paths["alto"], page_to_alto(page))
    atomic_write_bytes(paths["pagexml"], page_to_pagexml(page))
    atomic_write_json(paths["json"], page_to_dict(page))
    return list(paths.values())
