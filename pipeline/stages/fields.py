"""Stage 'fields': read the form's structured fields with the best-matching (or chosen) profile.

A page no profile matches gets empty fields, not an error; fields a person should check
(not found, low confidence) are added to the page's review list.
"""

from __future__ import annotations

import functools

from pipeline.engines.tesseract import TesseractEngine, shared_engine
from pipeline.errors import MissingDependencyError, UsageError
from pipeline.fields.extract import choose_profile, extract
from pipeline.fields.reread import digit_engine
from pipeline.model import Page
from pipeline.profiles import builtin_profiles
from pipeline.settings import Context

NAME = "fields"
VERSION = "32"


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
    # The digits of numbers and times are read again from the page image when the page was
    # read by Tesseract (not from text alone, nor by a test's stand-in engine).
    engine = reader = None
    if isinstance(ctx.engine, TesseractEngine) and page.masks.get("gray") is not None:
        try:
            engine = digit_engine(ctx.settings.timeout)
        except MissingDependencyError:
            engine = None  # no English model: the page's reading stands
        # a sender lost under a signature is read again, with the model its profile names
        reader = functools.partial(shared_engine, timeout=ctx.settings.timeout)
    page.fields, review = extract(page, profile, engine, reader)
    page.review.extend(review)
    found = sum(1 for f in page.fields.values() if f.value not in (None, []))
    reread = sum(1 for r in review if "read again alone" in r.reason)
    reshaped = sum(1 for r in review if "the shape of " in r.reason)
    senders = sum(1 for r in review if "above the copy count, read again" in r.reason)
    ctx.note(profile=profile.name, match=round(score, 3), found=found, of=len(page.fields),
             digits_reread=reread, digits_reshaped=reshaped, senders_reread=senders)
    return page
