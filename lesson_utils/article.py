"""The article's code, transcribed literally, kept so that lessons and benchmarks can compare.

Unlike everything else in ``lesson_utils`` this module does *not* protect against floating-point
trouble: it reproduces the article's formulas, including ``dL_dg = (1 - y)/(1 - g) - y/g``, which
gives 0/0 = NaN once g rounds to exactly 1.0 (z above about 36.7). numpy's warnings are silenced
here so that lessons can count the NaNs themselves with stable output.
"""

from __future__ import annotations

import numpy as np


def article_sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) as usually written, 1 / (1 + e^(−z)); e^(−z) overflows to inf for z < −709."""
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def article_gradients(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float
) -> tuple[np.ndarray, np.ndarray]:
    """The article's chain rule dL/dw = mean(dL/dg · dg/dz · dz/dw), dL/db likewise, literally.

    x: (m, d) samples; y: (m,) labels; w: (d,) or (1, d) weights; b: bias.
    Returns (dL_dw (d,), dL_db (1,)). May contain NaN: that is the point of keeping it.
    """
    model = ArticleLogisticRegression(np.shape(x)[1])
    model.w = np.asarray(w, dtype=float).reshape(1, -1)
    model.b = b
    return model.compute_gradients(x, y)


class ArticleLogisticRegression:
    """The article's ``predict``, ``compute_gradients`` and ``optimize``, line for line.

    ``w`` has shape (1, d) as the article's ``np.matmul(self.w, x.T)`` needs; ``b`` starts at 0.
    """

    def __init__(self, n_features: int) -> None:
        self.w = np.zeros((1, n_features))
        self.b = 0.0

    def predict(self, x):
        z = np.matmul(self.w, x.T) + self.b
        g = article_sigmoid(z)
        return z, g

    def compute_gradients(self, x, y):
        # forward pass: compute log odds (z) as inputs for predictions (g)
        z, g = self.predict(x)

        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            # compute gradients
            dL_dg = (1 - y) / (1 - g) - y / g
            dg_dz = g * (1 - g)
            dz_w = x.T

            # apply chain rule and compute sum of gradients in batch
            dL_dw = np.sum(dL_dg * dg_dz * dz_w, axis=1)
            dL_db = np.sum(dL_dg * dg_dz, axis=1)

        # compute average of gradients in batch
        dL_dw /= len(y)
        dL_db /= len(y)

        return dL_dw, dL_db

    def optimize(self, dL_dw, dL_db, learning_rate):
        self.w = self.w - dL_dw * learning_rate
        self.b = self.b - dL_db * learning_rate

    def loss(self, x, y):
        """The article's loss with its missing brackets restored, as a mean: naive logs of g."""
        _, g = self.predict(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.mean(y * np.log(g) + (1 - y) * np.log(1 - g)))

    def accuracy(self, x, y):
        _, g = self.predict(x)
        return float(np.mean((g >= 0.5) == (y == 1)))
