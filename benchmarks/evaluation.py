"""Benchmark section: `eval` against dinglehopper (speed at identical figures) and memory vs length."""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pipeline.cli import main as cli_main

TITLE = "Evaluation: eval vs dinglehopper"

ROOT = Path(__file__).resolve().parent.parent
PAGES = 100
PAGE_CHARS = 3000
LENGTHS = (1_000, 5_000, 10_000, 25_000, 50_000)
CLI_PAGES = 10  # dinglehopper's CLI starts a new interpreter per page; 10 are enough for a rate

# Words of our own for the generated pages: Cyrillic and Latin office vocabulary.
RU = ("телеграмма отдел копия секретно товарищ предложение вопрос решение обсуждение согласие "
      "министерство посол отправлена получена исполнение подробности беседа международной обстановки "
      "окончательно совместно случае несогласия должно быть отложено нового корейскими китайскими").split()
EN = "telegram department copy secret comrade proposal question decision embassy received sent".split()
# OCR-like confusions: look-alike letters across scripts and typewriter digit/letter mix-ups.
CONFUSE = {"о": "0", "е": "e", "а": "a", "с": "c", "р": "p", "и": "н", "н": "и", "ш": "щ",
           "б": "6", "l": "1", "e": "c", ".": ",", ",": ".", "1": "l", "0": "о", "т": "г"}


def gold_page(rnd: random.Random, chars: int) -> str:
    """A page of ~`chars` characters: lines of words, numbers and punctuation, no blank lines."""
    lines, n = [], 0
    while n < chars:
        words = [rnd.choice(RU if rnd.random() < 0.85 else EN) for _ in range(rnd.randint(4, 10))]
        if rnd.random() < 0.3:
            words.insert(rnd.randrange(len(words)), f"№ {rnd.randint(1, 9999)}")
        line = " ".join(words).capitalize() + rnd.choice([".", ",", ":", ";", ""])
        lines.append(line)
        n += len(line) + 1
    return "\n".join(lines)


def ocr_of(gold: str, rnd: random.Random, rate: float) -> str:
    """`gold` with OCR-like noise at about `rate` errors per character."""
    out = []
    for ch in gold:
        r = rnd.random()
        if r < rate * 0.6:
            out.append(CONFUSE.get(ch, rnd.choice("аеиоcnr.,'")))
        elif r < rate * 0.75:
            continue
        elif r < rate * 0.9:
            out.append(ch + rnd.choice(".,'i "))
        elif r < rate and ch == " ":
            continue
        else:
            out.append(ch)
    return "\n".join(" ".join(line.split()) for line in "".join(out).split("\n"))


def _write_batch(work: Path, pages: int, chars: int) -> tuple[Path, Path]:
    rnd = random.Random(1950)
    out, gold = work / "out", work / "gold"
    for d in (out, gold):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    for i in range(pages):
        g = gold_page(rnd, chars)
        (gold / f"page{i:03d}.gt.txt").write_text(g, encoding="utf-8")
        (out / f"page{i:03d}.txt").write_text(ocr_of(g, rnd, rnd.uniform(0.005, 0.08)), encoding="utf-8")
    return out, gold


def _time_ours(out: Path, gold: Path) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    # diplomatic: the generated lines are already stripped and single-spaced, so both tools
    # compare exactly the same text
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        rc = cli_main(["eval", str(out), "--gold", str(gold), "--normalize", "diplomatic",
                       "--report", str(out.parent / "report")])
    assert rc == 0
    return time.perf_counter() - t0, time.process_time() - c0


def _time_dinglehopper(out: Path, gold: Path, reports: Path) -> tuple[float, float]:
    from dinglehopper.cli import process

    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir()
    t0, c0 = time.perf_counter(), time.process_time()
    for g in sorted(gold.glob("*.gt.txt")):
        stem = g.name[:-len(".gt.txt")]
        process(str(g), str(out / f"{stem}.txt"), stem, str(reports), plain_encoding="utf-8")
    return time.perf_counter() - t0, time.process_time() - c0


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _time_cli(out: Path, gold: Path, work: Path, pages: int) -> tuple[tuple[float, float], tuple[float, float]]:
    sub_out, sub_gold = work / "cli-out", work / "cli-gold"
    for d in (sub_out, sub_gold):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
    stems = sorted(p.name[:-len(".gt.txt")] for p in gold.glob("*.gt.txt"))[:pages]
    for s in stems:
        shutil.copy(gold / f"{s}.gt.txt", sub_gold)
        shutil.copy(out / f"{s}.txt", sub_out)
    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "pipeline", "eval", str(sub_out), "--gold", str(sub_gold),
                    "--normalize", "diplomatic"], check=True, capture_output=True, cwd=ROOT)
    ours = time.perf_counter() - t0, _children_cpu() - c0
    dh = str(Path(sys.executable).with_name("dinglehopper"))
    t0, c0 = time.perf_counter(), _children_cpu()
    for s in stems:
        subprocess.run([dh, "--plain-encoding", "utf-8", str(sub_gold / f"{s}.gt.txt"), str(sub_out / f"{s}.txt"),
                        s, str(work / "cli-dh")], check=True, capture_output=True)
    return ours, (time.perf_counter() - t0, _children_cpu() - c0)


def _compare_figures(report: Path, reports: Path) -> tuple[float, float, int]:
    ours = json.loads((report / "metrics.json").read_text(encoding="utf-8"))
    worst_cer = worst_wer = 0.0
    for p in ours["pages"]:
        theirs = json.loads((reports / f"{p['stem']}.json").read_text(encoding="utf-8"))
        worst_cer = max(worst_cer, abs(p["cer"] - theirs["cer"]))
        worst_wer = max(worst_wer, abs(p["wer"] - theirs["wer"]))
    return worst_cer, worst_wer, len(ours["pages"])


_MEMORY_CHILD = r"""
import gc, re, sys, time
from pathlib import Path

def status(key):
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1))

tool, gold_path, ocr_path, work = sys.argv[1:5]
gold, ocr = Path(gold_path).read_text(encoding="utf-8"), Path(ocr_path).read_text(encoding="utf-8")
if tool == "ours":
    from pipeline.evaluation.align import align_texts
    from pipeline.evaluation.diffview import side_by_side
    from pipeline.evaluation.score import score_texts
    def run():
        a = align_texts(gold, ocr)
        return score_texts(gold, ocr, a), side_by_side(gold, ocr, (), a)
else:
    from dinglehopper.cli import process
    run = lambda: process(gold_path, ocr_path, "r", work, plain_encoding="utf-8")
gc.collect()
# reset the peak-RSS mark (VmHWM) to the current RSS, so the peak below is the scoring's own
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
t0 = time.perf_counter()
result = run()
took = time.perf_counter() - t0
print(status("VmHWM") - before, status("VmHWM"), took)
"""


def _child(tool: str, gold: Path, ocr: Path, work: Path) -> tuple[int, int, float]:
    """(peak RSS growth KiB, peak RSS KiB, seconds) of a fresh interpreter scoring one page."""
    res = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, tool, str(gold), str(ocr), str(work)],
                         check=True, capture_output=True, text=True, cwd=ROOT, timeout=300)
    growth, peak, took = res.stdout.split()
    return int(growth), int(peak), float(took)


def _memory(work: Path) -> list[tuple[int, str, str, str]]:
    rnd = random.Random(7)
    rows = []
    for n in LENGTHS:
        g = gold_page(rnd, n)
        o = ocr_of(g, rnd, 0.04)
        gp, op = work / f"mem{n}.gt.txt", work / f"mem{n}.txt"
        gp.write_text(g, encoding="utf-8")
        op.write_text(o, encoding="utf-8")
        cells = []
        for tool in ("ours", "dinglehopper"):
            try:
                growth, peak, took = _child(tool, gp, op, work)
                cells.append(f"+{growth / 1024:.1f} MB (peak {peak / 1024:.0f} MB), {took:.2f} s")
            except subprocess.TimeoutExpired:
                cells.append("> 300 s (stopped)")
        rows.append((len(g), *cells))
    return rows


def run(work: Path) -> str:
    """Time eval and dinglehopper on the same 100 pages, check the figures agree, measure memory."""
    work.mkdir(parents=True, exist_ok=True)
    out, gold = _write_batch(work, PAGES, PAGE_CHARS)
    reports = work / "dinglehopper"
    ours = [_time_ours(out, gold) for _ in range(3)]
    wall_ours, cpu_ours = statistics.median(w for w, _ in ours), statistics.median(c for _, c in ours)
    wall_theirs, cpu_theirs = _time_dinglehopper(out, gold, reports)
    d_cer, d_wer, n = _compare_figures(work / "report", reports)
    (cw_ours, cc_ours), (cw_theirs, cc_theirs) = _time_cli(out, gold, work, CLI_PAGES)
    doc = json.loads((work / "report" / "metrics.json").read_text(encoding="utf-8"))
    mem = _memory(work)
    lines = [
        f"{PAGES} generated pages of ~{PAGE_CHARS} characters (Cyrillic with some Latin, OCR-like noise "
        f"at 0.5-8 % per page), batch CER {100 * doc['batch']['cer']:.2f} % over "
        f"{doc['batch']['characters']} characters.",
        "",
        "Times are CPU seconds (the machine is shared, so wall-clock seconds, in brackets, vary with "
        "the load); eval's are the median of 3 runs.",
        "",
        "| what | eval | dinglehopper | eval is faster by |",
        "| --- | --- | --- | --- |",
        f"| {PAGES} pages in one process (metrics + HTML report of every page; dinglehopper's "
        f"`process()` per page) | {cpu_ours:.2f} s ({wall_ours:.2f} s) | {cpu_theirs:.2f} s "
        f"({wall_theirs:.2f} s) | **{cpu_theirs / cpu_ours:.0f}×** ({wall_theirs / wall_ours:.0f}× wall) |",
        f"| {CLI_PAGES} pages from the command line (one `python -m pipeline eval`; one `dinglehopper` "
        f"per page) | {cc_ours:.2f} s ({cw_ours:.2f} s) | {cc_theirs:.2f} s ({cw_theirs:.2f} s) | "
        f"{cc_theirs / cc_ours:.0f}× ({cw_theirs / cw_ours:.0f}× wall) |",
        "",
        f"Identical figures: on all {n} pages the largest difference between eval's and dinglehopper's "
        f"CER is {d_cer:.1e} and WER {d_wer:.1e} (`--normalize diplomatic`; the pages have no blank lines, "
        "doubled spaces or characters dinglehopper substitutes, so both compare the same text). "
        "dinglehopper gives only page rates; eval's batch rate is pooled from sums.",
        "",
        "Memory (growth of the peak RSS while a fresh interpreter, texts read and modules imported, "
        "scores one page: `VmHWM` reset through `/proc/self/clear_refs`; eval includes the alignment "
        "and runs of its diff view) and time, against page length:",
        "",
        "| gold characters | eval | dinglehopper (`process()`, with its report) |",
        "| --- | --- | --- |",
        *[f"| {n:,} | {a} | {b} |" for n, a, b in mem],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(ROOT / "bench-work" / "evaluation"))
