"""The numpy ink classifier: learns, is deterministic, round-trips through its file."""

import numpy as np
import pytest

from pipeline.layout_model.classifier import CLASSES, MODEL_PATH, Classifier, fit
from pipeline.layout_model.train import fit_ensemble
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


def test_ensemble_averages_its_members():
    x, y = _toy(4)
    a, b = fit(x, y, seed=1, steps=60), fit(x, y, seed=2, steps=60)
    both = Classifier.ensemble([a, b])
    assert both.members == 2
    assert np.allclose(both.predict_proba(x), (a.predict_proba(x) + b.predict_proba(x)) / 2)
    assert not np.allclose(a.predict_proba(x), b.predict_proba(x))


def test_ensemble_refuses_members_fitted_on_other_data():
    x, y = _toy(4)
    other, oy = _toy(5)
    with pytest.raises(ValueError):
        Classifier.ensemble([fit(x, y, seed=1, steps=20), fit(other, oy, seed=1, steps=20)])


def test_single_network_file_loads_as_one_member(tmp_path):
    """Model files from before ensembles hold 2-D weights: they load and predict as before."""
    x, y = _toy(6)
    m = fit(x, y, seed=3, steps=60)
    np.savez(tmp_path / "old.npz", mean=m.mean, scale=m.scale, w1=m.w1[0], b1=m.b1[0], w2=m.w2[0],
             b2=m.b2[0], feature_names=np.array([]), classes=np.array(CLASSES))
    old = Classifier.load(tmp_path / "old.npz")
    assert old.members == 1
    assert np.array_equal(old.predict_proba(x), m.predict_proba(x))


def test_fit_ensemble_does_not_depend_on_the_number_of_processes():
    x, y = _toy(7)
    one = fit_ensemble(x, y, seed=5, members=3, steps=200, jobs=1)
    two = fit_ensemble(x, y, seed=5, members=3, steps=200, jobs=2)
    assert one.members == 3
    assert np.array_equal(one.predict_proba(x), two.predict_proba(x))
