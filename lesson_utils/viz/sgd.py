"""Lesson 9: a fair race between batch sizes, the noise figure, the decay figure and the batch-size slider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..loss import binary_cross_entropy_with_logits, loss_grid
from ..model import LogisticRegression
from ..sgd import sgd
from ..training import History
from .style import COLORS, COLUMN_WIDTH, SERIES
from .widgets import SliderFigure


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


def race_figure(grids: Sequence[RaceGrid], target: float) -> Figure:
    """Left: sample-gradients until the excess loss stays below ``target``, against η, per batch size.
    Right: the median run (over the seeds) of each batch size at its own best η, against sample-gradients;
    its title gives the range of work the batch sizes need at their best.

    grids: one ``RaceGrid`` per batch size, smallest first, all on the same data; target: the
    excess training loss to reach. Learning rates that never stay below the target are left out
    of the left panel; each batch size's best is starred.
    """
    if not grids:
        raise ValueError("grids must hold at least one RaceGrid, got none")
    target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 5.2), layout="constrained")
    works, handles, labels = [], [], []
    for grid, color in zip(grids, SERIES, strict=False):
        label = _batch_label(grid.batch_size, grid.n_train)
        needed = grid.needed(target)
        ok = np.isfinite(needed)
        handles += ax1.loglog(grid.learning_rates[ok], needed[ok], "o-", color=color, lw=1.4, ms=5)
        eta, best, _ = grid.best(target)
        if np.isfinite(best):
            works.append(best)
            label += f", η = {eta:g}"
            ax1.plot(eta, best, "*", color=color, mec=COLORS["reference"], ms=15, zorder=5)
            j = int(np.argmin(needed))
            keep = grid.samples > 0
            median = np.maximum(grid.median_excess[keep, j], 1e-12)
            ax2.loglog(grid.samples[keep], median, color=color, lw=1.5)
        labels.append(label)
    ax1.set(xlabel="learning rate η (constant)", ylabel="sample-gradients until excess ≤ target",
            title="Each batch size has\nits own best η (★)")
    _draw_target(ax2, target)
    ax2.set(ylim=(1e-5, 1.0), ylabel="training loss − minimum (median run)")
    if works:
        ax2.set_title(f"Each at its best η:\n{min(works):,.0f} to {max(works):,.0f} sample-gradients")
    else:
        ax2.set_title("No batch size stays below\nthe target on this grid")
    # One legend for both panels (the colours are the batch sizes in both), under them: inside the
    # right panel it would cover the curves' start.
    target_line = ax2.lines[-1]
    fig.legend([*handles, target_line], [*labels, target_line.get_label()], loc="outside lower center",
               ncols=2)
    return fig


def _draw_target(ax, target: float) -> None:
    """The target as a dashed line on an excess-loss axes, and the x-axis labelled."""
    ax.axhline(target, color=COLORS["reference"], ls="--", lw=1, label=f"target {target:g}")
    ax.set_xlabel("samples processed (sample-gradients)")


# --- noise and decay ---------------------------------------------------------------------------


def gradient_noise_figure(batch_sizes: Sequence[int], measured_std: Sequence[float],
                          predicted_std: Sequence[float]) -> Figure:
    """Spread of the mini-batch gradient against batch size, measured (dots) and predicted (line), log–log."""
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    ax.loglog(batch_sizes, predicted_std, color=COLORS["curve"], label="predicted s/√B · √((m − B)/(m − 1))")
    ax.loglog(batch_sizes, measured_std, "o", color=COLORS["other curve"], label="measured over many batches")
    ax.set(xlabel="batch size B (samples)", ylabel="std of dL/dw₂ over batches",
           title="16 times the batch, a quarter of the noise")
    ax.legend()
    return fig


def decay_figure(runs: Mapping[str, History], best_loss: float, target: float) -> Figure:
    """Training loss above the minimum, against samples processed, one line per run, and the target.

    runs: {label: History} from ``lesson_utils.sgd``; best_loss: the minimum of the training loss;
    target: an excess loss > 0, drawn dashed. Excess values at or below 0 (rounding at the minimum)
    are drawn at 1e-12.
    """
    target = _validate.check_scalar(target, "target", float, low=0, include_low=False)
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    for (label, h), color in zip(runs.items(), SERIES, strict=False):
        ax.semilogy(h.samples, np.maximum(h.train_loss - best_loss, 1e-12), color=color, label=label, lw=1.4)
    _draw_target(ax, target)
    ax.legend()
    ax.set(ylabel="training loss − minimum", title="Constant η keeps jittering; a decaying η settles")
    return fig


# --- the batch-size slider ---------------------------------------------------------------------


def batch_size_runs(x_train, y_train, x_test, y_test, learning_rates: Mapping[int, float], epochs: int,
                    seed: int = 0) -> dict[int, History]:
    """One ``sgd`` run per batch size, each with its own learning rate: what the batch-size slider shows.

    x_train: (m, 2); y_train: (m,); x_test: (k, 2); y_test: (k,); learning_rates: {B: η} (a B of m
    is the full batch); epochs: the same budget of sample-gradients for every B; seed: the
    shuffling seed. Returns {B: History}, smallest B first, recorded about 100 times an epoch.
    """
    m = _validate.features(x_train, "x_train", 2).shape[0]
    if not isinstance(learning_rates, Mapping) or not learning_rates:
        raise TypeError(f"learning_rates must be a non-empty dict {{batch size: η}}, got {learning_rates!r}")
    return {
        size: sgd(LogisticRegression(2), x_train, y_train, x_test, y_test, batch_size=size, epochs=epochs,
                  learning_rate=eta, seed=seed, record_every=max(size, m // 100))
        for size, eta in sorted(learning_rates.items())
    }


def _batch_size_view(runs, x_train, y_train, best, best_test_loss, batch_size):
    """(figure, update(batch_size)): hold-out loss against samples, and the (w₁, w₂) path on contours."""
    best = _validate.as_float_array(best, "best")
    if best.shape != (3,):
        raise ValueError(f"best must be [w1, w2, b] with shape (3,), got {best.shape}")
    if batch_size not in runs:
        raise ValueError(f"batch_size must be one of {list(runs)}, got {batch_size!r}")
    x_train = _validate.features(x_train, "x_train", 2)
    y_train = _validate.labels(y_train, "y_train", x_train.shape[0])
    m = len(y_train)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.4))
    ax1.axhline(best_test_loss, color=COLORS["reference"], lw=1, ls="--", label="the minimum's hold-out loss")
    (loss_line,) = ax1.semilogx([], [], color=COLORS["test"], lw=1.4, ms=5, label="SGD run")
    last = max(h.samples[-1] for h in runs.values())
    ax1.set(xlim=(m / 100 * 0.8, last * 1.1), ylim=(best_test_loss - 0.02, 0.72),
            xlabel="samples processed (sample-gradients)", ylabel="hold-out loss (mean BCE)")
    ax1.legend(loc="upper right")

    w1 = np.linspace(-0.2, 2.0 * max(best[0], 0.5), 41)
    w2 = np.linspace(-0.2, 1.5 * max(best[1], 0.5), 41)
    best_loss = binary_cross_entropy_with_logits(y_train, x_train @ best[:2] + best[2])
    excess = loss_grid(x_train, y_train, w1, w2, best[2]) - best_loss
    levels = [0.001, 0.003, 0.01, 0.03, 0.1]  # the first is the race's finish line: dashed
    contours = ax2.contour(w1, w2, excess, levels=levels, colors=COLORS["reference"], linewidths=0.8,
                           linestyles=["--"] + ["-"] * (len(levels) - 1))
    ax2.clabel(contours, levels[1:], fmt="%g")
    (path,) = ax2.plot([], [], color=COLORS["path"], lw=0.8, ms=5, label="SGD path")
    ax2.plot(best[0], best[1], "*", color=COLORS["reference"], mec="white", ms=14, zorder=5, label="minimum")
    ax2.plot([], [], color=COLORS["reference"], lw=0.8, ls="--", label=f"finish line {levels[0]:g}")
    ax2.set(xlim=(w1[0], w1[-1]), ylim=(w2[0], w2[-1]), xlabel="weight w₁", ylabel="weight w₂")
    ax2.legend(loc="lower right")

    def update(batch_size: int) -> None:
        h = runs[batch_size]
        keep = h.samples > 0
        loss_line.set_data(h.samples[keep], h.test_loss[keep])
        path.set_data(h.params[:, 0], h.params[:, 1])
        for line in (loss_line, path):  # a few long steps get a dot each
            line.set_marker("o" if len(h.samples) <= 12 else "")
        ax1.set_title(f"{_batch_label(batch_size, m)}, η = {h.learning_rate:g}: {int(h.updates[-1]):,} "
                      f"updates\nfinal hold-out loss {h.test_loss[-1]:.4f}")
        ax2.set_title(f"Path after {int(h.samples[-1]):,} sample-gradients\n"
                      "contours: loss above the minimum")

    update(batch_size)
    return fig, update


def batch_size_figure(runs: Mapping[int, History], x_train, y_train, best, best_test_loss: float,
                      batch_size: int = 16) -> Figure:
    """Left: the hold-out loss of ``runs[batch_size]`` against samples processed; right: its path of
    (w₁, w₂) over contours of the training loss above its minimum (bias held at b*).

    runs: from ``batch_size_runs``; x_train: (m, 2), y_train: (m,) the data they trained on; best:
    [w₁*, w₂*, b*] the minimiser of the training loss; best_test_loss: its hold-out loss.
    """
    return _batch_size_view(runs, x_train, y_train, best, best_test_loss, batch_size)[0]


def batch_size_widget(runs: Mapping[int, History], x_train, y_train, best, best_test_loss: float,
                      batch_size: int = 16) -> SliderFigure:
    """``batch_size_figure`` with a slider over the batch sizes of ``runs``; a move only redraws."""
    fig, update = _batch_size_view(runs, x_train, y_train, best, best_test_loss, batch_size)
    slider = widgets.SelectionSlider(options=list(runs), value=batch_size, description="batch size B",
                                     continuous_update=False, style={"description_width": "initial"})
    return SliderFigure(fig, {"batch_size": slider}, update)
