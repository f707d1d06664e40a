"""The normalize stage fills text_normalized and leaves the diplomatic text as typed."""

from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import normalize as stage


def _page(text: str) -> Page:
    page = Page(Source("a.png", "0" * 64, 1, 10, 10))
    page.text = text
    return page


def test_normalized_layer_joins_spaced_words_and_maps_hard_sign():
    typed = 'к об"единению.\nФ и л и п п о в".\nСОВ.  СЕКРЕТНО'
    page = stage.apply(_page(typed), Context(Settings()))
    assert page.text == typed
    lines = page.text_normalized.splitlines()
    assert lines[0] == "к объединению."
    assert lines[1].startswith("Филиппов")
    assert lines[2] == "СОВ. СЕКРЕТНО"


def test_line_end_hyphenation_joined_and_params_noted():
    ctx = Context(Settings())
    page = stage.apply(_page("пред-\nложением корейцев"), ctx)
    assert page.text_normalized == "предложением корейцев"
    assert ctx.params == {"mode": "normalized"}


def test_empty_text_gives_empty_layer():
    assert stage.apply(_page(""), Context(Settings())).text_normalized == ""
