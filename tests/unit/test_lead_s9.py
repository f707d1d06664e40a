"""The core benchmark's census table: errors by kind and the confusions that dominate."""

from benchmarks.core import _kinds_table, _score


def test_kinds_table_counts_each_kind_and_ranks_confusions():
    marked = [_score("окно дом", "окна дом ХЮ"), _score("окно", "окна")]
    unmarked = [_score("окно дом", "окно дом")]
    rows = _kinds_table({"clean": (marked, unmarked)}).splitlines()
    with_marks = next(r for r in rows if r.startswith("| clean | yes"))
    cells = [c.strip() for c in with_marks.strip("|").split("|")]
    # two `о→а` substitutions, a space and two letters added
    assert cells[2:6] == ["5", "2", "0", "3"]
    assert cells[6].startswith("`о→а` 2")
    assert next(r for r in rows if r.startswith("| clean | no")).split("|")[3].strip() == "0"


def test_kinds_table_escapes_a_bar_so_the_row_keeps_its_cells():
    rows = _kinds_table({"clean": ([_score("I", "|")], [])}).splitlines()
    assert rows[2].count("|") - rows[2].count("\\|") == 8
    assert "`I→\\|` 1" in rows[2]
