"""Our CER and WER against dinglehopper's, from fixtures made by running it for real.

tests/data/dinglehopper/expected.json records the dinglehopper version and command; the texts
are in tests/data/dinglehopper/pairs. dinglehopper is not needed here.
"""

import json
from pathlib import Path

import pytest

from pipeline.evaluation.metrics import character_error_rate, word_error_rate

DATA = Path(__file__).resolve().parents[1] / "data" / "dinglehopper"
FIXTURES = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
AGREE = [c for c in FIXTURES["cases"] if c["agree"]]
DIFFER = [c for c in FIXTURES["cases"] if not c["agree"]]


def _as_dinglehopper_reads(path: Path) -> str:
    # Its plain-text reader: universal newlines, each line stripped, lines joined by "\n".
    with open(path, encoding="utf-8") as fh:
        return "\n".join(line.strip() for line in fh.readlines())


def _pair(name: str) -> tuple[str, str]:
    return (_as_dinglehopper_reads(DATA / "pairs" / f"{name}.gt.txt"),
            _as_dinglehopper_reads(DATA / "pairs" / f"{name}.ocr.txt"))


def test_enough_fixtures_of_each_kind():
    names = {c["name"] for c in AGREE}
    assert len(AGREE) >= 25
    assert {"combining_marks", "empty_lines_gold", "letter_spaced_gold", "long_page_cyrillic"} <= names
    assert FIXTURES["dinglehopper_version"] and "dinglehopper" in FIXTURES["command"]


@pytest.mark.parametrize("case", AGREE, ids=[c["name"] for c in AGREE])
def test_cer_and_wer_equal_dinglehopper(case):
    gold, ocr = _pair(case["name"])
    cer, n = character_error_rate(gold, ocr)
    wer, nw = word_error_rate(gold, ocr)
    assert n == case["n_characters"]
    assert nw == case["n_words"]
    assert cer == pytest.approx(case["cer"], abs=1e-9)
    assert wer == pytest.approx(case["wer"], abs=1e-9)


@pytest.mark.parametrize("case", DIFFER, ids=[c["name"] for c in DIFFER])
def test_documented_differences_hold(case):
    gold, ocr = _pair(case["name"])
    cer, n = character_error_rate(gold, ocr)
    assert case["why_not"]
    if case["cer"] == "Infinity":
        assert (cer, n) == (1.0, 0)  # defined and finite where dinglehopper says Infinity
    else:
        assert cer != pytest.approx(case["cer"], abs=1e-9)
