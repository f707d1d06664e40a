"""The sample scans committed in scans/ (`make scans`): fixed seeds and options, fixed names."""

from __future__ import annotations

import dataclasses

from pipeline.synth.render import SynthPage, render_page

# name -> (seed, options). The seed telegram No. 8600 four ways, its English translation, and
# three bank telegrams so the samples do not read only one document.
SAMPLES: dict[str, tuple[int, dict]] = {
    "telegram-8600-ru-clean": (1, {"document": "seed-ru", "profile": "clean"}),
    "telegram-8600-ru-skewed": (3, {"document": "seed-ru", "profile": "skewed"}),
    "telegram-8600-ru-degraded": (8, {"document": "seed-ru", "profile": "heavy", "overlap": True}),
    "telegram-8600-ru-gray": (4, {"document": "seed-ru", "profile": "gray"}),
    "telegram-8600-en": (5, {"document": "seed-en", "profile": "light"}),
    "telegram-bank-ru-rotated": (6, {"document": "bank-ru-10", "profile": "rotated"}),
    "telegram-bank-ru-lowdpi": (7, {"document": "bank-ru-03", "profile": "lowdpi"}),
    "telegram-bank-en-clean": (9, {"document": "bank-en-05", "profile": "clean"}),
}


def render_sample(name: str) -> SynthPage:
    """The sample page `name`, with its stem set to that name."""
    seed, options = SAMPLES[name]
    page = render_page(seed, **options)
    truth = dict(page.truth, stem=name)
    return dataclasses.replace(page, stem=name, truth=truth)


def sample_names() -> list[str]:
    """Names of every sample, in a fixed order."""
    return list(SAMPLES)
