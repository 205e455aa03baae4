"""Lesson 9: mini-batch stochastic gradient descent, the article's announced next step.

One epoch shuffles the m training samples (a fresh, seeded permutation per epoch), cuts them into
consecutive mini-batches of ``batch_size`` samples (the last one smaller when m is not a multiple)
and makes one update per mini-batch with the batch-average gradient: for logistic regression
w ← w − η_t · mean((g − y) x), b ← b − η_t · mean(g − y). The loop is the one of ``train``
(``lesson_utils.training``); only the batches differ.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .training import History, StepRule, check_training_input, gradient_step, run_descent


def learning_rate_schedule(t: object, learning_rate: float, decay: float = 0.0) -> float | np.ndarray:
    """The step size of update t: η_t = η₀ / (1 + decay · t).

    t: update index (0 for the first update), a non-negative number or array of them;
    learning_rate: η₀ > 0; decay: ≥ 0 (0 keeps η constant). Returns a float, or an array shaped
    like t. The sum of η_t over t grows without bound while the steps shrink, so with decay > 0
    the noise of small batches fades instead of keeping the parameters jittering.
    """
    t_arr = _validate.as_float_array(t, "t")
    if (t_arr < 0).any():
        raise ValueError(f"t must be non-negative update counts, got {t_arr[t_arr < 0][:3].tolist()}")
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    lam = _validate.check_scalar(decay, "decay", float, low=0)
    return _validate.scalar_out(eta / (1.0 + lam * t_arr), t)


def sgd(
    model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    *,
    batch_size: int,
    epochs: int,
    learning_rate: float,
    decay: float = 0.0,
    seed: int = 0,
    record_every: int | None = None,
    step: StepRule = gradient_step,
) -> History:
    """Mini-batch stochastic gradient descent, the model updated in place from its current parameters.

    model: a ``LogisticRegression`` (or any model ``train`` accepts); x_train: (m, d) samples;
    y_train: (m,) labels in {0, 1}; x_test: (k, d) and y_test: (k,) an optional hold-out set;
    batch_size: 1 ≤ B ≤ m (B = m is full-batch gradient descent); epochs: passes over the training
    set; learning_rate: η₀ > 0; decay: η_t = η₀ / (1 + decay · t) at update t (0: constant);
    seed: seeds the shuffling (one permutation per epoch, same seed → same run); record_every:
    record at the first update at or past each multiple of this many samples (default: m // 10,
    about ten records per epoch), and always after the last update; step: the step rule.

    Returns a ``History`` (the record ``train`` returns) with losses against samples processed and
    updates made. As in ``train`` there is no stopping rule: the run stops early only when a
    gradient, a parameter or a recorded loss stops being finite, with one ``RunStoppedWarning``;
    the model then keeps the parameters of the last record.
    """
    x, y, x_test, y_test = check_training_input(model, x_train, y_train, x_test, y_test, step)
    m = x.shape[0]
    every = max(1, m // 10)
    if record_every is not None:
        every = _validate.check_scalar(record_every, "record_every", int, low=1)
    batch_size = _validate.check_scalar(batch_size, "batch_size", int, low=1, high=m)
    return run_descent(
        model, x, y, x_test, y_test,
        batch_size=batch_size,
        epochs=_validate.check_scalar(epochs, "epochs", int, low=1),
        learning_rate=_validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False),
        decay=_validate.check_scalar(decay, "decay", float, low=0),
        seed=_validate.check_scalar(seed, "seed", int, low=0),
        record_every=every,
        step=step,
    )
