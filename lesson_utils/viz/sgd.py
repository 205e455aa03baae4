"""Lesson 9: a fair race between batch sizes, the noise figure, the decay figure and the batch-size slider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _core, _validate
from ..model import LogisticRegression
from ..sgd import sgd
from ..training import History
from .style import COLORS, COLUMN_WIDTH, SEQUENTIAL_CMAP
from .widgets import SliderFigure

#: One colour per batch size in the race figures, smallest batch first; the full batch is black.
_RUN_COLORS = [COLORS[k] for k in ("vermillion", "orange", "green", "sky", "blue", "purple")]


def _color(i: int, n: int) -> str:
    return COLORS["black"] if i == n - 1 and n > 1 else _RUN_COLORS[i % len(_RUN_COLORS)]


def _batch_label(batch_size: int, n_train: int) -> str:
    return f"B = {batch_size:,}" + (" (full batch)" if batch_size == n_train else "")


# --- the race: many SGD runs at once ----------------------------------------------------------


@dataclass
class RaceGrid:
    """Excess training loss of SGD runs with one batch size, over a grid of learning rates and seeds.

    batch_size: B; n_train: m; learning_rates: (k,) the grid of η; seeds: (s,) one shuffling seed
    per run; samples: (r,) sample-gradients computed at each record (0 first); updates: (r,)
    parameter updates made at each record; excess: (r, s, k) training loss minus the optimum's
    loss at each record, per seed and learning rate.
    """

    batch_size: int
    n_train: int
    learning_rates: np.ndarray
    seeds: tuple[int, ...]
    samples: np.ndarray
    updates: np.ndarray
    excess: np.ndarray

    @property
    def median_excess(self) -> np.ndarray:
        """(r, k) the excess loss of the median run (over the seeds) at each record."""
        return np.median(self.excess, axis=1)

    def stays_below(self, target: float) -> np.ndarray:
        """(s, k) per run: the sample-gradients from which its excess loss is ≤ target at every later record.

        inf where the run ends above ``target`` (never reached, or the noise of a constant η keeps
        pushing it back up).
        """
        target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
        above = self.excess > target  # (r, s, k)
        r = above.shape[0]
        last_above = np.where(above.any(axis=0), r - 1 - np.argmax(above[::-1], axis=0), -1)  # (s, k)
        reached = self.samples[np.minimum(last_above + 1, r - 1)].astype(float)
        return np.where(last_above == r - 1, np.inf, reached)

    def first_below(self, target: float) -> np.ndarray:
        """(s, k) per run: the sample-gradients at its first record with excess loss ≤ target (inf: never)."""
        target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
        below = self.excess <= target  # (r, s, k)
        first = self.samples[np.argmax(below, axis=0)].astype(float)
        return np.where(below.any(axis=0), first, np.inf)

    def needed(self, target: float) -> np.ndarray:
        """(k,) the median over the seeds of ``stays_below``: the work a typical run needs."""
        return np.median(self.stays_below(target), axis=0)

    def best(self, target: float) -> tuple[float, float, float]:
        """(η, sample-gradients, updates): the grid's learning rate with the smallest ``needed(target)``,
        and the work it needs (the updates at that record; inf for both when no η stays below)."""
        needed = self.needed(target)
        j = int(np.argmin(needed))
        if not np.isfinite(needed[j]):
            return float(self.learning_rates[j]), np.inf, np.inf
        updates = self.updates[np.searchsorted(self.samples, needed[j])]
        return float(self.learning_rates[j]), float(needed[j]), float(updates)


def race_grid(
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    learning_rates: Sequence[float],
    *,
    optimum_loss: float,
    epochs: int,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    record_every: int | None = None,
    decay: float = 0.0,
) -> RaceGrid:
    """Mini-batch SGD for logistic regression from w = 0, b = 0, for every (seed, η) at once.

    x: (m, d) training samples; y: (m,) labels in {0, 1}; batch_size: 1 ≤ B ≤ m; learning_rates:
    (k,) constant step sizes; optimum_loss: the smallest training loss (e.g. from Newton's method);
    epochs: passes over the data; seeds: one run per seed and η, shuffled exactly as
    ``lesson_utils.sgd(..., seed=seed)`` shuffles; record_every: as in ``sgd`` (default m // 10);
    decay: η_t = η / (1 + decay · t) at update t, as in ``sgd`` (0: constant).

    Each run is the loop of ``sgd``; the runs are stacked into arrays only so that a grid of them
    takes seconds instead of minutes (``sgd`` gives the same numbers one run at a time).
    Returns a ``RaceGrid`` of the excess training loss at every record.
    """
    x = _validate.features(x, "x")
    y = _validate.labels(y, "y", x.shape[0])
    m, d = x.shape
    size = _validate.check_scalar(batch_size, "batch_size", int, low=1, high=m)
    etas = _validate.as_float_array(learning_rates, "learning_rates")
    if etas.ndim != 1 or etas.size == 0 or (etas <= 0).any():
        raise ValueError(
            f"learning_rates must be a non-empty 1-D grid of positive numbers, got {etas.tolist()}")
    best_loss = float(_validate.as_float_array(optimum_loss, "optimum_loss"))
    n_epochs = _validate.check_scalar(epochs, "epochs", int, low=1)
    lam = _validate.check_scalar(decay, "decay", float, low=0)
    seeds = tuple(_validate.check_scalar(s, "seed", int, low=0) for s in seeds)
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct non-negative integers, at least one, got {list(seeds)}")
    every = max(1, m // 10)
    if record_every is not None:
        every = _validate.check_scalar(record_every, "record_every", int, low=1)

    a = np.column_stack([x, np.ones(m)])  # (m, d + 1): [x, 1], so θ = [w, b]
    minus_sign_a = -a * (2.0 * y - 1.0)[:, None]  # a sample's loss is log(1 + e^t), t = −(2y − 1) z
    # The full batch is not shuffled, so its runs are the same for every seed: one is run, and copied.
    n_runs = len(seeds) if size < m else 1
    theta = np.zeros((n_runs, etas.size, d + 1))  # one row of parameters per run

    def excess() -> np.ndarray:
        t = theta @ minus_sign_a.T  # (runs, k, m)
        if t.max() < 700.0:  # e^t cannot overflow: the short form
            loss = np.log1p(np.exp(t))
        else:  # max(t, 0) + log(1 + e^(−|t|)) never overflows
            loss = np.maximum(t, 0.0) + np.log1p(np.exp(-np.abs(t)))
        return np.broadcast_to(loss.mean(axis=-1) - best_loss, (len(seeds), etas.size))

    rngs = [np.random.default_rng(s) for s in seeds]
    samples, updates, next_record = 0, 0, every
    records, losses = [(0, 0)], [excess()]
    for _ in range(n_epochs):
        if size < m:
            orders = np.stack([rng.permutation(m) for rng in rngs])  # (s, m): one shuffle per run
            xs, ys = a[orders], y[orders][:, :, None]
        else:  # the full batch, in order (as in ``sgd``)
            xs, ys = a[None], y[None, :, None]
        for start in range(0, m, size):
            xb, yb = xs[:, start : start + size], ys[:, start : start + size]  # (runs, b, d+1), (runs, b, 1)
            dL_dz = 0.5 * np.tanh(0.5 * (xb @ theta.transpose(0, 2, 1))) + (0.5 - yb)  # g − y, (runs, b, k)
            eta_t = etas[:, None] / (1.0 + lam * updates)  # (k, 1)
            theta -= eta_t * (dL_dz.transpose(0, 2, 1) @ xb) / xb.shape[1]  # η_t · mean((g − y)[x, 1])
            samples += xb.shape[1]
            updates += 1
            if samples >= next_record:
                records.append((samples, updates))
                losses.append(excess())
                next_record = (samples // every + 1) * every
    if records[-1][0] != samples:
        records.append((samples, updates))
        losses.append(excess())
    counts = np.array(records, dtype=np.int64)
    return RaceGrid(
        batch_size=size, n_train=m, learning_rates=etas, seeds=seeds,
        samples=counts[:, 0], updates=counts[:, 1], excess=np.array(losses),
    )


def plot_race(grids: Sequence[RaceGrid], target: float) -> Figure:
    """Left: sample-gradients until the excess loss stays below ``target``, against η, per batch size.
    Right: the median run (over the seeds) of each batch size at its own best η, against sample-gradients;
    its title gives the range of work the batch sizes need at their best.

    grids: one ``RaceGrid`` per batch size, smallest first, all on the same data; target: the
    excess training loss to reach. Learning rates that never stay below the target are left out
    of the left panel; each batch size's best is starred.
    """
    grids = list(grids)
    if not grids:
        raise ValueError("grids must hold at least one RaceGrid, got none")
    target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.4))
    n = len(grids)
    works = []
    for i, grid in enumerate(grids):
        color, label = _color(i, n), _batch_label(grid.batch_size, grid.n_train)
        needed = grid.needed(target)
        ok = np.isfinite(needed)
        ax1.loglog(grid.learning_rates[ok], needed[ok], "o-", color=color, label=label, lw=1.4, ms=5)
        eta, best, _ = grid.best(target)
        if np.isfinite(best):
            works.append(best)
            ax1.plot(eta, best, "*", color=color, mec="black", ms=15, zorder=5)
            j = int(np.argmin(needed))
            keep = grid.samples > 0
            ax2.loglog(grid.samples[keep], np.maximum(grid.median_excess[keep, j], 1e-12), color=color,
                       lw=1.5, label=f"{label}, η = {eta:g}")
    ax1.set_xlabel("learning rate η (constant)")
    ax1.set_ylabel("sample-gradients until excess ≤ target")
    ax1.set_title("Each batch size has its own best η (★)")
    ax1.legend(fontsize=9)
    ax2.axhline(target, color=COLORS["black"], ls="--", lw=1, label=f"target {target:g}")
    ax2.set_ylim(1e-5, 1.0)
    ax2.set_xlabel("samples processed (sample-gradients)")
    ax2.set_ylabel("training loss − minimum (median run)")
    if works:
        ax2.set_title(f"Each at its best η: {min(works):,.0f} to {max(works):,.0f} sample-gradients")
    else:
        ax2.set_title("No batch size stays below the target on this grid")
    ax2.legend(fontsize=9)
    return fig


# --- noise and decay ---------------------------------------------------------------------------


def plot_gradient_noise(
    batch_sizes: Sequence[int], measured_std: Sequence[float], predicted_std: Sequence[float]
) -> Figure:
    """Spread of the mini-batch gradient against batch size, measured and predicted, log–log."""
    sizes = np.asarray(batch_sizes, dtype=float)
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    ax.loglog(sizes, predicted_std, color=COLORS["blue"], label="predicted s/√B · √((m − B)/(m − 1))")
    ax.loglog(sizes, measured_std, "o", color=COLORS["vermillion"], label="measured over many batches")
    ax.set_xlabel("batch size B (samples)")
    ax.set_ylabel("std of dL/dw₂ over batches")
    ax.set_title("16 times the batch, a quarter of the noise")
    ax.legend(fontsize=9)
    return fig


def plot_decay(runs: Mapping[str, History], best_loss: float, target: float | None = None) -> Figure:
    """Training loss above the minimum, against samples processed, one line per run.

    runs: {label: History} from ``lesson_utils.sgd``; best_loss: the minimum of the training loss;
    target: an excess loss drawn as a dashed line, or None. Excess values at or below 0 (rounding
    at the minimum) are drawn at 1e-12.
    """
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    for i, (label, h) in enumerate(runs.items()):
        excess = np.maximum(h.train_loss - best_loss, 1e-12)
        ax.semilogy(h.samples, excess, color=_RUN_COLORS[i * 2 % len(_RUN_COLORS)], label=label, lw=1.4)
    if target is not None:
        target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
        ax.axhline(target, color=COLORS["black"], ls="--", lw=1,
                   label=f"target {target:g}")
    ax.set_xlabel("samples processed (sample-gradients)")
    ax.set_ylabel("training loss − minimum")
    ax.set_title("Constant η keeps jittering; a decaying η settles")
    ax.legend(fontsize=9)
    return fig


# --- the batch-size slider ---------------------------------------------------------------------


def loss_grid(
    x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, b: float = 0.0
) -> np.ndarray:
    """Mean binary cross-entropy on a grid of weights with the bias held at b.

    x: (m, 2) samples; y: (m,) labels; w1: (p,) and w2: (q,) grid values. Returns (q, p): entry
    [j, i] is the loss at w = (w1[i], w2[j]), ready for ``contour(w1, w2, L)``.
    """
    x = _validate.features(x, "x", 2)
    y = _validate.labels(y, "y", x.shape[0])
    a1 = _validate.as_float_array(w1, "w1")
    a2 = _validate.as_float_array(w2, "w2")
    if a1.ndim != 1 or a2.ndim != 1 or a1.size == 0 or a2.size == 0:
        raise ValueError(f"w1 and w2 must be non-empty 1-D grids, got shapes {a1.shape} and {a2.shape}")
    bias = float(_validate.as_float_array(b, "b"))
    out = np.empty((a2.size, a1.size))
    for j, v in enumerate(a2):
        z = np.outer(x[:, 0], a1) + (x[:, 1] * v + bias)[:, None]  # (m, p)
        out[j] = np.mean(_core.bce_with_logits(y[:, None], z), axis=0)
    return out


class BatchSizeView:
    """What the batch-size slider shows: one ``sgd`` run per batch size, all computed up front.

    x_train: (m, 2); y_train: (m,); x_test: (k, 2); y_test: (k,); learning_rates: {B: η}, each
    batch size with its own learning rate (a B of m is the full batch); epochs: the same budget of
    epochs, i.e. of sample-gradients, for every B; seed: the shuffling seed. Every run is made in
    the constructor, so moving the slider only redraws.
    """

    def __init__(
        self, x_train, y_train, x_test, y_test, *,
        learning_rates: Mapping[int, float], epochs: int, seed: int = 0,
    ):
        self.x_train = _validate.features(x_train, "x_train", 2)
        self.y_train = _validate.labels(y_train, "y_train", self.x_train.shape[0])
        self.x_test = _validate.features(x_test, "x_test", 2)
        self.y_test = _validate.labels(y_test, "y_test", self.x_test.shape[0])
        if not isinstance(learning_rates, Mapping) or not learning_rates:
            raise TypeError(
                f"learning_rates must be a non-empty dict {{batch size: η}}, got {learning_rates!r}")
        m = self.m
        self.learning_rates = {
            _validate.check_scalar(size, "batch size", int, low=1, high=m):
            _validate.check_scalar(eta, "learning_rates", float, low=0, include_low=False)
            for size, eta in sorted(learning_rates.items())
        }
        self.epochs = _validate.check_scalar(epochs, "epochs", int, low=1)
        self.seed = _validate.check_scalar(seed, "seed", int, low=0)
        self._runs = {size: self._train(size, eta) for size, eta in self.learning_rates.items()}

    @property
    def m(self) -> int:
        """Number of training samples."""
        return self.x_train.shape[0]

    @property
    def batch_sizes(self) -> list[int]:
        """The batch sizes the view holds, smallest first."""
        return list(self._runs)

    def _train(self, size: int, eta: float) -> History:
        return sgd(
            LogisticRegression(2), self.x_train, self.y_train, self.x_test, self.y_test,
            batch_size=size, epochs=self.epochs, learning_rate=eta, seed=self.seed,
            record_every=max(size, self.m // 100),
        )

    def run(self, batch_size: int) -> History:
        """The history of this batch size's run (about 100 records per epoch)."""
        if batch_size not in self._runs:
            raise ValueError(f"batch_size must be one of {self.batch_sizes}, got {batch_size!r}")
        return self._runs[batch_size]


def draw_batch_size(view: BatchSizeView, batch_size: int, best: np.ndarray, best_test_loss: float):
    """Static view for one batch size: hold-out loss against samples, and the (w₁, w₂) path.

    view: a ``BatchSizeView``; best: [w₁*, w₂*, b*] the minimiser of the training loss;
    best_test_loss: its hold-out loss. The contours are fixed levels of the training loss above
    its minimum (bias held at b*), labelled. Returns (figure, update) where ``update(batch_size)``
    moves the two lines and rewrites the titles (no redraw of the axes).
    """
    best = _validate.as_float_array(best, "best")
    if best.shape != (3,):
        raise ValueError(f"best must be [w1, w2, b] with shape (3,), got {best.shape}")
    view.run(batch_size)  # a ValueError naming batch_size if the view does not hold it
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.4))
    ax1.axhline(best_test_loss, color=COLORS["black"], lw=1, ls="--", label="the minimum's hold-out loss")
    (loss_line,) = ax1.semilogx([], [], color=COLORS["test"], lw=1.4, ms=5, label="SGD run")
    ax1.set_xlim(view.m / 100 * 0.8, view.m * view.epochs * 1.1)
    ax1.set_ylim(best_test_loss - 0.02, 0.72)
    ax1.set_xlabel("samples processed (sample-gradients)")
    ax1.set_ylabel("hold-out loss (mean BCE)")
    ax1.legend(loc="upper right", fontsize=9)

    w1 = np.linspace(-0.2, 2.0 * max(best[0], 0.5), 41)
    w2 = np.linspace(-0.2, 1.5 * max(best[1], 0.5), 41)
    excess = loss_grid(view.x_train, view.y_train, w1, w2, best[2]) - loss_grid(
        view.x_train, view.y_train, best[:1], best[1:2], best[2])[0, 0]
    contours = ax2.contour(w1, w2, excess, levels=[0.001, 0.003, 0.01, 0.03, 0.1], cmap=SEQUENTIAL_CMAP,
                           linewidths=0.8)
    ax2.clabel(contours, fontsize=10, fmt="%g")
    (path,) = ax2.plot([], [], color=COLORS["path"], lw=0.8, ms=5, label="SGD path")
    ax2.plot(best[0], best[1], "*", color=COLORS["black"], mec="white", ms=14, zorder=5, label="minimum")
    ax2.set_xlim(w1[0], w1[-1])
    ax2.set_ylim(w2[0], w2[-1])
    ax2.set_xlabel("weight w₁")
    ax2.set_ylabel("weight w₂")
    ax2.legend(loc="lower right", fontsize=9)

    def update(batch_size: int) -> None:
        h = view.run(batch_size)
        keep = h.samples > 0
        loss_line.set_data(h.samples[keep], h.test_loss[keep])
        path.set_data(h.params[:, 0], h.params[:, 1])
        for line in (loss_line, path):  # a few long steps get a dot each
            line.set_marker("o" if len(h.samples) <= 12 else "")
        ax1.set_title(f"{_batch_label(batch_size, view.m)}, η = {h.learning_rate:g}: {int(h.updates[-1]):,} "
                      f"updates\nfinal hold-out loss {h.test_loss[-1]:.4f}", fontsize=11)
        ax2.set_title(f"path of the weights after {int(h.samples[-1]):,} sample-gradients\n"
                      "contours: training loss − minimum", fontsize=11)

    update(batch_size)
    return fig, update


def batch_size_widget(
    view: BatchSizeView, best: np.ndarray, best_test_loss: float, batch_size: int = 16
) -> SliderFigure:
    """A slider over the view's batch sizes, each shown with its own learning rate."""
    options = view.batch_sizes
    if batch_size not in options:
        raise ValueError(f"batch_size must be one of {options}, got {batch_size!r}")
    fig, update = draw_batch_size(view, batch_size, best, best_test_loss)
    slider = widgets.SelectionSlider(
        options=options, value=batch_size, description="batch size B", continuous_update=False,
        style={"description_width": "initial"},
    )
    return SliderFigure(fig, {"batch_size": slider}, update)
