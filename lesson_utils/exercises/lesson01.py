"""Exercise checks of lesson 1 (odds and log-odds).

Each check prints ``Correct: …``, ``Not yet: …`` with a hint, or ``Not done yet: …``, returns True only
for a right answer, and never raises. Expected values are worked out by hand or from ``math`` here,
never from ``lesson_utils.odds`` or ``lesson_utils.sigmoid``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import as_number, check_function, check_value, probe


def check_probability_from_odds(p: Any) -> bool:
    """Exercise 1: p behind odds of 3 ("3 to 1 in favour"). By hand: p = 3(1 − p), 4p = 3, p = 0.75."""
    got = as_number(p)
    if got is not None and math.isclose(got, 0.25, abs_tol=1e-6):
        print(
            "Not yet: 0.25 is the probability of the other outcome, the reading of a bookmaker's "
            "3 to 1 against. Odds of 3 in favour mean p is three times 1 − p."
        )
        return False
    if got is not None and math.isclose(got, 1 / 3, abs_tol=1e-6):
        print("Not yet: p = 1/3 gives odds (1/3) / (2/3) = 0.5, not 3. Solve p / (1 − p) = 3 for p.")
        return False
    return check_value(
        p,
        0.75,
        success="odds of 3 in favour mean p = 3 / (1 + 3) = 0.75: three times as likely to happen as not.",
        hint="solve p / (1 − p) = 3 for p: multiply both sides by (1 − p), then collect the terms with p.",
    )


def check_log_odds(fn: Callable[[float], float] | None) -> bool:
    """Exercise 2: a function p ↦ log(p / (1 − p)) for p in (0, 1). Expected values from math.log by hand."""
    at_08 = probe(fn, 0.8)
    if at_08 is not None and math.isclose(at_08, 4.0, rel_tol=1e-6):
        print(
            "Not yet: for p = 0.8 it returned 4.0, which is the odds. The log-odds are the log of the odds."
        )
        return False
    if at_08 is not None and math.isclose(at_08, math.log10(4.0), rel_tol=1e-6):
        print("Not yet: that is log base 10. The log-odds use the natural logarithm (np.log or math.log).")
        return False
    cases = [
        ((0.5,), 0.0),
        ((0.8,), math.log(4.0)),
        ((0.2,), -math.log(4.0)),
        ((0.9,), math.log(9.0)),
        ((0.999,), math.log(999.0)),
    ]
    return check_function(
        fn,
        cases,
        success="log(p / (1 − p)) is 0 at p = 0.5, log 4 = 1.3863 at p = 0.8 and −log 4 at p = 0.2.",
        hint="divide p by 1 − p to get the odds, then take the natural logarithm.",
        rtol=1e-9,
        atol=1e-12,
    )


def check_probability_from_log_odds(fn: Callable[[float], float] | None) -> bool:
    """Exercise 3: the inverse z ↦ p of z = log(p / (1 − p)). Expected: e^z / (1 + e^z) via math.exp."""
    at_2 = probe(fn, 2.0)
    if at_2 is not None and math.isclose(at_2, 1.0 / (1.0 + math.exp(2.0)), rel_tol=1e-6):
        print(
            "Not yet: for z = 2 it returned 0.1192, the value of the article's last line 1 / (1 + e^z). "
            "Its log-odds are −2, not 2: the sign of the exponent is wrong. "
            "Divide the numerator and the denominator of e^z / (1 + e^z) by e^z once more, carefully."
        )
        return False
    cases = [
        ((0.0,), 0.5),
        ((math.log(4.0),), 0.8),
        ((-math.log(4.0),), 0.2),
        ((2.0,), math.exp(2.0) / (1.0 + math.exp(2.0))),
        ((-5.0,), math.exp(-5.0) / (1.0 + math.exp(-5.0))),
    ]
    return check_function(
        fn,
        cases,
        success="p = 1 / (1 + e^(−z)): 0.5 at z = 0, 0.8 at z = log 4, 0.8808 at z = 2. That is the sigmoid.",
        hint="from e^z = p / (1 − p), solve for p: p = e^z / (1 + e^z) = 1 / (1 + e^(−z)).",
        rtol=1e-9,
        atol=1e-12,
    )
