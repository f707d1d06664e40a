"""The `eval` command end to end on small inline batches (no OCR; see tests/integration for that)."""

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluation.pairing import pair

PAGE = {"schema": "pipeline.page/1",
        "source": {"path": "missing.png", "sha256": "0" * 64, "page": 1, "width": 100, "height": 50, "dpi": None},
        "preprocess": {"rotation": 0, "skew_deg": 0.0}, "regions": [], "text": "", "text_normalized": "",
        "fields": {}, "engine": {}, "review": [], "steps": []}


def _strict_json(path: Path):
    def bad(name):
        raise ValueError(f"non-standard JSON constant {name}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=bad)


@pytest.fixture
def batch(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    (gold / "sub").mkdir(parents=True)
    out.mkdir()
    (out / "good.json").write_text(json.dumps({**PAGE, "text": "Тов. Мао-Дзе-Дун !"}), encoding="utf-8")
    (out / "good.txt").write_text("ignored: the page JSON wins", encoding="utf-8")
    (gold / "good.gt.txt").write_text("Тов. Мао-Дзе-Дун !\n", encoding="utf-8")
    (out / "bad.txt").write_text("Тов. Мао-Дзе-Дун !", encoding="utf-8")
    (gold / "sub" / "bad.gt.txt").write_text("Тов. Мао", encoding="utf-8")
    (out / "spaced.txt").write_text('Ф и л и п п о в об"единеню', encoding="utf-8")
    (gold / "spaced.gt.txt").write_text("Филиппов объединению", encoding="utf-8")
    (out / "nogold.txt").write_text("x", encoding="utf-8")
    (gold / "noocr.gt.txt").write_text("y", encoding="utf-8")
    (out / "summary.json").write_text("[]", encoding="utf-8")
    return out, gold


def test_pairing_by_stem_lists_the_unpaired(batch):
    out, gold = batch
    p = pair(out, gold)
    assert [x.stem for x in p.pairs] == ["bad", "good", "spaced"]
    assert p.ocr_only == ["nogold"] and p.gold_only == ["noocr"]
    good = next(x for x in p.pairs if x.stem == "good")
    assert good.ocr.page is not None and good.ocr.text == "Тов. Мао-Дзе-Дун !"


def test_eval_writes_pooled_metrics_and_table_worst_first(batch, capsys):
    out, gold = batch
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    stdout = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in stdout[1:4]] == ["bad", "spaced", "good"]
    assert stdout[4].startswith("batch: 3 pages")
    doc = _strict_json(out / "report" / "metrics.json")
    pages = {p["stem"]: p for p in doc["pages"]}
    assert pages["good"]["cer"] == 0.0
    # normalized mode joins the letter spacing and maps " to ъ: only the missing и counts
    assert (pages["spaced"]["char_errors"], pages["spaced"]["deletions"]) == (1, 1)
    # "Тов. Мао" -> "Тов. Мао-Дзе-Дун !": 10 inserted graphemes over 8 gold ones
    assert (pages["bad"]["char_errors"], pages["bad"]["characters"], pages["bad"]["insertions"]) == (10, 8, 10)
    b = doc["batch"]
    assert b["characters"] == 8 + 18 + 20 and b["char_errors"] == 11
    assert b["cer"] == pytest.approx(11 / 46)  # pooled, not the mean of page rates
    assert doc["unpaired"] == {"ocr_without_gold": ["nogold"], "gold_without_ocr": ["noocr"]}
    assert (out / "report" / "index.html").is_file()
    assert all((out / "report" / p["view"]).is_file() for p in doc["pages"])


def test_diplomatic_mode_counts_typewriter_conventions(batch):
    out, gold = batch
    assert main(["eval", str(out), "--gold", str(gold), "--normalize", "diplomatic"]) == 0
    doc = _strict_json(out / "report" / "metrics.json")
    assert next(p for p in doc["pages"] if p["stem"] == "spaced")["cer"] > 0.3


def test_ignore_case_and_punctuation(tmp_path):
    out, gold = tmp_path / "o", tmp_path / "g"
    out.mkdir(), gold.mkdir()
    (out / "a.txt").write_text("ТОВ, МАО!", encoding="utf-8")
    (gold / "a.gt.txt").write_text("Тов. Мао", encoding="utf-8")
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    assert _strict_json(out / "report" / "metrics.json")["batch"]["cer"] > 0.5
    assert main(["eval", str(out), "--gold", str(gold), "--ignore-case", "--ignore-punctuation"]) == 0
    doc = _strict_json(out / "report" / "metrics.json")
    assert doc["batch"]["cer"] == 0.0 and doc["options"]["ignore_case"] is True


def test_max_cer_gate(batch, capsys):
    out, gold = batch
    assert main(["eval", str(out), "--gold", str(gold), "--max-cer", "0.5"]) == 0
    assert "QA gate passed" in capsys.readouterr().out
    assert main(["eval", str(out), "--gold", str(gold), "--max-cer", "5%"]) == 1
    err = capsys.readouterr().err
    assert "QA gate failed: batch CER 23.91 % is above --max-cer 5.00 %" in err
    doc = _strict_json(out / "report" / "metrics.json")
    assert doc["gate"] == {"max_cer": 0.05, "passed": False}


def test_empty_gold_gives_valid_json_and_flag(tmp_path):
    out, gold = tmp_path / "o", tmp_path / "g"
    out.mkdir(), gold.mkdir()
    (out / "e.txt").write_text("abc", encoding="utf-8")
    (gold / "e.gt.txt").write_text("\n", encoding="utf-8")
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    doc = _strict_json(out / "report" / "metrics.json")
    assert doc["pages"][0]["cer"] == 1.0 and doc["pages"][0]["flags"] == ["empty_gold"]
    assert doc["batch"]["flags"] == ["empty_gold"]


def test_bad_usage_and_no_pairs(tmp_path, batch):
    out, gold = batch
    assert main(["eval", str(out), "--gold", str(gold), "--max-cer", "lots"]) == 2
    assert main(["eval", str(out), "--gold", str(tmp_path / "nowhere")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["eval", str(empty), "--gold", str(gold)]) == 4
    assert main(["eval", str(tmp_path / "absent"), "--gold", str(gold)]) == 4


def test_truth_scores_called_when_present_and_guarded(batch, monkeypatch):
    import sys
    import types

    out, gold = batch
    (gold / "good.truth.json").write_text(json.dumps(
        {"skew_deg": 0.0, "rotation": 0, "regions": [{"type": "stamp", "bbox": [0, 0, 5, 5], "text": ""}],
         "fields": {"number": "8600"}}), encoding="utf-8")
    seen = {}
    fields = types.ModuleType("pipeline.evaluation.fields")
    fields.score_fields = lambda pred, truth: seen.setdefault("fields", {"n_truth": len(truth)})
    regions = types.ModuleType("pipeline.evaluation.regions")
    regions.score_regions = lambda pred, truth: {"stamp": {"n_pred": len(pred), "n_truth": len(truth)}}
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.fields", fields)
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.regions", regions)
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    good = next(p for p in _strict_json(out / "report" / "metrics.json")["pages"] if p["stem"] == "good")
    assert good["regions"] == {"stamp": {"n_pred": 0, "n_truth": 1}}
    assert good["fields"] == {"n_truth": 1}
    # without the scoring modules eval still works, just without those keys
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.fields", None)
    monkeypatch.setitem(sys.modules, "pipeline.evaluation.regions", None)
    assert main(["eval", str(out), "--gold", str(gold)]) == 0
    good = next(p for p in _strict_json(out / "report" / "metrics.json")["pages"] if p["stem"] == "good")
    assert "regions" not in good and "fields" not in good


def _page_from(out: Path, stem: str, source: str, text: str, page_no: int = 1) -> None:
    src = {**PAGE["source"], "path": source, "page": page_no}
    (out / f"{stem}.json").write_text(json.dumps({**PAGE, "source": src, "text": text}),
                                      encoding="utf-8")


def test_sanitised_stems_pair_by_their_source_file_stem(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir(), gold.mkdir()
    name = "12148-btv1b [Note] l'état__x"
    _page_from(out, "12148-btv1b_Note_l_état_x", f"/scans/{name}.jpg", "Note")
    (gold / f"{name}.gt.txt").write_text("Note", encoding="utf-8")
    (gold / f"{name}.truth.json").write_text('{"regions": []}', encoding="utf-8")
    # A page of a multi-page file pairs with that page's gold text.
    _page_from(out, "rapport_final-p0002", "C:\\docs\\rapport final.pdf", "deux", page_no=2)
    (gold / "rapport final-p0002.gt.txt").write_text("deux", encoding="utf-8")
    p = pair(out, gold)
    assert [(x.stem, x.gold_path.name) for x in p.pairs] == [
        ("12148-btv1b_Note_l_état_x", f"{name}.gt.txt"),
        ("rapport_final-p0002", "rapport final-p0002.gt.txt")]
    assert p.pairs[0].truth_path == gold / f"{name}.truth.json"
    assert p.ocr_only == [] and p.gold_only == []


def test_source_stem_pairs_only_when_one_page_claims_the_gold(tmp_path):
    out, gold = tmp_path / "out", tmp_path / "gold"
    out.mkdir(), gold.mkdir()
    # Two pages of one PDF both come from "a b.pdf": "a b.gt.txt" is nobody's page alone.
    _page_from(out, "a_b-p0001", "a b.pdf", "one", page_no=1)
    _page_from(out, "a_b-p0002", "a b.pdf", "two", page_no=2)
    (gold / "a b.gt.txt").write_text("one two", encoding="utf-8")
    # A page named exactly like a gold text keeps it; its source stem is not looked at.
    _page_from(out, "c", "other name.png", "c")
    (gold / "c.gt.txt").write_text("c", encoding="utf-8")
    (gold / "other name.gt.txt").write_text("c", encoding="utf-8")
    # A plain-text output has no source to go by.
    (out / "d_e.txt").write_text("d", encoding="utf-8")
    (gold / "d e.gt.txt").write_text("d", encoding="utf-8")
    p = pair(out, gold)
    assert [(x.stem, x.gold_path.name) for x in p.pairs] == [("c", "c.gt.txt")]
    assert p.ocr_only == ["a_b-p0001", "a_b-p0002", "d_e"]
    assert p.gold_only == ["a b", "d e", "other name"]
