"""Lesson 5: gradient descent on a one-feature logistic regression, drawn on its loss surface.

With one feature the model z = w·x + b has two parameters, so its loss L(w, b) is a surface we can
draw as contours, and every gradient-descent run is a path on it. Pure functions (``loss_grid``,
``descent_path``) compute what the figures show; ``draw_descent_paths`` draws the static panels,
``draw_loss_per_step`` compares loss curves, ``draw_descent_panel`` the slider view, and
``descent_widget`` adds a learning-rate and a steps slider to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .. import _core, _validate
from ..sigmoid import sigmoid
from .style import COLORS, COLUMN_WIDTH, SEQUENTIAL_CMAP
from .widgets import SliderFigure, learning_rate_slider

#: Loss values the contour lines are drawn at (nats).
CONTOUR_LEVELS = (0.32, 0.35, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0)

#: The learning-rate slider runs from 10**LR_EXPONENTS[0] to 10**LR_EXPONENTS[1] in steps of LR_STEP.
LR_EXPONENTS = (-2.0, 1.5)
LR_STEP = 0.05

#: Colours of the paths in the static figure, in the order the learning rates are given.
PATH_COLORS = (COLORS["sky"], COLORS["green"], COLORS["orange"], COLORS["vermillion"], COLORS["purple"])


def _one_feature(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    x_arr = _validate.features(x, "x", 1)
    y_arr = _validate.labels(y, "y", x_arr.shape[0])
    return x_arr, y_arr


def loss_grid(x: object, y: object, w_values: object, b_values: object) -> np.ndarray:
    """The mean binary cross-entropy of the one-feature model z = w·x + b at every grid point.

    x: (m, 1) samples; y: (m,) labels in {0, 1}; w_values: (nw,) and b_values: (nb,) strictly
    increasing grid coordinates. Returns an (nb, nw) array whose row i, column j holds
    L(w = w_values[j], b = b_values[i]): the layout ``imshow`` and ``contour`` expect. Computed from
    the logits (max(z, 0) − y·z + log(1 + e^(−|z|))), so it is finite for any grid.
    """
    x_arr, y_arr = _one_feature(x, y)
    w_arr = _validate.increasing_axis(w_values, "w_values")
    b_arr = _validate.increasing_axis(b_values, "b_values")
    wx = np.outer(w_arr, x_arr[:, 0])  # (nw, m)
    out = np.empty((b_arr.size, w_arr.size))
    for i, b in enumerate(b_arr):
        out[i] = _core.bce_with_logits(y_arr, wx + b).mean(axis=1)
    return out


@dataclass
class DescentPath:
    """A plain gradient-descent run on the one-feature model: index k = after k steps (0 = start).

    learning_rate: η; params: (k + 1, 2) the path [w, b]; loss: (k + 1,) the mean cross-entropy.
    """

    learning_rate: float
    params: np.ndarray
    loss: np.ndarray

    @property
    def steps(self) -> int:
        """Number of steps taken."""
        return len(self.loss) - 1


def descent_path(
    x: object, y: object, learning_rate: float, steps: int, start: tuple[float, float] = (0.0, 0.0)
) -> DescentPath:
    """Full-batch gradient descent on the one-feature model z = w·x + b: the loop of lesson 5.

    x: (m, 1) samples; y: (m,) labels in {0, 1}; learning_rate: η > 0; steps: number of updates,
    at least 1; start: (w, b) where the path begins. Every step is taken: there is no stopping
    rule. (Nothing can overflow: |g − y| ≤ 1 and |x| is finite, so a step moves w and b by at most
    η·max|x| and η, and the loss is computed from the logits.) Returns a ``DescentPath``.
    """
    x_arr, y_arr = _one_feature(x, y)
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    steps = _validate.check_scalar(steps, "steps", int, low=1)
    theta = _validate.as_float_array(start, "start")
    if theta.shape != (2,):
        raise ValueError(f"start must be one point (w, b), got shape {theta.shape}")
    x1 = x_arr[:, 0]
    w, b = float(theta[0]), float(theta[1])
    params = np.empty((steps + 1, 2))
    loss = np.empty(steps + 1)
    for k in range(steps + 1):
        z = w * x1 + b
        params[k] = w, b
        loss[k] = _core.bce_with_logits(y_arr, z).mean()
        if k == steps:
            break
        dL_dz = sigmoid(z) - y_arr
        w, b = w - eta * float(np.mean(dL_dz * x1)), b - eta * float(np.mean(dL_dz))
    return DescentPath(eta, params, loss)


def descent_paths(x: object, y: object, learning_rates: object, steps: int) -> dict[float, DescentPath]:
    """``descent_path`` from (0, 0) at many learning rates at once: the same loop, one row per η.

    x: (m, 1); y: (m,) labels in {0, 1}; learning_rates: (k,) positive η; steps: updates per run.
    Returns η → ``DescentPath``, equal to ``descent_path(x, y, η, steps)`` up to rounding. The slider
    view uses it to compute every path its learning-rate slider can show in one go.
    """
    x_arr, y_arr = _one_feature(x, y)
    etas = _validate.as_float_array(learning_rates, "learning_rates")
    if etas.ndim != 1 or etas.size == 0 or np.any(etas <= 0):
        raise ValueError("learning_rates must be a non-empty 1-D array of positive numbers")
    steps = _validate.check_scalar(steps, "steps", int, low=1)
    x1 = x_arr[:, 0]
    w, b = np.zeros(etas.size), np.zeros(etas.size)
    params = np.empty((steps + 1, etas.size, 2))
    loss = np.empty((steps + 1, etas.size))
    for k in range(steps + 1):
        z = w[:, None] * x1 + b[:, None]  # (k rates, m samples)
        params[k, :, 0], params[k, :, 1] = w, b
        loss[k] = _core.bce_with_logits(y_arr, z).mean(axis=1)
        if k == steps:
            break
        dL_dz = sigmoid(z) - y_arr
        w, b = w - etas * (dL_dz @ x1) / x1.size, b - etas * dL_dz.mean(axis=1)
    return {float(eta): DescentPath(float(eta), params[:, i], loss[:, i]) for i, eta in enumerate(etas)}


def _path_label(path: DescentPath) -> str:
    return f"η = {path.learning_rate:.3g}: loss {path.loss[-1]:.4f} after {path.steps} steps"


def _draw_surface(ax, grid, w_values, b_values) -> None:
    extent = (w_values[0], w_values[-1], b_values[0], b_values[-1])
    ax.imshow(np.log10(grid), origin="lower", extent=extent, aspect="auto", cmap=SEQUENTIAL_CMAP, alpha=0.55)
    lines = ax.contour(
        w_values, b_values, grid, levels=CONTOUR_LEVELS, colors=COLORS["black"], linewidths=0.7
    )
    ax.clabel(lines, fmt="%g", fontsize=10)
    ax.set_xlim(w_values[0], w_values[-1])
    ax.set_ylim(b_values[0], b_values[-1])


def _mark_lowest(ax, grid, w_values, b_values) -> None:
    best = np.unravel_index(np.argmin(grid), grid.shape)
    ax.plot(
        w_values[best[1]], b_values[best[0]], "*", color=COLORS["black"], ms=11, label="lowest grid point"
    )


def _label_axes(ax, w_values, b_values) -> None:
    ax.set_xlim(w_values[0], w_values[-1])
    ax.set_ylim(b_values[0], b_values[-1])
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    ax.grid(False)


def draw_descent_paths(
    x: object,
    y: object,
    learning_rates: Mapping[str, float],
    steps: int,
    w_values: object,
    b_values: object,
    title: str | None = None,
):
    """Static figure: one panel per learning rate, each path drawn on the same loss contours.

    x: (m, 1); y: (m,); learning_rates: title → η (one panel each, at most 5); steps: updates per
    run; w_values, b_values: the grid (see ``loss_grid``); title: the figure's title (default: how
    many steps at how many rates). Every path starts at (0, 0). Returns the figure.
    """
    x_arr, y_arr = _one_feature(x, y)
    w_arr = _validate.increasing_axis(w_values, "w_values")
    b_arr = _validate.increasing_axis(b_values, "b_values")
    if not 1 <= len(learning_rates) <= len(PATH_COLORS):
        raise ValueError(
            f"learning_rates must hold 1 to {len(PATH_COLORS)} entries, got {len(learning_rates)}"
        )
    grid = loss_grid(x_arr, y_arr, w_arr, b_arr)
    n = len(learning_rates)
    # At most two panels a row, so that the figure fits the notebook column at full size (a 2 × 2
    # grid for four rates rather than 1 × 4, whose labels would shrink with the figure).
    cols = min(n, 2)
    rows = -(-n // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(COLUMN_WIDTH, 3.9 * rows), sharex=True, sharey=True, squeeze=False,
        layout="constrained",
    )
    for ax in axes.flat[n:]:
        ax.remove()
    for ax, (name, eta), color in zip(axes.flat, learning_rates.items(), PATH_COLORS, strict=False):
        _draw_surface(ax, grid, w_arr, b_arr)
        _mark_lowest(ax, grid, w_arr, b_arr)
        _label_axes(ax, w_arr, b_arr)
        path = descent_path(x_arr, y_arr, eta, steps)
        ax.plot(path.params[:, 0], path.params[:, 1], "-o", color=color, ms=2.5, lw=1.4)
        ax.plot(path.params[-1, 0], path.params[-1, 1], "o", color=color, mec=COLORS["black"], ms=7)
        ax.set_title(f"{name}\n{_path_label(path)}")
        if ax.get_subplotspec().colspan.start > 0:
            ax.set_ylabel("")
        if ax.get_subplotspec().rowspan.stop < rows:
            ax.set_xlabel("")
    fig.suptitle(title or f"{steps} gradient-descent steps from (0, 0) at {n} learning rates", fontsize=12)
    return fig


def draw_loss_per_step(curves: Mapping[str, object], title: str, ylabel: str = "loss (log scale)"):
    """Loss against step on a log scale, one line per run.

    curves: label → (k + 1,) losses after 0, 1, …, k steps (finite and positive, at most 5 runs);
    title: what to see; ylabel: the y axis' label. Returns the figure.
    """
    if not 1 <= len(curves) <= len(PATH_COLORS):
        raise ValueError(f"curves must hold 1 to {len(PATH_COLORS)} entries, got {len(curves)}")
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for (label, values), color in zip(curves.items(), PATH_COLORS[1:] + PATH_COLORS[:1], strict=False):
        arr = _validate.as_float_array(values, f"curves[{label!r}]")
        if arr.ndim != 1 or np.any(arr <= 0):
            raise ValueError(f"curves[{label!r}] must be a 1-D array of positive losses")
        ax.plot(np.arange(arr.size), arr, color=color, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("step (full-batch epoch)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=8)
    return fig


def draw_descent_panel(
    x: object,
    y: object,
    w_values: object,
    b_values: object,
    learning_rate: float = 1.0,
    steps: int = 100,
    max_steps: int | None = None,
    precompute: object = None,
):
    """The slider view at (learning_rate, steps): the path on the loss contours, and the loss per step.

    x: (m, 1); y: (m,); w_values, b_values: the contour grid (see ``loss_grid``); max_steps: the
    longest run ``update`` will be asked for (default: ``steps``); precompute: learning rates whose
    paths are computed up front (``descent_paths``), e.g. every value of a slider. Returns
    (figure, update) where
    ``update(learning_rate, steps)`` moves the artists in place. Each learning rate's path is
    computed once for ``max_steps`` steps and kept, so moving the steps slider, or returning to a
    learning rate seen before, costs no computation. Axis limits and titles never change after the
    first draw (the loss axis spans 0 to ``max_steps``; the run's numbers are a text box in the path
    panel), so a redraw only redraws the lines and that box.
    """
    x_arr, y_arr = _one_feature(x, y)
    w_arr = _validate.increasing_axis(w_values, "w_values")
    b_arr = _validate.increasing_axis(b_values, "b_values")
    steps = _validate.check_scalar(steps, "steps", int, low=1)
    max_steps = steps if max_steps is None else _validate.check_scalar(max_steps, "max_steps", int, low=1)
    grid = loss_grid(x_arr, y_arr, w_arr, b_arr)
    fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(10.5, 4.2), width_ratios=(1.1, 1.0))
    _draw_surface(ax_path, grid, w_arr, b_arr)
    _mark_lowest(ax_path, grid, w_arr, b_arr)
    _label_axes(ax_path, w_arr, b_arr)
    (path_line,) = ax_path.plot([], [], "-o", color=COLORS["vermillion"], ms=2.5, lw=1.4, label="path")
    (end_point,) = ax_path.plot([], [], "o", color=COLORS["vermillion"], mec=COLORS["black"], ms=8)
    ax_path.plot(0.0, 0.0, "s", color=COLORS["black"], ms=5, label="start (0, 0)")
    ax_path.legend(loc="lower left", fontsize=8, frameon=True)
    ax_path.set_title("Path of gradient descent on the loss contours (nats)", fontsize=11)
    status = ax_path.text(
        0.98, 0.97, "", transform=ax_path.transAxes, ha="right", va="top", fontsize=10,
        bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
    )

    (loss_line,) = ax_loss.plot([], [], color=COLORS["vermillion"], label="training loss")
    ax_loss.axhline(float(grid.min()), color=COLORS["black"], ls=":", lw=1.2, label="lowest loss on the grid")
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(0.9 * float(grid.min()), 8.0)
    ax_loss.yaxis.set_major_locator(FixedLocator([0.3, 0.5, 1.0, 2.0, 5.0]))
    ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_loss.yaxis.set_minor_locator(NullLocator())
    ax_loss.set_xlabel("step (full-batch epoch)")
    ax_loss.set_ylabel("mean cross-entropy (nats, log scale)")
    ax_loss.set_title("Loss after each step: falling, zig-zagging or bouncing", fontsize=11)
    ax_loss.set_xlim(0, max_steps)  # fixed, so a slider move redraws only the lines
    ax_loss.legend(loc="upper right", fontsize=8)

    def key(eta: float) -> float:  # a slider's value may differ from 10**k in the last digit
        return float(f"{eta:.9g}")

    paths: dict[float, DescentPath] = {}
    if precompute is not None:
        paths = {key(eta): path for eta, path in descent_paths(x_arr, y_arr, precompute, max_steps).items()}

    def update(learning_rate: float, steps: int) -> None:
        eta = float(learning_rate)
        n = min(int(steps), max_steps)
        if key(eta) not in paths:
            paths[key(eta)] = descent_path(x_arr, y_arr, eta, max_steps)
        full = paths[key(eta)]
        shown = DescentPath(eta, full.params[: n + 1], full.loss[: n + 1])
        path_line.set_data(shown.params[:, 0], shown.params[:, 1])
        end_point.set_data(shown.params[-1:, 0], shown.params[-1:, 1])
        loss_line.set_data(np.arange(n + 1), shown.loss)
        status.set_text(_path_label(shown))

    update(learning_rate, steps)
    return fig, update


def descent_widget(
    x: object,
    y: object,
    w_values: object,
    b_values: object,
    learning_rate: float = 1.0,
    steps: int = 100,
    max_steps: int = 300,
) -> SliderFigure:
    """Sliders for the learning rate (log scale, 0.01 to about 31.6) and the steps (1 to max_steps).

    x: (m, 1); y: (m,); w_values, b_values: the contour grid. The view is ``draw_descent_panel``.
    Returns the ``SliderFigure`` (display it, or set ``.sliders["learning_rate"].value`` /
    ``.sliders["steps"].value`` from code).
    """
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    max_steps = _validate.check_scalar(max_steps, "max_steps", int, low=1)
    steps = _validate.check_scalar(steps, "steps", int, low=1, high=max_steps)
    lr_slider = learning_rate_slider(eta, LR_EXPONENTS, LR_STEP)
    # Every value the slider can take, computed up front in one batch (about 70 rates × max_steps).
    values = 10 ** np.linspace(*LR_EXPONENTS, round((LR_EXPONENTS[1] - LR_EXPONENTS[0]) / LR_STEP) + 1)
    fig, update = draw_descent_panel(
        x, y, w_values, b_values, eta, steps, max_steps, precompute=np.append(values, eta)
    )
    sliders = {
        "learning_rate": lr_slider,
        "steps": widgets.IntSlider(
            value=steps, min=1, max=max_steps, step=1, description="steps",
            continuous_update=False, style={"description_width": "initial"},
        ),
    }
    return SliderFigure(fig, sliders, update)
