"""Exercise checks for lesson 7 (numerical stability).

Expected values are worked out here with the ``math`` module, branch by branch, independently of
``lesson_utils.sigmoid`` and of the reader's code.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import check_function, check_value, sigma


def check_one_minus_sigmoid(fn: Callable | None) -> bool:
    """Exercise 2: ``one_minus_sigmoid(z)`` must keep full relative precision for large z."""
    cases = [((z,), math.exp(-z) / (1.0 + math.exp(-z))) for z in (0.0, 10.0, 30.0, 40.0)]
    cases.append(((-40.0,), 1.0 / (1.0 + math.exp(-40.0))))
    return check_function(
        fn,
        cases,
        success="1 − σ(z) keeps its digits: σ(−z) never subtracts two numbers close to 1.",
        hint="1 − σ(z) equals σ(−z) = 1/(1 + e^z). Compute that directly instead of subtracting from 1.",
        rtol=1e-9,
        atol=0.0,
    )


def check_log_sigmoid(fn: Callable | None) -> bool:
    """Exercise 1: ``log_sigmoid(z)`` must be finite and precise from z = −800 to z = 40."""
    cases = [
        ((-800.0,), -800.0),  # log σ(z) = z − log(1 + e^z), and log(1 + e^−800) is far below rounding
        ((0.0,), -math.log(2.0)),
        ((3.0,), -math.log1p(math.exp(-3.0))),
        ((40.0,), -math.log1p(math.exp(-40.0))),
    ]
    return check_function(
        fn,
        cases,
        success="log σ(z) = −logaddexp(0, −z) is finite everywhere and exact where σ(z) rounds to 1.",
        hint="log σ(z) = −log(1 + e^(−z)) = −log(e^0 + e^(−z)); np.logaddexp(0, -z) computes "
        "log(e^0 + e^(−z)) without overflow.",
        rtol=1e-9,
        atol=0.0,
    )


def check_dL_dz(fn: Callable | None) -> bool:
    """Exercise 3: ``dL_dz(z, y)`` is the fused gradient g − y, finite for every z."""
    z = np.array([-1000.0, -2.0, 0.0, 2.0, 40.0, 1000.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    expected = np.array([sigma(zi) - yi for zi, yi in zip(z, y, strict=True)])
    return check_function(
        fn,
        [((z, y), expected)],
        success="dL/dz = g − y: no division, no NaN, even at z = ±1000.",
        hint="Multiply the article's dL/dg by dg/dz = g(1 − g) on paper: everything cancels except g − y. "
        "Return lu.sigmoid(z) - y.",
        rtol=1e-9,
        atol=1e-12,
    )


def check_float32_threshold(value: object) -> bool:
    """Exercise 4: the z above which 1/(1 + e^(−z)) rounds to 1.0 in float32."""
    # float32 keeps 24 significant bits: 1 + e^(−z) rounds to 1 once e^(−z) ≤ 2^(−24).
    return check_value(
        value,
        24 * math.log(2.0),
        success="about 16.64: in float32, σ(z) is exactly 1.0 from z ≈ 16.6 on, less than half of "
        "float64's 36.7.",
        hint="σ(z) rounds to 1 once e^(−z) is at most half the machine epsilon of the type. "
        "Solve e^(−z) = eps/2 for z with eps = np.finfo(np.float32).eps.",
        rtol=1e-3,
    )
