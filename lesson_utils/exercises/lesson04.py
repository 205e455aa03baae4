"""Exercise checks of lesson 4 (the computation graph and its gradients), all with arguments (x, y, w, b).
Expected gradients: central differences of the loss written out with ``math`` (``reference``), or by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import as_number, check_function, check_prediction, check_value
from .reference import gradient_case, mean_gradients, residual, sigma

#: Exercise 1: the sample worked by hand. z = 0.5 · 2 − 1 = 0, so g = 1/2 and g − y = −1/2.
HAND_X, HAND_Y, HAND_W, HAND_B = 2.0, 1, 0.5, -1.0

GRADIENT_NAMES = ("dL_dw", "dL_db")


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
    """Exercise 3: what duplicating every sample does to ∂L/∂w of the mean loss and of the sum loss ("a"–"d"),
    against the measured new/old ratios."""
    mean_r, sum_r = as_number(mean_ratio), as_number(sum_ratio)
    outcome = None
    if mean_r is not None and sum_r is not None:
        table = {(2, 2): "a", (1, 2): "b", (1, 1): "c", (0.5, 1): "d"}
        outcome = table.get((round(mean_r * 2) / 2, round(sum_r * 2) / 2), "e")
    return check_prediction(
        prediction, outcome,
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
    x3 = rng.normal(loc=2.0, size=(5, 3)).round(2)
    return [
        gradient_case(x1, [1, 0, 1, 1, 0, 0], [0.7, -1.2], 0.3),
        gradient_case([[40.0], [1.0], [-2.0]], [1, 0, 0], [1.0], 0.0),  # at x = 40, g rounds to 1.0
        gradient_case(x3, [0, 1, 1, 0, 1], [0.1, 0.2, -0.3], -0.4),
    ]


def _separate_factors(x, y, w, b):
    """The article's way: ∂L/∂g and ∂g/∂z formed apart, then multiplied (0/0 = NaN once g rounds to 1)."""
    g = np.array([sigma(v) for v in x @ w + b])
    dL_dz = ((1 - y) / (1 - g) - y / g) * (g * (1 - g))
    return x.T @ dL_dz / len(y), float(np.mean(dL_dz))


def check_batch_gradients(fn: Callable | None) -> bool:
    """Exercise 4 (find the bug): ``batch_gradients(x, y, w, b)`` → (dL_dw (d,), dL_db), batch mean."""
    return check_function(
        fn, _batch_cases(), names=GRADIENT_NAMES, atol=1e-8,
        success="x.T @ (g − y) / m and mean(g − y): every sample's term added up for the shared w and b, "
                "then divided by m.",
        hint="compare each returned number with lu.numerical_gradient of the mean loss on a small batch: "
             "which part is wrong, and by what factor?",
        mistakes=[
            (lambda x, y, w, b: (mean_gradients(x, y, w, b)[0], residual(x, y, w, b) / len(y)),
             "dL_db is still one number per sample, shape (m,). b is used by every sample: "
             "its gradient adds the m terms up (then divides by m for the mean)."),
            (lambda *a: mean_gradients(*a, sum_w=True, sum_b=True),
             "that is the gradient of the sum loss, m times too large. The loss is the mean: divide by m."),
            (lambda *a: mean_gradients(*a, sign=-1.0), "both signs are flipped: ∂L/∂z = g − y, not y − g."),
            (lambda *a: mean_gradients(*a, sum_b=True),
             "dL_db is the sum: it needs the same division by m as dL_dw."),
            (lambda *a: mean_gradients(*a, sum_w=True),
             "dL_dw is the sum over the samples, m times too large: it needs the same division by m as "
             "dL_db."),
            (lambda *a: (mean_gradients(*a)[0], np.array([mean_gradients(*a)[1]])),
             "dL_db has shape (1,): return a single number, not an array holding one."),
            (_separate_factors,
             "right on ordinary batches, but NaN on the batch with a confident sample (x = 40, y = 1): there "
             "g rounds to 1.0, and a step that divides by 1 − g (such as ∂L/∂g = (1 − y)/(1 − g) − y/g, "
             "formed apart from ∂g/∂z) gives 0/0. The product of the two factors simplifies (section 3): "
             "compute ∂L/∂z directly."),
            (lambda x, y, w, b: (x @ residual(x, y, w, b), 0.0),
             "your function raises ValueError on every batch. If it computes x @ (g − y): x is (m, d) and "
             "g − y is (m,), so the sum over the samples is x.T @ (g − y), of shape (d,)."),
        ],
        non_finite="your function returns inf or nan on the batch with a confident sample (x = 40, y = 1), "
                   "where g rounds to 1.0: some step divides by 1 − g or takes log(1 − g). Compute ∂L/∂z "
                   "without dividing by g or 1 − g.",
    )


def _dL_dx_cases() -> list[tuple[tuple, np.ndarray]]:
    """(x, y, w, b) of one sample, and ∂L/∂x = (σ(z) − y)·w computed entry by entry with ``math``."""
    cases = []
    for x, y, w, b in (([1.0, 2.0, -1.0], 1, [0.5, -0.25, 1.0], 0.1), ([0.3, -1.2], 0, [2.0, 0.7], -0.4),
                       ([2.0], 1, [-1.5], 0.5)):
        dL_dz = sigma(sum(wj * xj for wj, xj in zip(w, x, strict=True)) + b) - y
        cases.append(((np.array(x), y, np.array(w), b), np.array([dL_dz * wj for wj in w])))
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
