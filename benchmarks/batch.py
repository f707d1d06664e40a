"""Batch section: pages/min at --jobs 1 and 2, worker memory over a long run, Dask vs local, soak.

What runs: `python -m pipeline run` (real Tesseract, rus+eng, the full stage chain) on small
synthetic pages. The pages are 900 x 260 px windows (300 dpi) cut from 8 full pages rendered
by `pipeline.synth.render_page(seed, profile="clean", stamps=False, handwriting=False)`,
seeds 7001..7008, at different offsets, so every page is a distinct file with several lines of
typed text. Full pages would make the 500-page soak take hours on 2 shared cores.

Worker memory is measured twice. In the soak every page is different, so the peak after 200
pages is the peak of a larger sample of pages: the pipeline lays a crop with few lines on a
paper margin, and those working images are up to twice the pixels. A second run hands the
first 10 pages over 20 times (200 tasks: hard links, the same bytes under other names): there
a higher peak at 200 than at 10 can only be memory the worker keeps from page to page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

TITLE = "Batch: throughput, worker memory, Dask, soak (issue 7)"

ROOT = Path(__file__).resolve().parent.parent
SEEDS = range(7001, 7009)
WINDOW = (900, 260)
N_RATE = 30      # pages for the jobs 1 / jobs 2 / Dask comparison
ROUNDS = 3       # rounds of that comparison
N_SMALL = 10
N_SOAK = 500
N_REPEAT = 200   # the first N_SMALL pages, handed over again and again
_LINE = re.compile(r"^\[(\d+)/(\d+)\] (\w+)")


def _pages_key(count: int) -> str:
    """What the cached pages depend on: the generator's source, the seeds, window and count."""
    digest = hashlib.sha256(repr((list(SEEDS), WINDOW, count)).encode())
    for source in sorted((ROOT / "pipeline" / "synth").glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def make_pages(folder: Path, count: int) -> Path:
    """`count` distinct page files in `folder` (cached while the generator is unchanged)."""
    from pipeline.synth import render_page

    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "pages.key"
    key = _pages_key(count)
    if stamp.exists() and stamp.read_text() == key and len(list(folder.glob("*.png"))) == count:
        return folder
    for old in folder.glob("*.png"):
        old.unlink()
    fulls = [render_page(seed, profile="clean", stamps=False, handwriting=False).image.convert("L")
             for seed in SEEDS]
    w, h = WINDOW
    for k in range(count):
        full = fulls[k % len(fulls)]
        slot = k // len(fulls)
        x = 250 + (slot % 2) * 450  # the text column starts near x = 280
        y = int(full.height * 0.08) + (slot // 2) * 57 % int(full.height * 0.7)
        full.crop((x, y, x + w, y + h)).save(folder / f"page{k:04d}.png")
    stamp.write_text(key)
    return folder


def working_pixels(out: Path) -> list[int]:
    """Pixels of each page's working image (the scan plus any paper margin orient laid it on),
    from the page JSONs in `out`, in page order."""
    sizes = []
    for page_json in sorted(out.glob("page*.json")):
        page = json.loads(page_json.read_text(encoding="utf-8"))
        top, bottom, left, right = next(
            (s["params"].get("paper_margins") or [0, 0, 0, 0] for s in page["steps"]
             if s["name"] == "orient"), [0, 0, 0, 0])
        w, h = page["source"]["width"], page["source"]["height"]
        sizes.append((w + left + right) * (h + top + bottom))
    return sizes


def _high_water(pid: int) -> int:
    """The kernel's peak RSS of process `pid` in bytes (VmHWM; 0 where /proc has none)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class Sampler(threading.Thread):
    """Peak RSS of every worker process under `root` (Tesseract children left out): the
    kernel's high-water mark where Linux keeps one, else the largest RSS sampled 10 times a
    second (which misses peaks between samples, the more so the fewer pages have run)."""

    def __init__(self, root: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stop.is_set():
            try:
                for proc in self.root.children(recursive=True):
                    try:
                        if proc.name().startswith("tesseract"):
                            continue
                        rss = max(proc.memory_info().rss, _high_water(proc.pid))
                    except psutil.Error:
                        continue
                    self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            except psutil.Error:
                return
            time.sleep(0.1)

    def worst(self) -> int:
        """The highest peak of any worker so far, in bytes."""
        return max(self.peak.values(), default=0)


def run_batch(inputs: Path, out: Path, jobs: int, *extra: str, marks: tuple[int, ...] = ()) -> dict:
    """One `pipeline run`; wall time, steady pages/min, failures, worker peak RSS at `marks`."""
    cmd = [sys.executable, "-m", "pipeline", "run", str(inputs), "-o", str(out), "--jobs", str(jobs),
           "--force", *extra]
    load_before = os.getloadavg()[0]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    sampler = Sampler(psutil.Process(proc.pid))
    sampler.start()
    stamps, failed, at_mark = [], 0, {}
    for line in proc.stderr:
        m = _LINE.match(line)
        if not m:
            continue
        done = int(m.group(1))
        stamps.append(time.monotonic())
        failed += m.group(3) == "failed"
        if done in marks:
            at_mark[done] = sampler.worst()
    rc = proc.wait()
    wall = time.monotonic() - t0
    sampler.stop.set()
    sampler.join()
    steady = 60.0 * (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
    return {"rc": rc, "pages": len(stamps), "failed": failed, "wall": wall,
            "per_min": 60.0 * len(stamps) / wall, "steady_per_min": steady,
            "peak_rss": sampler.worst(), "rss_at": at_mark,
            "load": max(load_before, os.getloadavg()[0])}


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def run(work: Path) -> str:
    """Run the measurements and return the Markdown of the section."""
    work.mkdir(parents=True, exist_ok=True)
    soak_in = make_pages(work / "pages", N_SOAK)
    rate_in = work / "rate"
    small_in = work / "small"
    repeat_in = work / "repeat"
    for folder, n, cycle in ((rate_in, N_RATE, N_SOAK), (small_in, N_SMALL, N_SOAK),
                             (repeat_in, N_REPEAT, N_SMALL)):
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.png"):  # counts may have changed since the last run
            old.unlink()
        for i in range(n):
            link, target = folder / f"page{i:04d}.png", soak_in / f"page{i % cycle:04d}.png"
            if cycle < n:  # the same file again: a hard link, as `run` takes one path once
                os.link(target, link)
            else:
                link.symlink_to(target)

    # Side by side, rounds of j1 / j2 / Dask: a shared machine's load shifts within minutes,
    # so each ratio is the median of ratios measured in the same round.
    rounds = []
    for k in range(ROUNDS):
        rounds.append({
            "j1": run_batch(rate_in, work / f"out-j1-{k}", 1),
            "j2": run_batch(rate_in, work / f"out-j2-{k}", 2),
            "dask": run_batch(rate_in, work / f"out-dask-{k}", 2, "--executor", "dask"),
        })
    small = run_batch(small_in, work / "out-small", 2)
    soak = run_batch(soak_in, work / "out-soak", 2, marks=(N_SMALL, 200, N_SOAK))
    repeat = run_batch(repeat_in, work / "out-repeat", 2, marks=(N_SMALL, N_REPEAT))
    pixels = working_pixels(work / "out-soak")

    def ratio_of(a: str, b: str, key: str = "steady_per_min") -> float:
        return statistics.median(r[a][key] / r[b][key] if r[b][key] else 0.0 for r in rounds)

    ratio, ratio_wall = ratio_of("j2", "j1"), ratio_of("j2", "j1", "per_min")
    dask_rel, dask_wall = ratio_of("dask", "j2"), ratio_of("dask", "j2", "per_min")
    rss10, rss200 = soak["rss_at"].get(N_SMALL, 0), soak["rss_at"].get(200, 0)
    rss_growth = (rss200 / rss10 - 1) * 100 if rss10 else float("nan")
    sep_growth = (rss200 / small["peak_rss"] - 1) * 100 if small["peak_rss"] else float("nan")
    rep10, rep200 = repeat["rss_at"].get(N_SMALL, 0), repeat["rss_at"].get(N_REPEAT, 0)
    rep_growth = (rep200 / rep10 - 1) * 100 if rep10 else float("nan")

    def biggest(n: int) -> float:
        return max(pixels[:n], default=0) / 1e3

    def row(name: str, r: dict) -> str:
        return (f"| {name} | {r['pages']} | {r['failed']} | {r['wall']:.1f} | {r['per_min']:.1f} | "
                f"{r['steady_per_min']:.1f} | {_mb(r['peak_rss'])} | {r['load']:.1f} |")

    verdict = lambda ok: "met" if ok else "**not met**"  # noqa: E731
    lines = [
        __doc__.split("\n\n", 1)[1].strip(),
        "",
        "Pages/min \"steady\" is counted between the first and the last finished page (worker "
        "start-up excluded); \"end to end\" is pages / wall time of the whole command.",
        "",
        "| run | pages | failed | wall s | pages/min end to end | pages/min steady | "
        "peak RSS per worker | load avg (1 min) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(row(f"round {k + 1}: {name}", r[key]) for k, r in enumerate(rounds)
          for key, name in (("j1", "local --jobs 1"), ("j2", "local --jobs 2"),
                            ("dask", "dask LocalCluster, 2 workers"))),
        row(f"local --jobs 2, {N_SMALL} pages", small),
        row(f"soak, local --jobs 2, {N_SOAK} pages", soak),
        row(f"the first {N_SMALL} pages {N_REPEAT // N_SMALL} times, local --jobs 2", repeat),
        "",
        f"- ratios are medians over the {ROUNDS} rounds of the ratio within each round.",
        f"- jobs 2 / jobs 1: **{ratio:.2f}x** steady ({ratio_wall:.2f}x end to end); "
        f"target >= 1.8x: {verdict(ratio >= 1.8)}.",
        f"- Dask / local (jobs 2): **{dask_rel:.2f}** steady ({dask_wall:.2f} end to end, "
        f"cluster start-up included); target within 10%: {verdict(dask_rel >= 0.9)}.",
        f"- peak RSS per worker (the kernel's high-water mark, VmHWM) in the soak run after "
        f"{N_SMALL} pages {_mb(rss10)}, after 200 "
        f"{_mb(rss200)} ({rss_growth:+.1f}%), after {N_SOAK} {_mb(soak['rss_at'].get(N_SOAK, 0))}; "
        f"separate {N_SMALL}-page run {_mb(small['peak_rss'])} (200 vs it: {sep_growth:+.1f}%); "
        f"target within 10%: {verdict(abs(rss_growth) <= 10)}. The largest working image among "
        f"the first {N_SMALL} pages is {biggest(N_SMALL):.0f} kpx, among the first 200 "
        f"{biggest(200):.0f} kpx, among all {biggest(N_SOAK):.0f} kpx.",
        f"- the same {N_SMALL} pages handed over {N_REPEAT // N_SMALL} times: peak after "
        f"{N_SMALL} {_mb(rep10)}, after {N_REPEAT} {_mb(rep200)} ({rep_growth:+.1f}%): what a "
        f"worker keeps from page to page; target within 10%: {verdict(abs(rep_growth) <= 10)}.",
        f"- soak: {soak['pages']} pages, {soak['failed']} failed, exit code {soak['rc']}; "
        f"target 0 failures: {verdict(soak['failed'] == 0 and soak['pages'] == N_SOAK)}.",
        f"- machine: {os.cpu_count()} cores shared with other sessions; the load average column "
        f"is the higher of its values before and after each run: above {os.cpu_count()} the runs "
        f"competed for the cores with other work and the ratios understate the scaling.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(ROOT / "bench-work" / "batch"))
