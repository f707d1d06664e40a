"""Run settings shared by every stage, and the per-run context that stages receive."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Settings:
    """What a run was asked to do. Everything that changes a page's output belongs here."""

    lang: str = "rus+eng"
    pdf_dpi: int = 300
    timeout: float | None = 600.0  # seconds per page
    profile: str | None = None  # form profile name; None = choose by match
    overlay: bool = False
    max_pixels: int = 200_000_000  # refuse larger pages (decompression bombs)
    # Read again, at two more scales, the lines the first reading is in doubt about, and let
    # each take the reading nearest the other two (`pipeline.vote`): on dev pages (seeds
    # 1000-1011) fewer errors in eight classes of nine, skewed +0.04 (clean with marks 1.49
    # -> 1.18% CER, heavy 3.74 -> 2.97) for about 0.65 s more a page in recognize.
    # `run --no-vote` reads once.
    vote: bool = True

    def fingerprint(self) -> str:
        """A short hash of every output-relevant setting, for resume decisions."""
        data = {k: v for k, v in asdict(self).items() if k not in ("timeout",)}
        blob = json.dumps(data, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@dataclass
class Context:
    """What a stage may use besides the page: settings, the engine, and a place for params.

    Stages record the parameters they chose with `note(...)`; the runner moves them into the
    page's `steps` after each stage.
    """

    settings: Settings
    engine: Any = None  # an OCR engine (see pipeline.engines); injectable for tests
    params: dict[str, Any] = field(default_factory=dict)

    def note(self, **params: Any) -> None:
        """Record parameters of the stage that is running, for provenance."""
        self.params.update(params)
