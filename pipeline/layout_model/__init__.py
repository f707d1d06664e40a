"""The small ink classifier (typed text / stamp / handwriting) over blob features.

`classifier` holds the numpy MLP (fit, predict, save, load); `train` rebuilds the shipped
model file from synthetic pages and a seed (`python -m pipeline.layout_model.train --seed 1950`).
"""

from pipeline.layout_model.classifier import CLASSES, MODEL_PATH, Classifier, load_default

__all__ = ["CLASSES", "MODEL_PATH", "Classifier", "load_default"]
