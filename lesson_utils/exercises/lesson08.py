"""Exercise checks for lesson 8 (a hidden layer).

Expected gradients come from central finite differences of a loss written here with
``np.logaddexp`` and σ(z) = (1 + tanh(z/2)) / 2, independent of ``lesson_utils.network`` and of the
reader's code. Expected parameters come from multiplying by a sign vector; expected counts from
``math.factorial``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import NOT_DONE, central_differences, check_value

GRADIENT_NAMES = ("dL_dW1", "dL_db1", "dL_dw2", "dL_db2")
PARAMETER_NAMES = ("W1", "b1", "w2", "b2")


def _sigmoid_via_tanh(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_hidden_loss(x: np.ndarray, y: np.ndarray, W1, b1, w2, b2) -> float:
    """Mean BCE of a network with a sigmoid hidden layer: a1 = σ(x W1 + b1), z2 = a1 w2 + b2.

    x: (m, d); y: (m,); W1: (d, h); b1: (h,); w2: (h,); b2: float. Uses log(1 + e^z2) − y z2 per sample.
    """
    a1 = _sigmoid_via_tanh(x @ W1 + b1)
    z2 = a1 @ w2 + b2
    return float(np.mean(np.logaddexp(0.0, z2) - y * z2))


def _finite_differences(x, y, W1, b1, w2, b2, eps: float = 1e-6) -> tuple:
    shapes = [np.shape(W1), np.shape(b1), np.shape(w2), ()]
    theta = np.concatenate([np.ravel(W1), b1, w2, [b2]]).astype(float)
    splits = np.cumsum([int(np.prod(s)) for s in shapes])[:-1]

    def loss(t: np.ndarray) -> float:
        parts = np.split(t, splits)
        return sigmoid_hidden_loss(x, y, parts[0].reshape(shapes[0]), parts[1], parts[2], parts[3][0])

    grad = np.array(central_differences(lambda t: loss(np.array(t)), theta, eps))
    parts = np.split(grad, splits)
    return parts[0].reshape(shapes[0]), parts[1], parts[2], float(parts[3][0])


def _gradient_cases() -> list[tuple[tuple, tuple]]:
    rng = np.random.default_rng(808)
    cases = []
    for m, d, h in ((5, 2, 3), (12, 3, 4)):
        x = rng.normal(size=(m, d))
        y = (rng.random(m) < 0.5).astype(float)
        W1 = rng.normal(size=(d, h))
        b1 = rng.normal(size=h)
        w2 = rng.normal(size=h)
        b2 = float(rng.normal())
        args = (x, y, W1, b1, w2, b2)
        cases.append((args, _finite_differences(*args)))
    return cases


def _compare_tuple(got: Any, expected: tuple, names: tuple, rtol: float, atol: float) -> str | None:
    """None when ``got`` matches; otherwise a sentence saying which part is wrong."""
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        wanted = f"a tuple of {len(expected)} values ({', '.join(names)})"
        return f"it should return {wanted}, got {type(got).__name__}"
    for name, value, want in zip(names, got, expected, strict=True):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return f"{name} is not numbers: {type(value).__name__}"
        if arr.shape != np.shape(want):
            return f"{name} has shape {arr.shape}, expected {np.shape(want)}"
        if not np.allclose(arr, want, rtol=rtol, atol=atol):
            return f"{name} has the right shape but wrong values"
    return None


def _call(fn: Callable | None, args: tuple) -> tuple[bool, Any]:
    """(finished, result): prints the verdict and returns finished=False when the reader is not there yet."""
    if fn is None or not callable(fn):
        print(f"{NOT_DONE}: define the function in the cell above, then run this cell again.")
        return False, None
    try:
        got = fn(*args)
    except NotImplementedError:
        print(f"{NOT_DONE}: the function still raises NotImplementedError.")
        return False, None
    except Exception as err:  # the reader's code: report, never stop the notebook
        print(f"Not yet: calling it raised {type(err).__name__}: {err}.")
        return False, None
    if got is None or got is Ellipsis or (
        isinstance(got, (tuple, list)) and any(v is None or v is Ellipsis for v in got)
    ):
        print(f"{NOT_DONE}: the function still returns a placeholder; write its body, then run this again.")
        return False, None
    return True, got


def check_sigmoid_hidden_gradients(fn: Callable | None) -> bool:
    """Exercise 1: backpropagation through a *sigmoid* hidden layer.

    fn(x, y, W1, b1, w2, b2) must return (dL_dW1 (d, h), dL_db1 (h,), dL_dw2 (h,), dL_db2) of the mean
    BCE of a1 = σ(x W1 + b1), z2 = a1 w2 + b2, g = σ(z2); compared with finite differences.
    """
    hint = (
        "only one line of the tanh version changes: the hidden derivative. For a1 = σ(z1) it is "
        "da1/dz1 = a1 (1 − a1), so dL_dz1 = dL_da1 * a1 * (1 - a1)."
    )
    for args, expected in _gradient_cases():
        finished, got = _call(fn, args)
        if not finished:
            return False
        problem = _compare_tuple(got, expected, GRADIENT_NAMES, rtol=1e-5, atol=1e-8)
        if problem is not None:
            print(f"Not yet: {problem}. Hint: {hint}")
            return False
    print(
        "Correct: all four gradients agree with finite differences. Only dL_dz1 changed: "
        "the chain rule is the same, the local derivative is a1(1 − a1) instead of 1 − a1²."
    )
    return True


def check_flip_unit(fn: Callable | None) -> bool:
    """Exercise 2: fn(W1, b1, w2, b2, k) flips the sign of hidden unit k and leaves its arguments alone."""
    rng = np.random.default_rng(809)
    W1, b1, w2, b2 = rng.normal(size=(2, 4)), rng.normal(size=4), rng.normal(size=4), 0.25
    hint = (
        "tanh is odd, tanh(−z) = −tanh(z). Negate column k of W1, entry k of b1 and entry k of w2 "
        "(on copies: W1 = W1.copy() first); b2 stays."
    )
    for k in (0, 3):
        sign = np.ones(4)
        sign[k] = -1.0
        expected = (W1 * sign, b1 * sign, w2 * sign, b2)
        originals = (W1.copy(), b1.copy(), w2.copy())
        finished, got = _call(fn, (W1, b1, w2, b2, k))
        if not finished:
            return False
        pairs = zip(PARAMETER_NAMES, (W1, b1, w2), originals, strict=False)
        changed = [name for name, now, before in pairs if not np.array_equal(now, before)]
        if changed:
            print(f"Not yet: the function changed its input {', '.join(changed)} in place. Hint: {hint}")
            return False
        problem = _compare_tuple(got, expected, PARAMETER_NAMES, rtol=0.0, atol=0.0)
        if problem is not None:
            print(f"Not yet: for k = {k}, {problem}. Hint: {hint}")
            return False
    print("Correct: flipping the three signs of one unit leaves the network's output unchanged.")
    return True


def check_symmetry_count(value: object, n_hidden: int = 4) -> bool:
    """Exercise 3: how many parameter vectors give the same function by relabelling and sign flips."""
    expected = math.factorial(n_hidden) * 2**n_hidden
    return check_value(
        value,
        expected,
        success=f"{expected} = {n_hidden}! orderings × 2^{n_hidden} sign patterns: every minimum of this "
        "loss comes with that many copies, all at the same height.",
        hint=f"count the ways to order {n_hidden} units ({n_hidden}!) and, independently, the ways to "
        f"choose a sign for each unit (2 per unit), then multiply.",
        rtol=0.0,
        atol=0.0,
    )
