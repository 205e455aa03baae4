"""Lessons 5, 6 and 9: gradient descent with a record of the run.

The loop is the one written in lesson 5, plus recording:

    for every update (one mini-batch of the training set, or all of it):
        gradients = model.compute_gradients(x_batch, y_batch)
        step(model, gradients, η_t)        # the plain step rule: θ ← θ − η_t · dL/dθ
        now and then: record the loss and accuracy on the training and hold-out sets

``train`` runs it on the whole training set at every update (full-batch gradient descent) and
records every epoch; ``lesson_utils.sgd`` runs it on small shuffled batches (lesson 9). Both
return the same ``History``. Another update rule (momentum, say) is another step rule, passed as
``step``: the loop stays the same.

The loop has no stopping rule: it makes every update it was asked for, however large the learning
rate. It stops early only when the run is really broken: the loss or a parameter is no longer a
finite number (inf or NaN), from which no float64 arithmetic can continue. Then the model keeps
the parameters of the last record, ``History.stopped_at`` holds the update that broke and a
``RunStoppedWarning`` says so once. (The logistic loss has a bounded slope: with a_i = (x_i, 1),
|g − y| ≤ 1 makes every gradient at most max‖a_i‖ long, so one step moves θ by at most
η·max‖a_i‖ and raises the loss by at most η·max‖a_i‖². Its runs finish unless η·max‖a_i‖²
approaches the float64 limit of about 1e308. The L2 penalty (λ/2)·‖w‖² has no bounded slope:
with η·λ > 2 each step multiplies w by about 1 − η·λ, so w grows geometrically and the run
does stop, when the loss overflows.)
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from . import _validate


class RunStoppedWarning(UserWarning):
    """Training stopped early because the loss or a parameter stopped being a finite number."""


@dataclass
class History:
    """What happened during ``train`` or ``sgd``; entry k is the k-th record (entry 0 = the start).

    learning_rate: η (η₀ when it decays); batch_size: B (equals n_train for full-batch training);
    n_train: m, the number of training samples; samples: (k + 1,) sample-gradients computed so far;
    updates: (k + 1,) parameter updates so far; train_loss, train_accuracy: (k + 1,) on the
    training set; test_loss, test_accuracy: (k + 1,) on the hold-out set, or None without one;
    params: (k + 1, n_params) ``model.parameters()`` at each record ([w_1, …, w_d, b] for logistic
    regression); stopped_at: the update at which the loss or a parameter stopped being finite, or
    None when the run finished; decay: η_t = η / (1 + decay · t) at update t (0: constant);
    seconds: (k + 1,) wall time spent computing updates so far (recording excluded; volatile);
    stop_reason: what stopped being finite ("" when the run finished).
    Both losses are ``model.loss``: with l2 > 0 they include the penalty (l2/2)·‖w‖².
    """

    learning_rate: float
    batch_size: int
    n_train: int
    samples: np.ndarray
    updates: np.ndarray
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_loss: np.ndarray | None
    test_accuracy: np.ndarray | None
    params: np.ndarray
    stopped_at: int | None = None
    decay: float = 0.0
    seconds: np.ndarray | None = None
    stop_reason: str = ""

    @property
    def epochs(self) -> np.ndarray:
        """(k + 1,) passes over the training set at each record: samples / n_train (0, 1, 2, … full batch)."""
        return self.samples / self.n_train

    @property
    def message(self) -> str:
        """One plain sentence on how the run ended."""
        settings = f"learning rate {self.learning_rate:g}"
        if self.decay:
            settings += f" decaying as 1/(1 + {self.decay:g} t)"
        if self.batch_size < self.n_train:
            settings += f", batch size {self.batch_size}"
        if self.stopped_at is not None:
            return (
                f"stopped at update {self.stopped_at} ({settings}): {self.stop_reason}, so the run "
                f"cannot go on; the model keeps the parameters after update {int(self.updates[-1])}, "
                f"training loss {self.train_loss[-1]:.4g}"
            )
        result = f"training loss {self.train_loss[-1]:.4g}"
        if self.test_loss is not None:
            result += f", hold-out loss {self.test_loss[-1]:.4g}"
            result += f", hold-out accuracy {self.test_accuracy[-1]:.2%}"
        return f"finished {self.epochs[-1]:g} epochs, {int(self.updates[-1])} updates ({settings}): {result}"

    def __repr__(self) -> str:
        return f"History({self.message})"


#: A step rule updates the model in place from (model, gradients, η_t).
StepRule = Callable[[object, tuple, float], None]


def gradient_step(model, gradients: tuple, learning_rate: float) -> None:
    """The plain step rule of gradient descent, θ ← θ − η · dL/dθ, via ``model.optimize``.

    model: updated in place; gradients: the tuple ``model.compute_gradients`` returned;
    learning_rate: η for this update. A step rule with memory (momentum) is an object whose
    ``__call__`` takes the same three arguments and keeps its state on itself.
    """
    model.optimize(*gradients, learning_rate)


_MODEL_METHODS = ("compute_gradients", "optimize", "loss", "accuracy", "parameters", "set_parameters")


def check_training_input(model, x_train, y_train, x_test, y_test, step):
    """Check what ``train`` and ``sgd`` are given; return (x_train, y_train, x_test, y_test) as arrays."""
    missing = [name for name in _MODEL_METHODS if not callable(getattr(model, name, None))]
    if missing:
        raise TypeError(
            f"model must have the methods {', '.join(_MODEL_METHODS)} (like LogisticRegression), "
            f"got {type(model).__name__} without {', '.join(missing)}"
        )
    if not callable(step):
        raise TypeError(f"step must be a step rule, a function (model, gradients, learning_rate), "
                        f"got {_validate.describe(step)}")
    n_features = getattr(model, "n_features", None)
    x = _validate.features(x_train, "x_train", n_features)
    y = _validate.labels(y_train, "y_train", x.shape[0])
    if (x_test is None) != (y_test is None):
        raise ValueError("x_test and y_test must be given together (or both left out)")
    if x_test is not None:
        x_test = _validate.features(x_test, "x_test", x.shape[1])
        y_test = _validate.labels(y_test, "y_test", x_test.shape[0])
    return x, y, x_test, y_test


def _batches(
    x: np.ndarray, y: np.ndarray, batch_size: int, epochs: int, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(x_batch, y_batch) of every update: per epoch a fresh shuffle of the m samples cut into
    consecutive batches of ``batch_size`` (the last one smaller when m is not a multiple); with
    batch_size = m, every sample in order (no shuffle needed)."""
    m = len(y)
    for _ in range(epochs):
        xs, ys = x, y
        if batch_size < m:
            order = rng.permutation(m)
            xs, ys = x[order], y[order]
        for start in range(0, m, batch_size):
            yield xs[start : start + batch_size], ys[start : start + batch_size]


def run_descent(
    model,
    x: np.ndarray,
    y: np.ndarray,
    x_test: np.ndarray | None,
    y_test: np.ndarray | None,
    *,
    batch_size: int,
    epochs: int,
    learning_rate: float,
    decay: float,
    seed: int,
    record_every: int,
    step: StepRule,
) -> History:
    """The one loop behind ``train`` and ``sgd``, on checked input (see their docstrings).

    Records at the start, then at the first update at or past each multiple of ``record_every``
    samples, and after the last update. Warns with ``RunStoppedWarning`` when the run stops early.
    """
    m = x.shape[0]
    rows, params, counts = [], [], []
    samples = updates = 0
    seconds = 0.0

    def record() -> str | None:
        """Append the metrics at the current parameters; if a loss is not finite, say so instead."""
        row = [model.loss(x, y), model.accuracy(x, y)]
        if x_test is not None:
            row += [model.loss(x_test, y_test), model.accuracy(x_test, y_test)]
        for name, loss in zip(("training", "hold-out"), row[::2], strict=False):
            if not math.isfinite(loss):
                return f"the {name} loss became {loss}"
        rows.append(row)
        params.append(model.parameters())
        counts.append((samples, updates, seconds))
        return None

    problem = None
    # Overflow is not printed as a numpy warning: a non-finite value stops the run and is reported.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if record() is not None:
            raise ValueError("model must start from parameters with a finite loss on x_train and x_test")
        next_record = record_every
        for x_batch, y_batch in _batches(x, y, batch_size, epochs, np.random.default_rng(seed)):
            start = time.perf_counter()
            gradients = model.compute_gradients(x_batch, y_batch)
            if not all(np.isfinite(gradient).all() for gradient in gradients):
                problem = "a gradient became inf or NaN"
            else:
                step(model, gradients, learning_rate / (1.0 + decay * updates))
                if not np.isfinite(model.parameters()).all():
                    problem = "a parameter became inf or NaN"
            seconds += time.perf_counter() - start
            updates += 1
            samples += len(y_batch)
            if problem is None and samples >= next_record:
                problem = record()
                next_record = (samples // record_every + 1) * record_every
            if problem is not None:
                break
        if problem is None and counts[-1][1] != updates:
            problem = record()

    if problem is not None:
        model.set_parameters(params[-1])
    rows, counts = np.array(rows), np.array(counts)
    history = History(
        learning_rate=learning_rate,
        batch_size=batch_size,
        n_train=m,
        samples=counts[:, 0].astype(np.int64),
        updates=counts[:, 1].astype(np.int64),
        train_loss=rows[:, 0],
        train_accuracy=rows[:, 1],
        test_loss=rows[:, 2] if x_test is not None else None,
        test_accuracy=rows[:, 3] if x_test is not None else None,
        params=np.array(params),
        stopped_at=None if problem is None else updates,
        decay=decay,
        seconds=counts[:, 2],
        stop_reason=problem or "",
    )
    if problem is not None:
        warnings.warn(f"Training {history.message}.", RunStoppedWarning, stacklevel=3)
    return history


def train(
    model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    epochs: int,
    learning_rate: float,
    x_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    *,
    step: StepRule = gradient_step,
) -> History:
    """Full-batch gradient descent: ``epochs`` updates, each with the gradient over every sample.

    model: a ``LogisticRegression``, a ``TwoLayerNetwork`` or any object with their methods
    (``compute_gradients``, ``optimize``, ``loss``, ``accuracy``, ``parameters``,
    ``set_parameters``), updated in place from its current parameters; x_train: (m, d);
    y_train: (m,) labels in {0, 1}; epochs: positive int; learning_rate: η > 0; x_test: (k, d)
    and y_test: (k,) an optional hold-out set, given together; step: the step rule
    (default ``gradient_step``: θ ← θ − η · dL/dθ).

    Returns a ``History`` with a record at the start and after every epoch. There is no stopping
    rule: every epoch runs unless the loss or a parameter stops being finite; then training
    stops, one ``RunStoppedWarning`` says so, the model keeps its last finite parameters and
    ``History.stopped_at`` holds the update that broke.
    """
    x, y, x_test, y_test = check_training_input(model, x_train, y_train, x_test, y_test, step)
    return run_descent(
        model, x, y, x_test, y_test,
        batch_size=x.shape[0],
        epochs=_validate.check_scalar(epochs, "epochs", int, low=1),
        learning_rate=_validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False),
        decay=0.0,
        seed=0,
        record_every=x.shape[0],
        step=step,
    )
