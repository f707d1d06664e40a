"""`python -m pipeline run` end to end with real Tesseract on small generated pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


LINES = ["Archive record 1950, fund 17", "Moscow telegram to the ministry",
         "Received on the third of May", "Copy sent to the regional office"]


def text_page(path: Path, lines: list[str] = LINES, size=(760, 220), mode="L") -> Path:
    """A small clean page with typed lines, saved in the format its suffix names."""
    im = Image.new("L", size, 255)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 28)
    for i, line in enumerate(lines):
        draw.text((20, 20 + 44 * i), line, fill=0, font=font)
    im.convert(mode).save(path)
    return path


def cli(*args, cwd, env=None, **kw):
    """Run the CLI in a subprocess; returns the CompletedProcess (text)."""
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, **kw)


def page_schema():
    for d in (ROOT / "schemas", ROOT / "tests" / "data" / "schemas", Path("/work/shared/schemas")):
        if (d / "page-1.schema.json").exists():
            return json.loads((d / "page-1.schema.json").read_text())
    raise FileNotFoundError("page-1.schema.json")


def test_run_ocrs_pages_and_says_where(tmp_path):
    import jsonschema

    inp = tmp_path / "scans"
    inp.mkdir()
    text_page(inp / "one.png")
    text_page(inp / "two.jpg", LINES[::-1])
    res = cli("scans", "-o", "out", "--jobs", "2", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1].startswith("results in out/ (2 done")
    assert "[2/2] ok" in res.stderr  # plain log lines: stderr is not a terminal
    one = json.loads((tmp_path / "out" / "one.json").read_text())
    jsonschema.validate(one, page_schema())
    assert one["text"].splitlines() == LINES
    two = (tmp_path / "out" / "two.txt").read_text()
    assert "Received on the third of May" in two
    assert one["steps"][0]["name"] == "load" and one["source"]["path"] == "scans/one.png"
    for stem in ("one", "two"):
        for suffix in (".json", ".txt"):
            assert (tmp_path / "out" / f"{stem}{suffix}").stat().st_size > 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["complete"] and [p["status"] for p in summary["pages"]] == ["ok", "ok"]


def test_exit_codes_for_no_input_and_bad_arguments(tmp_path):
    (tmp_path / "empty").mkdir()
    res = cli("empty", "-o", "out", cwd=tmp_path)
    assert res.returncode == 4 and "no input files" in res.stderr
    assert cli("missing.png", cwd=tmp_path).returncode == 4
    assert cli("empty", "--jobs", "0", cwd=tmp_path).returncode == 2
    assert cli("empty", "--scheduler", "tcp://127.0.0.1:1", cwd=tmp_path).returncode == 2


def test_missing_language_exits_3_before_any_page(tmp_path):
    text_page(tmp_path / "a.png")
    res = cli("a.png", "-o", "out", "--lang", "eng+xyz", cwd=tmp_path)
    assert res.returncode == 3
    assert "apt-get install tesseract-ocr-xyz" in res.stderr
    assert not (tmp_path / "out").exists()


def test_tesseract_not_installed_exits_3(tmp_path):
    text_page(tmp_path / "a.png")
    res = cli("a.png", "-o", "out", cwd=tmp_path, env={"PATH": str(Path(sys.executable).parent)})
    assert res.returncode == 3
    assert "apt-get install tesseract-ocr" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_overlay_written_when_asked(tmp_path):
    pytest.importorskip("pipeline.formats.overlay")
    text_page(tmp_path / "a.png")
    res = cli("a.png", "-o", "out", "--overlay", "--jobs", "1", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    with Image.open(tmp_path / "out" / "a.overlay.png") as im:
        assert im.size == (760, 220)


def test_overlay_is_drawn_on_the_scan_as_loaded(tmp_path):
    # A crop turned a quarter: the pipeline turns it upright and lays it on a paper margin, but
    # the overlay shows the file's own pixels with the regions where the JSON puts them.
    from pipeline.formats.overlay import COLOURS

    text_page(tmp_path / "a.png")
    with Image.open(tmp_path / "a.png") as im:
        im.transpose(Image.Transpose.ROTATE_90).save(tmp_path / "turned.png")
    res = cli("turned.png", "-o", "out", "--overlay", "--jobs", "1", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    page = json.loads((tmp_path / "out" / "turned.json").read_text())
    assert page["preprocess"]["rotation"] in (90, 270)
    with Image.open(tmp_path / "out" / "turned.overlay.png") as im:
        overlay = np.asarray(im.convert("RGB"))
    assert overlay.shape[:2] == (760, 220)
    with Image.open(tmp_path / "turned.png") as im:
        scan = np.asarray(im.convert("RGB"))
    assert (overlay == scan).all(axis=2).mean() > 0.9  # the scan, untouched off the outlines
    text = next(r for r in page["regions"] if r["type"] == "text")
    x0, y0, x1, y1 = (int(round(v)) for v in text["bbox"])
    bgr = COLOURS["text"]
    assert tuple(overlay[(y0 + y1) // 2, x0]) == (bgr[2], bgr[1], bgr[0])  # left edge of the box


def test_timeout_fails_the_slow_page_and_the_batch_goes_on(tmp_path):
    text_page(tmp_path / "slow.png", size=(1500, 1200))
    Image.new("L", (1, 1), 255).save(tmp_path / "tiny.png")
    res = cli("slow.png", "tiny.png", "-o", "out", "--jobs", "1", "--timeout", "0.3", cwd=tmp_path)
    assert res.returncode == 1
    assert "FAILED slow.png: " in res.stderr and "0.3 s" in res.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [(p["stem"], p["status"]) for p in summary["pages"]] == [("slow", "failed"),
                                                                    ("tiny", "ok")]
    assert summary["pages"][0]["seconds"] < 5


def test_input_named_like_an_option(tmp_path):
    text_page(tmp_path / "-x.png")
    res = cli("-o", "out", "--jobs", "1", "--", "-x.png", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "out" / "x.json").read_text())["source"]["path"] == "-x.png"
