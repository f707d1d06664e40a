"""`python -m pipeline synth`: write synthetic scans with gold text and ground truth."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from tqdm import tqdm

from pipeline.errors import OutputError, UsageError

log = logging.getLogger(__name__)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'synth' sub-command."""
    from pipeline.synth import ALL_PROFILES, DOCUMENTS, LANGS
    p = sub.add_parser("synth", help="write synthetic scans with gold text and truth regions",
                       description="Write K synthetic archival scans (image, <stem>.gt.txt, "
                                   "<stem>.truth.json). Same seed and options, same bytes.")
    p.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0, help="seed of the first page (default 0)")
    p.add_argument("--count", type=int, default=1, help="number of pages (seeds seed..seed+count-1)")
    p.add_argument("--profile", choices=ALL_PROFILES, default="mixed", help="scan profile")
    p.add_argument("--lang", choices=LANGS, default="ru", help="ru telegram, en translation, or mixed")
    p.add_argument("--document", choices=sorted(DOCUMENTS), help="always this text")
    p.add_argument("--text-file", type=Path, help="type this UTF-8 text instead of a telegram")
    p.add_argument("--no-stamps", action="store_true", help="draw no stamps")
    p.add_argument("--no-handwriting", action="store_true", help="draw no handwriting")
    p.add_argument("--debug-overlay", action="store_true",
                   help="also write <stem>.overlay.png with the truth boxes drawn")
    p.add_argument("--samples", action="store_true",
                   help="write the fixed sample scans of scans/ (ignores the page options)")


def main(args: argparse.Namespace) -> int:
    """Run the command."""
    from pipeline.synth import render_page, write_page
    from pipeline.synth.debug import write_overlay
    from pipeline.synth.samples import render_sample, sample_names

    if args.count < 1:
        raise UsageError("--count must be at least 1")
    if args.seed < 0:
        raise UsageError("--seed must not be negative")
    text = None
    if args.text_file is not None:
        try:
            text = args.text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --text-file: {exc}") from exc
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {args.out}: {exc}") from exc
    if args.samples:
        jobs = [(name, lambda name=name: render_sample(name)) for name in sample_names()]
    else:
        options = dict(profile=args.profile, lang=args.lang, stamps=not args.no_stamps,
                       handwriting=not args.no_handwriting, text=text, document=args.document)
        jobs = [(str(s), lambda s=s: render_page(s, **options))
                for s in range(args.seed, args.seed + args.count)]
    started = time.monotonic()
    for _, make in tqdm(jobs, desc="synth", unit="page", disable=len(jobs) < 2):
        try:
            page = make()
        except ValueError as exc:  # e.g. a --text-file too long for one page
            raise UsageError(str(exc)) from exc
        try:
            path = write_page(page, args.out)
            if args.debug_overlay:
                write_overlay(page, args.out / f"{page.stem}.overlay.png")
        except OSError as exc:
            raise OutputError(f"cannot write into {args.out}: {exc}") from exc
        log.debug("wrote %s", path)
    log.info("wrote %d page(s) to %s in %.1f s", len(jobs), args.out, time.monotonic() - started)
    return 0
