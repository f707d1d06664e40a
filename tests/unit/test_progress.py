import io

from pipeline.progress import Progress, failure_line


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    p = Progress(3, stream=out, tty=False)
    p.update("a", "ok", 1.25)
    p.update("b", "failed", 0.5, failure_line("in/b.png", 1, 1, "truncated\nfile"))
    p.update("c", "skipped", 0.0)
    p.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/3] ok") and " a (1.2 s" in lines[0]
    assert lines[1] == "FAILED in/b.png: truncated file"
    assert lines[2].startswith("[2/3] failed") and lines[3].startswith("[3/3] skipped")
    assert p.counts == {"ok": 1, "failed": 1, "skipped": 1}


def test_quiet_prints_only_failures():
    out = io.StringIO()
    p = Progress(2, stream=out, tty=False, quiet=True)
    p.update("a", "ok", 1.0)
    p.update("b", "failed", 1.0, failure_line("doc.tif", 2, 3, "cannot decode"))
    p.close()
    assert out.getvalue() == "FAILED doc.tif (page 2): cannot decode\n"


def test_bar_on_a_terminal():
    out = io.StringIO()
    p = Progress(2, stream=out, tty=True)
    p.update("a", "ok", 1.0)
    p.update("b", "failed", 1.0, "FAILED b.png: bad")
    p.close()
    text = out.getvalue()
    assert "2/2" in text and "ok 1, failed 1" in text and "pages/min" in text
    assert "FAILED b.png: bad" in text and "[1/2]" not in text  # a bar, not log lines
