"""Exercise checks of lesson 5 (gradient descent): the article's three methods, then a learning rate.

Each check prints ``Correct: …``, ``Not yet: …`` with a hint, or ``Not done yet: …``, returns True
only for a right answer, and never raises. Expected values are worked out here from ``math`` (hand
formulas, finite differences of a loss written out sample by sample), never from ``lesson_utils``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import NOT_DONE, central_differences, check_function, check_value, flat_pair, mean_loss, sigma

#: Exercise 1 and 3: a batch of three samples with two features, and the parameters.
X_SMALL = ((1.0, 2.0), (0.0, -1.0), (2.0, -2.0))
W_SMALL = (0.5, -1.0)
B_SMALL = 0.25
#: Exercise 2: labels for X_SMALL, and a second, random batch (seeded) with parameters.
Y_SMALL = (1.0, 0.0, 1.0)


def _random_batch() -> tuple[list[list[float]], list[float], list[float], float]:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 2)).round(3).tolist()
    y = [1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    return x, y, [0.8, -0.6], 0.3


def _call(fn: Any, *args: Any) -> np.ndarray | None:
    """The reader's (flattened) result, or None when it cannot be computed (reported later)."""
    try:
        out = flat_pair(fn)(*args)
        return None if out is None or out is Ellipsis else np.asarray(out, dtype=float)
    except Exception:  # the reader's code: any failure is reported by check_function
        return None


def _as_arrays(x, y=None):
    x_arr = np.array(x, dtype=float)
    return x_arr if y is None else (x_arr, np.array(y, dtype=float))


def check_predict(predict: Callable | None) -> bool:
    """Exercise 1: ``predict(x, w, b) -> (z, g)``. Expected z and g worked out by hand with ``math``."""
    cases = []
    for x, w, b in ((X_SMALL, W_SMALL, B_SMALL), (((3.0, 1.0), (-1.0, 0.5)), (-0.2, 0.4), -1.0)):
        z = [sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b for xi in x]
        cases.append(((_as_arrays(x), np.array(w), b), z + [sigma(v) for v in z]))
    got = _call(predict, *cases[0][0])
    if got is not None and got.size == 6:
        z_expected = np.array(cases[0][1][:3])
        if np.allclose(got[:3], z_expected - 2 * B_SMALL):
            print("Not yet: z is off by the bias. The forward pass adds b: z = x·w + b.")
            return False
        if np.allclose(got[3:], [sigma(-v) for v in z_expected]):
            print("Not yet: g is 1 − σ(z). The sigmoid is 1 / (1 + e^(−z)), with a minus in the exponent.")
            return False
    return check_function(
        flat_pair(predict),
        cases,
        success="z = x·w + b = [−1.25, 1.25, 3.25] and g = σ(z) = [0.2227, 0.7773, 0.9627]: one z and "
        "one probability per sample.",
        hint="z = x @ w + b gives one logit per row of x; then g = 1 / (1 + np.exp(-z)). Return (z, g).",
        rtol=1e-9,
        atol=1e-12,
    )


def check_compute_gradients(compute_gradients: Callable | None) -> bool:
    """Exercise 2: ``compute_gradients(x, y, w, b) -> (dL_dw, dL_db)``, against finite differences."""
    cases = []
    for x, y, w, b in ((X_SMALL, Y_SMALL, list(W_SMALL), B_SMALL), _random_batch()):
        expected = central_differences(lambda t, x=x, y=y: mean_loss(x, y, t), [*w, b])
        x_arr, y_arr = _as_arrays(x, y)
        cases.append(((x_arr, y_arr, np.array(w), b), expected))
    got = _call(compute_gradients, *cases[0][0])
    expected = np.array(cases[0][1])
    if got is not None and got.shape == expected.shape:
        if np.allclose(got, -expected, rtol=1e-5):
            print("Not yet: every sign is flipped. dL/dz = g − y (not y − g): the gradient points uphill.")
            return False
        if np.allclose(got, len(Y_SMALL) * expected, rtol=1e-5):
            print("Not yet: that is the sum over the batch. The article averages: divide by m = len(y).")
            return False
    return check_function(
        flat_pair(compute_gradients),
        cases,
        success="the gradients agree with central finite differences of the mean loss to 1e-7 "
        "on both batches.",
        hint="with g from predict, dL_dz = g − y (one number per sample); dL_dw = x.T @ dL_dz / m and "
        "dL_db = the mean of dL_dz.",
        rtol=1e-5,
        atol=1e-8,
    )


def check_optimize(optimize: Callable | None) -> bool:
    """Exercise 3: ``optimize(w, b, dL_dw, dL_db, learning_rate) -> (w_new, b_new)``, by hand."""
    w, b = np.array(W_SMALL), B_SMALL
    dL_dw, dL_db, eta = np.array([0.2, -0.4]), 0.1, 0.5
    cases = [
        ((w, b, dL_dw, dL_db, eta), [0.5 - 0.5 * 0.2, -1.0 + 0.5 * 0.4, 0.25 - 0.5 * 0.1]),
        ((np.array([1.0, 1.0]), -2.0, np.array([-1.0, 3.0]), -0.5, 0.01), [1.01, 0.97, -1.995]),
    ]
    got = _call(optimize, *cases[0][0])
    if got is not None and got.shape == (3,) and np.allclose(got, [0.6, -1.2, 0.3]):
        print("Not yet: that step went uphill. Gradient descent subtracts: w − η·dL/dw.")
        return False
    return check_function(
        flat_pair(optimize),
        cases,
        success="w − η·dL/dw = [0.4, −0.8] and b − η·dL/db = 0.2 for η = 0.5: a step against the gradient.",
        hint="w_new = w - learning_rate * dL_dw and b_new = b - learning_rate * dL_db; return both.",
        rtol=1e-12,
        atol=1e-12,
    )


def _hessian_by_differences(x, y, theta: Sequence[float], eps: float = 1e-5) -> list[list[float]]:
    """The Hessian as central differences of the gradient, the gradient from the sample-by-sample sum."""

    def grad(t):
        g = [0.0] * len(t)
        for xi, yi in zip(x, y, strict=True):
            z = sum(wj * xj for wj, xj in zip(t[:-1], xi, strict=True)) + t[-1]
            r = sigma(z) - yi
            for j, xj in enumerate([*xi, 1.0]):
                g[j] += r * xj / len(y)
        return g

    rows = []
    for i in range(len(theta)):
        plus, minus = list(theta), list(theta)
        plus[i] += eps
        minus[i] -= eps
        rows.append([(a - c) / (2 * eps) for a, c in zip(grad(plus), grad(minus), strict=True)])
    return rows


def check_largest_stable_learning_rate(value: Any, x: Any, y: Any, theta_star: Any) -> bool:
    """Exercise 4: 2 / λ_max of the Hessian at the minimum θ* = (w*, b*) of the one-feature data.

    x: (m, 1) samples; y: (m,) labels; theta_star: (w*, b*). The Hessian comes from differences of
    the gradient and λ_max from the closed form of a symmetric 2 × 2 matrix, not from numpy.linalg.
    """
    if value is None or value is Ellipsis:
        print(f"{NOT_DONE}: replace the placeholder with your answer, then run this cell again.")
        return False
    xs = [[float(v) for v in row] for row in np.asarray(x, dtype=float)]
    ys = [float(v) for v in np.asarray(y, dtype=float)]
    (a, b), (_, c) = _hessian_by_differences(xs, ys, [float(v) for v in np.ravel(theta_star)])
    lam_max = (a + c) / 2 + math.sqrt(((a - c) / 2) ** 2 + b * b)
    try:
        got = float(value)
    except (TypeError, ValueError):
        got = math.nan
    if math.isclose(got, 1.0 / lam_max, rel_tol=1e-3):
        print(
            f"Not yet: {got:.4g} is 1/λ_max, where the steep direction starts to zig-zag (1 − ηλ < 0). "
            "Instability needs |1 − ηλ| > 1."
        )
        return False
    return check_value(
        value,
        2.0 / lam_max,
        success=f"λ_max = {lam_max:.4f}, so steps shrink the error along the steep direction only while "
        f"η < 2/λ_max = {2.0 / lam_max:.3f}.",
        hint="build H = mean of g(1 − g)·[x, 1][x, 1]ᵀ at θ*, take its largest eigenvalue "
        "(np.linalg.eigvalsh(H)[-1]) and return 2 divided by it.",
        rtol=1e-3,
        atol=0.0,
    )
