"""Lesson 9: mini-batch stochastic gradient descent, the article's announced next step.

One epoch shuffles the m training samples (a fresh, seeded permutation per epoch), cuts them into
consecutive mini-batches of ``batch_size`` samples (the last one smaller when m is not a multiple)
and makes one update per mini-batch with the batch-average gradient of the mean binary
cross-entropy: w ← w − η_t · mean((g − y) x), b ← b − η_t · mean(g − y).
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass

import numpy as np

from . import _validate
from .loss import _bce_with_logits
from .model import LogisticRegression
from .training import EXPLOSION_FACTOR, DivergenceWarning


@dataclass
class SGDHistory:
    """What happened during ``sgd``; entry k is the k-th record (entry 0 = the starting parameters).

    samples: (k + 1,) sample-gradients computed so far; updates: (k + 1,) parameter updates so far;
    seconds: (k + 1,) wall time spent in the updates so far (recording excluded; volatile);
    learning_rates: (k + 1,) the step size η_t the next update would use;
    train_loss, test_loss: (k + 1,) mean binary cross-entropy on the training and hold-out sets;
    test_accuracy: (k + 1,); params: (k + 1, d + 1) path of [w_1, …, w_d, b];
    n_train: m; batch_size, learning_rate (η₀), decay: the settings;
    diverged_at: the update count at which the loss blew up, or None.
    """

    batch_size: int
    learning_rate: float
    decay: float
    n_train: int
    samples: np.ndarray
    updates: np.ndarray
    seconds: np.ndarray
    learning_rates: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    params: np.ndarray
    diverged_at: int | None = None

    @property
    def epochs(self) -> np.ndarray:
        """(k + 1,) passes over the training set so far: samples / m (fractional)."""
        return self.samples / self.n_train

    @property
    def message(self) -> str:
        """One plain sentence about how the run ended."""
        settings = f"batch size {self.batch_size}, learning rate {self.learning_rate:g}"
        if self.decay:
            settings += f" decaying by 1/(1 + {self.decay:g} t)"
        if self.diverged_at is not None:
            return (
                f"diverged at update {self.diverged_at} ({settings}): the loss exploded, so training "
                f"stopped and kept the parameters after update {int(self.updates[-1])}"
            )
        return (
            f"{int(self.updates[-1])} updates, {int(self.samples[-1])} samples ({settings}): "
            f"test loss {self.test_loss[-1]:.4f}, test accuracy {self.test_accuracy[-1]:.2%}"
        )

    def __repr__(self) -> str:
        return f"SGDHistory({self.message})"


def learning_rate_schedule(t: object, learning_rate: float, decay: float = 0.0) -> float | np.ndarray:
    """The step size of update t: η_t = η₀ / (1 + decay · t).

    t: update index (0 for the first update), a non-negative number or array of them;
    learning_rate: η₀ > 0; decay: ≥ 0 (0 keeps η constant). Returns a float, or an array shaped
    like t. The sum of η_t over t grows without bound while the steps shrink, so with decay > 0
    the noise of small batches fades instead of keeping the parameters jittering.
    """
    t_arr = _validate.as_float_array("t", t)
    if (t_arr < 0).any():
        raise ValueError(f"t must be non-negative update counts, got {t_arr[t_arr < 0][:3].tolist()}")
    eta = _validate.positive_number("learning_rate", learning_rate)
    lam = _validate.non_negative_number("decay", decay)
    return _validate.scalar_out(eta / (1.0 + lam * t_arr), t)


def _mean_loss(x: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[float, float]:
    z = x @ w + b
    return float(np.mean(_bce_with_logits(y, z))), float(np.mean((z >= 0) == (y == 1)))


def sgd(
    model: LogisticRegression,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    *,
    batch_size: int,
    epochs: int,
    learning_rate: float,
    decay: float = 0.0,
    seed: int = 0,
    record_every: int | None = None,
) -> SGDHistory:
    """Mini-batch stochastic gradient descent for a ``LogisticRegression``, updated in place.

    model: starts from its current w (d,) and b; x_train: (m, d) samples; y_train: (m,) labels in
    {0, 1}; x_test: (k, d) and y_test: (k,) the hold-out set; batch_size: 1 ≤ B ≤ m (B = m is
    full-batch gradient descent); epochs: passes over the training set; learning_rate: η₀ > 0;
    decay: η_t = η₀ / (1 + decay · t) at update t (0: constant); seed: seeds the shuffling (one
    permutation per epoch, same seed → same run); record_every: record the losses at the first
    update boundary at or past each multiple of this many samples (default: m // 10, about ten
    records per epoch), and always after the last update.

    Returns an ``SGDHistory`` with losses against samples processed, updates and wall time.
    Divergence is handled like ``lesson_utils.train``: if the training loss at a record is not
    finite or exceeds ``EXPLOSION_FACTOR`` · max(starting loss, log 2), or an update makes a
    parameter non-finite, training stops, a ``DivergenceWarning`` says so once and the model keeps
    the last recorded parameters.
    """
    if not isinstance(model, LogisticRegression):
        raise TypeError(f"model must be a LogisticRegression, got {type(model).__name__}")
    x = _validate.features(x_train, "x_train", model.n_features)
    y = _validate.labels(y_train, "y_train", x.shape[0])
    xt = _validate.features(x_test, "x_test", model.n_features)
    yt = _validate.labels(y_test, "y_test", xt.shape[0])
    m = x.shape[0]
    batch = _validate.positive_int("batch_size", batch_size, m, f"the number of training samples ({m})")
    n_epochs = _validate.positive_int("epochs", epochs)
    eta0 = _validate.positive_number("learning_rate", learning_rate)
    lam = _validate.non_negative_number("decay", decay)
    rng = np.random.default_rng(_validate.seed(seed))
    every = max(1, m // 10) if record_every is None else _validate.positive_int("record_every", record_every)

    w, b = model.w.astype(np.float64).copy(), float(model.b)
    sign_y = 2.0 * y - 1.0  # g − y = (tanh(z/2) − (2y − 1)) / 2, with no overflow for any z
    rows: list[tuple] = []
    params: list[np.ndarray] = []
    samples = updates = 0
    seconds = 0.0
    limit = None
    diverged_at = None

    def record() -> bool:
        """Append a record; return False when the loss has exploded (the record is then dropped)."""
        nonlocal limit
        with np.errstate(over="ignore", invalid="ignore"):
            train_loss, _ = _mean_loss(x, y, w, b)
            test_loss, test_acc = _mean_loss(xt, yt, w, b)
        if limit is None:
            limit = EXPLOSION_FACTOR * max(train_loss, math.log(2.0))
        if not math.isfinite(train_loss) or train_loss > limit or not math.isfinite(test_loss):
            return False
        eta_next = eta0 / (1.0 + lam * updates)
        rows.append((samples, updates, seconds, eta_next, train_loss, test_loss, test_acc))
        params.append(np.append(w, b))
        return True

    if not record():
        raise ValueError("model must start from parameters with a finite loss on x_train and x_test")
    next_record = every
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_epochs):
            order = rng.permutation(m)
            xs, ss = x[order], sign_y[order]
            start = time.perf_counter()
            for lo in range(0, m, batch):
                xb, sb = xs[lo : lo + batch], ss[lo : lo + batch]
                u = np.tanh(0.5 * (xb @ w + b))  # u = 2g − 1
                u -= sb  # 2 (g − y)
                scale = 0.5 * (eta0 / (1.0 + lam * updates)) / xb.shape[0]
                w = w - scale * (u @ xb)
                b = b - scale * float(np.sum(u))
                updates += 1
                samples += xb.shape[0]
                if not (math.isfinite(b) and np.isfinite(w).all()):
                    diverged_at = updates
                    break
                if samples >= next_record:
                    seconds += time.perf_counter() - start
                    if not record():
                        diverged_at = updates
                        break
                    next_record = (samples // every + 1) * every
                    start = time.perf_counter()
            else:
                seconds += time.perf_counter() - start
                continue
            break
    if diverged_at is None and rows[-1][1] != updates:
        if not record():
            diverged_at = updates
    table = np.array(rows, dtype=float)
    theta = params[-1]
    model.w, model.b = theta[:-1].copy(), float(theta[-1])
    history = SGDHistory(
        batch_size=batch,
        learning_rate=eta0,
        decay=lam,
        n_train=m,
        samples=table[:, 0].astype(np.int64),
        updates=table[:, 1].astype(np.int64),
        seconds=table[:, 2],
        learning_rates=table[:, 3],
        train_loss=table[:, 4],
        test_loss=table[:, 5],
        test_accuracy=table[:, 6],
        params=np.array(params),
        diverged_at=diverged_at,
    )
    if diverged_at is not None:
        warnings.warn(
            f"Stochastic gradient descent {history.message}. Try a smaller learning rate.",
            DivergenceWarning,
            stacklevel=2,
        )
    return history
