import numpy as np
import pytest
import pytesseract

from pipeline.engines import tesseract as tess
from pipeline.errors import (ExitCode, MissingDependencyError, PageFailedError,
                             PageTimeoutError)


def test_apt_package_names_follow_debian():
    assert tess.apt_package("rus") == "tesseract-ocr-rus"
    assert tess.apt_package("chi_sim") == "tesseract-ocr-chi-sim"
    assert tess.apt_package("script/Cyrillic") == "tesseract-ocr-script-cyrl"
    assert tess.apt_package("Cyrillic") == "tesseract-ocr-script-cyrl"  # Debian's model name


def test_installed_models_include_script_models_with_capitals(monkeypatch):
    class Done:
        stdout = ('List of available languages in "/usr/share/tessdata/" (4):\n'
                  'Cyrillic\neng\nosd\nrus\n')
    monkeypatch.setattr(tess.subprocess, "run", lambda *a, **k: Done())
    tess.installed_models.cache_clear()
    try:
        assert tess.installed_models() == {"Cyrillic", "eng", "osd", "rus"}
    finally:
        tess.installed_models.cache_clear()


def test_missing_language_names_the_apt_line():
    with pytest.raises(MissingDependencyError) as info:
        tess.check_available("rus+zzz_missing")
    msg = str(info.value)
    assert "zzz_missing" in msg and "apt-get install tesseract-ocr-zzz-missing" in msg
    assert "\n" not in msg and "rus," not in msg
    assert info.value.exit_code == ExitCode.MISSING_DEPENDENCY


def test_missing_program_names_the_apt_line(monkeypatch):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr$"):
        tess.check_available("eng")


def test_installed_languages_pass():
    tess.check_available("rus+eng")


def _fake_data(monkeypatch, exc):
    def boom(*args, **kwargs):
        raise exc
    monkeypatch.setattr(pytesseract, "image_to_data", boom)


def test_timeout_is_a_page_timeout_chained(monkeypatch):
    engine = tess.TesseractEngine("eng", timeout=5)
    _fake_data(monkeypatch, RuntimeError("Tesseract process timeout"))
    with pytest.raises(PageTimeoutError) as info:
        engine.recognize(np.full((50, 50), 255, np.uint8))
    assert isinstance(info.value.__cause__, RuntimeError)


def test_crash_is_a_page_failure_chained(monkeypatch):
    engine = tess.TesseractEngine("eng")
    _fake_data(monkeypatch, pytesseract.TesseractError(-11, "segfault"))
    with pytest.raises(PageFailedError) as info:
        engine.recognize(np.full((50, 50), 255, np.uint8))
    assert not isinstance(info.value, PageTimeoutError)
    assert isinstance(info.value.__cause__, pytesseract.TesseractError)


def test_blank_and_tiny_images_are_soft_failures():
    engine = tess.TesseractEngine("eng")
    assert engine.recognize(np.full((4, 300), 255, np.uint8)) == []
    assert engine.recognize(np.full((60, 200), 255, np.uint8)) == []


def test_words_keep_boxes_and_scale_confidence():
    data = {"level": [1, 5, 5, 5], "text": ["", "Tov.", " ", "Stalinu"],
            "conf": [-1, 96.0, -1, 42.5], "left": [0, 10, 0, 60], "top": [0, 5, 0, 6],
            "width": [100, 40, 0, 70], "height": [30, 20, 0, 22], "block_num": [0, 1, 1, 1],
            "par_num": [0, 1, 1, 1], "line_num": [0, 1, 1, 1]}
    words = tess._words(data)
    assert [w.text for w in words] == ["Tov.", "Stalinu"]
    assert words[0].box == (10, 5, 50, 25)
    assert words[0].confidence == pytest.approx(0.96)
    assert words[1].confidence == pytest.approx(0.425)


def test_describe_names_engine_version_and_lang():
    info = tess.TesseractEngine("rus+eng").describe()
    assert info["name"] == "tesseract" and info["lang"] == "rus+eng"
    assert info["version"].startswith("5")


@pytest.mark.parametrize("shape", [(40, 60), (40, 60, 3), (41, 63)])
def test_tesseract_is_given_the_exact_pixels_raw_without_a_resolution(monkeypatch, shape):
    from PIL import Image

    seen = {}

    def capture(path, **kwargs):
        with Image.open(path) as im:
            seen["format"], seen["pixels"] = im.format, np.asarray(im.convert(
                "L" if len(shape) == 2 else "RGB")).copy()
            seen["compression"], seen["dpi"] = im.info.get("compression"), im.info.get("dpi")
        return {k: [] for k in ("level", "text", "conf", "left", "top", "width", "height",
                                "block_num", "par_num", "line_num")}
    monkeypatch.setattr(pytesseract, "image_to_data", capture)
    image = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    assert tess.TesseractEngine("eng").recognize(image) == []
    # Uncompressed BMP (Leptonica reads its rows at once), no resolution: Tesseract estimates it.
    assert seen["format"] == "BMP" and seen["compression"] == 0
    assert not seen["dpi"] or max(seen["dpi"]) < 1
    assert np.array_equal(seen["pixels"], image)


def test_an_engine_for_another_language_list_is_shared():
    engine = tess.TesseractEngine("rus+eng")
    assert engine.for_lang("rus+eng") is engine
    assert engine.for_lang("rus").lang == "rus"
    assert engine.for_lang("rus") is engine.for_lang("rus")
