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
    # Read each page at three scales and let every line take the reading nearest the other
    # two: fewer errors (dev clean 1.93 -> 1.23% CER) for about twice the recognition time.
    vote: bool = False

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
