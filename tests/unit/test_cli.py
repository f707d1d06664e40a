from pipeline.cli import main


def test_unknown_profile_is_a_usage_error_before_any_page(tmp_path, capsys):
    scan = tmp_path / "a.png"
    scan.write_bytes(b"not even read")
    assert main(["run", str(scan), "-o", str(tmp_path / "out"), "--profile", "no-such-form"]) == 2
    assert "unknown --profile 'no-such-form'" in capsys.readouterr().err
    assert not (tmp_path / "out" / "a.json").exists()


def test_bad_option_exits_2():
    assert main(["run", "--jobs", "zero"]) == 2


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "run" in capsys.readouterr().out
