"""Exercise checks of lesson 7 (numerical stability); expected values with ``math``, branch by branch."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np

from ..sigmoid import sigmoid as _lu_sigmoid
from . import agrees, check_choice, check_function, check_value, is_given_code, names_used, not_done, not_yet
from .reference import sigma


def check_log_sigmoid(fn: Callable | None) -> bool:
    """Exercise 1: ``log_sigmoid(z)`` must be finite and precise from z = −800 to z = 40."""
    cases = [
        ((-800.0,), -800.0),  # log σ(z) = z − log(1 + e^z), and log(1 + e^−800) is far below rounding
        ((-3.0,), -3.0 - math.log1p(math.exp(-3.0))),
        ((0.0,), -math.log(2.0)),
        ((3.0,), -math.log1p(math.exp(-3.0))),
        ((40.0,), -math.log1p(math.exp(-40.0))),
    ]
    return check_function(
        fn, cases, rtol=1e-9, atol=0.0,
        success="log σ(z) = −log(1 + e^(−z)) = −logaddexp(0, −z) is finite everywhere and keeps its "
        "digits where σ(z) rounds to 1.",
        hint="write log σ(z) as −log(1 + e^(−z)) and let a function that adds exponentials without "
        "forming them do the work (section 4 used one).",
        mistakes=[
            (lambda z: np.log(1.0 / (1.0 + np.exp(-z))),
             "you formed σ(z) first and then took its log: σ(−800) underflows to 0 (log gives −inf) and "
             "σ(40) rounds to 1 (log gives 0). Never form σ(z): write log σ(z) directly in terms of z."),
            (lambda z: -np.log1p(np.exp(-z)), "−log1p(exp(−z)) is the right formula, but at z = −800 "
             "exp(800) overflows to inf. Use a function that computes log(e^a + e^b) without forming the "
             "exponentials."),
            (lambda z: np.logaddexp(0.0, -z), "the sign is flipped: you return −log σ(z), which is positive. "
             "σ(z) < 1, so log σ(z) is negative."),
            (lambda z: -np.logaddexp(0.0, z), "you return log σ(−z) = log(1 − σ(z)), the other class's term. "
             "Check the sign of z inside."),
        ],
        non_finite="your function gives inf or NaN for one of the test values (z = −800 or 40): "
        "an intermediate result overflows or is log(0).",
    )


#: The test logits of exercise 2: both overflow sides, and ordinary values.
SAFE_SIGMOID_Z = np.array([-1000.0, -710.0, -40.0, -1.0, 0.0, 1.0, 40.0, 710.0, 1000.0])


def buggy_safe_sigmoid(z):
    """The exercise's code: the right formula for each sign, chosen with np.where."""
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def _overflow_warnings(fn: Callable, z: np.ndarray) -> str | None:
    """The floating-point problem numpy would warn about in ``fn(z)`` ("overflow encountered in exp"),
    or None. (Underflow to 0 is no problem and numpy does not warn about it.)"""
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            fn(np.array(z))
    except FloatingPointError as err:
        return str(err)
    except Exception:  # any other error is reported by check_function
        return None
    return None


#: Names that hand the work to a ready-made sigmoid (``lu.sigmoid``, ``scipy.special.expit``).
READY_MADE_SIGMOIDS = {"sigmoid", "expit"}
#: Names that silence numpy's warning instead of avoiding the overflow.
SILENCERS = {"errstate", "seterr", "filterwarnings", "simplefilter", "catch_warnings"}


def check_safe_sigmoid(fn: Callable | None) -> bool:
    """Exercise 2: the repaired sigmoid gives σ(z) for z (m,) with no overflow and no warning."""
    cases = [((SAFE_SIGMOID_Z,), np.array([sigma(float(z)) for z in SAFE_SIGMOID_Z]))]
    names = names_used(fn)
    if callable(fn) and (fn is _lu_sigmoid or names & READY_MADE_SIGMOIDS):
        return not_yet("your function hands the work to a ready-made sigmoid. That hides the bug instead of "
                       "fixing it: repair the two expressions inside np.where.")
    if callable(fn) and names & SILENCERS:
        return not_yet("your function silences numpy's warnings, which hides an overflow instead of "
                       "removing it. Take the silencing out, so that the check can see whether e^1000 is "
                       "still computed, and change the expressions so that no exponent is ever positive.")
    if is_given_code(fn, buggy_safe_sigmoid):
        return not_done("this is still the code as given. Run it on np.array([-1000.0, 1000.0]), read the "
                        "warning, find the expression that overflows, and change the function.")
    problem = _overflow_warnings(fn, SAFE_SIGMOID_Z) if callable(fn) else None
    if problem is not None and agrees(fn, cases, rtol=1e-9, atol=1e-300):
        return not_yet(f"the values are right, but computing them still ran into '{problem}' (numpy "
                       "warns about it). np.where picks one result per element, but both of its "
                       "arguments are computed for every z first. Build the formulas so that no exponent "
                       "is ever positive.")
    return check_function(
        fn, cases, rtol=1e-9, atol=1e-300,
        success="nothing overflows for any z and no warning appears. np.where computes both of its "
        "arguments for every z, so each of them must be safe everywhere.",
        hint="the given code's values were right, the tiny ones for very negative z included; keep them. "
        "Only how the exponentials are formed must change: both arguments of np.where are computed for "
        "every z, so each must be safe for every z.",
        mistakes=[
            (lambda z: np.where(z >= 0, np.exp(z) / (1 + np.exp(z)), 1 / (1 + np.exp(-z))),
             "the branches are swapped: each formula equals σ(z), but now e^z is "
             "formed for large positive z and e^(−z) for large negative z: both overflow, giving NaN."),
            (lambda z: 1 / (1 + np.exp(-np.abs(z))),
             "for z < 0 this returns σ(|z|) = σ(−z) = 1 − σ(z): the negative branch needs its own formula."),
        ],
        non_finite="your function returns NaN or inf for some z in the test (they are ±1000, ±710, "
        "±40, ±1 and 0): an exponent is still positive somewhere.",
    )


#: Exercise 3: why even the stable sigmoid returns exactly 1.0 at z = 40 (multiple choice).
check_sigma_40 = partial(
    check_choice, correct="c",
    explanations={
        "a": "No: for z ≥ 0 the stable sigmoid uses 1/(1 + e^(−z)), the same formula as the textbook. "
        "Its branches differ only for z < 0, where they avoid overflow.",
        "b": "No: e^(−40) = 4.2·10⁻¹⁸ is a perfectly ordinary float64 (they go down to about 10⁻³⁰⁸). "
        "It is the sum 1 + 4.2·10⁻¹⁸ that cannot be stored.",
        "c": "Yes.",
        "d": "No: float64 stores 4.2·10⁻¹⁸ itself to 16 digits. What it cannot store is a number that "
        "close to 1: near 1 the floats are 1.1·10⁻¹⁶ apart.",
    },
    success="the true σ(40) = 1 − 4.2·10⁻¹⁸ lies between the float 1 − 1.1·10⁻¹⁶ and 1, much nearer "
    "to 1, so the correctly rounded result is 1.0. Nothing is wrong with σ(z) itself; only a later "
    "1 − σ(z) loses everything.",
)


def check_one_minus_sigmoid(fn: Callable | None) -> bool:
    """Exercise 4: ``one_minus_sigmoid(z)`` must keep full relative precision from z = −800 to 720."""
    cases = [((z,), sigma(-z)) for z in (-800.0, -2.0, 0.0, 10.0, 30.0, 40.0, 720.0)]  # 1 − σ(z) = σ(−z)
    return check_function(
        fn, cases, rtol=1e-9, atol=0.0,
        success="1 − σ(z) = σ(−z): computed directly, nothing is subtracted from a number close to 1, "
        "and the stable sigmoid never overflows.",
        hint="put 1 − 1/(1 + e^(−z)) on one fraction bar and simplify; then look for a function you "
        "already have (the stable sigmoid) that computes the result without overflow.",
        mistakes=[
            (lambda z: 1.0 - _lu_sigmoid(z), "you subtract σ(z) from 1: at z = 30 only three digits "
             "survive and at z = 40 nothing does. Find a formula for 1 − σ(z) that has no subtraction."),
            (_lu_sigmoid, "that is σ(z) itself; the exercise asks for 1 − σ(z)."),
            (lambda z: 1.0 / (1.0 + np.exp(z)), "1/(1 + e^z) is the right formula, but e^z overflows above "
             "z = 709.78: at z = 720 it returns 0 (with an overflow warning) instead of 2.0·10⁻³¹³. "
             "Which function you already have computes 1/(1 + e^t) without overflow?"),
            (lambda z: np.exp(-z), "e^(−z) is 1 − σ(z) only for large z (it is 1 at z = 0, where the answer "
             "is 0.5). Keep the exact formula."),
        ],
    )


#: float32 keeps 24 significant bits: 1 + e^(−z) rounds to 1 once e^(−z) ≤ 2^(−24) = eps/2.
FLOAT32_ONE_AT = 24 * math.log(2.0)


def check_float32_threshold(value: object) -> bool:
    """Exercise 5: the z above which 1/(1 + e^(−z)) rounds to 1.0 in float32."""
    eps32 = 2.0**-23
    return check_value(
        value, FLOAT32_ONE_AT,
        success="z = log(2/eps) = 24·log 2 ≈ 16.64: in float32 σ(z) is exactly 1.0 from there on, less "
        "than half of float64's 36.74.",
        hint="1 + e^(−z) rounds to 1 once e^(−z) is at most half the gap between 1 and the next float "
        "above it. Solve that equation for z with float32's gap.",
        mistakes=[
            (53 * math.log(2.0), "that is the float64 threshold 53·log 2. Use float32's machine epsilon."),
            (math.log(1.0 / eps32), "you solved e^(−z) = eps. A sum is rounded to the nearest float, so "
             "1 + e^(−z) already rounds to 1 when e^(−z) reaches half the gap, eps/2."),
            (-math.log(2.0 / eps32), "the sign is flipped: σ(z) approaches 1 for large positive z."),
            (math.log10(2.0 / eps32), "you used log10; e^(−z) needs the natural logarithm (np.log)."),
            (24.0, "24 is log₂ of 2/eps, the number of significant bits: z is measured in natural-log "
             "units, so take the natural logarithm of 2/eps."),
            (16.6, "16.6 is the threshold rounded to three digits (perhaps read off a figure). Compute it "
             "from the equation, to at least four significant digits."),
        ],
    )
