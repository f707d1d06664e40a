"""`python -m pipeline run` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from pipeline.errors import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'run' sub-command."""
    sub.add_parser("run", help="not implemented yet")


def main(args: argparse.Namespace) -> int:
    """Run the command."""
    raise UsageError("'run' is not implemented yet")
