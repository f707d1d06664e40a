"""Line crops of a real 1939 newspaper (tests/data/komi-lines, public domain) through `run`
and `eval` with real Tesseract: a pipeline given a single line image returns its text."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.evaluation.batch import EvalOptions, evaluate
from pipeline.evaluation.pairing import pair

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "komi-lines"


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, check=False,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"})


def test_single_line_crops_are_read_whole_and_eval_pairs_them(tmp_path):
    lines = tmp_path / "lines"
    shutil.copytree(DATA, lines)
    # The same line scanned on its side must be turned and read too.
    stem = "kpv_1-7_Vyl_tujod_1939_09_10_0001-0054-line_1_58"
    turned = np.rot90(np.array(Image.open(lines / f"{stem}.tif")))
    Image.fromarray(np.ascontiguousarray(turned)).save(lines / "turned line.png")
    shutil.copy(lines / f"{stem}.gt.txt", lines / "turned line.gt.txt")

    res = _cli("run", lines, "-o", "out", "--lang", "rus", "--jobs", "1", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    result = evaluate(pair(tmp_path / "out", lines), EvalOptions(normalize="diplomatic"))
    # "turned line" is written as turned_line.json and pairs by its source file's name.
    assert result.ocr_only == [] and result.gold_only == [] and len(result.pages) == 4
    for page in result.pages:
        # Raw `tesseract --psm 7 -l rus` reads these lines at 0-9 % CER; before crops were
        # handled the pipeline returned nothing (100 %).
        assert page.score.cer <= 0.15, (page.pair.stem, page.pair.ocr.text)
        assert len(page.pair.ocr.text.splitlines()) == 1
    turned_page = json.loads((tmp_path / "out" / "turned_line.json").read_text(encoding="utf-8"))
    assert turned_page["preprocess"]["rotation"] in (90, 270)
    # Boxes are in the pixels of the crop as stored, not of the margin added around it.
    h, w = turned.shape
    for region in turned_page["regions"]:
        x0, y0, x1, y1 = region["bbox"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
    assert _cli("eval", "out", "--gold", lines, "--normalize", "diplomatic",
                cwd=tmp_path).returncode == 0
