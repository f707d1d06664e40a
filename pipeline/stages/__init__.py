"""Stages: each module exposes NAME, VERSION and `apply(page, ctx) -> page` (see process.py)."""
