"""Command line: `python -m pipeline run|eval|synth ...`. The only place that exits."""

from __future__ import annotations

import argparse
import logging
import sys

from pipeline.commands import eval as eval_cmd
from pipeline.commands import run as run_cmd
from pipeline.commands import synth as synth_cmd
from pipeline.errors import ExitCode, PipelineError

COMMANDS = {"run": run_cmd, "eval": eval_cmd, "synth": synth_cmd}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per module in `pipeline.commands`."""
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="OCR and transcription of archival scans.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse `argv`, run the command, and map its outcome to an exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(message)s", stream=sys.stderr)
    try:
        return int(COMMANDS[args.command].main(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
