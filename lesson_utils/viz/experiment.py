"""Lesson 6: the article's experiment as figures, and the data, loss plane and confidence map they share
with the convergence explorer (``lesson_utils.viz.explorer``).

Pure functions (``explorer_data``, ``loss_plane``, ``plane_window``, ``confidence_map``) compute what
is shown and are tested directly; ``draw_confidence(ax, …)`` puts a map on given axes; the
``*_figure(…)`` functions return lesson 6's static figures, built from ``viz.draw``'s pieces.

The loss contours live on a plane through the parameters (w₁, w₂, b): with e the unit vector from
the class-0 to the class-1 training mean, w = w_e·e. The classes differ only along e, so gradient
descent from w = 0 stays close to that plane, where the loss depends on the data only through x·e.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _core, _validate
from ..loss import loss_grid
from ..training import History
from .draw import draw_histories, draw_loss_surface, draw_samples
from .style import COLORS, COLUMN_WIDTH, PROBABILITY_CMAP, SERIES

#: Training and hold-out samples the explorer keeps (``explorer_data``), and those it draws.
SAMPLE_SIZES = (4000, 4000)
N_SCATTER = 600
#: The confidence map's box in the original coordinates (x1_min, x1_max, x2_min, x2_max) and pixels.
MAP_EXTENT = (-4.0, 6.0, -4.0, 12.0)
MAP_SHAPE = (160, 100)  # (rows along x2, columns along x1)
#: Grid points per axis of the explorer's loss plane, and the training samples it is computed from
#: (the first PLANE_SAMPLES of the randomly ordered sample: enough for the picture, and fast);
#: the default contour levels of the static figure (nats).
PLANE_POINTS = 40
PLANE_SAMPLES = 1000
PLANE_LEVELS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.6931, 1.5, 3.0, 6.0)


# ----------------------------------------------------------------------------------------------
# The data and the runs


@dataclass(frozen=True)
class ExplorerData:
    """The explorer's sample of the article's split.

    x_train: (n, 2), y_train: (n,), x_test: (k, 2), y_test: (k,) the samples it trains and tests
    on; full_sizes: (m, k_full) the sizes of the split they were drawn from; mean: (2,) the *full*
    training mean (what centring removes); direction: (2,) unit vector e from the class-0 to the
    class-1 training mean; scatter_x: (s, 2), scatter_y: (s,) the points drawn on the confidence map.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    full_sizes: tuple[int, int]
    mean: np.ndarray
    direction: np.ndarray
    scatter_x: np.ndarray
    scatter_y: np.ndarray


def _stratified(y: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted indices of about n samples of y (all when n ≥ len(y)), each class in its own share."""
    if n >= y.size:
        return np.arange(y.size)
    picks = [rng.choice(np.flatnonzero(y == c), round(n * np.mean(y == c)), replace=False) for c in (0, 1)]
    return np.sort(np.concatenate(picks))


def explorer_data(
    x_train: object,
    y_train: object,
    x_test: object,
    y_test: object,
    sample_sizes: tuple[int, int] = SAMPLE_SIZES,
    n_scatter: int = N_SCATTER,
    seed: int = 0,
) -> ExplorerData:
    """Draw the explorer's sample of the split and precompute the training mean and the direction e.

    x_train: (m, 2); y_train: (m,) labels in {0, 1}, both classes present; x_test: (k, 2);
    y_test: (k,); sample_sizes: (training, hold-out) samples to keep, drawn at random per class so
    the class shares stay those of the full sets (all of a set when it is smaller); n_scatter: how
    many of the kept training samples to draw (half per class); seed: which ones.
    The mean and e come from the full training set. Returns an ``ExplorerData``.
    """
    x_tr = _validate.features(x_train, "x_train", 2)
    y_tr = _validate.labels(y_train, "y_train", x_tr.shape[0])
    x_te = _validate.features(x_test, "x_test", 2)
    y_te = _validate.labels(y_test, "y_test", x_te.shape[0])
    if not isinstance(sample_sizes, (tuple, list)) or len(sample_sizes) != 2:
        got = _validate.describe(sample_sizes)
        raise TypeError(f"sample_sizes must be a pair (training, hold-out), got {got}")
    n_train, n_test = (_validate.check_scalar(n, "sample_sizes", int, low=1) for n in sample_sizes)
    n_scatter = _validate.check_scalar(n_scatter, "n_scatter", int, low=1)
    rng = np.random.default_rng(_validate.check_scalar(seed, "seed", int, low=0))
    if y_tr.min() == y_tr.max():
        raise ValueError(f"y_train must contain both classes, got only class {int(y_tr[0])}")
    between = x_tr[y_tr == 1].mean(axis=0) - x_tr[y_tr == 0].mean(axis=0)
    if not np.any(between):
        raise ValueError("the two classes of x_train have the same mean, so there is no direction e")
    e = between / np.linalg.norm(between)
    keep, keep_test = _stratified(y_tr, n_train, rng), _stratified(y_te, n_test, rng)
    x_s, y_s = x_tr[keep], y_tr[keep]
    per_class = [np.flatnonzero(y_s == c) for c in (0, 1)]
    shown = [rng.choice(index, min(n_scatter // 2 or 1, index.size), replace=False) for index in per_class]
    shown = np.sort(np.concatenate(shown))
    return ExplorerData(
        x_train=x_s, y_train=y_s, x_test=x_te[keep_test], y_test=y_te[keep_test],
        full_sizes=(y_tr.size, y_te.size), mean=x_tr.mean(axis=0), direction=e,
        scatter_x=x_s[shown], scatter_y=y_s[shown],
    )


def as_explorer_data(data: object) -> ExplorerData:
    if not isinstance(data, ExplorerData):
        raise TypeError(f"data must be an ExplorerData (see explorer_data), got {type(data).__name__}")
    return data


# ----------------------------------------------------------------------------------------------
# What the panels show


def loss_plane(data: ExplorerData, centring: float, w_values: object, b_values: object,
               n_samples: int | None = None) -> np.ndarray:
    """Mean training loss on the plane w = w_e·e, for the model on x − c·mean.

    data: from ``explorer_data``; centring: c in [0, 1]; w_values: (nw,) values of w_e;
    b_values: (nb,) values of b, both strictly increasing; n_samples: use the first n training
    samples (None: all). Returns (nb, nw) with L(w_e = w_values[j], b = b_values[i]) at [i, j].
    On the plane z = w_e·u + b with u = (x − c·mean)·e: ``loss_grid`` with the columns [u, 1].
    """
    data = as_explorer_data(data)
    c = _validate.check_scalar(centring, "centring", float, low=0, high=1)
    if n_samples is not None:
        n_samples = _validate.check_scalar(n_samples, "n_samples", int, low=1)
    u = (data.x_train[:n_samples] - c * data.mean) @ data.direction
    return loss_grid(np.column_stack([u, np.ones_like(u)]), data.y_train[:n_samples], w_values, b_values)


def plane_window(path_w: object, path_b: object) -> tuple[float, float, float, float]:
    """A plotting window (w_min, w_max, b_min, b_max) on the plane that holds the whole path.

    path_w: (n,) the w_e along the path; path_b: (n,) the b along it. Each bound is a power of two
    (at least 0.5 away from 0) with 15 % room, and w_min = −w_max / 8, so nearby runs share a window
    and its contours are computed once.
    """
    w = _validate.as_float_array(path_w, "path_w")
    b = _validate.as_float_array(path_b, "path_b")
    if w.ndim != 1 or w.size == 0 or w.shape != b.shape:
        raise ValueError(f"path_w and path_b must be 1-D of the same length, got {w.shape} and {b.shape}")

    def power_of_two(value: float) -> float:
        return float(2.0 ** max(-1, math.ceil(math.log2(max(1.15 * value, 0.5)))))

    w_max = power_of_two(float(max(w.max(), -8.0 * w.min(), 0.0)))
    return -w_max / 8, w_max, -power_of_two(float(max(-b.min(), 0.0))), power_of_two(float(max(b.max(), 0.0)))


def confidence_map(params: object, centring: float, mean: object, extent: object = MAP_EXTENT,
                   shape: object = MAP_SHAPE) -> np.ndarray:
    """g = P(y = 1 | x) = σ(w·(x − c·mean) + b) on a grid over the original coordinates.

    params: (3,) [w₁, w₂, b]; centring: c in [0, 1]; mean: (2,); extent: (x1_min, x1_max, x2_min,
    x2_max); shape: (rows, columns), each at least 2. Returns (rows, columns) with the probability
    at x1 = linspace(x1_min, x1_max, columns)[j], x2 = linspace(x2_min, x2_max, rows)[i], the layout
    ``imshow(..., origin="lower")`` expects. Finite for any finite parameters.
    """
    theta = _validate.as_float_array(params, "params")
    if theta.shape != (3,):
        raise ValueError(f"params must be [w1, w2, b], shape (3,), got {theta.shape}")
    c = _validate.check_scalar(centring, "centring", float, low=0, high=1)
    mu = _validate.as_float_array(mean, "mean")
    if mu.shape != (2,):
        raise ValueError(f"mean must have shape (2,), got {mu.shape}")
    box = _validate.as_float_array(extent, "extent")
    if box.shape != (4,) or not (box[0] < box[1] and box[2] < box[3]):
        raise ValueError(f"extent must be (x1_min, x1_max, x2_min, x2_max), min < max, got {box.tolist()}")
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise TypeError(f"shape must be a pair (rows, columns), got {_validate.describe(shape)}")
    rows, columns = (_validate.check_scalar(v, "shape", int, low=1) for v in shape)
    if rows < 2 or columns < 2:
        raise ValueError(f"shape must have at least 2 rows and 2 columns, got {shape!r}")
    b = theta[2] - c * float(theta[:2] @ mu)  # the same model written in the original coordinates
    x1, x2 = np.linspace(box[0], box[1], columns), np.linspace(box[2], box[3], rows)
    z = (theta[1] * x2 + b)[:, None] + theta[0] * x1
    return _core.sigmoid(z)


# ----------------------------------------------------------------------------------------------
# Drawing on given axes (the static figures and the explorer share it)


def draw_confidence(ax, g_map: np.ndarray):
    """The confidence map g (from ``confidence_map``) on MAP_EXTENT, with labelled axes. Returns the image."""
    image = ax.imshow(g_map, origin="lower", extent=MAP_EXTENT, cmap=PROBABILITY_CMAP, vmin=0.0, vmax=1.0,
                      interpolation="nearest", aspect="auto")
    ax.set_xlim(MAP_EXTENT[0], MAP_EXTENT[1])
    ax.set_ylim(MAP_EXTENT[2], MAP_EXTENT[3])
    ax.set_xlabel("x₁ (original units)")
    ax.set_ylabel("x₂ (original units)")
    ax.grid(False)
    return image


# ----------------------------------------------------------------------------------------------
# Static figures of lesson 6


def confidence_maps_figure(
    data: ExplorerData, runs: Mapping[str, tuple[History, float]], epochs: int
) -> Figure:
    """Side-by-side confidence maps after ``epochs`` epochs, one per run (title → (history, centring c))."""
    data = as_explorer_data(data)
    fig, axes = plt.subplots(1, len(runs), figsize=(COLUMN_WIDTH, 5.0), squeeze=False)
    for ax, (title, (history, c)) in zip(axes[0], runs.items(), strict=True):
        if history.test_accuracy is None or len(history.params) <= epochs:
            raise ValueError(f"run {title!r} needs hold-out metrics and at least {epochs} epochs")
        c = _validate.check_scalar(c, "centring", float, low=0, high=1)
        image = draw_confidence(ax, confidence_map(history.params[epochs], c, data.mean))
        draw_samples(ax, data.scatter_x, data.scatter_y, size=2.8)
        ax.set_title(f"{title}\nhold-out accuracy {history.test_accuracy[epochs]:.2%}")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=2, markerscale=2.5)
    bar = fig.colorbar(image, ax=axes[0].tolist(), shrink=0.9)
    bar.set_label("g = P(y = 1 | x): darker = more confident")
    fig.suptitle(f"After {epochs} epochs at the same learning rate:\nthe centred model is far more confident")
    return fig


def holdout_curves_figure(histories: Mapping[str, History], colors=SERIES,
                          title: str | None = None) -> Figure:
    """Hold-out accuracy and loss per epoch for each run (label → History with hold-out metrics)."""
    fig, (ax_acc, ax_loss) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.0))
    draw_histories(ax_loss, ax_acc, histories, colors)
    ax_acc.set_title("Hold-out accuracy per epoch")
    ax_loss.set_title("Hold-out loss per epoch")
    ax_acc.legend(loc="lower right")
    ax_loss.legend(loc="upper right")
    if title:
        fig.suptitle(title)
    return fig


def loss_planes_figure(
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
    """
    data = as_explorer_data(data)
    levels = _validate.as_float_array(levels, "levels")
    if levels.ndim != 1 or levels.size < 2 or np.any(np.diff(levels) <= 0) or levels[0] <= 0:
        raise ValueError(f"levels must be at least 2 increasing positive numbers, got {levels.tolist()}")
    fig, axes = plt.subplots(1, len(runs), figsize=(COLUMN_WIDTH, 4.4), squeeze=False, sharey=True)
    axes[0][0].set_ylabel("bias b")
    w, b = np.linspace(window[0], window[1], points), np.linspace(window[2], window[3], points)
    for ax, (name, (history, c)) in zip(axes[0], runs.items(), strict=True):
        draw_loss_surface(ax, w, b, loss_plane(data, c, w, b), levels)
        ax.set_xlabel("w_e = w·e (weight along e)")
        path_w = history.params[:, :2] @ data.direction
        epochs = int(history.updates[-1])
        step = max(1, epochs // 10)
        ax.plot(path_w, history.params[:, 2], "-", color=COLORS["path"], lw=1.8, label="descent path")
        ax.plot(path_w[::step], history.params[::step, 2], "o", color=COLORS["path"], ms=3.5,
                label=f"every {step} epochs")
        ax.plot(0, 0, "s", color=COLORS["reference"], ms=5, label="start")
        ax.set_title(f"{name}: {epochs} epochs")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3)
    fig.suptitle(title)
    return fig
