"""`python -m pipeline eval` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from pipeline.errors import UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the 'eval' sub-command."""
    sub.add_parser("eval", help="not implemented yet")


def main(args: argparse.Namespace) -> int:
    """Run the command."""
    raise UsageError("'eval' is not implemented yet")
