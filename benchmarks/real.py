"""Benchmark section: real scans nobody on the project made, pipeline vs raw Tesseract.

The pages of /work/shared/real (see its README) go through `python -m pipeline run` and are
scored as `eval --normalize diplomatic` scores them (pairing, normalisation, pooled CER, region
P/R against truth.json); raw Tesseract reads the same files with its defaults (typed pages)
or as one line (`--psm 7`, the line crops), as someone without the pipeline would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipeline.evaluation.batch import EvalOptions, evaluate
from pipeline.evaluation.normalize import normalize
from pipeline.evaluation.pairing import GOLD_SUFFIX, pair
from pipeline.evaluation.score import pool, score_texts

TITLE = "Real scans: Tapuscorpus pages and Komi line crops"

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("REAL_SCANS", "/work/shared/real"))
# (folder, --lang, raw Tesseract's page segmentation mode or None for its default)
SETS = (("tapuscorpus-dev", "fra+eng", None), ("komi-lines-dev", "rus", 7))
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
OPTIONS = EvalOptions(normalize="diplomatic")


def _scans(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGES)


def _pipeline(folder: Path, lang: str, out: Path) -> tuple[object, float]:
    """(eval's batch result for a fresh `run` of `folder` into `out`, wall seconds per page)."""
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(folder), "-o", str(out),
                    "--lang", lang, "--jobs", "1", "--quiet"], check=False, cwd=ROOT,
                   env={**os.environ, "OMP_THREAD_LIMIT": "1"}, capture_output=True)
    seconds = (time.perf_counter() - t0) / max(1, len(_scans(folder)))
    return evaluate(pair(out, folder), OPTIONS), seconds


def _raw_tesseract(folder: Path, lang: str, psm: int | None) -> tuple[object, float, int]:
    """(pooled score of raw Tesseract over the scans with a gold text, seconds per page, pages)."""
    scores, t0, n = [], time.perf_counter(), 0
    for scan in _scans(folder):
        gold = scan.with_name(scan.stem + GOLD_SUFFIX)
        if not gold.is_file():
            continue
        cmd = ["tesseract", str(scan), "-", "-l", lang] + ([] if psm is None else ["--psm", str(psm)])
        done = subprocess.run(cmd, capture_output=True, check=False,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        text = done.stdout.decode("utf-8", errors="replace")
        scores.append(score_texts(normalize(gold.read_text(encoding="utf-8-sig"), "diplomatic"),
                                  normalize(text, "diplomatic")))
        n += 1
    return pool(scores), (time.perf_counter() - t0) / max(1, n), n


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _regions(result) -> list[str]:
    rows = []
    for kind, s in sorted((result.regions or {}).items()):
        rows.append(f"| {kind} | {s['n_truth']} | {s['n_pred']} | {s['precision']:.3f} "
                    f"| {s['recall']:.3f} | {s['f1']:.3f} |")
    return rows


def run(work: Path) -> str:
    """Markdown: CER pipeline vs raw Tesseract per set, and region P/R on the typed pages."""
    work.mkdir(parents=True, exist_ok=True)
    rows = [("| set (lang) | pages | gold chars | pipeline CER | raw Tesseract CER | pipeline s/page "
             "| Tesseract s/page | unpaired |"),
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    region_rows: list[str] = []
    for name, lang, psm in SETS:
        folder = REAL / name
        if not folder.is_dir():
            rows.append(f"| {name} | missing: {folder} | | | | | | |")
            continue
        result, secs = _pipeline(folder, lang, work / name)
        raw, raw_secs, n = _raw_tesseract(folder, lang, psm)
        unpaired = len(result.ocr_only) + len(result.gold_only)
        mode = "default psm" if psm is None else f"--psm {psm}"
        rows.append(f"| {name} (`{lang}`) | {len(result.pages)} / {n} | {result.total.characters} "
                    f"| {_pct(result.total.cer)} | {_pct(raw.cer)} ({mode}) | {secs:.1f} "
                    f"| {raw_secs:.1f} | {unpaired} |")
        region_rows += [f"| {name} {r[2:]}" for r in _regions(result)]
    out = [
        ("Real scans from /work/shared/real (Tapuscorpus typed pages, CC-BY 4.0; Vyl tujod Komi "
         "line crops, public domain), not used to choose any constant. CER as `eval --normalize "
         "diplomatic` counts it (NFC, runs of spaces collapsed), pooled over the gold characters; "
         "the pipeline is `run --jobs 1` (seconds include starting it), raw Tesseract "
         "`tesseract IMAGE - -l LANG` on the same file. Pages: scored / with a gold text "
         "(unpaired: pages or gold texts `eval` could not pair)."),
        "",
        *rows,
    ]
    if region_rows:
        out += ["", ("Stamp and handwriting regions against each page's truth.json (from the "
                     "set's ALTO), one-to-one at the IoU of `pipeline.evaluation.regions`:"), "",
                "| set type | truth | detected | precision | recall | F1 |",
                "| --- | ---: | ---: | ---: | ---: | ---: |", *region_rows]
    return "\n".join(out)


if __name__ == "__main__":  # one section alone: `python -m benchmarks.real /tmp/somewhere`
    print(run(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench-work" / "real"))
