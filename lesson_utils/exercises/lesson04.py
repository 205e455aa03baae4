"""Exercise checks of lesson 4 (the computation graph and its gradients).

Expected gradients are central finite differences of the loss, written out here with ``math``
(the loss of one sample is log(1 + e^(−z)) for y = 1 and log(1 + e^z) for y = 0), or numbers worked
out by hand. Nothing here calls the gradient code of ``lesson_utils``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import NOT_DONE, central_differences, check_function, check_value, flat_pair, mean_loss

#: Exercise 1: the sample worked by hand. z = 0.5 · 2 − 1 = 0, so g = 1/2 and g − y = −1/2.
HAND_SAMPLE = {"x": 2.0, "w": 0.5, "b": -1.0, "y": 1}
HAND_GRADIENTS = (-1.0, -0.5)  # dL/dw = (g − y)·x, dL/db = g − y

#: Step of the central differences that produce the expected values.
FD_STEP = 1e-6


def finite_difference_gradient(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """[dL/dw_1, …, dL/dw_d, dL/db] of the mean loss by central differences, one sample at a time.

    x: (m, d); y: (m,) labels; w: (d,); b: float. Returns (d + 1,).
    """
    theta = [*np.asarray(w, dtype=float).tolist(), float(b)]
    x_rows, y_list = np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()
    return np.array(central_differences(lambda t: mean_loss(x_rows, y_list, t), theta, FD_STEP))


def check_hand_gradients(dL_dw: object, dL_db: object) -> bool:
    """Exercise 1: dL/dw and dL/db of the sample x = 2, w = 0.5, b = −1, y = 1, worked by hand."""
    if dL_dw is None or dL_dw is Ellipsis or dL_db is None or dL_db is Ellipsis:
        print(f"{NOT_DONE}: replace both placeholders with your numbers, then run this cell again.")
        return False
    if isinstance(dL_dw, (str, bytes)) or isinstance(dL_db, (str, bytes)):
        print("Not yet: write the answers as numbers (like -0.25), not as text in quotes.")
        return False
    return check_value(
        [dL_dw, dL_db], np.array(HAND_GRADIENTS), rtol=1e-9,
        success="z = 0, g = 0.5, ∂L/∂z = g − y = −0.5, so ∂L/∂w = −0.5 · 2 = −1 and ∂L/∂b = −0.5.",
        hint="first z = w·x + b, then g = σ(z) (σ(0) = 0.5), then ∂L/∂z = g − y; "
             "multiply by ∂z/∂w = x for w and by ∂z/∂b = 1 for b.",
    )


def _sample_cases() -> list[tuple[tuple, np.ndarray]]:
    rows = [(2.0, 0.5, -1.0, 1), (1.5, 0.8, -0.5, 1), (-1.0, 2.0, 0.3, 0), (3.0, -1.0, 0.5, 0),
            (40.0, 1.0, 0.0, 1)]
    cases = []
    for x, w, b, y in rows:
        expected = finite_difference_gradient(np.array([[x]]), np.array([float(y)]), np.array([w]), b)
        cases.append(((x, w, b, y), expected))
    return cases


def check_sample_gradients(fn: Callable | None) -> bool:
    """Exercise 2: ``sample_gradients(x, w, b, y)`` → (dL_dw, dL_db) for one sample with one feature."""
    return check_function(
        fn, _sample_cases(), rtol=1e-5, atol=1e-8,
        success="your gradients match finite differences, also at z = 40 where g rounds to 1.",
        hint="compute g = σ(z) and use ∂L/∂z = g − y (no division: the form with 1/g and 1/(1 − g) "
             "is 0/0 = NaN once g rounds to 1, as in the last case x = 40, w = 1, b = 0, y = 1).",
    )


def _batch_cases() -> list[tuple[tuple, np.ndarray]]:
    rng = np.random.default_rng(4)
    x1 = rng.normal(size=(6, 2))
    y1 = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    w1, b1 = np.array([0.7, -1.2]), 0.3
    x2 = np.array([[40.0], [1.0], [-2.0]])  # the first sample is confident: g rounds to 1.0
    y2 = np.array([1.0, 0.0, 0.0])
    w2, b2 = np.array([1.0]), 0.0
    x3 = rng.normal(loc=2.0, size=(5, 3))
    y3 = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    w3, b3 = np.array([0.1, 0.2, -0.3]), -0.4
    return [((x, y, w, b), finite_difference_gradient(x, y, w, b))
            for x, y, w, b in ((x1, y1, w1, b1), (x2, y2, w2, b2), (x3, y3, w3, b3))]


def check_batch_gradients(fn: Callable | None) -> bool:
    """Exercise 3: ``batch_gradients(x, y, w, b)`` → (dL_dw (d,), dL_db) averaged over the batch."""
    return check_function(
        flat_pair(fn), _batch_cases(), rtol=1e-5, atol=1e-8,
        success="x.T @ (g − y) / m and mean(g − y): the batch average, with no loop and no NaN.",
        hint="z = x @ w + b and g = σ(z) have shape (m,); dL_dw = x.T @ (g − y) / m has shape (d,); "
             "dL_db = np.mean(g − y). Return them as a pair.",
    )
