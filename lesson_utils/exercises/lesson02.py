"""Exercise checks of lesson 2 (the sigmoid and the model); expected values by hand or from ``math``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import as_number, check_function, check_prediction, check_value
from .reference import sigma

#: The model of exercises 1 and 3.
W, B = 2.0, -3.0


def check_probability_of_class_zero(p0: Any) -> bool:
    """Exercise 1: P(y = 0 | x = 1) for w = 2, b = −3. By hand: z = −1, 1 − σ(−1) = σ(1) = e / (1 + e)."""
    return check_value(
        p0, math.e / (1.0 + math.e),
        success="z = 2·1 − 3 = −1, g = σ(−1) = 0.2689 is P(y = 1 | x), so P(y = 0 | x) = 1 − g = 0.7311.",
        hint="compute z = w x + b, then g = σ(z) = P(y = 1 | x); class 0 gets what is left over.",
        mistakes=[
            (sigma(-1.0), "0.2689 is g = σ(−1) = P(y = 1 | x), the probability of class 1. "
                          "The question asks for class 0."),
            (1.0 - sigma(5.0), "that is 1 − σ(5): z came out as 5, so the bias was added as +3. "
                               "z = w x + b = 2·1 + (−3)."),
            (2.0, "2 is 1 − z, and a probability cannot exceed 1: apply the sigmoid to z first."),
            (math.exp(-1.0), "0.3679 = e^(−1) is the odds of class 1 (e^z), not a probability."),
            (math.e, "2.718 = e^1 is the odds of class 0, not its probability: p = odds / (1 + odds)."),
        ],
    )


def _second_derivative(z: float) -> float:
    """σ''(z) written without σ: e^(−z)(e^(−z) − 1) / (1 + e^(−z))³."""
    e = math.exp(-z)
    return e * (e - 1.0) / (1.0 + e) ** 3


def check_sigmoid_second_derivative(fn: Callable[[float], float] | None) -> bool:
    """Exercise 2: a function z ↦ d²g/dz² for g = σ(z), checked at five z against the form without σ."""
    cases = [((z,), _second_derivative(z)) for z in (0.5, 1.0, -2.0, 3.0, -6.0)]
    return check_function(
        fn, cases,
        success="d²g/dz² = g(1 − g)(1 − 2g): product rule on g(1 − g), each factor's derivative carrying "
                "g' = g(1 − g). It is 0 at z = 0, where the slope is largest.",
        hint="differentiate g' = g(1 − g) with the product rule, and remember that g depends on z: "
             "d/dz of g is g', not 1.",
        mistakes=[
            (lambda z: sigma(z) * (1 - sigma(z)),
             "that is the first derivative g(1 − g). Differentiate it once more."),
            (lambda z: 1 - 2 * sigma(z),
             "1 − 2g is the derivative of g(1 − g) with respect to g. The question asks for z: "
             "multiply by dg/dz = g(1 − g) (the chain rule)."),
            (lambda z: sigma(z) * (1 - sigma(z)) ** 2,
             "that is g'·(1 − g): only one half of the product rule. The factor (1 − g) changes too, "
             "with derivative −g'."),
            (lambda z: sigma(z) * (1 - sigma(z)) * (2 * sigma(z) - 1),
             "the sign is flipped: at z = 1 the slope is falling, so d²g/dz² must be negative there."),
        ],
    )


def check_decision_boundary(x_boundary: Any) -> bool:
    """Exercise 3: the boundary of g = σ(2x − 3). By hand: 2x − 3 = 0, x = 1.5."""
    return check_value(
        x_boundary, 1.5,
        success="z = 2x − 3 = 0 at x = −b/w = 1.5; g > 0.5 to the right of it, since w > 0.",
        hint="the boundary is where g = 1/2, which is where z = w x + b = 0. Solve 2x − 3 = 0 for x.",
        mistakes=[
            (-1.5, "check the sign: 2x − 3 = 0 gives 2x = +3."),
            (3.0, "3 is −b; solve 2x − 3 = 0 all the way, dividing by w = 2."),
            (-W / B, "that is −w/b; the boundary is −b/w (solve w x + b = 0 for x)."),
            (W / B, "that is w/b; the boundary is −b/w (solve w x + b = 0 for x)."),
            (0.5, "0.5 is the value of g on the boundary. The question asks for the x where it happens."),
        ],
    )


def check_scaling_prediction(prediction: Any, accuracy_before: Any, accuracy_after: Any) -> bool:
    """Exercise 4: accuracy after scaling w and b by 2 ("a" higher, "b" the same, "c" lower)."""
    before, after = as_number(accuracy_before), as_number(accuracy_after)
    outcome = None
    if before is not None and after is not None:
        outcome = "b" if abs(after - before) < 1e-12 else ("a" if after > before else "c")
    return check_prediction(
        prediction, outcome,
        options={
            "a": "a steeper curve is more confident, not more often right.",
            "b": "right.",
            "c": "a steeper curve is more confident, not more often wrong.",
        },
        explanation="The class is decided by the sign of z = w x + b. Doubling w and b doubles z, which "
                    "keeps its sign: the boundary −b/w stays at the same x and every sample keeps its "
                    "class. Only the probabilities move further from 0.5.",
    )
