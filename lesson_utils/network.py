"""Lesson 8: a network with one tanh hidden layer, trained by backpropagation.

Forward pass for x (m, d) with h hidden units:
    z1 = x W1 + b1        (m, h)   hidden pre-activations
    a1 = tanh(z1)         (m, h)   hidden activations
    z2 = a1 w2 + b2       (m,)     output logits
    g  = σ(z2)            (m,)     P(y = 1 | x)
Backward pass of the mean binary cross-entropy L = (1/m) Σ ℓ_i, per sample first:
    dL_dz2 = g − y                      (m,)
    dL_dw2 = a1ᵀ dL_dz2 / m             (h,)     dL_db2 = mean(dL_dz2)
    dL_da1 = dL_dz2 w2ᵀ                 (m, h)   outer product: each sample's dL_dz2 times w2
    dL_dz1 = dL_da1 ⊙ (1 − a1²)         (m, h)   tanh'(z) = 1 − tanh(z)²
    dL_dW1 = xᵀ dL_dz1 / m              (d, h)   dL_db1 = column means of dL_dz1 (h,)
"""

from __future__ import annotations

import numpy as np

from . import _core, _validate


class TwoLayerNetwork:
    """A network with d inputs, h tanh hidden units and one sigmoid output.

    n_features: d; n_hidden: h; seed: seed of the random start.
    Parameters: ``W1`` (d, h), ``b1`` (h,), ``w2`` (h,), ``b2`` float. The weights start at
    W1 ~ N(0, 1/d) and w2 ~ N(0, 1/h) (so z1 and z2 start at a moderate size), the biases at 0.
    The hidden weights must not all start equal (for example all zero): every hidden unit would then
    get the same gradient and stay a copy of the others forever.
    The same seed gives the same start.
    """

    def __init__(self, n_features: int, n_hidden: int, seed: int = 0) -> None:
        self.n_features = _validate.check_scalar(n_features, "n_features", int, low=1)
        self.n_hidden = _validate.check_scalar(n_hidden, "n_hidden", int, low=1)
        self.seed = _validate.check_scalar(seed, "seed", int, low=0)
        rng = np.random.default_rng(self.seed)
        d, h = self.n_features, self.n_hidden
        self.W1 = rng.normal(0.0, 1.0 / np.sqrt(d), size=(d, h))
        self.b1 = np.zeros(h)
        self.w2 = rng.normal(0.0, 1.0 / np.sqrt(h), size=h)
        self.b2 = 0.0

    def __repr__(self) -> str:
        return (
            f"TwoLayerNetwork(n_features={self.n_features}, n_hidden={self.n_hidden}, "
            f"seed={self.seed}, n_parameters={self.n_parameters})"
        )

    @property
    def n_parameters(self) -> int:
        """d·h + h + h + 1: the length of ``parameters()``."""
        return self.n_features * self.n_hidden + 2 * self.n_hidden + 1

    def _x(self, x: object) -> np.ndarray:
        return _validate.features(x, "x", self.n_features)

    def _z1(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            z1 = x @ self.W1 + self.b1
        if not np.all(np.isfinite(z1)):
            raise ValueError(
                "x is too large for these weights: the hidden pre-activations x·W1 + b1 overflow float64 "
                f"(largest |x| is {np.max(np.abs(x)):.3g}); rescale x"
            )
        return z1

    def forward(self, x: object) -> dict[str, np.ndarray]:
        """Forward pass keeping every intermediate value.

        x: (m, d) samples. Returns a dict with z1 (m, h), a1 (m, h), z2 (m,) logits and
        g (m,) = σ(z2) = P(y = 1 | x). Finite for any finite x whose x·W1 + b1 fits in float64
        (tanh saturates at ±1, σ is computed stably); raises ValueError otherwise.
        """
        x = self._x(x)
        z1 = self._z1(x)
        a1 = np.tanh(z1)
        z2 = a1 @ self.w2 + self.b2
        return {"z1": z1, "a1": a1, "z2": z2, "g": _core.sigmoid(z2)}

    def predict(self, x: object) -> tuple[np.ndarray, np.ndarray]:
        """x: (m, d) samples. Returns (z, g): z (m,) output logits z2 and g (m,) = σ(z) = P(y = 1 | x)."""
        cache = self.forward(x)
        return cache["z2"], cache["g"]

    def compute_gradients(self, x: object, y: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Gradients of the mean binary cross-entropy by backpropagation.

        x: (m, d) samples; y: (m,) labels in {0, 1}.
        Returns (dL_dW1 (d, h), dL_db1 (h,), dL_dw2 (h,), dL_db2 float), the order ``optimize`` takes.
        The output step uses the fused dL/dz2 = g − y and the hidden step (1 − a1)(1 + a1) = 1 − a1²,
        so nothing divides and nothing overflows.
        """
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        m = x.shape[0]
        cache = self.forward(x)
        a1, g = cache["a1"], cache["g"]
        dL_dz2 = g - y
        dL_dw2 = a1.T @ dL_dz2 / m
        dL_db2 = float(np.mean(dL_dz2))
        dL_da1 = np.outer(dL_dz2, self.w2)
        dL_dz1 = dL_da1 * ((1.0 - a1) * (1.0 + a1))
        dL_dW1 = x.T @ dL_dz1 / m
        dL_db1 = dL_dz1.mean(axis=0)
        return dL_dW1, dL_db1, dL_dw2, dL_db2

    def optimize(
        self, dL_dW1: object, dL_db1: object, dL_dw2: object, dL_db2: object, learning_rate: float
    ) -> None:
        """One gradient-descent step on every parameter: θ ← θ − η · dL/dθ.

        dL_dW1: (d, h); dL_db1: (h,); dL_dw2: (h,); dL_db2: one number (all finite);
        learning_rate η: positive finite number.
        """
        d, h = self.n_features, self.n_hidden
        grads = []
        for name, value, shape in (
            ("dL_dW1", dL_dW1, (d, h)),
            ("dL_db1", dL_db1, (h,)),
            ("dL_dw2", dL_dw2, (h,)),
        ):
            arr = _validate.as_float_array(value, name)
            if arr.shape != shape:
                raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
            grads.append(arr)
        db2 = _validate.as_float_array(dL_db2, "dL_db2")
        if db2.size != 1:
            raise ValueError(f"dL_db2 must be one number, got shape {db2.shape}")
        eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
        self.W1 = self.W1 - eta * grads[0]
        self.b1 = self.b1 - eta * grads[1]
        self.w2 = self.w2 - eta * grads[2]
        self.b2 = float(self.b2 - eta * db2.item())

    def loss(self, x: object, y: object) -> float:
        """Mean binary cross-entropy on (x (m, d), y (m,)), computed stably from the logits z2."""
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        z2 = self.forward(x)["z2"]
        return float(np.mean(_core.bce_with_logits(y, z2)))

    def accuracy(self, x: object, y: object) -> float:
        """Fraction of samples whose predicted class (g ≥ 0.5, i.e. z2 ≥ 0) equals y."""
        x = self._x(x)
        y = _validate.labels(y, "y", x.shape[0])
        z2 = self.forward(x)["z2"]
        return float(np.mean((z2 >= 0) == (y == 1)))

    def parameters(self) -> np.ndarray:
        """All parameters as one flat copy [W1 row by row, b1, w2, b2], shape (d·h + 2h + 1,)."""
        return np.concatenate([self.W1.ravel(), self.b1, self.w2, [self.b2]])

    def set_parameters(self, theta: object) -> None:
        """Set W1, b1, w2, b2 from a flat array laid out like ``parameters()``, shape (d·h + 2h + 1,)."""
        theta = _validate.as_float_array(theta, "theta")
        if theta.shape != (self.n_parameters,):
            raise ValueError(f"theta must have shape ({self.n_parameters},), got {theta.shape}")
        d, h = self.n_features, self.n_hidden
        self.W1 = theta[: d * h].reshape(d, h).copy()
        self.b1 = theta[d * h : d * h + h].copy()
        self.w2 = theta[d * h + h : d * h + 2 * h].copy()
        self.b2 = float(theta[-1])
