"""Exercise checks of lesson 6 (the convergence experiments).

Each check prints ``Correct: …``, ``Not yet: …`` with a hint, or ``Not done yet: …``, returns True
only for a right answer, and never raises. Expected values are worked out here by hand or with
plain Python loops (``statistics`` for means and standard deviations). The one exception is
exercise 4, whose answer is read off the convergence explorer: its check trains with
``lesson_utils.train``, the trainer the explorer shows, at the answer and at the slider step below.
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..model import LogisticRegression
from ..training import DivergenceWarning, train
from . import NOT_DONE, check_function, check_value, flat_pair

#: The article's experiment: 100,000 samples, 20 % held out, 100 full-batch epochs.
N_SAMPLES, TEST_FRACTION, EPOCHS = 100_000, 0.2, 100

#: Exercises 2 and 3: small data sets whose answers are worked out by hand below.
X_HAND = ((1.0, 2.0), (3.0, 0.0), (-1.0, 1.0), (1.0, 5.0))
X_TRAIN_HAND = ((0.0, 10.0), (2.0, 14.0), (4.0, 12.0))
X_TEST_HAND = ((2.0, 12.0), (6.0, 18.0))


def check_sample_gradients(value: Any) -> bool:
    """Exercise 1: per-sample gradients computed in the article's experiment (one model)."""
    n_train = N_SAMPLES - round(N_SAMPLES * TEST_FRACTION)
    try:
        got = float(value)
    except (TypeError, ValueError):
        got = None
    if got == EPOCHS * N_SAMPLES:
        print("Not yet: 10,000,000 is the article's number. It counts the 20,000 held-out samples too, "
              "but those never enter a gradient.")
        return False
    return check_value(
        value,
        EPOCHS * n_train,
        success="100 epochs × 80,000 training samples = 8,000,000 per-sample gradients per model "
        "(16,000,000 for the two models).",
        hint="only the training split (80 % of 100,000) enters the gradient, once per epoch.",
        rtol=0.0,
        atol=0.5,
    )


def _hessian_at_zero_by_hand(x) -> list[list[float]]:
    """(1/m) Σ σ(0)(1 − σ(0)) a aᵀ with a = [x, 1]: σ(0) = 1/2, so every weight is 1/4."""
    rows = [[*xi, 1.0] for xi in x]
    d = len(rows[0])
    return [[sum(0.25 * a[i] * a[j] for a in rows) / len(rows) for j in range(d)] for i in range(d)]


def check_hessian_at_zero(hessian_at_zero: Callable | None) -> bool:
    """Exercise 2: ``hessian_at_zero(x) -> H`` of shape (d + 1, d + 1), the Hessian at w = 0, b = 0."""
    cases = [
        ((np.array(X_HAND),), _hessian_at_zero_by_hand(X_HAND)),
        ((np.array(X_TRAIN_HAND),), _hessian_at_zero_by_hand(X_TRAIN_HAND)),
    ]
    if callable(hessian_at_zero):
        try:
            got = np.asarray(hessian_at_zero(np.array(X_HAND)), dtype=float)
        except Exception:  # the reader's code: reported by check_function below
            got = None
        expected = np.array(cases[0][1])
        if got is not None and got.shape == expected.shape and np.allclose(got, 4 * expected):
            print("Not yet: the matrix is 4 times too large. At w = 0, b = 0 every g(1 − g) is "
                  "σ(0)(1 − σ(0)) = 1/4.")
            return False
        if got is not None and got.shape == (2, 2):
            print("Not yet: the bias is a parameter too. Append a column of ones, a = [x, 1], so H is "
                  "(d + 1) × (d + 1).")
            return False
    return check_function(
        hessian_at_zero,
        cases,
        success="H = (1/4)·mean of [x, 1][x, 1]ᵀ; on the first data set H = [[0.75, 0.375, 0.25], "
        "[0.375, 1.875, 0.5], [0.25, 0.5, 0.25]].",
        hint="a = np.column_stack([x, np.ones(len(x))]), then H = 0.25 * a.T @ a / len(x).",
        rtol=1e-9,
        atol=1e-12,
    )


def _standardized_by_hand(x_train, x_test) -> list[float]:
    columns = list(zip(*x_train, strict=True))
    mean = [statistics.fmean(col) for col in columns]
    std = [statistics.pstdev(col) for col in columns]
    out = []
    for rows in (x_train, x_test):
        out += [(v - mu) / sd for row in rows for v, mu, sd in zip(row, mean, std, strict=True)]
    return out


def check_standardize(standardize: Callable | None) -> bool:
    """Exercise 3: ``standardize(x_train, x_test) -> (x_train_s, x_test_s)`` with training statistics."""
    x_tr, x_te = np.array(X_TRAIN_HAND), np.array(X_TEST_HAND)
    cases = [((x_tr, x_te), _standardized_by_hand(X_TRAIN_HAND, X_TEST_HAND))]
    rng = np.random.default_rng(6)
    a, b = rng.normal(3.0, 2.0, size=(8, 2)).round(3), rng.normal(0.0, 5.0, size=(5, 2)).round(3)
    cases.append(((a, b), _standardized_by_hand(a.tolist(), b.tolist())))
    if callable(standardize):
        try:
            got = flat_pair(standardize)(x_tr, x_te)
        except Exception:  # the reader's code: reported by check_function below
            got = None
        if got is not None and got is not Ellipsis:
            own = _standardized_by_hand(X_TRAIN_HAND, X_TRAIN_HAND)[:6] + _standardized_by_hand(
                X_TEST_HAND, X_TEST_HAND
            )[:4]
            if np.shape(got) == (10,) and np.allclose(got, own):
                print("Not yet: the test split was scaled with its own mean and standard deviation. Use the "
                      "training statistics for both splits, as center() does with the mean.")
                return False
    return check_function(
        flat_pair(standardize),
        cases,
        success="training mean (2, 12) and standard deviation (1.633, 1.633) applied to both splits: the "
        "test point (6, 18) becomes (2.449, 3.674), outside the training range, as it should.",
        hint="mean = x_train.mean(axis=0), std = x_train.std(axis=0); return "
        "((x_train - mean) / std, (x_test - mean) / std).",
        rtol=1e-9,
        atol=1e-12,
    )


#: Exercise 4: the explorer's learning-rate slider offers 10 ** (k * LR_SLIDER_STEP).
LR_SLIDER_STEP = 0.25


def _diverges(x_train: np.ndarray, y_train: np.ndarray, learning_rate: float, epochs: int) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        model = LogisticRegression(x_train.shape[1])
        return train(model, x_train, y_train, epochs, learning_rate).diverged_at


def check_divergence_threshold(value: Any, x_train: Any, y_train: Any, epochs: int = 100) -> bool:
    """Exercise 4: the smallest slider learning rate at which raw training diverges within ``epochs``.

    value: the reader's learning rate, as the slider shows it (3 significant digits are enough);
    x_train: (m, d) raw training samples; y_train: (m,) labels. Correct when training diverges at
    that slider value and not at the slider value one step below.
    """
    if value is None or value is Ellipsis:
        print(f"{NOT_DONE}: replace the placeholder with your answer, then run this cell again.")
        return False
    try:
        eta = float(value)
    except (TypeError, ValueError):
        eta = math.nan
    if not math.isfinite(eta) or eta <= 0:
        print(f"Not yet: {value!r} is not a positive learning rate. Read the value off the slider.")
        return False
    k = round(math.log10(eta) / LR_SLIDER_STEP)
    on_slider = 10 ** (k * LR_SLIDER_STEP)
    if abs(eta / on_slider - 1) > 5e-3:
        print(f"Not yet: {eta:g} is not one of the slider's values (…, 5.62, 10, 17.8, 31.6, …). "
              "Set the slider and copy its readout.")
        return False
    x = np.asarray(x_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    at = _diverges(x, y, on_slider, epochs)
    if at is None:
        print(f"Not yet: at learning rate {on_slider:.3g} the raw model trains for {epochs} epochs without "
              "diverging. Look higher.")
        return False
    below = 10 ** ((k - 1) * LR_SLIDER_STEP)
    if _diverges(x, y, below, epochs) is not None:
        print(f"Not yet: {on_slider:.3g} diverges, but so does the slider value below it, {below:.3g}. "
              "Look lower.")
        return False
    print(f"Correct: at {on_slider:.3g} the raw model diverges at epoch {at}; at {below:.3g} it does not. "
          "The first step is η times the gradient at w = 0, and with the raw data's offset that step "
          "puts half of class 0 far on the wrong side of the line.")
    return True
