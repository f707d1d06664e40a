"""Form profiles: TOML data files in this folder, each naming a form's fields and how to find them.

A profile file holds `name`, `title`, `latin` (true for forms in a Latin script), `markers`
(phrases whose share found on a page is the profile's match score), `min_match`,
`review_below` (a field less confident than this gets a review entry), an optional `dates`
table (date fields the page's dates cross-check, see `pipeline.fields.agree`) and one
`[fields.<name>]` table per field with its `kind` (how it is found, see
`pipeline.fields.finders`), the kind's options and the value `type` (see
`pipeline.fields.values`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
KINDS = {"label", "choice", "pattern", "next_line", "block", "collect", "list", "none"}
TYPES = {"text", "number", "word", "code_word", "spaced", "datetime_ru", "datetime_en", "name",
         "paragraphs"}


class ProfileError(ValueError):
    """A profile file is malformed."""


@dataclass(frozen=True)
class Profile:
    """One form: what identifies it and how each of its fields is found."""

    name: str
    title: str
    markers: tuple[str, ...]
    fields: dict[str, dict[str, Any]]
    latin: bool = False
    min_match: float = 0.5
    review_below: float = 0.6
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def parse_profile(data: dict[str, Any], source: str = "") -> Profile:
    """A checked `Profile` from the parsed TOML of one file; ProfileError when malformed."""
    try:
        name, markers, fields = data["name"], data["markers"], data["fields"]
    except KeyError as exc:
        raise ProfileError(f"{source}: missing key {exc}") from None
    if not markers or not isinstance(markers, list):
        raise ProfileError(f"{source}: `markers` must be a non-empty list")
    for fname, spec in fields.items():
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ProfileError(f"{source}: field {fname}: unknown kind {kind!r}")
        if spec.get("type", "text") not in TYPES:
            raise ProfileError(f"{source}: field {fname}: unknown type {spec.get('type')!r}")
        rules = spec.get("respell", [])
        if not isinstance(rules, list) or not all(isinstance(r, list) and len(r) == 2 for r in rules):
            raise ProfileError(f"{source}: field {fname}: `respell` must be [pattern, replacement] pairs")
        refs = spec.get("after", []) + spec.get("fallback_between", []) + \
            [spec[k] for k in ("near", "fallback_on", "confirm_with", "numbers_from", "split_from",
                                "confirm_line") if k in spec]
        for ref in refs:
            if ref not in fields:
                raise ProfileError(f"{source}: field {fname}: refers to unknown field {ref!r}")
    dates = data.get("dates", {})
    for ref in dates.get("fields", []):
        if ref not in fields:
            raise ProfileError(f"{source}: dates: refers to unknown field {ref!r}")
    known = {"name", "title", "markers", "fields", "latin", "min_match", "review_below"}
    return Profile(name=name, title=data.get("title", name), markers=tuple(markers), fields=fields,
                   latin=bool(data.get("latin", False)), min_match=float(data.get("min_match", 0.5)),
                   review_below=float(data.get("review_below", 0.6)), source=source,
                   extra={k: v for k, v in data.items() if k not in known})


def load_profile(path: Path) -> Profile:
    """Read and check one profile file."""
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{path}: {exc}") from exc
    return parse_profile(data, str(path))


@cache
def builtin_profiles() -> tuple[Profile, ...]:
    """Every profile shipped in this folder, by file name order."""
    return tuple(load_profile(p) for p in sorted(HERE.glob("*.toml")))


def get_profile(name: str) -> Profile:
    """The shipped profile called `name`; KeyError when there is none."""
    for p in builtin_profiles():
        if p.name == name:
            return p
    raise KeyError(f"no form profile named {name!r}; known: {[p.name for p in builtin_profiles()]}")


def profile_names() -> list[str]:
    """The names of the shipped profiles (for `run --profile` choices)."""
    return [p.name for p in builtin_profiles()]
