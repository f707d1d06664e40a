"""The committed sample scans are exactly what `make scans` writes (byte for byte)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.synth.samples import SAMPLES, render_sample

SCANS = Path(__file__).resolve().parents[2] / "scans"


@pytest.mark.parametrize("name", list(SAMPLES))
def test_committed_sample_is_regenerated_byte_for_byte(name):
    page = render_sample(name)
    image = SCANS / f"{name}.{page.ext}"
    assert image.exists(), f"{image} missing: run `make scans`"
    assert (SCANS / f"{name}.gt.txt").read_text(encoding="utf-8") == page.gold
    assert json.loads((SCANS / f"{name}.truth.json").read_text(encoding="utf-8")) == json.loads(
        json.dumps(page.truth))
    assert image.read_bytes() == page.encode()


def test_samples_cover_the_seed_telegram_four_ways_and_its_translation():
    options = [opts for _, opts in SAMPLES.values()]
    seed_ru = {o["profile"] for o in options if o.get("document") == "seed-ru"}
    assert {"clean", "skewed", "heavy", "gray"} <= seed_ru
    assert any(o.get("document") == "seed-en" for o in options)
    assert 6 <= len(SAMPLES) <= 10
    for name in SAMPLES:
        for path in SCANS.glob(f"{name}.*"):
            assert path.stat().st_size < 3_000_000, path
