"""Lesson 9: figures for mini-batch stochastic gradient descent and the batch-size slider."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..loss import _bce_with_logits
from ..model import LogisticRegression
from ..sgd import SGDHistory, sgd
from .style import COLORS, SEQUENTIAL_CMAP
from .widgets import SliderFigure

#: One colour per run in the comparison figures, in order; the last run (the full batch) is black.
_RUN_COLORS = [COLORS[k] for k in ("vermillion", "orange", "green", "sky", "blue", "purple", "black")]


def _color(i: int, n: int) -> str:
    return COLORS["black"] if i == n - 1 and n > 1 else _RUN_COLORS[i % (len(_RUN_COLORS) - 1)]


def run_batch_sizes(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    batch_sizes: Sequence[int],
    *,
    epochs: int | Sequence[int],
    learning_rate: float,
    decay: float = 0.0,
    seed: int = 0,
    record_every: int | None = None,
) -> dict[int, SGDHistory]:
    """One ``sgd`` run per batch size, each from w = 0, b = 0 with the same seed and settings.

    x_train: (m, d); y_train: (m,); x_test: (k, d); y_test: (k,); batch_sizes: distinct sizes in
    [1, m]; epochs: one count for all runs or one per batch size. Returns {batch size: SGDHistory}
    in the order given.
    """
    sizes = list(batch_sizes)
    if not sizes:
        raise ValueError("batch_sizes must hold at least one batch size, got an empty sequence")
    if len(set(sizes)) != len(sizes):
        raise ValueError(f"batch_sizes must be distinct, got {sizes}")
    counts = [epochs] * len(sizes) if np.ndim(epochs) == 0 else list(epochs)
    if len(counts) != len(sizes):
        raise ValueError(f"epochs must be one count or one per batch size ({len(sizes)}), got {len(counts)}")
    d = _validate.features(x_train, "x_train").shape[1]
    runs = {}
    for size, n_epochs in zip(sizes, counts, strict=True):
        runs[size] = sgd(
            LogisticRegression(d), x_train, y_train, x_test, y_test, batch_size=size, epochs=n_epochs,
            learning_rate=learning_rate, decay=decay, seed=seed, record_every=record_every,
        )
    return runs


def plot_loss_comparison(runs: dict[int, SGDHistory], title: str) -> Figure:
    """Hold-out loss against samples processed, updates and wall time, one line per batch size.

    runs: {batch size: SGDHistory}, e.g. from ``run_batch_sizes``. The starting point (0 samples,
    loss log 2) is left out because the x axes are logarithmic. Wall time is measured, so that
    panel changes a little from run to run; the other two do not.
    """
    fig, axes = plt.subplots(1, 3, figsize=(12.5, 4.2), sharey=True)
    n = len(runs)
    for i, (size, h) in enumerate(runs.items()):
        label = f"B = {size:,}" + (" (full batch)" if size == h.n_train else "")
        keep = h.samples > 0
        seconds = np.where(h.seconds > 0, h.seconds, np.nan)
        for ax, xs in zip(axes, (h.samples, h.updates, seconds), strict=True):
            ax.loglog(xs[keep], h.test_loss[keep], color=_color(i, n), label=label, lw=1.6)
    axes[0].set_xlabel("samples processed (sample-gradients)")
    axes[1].set_xlabel("parameter updates")
    axes[2].set_xlabel("wall time (seconds, measured)")
    axes[0].set_ylabel("hold-out loss (mean BCE)")
    axes[0].set_title("against the work done")
    axes[1].set_title("against the number of steps")
    axes[2].set_title("against the clock")
    axes[0].legend(fontsize=9)
    fig.suptitle(title)
    return fig


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


def plot_decay(runs: dict[str, SGDHistory], best_loss: float) -> Figure:
    """Training loss above the best reachable loss, against samples processed, one line per run.

    runs: {label: SGDHistory}; best_loss: the minimum of the training loss (from a long run).
    """
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    for i, (label, h) in enumerate(runs.items()):
        excess = np.maximum(h.train_loss - best_loss, 1e-12)
        ax.semilogy(h.samples, excess, color=_RUN_COLORS[i * 2 % len(_RUN_COLORS)], label=label, lw=1.4)
    ax.set_xlabel("samples processed (sample-gradients)")
    ax.set_ylabel("training loss − best loss")
    ax.set_title("constant η keeps jittering; a decaying η settles")
    ax.legend(fontsize=9)
    return fig


def loss_grid(
    x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, b: float = 0.0
) -> np.ndarray:
    """Mean binary cross-entropy on a grid of weights with the bias held at b.

    x: (m, 2) samples; y: (m,) labels; w1: (p,) and w2: (q,) grid values. Returns (q, p): entry
    [j, i] is the loss at w = (w1[i], w2[j]), ready for ``contour(w1, w2, L)``.
    """
    x = _validate.features(x, "x", 2)
    y = _validate.labels(y, "y", x.shape[0])
    a1 = _validate.as_float_array("w1", w1)
    a2 = _validate.as_float_array("w2", w2)
    if a1.ndim != 1 or a2.ndim != 1 or a1.size == 0 or a2.size == 0:
        raise ValueError(f"w1 and w2 must be non-empty 1-D grids, got shapes {a1.shape} and {a2.shape}")
    bias = float(_validate.as_float_array("b", b))
    out = np.empty((a2.size, a1.size))
    for j, v in enumerate(a2):
        z = np.outer(x[:, 0], a1) + (x[:, 1] * v + bias)[:, None]  # (m, p)
        out[j] = np.mean(_bce_with_logits(y[:, None], z), axis=0)
    return out


class BatchSizeView:
    """What the batch-size slider shows: one cached ``sgd`` run per batch size on one data set.

    x_train: (m, 2); y_train: (m,); x_test: (k, 2); y_test: (k,); learning_rate, epochs, seed as
    in ``sgd``. ``run(B)`` trains once per batch size and remembers the history.
    """

    def __init__(self, x_train, y_train, x_test, y_test, *, learning_rate: float, epochs: int, seed: int = 0):
        self.x_train = _validate.features(x_train, "x_train", 2)
        self.y_train = _validate.labels(y_train, "y_train", self.x_train.shape[0])
        self.x_test = _validate.features(x_test, "x_test", 2)
        self.y_test = _validate.labels(y_test, "y_test", self.x_test.shape[0])
        self.learning_rate = _validate.positive_number("learning_rate", learning_rate)
        self.epochs = _validate.positive_int("epochs", epochs)
        self.seed = _validate.seed(seed)
        self._cache: dict[int, SGDHistory] = {}
        self._surfaces: dict[tuple, np.ndarray] = {}

    @property
    def m(self) -> int:
        """Number of training samples."""
        return self.x_train.shape[0]

    def loss_surface(self, w1: np.ndarray, w2: np.ndarray, b: float) -> np.ndarray:
        """``loss_grid`` of the training data, computed once per grid and bias, (len(w2), len(w1))."""
        key = (tuple(np.asarray(w1, dtype=float)), tuple(np.asarray(w2, dtype=float)), float(b))
        if key not in self._surfaces:
            self._surfaces[key] = loss_grid(self.x_train, self.y_train, w1, w2, b)
        return self._surfaces[key]

    def run(self, batch_size: int) -> SGDHistory:
        """The history of ``epochs`` epochs at this batch size (about 200 records per epoch)."""
        size = _validate.positive_int("batch_size", batch_size)
        if size not in self._cache:
            self._cache[size] = sgd(
                LogisticRegression(2), self.x_train, self.y_train, self.x_test, self.y_test,
                batch_size=size, epochs=self.epochs, learning_rate=self.learning_rate, seed=self.seed,
                record_every=max(size, self.m // 200),
            )
        return self._cache[size]


def draw_batch_size(view: BatchSizeView, batch_size: int, best: np.ndarray, best_test_loss: float):
    """Static view for one batch size: hold-out loss against samples, and the (w₁, w₂) path.

    view: a ``BatchSizeView``; best: [w₁*, w₂*, b*] the minimiser of the training loss (from a long
    full-batch run); best_test_loss: its hold-out loss. Returns (figure, update) where
    ``update(batch_size)`` redraws both panels for another batch size.
    """
    best = _validate.as_float_array("best", best)
    if best.shape != (3,):
        raise ValueError(f"best must be [w1, w2, b] with shape (3,), got {best.shape}")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.4))
    ax1.axhline(best_test_loss, color=COLORS["black"], lw=1, ls="--", label="best model")
    (loss_line,) = ax1.semilogx([], [], color=COLORS["vermillion"], lw=1.4, label="mini-batch SGD")
    ax1.set_xlim(view.m / 200 * 0.8, view.m * view.epochs * 1.1)
    ax1.set_ylim(best_test_loss - 0.02, 0.72)
    ax1.set_xlabel("samples processed (sample-gradients)")
    ax1.set_ylabel("hold-out loss (mean BCE)")
    ax1.legend(loc="upper right", fontsize=9)

    w1 = np.linspace(-0.2, 2.2 * max(best[0], 0.5), 45)
    w2 = np.linspace(-0.2, 1.6 * max(best[1], 0.5), 45)
    grid = view.loss_surface(w1, w2, best[2])
    levels = np.quantile(grid, np.linspace(0.0, 0.9, 14))
    ax2.contour(w1, w2, grid, levels=np.unique(levels), cmap=SEQUENTIAL_CMAP, linewidths=0.8)
    (path,) = ax2.plot([], [], color=COLORS["vermillion"], lw=0.8, label="SGD path")
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
        full = " (full batch)" if batch_size == view.m else ""
        ax1.set_title(f"B = {batch_size:,}{full}: {int(h.updates[-1]):,} updates in {view.epochs} epochs")
        ax2.set_title(f"final hold-out loss {h.test_loss[-1]:.4f}; path of the weights")

    update(batch_size)
    return fig, update


def batch_size_widget(
    view: BatchSizeView,
    best: np.ndarray,
    best_test_loss: float,
    batch_sizes: Sequence[int] = (1, 4, 16, 64, 256, 1024, 4096),
    batch_size: int = 16,
) -> SliderFigure:
    """A slider over batch sizes (plus the full batch m) redrawing ``draw_batch_size``."""
    options = sorted({int(s) for s in batch_sizes if 1 <= s < view.m} | {view.m})
    if batch_size not in options:
        raise ValueError(f"batch_size must be one of {options}, got {batch_size!r}")
    fig, update = draw_batch_size(view, batch_size, best, best_test_loss)
    slider = widgets.SelectionSlider(
        options=options, value=batch_size, description="batch size B", continuous_update=False,
        style={"description_width": "initial"},
    )
    return SliderFigure(fig, {"batch_size": slider}, update)
