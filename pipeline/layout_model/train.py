"""Rebuild the ink classifier from synthetic pages: `python -m pipeline.layout_model.train --seed 1950`.

Pages are rendered by `pipeline.synth` from the training seeds (1000-1499, the benchmark's
dev seeds 1500+ and test seeds 2000+ are never seen), upright and unskewed so the blobs look
like what the marks stage sees after orient and deskew. Each candidate blob is labelled by the
truth region covering most of it; MEMBERS networks are fitted to the blobs from different
starting weights and averaged, and the model file is written next to this module.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from pipeline.layout_model.classifier import CLASSES, MODEL_PATH, Classifier, fit
from pipeline.marks.candidates import candidates
from pipeline.marks.features import FEATURE_NAMES
from pipeline.marks.ink import has_colour
from pipeline.model import BBox

T = TypeVar("T")
R = TypeVar("R")

TRAIN_SEEDS = range(1000, 1500)
# The shipped model's recipe (`make model`): the seed that draws the pages and the weights, and
# how many pages it draws.
SEED = 1950
PAGES = 100
# Networks averaged in the shipped model, fitted from starting weights drawn with SEED, SEED + 1, ...,
# and the steps of each fit: four fits of 1500 steps cost what one of 3000 did on two cores and
# disagree with another seed's four half as much as single fits do (session 23).
MEMBERS = 4
STEPS = 1500
# Profiles without rotation or skew: the stage runs after orient and deskew.
PROFILES = ("clean", "light", "heavy", "lowdpi", "gray")
# Share of a blob's box a truth region must cover for the blob to take its type.
MIN_COVER = 0.5


def label_blobs(boxes: list[BBox], coloured: list[bool], truth: list[dict], colour_page: bool) -> np.ndarray:
    """Index into CLASSES for each blob box, from the truth regions (typed text by default)."""
    marks = [(r["type"], BBox.from_list(r["bbox"])) for r in truth if r["type"] in ("stamp", "handwriting")]
    out = np.zeros(len(boxes), np.int64)
    for i, (box, col) in enumerate(zip(boxes, coloured)):
        best, best_cover = 0, MIN_COVER
        for kind, tbox in marks:
            # On a colour scan plain ink under a coloured stamp is the typing it covers.
            if kind == "stamp" and colour_page and not col:
                continue
            cover = box.intersection(tbox) / max(box.area, 1.0)
            if cover >= best_cover:
                best, best_cover = CLASSES.index(kind), cover
        out[i] = best
    return out


def page_samples(image: np.ndarray, truth_regions: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of every candidate blob of one upright page image."""
    found = candidates(image)
    y = label_blobs([b.box for b in found.blobs], [b.coloured for b in found.blobs], truth_regions,
                    has_colour(image))
    return found.features, y


def _seed_samples(task: tuple[int, str]) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the synthetic page of one (seed, profile)."""
    from pipeline.synth import render_page

    seed, profile = task
    sp = render_page(seed, profile=profile)
    image = sp.image.convert("RGB") if sp.image.mode not in ("L", "RGB") else sp.image
    return page_samples(np.asarray(image), sp.truth["regions"])


def _map(fn: Callable[[T], R], tasks: list[T], jobs: int | None) -> list[R]:
    """`fn` over `tasks` in order, `jobs` processes at a time (default: one per CPU)."""
    jobs = max(1, min(len(tasks), jobs or os.cpu_count() or 1))
    if jobs == 1:
        return [fn(t) for t in tasks]
    ctx = multiprocessing.get_context("forkserver")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        return list(pool.map(fn, tasks))


def collect(seeds: list[int], profiles: tuple[str, ...] = PROFILES,
            jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of synthetic pages, the profile cycling with the seed.

    Pages are rendered and featurised `jobs` at a time; each page's samples depend on its seed
    alone, so the result is the same for any `jobs`.
    """
    tasks = [(seed, profiles[n % len(profiles)]) for n, seed in enumerate(seeds)]
    pages = _map(_seed_samples, tasks, jobs)
    return np.vstack([x for x, _ in pages]), np.concatenate([y for _, y in pages])


def _fit_member(task: tuple[np.ndarray, np.ndarray, int, int]) -> Classifier:
    x, y, seed, steps = task
    return fit(x, y, seed=seed, steps=steps, feature_names=FEATURE_NAMES)


def fit_ensemble(x: np.ndarray, y: np.ndarray, seed: int, members: int = MEMBERS, steps: int = STEPS,
                 jobs: int | None = None) -> Classifier:
    """`members` fits of (x, y) from starting weights seeded seed, seed + 1, ..., averaged.

    Fitted `jobs` at a time; each fit depends on its seed alone, so the model does not depend
    on `jobs`.
    """
    fits = _map(_fit_member, [(x, y, seed + i, steps) for i in range(members)], jobs)
    return Classifier.ensemble(fits)


def training_seeds(seed: int, pages: int) -> list[int]:
    """The `pages` training seeds drawn (without replacement, sorted) from TRAIN_SEEDS by `seed`."""
    rng = np.random.default_rng(seed)
    return sorted(int(s) for s in rng.choice(list(TRAIN_SEEDS), size=pages, replace=False))


def build(seed: int = SEED, pages: int = PAGES) -> tuple[Classifier, np.ndarray, np.ndarray]:
    """The model `make model` ships, with the features and labels it was fitted on."""
    x, y = collect(training_seeds(seed, pages))
    return fit_ensemble(x, y, seed), x, y


def main(argv: list[str] | None = None) -> int:
    """Render, featurise, train and write the model file; prints class counts and train accuracy."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.layout_model.train", description=__doc__)
    ap.add_argument("--seed", type=int, default=SEED, help="seed for page choice and weights")
    ap.add_argument("--pages", type=int, default=PAGES, help="training pages drawn from 1000-1499")
    ap.add_argument("-o", "--output", default=str(MODEL_PATH))
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    model, x, y = build(args.seed, args.pages)
    counts = {c: int((y == i).sum()) for i, c in enumerate(CLASSES)}
    print(f"{args.pages} pages, {len(y)} blobs {counts} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    acc = float((model.predict_proba(x).argmax(axis=1) == y).mean())
    model.save(args.output)
    print(f"train accuracy {acc:.4f}; wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
