"""Exercise checks of lesson 5 (gradient descent); expected values by hand or from ``reference``."""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable
from typing import Any

import numpy as np

from . import agrees, changed_arguments, check_function, check_prediction, not_done, not_yet, still_the_bug
from .forms import ReturnShapeError, is_placeholder
from .reference import gradient_case, mean_gradients, residual, sigma

#: Exercises 1–3: a batch of three samples with two features, its labels and parameters.
X_SMALL = ((1.0, 2.0), (0.0, -1.0), (2.0, -2.0))
Y_SMALL = (1.0, 0.0, 1.0)
W_SMALL = (0.5, -1.0)
B_SMALL = 0.25


def _random_batch() -> tuple[list[list[float]], list[float], list[float], float]:
    """Six samples with two features (seeded), labels and parameters: exercise 2's second case."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 2)).round(3).tolist()
    return x, [1.0, 0.0, 0.0, 1.0, 1.0, 0.0], [0.8, -0.6], 0.3


def _raveled_pair(fn: Any) -> Any:
    """``fn`` with each part of its (first, second) result flattened, so that a (1, m) z counts as (m,);
    a placeholder passes through, a result that is not a pair raises ``ReturnShapeError``."""
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


def _predict_by_hand(x, w, b) -> tuple[list[float], list[float]]:
    z = [sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b for xi in x]
    return z, [sigma(v) for v in z]


def _predict_cases() -> list[tuple[tuple, tuple]]:
    rows = ((X_SMALL, W_SMALL, B_SMALL), (((3.0, 1.0), (-1.0, 0.5)), (-0.2, 0.4), -1.0))
    return [((np.array(x), np.array(w), b), _predict_by_hand(x, w, b)) for x, w, b in rows]


PREDICT_MISTAKES = (
    (lambda x, w, b: (x @ w, 1 / (1 + np.exp(-(x @ w)))),
     "z has no bias. The logit of a sample is its weighted sum plus b."),
    (lambda x, w, b: (x @ w + b, 1 / (1 + np.exp(x @ w + b))),
     "g is 1 − σ(z): the sigmoid is 1 / (1 + e^(−z)), with a minus sign in the exponent."),
    (lambda x, w, b: (1 / (1 + np.exp(-(x @ w + b))), x @ w + b),
     "the two results are swapped. Return the pair in the order (z, g)."),
    (lambda x, w, b: (x @ w + b, x @ w + b), "g equals z. The probability is the sigmoid of the logit."),
)


def check_predict(predict: Callable | None) -> bool:
    """Exercise 1: ``predict(x, w, b) -> (z, g)``; x: (m, d), w: (d,) or (1, d), b a number."""
    return check_function(
        _raveled_pair(predict), _predict_cases(), names=("z", "g"),
        success="z = x·w + b = [−1.25, 1.25, 3.25] and g = σ(z) = [0.2227, 0.7773, 0.9627]: one logit "
        "and one probability per sample.",
        hint="each row of x gives one logit, the weighted sum of its features plus b, and g is the "
        "sigmoid of that logit.",
        mistakes=[(_raveled_pair(fn), message) for fn, message in PREDICT_MISTAKES],
    )


def _gradient_cases() -> list[tuple[tuple, tuple]]:
    return [gradient_case(X_SMALL, Y_SMALL, W_SMALL, B_SMALL), gradient_case(*_random_batch())]


GRADIENT_MISTAKES = (
    (lambda *a: mean_gradients(*a, sign=-1.0), "every sign is flipped: you used y − g. With ∂L/∂z = g − y "
     "the gradient points uphill, and the update subtracts it."),
    (lambda *a: mean_gradients(*a, sum_w=True, sum_b=True), "those are the sums over the batch. The loss is "
     "the mean, so each gradient is the mean of the per-sample gradients: divide by m = len(y)."),
    (lambda *a: mean_gradients(*a)[::-1], "the two results are swapped. Return (dL_dw, dL_db): first the "
     "weights' gradient, one number per feature, then the bias's."),
    (lambda x, y, w, b: (np.full(x.shape[1], mean_gradients(x, y, w, b)[1]), mean_gradients(x, y, w, b)[1]),
     "dL_dw has the same number for every feature. By the chain rule each sample contributes "
     "(g − y)·∂z/∂w_j, and ∂z/∂w_j = x_j differs from feature to feature."),
    (lambda x, y, w, b: (mean_gradients(x, y, w, b)[0], float(np.mean(residual(x, y, w, b) * x.sum(axis=1)))),
     "dL_db carries a factor x. For the bias ∂z/∂b = 1, so each sample contributes just g − y."),
)


def _predict_status(predict: Any) -> str | None:
    """Why exercise 1's ``predict`` cannot be used yet (one sentence), or None when it works."""
    if predict is None:
        return None  # not passed: the learner's compute_gradients may not use it
    args, expected = _predict_cases()[0]
    try:
        with np.errstate(all="ignore"):
            out = predict(*args)
    except Exception as err:  # the learner's code
        return f"your predict from exercise 1 raises {type(err).__name__}: {err}"
    if out is None or out is Ellipsis:
        return "your predict from exercise 1 is not written yet"
    if agrees(_raveled_pair(lambda *_: out), [(args, expected)], rtol=1e-6, atol=1e-8):
        return None
    return "your predict from exercise 1 does not pass its check yet"


def check_compute_gradients(compute_gradients: Callable | None, predict: Any = None) -> bool:
    """Exercise 2: ``compute_gradients(x, y, w, b) -> (dL_dw, dL_db)`` of the mean loss. predict: exercise
    1's function, which compute_gradients calls; while it is unfinished the check says so instead of
    blaming exercise 2 (unless exercise 2 passes on its own)."""
    with contextlib.redirect_stdout(io.StringIO()) as verdict:
        ok = check_function(
            compute_gradients, _gradient_cases(), names=("dL_dw", "dL_db"), mistakes=GRADIENT_MISTAKES,
            success="the gradients agree with central finite differences of the mean loss on both batches: "
            "∂L/∂w = mean of (g − y)·x, ∂L/∂b = mean of (g − y).",
            hint="start from ∂L/∂z = g − y for one sample and multiply by ∂z/∂w_j and ∂z/∂b (chain rule); "
            "the loss is the mean over the batch, so its gradient is the mean of the samples' gradients.",
        )
    problem = None if ok or not callable(compute_gradients) else _predict_status(predict)
    if problem is None:
        print(verdict.getvalue(), end="")
        return ok
    return not_done(f"{problem}, and compute_gradients calls it. Finish exercise 1 first, then run its "
                    "check and this one again.")


def buggy_optimize(w, b, dL_dw, dL_db, learning_rate):
    w -= learning_rate * dL_dw
    b -= learning_rate * dL_db
    return w, b


OPTIMIZE_MISTAKES = (
    (lambda w, b, dw, db, eta: (w + eta * dw, b + eta * db),
     "that step goes uphill. The gradient points to where the loss rises, so the update subtracts it."),
    (lambda w, b, dw, db, eta: (b - eta * db, w - eta * dw),
     "the two results are swapped. Return (w_new, b_new)."),
    (lambda w, b, dw, db, eta: (w - dw, b - db),
     "the learning rate is missing: the step is η times the gradient."),
)

OPTIMIZE_CASES = [
    ((np.array(W_SMALL), B_SMALL, np.array([0.2, -0.4]), 0.1, 0.5),
     ([0.5 - 0.5 * 0.2, -1.0 + 0.5 * 0.4], 0.25 - 0.5 * 0.1)),
    ((np.array([1.0, 1.0]), -2.0, np.array([-1.0, 3.0]), -0.5, 0.01), ([1.01, 0.97], -1.995)),
]


def check_optimize(optimize: Callable | None) -> bool:
    """Exercise 3: fix ``buggy_optimize``: return (w − η·dL_dw, b − η·dL_db), leaving w unchanged."""
    if still_the_bug(optimize, buggy_optimize):
        return False
    if callable(optimize) and 0 in changed_arguments(optimize, OPTIMIZE_CASES[0][0]):
        return not_yet("optimize still changes the caller's w. `w -= …` writes into the very array the "
                       "caller passed, so every point kept in a path is that one array, showing the last "
                       "value. Compute a new array instead.")
    return check_function(
        optimize, OPTIMIZE_CASES, names=("w_new", "b_new"), mistakes=OPTIMIZE_MISTAKES,
        success="w − η·dL/dw = [0.4, −0.8] and b − η·dL/db = 0.2 for η = 0.5, and the caller's w is "
        "left as it was, so a path of kept points shows every step.",
        hint="the numbers the buggy version returns were right; what was wrong is where they were "
        "written. Return new values and leave the inputs as they were.",
    )


#: Exercise 4's options: what the logistic loss does over 3,000 steps at η = 10.
LARGE_STEP_OPTIONS = {
    "a": "the loss grows without bound, as on the parabola when ηλ > 2.",
    "b": "the loss settles at its minimum, only after a few wild first steps.",
    "c": "the loss stays bounded but never settles: it keeps bouncing above the minimum.",
    "d": "the numbers overflow: the loss becomes inf or NaN.",
}


def large_step_outcome(losses: Any) -> str | None:
    """Which option of exercise 4 a loss curve (k + 1,), k ≥ 1000, shows (None without one): "d" a value is
    not finite, "a" the last 1000 steps reach ten times the largest of the first 100, "b" the last 100 steps
    vary by less than 1e-6, "c" none of these."""
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
    """Exercise 4: the prediction ("a"–"d") against the losses (3001,) of 3,000 steps at η = 10 (None:
    not run). That run bounces ("c"); another curve did not come from the experiment cell as written."""
    outcome = large_step_outcome(losses)
    if outcome in ("a", "b", "d") and not is_placeholder(prediction):
        return not_yet("that curve is not the one the experiment cell computes as written (η = 10, 3,000 "
                       "steps from (0, 0)): was the cell changed? Run it as given, then this check again.")
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
