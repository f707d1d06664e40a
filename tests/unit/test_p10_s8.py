"""The orient probe reads with the engine's first model alone (`rus` of `rus+eng`) and keeps that
reading only where it is sure of its script: confident, few doubtful words, no letter foreign to
the model's word list, mostly words of that list. Otherwise it reads again with the whole
language list, as before; the page's rotation and typed-text models come out the same."""

import numpy as np
import pytest
from glyphgen import typed_rows
from PIL import Image

from pipeline import lexicon
from pipeline.engines.tesseract import OcrWord, TesseractEngine
from pipeline.languages import foreign_letters, known_share, model_alphabet, typed_lang
from pipeline.model import Page, Source
from pipeline.settings import Context, Settings
from pipeline.stages import orient

needs_rus_words = pytest.mark.skipif(not lexicon.words("rus"), reason="no rus word list")


def lines_page(rows, w=900, h=520) -> np.ndarray:
    """Typed lines from a common left margin (gray, dark ink on light paper)."""
    return typed_rows(rows, w, h, size=22, margin=30, step=34, paper=240, ink=20)


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


class FullOnly:
    """A real engine seen without `for_lang`: the probe reads with its whole list only (HEAD)."""

    def __init__(self, engine):
        self.engine, self.lang = engine, engine.lang

    def recognize(self, *args, **kwargs):
        return self.engine.recognize(*args, **kwargs)


def probe(image, engine):
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    ctx = Context(Settings(), engine=engine)
    orient.apply(page, ctx)
    return page, ctx


def reading(words):
    """A `_reading_score` tuple of (text, confidence) words."""
    chars = sum(len(t) for t, _ in words)
    conf = sum(c * len(t) for t, c in words) / chars
    return (conf, chars, " ".join(t for t, _ in words),
            [OcrWord(t, (0, 0, 1, 1), c, 1, 1, 1) for t, c in words])


RUSSIAN = [("телеграмма", 0.93), ("беседе", 0.9), ("товарищами", 0.95), ("мнение", 0.9)] * 2


@needs_rus_words
def test_a_sure_reading_by_the_first_model_alone_is_the_only_probe():
    engine = ScriptEngine("rus+eng", {"rus": RUSSIAN, "rus+eng": RUSSIAN})
    page, ctx = probe(lines_page(RU), engine)
    assert engine.log == [("rus", engine.log[0][1])]
    assert ctx.params["probe_lang"] == "rus" and page.preprocess["rotation"] == 0
    assert page.preprocess["probe_letters"] == {"Cyrillic": 64, "Latin": 0}


@needs_rus_words
@pytest.mark.parametrize("quick", [
    [("Тор", 0.9), ("Ѕесгеі", 0.9)] * 8,                    # letters no Russian word has
    [("М1п15Егу", 0.9), ("адгеез", 0.9), ("Ро1а", 0.9)] * 5,  # English look-alikes, confident
    [("телеграмма", 0.55)] * 8,                             # not confident enough
    RUSSIAN[:3] + [("Тоаопу", 0.2)] * 6,                    # half the band read in doubt
    [("Мол", 0.95)] * 8,                                    # too few letters to judge the script
])
def test_an_unsure_first_reading_is_done_again_with_every_model(quick):
    full = [("Molotov", 0.9)] * 8
    engine = ScriptEngine("rus+eng", {"rus": quick, "rus+eng": full})
    page, ctx = probe(lines_page(RU), engine)
    assert [lang for lang, _ in engine.log] == ["rus", "rus+eng"]
    assert ctx.params["probe_lang"] == "rus+eng"
    assert page.preprocess["probe_letters"] == {"Cyrillic": 0, "Latin": 56}


def test_one_model_or_an_engine_without_languages_reads_as_before():
    engine = ScriptEngine("rus", {"rus": RUSSIAN})
    _, ctx = probe(lines_page(RU), engine)
    assert [lang for lang, _ in engine.log] == ["rus"] and ctx.params["probe_lang"] == "rus"
    assert orient._quick_engine(object()) is None


@pytest.mark.parametrize("lang, quick", [("rus+eng", "rus"), ("rus+eng+fra", "rus"),
                                         ("fra+eng", None), ("rus+ukr+eng", None),
                                         ("kpv+rus", None), ("rus", None)])
def test_the_first_model_is_tried_alone_only_where_narrowing_could_leave_it_alone(lang, quick):
    # `fra+eng` is one script: no reading by `fra` narrows the list to `fra`; `ukr` would
    # stay beside `rus`; `kpv` is a model of no known script
    found = orient._quick_engine(ScriptEngine(lang, {}))
    assert (found and found.lang) == quick


@needs_rus_words
def test_sure_of_script_wants_each_of_its_conditions():
    sure = orient._sure_of_script
    assert sure(reading(RUSSIAN), "rus+eng", "rus")
    # as many Latin letters as Cyrillic ones: `narrow_lang` keeps both models
    assert not sure(reading(RUSSIAN + [("Molotovy", 0.9)] * 8), "rus+eng", "rus")
    # one foreign letter is enough
    assert not sure(reading(RUSSIAN + [("Ѕ", 0.9)]), "rus+eng", "rus")
    # confident, but half its letters in no word of the list
    assert not sure(reading(RUSSIAN[:4] + [("Шнфровкая", 0.9), ("теграмна", 0.9)] * 3),
                    "rus+eng", "rus")
    doubtful = [("телеграмма", 0.99)] * 4 + [("телеграмма", 0.45)] * 5  # mean 0.69, 56% in doubt
    assert not sure(reading(doubtful), "rus+eng", "rus")


@needs_rus_words
def test_known_share_counts_letters_of_listed_words_hyphen_parts_apart():
    assert known_share("телеграмма из Пекина", "rus") == 1.0
    # `Куда:` is listed, its colon left out; of `УЛАН-БАТОР` only `улан` (an uhlan)
    assert known_share("Куда: УЛАН-БАТОР", "rus") == pytest.approx(8 / 13)
    # a digit or mark inside a word: no word, whatever its parts are
    assert known_share("по1е о]т", "rus") == 0.0
    assert known_share("123 ...", "rus") == 0.0
    assert known_share("телеграмма", "no-such-model") == 0.0


@needs_rus_words
def test_foreign_letters_are_those_the_model_s_words_never_use():
    assert "ё" in model_alphabet("rus") and "і" not in model_alphabet("rus")
    assert foreign_letters("Тор Ѕесгеі", "rus") == 2
    assert foreign_letters("Ёлка, 1950 г.", "rus") == 0
    assert foreign_letters("Top", "rus") == 3
    assert foreign_letters("abc", "no-such-model") == 3


@pytest.mark.parametrize("rows, turn, quick", [(RU, 0, True), (RU, 2, True), (EN, 0, False),
                                               (EN, 2, False)])
def test_real_tesseract_probe_turns_and_chooses_models_as_the_whole_list_does(rows, turn, quick):
    image = np.ascontiguousarray(np.rot90(lines_page(rows), turn))
    page, ctx = probe(image, TesseractEngine("rus+eng"))
    # English typing is not read surely by `rus`: the whole list reads it again
    assert ctx.params["probe_lang"] == ("rus" if quick and lexicon.words("rus") else "rus+eng")
    base_page, base_ctx = probe(image, FullOnly(TesseractEngine("rus+eng")))
    assert base_ctx.params["probe_lang"] == "rus+eng"
    assert page.preprocess["rotation"] == base_page.preprocess["rotation"]
    assert typed_lang(page, "rus+eng") == typed_lang(base_page, "rus+eng")
    if quick:
        assert page.preprocess["rotation"] == 90 * turn
        assert typed_lang(page, "rus+eng") == "rus"


def test_clean_reuses_the_page_orient_flattened_with_the_same_masks():
    from pipeline.stages import clean

    def oriented():
        engine = ScriptEngine("rus", {"rus": RUSSIAN})
        page, ctx = probe(lines_page(RU, w=1100, h=1000), engine)
        return page, ctx

    page, ctx = oriented()
    assert page.masks["flat_of"] is page.image
    kept = page.masks["flat"]
    clean.apply(page, ctx)
    assert "flat" not in page.masks and "flat_of" not in page.masks
    fresh, ctx2 = oriented()
    assert orient.kept_flat(fresh) is not None  # dropped: clean flattens the page itself
    clean.apply(fresh, ctx2)
    assert np.array_equal(page.masks["gray"], fresh.masks["gray"])
    assert np.array_equal(page.masks["ink"], fresh.masks["ink"])
    assert kept.shape == page.image.shape[:2]


def test_a_flattened_page_kept_for_an_image_since_replaced_is_not_used():
    image = lines_page(RU, w=1100, h=1000)
    page = Page(Source("t.png", "0" * 64, 1, image.shape[1], image.shape[0]), image=image)
    orient.keep_flat(page, np.full(image.shape, 255, np.uint8))
    turned = np.ascontiguousarray(image[::-1, ::-1])
    page.apply_transform(np.array([[-1, 0, 1100], [0, -1, 1000]], float), turned)
    assert orient.kept_flat(page) is None and "flat" not in page.masks


def test_deskew_lets_the_kept_flattened_page_go_when_it_turns_the_page():
    from pipeline.imaging.geometry import rotate_small
    from pipeline.stages import deskew

    image, _ = rotate_small(lines_page(RU, w=1100, h=1000), 2.0, 240)
    page, ctx = probe(np.ascontiguousarray(image), ScriptEngine("rus", {"rus": RUSSIAN}))
    assert page.masks["flat_of"] is page.image
    deskew.apply(page, ctx)
    assert ctx.params["rotated"] and "flat" not in page.masks and "flat_of" not in page.masks


@pytest.mark.parametrize("mode", ["RGB", "L", "1", "P", "CMYK"])
def test_to_array_reads_an_image_in_its_own_mode_as_convert_would(mode):
    from pipeline.stages.load import to_array

    rgb = np.random.default_rng(3).integers(0, 256, (40, 60, 3), dtype=np.uint8)
    im = Image.fromarray(rgb).convert(mode)
    want = "L" if mode in ("L", "1") else "RGB"
    expected = np.asarray(im.convert(want) if mode != "P" else im.convert("RGBA").convert("RGB"))
    got = to_array(im)
    assert got.dtype == np.uint8 and np.array_equal(got, expected)
    assert got.shape == ((40, 60) if want == "L" else (40, 60, 3))
