"""Stage 'assemble': the page's typed text, one line per typed line, blocks in reading order.

Only regions of type "text" count (stamps and handwriting keep their readings to themselves);
they are already in reading order (layout's XY-cut), so a block is read whole before the next.
"""

from __future__ import annotations

from pipeline.model import Page
from pipeline.settings import Context

NAME = "assemble"
VERSION = "1"


def apply(page: Page, ctx: Context) -> Page:
    """Set `page.text` from the text regions' lines."""
    lines = [ln.text for r in page.regions_of("text") for ln in r.lines if ln.text.strip()]
    page.text = "\n".join(lines)
    ctx.note(lines=len(lines), regions=len(page.regions_of("text")))
    return page
