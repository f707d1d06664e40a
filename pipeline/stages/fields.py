"""Stage 'fields': read the form's structured fields with the best-matching (or chosen) profile.

A page no profile matches gets empty fields, not an error; fields a person should check
(not found, low confidence) are added to the page's review list.
"""

from __future__ import annotations

from pipeline.errors import UsageError
from pipeline.fields.extract import choose_profile, extract
from pipeline.model import Page
from pipeline.profiles import builtin_profiles
from pipeline.settings import Context

NAME = "fields"
VERSION = "2"


def apply(page: Page, ctx: Context) -> Page:
    """Fill `page.fields` (and review items) from the profile `ctx.settings.profile` or the best match."""
    try:
        profile, score = choose_profile(page, builtin_profiles(), ctx.settings.profile)
    except KeyError as exc:
        raise UsageError(str(exc)) from None
    if profile is None:
        page.fields = {}
        ctx.note(profile=None, match=round(score, 3))
        return page
    page.fields, review = extract(page, profile)
    page.review.extend(review)
    found = sum(1 for f in page.fields.values() if f.value not in (None, []))
    ctx.note(profile=profile.name, match=round(score, 3), found=found, of=len(page.fields))
    return page
