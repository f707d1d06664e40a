"""Stage 'normalize': fill `text_normalized` from the diplomatic `text` with the shared normaliser.

The diplomatic `text` is left exactly as typed; the normalised layer joins letter-spaced words,
maps the typewriter's `"` inside a word to `ъ`, unifies quotes and dashes and joins line-end
hyphenation (see `pipeline.evaluation.normalize`), so evaluation and output agree by construction.
"""

from __future__ import annotations

from pipeline.evaluation.normalize import normalize
from pipeline.model import Page
from pipeline.settings import Context

NAME = "normalize"
VERSION = "1"
MODE = "normalized"


def apply(page: Page, ctx: Context) -> Page:
    """Set `page.text_normalized` to the normalised form of `page.text`; `text` is untouched."""
    page.text_normalized = normalize(page.text, MODE) if page.text else ""
    ctx.note(mode=MODE)
    return page
