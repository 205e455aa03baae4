"""Exercise checks of lesson 5 (gradient descent).

1. ``predict`` (retyping the forward pass), 2. ``compute_gradients`` (derived from ∂L/∂z = g − y),
3. the bug in an in-place ``optimize``, 4. a prediction of what η = 10 does to the logistic loss.

Each check prints ``Correct: …``, ``Not yet: …`` (naming the mistake it recognised) or
``Not done yet: …``, returns True only for a right answer, and never raises. Expected values are
worked out here with ``math`` (hand formulas, finite differences of a loss written out sample by
sample), never with ``lesson_utils``.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable
from typing import Any

import numpy as np

from . import (
    NOT_DONE,
    ReturnShapeError,
    central_differences,
    check_function,
    check_prediction,
    is_placeholder,
    mean_loss,
    sigma,
)
from .reference import residual

#: Exercises 1–3: a batch of three samples with two features, its labels and parameters.
X_SMALL = ((1.0, 2.0), (0.0, -1.0), (2.0, -2.0))
Y_SMALL = (1.0, 0.0, 1.0)
W_SMALL = (0.5, -1.0)
B_SMALL = 0.25


def _random_batch() -> tuple[list[list[float]], list[float], list[float], float]:
    """Six samples with two features (seeded), labels and parameters: exercise 2's second case."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 2)).round(3).tolist()
    y = [1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    return x, y, [0.8, -0.6], 0.3


def _raveled_pair(fn: Any) -> Any:
    """``fn`` with each part of its (first, second) result flattened: a (1, m) z counts as (m,).

    A placeholder (None or ``...``) passes through; anything that is not a pair raises
    ``ReturnShapeError``, which the check describes as a result of the wrong form.
    """
    if not callable(fn):
        return fn

    @functools.wraps(fn)
    def wrapped(*args):
        out = fn(*args)
        if out is None or out is Ellipsis:
            return out
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            kind = "a single value" if not isinstance(out, (tuple, list)) else f"{len(out)} values"
            raise ReturnShapeError(f"{kind}; expected a pair (two values)")
        if any(part is None or part is Ellipsis for part in out):
            return None
        try:
            return tuple(np.ravel(np.asarray(part, dtype=float)) for part in out)
        except (TypeError, ValueError):
            raise ReturnShapeError("a pair whose parts are not numbers") from None

    return wrapped


# --- exercise 1: predict ----------------------------------------------------------------------


def _predict_by_hand(x, w, b) -> tuple[list[float], list[float]]:
    z = [sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b for xi in x]
    return z, [sigma(v) for v in z]


def _predict_cases() -> list[tuple[tuple, tuple]]:
    cases = []
    for x, w, b in ((X_SMALL, W_SMALL, B_SMALL), (((3.0, 1.0), (-1.0, 0.5)), (-0.2, 0.4), -1.0)):
        z, g = _predict_by_hand(x, w, b)
        cases.append(((np.array(x), np.array(w), b), (z, g)))
    return cases


def _predict_without_bias(x, w, b):
    z = x @ w
    return z, 1 / (1 + np.exp(-z))


def _predict_sign_in_exponent(x, w, b):
    z = x @ w + b
    return z, 1 / (1 + np.exp(z))


def _predict_swapped(x, w, b):
    z = x @ w + b
    return 1 / (1 + np.exp(-z)), z


def _predict_log_odds_as_probability(x, w, b):
    z = x @ w + b
    return z, z


PREDICT_MISTAKES = (
    (_predict_without_bias, "z has no bias. The logit of a sample is its weighted sum plus b."),
    (_predict_sign_in_exponent, "g is 1 − σ(z): the sigmoid is 1 / (1 + e^(−z)), with a minus sign in "
     "the exponent."),
    (_predict_swapped, "the two results are swapped. Return the pair in the order (z, g)."),
    (_predict_log_odds_as_probability, "g equals z. The probability is the sigmoid of the logit."),
)


def check_predict(predict: Callable | None) -> bool:
    """Exercise 1: ``predict(x, w, b) -> (z, g)``; x: (m, d), w: (d,) or (1, d), b a number."""
    return check_function(
        _raveled_pair(predict),
        _predict_cases(),
        success="z = x·w + b = [−1.25, 1.25, 3.25] and g = σ(z) = [0.2227, 0.7773, 0.9627]: one logit "
        "and one probability per sample.",
        hint="each row of x gives one logit, the weighted sum of its features plus b, and g is the "
        "sigmoid of that logit.",
        mistakes=[(_raveled_pair(fn), message) for fn, message in PREDICT_MISTAKES],
        names=("z", "g"),
    )


# --- exercise 2: compute_gradients --------------------------------------------------------------


def _gradient_cases() -> list[tuple[tuple, tuple]]:
    cases = []
    for x, y, w, b in ((X_SMALL, Y_SMALL, list(W_SMALL), B_SMALL), _random_batch()):
        grad = central_differences(lambda t, x=x, y=y: mean_loss(x, y, t), [*w, b])
        args = (np.array(x), np.array(y), np.array(w), b)
        cases.append((args, (grad[:-1], grad[-1])))
    return cases


def _gradients_sign_flipped(x, y, w, b):
    e = -residual(x, y, w, b)
    return x.T @ e / len(y), float(np.mean(e))


def _gradients_summed(x, y, w, b):
    e = residual(x, y, w, b)
    return x.T @ e, float(np.sum(e))


def _gradients_swapped(x, y, w, b):
    e = residual(x, y, w, b)
    return float(np.mean(e)), x.T @ e / len(y)


def _gradients_without_x(x, y, w, b):
    e = residual(x, y, w, b)
    return np.full(x.shape[1], np.mean(e)), float(np.mean(e))


def _gradients_bias_times_x(x, y, w, b):
    e = residual(x, y, w, b)
    return x.T @ e / len(y), float(np.mean(e * x.sum(axis=1)))


GRADIENT_MISTAKES = (
    (_gradients_sign_flipped, "every sign is flipped: you used y − g. With ∂L/∂z = g − y the gradient "
     "points uphill, and the update subtracts it."),
    (_gradients_summed, "those are the sums over the batch. The loss is the mean, so each gradient is "
     "the mean of the per-sample gradients: divide by m = len(y)."),
    (_gradients_swapped, "the two results are swapped. Return (dL_dw, dL_db): first the weights' "
     "gradient, one number per feature, then the bias's."),
    (_gradients_without_x, "dL_dw has the same number for every feature. By the chain rule each sample "
     "contributes (g − y)·∂z/∂w_j, and ∂z/∂w_j = x_j differs from feature to feature."),
    (_gradients_bias_times_x, "dL_db carries a factor x. For the bias ∂z/∂b = 1, so each sample "
     "contributes just g − y."),
)


def _predict_status(predict: Any) -> str | None:
    """Why exercise 1's ``predict`` cannot be used yet (one sentence), or None when it works."""
    if predict is None:
        return None  # not passed: the learner's compute_gradients may not use it
    x, w, b = np.array(X_SMALL), np.array(W_SMALL), B_SMALL
    try:
        with np.errstate(all="ignore"):
            out = predict(x, w, b)
    except Exception as err:  # the learner's code
        return f"your predict from exercise 1 raises {type(err).__name__}: {err}"
    if out is None or out is Ellipsis:
        return "your predict from exercise 1 is not written yet"
    z, g = _predict_by_hand(X_SMALL, W_SMALL, B_SMALL)
    try:
        got = _raveled_pair(lambda *a: out)()
        ok = got is not None and np.allclose(got[0], z, rtol=1e-6) and np.allclose(got[1], g, rtol=1e-6)
    except Exception:  # a result of the wrong form
        ok = False
    return None if ok else "your predict from exercise 1 does not pass its check yet"


def check_compute_gradients(compute_gradients: Callable | None, predict: Any = None) -> bool:
    """Exercise 2: ``compute_gradients(x, y, w, b) -> (dL_dw, dL_db)`` of the mean loss.

    x: (m, d); y: (m,); w: (d,); b: a number. Expected values are central differences of the mean
    loss written out with ``math``. predict: exercise 1's function, which the learner's code calls;
    while it is unfinished the check says so instead of blaming exercise 2.
    """
    problem = _predict_status(predict) if callable(compute_gradients) else None
    if problem is not None:
        # Judge exercise 2 on its own first: it may not call predict at all.
        with contextlib.redirect_stdout(io.StringIO()) as quiet:
            ok = _check_gradients(compute_gradients)
        if ok:
            print(quiet.getvalue().strip())
            return True
        print(f"{NOT_DONE}: {problem}, and compute_gradients calls it. Finish exercise 1 first, "
              "then run its check and this one again.")
        return False
    return _check_gradients(compute_gradients)


def _check_gradients(compute_gradients: Any) -> bool:
    return check_function(
        compute_gradients,
        _gradient_cases(),
        success="the gradients agree with central finite differences of the mean loss on both batches: "
        "∂L/∂w = mean of (g − y)·x, ∂L/∂b = mean of (g − y).",
        hint="start from ∂L/∂z = g − y for one sample and multiply by ∂z/∂w_j and ∂z/∂b (chain rule); "
        "the loss is the mean over the batch, so its gradient is the mean of the samples' gradients.",
        mistakes=GRADIENT_MISTAKES,
        names=("dL_dw", "dL_db"),
    )


# --- exercise 3: the bug in optimize ------------------------------------------------------------


def buggy_optimize(w, b, dL_dw, dL_db, learning_rate):
    w -= learning_rate * dL_dw
    b -= learning_rate * dL_db
    return w, b


def _same_code(fn: Any, reference: Callable) -> bool:
    code, ref = getattr(fn, "__code__", None), reference.__code__
    return code is not None and (code.co_code, code.co_consts, code.co_names) == (
        ref.co_code, ref.co_consts, ref.co_names
    )


def _optimize_uphill(w, b, dL_dw, dL_db, learning_rate):
    return w + learning_rate * dL_dw, b + learning_rate * dL_db


def _optimize_swapped(w, b, dL_dw, dL_db, learning_rate):
    return b - learning_rate * dL_db, w - learning_rate * dL_dw


def _optimize_without_rate(w, b, dL_dw, dL_db, learning_rate):
    return w - dL_dw, b - dL_db


OPTIMIZE_MISTAKES = (
    (_optimize_uphill, "that step goes uphill. The gradient points to where the loss rises, so the update "
     "subtracts it."),
    (_optimize_swapped, "the two results are swapped. Return (w_new, b_new)."),
    (_optimize_without_rate, "the learning rate is missing: the step is η times the gradient."),
)


def _optimize_cases() -> list[tuple[tuple, tuple]]:
    return [
        ((np.array(W_SMALL), B_SMALL, np.array([0.2, -0.4]), 0.1, 0.5),
         ([0.5 - 0.5 * 0.2, -1.0 + 0.5 * 0.4], 0.25 - 0.5 * 0.1)),
        ((np.array([1.0, 1.0]), -2.0, np.array([-1.0, 3.0]), -0.5, 0.01), ([1.01, 0.97], -1.995)),
    ]


def _changes_its_input(optimize: Callable) -> bool:
    w = np.array(W_SMALL)
    try:
        with np.errstate(all="ignore"):
            optimize(w, B_SMALL, np.array([0.2, -0.4]), 0.1, 0.5)
    except Exception:  # reported by check_function
        return False
    return not np.array_equal(w, np.array(W_SMALL))


def check_optimize(optimize: Callable | None) -> bool:
    """Exercise 3: fix ``buggy_optimize``: return (w − η·dL_dw, b − η·dL_db), leaving w unchanged."""
    if callable(optimize) and _same_code(optimize, buggy_optimize):
        print(f"{NOT_DONE}: this is still the version with the bug. Find it, fix it, run the cell, then "
              "this check.")
        return False
    if callable(optimize) and _changes_its_input(optimize):
        print("Not yet: optimize still changes the caller's w. `w -= …` writes into the very array the "
              "caller passed, so every point kept in a path is that one array, showing the last value. "
              "Compute a new array instead.")
        return False
    return check_function(
        optimize,
        _optimize_cases(),
        success="w − η·dL/dw = [0.4, −0.8] and b − η·dL/db = 0.2 for η = 0.5, and the caller's w is "
        "left as it was, so a path of kept points shows every step.",
        hint="the numbers the buggy version returns were right; what was wrong is where they were "
        "written. Return new values and leave the inputs as they were.",
        mistakes=OPTIMIZE_MISTAKES,
        names=("w_new", "b_new"),
    )


# --- exercise 4: predict what η = 10 does ------------------------------------------------------

#: Exercise 4's options: what the logistic loss does over 3,000 steps at η = 10.
LARGE_STEP_OPTIONS = {
    "a": "the loss grows without bound, as on the parabola when ηλ > 2.",
    "b": "the loss settles at its minimum, only after a few wild first steps.",
    "c": "the loss stays bounded but never settles: it keeps bouncing above the minimum.",
    "d": "the numbers overflow: the loss becomes inf or NaN.",
}


def large_step_outcome(losses: Any) -> str | None:
    """Which option of exercise 4 a loss curve shows: "a", "b", "c" or "d"; None without a curve.

    losses: (k + 1,) the loss after 0, 1, …, k steps, k ≥ 1000. "d": a value is not finite; "a":
    the last 1000 steps reach more than ten times the largest of the first 100; "b": the last 100
    steps vary by less than 1e-6; "c": none of these.
    """
    if losses is None:
        return None
    try:
        arr = np.asarray(losses, dtype=float)
    except Exception:  # not a curve of numbers (whatever it raises): the experiment cell did not produce it
        return None
    if arr.ndim != 1 or arr.size < 1001:
        return None
    if not np.all(np.isfinite(arr)):
        return "d"
    if arr[-1000:].max() > 10 * arr[:100].max():
        return "a"
    if np.ptp(arr[-100:]) < 1e-6:
        return "b"
    return "c"


def check_large_step_prediction(prediction: Any, losses: Any) -> bool:
    """Exercise 4: the prediction ("a"–"d") against the run of 3,000 steps at η = 10.

    losses: (3001,) the loss after every step of that run, or None before it has run. That run
    bounces (option "c"); a curve that shows anything else did not come from the experiment cell
    as written, and the check says so instead of judging the prediction against it.
    """
    outcome = large_step_outcome(losses)
    if outcome in ("a", "b", "d") and not is_placeholder(prediction):
        print("Not yet: that curve is not the one the experiment cell computes as written (η = 10, "
              "3,000 steps from (0, 0)): was the cell changed? Run it as given, then this check again.")
        return False
    explanation = ""
    if outcome == "c":
        tail = np.asarray(losses, dtype=float)[100:]
        explanation = (
            f"After step 100 the loss stays between {tail.min():.2f} and {tail.max():.2f}. It cannot "
            "explode: each sample's loss has slope g − y (times x for w), never more than 1 in size, so "
            "one step can raise the loss by at most an amount proportional to η; it cannot multiply it. "
            "It cannot settle either: near the minimum η = 10 multiplies the error along the steep "
            "direction by |1 − ηλ_max| > 1 every step, so the run cannot stay there."
        )
    return check_prediction(prediction, outcome, options=LARGE_STEP_OPTIONS, explanation=explanation)
