"""Benchmark section: stamp and handwriting detection, and typed-text CER with and without marks.

Synthetic pages from seeds nothing was trained or tuned on (dev 1500+, test 2000+; the model
is trained on 1000-1499), run through the real chain (orient, deskew, clean, marks, ...) from
files on disk, as `run` would. Region boxes are compared with truth.json in original image
coordinates; the CER pair renders each page twice from one seed, with and without marks.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline import process
from pipeline.evaluation.metrics import cer
from pipeline.evaluation.regions import combine, score_regions
from pipeline.settings import Context, Settings

TITLE = "Layout: stamps and handwriting"
DEV_SEEDS = range(1500, 1540)
TEST_SEEDS = range(2000, 2012)
CER_SEEDS = range(1500, 1508)
PROFILE = "mixed"
LANG = "ru"

# Everything up to and including marks: the detection metrics need no OCR.
MARKS_CHAIN = process.CHAIN[: process.CHAIN.index("marks") + 1]


def _render(work: Path, seed: int, marks: bool) -> tuple[Path, str, dict]:
    """Write one synthetic page to disk; (image path, gold text, truth)."""
    from pipeline.synth import render_page

    sp = render_page(seed, profile=PROFILE, lang=LANG, stamps=marks, handwriting=marks)
    path = work / f"{sp.stem}{'' if marks else '-plain'}.png"
    if not path.exists():
        sp.image.save(path)
    return path, sp.gold, sp.truth


def _run(path: Path, chain: list, ctx: Context):
    from pipeline.stages.load import load_page

    page, _ = load_page(str(path), 1, ctx.settings)
    return process.run_stages(page, ctx, chain)


def _detection(work: Path, seeds: range, ctx: Context) -> tuple[dict, float]:
    chain = process.load_chain(MARKS_CHAIN)
    scores, t0 = [], time.perf_counter()
    for seed in seeds:
        path, _, truth = _render(work, seed, True)
        page = _run(path, chain, ctx)
        pred = [{"type": r.type, "bbox": r.bbox.to_list()} for r in page.regions]
        scores.append(score_regions(pred, truth["regions"]))
    return combine(scores), (time.perf_counter() - t0) / max(1, len(seeds))


def _cer_pair(work: Path, seeds: range, ctx: Context) -> tuple[float, float, int]:
    chain = process.load_chain()
    sums = {True: [0.0, 0], False: [0.0, 0]}
    for seed in seeds:
        for marks in (True, False):
            path, gold, _ = _render(work, seed, marks)
            page = _run(path, chain, ctx)
            rate, n = cer(gold, page.text)
            sums[marks][0] += rate * n
            sums[marks][1] += n
    with_m = sums[True][0] / max(1, sums[True][1])
    without = sums[False][0] / max(1, sums[False][1])
    return with_m, without, len(seeds)


def _row(name: str, s: dict, target_p: float, target_r: float) -> str:
    ok = "yes" if s["precision"] >= target_p and s["recall"] >= target_r else "**no**"
    return (f"| {name} | {s['n_truth']} | {s['n_pred']} | {s['precision']:.3f} | {s['recall']:.3f} "
            f"| {s['f1']:.3f} | P≥{target_p}, R≥{target_r}: {ok} |")


def run(work: Path) -> str:
    """Markdown: per-split detection table and the CER pair."""
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from pipeline.runner import make_engine

    settings = Settings(lang="rus+eng")
    ctx = Context(settings, engine=make_engine(settings))
    lines = ["| split / type | truth | detected | precision | recall | F1 | target |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    secs = []
    # Detection needs no OCR: no engine, so marks are not read (that is timed in `core`).
    bare = Context(settings, engine=None)
    for split, seeds in (("dev", DEV_SEEDS), ("test", TEST_SEEDS)):
        result, per_page = _detection(work, seeds, bare)
        secs.append(per_page)
        lines.append(_row(f"{split} ({len(seeds)} pages) stamp", result["stamp"], 0.95, 0.95))
        lines.append(_row(f"{split} ({len(seeds)} pages) handwriting", result["handwriting"], 0.90, 0.90))
    with_m, without, n = _cer_pair(work, CER_SEEDS, ctx)
    diff = 100 * (with_m - without)
    verdict = "yes" if diff <= 0.5 else "**no**"
    return "\n".join([
        f"Synthetic `{PROFILE}` pages (`lang={LANG}`), seeds {DEV_SEEDS.start}–{DEV_SEEDS.stop - 1} "
        f"(dev) and {TEST_SEEDS.start}–{TEST_SEEDS.stop - 1} (test); the classifier was trained on "
        "seeds 1000–1499 (`make model`). A detection matches a truth box one-to-one at IoU ≥ 0.5 "
        "(stamp) or ≥ 0.3 (handwriting); boxes in original image pixels after the real "
        f"orient/deskew/clean/marks chain ({sum(secs) / len(secs):.1f} s per page up to marks).",
        "",
        *lines,
        "",
        f"Typed-text CER over {n} dev pages (seeds {CER_SEEDS.start}–{CER_SEEDS.stop - 1}), full "
        "chain, each page rendered from one seed with and without stamps and handwriting:",
        "",
        "| pages | CER with marks | CER without | difference (points) | within 0.5 points |",
        "| ---: | ---: | ---: | ---: | --- |",
        f"| {n} | {100 * with_m:.2f}% | {100 * without:.2f}% | {diff:+.2f} | {verdict} |",
    ])
