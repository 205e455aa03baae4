"""Exercise checks of lesson 2 (the sigmoid and the model).

The model in exercises 1 and 3 has one feature, weight w = 2 and bias b = −3. Each check prints
``Correct: …``, ``Not yet: …`` with a hint, or ``Not done yet: …``, returns True only for a right answer,
and never raises. Expected values are worked out by hand or from ``math`` here, never from
``lesson_utils.sigmoid``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import as_number, check_function, check_value, probe

#: The model of exercises 1 and 3.
W, B = 2.0, -3.0


def check_decision_boundary(x_boundary: Any) -> bool:
    """Exercise 3: the boundary of g = σ(2x − 3). By hand: 2x − 3 = 0, x = 1.5."""
    got = as_number(x_boundary)
    if got is not None and math.isclose(got, -1.5, abs_tol=1e-6):
        print("Not yet: check the sign. 2x − 3 = 0 gives 2x = +3.")
        return False
    return check_value(
        x_boundary,
        1.5,
        success="z = 2x − 3 = 0 at x = −b/w = 1.5; g > 0.5 to the right of it, since w > 0.",
        hint="the boundary is where g = 1/2, which is where z = w x + b = 0. Solve 2x − 3 = 0 for x.",
    )


def check_probability_of_class_zero(p0: Any) -> bool:
    """Exercise 1: P(y = 0 | x = 1) for w = 2, b = −3. By hand: z = −1, 1 − σ(−1) = σ(1) = e / (1 + e)."""
    got = as_number(p0)
    g = 1.0 / (1.0 + math.e)  # σ(−1) = 1 / (1 + e^1)
    if got is not None and math.isclose(got, g, abs_tol=1e-4):
        print(
            "Not yet: 0.2689 is g = σ(−1) = P(y = 1 | x), the probability of class 1. "
            "The question asks for class 0."
        )
        return False
    return check_value(
        p0,
        math.e / (1.0 + math.e),
        success="z = 2·1 − 3 = −1, g = σ(−1) = 0.2689 is P(y = 1 | x), so P(y = 0 | x) = 1 − g = 0.7311.",
        hint="compute z = w x + b, then g = σ(z) = P(y = 1 | x); class 0 gets what is left over.",
        rtol=1e-4,
        atol=1e-6,
    )


def check_sigmoid_derivative(fn: Callable[[float], float] | None) -> bool:
    """Exercise 2: a function z ↦ dg/dz for g = σ(z). Expected: e^(−z) / (1 + e^(−z))² via math.exp."""
    at_1 = probe(fn, 1.0)
    if at_1 is not None and math.isclose(at_1, 1.0 / (1.0 + math.exp(-1.0)), rel_tol=1e-6):
        print("Not yet: for z = 1 it returned σ(1) = 0.7311, the sigmoid itself, not its slope.")
        return False
    cases = [((z,), math.exp(-z) / (1.0 + math.exp(-z)) ** 2) for z in (0.0, 1.0, -2.0, 4.0, -10.0)]
    return check_function(
        fn,
        cases,
        success="dg/dz = g (1 − g): 0.25 at z = 0, 0.1966 at z = 1, and 4.5e-05 at z = −10.",
        hint="compute g = 1 / (1 + e^(−z)) first, then return g · (1 − g).",
        rtol=1e-9,
        atol=1e-15,
    )
