import os

import pytest

from pipeline.errors import NoInputError
from pipeline.inputs import assign_stems, find_inputs, page_stem, safe_stem


@pytest.mark.parametrize("name, stem", [
    ("scan 01.png", "scan_01"),
    ("it's \"quoted\"; rm -rf.png", "it_s_quoted_rm_-rf"),
    ("-leading-dash.tif", "leading-dash"),
    ("..png", "page"),
    (".hidden.png", "hidden"),
    ("Телеграмма №5.jpg", "Телеграмма_5"),
    ("a\nb\tc.png", "a_b_c"),
    ("v1.2+final.pdf", "v1.2+final"),
])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


def test_safe_stem_is_bounded_and_never_a_path():
    long = safe_stem("ж" * 300 + ".png")
    assert len(long.encode()) <= 120 and long == "ж" * len(long)
    assert "/" not in safe_stem("a/../../etc/passwd.png") and safe_stem("..") == "page"


def test_assign_stems_unique_and_stable():
    files = [("a/scan.png", 1), ("b/scan.png", 1), ("c/SCAN.tif", 1), ("x/summary.png", 1),
             ("doc.tif", 2), ("doc-p0001.png", 1)]
    bases = assign_stems(files)
    assert bases[0] == "scan" and bases[1].startswith("scan-") and bases[2].startswith("SCAN-")
    assert bases[3].startswith("summary-")  # would overwrite summary.json
    assert bases[4] == "doc" and bases[5].startswith("doc-p0001-")
    stems = [page_stem(b, p, n) for b, (_, n) in zip(bases, files) for p in range(1, n + 1)]
    assert len({s.casefold() for s in stems}) == len(stems)
    assert assign_stems(files) == bases  # same inputs, same stems (resume relies on it)


def test_find_inputs_walks_sorted_skips_hidden_and_output(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "out").mkdir()
    for rel in ("in/b.png", "in/a.JPG", "in/sub/c.pdf", "in/notes.txt", "in/.hidden.png",
                "in/out/old.overlay.png"):
        (tmp_path / rel).write_bytes(b"x")
    os.symlink(tmp_path / "in", tmp_path / "in" / "sub" / "loop")  # a folder loop
    found = find_inputs([str(tmp_path / "in")], exclude=tmp_path / "in" / "out")
    assert [os.path.relpath(f, tmp_path) for f in found] == ["in/a.JPG", "in/b.png", "in/sub/c.pdf"]


def test_find_inputs_keeps_named_files_and_dedupes(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("x")
    assert find_inputs([str(f), str(f)]) == [str(f)]


def test_find_inputs_errors(tmp_path):
    with pytest.raises(NoInputError, match="no such input"):
        find_inputs([str(tmp_path / "missing")])
    with pytest.raises(NoInputError, match="no input files"):
        find_inputs([str(tmp_path)])
    loop = tmp_path / "loop.png"
    loop.symlink_to(loop)
    assert find_inputs([str(tmp_path)]) == [str(loop)]  # kept: loading it says why it fails
