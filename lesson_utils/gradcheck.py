"""Lesson 4: checking an analytic gradient against central finite differences."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import _core, _validate


def numerical_gradient(
    f: Callable[[np.ndarray], float], params: object, eps: float = 1e-6
) -> np.ndarray:
    """Central differences (f(θ + ε eᵢ) − f(θ − ε eᵢ)) / 2ε for every coordinate i.

    f: function of a flat parameter array returning a float; params: θ, shape (n,);
    eps: ε > 0. Returns (n,), error O(ε²) plus rounding O(machine eps / ε).
    """
    if not callable(f):
        raise TypeError(f"f must be a function of the parameters, got {type(f).__name__}")
    theta = _validate.as_float_array(params, "params")
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(f"params must be a non-empty 1-D array, got shape {theta.shape}")
    step = _validate.check_scalar(eps, "eps", float, low=0, include_low=False)
    grad = np.empty_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += step
        minus[i] -= step
        grad[i] = (float(f(plus)) - float(f(minus))) / (2 * step)
    return grad


def relative_error(a: object, b: object) -> float:
    """‖a − b‖ / max(‖a‖ + ‖b‖, 1e-300): 0 for equal vectors, about 1e-7 or less for a good check."""
    a = _validate.as_float_array(a, "a")
    b = _validate.as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300))


def gradient_check(model, x: np.ndarray, y: np.ndarray, eps: float = 1e-6) -> float:
    """Relative error between ``model.compute_gradients`` and finite differences of the loss.

    model: a ``LogisticRegression`` (left unchanged); x: (m, d); y: (m,) labels in {0, 1}.
    Returns ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖); below 1e-6 means they agree.
    """
    x = _validate.features(x, "x", model.n_features)
    y = _validate.labels(y, "y", x.shape[0])
    dL_dw, dL_db = model.compute_gradients(x, y)
    analytic = np.append(dL_dw, dL_db)

    def loss(theta: np.ndarray) -> float:
        return float(np.mean(_core.bce_with_logits(y, x @ theta[:-1] + theta[-1])))

    numeric = numerical_gradient(loss, model.parameters(), eps)
    return relative_error(analytic, numeric)
