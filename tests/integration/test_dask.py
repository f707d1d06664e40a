"""The Dask executor: a LocalCluster of two worker processes gives the local pool's outputs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from runoutputs import outputs

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def page(i: int) -> Image.Image:
    im = Image.new("L", (760, 220), 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 28)
    for j, line in enumerate([f"Archive record {1950 + i}, fund {17 + i}",
                              "Moscow telegram to the ministry",
                              f"Received on the {i + 3}th of May", "Copy sent to the regional office"]):
        draw.text((20, 20 + 44 * j), line, fill=0, font=font)
    return im


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("dask")
    d = base / "in"
    d.mkdir()
    page(0).save(d / "a.png")
    page(1).convert("RGB").save(d / "b.jpg", quality=90)
    page(2).save(d / "m.tif", save_all=True, append_images=[page(3)])
    (d / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    return base


def run(base: Path, out: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", "in", "-o", out, "--jobs", "2",
                           *extra], cwd=base, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})




@pytest.fixture(scope="module")
def local(inputs):
    res = run(inputs, "local")
    assert res.returncode == 1, res.stderr  # broken.png fails, the rest is done
    return outputs(inputs / "local", summary=True)


def test_dask_local_cluster_equals_local_pool(inputs, local):
    res = run(inputs, "dask", "--executor", "dask")
    assert res.returncode == 1, res.stderr
    got = outputs(inputs / "dask", summary=True)
    assert sorted(got) == sorted(local) and len(got) == 1 + 4 * 4
    assert got == local
    assert "FAILED in/broken.png" in res.stderr


def test_dask_running_scheduler(inputs, local):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        res = run(inputs, "sched", "--executor", "dask", "--scheduler", cluster.scheduler_address)
        assert res.returncode == 1, res.stderr
        assert outputs(inputs / "sched", summary=True) == local
        # a rerun on the cluster skips everything done
        again = run(inputs, "sched", "--executor", "dask", "--scheduler", cluster.scheduler_address)
        summary = json.loads((inputs / "sched" / "summary.json").read_text())
        assert again.returncode == 1
        assert [p["status"] for p in summary["pages"]].count("skipped") == 4


def test_stuck_dask_task_is_abandoned_and_the_rest_done():
    from pipeline.errors import PageTimeoutError
    from pipeline.executors import DaskExecutor

    ex = DaskExecutor(2)
    try:
        out = dict(ex.run(eval, ["__import__('time').sleep(120)", "1", "2", "3"], hard_timeout=4))
    finally:
        ex.close()
    assert isinstance(out[0], PageTimeoutError)
    assert [out[i] for i in (1, 2, 3)] == [1, 2, 3]


def _worker_view() -> dict:
    import dask

    return {"omp": os.environ.get("OMP_THREAD_LIMIT"),
            "malloc": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            "tick": dask.config.get("distributed.admin.tick.interval"),
            "profile": dask.config.get("distributed.worker.profile.enabled")}


def test_own_local_cluster_workers_run_quiet_with_the_pools_environment(monkeypatch):
    from pipeline.executors import DaskExecutor

    # a nanny writes its environment into its parent's os.environ: an earlier cluster in this
    # test process would leave it here, where `pipeline run` never has one
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    ex = DaskExecutor(1)
    try:
        views = list(ex.client.run(_worker_view).values())
    finally:
        ex.close()
    assert views == [{"omp": "1", "malloc": None, "tick": "1s", "profile": False}]
