"""The plain-text output: the page's typed text, one line per typed line."""

from __future__ import annotations

from pipeline.model import Page


def page_to_text(page: Page) -> str:
    """The diplomatic typed text of the page, ending with a newline when not empty."""
    return page.text + ("\n" if page.text and not page.text.endswith("\n") else "")
