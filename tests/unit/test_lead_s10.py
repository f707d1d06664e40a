"""The fields benchmark's table of wrong fields shows where a long value first differs."""

from benchmarks.fields import _differ_from, _short


def test_a_long_body_is_shown_from_just_before_its_first_difference():
    typed = "По сведениям, полученным от румынского министерства, пароход прибыл в порт"
    read = typed.replace("пароход", "парохол")
    at = _differ_from(typed, read)
    shown_typed, shown_read = _short(typed, at), _short(read, at)
    assert shown_typed.startswith("…") and shown_typed != shown_read
    assert "пароход" in shown_typed and "парохол" in shown_read


def test_a_difference_near_the_start_is_shown_from_the_start():
    assert _differ_from("1523", "1525") == 0
    assert _short("1523") == '"1523"'
    assert _differ_from("x" * 100, None) == 0
