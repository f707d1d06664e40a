"""Lead, session 11: the English destination's gazetteer."""

import pytest
from test_f19_s11 import _english


@pytest.mark.parametrize("read, city", [
    ("SCFIA", "SOFIA"),  # a worn O read C
    ("SOFTA", "SOFIA"),  # I read T
    ("PEKTNG", "PEKING"),
    ("ODESSA", "ODESSA"),  # a city the gazetteer lacks is kept as read
    ("SOPHIA", "SOPHIA"),  # ... and so is a word two edits from one it has
])
def test_a_destination_city_ocr_nearly_got_right_is_spelt_as_the_gazetteer_has_it(read, city):
    assert _english("Destination: PEKING", f"Destination: {read}")["destination"] == city


@pytest.mark.parametrize("argv, code", [(["--help"], 0), (["filds"], 2)])
def test_benchmarks_help_or_an_unknown_section_runs_nothing_and_leaves_the_file(argv, code, monkeypatch, tmp_path):
    import benchmarks.__main__ as bench

    out = tmp_path / "BENCHMARKS.md"
    out.write_text("kept\n")
    monkeypatch.setattr(bench, "OUT", out)
    monkeypatch.setattr(bench, "WORK", tmp_path / "work")
    with pytest.raises(SystemExit) as exit_:
        bench.main(argv)
    assert exit_.value.code == code
    assert out.read_text() == "kept\n" and not (tmp_path / "work").exists()


def test_benchmarks_sections_named_are_the_ones_run():
    import benchmarks.__main__ as bench

    assert bench._parse([]) == bench.SECTIONS
    assert bench._parse(["fields", "core"]) == ["fields", "core"]
