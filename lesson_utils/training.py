"""Lessons 5–6: full-batch gradient descent with a record of every epoch."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from . import _validate
from .model import LogisticRegression

#: A run has diverged when its training loss is not finite or exceeds this many times the larger
#: of its starting loss and log 2 (the loss of always answering 0.5).
EXPLOSION_FACTOR = 10.0


class DivergenceWarning(UserWarning):
    """Gradient descent stopped because the loss blew up (learning rate too large)."""


@dataclass
class History:
    """What happened during ``train``; index k holds the values after k epochs (0 = the start).

    train_loss, train_accuracy: (k + 1,); test_loss, test_accuracy: (k + 1,) or None without a
    test set; params: (k + 1, d + 1) path of [w_1, …, w_d, b]; learning_rate: η;
    diverged_at: the epoch at which the loss blew up, or None.
    """

    learning_rate: float
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_loss: np.ndarray | None
    test_accuracy: np.ndarray | None
    params: np.ndarray
    diverged_at: int | None = None

    @property
    def epochs(self) -> int:
        """Number of completed epochs (updates) recorded."""
        return len(self.train_loss) - 1

    @property
    def w_path(self) -> np.ndarray:
        """(k + 1, d) weights after each epoch."""
        return self.params[:, :-1]

    @property
    def b_path(self) -> np.ndarray:
        """(k + 1,) bias after each epoch."""
        return self.params[:, -1]

    @property
    def message(self) -> str:
        """One plain sentence about how the run ended."""
        if self.diverged_at is not None:
            return (
                f"diverged at epoch {self.diverged_at} (learning rate {self.learning_rate:g}): "
                f"the loss exploded, so training stopped and kept the epoch-{self.epochs} parameters"
            )
        last = f"train loss {self.train_loss[-1]:.4f}"
        if self.test_loss is not None:
            last += f", test loss {self.test_loss[-1]:.4f}, test accuracy {self.test_accuracy[-1]:.2%}"
        return f"{self.epochs} epochs at learning rate {self.learning_rate:g}: {last}"

    def __repr__(self) -> str:
        return f"History({self.message})"


def _exploded(loss: float, limit: float) -> bool:
    return not math.isfinite(loss) or loss > limit


_LOG2 = math.log(2.0)


#: Σ log(1 + |u_i|) is taken as the log of products of this many factors: each factor lies in [1, 2],
#: so a product stays below 2**1000, far from overflow, and one log serves 1000 samples.
_FACTORS_PER_LOG = 1000


class _Samples:
    """A data set prepared for many epochs: transposed once, with buffers reused every epoch.

    The maths per epoch, with s = 2y − 1, h = z / 2 and u = tanh(h) = 2σ(z) − 1 (so that
    g = σ(z) = (1 + u) / 2 never overflows):
      loss_i = max(−s_i z_i, 0) + log(1 + e^(−|z_i|)), the stable form of lesson 7;
      Σ max(−s_i z_i, 0) = (Σ |z_i| − Σ s_i z_i) / 2, where Σ s_i z_i = (Σ s_i x_i)·w + (Σ s_i) b
        needs no pass over the data;
      log(1 + e^(−|z|)) = log 2 − log(1 + |u|), and Σ log(1 + |u_i|) is the sum of the logs of
        products of ``_FACTORS_PER_LOG`` factors each;
      Σ (g_i − y_i) x_i = Σ (u_i − s_i) x_i / 2 = (Σ u_i x_i − Σ s_i x_i) / 2.
    Both parts of the loss are differences of two large sums, so each carries a rounding error of
    about 1e-16 · Σ (|z_i| + 1); the training loop divides by m, so the mean loss is accurate to
    about 1e-16 · (mean |z| + 1) in absolute terms (the gradient likewise). Both parts are never
    negative in exact arithmetic, and are clipped at 0 so that rounding cannot make them so.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.m = x.shape[0]
        self.x_t = np.ascontiguousarray(x.T)  # (d, m): matrix–vector products read memory in order
        sign_y = 2.0 * y - 1.0
        self.sx = self.x_t @ sign_y  # (d,) Σ s_i x_i
        self.s_sum = float(np.sum(sign_y))  # Σ s_i
        self.is_one = y == 1
        self.h = np.empty(self.m)
        self.hit = np.empty(self.m, dtype=bool)
        n_logs = -(-self.m // _FACTORS_PER_LOG)
        self.factors = np.ones(n_logs * _FACTORS_PER_LOG)  # the padding stays 1 (log 1 = 0)
        self.e = self.factors[: self.m]
        self.products = np.empty(n_logs)

    def step(self, w: np.ndarray, b: float, with_gradient: bool):
        """Return (Σ loss_i, Σ correct_i[, Σ (g_i − y_i) x_i, Σ (g_i − y_i)]) at parameters (w, b)."""
        h, e, hit = self.h, self.e, self.hit
        np.matmul(0.5 * w, self.x_t, out=h)
        h += 0.5 * b  # h = z / 2
        np.greater_equal(h, 0.0, out=hit)  # predicted class 1 (g ≥ 0.5)
        np.equal(hit, self.is_one, out=hit)
        correct = int(np.count_nonzero(hit))
        np.abs(h, out=e)
        sum_abs_z = 2.0 * float(np.sum(e))
        sum_sz = float(self.sx @ w) + self.s_sum * b
        if with_gradient:
            u = np.tanh(h, out=h)
            np.abs(u, out=e)
        else:
            np.tanh(e, out=e)  # |u| = tanh(|h|)
        e += 1.0
        np.multiply.reduce(self.factors.reshape(_FACTORS_PER_LOG, -1), axis=0, out=self.products)
        log_terms = self.m * _LOG2 - float(np.sum(np.log(self.products)))
        loss = max(0.5 * (sum_abs_z - sum_sz), 0.0) + max(log_terms, 0.0)
        if not with_gradient:
            return loss, correct
        return loss, correct, 0.5 * (self.x_t @ u - self.sx), 0.5 * (float(np.sum(u)) - self.s_sum)


def _train_logistic(model, x, y, epochs, eta, x_test, y_test, limit_factor):
    m = x.shape[0]
    train_set = _Samples(x, y)
    test_set = _Samples(x_test, y_test) if x_test is not None else None
    w, b = model.w.astype(np.float64).copy(), float(model.b)
    params = np.empty((epochs + 1, w.size + 1))
    tr_loss, tr_acc = np.empty(epochs + 1), np.empty(epochs + 1)
    te_loss = np.empty(epochs + 1) if test_set else None
    te_acc = np.empty(epochs + 1) if test_set else None
    limit = None
    diverged_at = None
    k = 0
    for k in range(epochs + 1):
        loss_sum, correct, dL_dw_sum, dL_db_sum = train_set.step(w, b, True)
        loss = loss_sum / m
        params[k, :-1], params[k, -1] = w, b
        tr_loss[k], tr_acc[k] = loss, correct / m
        if test_set:
            loss_sum, correct = test_set.step(w, b, False)
            te_loss[k], te_acc[k] = loss_sum / test_set.m, correct / test_set.m
        if limit is None:
            limit = limit_factor * max(loss, math.log(2.0))
        if _exploded(loss, limit):
            diverged_at = k
            break
        if k == epochs:
            break
        w = w - eta * (dL_dw_sum / m)
        b = b - eta * (dL_db_sum / m)
    n = k + 1
    if diverged_at is not None:
        n = max(k, 1)  # drop the exploded epoch; keep the last parameters that were still sound
        w, b = params[n - 1, :-1].copy(), float(params[n - 1, -1])
    model.w, model.b = w, float(b)
    return History(
        learning_rate=eta,
        train_loss=tr_loss[:n].copy(),
        train_accuracy=tr_acc[:n].copy(),
        test_loss=None if te_loss is None else te_loss[:n].copy(),
        test_accuracy=None if te_acc is None else te_acc[:n].copy(),
        params=params[:n].copy(),
        diverged_at=diverged_at,
    )


def _train_generic(model, x, y, epochs, eta, x_test, y_test, limit_factor):
    def record():
        row = [model.loss(x, y), model.accuracy(x, y)]
        if x_test is not None:
            row += [model.loss(x_test, y_test), model.accuracy(x_test, y_test)]
        return row, model.parameters()

    rows, params = [], []
    limit = None
    diverged_at = None
    for k in range(epochs + 1):
        row, theta = record()
        if limit is None:
            limit = limit_factor * max(row[0], math.log(2.0))
        if _exploded(row[0], limit) or not np.all(np.isfinite(theta)):
            diverged_at = k
            break
        rows.append(row)
        params.append(theta)
        if k == epochs:
            break
        with np.errstate(all="ignore"):
            grads = model.compute_gradients(x, y)
        if not all(np.all(np.isfinite(gr)) for gr in grads):
            diverged_at = k + 1
            break
        model.optimize(*grads, eta)
    if diverged_at is not None:
        model.set_parameters(params[-1])
    table = np.array(rows)
    return History(
        learning_rate=eta,
        train_loss=table[:, 0],
        train_accuracy=table[:, 1],
        test_loss=table[:, 2] if x_test is not None else None,
        test_accuracy=table[:, 3] if x_test is not None else None,
        params=np.array(params),
        diverged_at=diverged_at,
    )


def train(
    model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    epochs: int,
    learning_rate: float,
    x_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
) -> History:
    """Full-batch gradient descent: ``epochs`` updates of every parameter by −η · gradient.

    model: a ``LogisticRegression`` (or any model with ``compute_gradients``, ``optimize``,
    ``loss``, ``accuracy``, ``parameters`` and ``set_parameters``), updated in place;
    x_train: (m, d); y_train: (m,) labels in {0, 1}; epochs: positive int; learning_rate: η > 0;
    x_test: (k, d) and y_test: (k,) optional hold-out set, given together.
    Returns a ``History``. If the loss stops being finite or exceeds ``EXPLOSION_FACTOR`` times
    max(starting loss, log 2), training stops, a ``DivergenceWarning`` says so once, the model
    keeps the last good parameters and ``History.diverged_at`` holds the epoch.
    """
    n_features = getattr(model, "n_features", None)
    x = _validate.features(x_train, "x_train", n_features)
    y = _validate.labels(y_train, "y_train", x.shape[0])
    epochs = _validate.positive_int("epochs", epochs)
    eta = _validate.positive_number("learning_rate", learning_rate)
    if (x_test is None) != (y_test is None):
        raise ValueError("x_test and y_test must be given together (or both left out)")
    if x_test is not None:
        x_test = _validate.features(x_test, "x_test", x.shape[1])
        y_test = _validate.labels(y_test, "y_test", x_test.shape[0])
    runner = _train_logistic if isinstance(model, LogisticRegression) else _train_generic
    history = runner(model, x, y, epochs, eta, x_test, y_test, EXPLOSION_FACTOR)
    if history.diverged_at is not None:
        warnings.warn(
            f"Training {history.message}. Try a smaller learning rate.",
            DivergenceWarning,
            stacklevel=2,
        )
    return history
