"""Field accuracy of the form profiles (issue 6), with real OCR through the whole pipeline.

Synthetic telegram pages of the test split (seeds 2000-2999, never used for tuning; tuning used
1000-1999) are rendered, run through `pipeline.runner.run_batch` like `python -m pipeline run`,
and each page JSON's `fields` is compared with its truth.json by exact match. The seed
telegram's sample scans in `scans/` (clean and skewed) are scored the same way.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.evaluation.fields import score_fields, summarize
from pipeline.settings import Settings

TITLE = "Form fields (issue 6)"
ROOT = Path(__file__).resolve().parent.parent
TEST_SEED = 2000
RU_PAGES = 40
EN_PAGES = 8
JOBS = 2


def render(folder: Path, seed: int, count: int, lang: str) -> None:
    """Write `count` synthetic telegram pages (mixed degradations) from `seed` into `folder`."""
    from pipeline.synth import generate

    folder.mkdir(parents=True, exist_ok=True)
    generate(folder, seed, count, profile="mixed", lang=lang)


def score_folder(scans: Path, out: Path, jobs: int = JOBS) -> dict[str, dict]:
    """Run the pipeline over `scans` into `out`; field scores per stem that has a truth.json."""
    from pipeline.runner import run_batch

    truths = {p.name[: -len(".truth.json")]: p for p in sorted(scans.glob("*.truth.json"))}
    images = [str(p) for p in sorted(scans.iterdir())
              if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".tif", ".tiff") and p.stem in truths]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    run_batch(images, out, Settings(), jobs=jobs, force=True, quiet=True)
    scores = {}
    for stem, truth_path in truths.items():
        truth = json.loads(truth_path.read_text(encoding="utf-8")).get("fields") or {}
        if not truth:
            continue
        page_json = out / f"{stem}.json"
        pred = json.loads(page_json.read_text(encoding="utf-8"))["fields"] if page_json.exists() else {}
        scores[stem] = score_fields(pred, truth)
    return scores


def _short(value, start: int = 0) -> str:
    # `value` as JSON, 60 characters of it from `start` (a body's first difference is
    # often past the first 60: the row would show two equal openings)
    text = json.dumps(value, ensure_ascii=False)
    head = "…" if start > 0 else ""
    return head + ((text[start:start + 60] + "…") if len(text) > start + 61 else text[start:])


def _differ_from(truth, pred) -> int:
    """Where to start showing `truth` and `pred` so that their first difference is in sight:
    20 characters before it, or 0 when it lies within the first 40."""
    a, b = (json.dumps(v, ensure_ascii=False) for v in (truth, pred))
    first = len(os.path.commonprefix([a, b]))
    return first - 20 if first > 40 else 0


def _per_field_table(summary: dict) -> list[str]:
    rows = ["| field | right | pages | accuracy |", "| --- | ---: | ---: | ---: |"]
    for name, v in summary["per_field"].items():
        rows.append(f"| {name} | {v['correct']} | {v['total']} | {v['accuracy']:.1%} |")
    rows.append(f"| **all fields** | **{summary['correct']}** | **{summary['total']}** | "
                f"**{summary['accuracy']:.1%}** |")
    return rows


def _misses(scores: dict[str, dict], limit: int = 25) -> list[str]:
    rows = []
    for stem, s in scores.items():
        for name, v in s["fields"].items():
            if not v["ok"]:
                at = _differ_from(v["truth"], v["pred"])
                rows.append(f"| {stem} | {name} | `{_short(v['truth'], at)}` | `{_short(v['pred'], at)}` |")
    if not rows:
        return ["No field was wrong."]
    head = ["| page | field | truth | extracted |", "| --- | --- | --- | --- |"]
    more = [f"\n…and {len(rows) - limit} more."] if len(rows) > limit else []
    return head + rows[:limit] + more


def run(work: Path) -> str:
    """Render the test split, run the pipeline, and report field accuracy as Markdown."""
    if work.exists():
        shutil.rmtree(work)
    ru, en = work / "ru", work / "en"
    render(ru, TEST_SEED, RU_PAGES, "ru")
    render(en, TEST_SEED + 500, EN_PAGES, "en")
    ru_scores = score_folder(ru, work / "out-ru")
    en_scores = score_folder(en, work / "out-en")
    seed_scores = score_folder(ROOT / "scans", work / "out-scans") if (ROOT / "scans").is_dir() else {}
    ru_sum, en_sum = summarize(ru_scores.values()), summarize(en_scores.values())
    both = summarize([*ru_scores.values(), *en_scores.values()])
    lines = [
        f"Synthetic telegram pages of the test split (seeds {TEST_SEED}–{TEST_SEED + RU_PAGES - 1} "
        f"Russian, {TEST_SEED + 500}–{TEST_SEED + 500 + EN_PAGES - 1} English translation; "
        "`mixed` degradations), real Tesseract through the whole pipeline, profile chosen by "
        "match. Exact match per field after NFC; fields the form lacks (null in truth) are not "
        "counted. Target: ≥ 95% of fields exactly right.",
        "",
        f"- Russian form (`mfa-ciphered-telegram`): **{ru_sum['accuracy']:.1%}** of "
        f"{ru_sum['total']} fields right; {ru_sum['pages_all_right']}/{ru_sum['pages']} pages "
        "entirely right",
        f"- English translation (`mfa-ciphered-telegram-en`): **{en_sum['accuracy']:.1%}** of "
        f"{en_sum['total']} fields right; {en_sum['pages_all_right']}/{en_sum['pages']} pages "
        "entirely right",
        f"- all synthetic pages: **{both['accuracy']:.1%}** ({both['correct']}/{both['total']})",
        "",
        "### Per field, Russian form", "", *_per_field_table(ru_sum), "",
        "### The seed telegram in `scans/`", "",
    ]
    if seed_scores:
        lines += ["| scan | fields right | wrong |", "| --- | ---: | --- |"]
        for stem, s in seed_scores.items():
            wrong = ", ".join(n for n, v in s["fields"].items() if not v["ok"]) or "—"
            lines.append(f"| {stem} | {s['correct']}/{s['total']} | {wrong} |")
    else:
        lines.append("No scan with truth fields in `scans/`.")
    lines += ["", "### Fields read wrong (synthetic and seed pages)", "",
              *_misses({**ru_scores, **en_scores, **seed_scores})]
    return "\n".join(lines)
