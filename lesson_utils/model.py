"""Lessons 4–5: logistic regression z = x·w + b, g = σ(z), with the article's three methods."""

from __future__ import annotations

import numpy as np

from . import _core, _validate


class LogisticRegression:
    """Logistic regression: a network with d input nodes, no hidden layer and one sigmoid output.

    n_features: d, the number of input features; l2: λ ≥ 0, the strength of the L2 penalty
    (regularisation). The loss is the mean binary cross-entropy plus (λ/2)·‖w‖²; the bias is not
    penalised. With λ = 0 (the default) it is the plain mean binary cross-entropy.
    The parameters start at zero: ``w``: (d,) weights, ``b``: float bias.
    """

    def __init__(self, n_features: int, l2: float = 0.0) -> None:
        self.n_features = _validate.check_scalar(n_features, "n_features", int, low=1)
        self.l2 = _validate.check_scalar(l2, "l2", float, low=0)
        self.w = np.zeros(self.n_features)
        self.b = 0.0

    def __repr__(self) -> str:
        w = np.array2string(self.w, precision=4, separator=", ")
        l2 = f", l2={self.l2:g}" if self.l2 else ""
        return f"LogisticRegression(n_features={self.n_features}{l2}, w={w}, b={self.b:.4g})"

    def _x(self, x: object) -> np.ndarray:
        return _validate.features(x, "x", self.n_features)

    def predict(self, x: object) -> tuple[np.ndarray, np.ndarray]:
        """Forward pass.

        x: (m, d) samples. Returns (z, g): z (m,) logits x·w + b and g (m,) = σ(z) = P(y = 1 | x).
        """
        x = self._x(x)
        z = x @ self.w + self.b
        return z, _core.sigmoid(z)

    def compute_gradients(self, x: object, y: object) -> tuple[np.ndarray, float]:
        """Gradients of the loss: the batch-average of the binary cross-entropy, plus the penalty.

        x: (m, d) samples; y: (m,) labels in {0, 1}.
        Returns (dL_dw (d,), dL_db float). Uses dL/dz = dL/dg · dg/dz = g − y, which never
        divides, so it stays finite where the article's dL/dg = (1 − y)/(1 − g) − y/g is 0/0.
        The penalty (λ/2)·‖w‖² adds λ·w to dL_dw and nothing to dL_db.
        """
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        _, g = self.predict(x)
        dL_dz = g - y
        dL_dw = x.T @ dL_dz / len(y) + self.l2 * self.w
        dL_db = float(np.mean(dL_dz))
        return dL_dw, dL_db

    def optimize(self, dL_dw: object, dL_db: object, learning_rate: float) -> None:
        """One gradient-descent step: w ← w − η·dL_dw, b ← b − η·dL_db.

        dL_dw: (d,) finite gradient; dL_db: finite float; learning_rate η: positive finite number.
        """
        dL_dw = _validate.as_float_array(dL_dw, "dL_dw")
        if dL_dw.shape != (self.n_features,):
            raise ValueError(f"dL_dw must have shape ({self.n_features},), got {dL_dw.shape}")
        dL_db = _validate.as_float_array(dL_db, "dL_db")
        if dL_db.size != 1:
            raise ValueError(f"dL_db must be one number, got shape {dL_db.shape}")
        eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
        self.w = self.w - eta * dL_dw
        self.b = float(self.b - eta * dL_db.item())

    def loss(self, x: object, y: object) -> float:
        """Mean binary cross-entropy on (x (m, d), y (m,)), computed stably from the logits.

        With l2 = λ > 0 the penalty (λ/2)·‖w‖² is added: this is the loss ``compute_gradients``
        differentiates and gradient descent lowers.
        """
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        loss = float(np.mean(_core.bce_with_logits(y, x @ self.w + self.b)))
        if self.l2:
            loss += 0.5 * self.l2 * float(self.w @ self.w)
        return loss

    def accuracy(self, x: object, y: object) -> float:
        """Fraction of samples whose predicted class (g ≥ 0.5, i.e. z ≥ 0) equals y."""
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        return float(np.mean((x @ self.w + self.b >= 0) == (y == 1)))

    def parameters(self) -> np.ndarray:
        """All parameters as one flat copy [w_1, …, w_d, b], shape (d + 1,)."""
        return np.append(self.w, self.b)

    def set_parameters(self, theta: object) -> None:
        """Set w and b from a flat array [w_1, …, w_d, b] of shape (d + 1,)."""
        theta = _validate.as_float_array(theta, "theta")
        if theta.shape != (self.n_features + 1,):
            raise ValueError(f"theta must have shape ({self.n_features + 1},), got {theta.shape}")
        self.w = theta[:-1].copy()
        self.b = float(theta[-1])
