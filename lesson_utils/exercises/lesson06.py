"""Exercise checks of lesson 6 (the convergence experiments); expected values by hand or with statistics."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from . import check_choice, check_function, check_prediction, check_value, still_the_bug

#: The article's experiment: 100,000 samples, 20 % held out, 100 full-batch epochs.
N_SAMPLES, TEST_FRACTION, EPOCHS = 100_000, 0.2, 100
N_TRAIN = N_SAMPLES - round(N_SAMPLES * TEST_FRACTION)


def check_sample_gradients(value: Any) -> bool:
    """Exercise 1: per-sample gradients computed in the article's experiment, by one model."""
    return check_value(
        value, EPOCHS * N_TRAIN, rtol=0.0, atol=0.5,
        success="100 epochs × 80,000 training samples = 8,000,000 sample-gradients per model. The "
        "20,000 hold-out samples are evaluated for the curves but never enter a gradient.",
        hint="count how many samples enter the gradient in one epoch, then how many epochs there are.",
        mistakes=(
            (EPOCHS * N_SAMPLES, "10,000,000 counts the 20,000 hold-out samples too (the article's "
             "number), but they never enter a gradient: only the training split does."),
            (N_TRAIN, "80,000 is one epoch. The experiment runs 100 of them."),
            (2 * EPOCHS * N_TRAIN, "16,000,000 counts both models. The question asks for one."),
            (EPOCHS, "100 is the number of updates. Each update needs one gradient per training sample."),
            (EPOCHS * (N_SAMPLES - N_TRAIN), "2,000,000 counts the 20,000 hold-out samples. They are only "
             "evaluated; the gradient is taken over the 80,000 training samples."),
        ),
    )


#: Exercise 2: small data sets (5 and 3 samples) whose Hessians are worked out by hand below.
X_HAND = ((1.0, 2.0), (3.0, 0.0), (-1.0, 1.0), (1.0, 5.0), (0.0, -2.0))
X_HAND_2 = ((0.5,), (2.0,), (-1.5,))


def _hessian_at_zero_by_hand(x, weight: float = 0.25, mean: bool = True, bias_last: bool = True):
    """(1/m) Σ σ(0)(1 − σ(0)) a aᵀ with a = [x, 1]: every weight is 1/4. The keywords make the typical
    wrong versions: another weight, a sum, the bias first."""
    rows = [[*xi, 1.0] if bias_last else [1.0, *xi] for xi in x]
    d = len(rows[0])
    scale = weight / (len(rows) if mean else 1)
    return [[sum(scale * a[i] * a[j] for a in rows) for j in range(d)] for i in range(d)]


HESSIAN_MISTAKES = (
    (lambda x: np.array(_hessian_at_zero_by_hand(x.tolist(), weight=1.0)),
     "the weight of each sample is missing: at w = 0, b = 0 every g_i(1 − g_i) is σ(0)(1 − σ(0)) = 1/4, "
     "so H is a quarter of the mean of a aᵀ."),
    (lambda x: np.array(_hessian_at_zero_by_hand(x.tolist(), weight=0.5)),
     "the weight 1/2 is σ(0) alone. The Hessian weighs each sample by g(1 − g) = σ(0)(1 − σ(0)) = 1/4."),
    (lambda x: np.array(_hessian_at_zero_by_hand(x.tolist(), mean=False)),
     "that is a sum over the samples. The loss is a mean, so H is (1/m) times the sum."),
    (lambda x: np.array(_hessian_at_zero_by_hand(x.tolist(), bias_last=False)),
     "the bias comes first in your matrix. Put it last, a = [x_1, …, x_d, 1], as the parameters are "
     "ordered (w_1, …, w_d, b)."),
    (lambda x: 0.25 * x.T @ x / len(x),
     "the bias is a parameter too. Each a_i = [x_i, 1] has a 1 for it, so H is (d + 1) × (d + 1)."),
)


def check_hessian_at_zero(hessian_at_zero: Callable | None) -> bool:
    """Exercise 2: ``hessian_at_zero(x) -> H``, x: (m, d), H: (d + 1, d + 1), bias row/column last."""
    cases = [((np.array(x),), _hessian_at_zero_by_hand(x)) for x in (X_HAND, X_HAND_2)]
    return check_function(
        hessian_at_zero, cases,
        success="at w = 0, b = 0 every g_i = 1/2, so H(0) = (1/4)·mean of a aᵀ with a = [x, 1]: no sigmoid "
        "needed. On the second data set H(0) = [[0.5417, 0.0833], [0.0833, 0.25]].",
        hint="put σ(0) = 1/2 into H = (1/m) Σ g_i(1 − g_i) a_i a_iᵀ, with a_i = [x_i, 1] (the bias last).",
        mistakes=HESSIAN_MISTAKES,
        show_expected=False,  # the expected matrix would give the weight 1/4 away
    )


#: Exercise 3: a training and a test split whose answers are worked out by hand.
X_TRAIN_HAND = ((0.0, 10.0), (2.0, 14.0), (4.0, 15.0))
X_TEST_HAND = ((2.0, 12.0), (6.0, 18.0))


def buggy_standardize(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std()
    return (x_train - mean) / std, (x_test - mean) / std


def _standardized_by_hand(x_train, x_test, centre=True, scale="pstdev", own_test=False):
    """Per-feature (x − mean)/std with the training statistics, with ``statistics``: a pair of lists of
    rows. The keywords make the typical wrong versions."""
    spread_of = {"pstdev": statistics.pstdev, "stdev": statistics.stdev, "pvariance": statistics.pvariance,
                 "one": lambda column: 1.0}[scale]

    def standardized(rows, statistics_of):
        columns = list(zip(*statistics_of, strict=True))
        mean = [statistics.fmean(c) if centre else 0.0 for c in columns]
        spread = [spread_of(c) for c in columns]
        return [[(v - mu) / sd for v, mu, sd in zip(r, mean, spread, strict=True)] for r in rows]

    return standardized(x_train, x_train), standardized(x_test, x_test if own_test else x_train)


def _wrong(**kwargs) -> Callable:
    return lambda a, b: tuple(np.array(p) for p in _standardized_by_hand(a.tolist(), b.tolist(), **kwargs))


STANDARDIZE_MISTAKES = (
    (buggy_standardize, "one standard deviation for all features: x_train.std() without an axis takes the "
     "spread of every number in the array together. Each feature (column) needs its own."),
    (_wrong(own_test=True), "the hold-out split was scaled with its own mean and standard deviation. It "
     "must use the training statistics, as center() does with the mean: it plays data never seen."),
    (_wrong(scale="stdev"), "that is the sample standard deviation (dividing by m − 1, ddof=1). The "
     "exercise asks for the population formula, dividing by m (numpy's default, ddof=0)."),
    (_wrong(scale="one"), "the features are centred but not divided by their standard deviations."),
    (_wrong(centre=False), "the features are divided by their standard deviations but not centred: "
     "subtract the training mean first."),
    (_wrong(scale="pvariance"), "you divided by the variance. Standardising divides by the standard "
     "deviation, its square root."),
)


def _standardize_cases():
    rng = np.random.default_rng(6)
    x_train, x_test = rng.normal(3.0, 2.0, size=(8, 2)).round(3), rng.normal(0.0, 5.0, size=(5, 2)).round(3)
    x_train[:, 1] *= 10.0
    x_test[:, 1] *= 10.0
    splits = [(np.array(X_TRAIN_HAND), np.array(X_TEST_HAND)), (x_train, x_test)]
    return [((a, b), tuple(_standardized_by_hand(a.tolist(), b.tolist()))) for a, b in splits]


def check_standardize(standardize: Callable | None) -> bool:
    """Exercise 3: the fixed ``standardize(x_train, x_test) -> (x_train_s, x_test_s)``."""
    if still_the_bug(standardize, buggy_standardize):
        return False
    return check_function(
        standardize, _standardize_cases(),
        success="each feature is centred and divided by its own training standard deviation, and the "
        "hold-out split uses the same numbers: the test point (6, 18) becomes (2.449, 2.315).",
        hint="after your fix, every column of the standardised training split should have mean 0 and "
        "standard deviation 1. Check that on the small example.",
        mistakes=STANDARDIZE_MISTAKES, names=("x_train_s", "x_test_s"),
    )


#: Exercise 4: the learning rates to choose from (all on the explorer's slider), by option letter.
RATE_OPTIONS = {"a": 0.1, "b": 1.0, "c": 10 ** 1.25, "d": 100.0}


def best_rate_option(holdout_losses: Mapping[str, float] | None) -> str | None:
    """The option whose hold-out loss after 100 epochs is lowest in ``holdout_losses`` (option letter →
    hold-out loss, the sweep cell's result); None before the sweep has run."""
    if not isinstance(holdout_losses, Mapping) or not holdout_losses:
        return None
    try:
        losses = {k: float(v) for k, v in holdout_losses.items() if k in RATE_OPTIONS}
    except (TypeError, ValueError):
        return None
    if set(losses) != set(RATE_OPTIONS) or not all(np.isfinite(list(losses.values()))):
        return None
    return min(losses, key=losses.get)


def check_best_rate_prediction(prediction: Any, holdout_losses: Mapping[str, float] | None) -> bool:
    """Exercise 4: the predicted option against the sweep's hold-out losses after 100 epochs."""
    outcome = best_rate_option(holdout_losses)
    options = {
        "a": "η = 0.1, the rate of the experiment, safely below 2/λ_max(H(0)) = 0.225.",
        "b": "η = 1, about four times that bound.",
        "c": "η = 17.8, eighty times that bound.",
        "d": "η = 100, the largest rate on the slider.",
    }
    if outcome is None:
        return check_prediction(prediction, None, options=options, explanation="")
    shown = ", ".join(f"{RATE_OPTIONS[k]:.3g} → {float(holdout_losses[k]):.2g}" for k in RATE_OPTIONS)
    return check_prediction(
        prediction, outcome, options=options,
        explanation=f"Hold-out loss after 100 epochs: {shown}. Nothing blows up, and on this separable data "
        "a larger step lowers the loss faster, up to a point. Exercise 5 asks why not beyond it.",
    )


#: Exercise 5: why the best hold-out loss comes at a middle rate (multiple choice).
check_why_best_rate = partial(
    check_choice, correct="b",
    explanations={
        "a": "not so: nothing on the slider diverges. At η = 100 the loss jumps to 41 on the first step "
        "and then falls on every later step, to a hold-out loss of 9.2e-4, far below η = 0.1's 0.13.",
        "b": "right.",
        "c": "no: 2/λ_max(H(0)) = 0.225 is eighty times smaller than 17.8. That bound guarantees a falling "
        "loss on every step; beyond it a run can still do well, as this one does.",
        "d": "no: 2/(λ_min + λ_max) of H(0) is 0.222 for the raw data, and on separable data there is no "
        "minimum whose curvature could single out a best rate.",
    },
    success="a step can raise the loss only by an amount proportional to η, and on separable data "
    "larger weights keep lowering the loss of the points on the right side, so large rates win at "
    "first. But the line's offset, the bias, moves along a flat direction and lags behind; with the "
    "weights ever larger, the few points on the wrong side cost more. The cell below measures both.",
)
