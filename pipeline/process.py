"""One page through the chain of stages: load -> ... -> fields. No I/O beyond loading.

Every stage module in `pipeline.stages` exposes `NAME`, `VERSION` and
`apply(page, ctx) -> page`; this module times each one and records its provenance.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.model import Page, Step
from pipeline.settings import Context

# Order matters: geometry first, then ink separation, then text.
CHAIN: tuple[str, ...] = (
    "orient",     # whole-page rotation 0/90/180/270
    "deskew",     # small-angle skew
    "clean",      # grayscale, illumination, binarisation
    "marks",      # stamps and handwriting: own regions, their ink masked out of the text
    "layout",     # typed text blocks and lines, reading order
    "recognize",  # OCR of the typed blocks
    "assemble",   # page text in reading order
    "normalize",  # text_normalized
    "fields",     # form profile fields
)


@dataclass(frozen=True)
class StageSpec:
    name: str
    version: str
    apply: Callable[[Page, Context], Page]


def load_chain(names: tuple[str, ...] = CHAIN) -> list[StageSpec]:
    """Import the stage modules named in `names`, in order."""
    specs = []
    for name in names:
        mod = importlib.import_module(f"pipeline.stages.{name}")
        specs.append(StageSpec(mod.NAME, mod.VERSION, mod.apply))
    return specs


def run_stages(page: Page, ctx: Context, chain: list[StageSpec]) -> Page:
    """Run `page` through `chain`, appending a `Step` for each stage."""
    for spec in chain:
        ctx.params = {}
        t0 = time.perf_counter()
        page = spec.apply(page, ctx)
        page.steps.append(Step(spec.name, dict(ctx.params), time.perf_counter() - t0, spec.version))
    return page
