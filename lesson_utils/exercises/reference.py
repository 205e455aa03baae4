"""Reference values of the exercise checks, written with ``math`` one number at a time: they share no code
with the numpy versions the lessons build, so a check never compares the learner's code with itself."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np


def sigma(z: float) -> float:
    """σ(z) with math.exp, choosing the branch whose exponent is not positive."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def residual(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """∂L/∂z = g − y of every sample, σ from ``math``. x: (m, d), y: (m,), w: (d,), b: a number → (m,)."""
    return np.array([sigma(v) for v in x @ w + b]) - y


def softplus(t: float) -> float:
    """log(1 + e^t) without overflow."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def mean_loss(x: Iterable[Iterable[float]], y: Iterable[float], theta: list[float]) -> float:
    """Mean cross-entropy of w = theta[:-1], b = theta[-1] on m rows x of d numbers and labels y, sample by
    sample: y·log(1 + e^(−z)) + (1 − y)·log(1 + e^z) with z = w·x + b."""
    w, b = theta[:-1], theta[-1]
    total, m = 0.0, 0
    for xi, yi in zip(x, y, strict=True):
        z = sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b
        total += yi * softplus(-z) + (1.0 - yi) * softplus(z)
        m += 1
    return total / m


def central_differences(f: Callable[[list[float]], float], theta: Iterable[float], eps: float = 1e-6) -> list:
    """(f(θ + ε eᵢ) − f(θ − ε eᵢ)) / 2ε for every i; f: a function of a list of n numbers."""
    theta = [float(t) for t in theta]
    grad = []
    for i in range(len(theta)):
        plus, minus = list(theta), list(theta)
        plus[i] += eps
        minus[i] -= eps
        grad.append((f(plus) - f(minus)) / (2 * eps))
    return grad


def gradient_case(x: Any, y: Any, w: Any, b: float, l2: float | None = None) -> tuple[tuple, tuple]:
    """One case of a gradient exercise: ((x, y, w, b[, l2]) as numpy arrays, (dL_dw (d,), dL_db)), from
    central differences of the mean loss (plus (l2/2)·‖w‖² when l2 is given)."""
    rows, labels = np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()
    theta = [*np.asarray(w, dtype=float).tolist(), float(b)]
    penalty = 0.0 if l2 is None else float(l2)
    def loss(t: list[float]) -> float:
        return mean_loss(rows, labels, t) + 0.5 * penalty * math.fsum(v * v for v in t[:-1])
    grad = central_differences(loss, theta)
    args = (np.array(rows), np.array(labels), np.array(theta[:-1]), float(b))
    return (args if l2 is None else (*args, penalty)), (np.array(grad[:-1]), float(grad[-1]))


def mean_gradients(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, sign: float = 1.0,
                   sum_w: bool = False, sum_b: bool = False) -> tuple[np.ndarray, float]:
    """(∂L/∂w (d,), ∂L/∂b) of the mean loss, for the mistake functions: ``sign=-1`` uses y − g,
    ``sum_w`` / ``sum_b`` forget to divide by m."""
    r = sign * residual(x, y, w, b)
    m = len(y)
    return x.T @ r / (1 if sum_w else m), float(np.sum(r)) / (1 if sum_b else m)
