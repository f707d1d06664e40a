"""The numpy ink classifier: learns, is deterministic, round-trips through its file."""

import numpy as np
import pytest

from pipeline.layout_model.classifier import CLASSES, MODEL_PATH, Classifier, fit
from pipeline.marks.features import FEATURE_NAMES


def _toy(seed):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0, 0], [4, 0, 1], [0, 4, -1]], float)
    y = rng.integers(0, 3, 600)
    return centres[y] + rng.normal(0, 0.7, (600, 3)), y


def test_learns_separable_classes_and_is_deterministic():
    x, y = _toy(1)
    a = fit(x, y, seed=7, steps=400)
    b = fit(x, y, seed=7, steps=400)
    xt, yt = _toy(2)
    acc = (a.predict_proba(xt).argmax(axis=1) == yt).mean()
    assert acc > 0.95
    assert np.array_equal(a.predict_proba(xt), b.predict_proba(xt))


def test_save_load_round_trip(tmp_path):
    x, y = _toy(3)
    m = fit(x, y, seed=1, steps=50, feature_names=("a", "b", "c"))
    m.save(tmp_path / "m.npz")
    back = Classifier.load(tmp_path / "m.npz")
    assert back.feature_names == ("a", "b", "c")
    assert np.allclose(back.predict_proba(x), m.predict_proba(x))
    assert back.predict_proba(np.zeros((0, 3))).shape == (0, len(CLASSES))


def test_model_with_other_classes_is_refused(tmp_path):
    np.savez(tmp_path / "bad.npz", mean=0, scale=1, w1=0, b1=0, w2=0, b2=0,
             feature_names=np.array([]), classes=np.array(["a", "b"]))
    with pytest.raises(ValueError):
        Classifier.load(tmp_path / "bad.npz")


def test_shipped_model_is_small_and_matches_the_features():
    assert MODEL_PATH.exists(), "run `make model` to build the classifier"
    assert MODEL_PATH.stat().st_size < 100_000
    assert Classifier.load(MODEL_PATH).feature_names == FEATURE_NAMES
