"""`python -m pipeline synth` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from pipeline.errors import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'synth' sub-command."""
    sub.add_parser("synth", help="not implemented yet")


def main(args: argparse.Namespace) -> int:
    """Run the command."""
    raise UsageError("'synth' is not implemented yet")
