"""An ensemble of one-hidden-layer softmax networks in numpy: small, deterministic, one .npz."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLASSES: tuple[str, ...] = ("text", "stamp", "handwriting")
MODEL_PATH = Path(__file__).with_name("marks_model.npz")


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class Classifier:
    """Standardise, then average the softmax outputs of M tanh networks over CLASSES.

    The members are fits of the same data from different starting weights. With a few hundred
    marks among tens of thousands of typed letters one fit's probabilities for a rare blob swing
    with its starting weights (0.40 to 0.82 for a stamp across three seeds, session 22); their
    mean swings less. Weights are stacked member-first: w1 (M, F, H), b1 (M, H), w2 (M, H, C),
    b2 (M, C); a single network's 2-D weights (a model file from before ensembles) are one member.
    """

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    feature_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if np.ndim(self.w1) == 2:
            self.w1, self.b1, self.w2, self.b2 = (np.asarray(a)[None] for a in (self.w1, self.b1, self.w2, self.b2))

    @property
    def members(self) -> int:
        return len(self.w1)

    @classmethod
    def ensemble(cls, fits: list[Classifier]) -> Classifier:
        """One classifier averaging `fits`, which must share their standardisation and features."""
        first = fits[0]
        for f in fits[1:]:
            if not (np.array_equal(f.mean, first.mean) and np.array_equal(f.scale, first.scale)
                    and f.feature_names == first.feature_names):
                raise ValueError("ensemble members were fitted on different data")
        stack = [np.concatenate([getattr(f, k) for f in fits]) for k in ("w1", "b1", "w2", "b2")]
        return cls(first.mean, first.scale, *stack, feature_names=first.feature_names)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """(N, len(CLASSES)) class probabilities of an (N, F) feature matrix."""
        if len(x) == 0:
            return np.zeros((0, len(CLASSES)))
        z = (np.nan_to_num(np.asarray(x, np.float64)) - self.mean) / self.scale
        p = sum(_softmax(np.tanh(z @ w1 + b1) @ w2 + b2)
                for w1, b1, w2, b2 in zip(self.w1, self.b1, self.w2, self.b2))
        return p / self.members

    def save(self, path: Path) -> None:
        """Write the weights (and the feature names they expect) to an .npz file."""
        np.savez_compressed(path, mean=self.mean, scale=self.scale, w1=self.w1, b1=self.b1,
                            w2=self.w2, b2=self.b2, feature_names=np.array(self.feature_names),
                            classes=np.array(CLASSES))

    @classmethod
    def load(cls, path: Path) -> Classifier:
        """Read a model written by `save`."""
        with np.load(path, allow_pickle=False) as d:
            if tuple(str(c) for c in d["classes"]) != CLASSES:
                raise ValueError(f"{path}: model classes {list(d['classes'])} != {list(CLASSES)}")
            return cls(d["mean"], d["scale"], d["w1"], d["b1"], d["w2"], d["b2"],
                       tuple(str(n) for n in d["feature_names"]))


def _step_size(lr: float, t: int, steps: int) -> float:
    """Adam's step at step t (1-based) of `steps`: `lr` at the start, falling to 0 along a half cosine."""
    return lr * 0.5 * (1 + np.cos(np.pi * (t - 1) / steps))


def fit(x: np.ndarray, y: np.ndarray, *, seed: int, hidden: int = 24, steps: int = 3000,
        lr: float = 0.02, l2: float = 1e-3, feature_names: tuple[str, ...] = ()) -> Classifier:
    """Train on features `x` (N, F) and integer labels `y` (indexes of CLASSES), class-balanced.

    Full-batch Adam whose step shrinks to nothing along a half cosine (`_step_size`). At a fixed
    step the fit never settles: it keeps circling its minimum, and a last-bit difference in a sum
    (another BLAS kernel or thread count) grows over the steps until weights differ by 1e-2 and
    class probabilities by 0.1. A vanishing step makes the last steps contract instead: fits
    with other BLAS kernels end within a few millionths of each other.
    """
    rng = np.random.default_rng(seed)
    x = np.nan_to_num(np.asarray(x, np.float64))
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    n, f = z.shape
    k = len(CLASSES)
    onehot = np.eye(k)[y]
    # Typed text outnumbers marks a hundred to one; weight classes equally so marks are learnt.
    counts = np.bincount(y, minlength=k).astype(float)
    sample_w = (n / (k * np.maximum(counts, 1)))[y][:, None] / n
    params = [rng.normal(0, 1 / np.sqrt(f), (f, hidden)), np.zeros(hidden),
              rng.normal(0, 1 / np.sqrt(hidden), (hidden, k)), np.zeros(k)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, steps + 1):
        w1, b1, w2, b2 = params
        hdn = np.tanh(z @ w1 + b1)
        p = _softmax(hdn @ w2 + b2)
        d_out = (p - onehot) * sample_w
        g_w2 = hdn.T @ d_out + l2 * w2
        g_b2 = d_out.sum(axis=0)
        d_h = (d_out @ w2.T) * (1 - hdn ** 2)
        g_w1 = z.T @ d_h + l2 * w1
        g_b1 = d_h.sum(axis=0)
        step = _step_size(lr, t, steps)
        for i, g in enumerate((g_w1, g_b1, g_w2, g_b2)):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - step * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    return Classifier(mean, scale, *params, feature_names=feature_names)  # one member


@functools.lru_cache(maxsize=1)
def load_default() -> Classifier | None:
    """The shipped model, or None when it has not been built (`make model`)."""
    return Classifier.load(MODEL_PATH) if MODEL_PATH.exists() else None
