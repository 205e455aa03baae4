"""Instant feedback for the lessons' exercises.

A check never raises: it prints one of
``Correct: …``, ``Not yet: …`` (with a hint) or ``Not done yet: …`` (the placeholder is still there),
and returns ``True`` only when the answer is right. The expected values are computed here
independently of the lesson's code. Per-lesson checks live in ``exercises.lessonNN``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

NOT_DONE = "Not done yet"


# Reference values are written with the ``math`` module, one number at a time, so that they do not
# share code with the numpy versions the lessons build.


def sigma(z: float) -> float:
    """σ(z) with math.exp, choosing the branch whose exponent is not positive."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softplus(t: float) -> float:
    """log(1 + e^t) without overflow, written out with ``math``."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def mean_loss(x: Iterable[Iterable[float]], y: Iterable[float], theta: list[float]) -> float:
    """Mean cross-entropy of w = theta[:-1], b = theta[-1], sample by sample with ``math``.

    x: m rows of d numbers; y: m labels in {0, 1}; theta: d + 1 numbers. With z = w·x + b, a sample
    costs −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·log(1 + e^(−z)) + (1 − y)·log(1 + e^z), each
    term without overflow or cancellation.
    """
    w, b = theta[:-1], theta[-1]
    total, m = 0.0, 0
    for xi, yi in zip(x, y, strict=True):
        z = sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b
        total += yi * softplus(-z) + (1.0 - yi) * softplus(z)
        m += 1
    return total / m


def central_differences(
    f: Callable[[list[float]], float], theta: Iterable[float], eps: float = 1e-6
) -> list[float]:
    """(f(θ + ε eᵢ) − f(θ − ε eᵢ)) / 2ε for every i: the expected gradients of the checks.

    f: a function of a list of n numbers; theta: n numbers. Returns a list of n numbers.
    """
    theta = [float(t) for t in theta]
    grad = []
    for i in range(len(theta)):
        plus, minus = list(theta), list(theta)
        plus[i] += eps
        minus[i] -= eps
        grad.append((f(plus) - f(minus)) / (2 * eps))
    return grad


def as_number(value: Any) -> float | None:
    """``value`` as a float, or None when it is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def flat_pair(fn: Any) -> Any:
    """The reader's function with its (first, second) result, e.g. (dL_dw, dL_db), as one flat array.

    A placeholder result (None or ``...``, as a whole or in either part) comes back as None, so the
    check reports "not done yet".
    """
    if not callable(fn):
        return fn

    def wrapped(*args):
        out = fn(*args)
        if _is_placeholder(out):
            return None
        first, second = out
        if _is_placeholder(first) or _is_placeholder(second):
            return None
        return np.concatenate([np.ravel(np.asarray(part, dtype=float)) for part in (first, second)])

    return wrapped


def probe(fn: Any, *args: Any) -> float | None:
    """The reader's function at ``args`` as a float, or None if it cannot be called or gives no number.

    Used to recognise typical mistakes before the full check; any failure is reported by the check.
    """
    if not callable(fn):
        return None
    try:
        with np.errstate(all="ignore"):
            return float(fn(*args))
    except Exception:  # the reader's code
        return None


def _is_placeholder(value: Any) -> bool:
    return value is None or value is Ellipsis


def _close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    try:
        got_arr = np.asarray(got, dtype=float)
        exp_arr = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    if got_arr.shape != exp_arr.shape:
        return False
    return bool(np.allclose(got_arr, exp_arr, rtol=rtol, atol=atol, equal_nan=False))


def report(ok: bool, success: str, hint: str) -> bool:
    """Print the verdict line and return ``ok``."""
    print(f"Correct: {success}" if ok else f"Not yet: {hint}")
    return ok


def check_value(
    value: Any,
    expected: Any,
    *,
    success: str,
    hint: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> bool:
    """Compare a number or array the reader computed with the expected one, within tolerances."""
    if _is_placeholder(value):
        print(f"{NOT_DONE}: replace the placeholder with your answer, then run this cell again.")
        return False
    return report(_close(value, expected, rtol, atol), success, hint)


def check_function(
    fn: Callable[..., Any] | None,
    cases: Iterable[tuple[tuple, Any]],
    *,
    success: str,
    hint: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> bool:
    """Call the reader's function on each (args, expected) case and compare within tolerances.

    A function that returns None or ``...`` (the placeholder) counts as not done yet; one that
    raises is reported with the exception's message and the hint, never re-raised. numpy's
    floating-point warnings are silenced while the reader's code runs: a NaN or inf it produces is
    judged by the comparison, not printed as a warning.
    """
    if fn is None or not callable(fn):
        print(f"{NOT_DONE}: define the function in the cell above, then run this cell again.")
        return False
    for args, expected in cases:
        try:
            with np.errstate(all="ignore"):
                got = fn(*args)
        except NotImplementedError:
            print(f"{NOT_DONE}: the function still raises NotImplementedError.")
            return False
        except Exception as err:  # the reader's code: report, never stop the notebook
            print(f"Not yet: calling it raised {type(err).__name__}: {err}. Hint: {hint}")
            return False
        if _is_placeholder(got):
            print(f"{NOT_DONE}: the function returns {got!r}; write its body, then run this again.")
            return False
        if not _close(got, expected, rtol, atol):
            shown = ", ".join(repr(a) if np.ndim(a) == 0 else f"array{np.shape(a)}" for a in args)
            print(f"Not yet: for input ({shown}) it returned {got!r}. Hint: {hint}")
            return False
    print(f"Correct: {success}")
    return True
