"""Exercise checks for lesson 9 (stochastic gradient descent).

Expected values are counted by hand or come from the sampling formula for a mean drawn without
replacement, independently of ``lesson_utils.sgd`` and of the reader's code.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from . import check_function, check_value


def check_sample_gradients(value: object) -> bool:
    """Exercise 1: sample-gradients computed by the article's 100 epochs of full-batch descent."""
    n_samples, test_share, epochs = 100_000, 0.2, 100
    n_train = n_samples - round(n_samples * test_share)  # 80,000: the test split never trains
    return check_value(
        value,
        epochs * n_train,
        success="8,000,000 sample-gradients: 100 epochs × 80,000 training samples. The article's "
        "10,000,000 counts the 20,000 test samples too, which never produce a gradient.",
        hint="Only the training split produces gradients: 80 % of the 100,000 samples, once per epoch.",
        rtol=0.0,
        atol=0.5,
    )


def check_updates_per_epoch(fn: Callable | None) -> bool:
    """Exercise 2: ``updates_per_epoch(m, batch_size)`` counts the mini-batches of one epoch."""
    cases = [
        ((80_000, 64), 1_250),
        ((80_000, 1), 80_000),
        ((80_000, 80_000), 1),
        ((100, 32), 4),  # 32 + 32 + 32 + 4
        ((80_000, 3), 26_667),  # 26,666 batches of 3 and one of 2
    ]
    return check_function(
        fn,
        cases,
        success="one update per mini-batch, the last smaller batch included: ⌈m / B⌉.",
        hint="The last, smaller batch is an update too: round m / B up (math.ceil(m / B) or -(-m // B)).",
        rtol=0.0,
        atol=0.0,
    )


def check_noise_ratio(value: object, m: int = 80_000) -> bool:
    """Exercise 3: std of the batch gradient at B = 16 divided by its std at B = 256.

    m: the number of training samples the batches were drawn from (without replacement).
    """
    # Var(mean of B draws without replacement) = s² / B · (m − B) / (m − 1).
    expected = math.sqrt(256 / 16) * math.sqrt((m - 16) / (m - 256))
    return check_value(
        value,
        expected,
        success=f"about {expected:.2f}: sixteen times the batch gives a quarter of the noise (√16 = 4).",
        hint="Measure the standard deviation of one gradient coordinate over many batches (a thousand "
        "or more) for B = 16 and for B = 256, then divide the first by the second.",
        rtol=0.1,
    )
