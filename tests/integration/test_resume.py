"""Interrupt a real batch (kill -9, Ctrl-C), rerun it, and get what an uninterrupted run gives."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from runoutputs import outputs

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGES = 8


def make_pages(d: Path) -> None:
    d.mkdir()
    font = ImageFont.truetype(FONT, 28)
    for i in range(PAGES):
        im = Image.new("L", (760, 220), 255)
        draw = ImageDraw.Draw(im)
        for j, line in enumerate([f"Archive record {1950 + i}, fund {17 + i}",
                                  "Moscow telegram to the ministry",
                                  f"Received on the {i + 3}th of May",
                                  "Copy sent to the regional office"]):
            draw.text((20, 20 + 44 * j), line, fill=0, font=font)
        im.save(d / f"page{i:02d}.png")


def _as_from_a_terminal() -> None:
    # A shell without job control starts background commands with SIGINT ignored, and an
    # ignored SIGINT is inherited: Python then installs no KeyboardInterrupt handler, and the
    # run never sees the Ctrl-C this test sends. A terminal's foreground job has it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(cwd: Path, out: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", "in", "-o", out, "--jobs", "1",
                             *extra], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            start_new_session=True, preexec_fn=_as_from_a_terminal)


def finished(out: Path) -> int:
    return len(list(out.glob("page*.json")))






@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("resume")
    make_pages(base / "in")
    proc = start(base, "ref")
    assert proc.wait(600) == 0, proc.stderr.read()
    return base, outputs(base / "ref", summary=False)


def wait_for_pages(out: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while finished(out) < n:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_kill_9_then_rerun_equals_an_uninterrupted_run(reference):
    base, ref = reference
    out = base / "killed"
    proc = start(base, "killed")
    wait_for_pages(out, 2, proc)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must not outlive it
    proc.wait(30)
    time.sleep(3)
    done = finished(out)
    assert 2 <= done < PAGES
    after = outputs(out, summary=False)
    time.sleep(2)
    assert outputs(out, summary=False) == after, "an orphaned worker kept writing"
    assert all(json.loads(text) for name, text in after.items() if name.endswith(".json"))
    rerun = start(base, "killed")
    assert rerun.wait(600) == 0, rerun.stderr.read()
    assert outputs(out, summary=False) == ref
    summary = json.loads((out / "summary.json").read_text())
    statuses = [p["status"] for p in summary["pages"]]
    assert statuses.count("skipped") == done and statuses.count("ok") == PAGES - done


def test_ctrl_c_exits_130_and_keeps_finished_pages(reference):
    base, ref = reference
    out = base / "interrupted"
    proc = start(base, "interrupted")
    wait_for_pages(out, 1, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    assert proc.wait(60) == 130
    assert "interrupted" in proc.stderr.read()
    got = outputs(out, summary=False)
    assert got and all(ref[name] == text for name, text in got.items())
    assert not list(out.glob(".*.tmp"))
    summary = json.loads((out / "summary.json").read_text())
    assert summary["complete"] is False
    # a page whose files were written just as Ctrl-C came may not have reached the summary
    assert {p["stem"] for p in summary["pages"]} <= {n[:-5] for n in got if n.endswith(".json")}
    assert all(p["status"] == "ok" for p in summary["pages"])
    rerun = start(base, "interrupted", "--force")
    assert rerun.wait(600) == 0
    assert outputs(out, summary=False) == ref
