"""Exercise checks of lesson 9 (stochastic gradient descent); expected values by plain loops with ``math``."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

import lesson_utils as lu

from . import agrees, as_number, check_choice, check_function, check_prediction, not_done
from .reference import sigma


def buggy_sgd_epoch(w, b, x, y, batch_size, learning_rate, seed):
    """One epoch of mini-batch SGD; x: (m, d), y: (m,). Returns the new (w, b)."""
    order = np.random.default_rng(seed).permutation(len(y))  # 1. shuffle
    for start in range(0, len(y), batch_size):  # 2. consecutive batches
        batch = order[start : start + batch_size]
        xb = x[batch]
        yb = y[start : start + batch_size]
        dL_dz = lu.sigmoid(xb @ w + b) - yb  # 3. g − y on the batch (lesson 7)
        w = w - learning_rate * xb.T @ dL_dz / len(batch)
        b = b - learning_rate * np.mean(dL_dz)
    return w, b


def _epoch_by_hand(w, b, x, y, batch_size, learning_rate, seed, *, shuffle=True, shuffled_samples=True,
                   shuffled_labels=True, divide_by="batch", sign=1.0) -> tuple[np.ndarray, float]:
    """One epoch of mini-batch SGD → (w, b), sample by sample with ``math``, in the lesson's shuffled order.
    The keywords make the wrong versions: samples or labels in the data's order (the exercise's bug), no
    shuffle, dividing by ``"batch_size"`` or by ``"one"`` (a sum), or y − g (``sign=-1``)."""
    m = len(y)
    order = [int(i) for i in np.random.default_rng(seed).permutation(m)] if shuffle else list(range(m))
    w, b = [float(v) for v in w], float(b)
    for start in range(0, m, batch_size):
        rows = order[start : start + batch_size]
        in_order = list(range(start, start + len(rows)))
        sample_rows = rows if shuffled_samples else in_order
        dw, db = [0.0] * len(w), 0.0
        for i, j in zip(sample_rows, rows if shuffled_labels else in_order, strict=True):
            xi = [float(v) for v in x[i]]
            r = sign * (sigma(sum(wk * xk for wk, xk in zip(w, xi, strict=True)) + b) - float(y[j]))  # g − y
            dw = [d + r * xk for d, xk in zip(dw, xi, strict=True)]
            db += r
        n = {"batch": len(rows), "batch_size": batch_size, "one": 1}[divide_by]
        w = [wk - learning_rate * d / n for wk, d in zip(w, dw, strict=True)]
        b -= learning_rate * db / n
    return np.array(w), b


#: Small data sets for exercise 1: 10 samples with batches of 4 (4 + 4 + 2), 7 with batches of 3
#: (3 + 3 + 1), and single-sample batches.
_X10 = np.array([[0.5, 1.0], [-1.0, 0.5], [2.0, -0.5], [0.0, 1.5], [1.5, 2.0],
                 [-0.5, -1.0], [1.0, 0.0], [-2.0, 1.0], [0.5, -1.5], [1.0, 1.0]])
_Y10 = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0])
_X7 = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, 1.0], [0.5, -0.5], [-1.5, 0.5], [1.0, 2.0]])
_Y7 = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
EPOCH_CASES_ARGS = (
    (np.array([0.1, -0.2]), 0.05, _X10, _Y10, 4, 0.5, 3),
    (np.array([0.0, 0.0]), 0.0, _X7, _Y7, 3, 1.0, 0),
    (np.array([0.3, 0.1]), -0.1, _X7, _Y7, 1, 0.2, 5),
)

EPOCH_MISTAKES = (
    (partial(_epoch_by_hand, shuffle=False),
     "samples and labels match now, but the epoch no longer shuffles: the batches come in the data's "
     "own order, the same every epoch. Keep the shuffle; only the labels need the shuffled indices."),
    (partial(_epoch_by_hand, divide_by="batch_size"),
     "the last batch is smaller than batch_size when m is not a multiple of it; dividing its sum by "
     "batch_size gives it too small a step. Divide by the number of samples in the batch."),
    (partial(_epoch_by_hand, divide_by="one"),
     "the step uses the sum of the batch's sample-gradients, so it grows with the batch size. "
     "The gradient of the mean loss is their mean."),
    (partial(_epoch_by_hand, shuffled_samples=False),
     "samples and labels still come from different orders: now the samples are taken in the data's "
     "order and the labels in the shuffled one. Take both with the same shuffled indices."),
    (partial(_epoch_by_hand, sign=-1.0),
     "samples and labels match now, but the step goes uphill: dL/dz is g − y, and the update "
     "subtracts η times its mean. The sign was right as it was."),
    (partial(_epoch_by_hand, shuffled_labels=False, sign=-1.0),
     "the sign of g − y was right as it was, and the bug is still there: compare which rows each "
     "batch takes its samples from and which rows its labels."),
)


def check_sgd_epoch(fn: Callable | None) -> bool:
    """Exercise 1: ``sgd_epoch(w, b, x, y, batch_size, learning_rate, seed)`` with its bug fixed."""
    cases = [(args, _epoch_by_hand(*args)) for args in EPOCH_CASES_ARGS]
    if agrees(fn, [(args, buggy_sgd_epoch(*args)) for args in EPOCH_CASES_ARGS]):
        return not_done("sgd_epoch still gives the numbers of the version with the bug. Find the bug, fix "
                        "it, run the cell, then this check.")
    return check_function(
        fn, cases, names=("w", "b"), mistakes=EPOCH_MISTAKES, fn_name="sgd_epoch",
        success="each batch now takes its samples and their labels with the same shuffled indices. "
        "A model trained with the labels of other samples learns nothing but the base rate.",
        hint="compare each line with the three steps above (shuffle, cut into batches, update with the "
        "batch's mean gradient) and ask what each variable holds for the second batch.",
    )


#: Exercise 2: (m, batch_size) and the number of batches, counted by hand.
UPDATE_CASES = (
    ((80_000, 64), 1_250),
    ((80_000, 1), 80_000),
    ((80_000, 80_000), 1),
    ((100, 32), 4),  # 32 + 32 + 32 + 4
    ((80_000, 3), 26_667),  # 26,666 batches of 3 and one of 2
    ((11, 4), 3),  # 4 + 4 + 3
    ((10, 4), 3),  # 4 + 4 + 2
)


UPDATE_MISTAKES = (
    (lambda m, b: m // b,
     "m // B counts only the full batches: the last, smaller batch (when B does not divide m) is an "
     "update too."),
    (lambda m, b: m // b + 1,
     "adding 1 to m // B counts a batch that does not exist when B divides m (80,000 / 64 is exactly "
     "1,250 batches)."),
    (lambda m, b: m / b,
     "m / B is not a whole number when B does not divide m, but updates come in whole batches."),
    (lambda m, b: round(m / b),
     "rounding m / B to the nearest whole number loses the last batch when it is less than half full."),
    (lambda m, b: math.ceil(b / m),
     "the arguments are the other way round: it is m samples cut into batches of B."),
)


def check_updates_per_epoch(fn: Callable | None) -> bool:
    """Exercise 2: ``updates_per_epoch(m, batch_size)`` counts the mini-batches of one epoch."""
    return check_function(
        fn, UPDATE_CASES,
        success="one update per batch, the last, smaller batch included: m / B rounded up, ⌈m / B⌉.",
        hint="count the batches of a small case by hand (m = 10, B = 4: samples 1–4, 5–8, 9–10) and "
        "find the formula that gives that count.",
        mistakes=UPDATE_MISTAKES, rtol=0.0, atol=1e-9, fn_name="updates_per_epoch",
    )


NOISE_MISTAKES = (
    (16.0, "That is 256 / 16, the ratio of the batch sizes: it holds for the variance of the batch "
     "mean, and the standard deviation is its square root."),
    (1 / 4, "That is upside down: the batch of 16 is the noisier one, so the ratio is above 1."),
    (1 / 16, "That is upside down, and it is the variance ratio: the batch of 16 is the noisier one."),
    (1.0, "The batch size does change the noise: a mean of more independent-ish terms scatters less."),
    (2.0, "That is the fourth root of 16. The variance of a mean of B terms falls like 1/B, so its "
     "standard deviation falls like 1/√B."),
)


def check_noise_prediction(prediction: Any, measured_ratio: Any) -> bool:
    """Exercise 3: the predicted std(B = 16) / std(B = 256) against the measured ratio (within 10 %)."""
    measured = as_number(measured_ratio)
    return check_prediction(
        prediction, measured if measured is not None and math.isfinite(measured) else None,
        explanation="A batch mean of B roughly independent sample-gradients has variance s²/B, so its "
        "standard deviation is s/√B: sixteen times the batch, √16 = 4 times less noise.",
        mistakes=NOISE_MISTAKES, rtol=0.1,
    )


#: Exercise 4: why ten times the data costs the full batch ten times the work, but not B = 16.
RACE_EXPLANATIONS = {
    "a": "A gradient from 16 samples is less accurate, not more: its standard deviation is that of "
    "one sample-gradient divided by about √16 = 4, while the full batch's has none, on either data set.",
    "b": "Right: the noise of a batch gradient is s/√B, set by B and by how much the sample-gradients "
    "differ, not by how many samples there are. So an update of B = 16 makes about as much progress on "
    "80,000 samples as on 8,000, for the same price of 16 sample-gradients, while one full-batch "
    "update costs all m of them: ten times more on ten times the data.",
    "c": "The logistic loss is convex (lesson 5): it has no local minima apart from the global one, "
    "so there is nothing to escape, on either data set. On this loss the noise only costs.",
    "d": "At its best η the full batch needs a single update on both data sets (the tables above). "
    "What grows with the data is the price of that one update: m sample-gradients.",
}
check_race_explanation = partial(
    check_choice, correct="b", explanations=RACE_EXPLANATIONS, success=RACE_EXPLANATIONS["b"][len("Right: "):]
)
