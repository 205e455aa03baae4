"""Exercise checks of lesson 3 (binary cross-entropy); expected values from the definition, with ``math``."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from . import check_choice, check_function, check_value
from .reference import softplus

#: Exercise 1: three samples and the model's predictions for them.
LIKELIHOOD_Y = (1, 0, 1)
LIKELIHOOD_G = (0.9, 0.2, 0.6)


def expected_mean_loss() -> float:
    """−(1/3) log of the likelihood 0.9 · (1 − 0.2) · 0.6 = 0.432 of exercise 1: 0.27977…"""
    likelihood = 1.0
    for y, g in zip(LIKELIHOOD_Y, LIKELIHOOD_G, strict=True):
        likelihood *= g if y == 1 else 1.0 - g
    return -math.log(likelihood) / len(LIKELIHOOD_Y)


def check_mean_loss(value: Any) -> bool:
    """Exercise 1: the mean negative log-likelihood of the three samples, as one number."""
    expected = expected_mean_loss()
    m = len(LIKELIHOOD_Y)
    return check_value(
        value, expected,
        success=f"L = −log(0.432)/3 = {expected:.4f}: the mean of −log P(yᵢ | xᵢ) over the samples.",
        hint="the likelihood is the product of P(yᵢ | xᵢ), where a y = 0 sample contributes 1 − g; "
             "take −log of it and divide by m = 3.",
        mistakes=[
            (expected * m, "that is the sum over the three samples. Divide by m = 3 for the mean."),
            (-expected, "the sign is flipped: that is the mean log-likelihood. The loss is its negative, "
                        "so that smaller is better."),
            (expected / math.log(10.0), "that uses log base 10. The loss uses the natural logarithm."),
            (-math.log(0.9 * 0.2 * 0.6) / m, "the y = 0 sample contributed g = 0.2. Its probability under "
                                             "the model is 1 − g = 0.8."),
            (0.432, "0.432 is the likelihood itself. The loss is −(1/m) times its logarithm."),
        ],
    )


#: Exercise 2: (labels y, probabilities g) and the mean loss, by hand.
BCE_CASES = [
    ((np.array([1.0, 0.0]), np.array([0.8, 0.3])), -(math.log(0.8) + math.log(0.7)) / 2),
    ((np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.5, 0.5, 0.5, 0.5])), math.log(2.0)),
    ((np.array([0.0]), np.array([0.9])), math.log(10.0)),
    ((np.array([1.0, 1.0, 0.0]), np.array([0.9, 0.6, 0.2])), -math.log(0.9 * 0.6 * 0.8) / 3),
]


def check_bce(fn: Callable | None) -> bool:
    """Exercise 2 (find the bug): ``bce(y, g)``, the mean cross-entropy of (m,) labels and probabilities."""
    return check_function(
        fn, BCE_CASES,
        success="−mean(y log g + (1 − y) log(1 − g)): the minus in front of both terms. A y = 0 sample "
                "now costs more the closer g gets to 1.",
        hint="try a single y = 0 sample with g = 0.1 and g = 0.9: which one should cost more, and which "
             "one does?",
        mistakes=[
            (lambda y, g: np.mean(-y * np.log(g) + (1 - y) * np.log(1 - g)),
             "this is still the line as printed: the minus reaches only the first term, so a y = 0 sample "
             "is rewarded for g near 1. The two terms need one pair of brackets."),
            (lambda y, g: -np.sum(y * np.log(g) + (1 - y) * np.log(1 - g)),
             "that is the sum over the samples. The loss here is the mean, as the article's code averages."),
            (lambda y, g: -np.mean(y * np.log10(g) + (1 - y) * np.log10(1 - g)),
             "that uses log base 10 (np.log10). The loss uses the natural logarithm, np.log."),
            (lambda y, g: np.mean(y * np.log(g) + (1 - y) * np.log(1 - g)),
             "the minus is gone altogether: that is the mean log-likelihood, which training would make "
             "larger. The loss is its negative."),
            (lambda y, g: np.mean(y * np.log(g) - (1 - y) * np.log(1 - g)),
             "the minus moved to the second term: now the y = 1 samples are rewarded for g near 0. One minus "
             "in front of both terms."),
        ],
    )


#: Exercise 4: (labels y, logits z) and the mean loss, with −log σ(z) = log(1 + e^(−z)) = softplus(−z).
LOGIT_CASES = [
    ((np.array([1.0, 0.0]), np.array([2.0, -3.0])), (softplus(-2.0) + softplus(-3.0)) / 2),
    ((np.array([1.0]), np.array([-1000.0])), 1000.0),
    ((np.array([0.0]), np.array([1000.0])), 1000.0),
    ((np.array([1.0]), np.array([1000.0])), 0.0),
    ((np.array([0.0]), np.array([40.0])), softplus(40.0)),
    ((np.array([0.0, 1.0]), np.array([-40.0, 40.0])), math.exp(-40.0)),
]


def _through_g(y, z, eps=0.0):
    """The mean loss the article's way, through g = σ(z), clipped to [eps, 1 − eps]."""
    g = np.clip(1 / (1 + np.exp(-z)), eps, 1 - eps)
    return -np.mean(y * np.log(g) + (1 - y) * np.log(1 - g))


def check_bce_with_logits(fn: Callable | None) -> bool:
    """Exercise 4: ``bce_with_logits(y, z)``, the mean loss from (m,) logits, exact at z = ±40 and ±1000."""
    return check_function(
        fn, LOGIT_CASES, atol=1e-12,
        success="finite and exact even at z = ±1000, where σ(z) is exactly 0 or 1 in float64.",
        hint="never form σ(z): use the one-line form of a sample's loss from its logit derived above, "
             "then the mean. The cases include z = ±40 and ±1000.",
        mistakes=[
            (_through_g, "that forms g = σ(z) first: at z = ±1000 (and at z = 40 for y = 0) g is exactly 0 "
                         "or 1 and log 0 gives inf or nan."),
            (partial(_through_g, eps=np.finfo(float).eps),
             "that clips g away from 0 and 1: finite, but every loss is capped at −log(2.2e-16) = 36.04, "
             "while the true loss at z = 1000 is 1000."),
            (lambda y, z: np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))),
             "that is the sum over the samples. Take the mean."),
            (lambda y, z: np.mean(np.maximum(z, 0) + y * z + np.log1p(np.exp(-np.abs(z)))),
             "the sign of the y·z term is flipped: for y = 1 the loss must fall as z grows."),
            (lambda y, z: np.mean(-y * z + np.log1p(np.exp(-np.abs(z)))),
             "the max(z, 0) term is missing: without it the loss is wrong for every z > 0."),
        ],
        non_finite="your function returns inf or nan on some case. Forming g = σ(z) first (or e^(−z) "
                   "for large negative z) overflows at z = ±1000: write the loss with e^(−|z|) only.",
    )


#: Exercise 3 (explain): the best constant prediction on 90 % class-1 data, and its loss.
check_baseline = partial(
    check_choice, correct="c",
    explanations={
        "a": "g = 0.5 costs log 2 = 0.693 on every sample. On balanced classes that is the best a "
             "constant can do, but here a constant closer to the majority does better.",
        "b": "g = 1 costs nothing on the 90 % class-1 samples, but −log(1 − 1) = ∞ on each class-0 "
             "sample: the mean is infinite.",
        "c": "right.",
        "d": "−log 0.9 = 0.105 is the loss of the class-1 samples only. The 10 % class-0 samples cost "
             "−log(1 − 0.9) = 2.303 each and are part of the mean.",
    },
    success="the mean loss of a constant g is −[0.9 log g + 0.1 log(1 − g)], smallest at g = 0.9 "
            "(the share of class 1), where it is 0.9·0.105 + 0.1·2.303 = 0.325.",
)
