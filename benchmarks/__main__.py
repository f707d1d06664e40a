"""Run every benchmark section and rewrite BENCHMARKS.md.

Each section is a module `benchmarks/<name>.py` with `TITLE` and `run(work: Path) -> str`
returning Markdown. `python -m benchmarks [NAME ...]` runs only the named sections and
keeps the others' last text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["core", "layout", "fields", "real", "evaluation", "batch"]
OUT = ROOT / "BENCHMARKS.md"
WORK = ROOT / "bench-work"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _old_sections() -> dict[str, str]:
    if not OUT.exists():
        return {}
    parts = re.split(r"^<!-- section: (\w+) -->\n", OUT.read_text(), flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _parse(argv: list[str]) -> list[str]:
    """The sections to run: those named, or all; a name that is none of them (or `--help`)
    ends the program before anything runs or BENCHMARKS.md is touched."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run the named benchmark sections (default: all) and rewrite BENCHMARKS.md; "
                    "sections not named keep their last text.")
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"one of {', '.join(SECTIONS)}")
    named = parser.parse_args(argv).sections
    unknown = [n for n in named if n not in SECTIONS]
    if unknown:  # (not `choices=`: Python 3.11's argparse refuses an empty list with it)
        parser.error(f"no such section: {', '.join(unknown)} (choose from {', '.join(SECTIONS)})")
    return named or SECTIONS


def main(argv: list[str]) -> int:
    wanted = _parse(argv)
    old = _old_sections()
    WORK.mkdir(exist_ok=True)
    texts = {}
    for name in SECTIONS:
        if name not in wanted:
            if name in old:
                texts[name] = old[name]
            continue
        try:
            mod = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            continue
        print(f"== benchmark section: {name}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        body = mod.run(WORK / name)
        took = time.perf_counter() - t0
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        texts[name] = (f"## {mod.TITLE}\n\n_Measured {stamp} by `python -m benchmarks {name}` "
                       f"(part of `make bench`), {took / 60:.1f} min._\n\n{body.strip()}\n\n")
    head = (
        "# Benchmarks\n\n"
        "Rewritten by `make bench` (or `.venv/bin/python -m benchmarks [SECTION ...]`).\n\n"
        f"- machine: {os.cpu_count()} cores (`nproc`), CPU: {_cpu_model()}, "
        f"Python {platform.python_version()}\n"
        f"- last written: {dt.date.today().isoformat()}\n"
        "- these machines are shared and noisy: figures are medians and ratios measured side by "
        "side in one run.\n\n"
    )
    OUT.write_text(head + "".join(f"<!-- section: {n} -->\n{texts[n]}" for n in SECTIONS if n in texts))
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
