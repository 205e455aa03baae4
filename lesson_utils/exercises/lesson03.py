"""Exercise checks of lesson 3 (binary cross-entropy).

Every expected value is worked out here with ``math`` from the definition (a product of Bernoulli
probabilities, or log(1 + e^t) written out), never by calling ``lesson_utils.loss``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np

from . import check_function, check_value, softplus

#: Exercise 1: three samples and the model's predictions for them.
LIKELIHOOD_Y = (1, 0, 1)
LIKELIHOOD_G = (0.9, 0.2, 0.6)


def expected_mean_loss() -> float:
    """−(1/3) log of the likelihood 0.9 · (1 − 0.2) · 0.6 = 0.432 of exercise 1: 0.27977…"""
    likelihood = 1.0
    for y, g in zip(LIKELIHOOD_Y, LIKELIHOOD_G, strict=True):
        likelihood *= g if y == 1 else 1.0 - g
    return -math.log(likelihood) / len(LIKELIHOOD_Y)


def check_mean_loss(value: object) -> bool:
    """Exercise 1: the mean negative log-likelihood of the three samples, as one number."""
    expected = expected_mean_loss()
    total = expected * len(LIKELIHOOD_Y)
    if isinstance(value, numbers.Real) and math.isclose(float(value), total, rel_tol=1e-6):
        print(f"Not yet: {float(value):.4f} is the sum over the three samples. Divide by m = 3 for the mean.")
        return False
    return check_value(
        value, expected, rtol=1e-6,
        success=f"L = −log(0.432)/3 = {expected:.5f}. The mean of −log P(yᵢ | xᵢ) over the samples.",
        hint="the likelihood is 0.9 · (1 − 0.2) · 0.6 (a y = 0 sample contributes 1 − g); "
             "take −log of it and divide by m = 3.",
    )


def _bce_cases() -> list[tuple[tuple, float]]:
    rows = [
        ([1.0, 0.0], [0.8, 0.3], -(math.log(0.8) + math.log(0.7)) / 2),
        ([1.0, 0.0, 1.0, 0.0], [0.5, 0.5, 0.5, 0.5], math.log(2.0)),
        ([0.0], [0.9], math.log(10.0)),
        ([1.0, 1.0, 0.0], [0.9, 0.6, 0.2], -math.log(0.9 * 0.6 * 0.8) / 3),
    ]
    return [((np.array(y), np.array(g)), expected) for y, g, expected in rows]


def check_bce(fn: Callable | None) -> bool:
    """Exercise 2: ``bce(y, g)``, the mean binary cross-entropy of (m,) labels and (m,) probabilities."""
    return check_function(
        fn, _bce_cases(), rtol=1e-9,
        success="your bce is −mean(y log g + (1 − y) log(1 − g)), brackets and all.",
        hint="put both terms inside one bracket, a minus in front, and take np.mean (not np.sum).",
    )


def _logit_cases() -> list[tuple[tuple, float]]:
    # −log σ(z) = log(1 + e^(−z)) and −log(1 − σ(z)) = log(1 + e^z).
    rows = [
        ([1.0, 0.0], [2.0, -3.0], (softplus(-2.0) + softplus(-3.0)) / 2),
        ([1.0], [-1000.0], 1000.0),
        ([0.0], [1000.0], 1000.0),
        ([1.0], [1000.0], 0.0),
        ([0.0], [40.0], softplus(40.0)),
        ([0.0, 1.0], [-40.0, 40.0], math.exp(-40.0)),
    ]
    return [((np.array(y), np.array(z)), expected) for y, z, expected in rows]


def check_bce_with_logits(fn: Callable | None) -> bool:
    """Exercise 3: ``bce_with_logits(y, z)``, the mean loss from (m,) logits, exact at z = ±40 and ±1000."""
    return check_function(
        fn, _logit_cases(), rtol=1e-9, atol=1e-12,
        success="finite and exact even at z = ±1000, where σ(z) is exactly 0 or 1 in float64.",
        hint="never form σ(z): use max(z, 0) − y·z + log1p(exp(−|z|)) for each sample, then the mean. "
             "The cases include z = ±40 and ±1000.",
    )
