"""Stage 'normalize' (placeholder until its issue lands: passes the page through unchanged)."""

from __future__ import annotations

from pipeline.model import Page
from pipeline.settings import Context

NAME = "normalize"
VERSION = "0"


def apply(page: Page, ctx: Context) -> Page:
    """Return the page unchanged."""
    return page
