"""The runner's policy with injected stages (no OCR): isolation, resume, summary, timeouts."""

import json
import subprocess
import threading
import time

import numpy as np
import pytest
from PIL import Image

from pipeline import process, runner
from pipeline.errors import MissingDependencyError, OutputError, PageTimeoutError
from pipeline.process import StageSpec
from pipeline.settings import Settings


def stage(fn):
    return StageSpec("probe", "1", fn)


@pytest.fixture
def chain(monkeypatch):
    """Replace the stage chain by `stages` (a list the test fills) and the engine by None."""
    stages: list = []
    monkeypatch.setattr(runner, "_WORKER", {})
    monkeypatch.setattr(runner, "make_engine", lambda settings: None)
    monkeypatch.setattr(process, "load_chain", lambda names=process.CHAIN: list(stages))
    return stages


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    Image.new("L", (20, 10), 255).save(d / "a.png")
    frames = [Image.new("L", (12, 8), v) for v in (0, 100, 200)]
    frames[0].save(d / "m.tif", save_all=True, append_images=frames[1:])
    Image.new("RGB", (9, 9), "red").save(d / "c.bmp")
    return d


def run(inputs, out, settings=Settings(lang="eng"), **kw):
    return runner.run_batch([str(inputs)], out, settings, jobs=1, executor="inline", **kw)


def summary(out):
    return json.loads((out / "summary.json").read_text())


def test_a_failing_page_fails_alone(chain, inputs, tmp_path, capsys):
    def boom(page, ctx):
        if page.source.page == 2:
            raise ValueError("stage exploded\non two lines")
        page.text = f"{page.source.path}:{page.source.page}"
        return page
    chain.append(stage(boom))
    out = tmp_path / "out"
    result = run(inputs, out)
    assert (result.count("ok"), result.count("failed")) == (4, 1)
    data = summary(out)
    assert data["complete"] is True and data["counts"]["failed"] == 1
    assert [p["stem"] for p in data["pages"]] == ["a", "c", "m-p0001", "m-p0002", "m-p0003"]
    bad = data["pages"][3]
    assert bad["status"] == "failed" and bad["error"] == "ValueError: stage exploded on two lines"
    err = capsys.readouterr().err
    assert f"FAILED {inputs}/m.tif (page 2): ValueError: stage exploded on two lines" in err
    assert not (out / "m-p0002.json").exists() and (out / "m-p0003.txt").read_text().endswith(":3\n")
    page = json.loads((out / "m-p0001.json").read_text())
    assert page["steps"][0]["name"] == "load" and page["steps"][1]["name"] == "probe"
    assert page["steps"][0]["params"]["settings"] == Settings(lang="eng").fingerprint()
    assert page["source"]["page"] == 1 and page["source"]["path"] == f"{inputs}/m.tif"


def test_resume_skips_same_bytes_and_settings_only(chain, inputs, tmp_path):
    calls = []
    chain.append(stage(lambda page, ctx: calls.append(page.source.path) or page))
    out = tmp_path / "out"
    run(inputs, out)
    assert len(calls) == 5
    second = run(inputs, out)
    assert second.count("skipped") == 5 and len(calls) == 5
    assert summary(out)["counts"]["skipped"] == 5
    Image.new("L", (20, 10), 0).save(inputs / "a.png")  # new bytes: only that page again
    third = run(inputs, out)
    assert third.count("ok") == 1 and calls[-1].endswith("a.png")
    assert run(inputs, out, Settings(lang="rus")).count("ok") == 5  # other settings: all again
    assert run(inputs, out, Settings(lang="rus"), force=True).count("ok") == 5
    (out / "c.txt").unlink()  # an output missing: that page again
    assert run(inputs, out, Settings(lang="rus")).count("ok") == 1


def test_timeout_fails_the_page_and_the_batch_goes_on(chain, inputs, tmp_path):
    def slow(page, ctx):
        if page.source.path.endswith("c.bmp"):
            time.sleep(30)
        return page
    chain.append(stage(slow))
    t0 = time.monotonic()
    result = run(inputs, tmp_path / "out", Settings(timeout=0.5))
    assert time.monotonic() - t0 < 10
    failed = [o for o in result.outcomes if o.status == "failed"]
    assert [o.stem for o in failed] == ["c"] and "timed out after 0.5 s" in failed[0].error
    assert result.count("ok") == 4


def fake_tesseract(tmp_path):
    link = tmp_path / "tesseract-fake"
    link.symlink_to("/bin/sleep")
    return str(link)


def test_deadline_kills_a_hung_tesseract_in_a_worker_thread(tmp_path):
    prog = fake_tesseract(tmp_path)
    outcome = {}

    def body():
        t0 = time.monotonic()
        try:
            with runner.page_deadline(0.5):
                subprocess.run([prog, "60"], check=False)
        except PageTimeoutError as exc:
            outcome["error"] = str(exc)
        outcome["seconds"] = time.monotonic() - t0

    th = threading.Thread(target=body)
    th.start()
    th.join(30)
    assert "timed out" in outcome["error"] and outcome["seconds"] < 10


def test_deadline_in_the_main_thread_interrupts_python_and_kills_tesseract(tmp_path):
    prog = fake_tesseract(tmp_path)
    proc = None
    with pytest.raises(PageTimeoutError):
        with runner.page_deadline(0.3):
            proc = subprocess.Popen([prog, "60"])
            time.sleep(20)
    assert proc.wait(5) == -9
    with runner.page_deadline(5):  # the alarm is off again afterwards
        time.sleep(0.01)


def test_missing_dependency_in_a_worker_stops_the_run(chain, inputs, tmp_path):
    def missing(page, ctx):
        raise MissingDependencyError("tesseract is not installed: apt-get install tesseract-ocr")
    chain.append(stage(missing))
    with pytest.raises(MissingDependencyError):
        run(inputs, tmp_path / "out")


def test_interrupt_keeps_finished_pages_and_leaves_no_temporaries(chain, inputs, tmp_path):
    def ctrl_c(page, ctx):
        if page.source.path.endswith("c.bmp"):
            raise KeyboardInterrupt
        return page
    chain.append(stage(ctrl_c))
    out = tmp_path / "out"
    (out).mkdir()
    (out / ".a.json.x1y2.tmp").write_text("left by a killed run")
    with pytest.raises(KeyboardInterrupt):
        run(inputs, out)
    assert json.loads((out / "a.json").read_text())["source"]["path"].endswith("a.png")
    data = summary(out)
    assert data["complete"] is False and [p["stem"] for p in data["pages"]] == ["a"]
    assert not list(out.glob(".*.tmp"))


def test_output_folder_that_cannot_be_made(chain, inputs, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create output folder"):
        run(inputs, blocker / "out")


def test_unreadable_file_fails_at_planning_as_one_page(chain, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "e.tif").write_bytes(b"")
    np_img = np.zeros((5, 5), np.uint8)
    Image.fromarray(np_img).save(d / "ok.png")
    result = run(d, tmp_path / "out")
    assert (result.count("failed"), result.count("ok")) == (1, 1)
    pages = summary(tmp_path / "out")["pages"]
    assert [(p["stem"], p["status"]) for p in pages] == [("e", "failed"), ("ok", "ok")]
    assert pages[0]["error"] == "empty file (0 bytes)"


def test_a_new_stage_version_redoes_the_pages(chain, inputs, tmp_path):
    chain.append(StageSpec("probe", "1", lambda page, ctx: page))
    out = tmp_path / "out"
    assert run(inputs, out).count("ok") == 5
    assert run(inputs, out).count("skipped") == 5
    chain[0] = StageSpec("probe", "2", lambda page, ctx: page)
    runner._WORKER.clear()
    assert run(inputs, out).count("ok") == 5
