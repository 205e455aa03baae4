"""Exercise checks of lesson 1 (odds and log-odds); expected values by hand or from ``math``."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from . import as_number, check_choice, check_function, check_prediction, check_value

#: Exercise 5: the model z = W_ODDS · x + b; the odds factor asked for is that of STEPS units of x.
W_ODDS, STEPS = 0.7, 2.0


def check_threshold_prediction(prediction: Any, threshold_before: Any, threshold_after: Any) -> bool:
    """Exercise 1: where the least-squares threshold goes when ten easy class-1 samples are added: "a"
    (stays), "b" (left) or "c" (right), against the x where each fitted line crosses 0.5."""
    before, after = as_number(threshold_before), as_number(threshold_after)
    outcome = None
    if before is not None and after is not None:
        outcome = "a" if abs(after - before) < 0.05 else ("c" if after > before else "b")
    return check_prediction(
        prediction, outcome,
        options={
            "a": "that would be right for a loss that leaves correctly classified samples alone; "
                 "squared error does not.",
            "b": "that would be right if the new class-1 samples voted for their class. Least squares "
                 "has no such vote: ten class-1 samples placed where the line already says ŷ = 1 "
                 "would not move it at all.",
            "c": "right.",
        },
        explanation="The ten samples sit where the line says ŷ ≈ 2.15, and squared error charges each of "
                    "them (2.15 − 1)² ≈ 1.3 for being too sure. A flatter line lowers those charges, and "
                    "a flatter line crosses 0.5 further right.",
    )


def check_probability_from_odds(p: Any) -> bool:
    """Exercise 2: p behind odds of 3 ("3 to 1 in favour"). By hand: p = 3(1 − p), 4p = 3, p = 0.75."""
    return check_value(
        p, 0.75,
        success="odds of 3 in favour mean p = 3 / (1 + 3) = 0.75: three times as likely to happen as not.",
        hint="solve p / (1 − p) = 3 for p: multiply both sides by (1 − p), then collect the terms with p.",
        mistakes=[
            (0.25, "0.25 is the probability of the other outcome, the reading of a bookmaker's 3 to 1 "
                   "against. Odds of 3 in favour mean p is three times 1 − p."),
            (1 / 3, "p = 1/3 gives odds (1/3) / (2/3) = 0.5, not 3. The odds are not 1/p."),
            (2 / 3, "p = 2/3 gives odds (2/3) / (1/3) = 2, not 3. Check: p / (1 − p) should be 3."),
            (3.0, "3 is the odds themselves, and a probability cannot exceed 1. Solve p / (1 − p) = 3."),
        ],
    )


def check_probability_from_log_odds(fn: Callable[[float], float] | None) -> bool:
    """Exercise 3: the inverse z ↦ p of z = log(p / (1 − p)). Expected: e^z / (1 + e^z) via math.exp."""
    return check_function(
        fn,
        [((z,), math.exp(z) / (1.0 + math.exp(z))) for z in (0.0, math.log(4.0), -math.log(4.0), 2.0, -5.0)],
        success="p = e^z / (1 + e^z) = 1 / (1 + e^(−z)): 0.5 at z = 0, 0.8 at z = log 4, 0.8808 at z = 2.",
        hint="start from e^z = p / (1 − p), multiply by (1 − p), and collect the terms with p on one side.",
        mistakes=[
            (lambda z: 1.0 / (1.0 + math.exp(z)),
             "that is 1 / (1 + e^z), the probability of the other class: at z = 2 it gives 0.1192, whose "
             "log-odds are −2. A sign was lost when dividing by e^z."),
            (lambda z: math.exp(z),
             "that is e^z, the odds, not the probability: it exceeds 1 for z > 0. One more step turns "
             "odds into p."),
            (lambda z: z / (1.0 + z),
             "that is z / (1 + z): it treats z as the odds. z is the log of the odds; undo the log first."),
            (lambda z: 1.0 / (1.0 + 10.0 ** (-z)),
             "that inverts a base-10 logarithm. The log-odds use the natural logarithm: undo it with e^z."),
        ],
    )


#: Exercise 4: which step of the article's derivation loses the sign (multiple choice, a–e).
check_faulty_step = partial(
    check_choice, correct="e",
    explanations={
        "a": "e^z = p / (1 − p) is right: apply e^(·) to both sides of z = log(p / (1 − p)).",
        "b": "e^z (1 − p) = e^z − e^z p = p is right: both sides multiplied by 1 − p, then expanded.",
        "c": "e^z = p + e^z p = p (1 + e^z) is right: e^z p moved to the other side, p factored out.",
        "d": "p = e^z / (1 + e^z) is right: at z = 0 it gives 1/2, at z = 2 it gives 0.8808, whose "
             "log-odds are 2.",
        "e": "right.",
    },
    success="from p = e^z / (1 + e^z), dividing top and bottom by e^z gives 1 / (1 + e^(−z)): the "
            "exponent becomes −z. The article's last line, 1 / (1 + e^z), gives 0.1192 at z = 2.",
)


def check_odds_factor(factor: Any) -> bool:
    """Exercise 5: the factor by which the odds grow when x rises by 2 in z = 0.7x + b: e^1.4."""
    return check_value(
        factor, math.exp(W_ODDS * STEPS),
        success=f"each unit of x multiplies the odds by e^0.7 = {math.exp(W_ODDS):.4f}, so two units "
                f"multiply them by e^0.7 · e^0.7 = e^1.4 = {math.exp(W_ODDS * STEPS):.4f}.",
        hint="z = log(odds) rises by 0.7 per unit of x. What does adding 1.4 to a logarithm do to the "
             "number itself?",
        mistakes=[
            (W_ODDS * STEPS, "1.4 is how much the log-odds z change. The odds are e^z: the question asks "
                             "for the factor on the odds."),
            (math.exp(W_ODDS), "that is the factor of one unit of x, e^0.7. x rises by two units."),
            (STEPS * math.exp(W_ODDS), "that adds the one-unit factor twice. Factors multiply: each unit "
                                       "multiplies the odds by e^0.7 again."),
            (10.0 ** (W_ODDS * STEPS), "that is 10^1.4. The log-odds use the natural logarithm, "
                                       "so the factor is a power of e."),
            (1.0 / (1.0 + math.exp(-W_ODDS * STEPS)),
             "that is σ(1.4), a probability. The question asks by what factor the odds grow."),
        ],
    )
