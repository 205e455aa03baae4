"""Lesson 6: the convergence explorer and the figures of the article's experiment.

The explorer trains ``LogisticRegression(2)`` with full-batch gradient descent on the article's data
and shows one run at a time: the confidence map with (a thinned sample of) the data, the hold-out loss
and accuracy per epoch, and the descent path on the loss contours. Three sliders choose the learning
rate (log scale), the centring c (the fraction of the training mean removed: the model sees
x − c·mean) and the number of epochs.

Layers, as in every widget of the series:

* pure functions (``explorer_data``, ``train_run``, ``extend_run``, ``loss_plane``, ``plane_window``,
  ``confidence_map``, ``explorer_frame``) compute what the figure shows and are tested directly;
* ``ConvergenceExplorer`` caches runs, puts a frame on the artists of one figure that is built once,
  and renders it to PNG; its sliders are wired through ``SliderFigure``.

The loss contours live on a plane through the three parameters (w₁, w₂, b). With e the unit vector
from the class-0 training mean to the class-1 training mean, write w = w_e·e + w_⊥·e⊥. The classes
differ only along e, so gradient descent from w = 0 keeps w_⊥ near 0 (``Frame.w_perp_max`` says how
near) and the path lives on the plane (w_e, b) with w_⊥ = 0, where the loss depends on the data
only through u = x·e.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator
from PIL import Image as PILImage

from .. import _validate
from ..loss import _bce_with_logits
from ..model import LogisticRegression
from ..sigmoid import _sigmoid
from ..training import History, RunStoppedWarning, train
from .style import CLASS_COLORS, COLORS, SEQUENTIAL_CMAP
from .widgets import SliderFigure, learning_rate_slider

#: The explorer's epochs slider runs from 1 to this.
MAX_EPOCHS = 300
#: The learning-rate slider: 10**LR_EXPONENTS[0] to 10**LR_EXPONENTS[1] in steps of 10**LR_STEP.
LR_EXPONENTS = (-3.0, 2.0)
LR_STEP = 0.25
#: The centring slider's step.
CENTRING_STEP = 0.05

#: The confidence map's box in the original coordinates (x1_min, x1_max, x2_min, x2_max) and pixels.
MAP_EXTENT = (-4.0, 6.0, -4.0, 12.0)
MAP_SHAPE = (160, 100)  # (rows along x2, columns along x1)
#: g = P(y = 1 | x) from 0 (purple, class 0 side) through white (0.5) to 1 (orange, class 1 side).
MAP_CMAP = "PuOr_r"

#: Grid points per axis of the loss plane, and the contour levels drawn on it (nats).
PLANE_POINTS = 40
PLANE_LEVELS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.6931, 1.5, 3.0, 6.0)
#: Bin width on the z-scale: bins of u are (BIN_Z_WIDTH / largest |w_e| of the window) wide, which
#: keeps the binned loss within BIN_Z_WIDTH² / 8 = 3e-4 nats of the exact one; at most MAX_BINS.
BIN_Z_WIDTH = 0.05
MAX_BINS = 3000
#: zlib level of the explorer's PNG: 1 encodes in half the time of the default 6 (about 14 against
#: 28 ms here) for a file 25 % larger; the image is shown once and thrown away.
PNG_COMPRESS_LEVEL = 1


# ----------------------------------------------------------------------------------------------
# The data the explorer works on


@dataclass(frozen=True)
class ExplorerData:
    """The article's split, with what the figures need precomputed.

    x_train: (m, 2), y_train: (m,), x_test: (k, 2), y_test: (k,); mean: (2,) training mean;
    direction: (2,) unit vector e from the class-0 to the class-1 training mean; normal: (2,) e⊥,
    e turned by +90°; u_train: (m,) = x_train·e; scatter_x: (n, 2) and scatter_y: (n,) the thinned
    sample drawn on the confidence map.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    direction: np.ndarray
    normal: np.ndarray
    u_train: np.ndarray
    scatter_x: np.ndarray
    scatter_y: np.ndarray


def explorer_data(
    x_train: object,
    y_train: object,
    x_test: object,
    y_test: object,
    n_scatter: int = 600,
    seed: int = 0,
) -> ExplorerData:
    """Check the split and precompute the training mean, the direction e and a thinned scatter.

    x_train: (m, 2); y_train: (m,) labels in {0, 1}, both classes present; x_test: (k, 2);
    y_test: (k,); n_scatter: how many training samples to draw (half per class, fewer if a class
    is smaller); seed: which ones. Returns an ``ExplorerData``.
    """
    x_tr = _validate.features(x_train, "x_train", 2)
    y_tr = _validate.labels(y_train, "y_train", x_tr.shape[0])
    x_te = _validate.features(x_test, "x_test", 2)
    y_te = _validate.labels(y_test, "y_test", x_te.shape[0])
    n_scatter = _validate.positive_int("n_scatter", n_scatter)
    rng = np.random.default_rng(_validate.seed(seed))
    if y_tr.min() == y_tr.max():
        raise ValueError(f"y_train must contain both classes, got only class {int(y_tr[0])}")
    between = x_tr[y_tr == 1].mean(axis=0) - x_tr[y_tr == 0].mean(axis=0)
    length = float(np.linalg.norm(between))
    if length == 0.0:
        raise ValueError("the two classes of x_train have the same mean, so there is no direction e")
    e = between / length
    picks = []
    for label in (0, 1):
        index = np.flatnonzero(y_tr == label)
        picks.append(rng.choice(index, size=min(n_scatter // 2 or 1, index.size), replace=False))
    pick = np.sort(np.concatenate(picks))
    return ExplorerData(
        x_train=x_tr,
        y_train=y_tr,
        x_test=x_te,
        y_test=y_te,
        mean=x_tr.mean(axis=0),
        direction=e,
        normal=np.array([-e[1], e[0]]),
        u_train=x_tr @ e,
        scatter_x=x_tr[pick],
        scatter_y=y_tr[pick],
    )


def _centring(centring: object) -> float:
    if isinstance(centring, bool) or not isinstance(centring, (int, float, np.floating, np.integer)):
        raise TypeError(f"centring must be a number in [0, 1], got {_validate._describe(centring)}")
    if not 0.0 <= float(centring) <= 1.0:
        raise ValueError(f"centring must be in [0, 1] (the fraction of the mean removed), got {centring!r}")
    return float(centring)


def _data(data: object) -> ExplorerData:
    if not isinstance(data, ExplorerData):
        raise TypeError(f"data must be an ExplorerData (see explorer_data), got {type(data).__name__}")
    return data


# ----------------------------------------------------------------------------------------------
# Training, cached and extended


def _train_quietly(model, data: ExplorerData, centring: float, epochs: int, learning_rate: float) -> History:
    shift = centring * data.mean
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RunStoppedWarning)
        return train(
            model, data.x_train - shift, data.y_train, epochs, learning_rate,
            data.x_test - shift, data.y_test,
        )


def train_run(data: ExplorerData, learning_rate: float, centring: float, epochs: int) -> History:
    """Train ``LogisticRegression(2)`` from w = 0, b = 0 on x − c·mean for ``epochs`` full-batch epochs.

    data: from ``explorer_data``; learning_rate: η > 0; centring: c in [0, 1]; epochs: ≥ 1.
    Returns the ``History`` (with hold-out metrics). A run whose loss explodes stops there and says
    so in ``History.diverged_at`` and ``History.message``; the ``DivergenceWarning`` is caught.
    """
    data = _data(data)
    eta = _validate.positive_number("learning_rate", learning_rate)
    c = _centring(centring)
    epochs = _validate.positive_int("epochs", epochs)
    return _train_quietly(LogisticRegression(2), data, c, epochs, eta)


def _n_epochs(history: History) -> int:
    return int(history.updates[-1])  # full batch: one update per epoch


def extend_run(data: ExplorerData, history: History, centring: float, epochs: int) -> History:
    """The run ``history`` continued to ``epochs`` epochs: the same numbers as ``train_run`` to ``epochs``.

    data: from ``explorer_data``; history: a run of this data at this centring (from ``train_run`` or
    this function); centring: c in [0, 1]; epochs: the length wanted. A run that stopped (its loss or
    a parameter stopped being finite), or is at least ``epochs`` long, comes back unchanged. The
    continuation starts from the last parameters, so the result matches one long run.
    """
    data = _data(data)
    if not isinstance(history, History):
        raise TypeError(f"history must be a History, got {type(history).__name__}")
    c = _centring(centring)
    epochs = _validate.positive_int("epochs", epochs)
    done = _n_epochs(history)
    if history.stopped_at is not None or done >= epochs:
        return history
    model = LogisticRegression(2)
    model.set_parameters(history.params[-1])
    more = _train_quietly(model, data, c, epochs - done, history.learning_rate)

    def join(name, offset=0):
        return np.concatenate([getattr(history, name), getattr(more, name)[1:] + offset])

    return History(
        learning_rate=history.learning_rate,
        batch_size=history.batch_size,
        n_train=history.n_train,
        samples=join("samples", history.samples[-1]),
        updates=join("updates", done),
        train_loss=join("train_loss"),
        train_accuracy=join("train_accuracy"),
        test_loss=join("test_loss"),
        test_accuracy=join("test_accuracy"),
        params=np.concatenate([history.params, more.params[1:]]),
        stopped_at=None if more.stopped_at is None else done + more.stopped_at,
        seconds=join("seconds", history.seconds[-1]),
        stop_reason=more.stop_reason,
    )


# ----------------------------------------------------------------------------------------------
# What the panels show


def _binned(u: np.ndarray, width: float) -> tuple[np.ndarray, np.ndarray]:
    """Positions (the mean of each non-empty bin) and counts of u in bins of the given width."""
    index = np.floor((u - u.min()) / width).astype(np.int64)
    counts = np.bincount(index)
    sums = np.bincount(index, weights=u)
    keep = counts > 0
    return sums[keep] / counts[keep], counts[keep].astype(np.float64)


def loss_plane(data: ExplorerData, centring: float, w_values: object, b_values: object) -> np.ndarray:
    """Mean training loss on the plane w = w_e·e (w_⊥ = 0), for data centred by the fraction c.

    data: from ``explorer_data``; centring: c in [0, 1]; w_values: (nw,) values of w_e;
    b_values: (nb,) values of b, both strictly increasing. Returns (nb, nw) with
    L(w_e = w_values[j], b = b_values[i]) at [i, j], the layout ``imshow``/``contour`` expect.

    On the plane z_i = w_e·(u_i − c·mean·e) + b with u_i = x_i·e, so only u matters. The u of each
    class are grouped in bins (BIN_Z_WIDTH / max|w_e| wide, at most MAX_BINS over the range) and each
    bin is evaluated at its mean with its count as weight. Taylor's theorem bounds the error per
    sample by max L''·(w_e·h)²/2 ≤ (w_e·h)²/8 (the first-order terms cancel at the bin mean):
    3e-4 nats whenever the bin cap is not reached.
    """
    data = _data(data)
    c = _centring(centring)
    w_arr = _validate.increasing_axis("w_values", w_values)
    b_arr = _validate.increasing_axis("b_values", b_values)
    u = data.u_train - c * float(data.mean @ data.direction)
    span = float(u.max() - u.min())
    largest = max(float(np.max(np.abs(w_arr))), 1e-12)
    width = max(BIN_Z_WIDTH / largest, span / MAX_BINS)
    sums = np.zeros((b_arr.size, w_arr.size))
    for label in (0.0, 1.0):
        position, count = _binned(u[data.y_train == label], width)
        wu = np.outer(w_arr, position)  # (nw, n_bins)
        for i, b in enumerate(b_arr):
            sums[i] += _bce_with_logits(label, wu + b) @ count
    return sums / data.u_train.size


def plane_window(path_w: object, path_b: object) -> tuple[float, float, float, float]:
    """A plotting window (w_min, w_max, b_min, b_max) on the plane that holds the whole path.

    path_w: (n,) the w_e along the path; path_b: (n,) the b along it. Each bound is a power of two
    (at least 0.5 away from 0) with 15 % room, and w_min = −w_max / 8, so nearby runs share a window
    and its contours are computed once.
    """
    w = _validate.as_float_array("path_w", path_w)
    b = _validate.as_float_array("path_b", path_b)
    if w.ndim != 1 or w.size == 0 or w.shape != b.shape:
        raise ValueError(f"path_w and path_b must be 1-D of the same length, got {w.shape} and {b.shape}")

    def power_of_two(value: float) -> float:
        return float(2.0 ** max(-1, math.ceil(math.log2(max(1.15 * value, 0.5)))))

    w_max = power_of_two(float(max(w.max(), -8.0 * w.min(), 0.0)))
    return -w_max / 8, w_max, -power_of_two(float(max(-b.min(), 0.0))), power_of_two(float(max(b.max(), 0.0)))


def plane_levels(grid: object, n: int = 9) -> np.ndarray:
    """Contour levels for a loss grid: n values spaced evenly in log between its minimum and maximum.

    grid: the loss values (non-negative; values below 1e-12 count as 1e-12); n: how many levels.
    Returns (n,) increasing levels strictly inside the range, so each window shows its own valley
    whatever the scale of the loss there, or an empty array when the grid is flat (nothing to draw).
    """
    values = _validate.as_float_array("grid", grid)
    n = _validate.positive_int("n", n)
    if values.size == 0:
        raise ValueError("grid must not be empty")
    if values.min() < 0:
        raise ValueError(f"grid must hold losses (≥ 0), got a minimum of {float(values.min())!r}")
    low, high = max(float(values.min()), 1e-12), max(float(values.max()), 1e-12)
    if high <= low * (1 + 1e-9):
        return np.empty(0)
    return np.geomspace(low, high, n + 2)[1:-1]


def confidence_map(
    params: object, centring: float, mean: object, extent: object = MAP_EXTENT, shape: object = MAP_SHAPE
) -> np.ndarray:
    """g = P(y = 1 | x) = σ(w·(x − c·mean) + b) on a grid over the original coordinates.

    params: (3,) [w₁, w₂, b]; centring: c in [0, 1]; mean: (2,) the training mean; extent:
    (x1_min, x1_max, x2_min, x2_max); shape: (rows, columns), each at least 2. Returns
    (rows, columns) with the probability at x1 = linspace(x1_min, x1_max, columns)[j],
    x2 = linspace(x2_min, x2_max, rows)[i]: the layout ``imshow(..., origin="lower")`` expects.
    Finite for any finite parameters (the sigmoid never overflows).
    """
    theta = _validate.as_float_array("params", params)
    if theta.shape != (3,):
        raise ValueError(f"params must be [w1, w2, b], shape (3,), got {theta.shape}")
    c = _centring(centring)
    mu = _validate.as_float_array("mean", mean)
    if mu.shape != (2,):
        raise ValueError(f"mean must have shape (2,), got {mu.shape}")
    box = _validate.as_float_array("extent", extent)
    if box.shape != (4,) or not (box[0] < box[1] and box[2] < box[3]):
        raise ValueError(f"extent must be (x1_min, x1_max, x2_min, x2_max), min < max, got {box.tolist()}")
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise TypeError(f"shape must be a pair (rows, columns), got {_validate._describe(shape)}")
    rows, columns = (_validate.positive_int("shape", v) for v in shape)
    if rows < 2 or columns < 2:
        raise ValueError(f"shape must have at least 2 rows and 2 columns, got {shape!r}")
    x1 = np.linspace(box[0], box[1], columns)
    x2 = np.linspace(box[2], box[3], rows)
    b = theta[2] - c * float(theta[:2] @ mu)  # the same model written in the original coordinates
    z = (theta[1] * x2 + b)[:, None] + (theta[0] * x1)[None, :]
    return _sigmoid(z)


@dataclass
class Frame:
    """Everything one redraw of the explorer shows, for the run after ``epochs`` epochs.

    epochs: the epochs shown (fewer than asked when the run diverged earlier); epoch: (n + 1,)
    0, 1, …, n; test_loss, test_accuracy: (n + 1,) hold-out values; path_w, path_b: (n + 1,) the path
    on the plane (w_e = w·e, b); w_perp_max: the largest |w·e⊥| along it (how far it strays from
    the plane); params: (3,) [w₁, w₂, b] after n epochs; g_map: the confidence map; window: the plane
    window; diverged_at: the epoch the loss exploded at, if that happened within the epochs asked;
    status: one line saying what the figure shows.
    """

    epochs: int
    epoch: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    path_w: np.ndarray
    path_b: np.ndarray
    w_perp_max: float
    params: np.ndarray
    g_map: np.ndarray
    window: tuple[float, float, float, float]
    stopped_at: int | None
    status: str


def explorer_frame(data: ExplorerData, history: History, centring: float, epochs: int) -> Frame:
    """What the explorer shows for ``history`` (a run at this centring) after ``epochs`` epochs.

    data: from ``explorer_data``; history: with hold-out metrics, at least ``epochs`` long unless
    it diverged; centring: c in [0, 1]; epochs: ≥ 1. A diverged run shows its last sound epoch,
    and the status is ``History.message`` ("diverged at epoch k …"), never NaN.
    """
    data = _data(data)
    if not isinstance(history, History) or history.test_loss is None:
        raise TypeError("history must be a History with hold-out metrics (from train_run or extend_run)")
    c = _centring(centring)
    epochs = _validate.positive_int("epochs", epochs)
    if history.stopped_at is None and _n_epochs(history) < epochs:
        raise ValueError(f"history has {_n_epochs(history)} epochs, fewer than the {epochs} asked for")
    n = min(epochs, _n_epochs(history))
    params = history.params[: n + 1]
    path_w = params[:, :2] @ data.direction
    path_b = params[:, 2].copy()
    stopped = history.stopped_at is not None and history.stopped_at <= epochs
    if stopped:
        status = history.message
    else:
        w1, w2, b = params[-1]
        status = (
            f"epoch {n}: hold-out loss {max(history.test_loss[n], 0.0):.4f}, "
            f"accuracy {history.test_accuracy[n]:.2%}"
            f"   (w₁ = {w1:.3g}, w₂ = {w2:.3g}, b = {b:.3g})"
        )
    return Frame(
        epochs=n,
        epoch=np.arange(n + 1),
        test_loss=history.test_loss[: n + 1].copy(),
        test_accuracy=history.test_accuracy[: n + 1].copy(),
        path_w=path_w,
        path_b=path_b,
        w_perp_max=float(np.max(np.abs(params[:, :2] @ data.normal))),
        params=params[-1].copy(),
        g_map=confidence_map(params[-1], c, data.mean),
        window=plane_window(path_w, path_b),
        stopped_at=history.stopped_at if stopped else None,
        status=status,
    )


# ----------------------------------------------------------------------------------------------
# Static figures of lesson 6


def draw_data(ax, data: ExplorerData, size: float = 2.8) -> list:
    """The thinned training sample: class 0 blue circles, class 1 orange squares, white edges.

    Drawn as two marker-only lines (one marker stamped many times, cheaper than a scatter).
    Returns the two ``Line2D`` artists.
    """
    artists = []
    for label, marker in ((0, "o"), (1, "s")):
        pick = data.scatter_y == label
        (points,) = ax.plot(
            data.scatter_x[pick, 0], data.scatter_x[pick, 1], marker, ls="", ms=size,
            color=CLASS_COLORS[label], mec="white", mew=0.3, label=f"class {label}",
        )
        artists.append(points)
    return artists


def _map_axes(ax, g_map: np.ndarray, data: ExplorerData):
    image = ax.imshow(
        g_map, origin="lower", extent=MAP_EXTENT, cmap=MAP_CMAP, vmin=0.0, vmax=1.0,
        interpolation="nearest", aspect="auto",
    )
    draw_data(ax, data)
    ax.set_xlim(MAP_EXTENT[0], MAP_EXTENT[1])
    ax.set_ylim(MAP_EXTENT[2], MAP_EXTENT[3])
    ax.set_xlabel("x₁ (original units)")
    ax.set_ylabel("x₂ (original units)")
    ax.grid(False)
    return image


def draw_confidence_maps(
    data: ExplorerData, runs: Mapping[str, tuple[History, float]], epochs: int
) -> Figure:
    """Side-by-side confidence maps, one per run, after ``epochs`` epochs, in the original coordinates.

    data: from ``explorer_data``; runs: title → (history, centring c). Returns the figure.
    """
    data = _data(data)
    fig, axes = plt.subplots(1, len(runs), figsize=(4.3 * len(runs) + 1.0, 4.6), squeeze=False)
    image = None
    for ax, (title, (history, c)) in zip(axes[0], runs.items(), strict=True):
        frame = explorer_frame(data, history, c, epochs)
        image = _map_axes(ax, frame.g_map, data)
        ax.set_title(f"{title}\nhold-out accuracy {frame.test_accuracy[-1]:.2%}", fontsize=11)
    axes[0][0].legend(loc="upper left", fontsize=8, frameon=True)
    bar = fig.colorbar(image, ax=axes[0].tolist(), shrink=0.9)
    bar.set_label("g = P(y = 1 | x): darker = more confident")
    fig.suptitle(f"After {epochs} epochs at the same learning rate: the centred model is far more confident")
    return fig


def draw_holdout_curves(
    histories: Mapping[str, History], colors=None, title: str | None = None
) -> Figure:
    """Hold-out accuracy and loss per epoch for each run (label → History), with an optional title.

    Returns the figure.
    """
    colors = colors or [COLORS["vermillion"], COLORS["blue"], COLORS["green"], COLORS["purple"]]
    fig, (ax_acc, ax_loss) = plt.subplots(1, 2, figsize=(11.0, 4.0))
    for (label, history), color in zip(histories.items(), colors, strict=False):
        if history.test_loss is None:
            raise ValueError(f"history {label!r} has no hold-out metrics")
        epoch = history.epochs
        ax_acc.plot(epoch, 100 * history.test_accuracy, color=color, label=label)
        ax_loss.plot(epoch, history.test_loss, color=color, label=label)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("hold-out accuracy (%)")
    ax_acc.set_title("Hold-out accuracy per epoch")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("hold-out loss (nats, log scale)")
    ax_loss.set_yscale("log")
    ax_loss.set_title("Hold-out loss per epoch")
    ax_acc.legend(loc="lower right")
    ax_loss.legend(loc="upper right")
    if title:
        fig.suptitle(title)
    return fig


def _draw_plane(ax, grid: np.ndarray, window, levels, with_labels: bool = True):
    log_grid = np.log10(np.maximum(grid, 1e-12))
    image = ax.imshow(
        log_grid, origin="lower", extent=window, aspect="auto", cmap=SEQUENTIAL_CMAP,
        vmin=np.log10(levels[0]), vmax=np.log10(levels[-1]), alpha=0.6, interpolation="bilinear",
    )
    w = np.linspace(window[0], window[1], grid.shape[1])
    b = np.linspace(window[2], window[3], grid.shape[0])
    lines = ax.contour(w, b, grid, levels=levels, colors=COLORS["black"], linewidths=0.6)
    if with_labels:
        ax.clabel(lines, fmt="%g", fontsize=7)
    return image, lines


def draw_loss_planes(
    data: ExplorerData,
    runs: Mapping[str, tuple[History, float]],
    window: tuple[float, float, float, float],
    points: int = 80,
    levels: object = PLANE_LEVELS,
    title: str = "Training loss on the plane (w_e, b) with each run's descent path",
) -> Figure:
    """The training loss on the plane (w_e, b) with each run's path, one panel per run, same window.

    data: from ``explorer_data``; runs: title → (history, centring c); window: (w_min, w_max,
    b_min, b_max); points: grid points per axis; levels: increasing positive loss values for the
    contour lines (the same in every panel, so the panels compare); title: the figure's title.
    Returns the figure.
    """
    data = _data(data)
    levels = _validate.as_float_array("levels", levels)
    if levels.ndim != 1 or levels.size < 2 or np.any(np.diff(levels) <= 0) or levels[0] <= 0:
        raise ValueError(f"levels must be at least 2 increasing positive numbers, got {levels.tolist()}")
    fig, axes = plt.subplots(1, len(runs), figsize=(5.2 * len(runs), 4.4), squeeze=False, sharey=True)
    for ax, (name, (history, c)) in zip(axes[0], runs.items(), strict=True):
        w = np.linspace(window[0], window[1], points)
        b = np.linspace(window[2], window[3], points)
        _draw_plane(ax, loss_plane(data, c, w, b), window, levels)
        path_w = history.params[:, :2] @ data.direction
        ax.plot(path_w, history.params[:, 2], "-", color=COLORS["vermillion"], lw=1.8, label="descent path")
        step = max(1, _n_epochs(history) // 10)
        ax.plot(path_w[::step], history.params[::step, 2], "o", color=COLORS["vermillion"], ms=3.5,
                label=f"every {step} epochs")
        ax.plot(0, 0, "s", color=COLORS["black"], ms=5, label="start")
        ax.set_xlim(window[0], window[1])
        ax.set_ylim(window[2], window[3])
        ax.set_xlabel("w_e = w·e, the weight along e (per original unit)")
        ax.set_title(f"{name}: {_n_epochs(history)} epochs", fontsize=11)
        ax.grid(False)
    axes[0][0].set_ylabel("bias b")
    axes[0][0].legend(loc="lower left", fontsize=8, frameon=True)
    fig.suptitle(title)
    return fig


# ----------------------------------------------------------------------------------------------
# The explorer widget


class _PngSliderFigure(SliderFigure):
    """A ``SliderFigure`` that shows the figure as a PNG in an ``Image`` widget (no flicker)."""

    def __init__(self, figure, sliders, update, render) -> None:
        self.image = widgets.Image(format="png")
        self._render = render
        super().__init__(figure, sliders, update)
        self.widget.children = (self.widget.children[0], self.image)

    def refresh(self) -> None:
        self._update(**self.values())
        self.image.value = self._render()


def _lr_key(value: float) -> float:
    return float(f"{value:.6g}")


class ConvergenceExplorer:
    """The convergence explorer: learning rate, centring and epochs sliders over one figure.

    x_train: (m, 2); y_train: (m,); x_test: (k, 2); y_test: (k,) (the article's split);
    learning_rate (between 10**LR_EXPONENTS[0] and 10**LR_EXPONENTS[1]), centring (0 to 1) and
    epochs (1 to MAX_EPOCHS): the starting slider values.

    Runs are cached per (learning rate, centring) and only ever extended, so moving the epochs
    slider back costs no training and moving it forward trains only the missing epochs.
    ``update(learning_rate, centring, epochs)`` trains if needed, puts the result on the figure's
    artists and returns the ``Frame``; ``render_png()`` returns the PNG the widget shows. Display
    the object (or ``.widget``) for the sliders; ``.sliders[name].value`` moves them from code.

    Rendering: everything that does not change between updates (axes, ticks, labels, titles) is
    drawn once into a pixel buffer; each render copies that buffer back and draws only the
    artists that change on top (images, data, lines, contours, the loss plane's ticks, whose window
    follows the path, and the status line), then encodes the PNG.
    """

    def __init__(
        self,
        x_train: object,
        y_train: object,
        x_test: object,
        y_test: object,
        learning_rate: float = 0.1,
        centring: float = 0.0,
        epochs: int = 100,
    ) -> None:
        self.data = explorer_data(x_train, y_train, x_test, y_test)
        eta = _validate.positive_number("learning_rate", learning_rate)
        lr_slider = learning_rate_slider(eta, LR_EXPONENTS, LR_STEP)
        c = _centring(centring)
        epochs = _validate.positive_int("epochs", epochs, MAX_EPOCHS)
        self._runs: dict[tuple[float, float], History] = {}
        self._planes: dict[tuple, np.ndarray] = {}
        self._plane_key: tuple | None = None
        self._background = None
        self._background_key: tuple | None = None
        self.frame: Frame | None = None
        self.figure = self._build_figure()
        self.sliders = {
            "learning_rate": lr_slider,
            "centring": widgets.FloatSlider(
                value=c, min=0.0, max=1.0, step=CENTRING_STEP, description="centring c",
                readout_format=".2f", continuous_update=False, style={"description_width": "initial"},
            ),
            "epochs": widgets.IntSlider(
                value=epochs, min=1, max=MAX_EPOCHS, step=1, description="epochs",
                continuous_update=False, style={"description_width": "initial"},
            ),
        }
        self.panel = _PngSliderFigure(self.figure, self.sliders, self.update, self.render_png)
        self.widget = self.panel.widget

    # -- training ------------------------------------------------------------------------------
    def history(self, learning_rate: float, centring: float, epochs: int) -> History:
        """The run at (learning rate, centring), trained to at least ``epochs`` (cached, extended)."""
        eta = _validate.positive_number("learning_rate", learning_rate)
        key = (_lr_key(eta), round(_centring(centring), 9))
        run = self._runs.get(key)
        if run is None:
            run = train_run(self.data, key[0], key[1], epochs)
        else:
            run = extend_run(self.data, run, key[1], epochs)
        self._runs[key] = run
        return run

    # -- drawing -------------------------------------------------------------------------------
    def _build_figure(self) -> Figure:
        # Fixed axes positions (no layout engine), few ticks and plain tick labels (no mathtext).
        # Not a pyplot figure: nothing shows it but the widget (or an explicit display), and its
        # canvas stays the Agg canvas the renderer below copies pixels from.
        fig = Figure(figsize=(12.0, 4.4), layout="none")
        # A layout engine that does nothing. With none at all, every savefig (the inline backend
        # displaying the figure, say) would hand the figure back "layout None", which matplotlib
        # reads as the rcParams default, constrained layout in this series: the axes would move.
        fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=True))
        FigureCanvasAgg(fig)
        ax_map = fig.add_axes((0.055, 0.12, 0.235, 0.72))
        ax_loss = fig.add_axes((0.39, 0.53, 0.245, 0.31))
        ax_acc = fig.add_axes((0.39, 0.12, 0.245, 0.31))
        ax_plane = fig.add_axes((0.715, 0.12, 0.265, 0.72))
        image = ax_map.imshow(
            np.full(MAP_SHAPE, 0.5), origin="lower", extent=MAP_EXTENT, cmap=MAP_CMAP, vmin=0.0, vmax=1.0,
            interpolation="nearest", aspect="auto",
        )
        points = draw_data(ax_map, self.data)
        ax_map.set_xlim(MAP_EXTENT[0], MAP_EXTENT[1])
        ax_map.set_ylim(MAP_EXTENT[2], MAP_EXTENT[3])
        ax_map.set_xlabel("x₁ (original units)")
        ax_map.set_ylabel("x₂ (original units)")
        ax_map.set_title("Confidence g = P(y = 1 | x), darker = surer", fontsize=10)
        ax_map.grid(False)

        (loss_line,) = ax_loss.plot([], [], color=COLORS["vermillion"])
        (loss_end,) = ax_loss.plot([], [], "o", color=COLORS["vermillion"], ms=4)
        diverged = ax_loss.text(
            0.5, 0.5, "", transform=ax_loss.transAxes, ha="center", va="center", fontsize=12,
            color=COLORS["vermillion"], fontweight="bold",
        )
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(1e-4, 10.0)
        ax_loss.yaxis.set_major_locator(FixedLocator([1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]))
        ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax_loss.yaxis.set_minor_locator(NullLocator())
        ax_loss.set_ylabel("hold-out loss\n(nats)")
        ax_loss.set_title("Hold-out loss and accuracy per epoch", fontsize=10)
        ax_loss.tick_params(labelbottom=False)
        (acc_line,) = ax_acc.plot([], [], color=COLORS["blue"])
        (acc_end,) = ax_acc.plot([], [], "o", color=COLORS["blue"], ms=4)
        ax_acc.set_ylim(40.0, 102.0)
        ax_acc.yaxis.set_major_locator(FixedLocator([50, 75, 100]))
        ax_acc.set_ylabel("hold-out\naccuracy (%)")
        ax_acc.set_xlabel("epoch")
        for ax in (ax_loss, ax_acc):
            ax.set_xlim(0, MAX_EPOCHS)
            ax.xaxis.set_major_locator(FixedLocator([0, 50, 100, 150, 200, 250, 300]))

        plane_image = ax_plane.imshow(
            np.zeros((2, 2)), origin="lower", extent=(0, 1, 0, 1), aspect="auto", cmap=SEQUENTIAL_CMAP,
            vmin=-3.0, vmax=1.0, alpha=0.6, interpolation="bilinear",
        )
        (start,) = ax_plane.plot(0, 0, "s", color=COLORS["black"], ms=5)
        (path_line,) = ax_plane.plot([], [], "-", color=COLORS["vermillion"], lw=1.6)
        (end_point,) = ax_plane.plot([], [], "o", color=COLORS["vermillion"], mec=COLORS["black"], ms=7)
        ax_plane.xaxis.set_major_locator(MaxNLocator(5))
        ax_plane.yaxis.set_major_locator(MaxNLocator(5))
        ax_plane.set_xlabel("w_e (weight along e)")
        ax_plane.set_ylabel("bias b")
        ax_plane.set_title("Path on the training-loss contours", fontsize=10)
        ax_plane.grid(False)
        status = fig.text(0.5, 0.95, "", ha="center", va="center", fontsize=11)
        self._artists = {
            "map": image, "points": points, "loss": loss_line, "loss_end": loss_end, "diverged": diverged,
            "accuracy": acc_line, "accuracy_end": acc_end, "plane": plane_image, "contours": None,
            "start": start, "path": path_line, "end": end_point, "status": status, "ax_plane": ax_plane,
        }
        return fig

    def _dynamic(self) -> list:
        """The artists that change between updates, in drawing order (bottom to top per axes)."""
        art = self._artists
        contours = [] if art["contours"] is None else [art["contours"]]
        plane_axes = art["ax_plane"]
        return [
            art["map"], *art["points"], art["loss"], art["loss_end"], art["diverged"], art["accuracy"],
            art["accuracy_end"], art["plane"], *contours, art["start"], art["path"], art["end"],
            plane_axes.xaxis, plane_axes.yaxis, art["status"],
        ]

    def _plane(self, centring: float, window: tuple) -> np.ndarray:
        key = (round(centring, 9), window)
        grid = self._planes.get(key)
        if grid is None:
            w = np.linspace(window[0], window[1], PLANE_POINTS)
            b = np.linspace(window[2], window[3], PLANE_POINTS)
            grid = loss_plane(self.data, centring, w, b)
            self._planes[key] = grid
        return grid

    def update(self, learning_rate: float, centring: float, epochs: int) -> Frame:
        """Train (if needed) and put the run after ``epochs`` epochs on the figure. Returns the Frame."""
        epochs = _validate.positive_int("epochs", epochs)
        c = round(_centring(centring), 9)
        history = self.history(learning_rate, c, epochs)
        frame = explorer_frame(self.data, history, c, epochs)
        art = self._artists
        art["map"].set_data(frame.g_map)
        art["loss"].set_data(frame.epoch, np.maximum(frame.test_loss, 1e-300))
        art["loss_end"].set_data(frame.epoch[-1:], np.maximum(frame.test_loss[-1:], 1e-300))
        art["accuracy"].set_data(frame.epoch, 100.0 * frame.test_accuracy)
        art["accuracy_end"].set_data(frame.epoch[-1:], 100.0 * frame.test_accuracy[-1:])
        stopped = frame.stopped_at is not None
        art["diverged"].set_text(f"stopped at epoch {frame.stopped_at}" if stopped else "")
        plane_key = (c, frame.window)
        if plane_key != self._plane_key:
            grid = self._plane(c, frame.window)
            log_grid = np.log10(np.maximum(grid, 1e-12))
            art["plane"].set_data(log_grid)
            art["plane"].set_extent(frame.window)
            low = float(log_grid.min())
            art["plane"].set_clim(low, max(float(log_grid.max()), low + 1e-6))
            if art["contours"] is not None:
                art["contours"].remove()
            w = np.linspace(frame.window[0], frame.window[1], PLANE_POINTS)
            b = np.linspace(frame.window[2], frame.window[3], PLANE_POINTS)
            levels = plane_levels(grid)
            art["contours"] = None if levels.size == 0 else art["ax_plane"].contour(
                w, b, grid, levels=levels, colors=COLORS["black"], linewidths=0.6
            )
            art["ax_plane"].set_xlim(frame.window[0], frame.window[1])
            art["ax_plane"].set_ylim(frame.window[2], frame.window[3])
            self._plane_key = plane_key
        art["path"].set_data(frame.path_w, frame.path_b)
        art["end"].set_data(frame.path_w[-1:], frame.path_b[-1:])
        eta = _lr_key(learning_rate)
        # History.message already names the learning rate of a diverged run
        prefix = f"centring c = {c:.2f}" if stopped else f"learning rate {eta:g}, c = {c:.2f}"
        art["status"].set_text(f"{prefix}  |  {frame.status}")
        art["status"].set_color(COLORS["vermillion"] if stopped else COLORS["black"])
        self.frame = frame
        return frame

    def render_png(self) -> bytes:
        """The figure as PNG bytes, exactly what the widget displays.

        The static layer (everything but ``_dynamic()``) is drawn once and kept as pixels; each
        render copies it back and draws only the changing artists over it, the loss plane's tick
        labels included. Same pixels as ``figure.savefig(format="png")`` except where a changing
        artist overlaps an axis edge, which it now covers.
        """
        canvas = self.figure.canvas
        renderer = canvas.get_renderer()
        key = (id(renderer), self.figure.dpi, tuple(self.figure.get_size_inches()))
        dynamic = self._dynamic()
        if self._background is None or key != self._background_key:
            for artist in dynamic:
                artist.set_visible(False)
            canvas.draw()
            for artist in dynamic:
                artist.set_visible(True)
            renderer = canvas.get_renderer()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._background_key = (id(renderer), self.figure.dpi, tuple(self.figure.get_size_inches()))
        else:
            canvas.restore_region(self._background)
        for artist in dynamic:
            artist.draw(renderer)
        rgba = np.asarray(canvas.buffer_rgba())
        buffer = io.BytesIO()
        PILImage.fromarray(rgba, "RGBA").save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
        return buffer.getvalue()

    def _ipython_display_(self) -> None:
        self.panel._ipython_display_()
