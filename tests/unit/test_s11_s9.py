"""Each Tesseract process runs with glibc's malloc tuned (`engines.tesseract.child_malloc`): the
environment pytesseract hands it carries GLIBC_TUNABLES for the call's span, never a value the
user set, and is as it was after; what Tesseract reads does not change."""

import os
import threading

import numpy as np
import pytesseract
import pytest
from glyphgen import typed_rows

from pipeline.engines import tesseract as tess

VAR = "GLIBC_TUNABLES"


def typed(rows, w=700, h=170) -> np.ndarray:
    return typed_rows(rows, w, h, size=24, margin=20, step=40, paper=245, ink=15)


@pytest.fixture
def no_tunables(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)


def test_set_inside_and_removed_after(no_tunables):
    with tess.child_malloc():
        assert os.environ[VAR] == tess.MALLOC_TUNABLES
    assert VAR not in os.environ


def test_removed_after_a_failure(no_tunables):
    with pytest.raises(RuntimeError), tess.child_malloc():
        raise RuntimeError("tesseract crashed")
    assert VAR not in os.environ


def test_user_value_is_left_alone(monkeypatch):
    monkeypatch.setenv(VAR, "glibc.malloc.check=0")
    with tess.child_malloc():
        assert os.environ[VAR] == "glibc.malloc.check=0"
    assert os.environ[VAR] == "glibc.malloc.check=0"


def test_overlapping_calls_keep_it_until_the_last_ends(no_tunables):
    first_in, release = threading.Event(), threading.Event()
    seen = []

    def slow():
        with tess.child_malloc():
            first_in.set()
            release.wait(5)
            seen.append(os.environ.get(VAR))

    t = threading.Thread(target=slow)
    t.start()
    first_in.wait(5)
    with tess.child_malloc():
        pass
    # The second call ended while the first is still in flight: the first keeps its setting.
    assert os.environ.get(VAR) == tess.MALLOC_TUNABLES
    release.set()
    t.join(5)
    assert seen == [tess.MALLOC_TUNABLES]
    assert VAR not in os.environ


def test_the_tesseract_call_runs_with_it(no_tunables, monkeypatch):
    engine = tess.TesseractEngine("eng")
    env_at_call = []

    def fake(*args, **kwargs):
        env_at_call.append(os.environ.get(VAR))
        return {"level": [], "text": [], "conf": []}
    monkeypatch.setattr(pytesseract, "image_to_data", fake)
    assert engine.recognize(np.full((40, 40), 255, np.uint8)) == []
    assert env_at_call == [tess.MALLOC_TUNABLES]
    assert VAR not in os.environ


def test_words_are_the_same_with_and_without(monkeypatch):
    image = typed(["Archive copy 1952", "Moscow, telegram No. 8034"])
    engine = tess.TesseractEngine("rus+eng")
    monkeypatch.delenv(VAR, raising=False)
    tuned = engine.recognize(image, psm=6)
    # A user value (a harmless tunable) turns ours off: the plain allocator's reading.
    monkeypatch.setenv(VAR, "glibc.malloc.check=0")
    plain = engine.recognize(image, psm=6)
    assert [w.text for w in tuned] == [w.text for w in plain]
    assert [w.box for w in tuned] == [w.box for w in plain]
    assert [w.confidence for w in tuned] == [w.confidence for w in plain]
    assert any("8034" in w.text for w in tuned)
