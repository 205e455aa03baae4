"""Exercise checks of lesson 4 (the computation graph and its gradients).

Expected gradients are central finite differences of the loss, written out here with ``math``
(the loss of one sample is log(1 + e^(−z)) for y = 1 and log(1 + e^z) for y = 0), or numbers worked
out by hand. Nothing here calls the gradient code of ``lesson_utils``. Each check prints
``Correct: …``, ``Not yet: …`` (naming the mistake it recognised) or ``Not done yet: …`` and never raises.
All functions of the exercises take their arguments in the order (x, y, w, b), as in lesson 5.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import as_number, central_differences, check_function, check_prediction, check_value, mean_loss, sigma
from .reference import residual

#: Exercise 1: the sample worked by hand. z = 0.5 · 2 − 1 = 0, so g = 1/2 and g − y = −1/2.
HAND_X, HAND_Y, HAND_W, HAND_B = 2.0, 1, 0.5, -1.0

#: Step of the central differences that produce the expected values.
FD_STEP = 1e-6

GRADIENT_NAMES = ("dL_dw", "dL_db")


def finite_difference_gradient(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """[dL/dw_1, …, dL/dw_d, dL/db] of the mean loss by central differences, one sample at a time.

    x: (m, d); y: (m,) labels; w: (d,); b: float. Returns (d + 1,).
    """
    theta = [*np.asarray(w, dtype=float).tolist(), float(b)]
    x_rows, y_list = np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()
    return np.array(central_differences(lambda t: mean_loss(x_rows, y_list, t), theta, FD_STEP))


def check_hand_gradients(dL_dw: Any, dL_db: Any) -> bool:
    """Exercise 1: dL/dw and dL/db of the sample x = 2, y = 1, w = 0.5, b = −1, worked by hand."""
    dL_dz = sigma(HAND_W * HAND_X + HAND_B) - HAND_Y  # σ(0) − 1 = −1/2 exactly
    return check_value(
        (dL_dw, dL_db), (dL_dz * HAND_X, dL_dz), names=GRADIENT_NAMES,
        success="z = 0, g = 0.5, ∂L/∂z = g − y = −0.5, so ∂L/∂w = −0.5 · 2 = −1 and ∂L/∂b = −0.5.",
        hint="first z = w·x + b, then g = σ(z) (σ(0) = 0.5), then ∂L/∂z = ∂L/∂g · ∂g/∂z; "
             "multiply by ∂z/∂w = x for w and by ∂z/∂b = 1 for b.",
        mistakes=[
            ((1.0, 0.5), "both signs are flipped: you used y − g. ∂L/∂z = g − y, negative here, because "
                         "raising z (and so g) lowers the loss of a y = 1 sample."),
            ((-0.5, -1.0), "the two are swapped: ∂z/∂w = x = 2 belongs to w, ∂z/∂b = 1 to b."),
            ((-0.5, -0.5), "∂L/∂w is missing its last factor ∂z/∂w = x = 2."),
            ((0.5, 0.25), "that is ∂g/∂w and ∂g/∂b: the factor ∂L/∂g = −y/g = −2 is missing."),
        ],
    )


def check_duplicate_prediction(prediction: Any, mean_ratio: Any, sum_ratio: Any) -> bool:
    """Exercise 3: what duplicating every sample does to ∂L/∂w of the mean loss and of the sum loss.

    prediction: "a" (both double), "b" (mean unchanged, sum doubles), "c" (both unchanged),
    "d" (mean halves, sum unchanged); mean_ratio, sum_ratio: measured new/old ratios.
    """
    mean_r, sum_r = as_number(mean_ratio), as_number(sum_ratio)
    outcome = None
    if mean_r is not None and sum_r is not None:
        table = {(2, 2): "a", (1, 2): "b", (1, 1): "c", (0.5, 1): "d"}
        outcome = table.get((round(mean_r * 2) / 2, round(sum_r * 2) / 2), "e")
    return check_prediction(
        prediction,
        outcome,
        options={
            "a": "the mean divides the doubled sum by the doubled m.",
            "b": "right.",
            "c": "w is used by twice as many samples, and each use adds its own term to the gradient of "
                 "the sum.",
            "d": "duplicates are not new information, but they are not less either: the mean of a list "
                 "written out twice is the same mean.",
        },
        explanation="w is used once per sample, and gradients add over the uses: the sum loss gets every "
                    "term twice, so its gradient doubles. The mean divides that by 2m instead of m, so its "
                    "gradient is unchanged.",
    )


def _batch_cases() -> list[tuple[tuple, tuple]]:
    rng = np.random.default_rng(4)
    x1 = rng.normal(size=(6, 2)).round(2)
    y1 = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    w1, b1 = np.array([0.7, -1.2]), 0.3
    x2 = np.array([[40.0], [1.0], [-2.0]])  # the first sample is confident: g rounds to 1.0
    y2 = np.array([1.0, 0.0, 0.0])
    w2, b2 = np.array([1.0]), 0.0
    x3 = rng.normal(loc=2.0, size=(5, 3)).round(2)
    y3 = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    w3, b3 = np.array([0.1, 0.2, -0.3]), -0.4
    cases = []
    for x, y, w, b in ((x1, y1, w1, b1), (x2, y2, w2, b2), (x3, y3, w3, b3)):
        grad = finite_difference_gradient(x, y, w, b)
        cases.append(((x, y, w, b), (grad[:-1], float(grad[-1]))))
    return cases


def _per_sample_db(x, y, w, b):  # the bug of the exercise: b's terms never added up
    r = residual(x, y, w, b)
    return x.T @ r / len(y), r / len(y)


def _sum_loss(x, y, w, b):
    r = residual(x, y, w, b)
    return x.T @ r, float(np.sum(r))


def _sign_flipped(x, y, w, b):
    r = -residual(x, y, w, b)
    return x.T @ r / len(y), float(np.mean(r))


def _db_summed(x, y, w, b):
    r = residual(x, y, w, b)
    return x.T @ r / len(y), float(np.sum(r))


def _dw_not_divided(x, y, w, b):
    r = residual(x, y, w, b)
    return x.T @ r, float(np.mean(r))


def _db_shape_one(x, y, w, b):
    r = residual(x, y, w, b)
    return x.T @ r / len(y), np.array([np.mean(r)])


def _separate_factors(x, y, w, b):
    """The article's way: ∂L/∂g and ∂g/∂z formed apart, then multiplied (0/0 = NaN once g rounds to 1)."""
    g = np.array([sigma(v) for v in x @ w + b])
    dL_dz = ((1 - y) / (1 - g) - y / g) * (g * (1 - g))
    return x.T @ dL_dz / len(y), float(np.mean(dL_dz))


def _not_transposed(x, y, w, b):
    return x @ residual(x, y, w, b), 0.0


def check_batch_gradients(fn: Callable | None) -> bool:
    """Exercise 4 (find the bug): ``batch_gradients(x, y, w, b)`` → (dL_dw (d,), dL_db), batch mean."""
    return check_function(
        fn, _batch_cases(), names=GRADIENT_NAMES, atol=1e-8,
        success="x.T @ (g − y) / m and mean(g − y): every sample's term added up for the shared w and b, "
                "then divided by m.",
        hint="compare each returned number with lu.numerical_gradient of the mean loss on a small batch: "
             "which part is wrong, and by what factor?",
        mistakes=[
            (_per_sample_db, "dL_db is still one number per sample, shape (m,). b is used by every sample: "
                             "its gradient adds the m terms up (then divides by m for the mean)."),
            (_sum_loss, "that is the gradient of the sum loss, m times too large. The loss is the mean: "
                        "divide by m."),
            (_sign_flipped, "both signs are flipped: ∂L/∂z = g − y, not y − g."),
            (_db_summed, "dL_db is the sum: it needs the same division by m as dL_dw."),
            (_dw_not_divided, "dL_dw is the sum over the samples, m times too large: it needs the same "
                              "division by m as dL_db."),
            (_db_shape_one, "dL_db has shape (1,): return a single number, not an array holding one."),
            (_separate_factors, "right on ordinary batches, but NaN on the batch with a confident sample "
                                "(x = 40, y = 1): there g rounds to 1.0, and a step that divides by 1 − g "
                                "(such as ∂L/∂g = (1 − y)/(1 − g) − y/g, formed apart from ∂g/∂z) gives 0/0. "
                                "The product of the two factors simplifies (section 3): compute ∂L/∂z "
                                "directly."),
            (_not_transposed, "your function raises ValueError on every batch. If it computes x @ (g − y): "
                              "x is (m, d) and g − y is (m,), so the sum over the samples is x.T @ (g − y), "
                              "of shape (d,)."),
        ],
        non_finite="your function returns inf or nan on the batch with a confident sample (x = 40, y = 1), "
                   "where g rounds to 1.0: some step divides by 1 − g or takes log(1 − g). Compute ∂L/∂z "
                   "without dividing by g or 1 − g.",
    )


def _dL_dx_cases() -> list[tuple[tuple, np.ndarray]]:
    rows = [
        ([1.0, 2.0, -1.0], 1, [0.5, -0.25, 1.0], 0.1),
        ([0.3, -1.2], 0, [2.0, 0.7], -0.4),
        ([2.0], 1, [-1.5], 0.5),
    ]
    cases = []
    for x, y, w, b in rows:
        z = sum(wj * xj for wj, xj in zip(w, x, strict=True)) + b
        expected = np.array([(sigma(z) - y) * wj for wj in w])
        cases.append(((np.array(x), y, np.array(w), b), expected))
    return cases


def _g(x, w, b):
    return sigma(float(np.dot(x, w) + b))


def check_input_gradient(fn: Callable | None) -> bool:
    """Exercise 2: ``input_gradient(x, y, w, b)`` → ∂L/∂x, shape (d,), for one sample with d features."""
    return check_function(
        fn, _dL_dx_cases(),
        success="∂L/∂x = (g − y) · w: the same ∂L/∂z as for w, times ∂z/∂x = w. A layer below would "
                "receive exactly this (lesson 8).",
        hint="follow the graph from L back to x: ∂L/∂z, then the edge z → x, whose local derivative is "
             "∂z/∂x.",
        mistakes=[
            (lambda x, y, w, b: (_g(x, w, b) - y) * x,
             "that is ∂L/∂w = (g − y)·x. For x the last factor is ∂z/∂x = w."),
            (lambda x, y, w, b: (y - _g(x, w, b)) * w,
             "the sign is flipped: ∂L/∂z = g − y, not y − g."),
            (lambda x, y, w, b: _g(x, w, b) * (1 - _g(x, w, b)) * w,
             "that is ∂g/∂x = g(1 − g)·w: the factor ∂L/∂g is missing (with it, g(1 − g) becomes g − y)."),
            (lambda x, y, w, b: w,
             "that is ∂z/∂x = w alone: multiply by ∂L/∂z = g − y."),
        ],
    )
