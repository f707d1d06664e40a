"""A run's output folder read back with what may differ between two runs blanked (timings, dates)."""

import json
import re
from pathlib import Path

TIMINGS = [  # what may differ between two runs: how long steps took, when a file was made
    (re.compile(r'"seconds": [0-9.eE+-]+'), '"seconds": 0'),
    (re.compile(r'type="seconds" value="[0-9.eE+-]+"'), 'type="seconds" value="0"'),
    (re.compile(r"<(Created|LastChange)>[^<]*</"), r"<\1>T</"),
]


def outputs(out: Path, *, summary: bool) -> dict[str, str]:
    """Every file of `out` by name, timings blanked; summary.json only when `summary` is true."""
    got = {}
    for p in sorted(out.iterdir()):
        if p.name == "summary.json" and not summary:
            continue
        text = p.read_text()
        if p.name == "summary.json":
            data = json.loads(text)
            data.pop("seconds")
            text = json.dumps(data, sort_keys=True)
        for pattern, repl in TIMINGS:
            text = pattern.sub(repl, text)
        got[p.name] = text
    return got
