"""The orient probe reads with the engine's first model alone (`rus` of `rus+eng`) and keeps
that reading only where it is sure of its script; otherwise it reads again with the whole
language list, as before. The page's typed-text models (`languages.typed_lang`) come out the
same either way."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.engines.tesseract import OcrWord, TesseractEngine
from pipeline.languages import typed_lang
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import orient

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def lines_page(rows, w=900, h=520) -> np.ndarray:
    """Typed lines from a common left margin (gray, dark ink on light paper)."""
    img = Image.new("L", (w, h), 240)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 22)
    for i, row in enumerate(rows):
        draw.text((30, 30 + 34 * i), row, font=font, fill=20)
    return np.array(img)


RU = ["Тов. Молотову и Вышинскому", "Шифрованная телеграмма из Пекина", "В беседе с товарищами",
      "Филиппов и его друзья высказали", "мнение о положении дел", "международной обстановки",
      "они просят ответа"]
EN = ["To comrades Molotov and Vyshinsky", "Ciphered telegram from Peking", "In a talk with",
      "the comrades Filippov and his friends", "gave their opinion on", "the international",
      "situation and ask for an answer"]


class ScriptEngine:
    """A stand-in engine with languages: each language list reads every band as the words it
    is given for it (text, confidence); all readings are logged as (lang, band shape)."""

    def __init__(self, lang, readings, log=None):
        self.lang, self.readings = lang, readings
        self.log = [] if log is None else log

    def for_lang(self, lang):
        return self if lang == self.lang else ScriptEngine(lang, self.readings, self.log)

    def recognize(self, image, psm=3, timeout=None, dpi=None):
        self.log.append((self.lang, image.shape))
        return [OcrWord(t, (10 * i, 0, 10 * i + 9, 10), c, 1, 1, 1)
                for i, (t, c) in enumerate(self.readings[self.lang])]


def probe(image, engine):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    ctx = Context(Settings(), engine=engine)
    orient.apply(page, ctx)
    return page, ctx


def test_a_sure_reading_by_the_first_model_alone_is_the_only_probe():
    words = [("Молотову", 0.93)] * 8
    engine = ScriptEngine("rus+eng", {"rus": words, "rus+eng": words})
    page, ctx = probe(lines_page(RU), engine)
    assert engine.log == [("rus", engine.log[0][1])]
    assert ctx.params["probe_lang"] == "rus" and page.preprocess["rotation"] == 0
    assert page.preprocess["probe_letters"] == {"Cyrillic": 64, "Latin": 0}


@pytest.mark.parametrize("quick", [
    [("Тоаопу", 0.30)] * 8,                           # English typing read with `rus`: unsure
    [("Молотову", 0.95)] * 3 + [("Тоаопу", 0.2)] * 5,  # half the band read in doubt
    [("Мол", 0.95)] * 8,                               # too few letters to judge the script
])
def test_an_unsure_first_reading_is_done_again_with_every_model(quick):
    full = [("Molotov", 0.9)] * 8
    engine = ScriptEngine("rus+eng", {"rus": quick, "rus+eng": full})
    page, ctx = probe(lines_page(RU), engine)
    assert [lang for lang, _ in engine.log] == ["rus", "rus+eng"]
    assert ctx.params["probe_lang"] == "rus+eng"
    assert page.preprocess["probe_letters"] == {"Cyrillic": 0, "Latin": 56}


def test_one_model_or_an_engine_without_languages_reads_as_before():
    words = [("Молотову", 0.93)] * 8
    engine = ScriptEngine("rus", {"rus": words})
    _, ctx = probe(lines_page(RU), engine)
    assert [lang for lang, _ in engine.log] == ["rus"] and ctx.params["probe_lang"] == "rus"
    assert orient._quick_engine(object()) is None


def test_sure_of_script_wants_confidence_one_script_and_few_doubtful_words():
    def reading(words):
        chars = sum(len(t) for t, _ in words)
        conf = sum(c * len(t) for t, c in words) / chars
        return (conf, chars, " ".join(t for t, _ in words),
                [OcrWord(t, (0, 0, 1, 1), c, 1, 1, 1) for t, c in words])
    sure = [("Молотову", 0.9)] * 5
    assert orient._sure_of_script(reading(sure), "rus+eng", "rus")
    assert not orient._sure_of_script(reading([("Молотову", 0.45)] * 5), "rus+eng", "rus")
    # as many Latin letters as Cyrillic ones: `narrow_lang` keeps both models
    assert not orient._sure_of_script(reading(sure + [("Molotovy", 0.9)] * 5), "rus+eng", "rus")
    doubtful = [("Молотову", 0.99)] * 4 + [("Молотову", 0.4)] * 5  # mean 0.66, 56% in doubt
    assert not orient._sure_of_script(reading(doubtful), "rus+eng", "rus")


@pytest.mark.parametrize("rows, turn, quick", [(RU, 0, True), (RU, 2, True), (EN, 0, False),
                                               (EN, 2, False)])
def test_real_tesseract_probe_turns_and_chooses_models_as_the_whole_list_does(rows, turn, quick):
    image = np.ascontiguousarray(np.rot90(lines_page(rows), turn))
    page, ctx = probe(image, TesseractEngine("rus+eng"))
    # English typing is not read surely by `rus`: the whole list reads it again
    assert ctx.params["probe_lang"] == ("rus" if quick else "rus+eng")
    # the whole list alone (no first model to try) turns the page and narrows its models alike
    base_page, base_ctx = probe(image, FullOnly(TesseractEngine("rus+eng")))
    assert base_ctx.params["probe_lang"] == "rus+eng"
    assert page.preprocess["rotation"] == base_page.preprocess["rotation"]
    assert typed_lang(page, "rus+eng") == typed_lang(base_page, "rus+eng")
    if quick:
        assert page.preprocess["rotation"] == 90 * turn
        assert typed_lang(page, "rus+eng") == "rus"


class FullOnly:
    """A real engine seen without `for_lang`: the probe reads with its whole list only."""

    def __init__(self, engine):
        self.engine, self.lang = engine, engine.lang

    def recognize(self, *args, **kwargs):
        return self.engine.recognize(*args, **kwargs)
