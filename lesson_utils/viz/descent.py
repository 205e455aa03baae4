"""Lesson 5: gradient descent on a one-feature logistic regression, drawn on its loss surface.

With one feature the model z = w·x + b has two parameters, so its loss L(w, b) is a surface we can
draw as contours, and every gradient-descent run is a path on it. Pure functions (``loss_grid``,
``descent_path``) compute what the figures show; ``draw_descent_paths`` draws the static panels,
``draw_descent_panel`` the slider view, and ``descent_widget`` adds a learning-rate and a steps
slider to it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .. import _validate
from ..loss import _bce_with_logits
from ..model import LogisticRegression
from ..training import DivergenceWarning, History, train
from .style import COLORS, SEQUENTIAL_CMAP
from .widgets import SliderFigure, learning_rate_slider

#: Loss values the contour lines are drawn at (nats).
CONTOUR_LEVELS = (0.32, 0.35, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0)

#: The learning-rate slider runs from 10**LR_EXPONENTS[0] to 10**LR_EXPONENTS[1].
LR_EXPONENTS = (-2.0, 1.5)

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
    w_arr = _validate.increasing_axis("w_values", w_values)
    b_arr = _validate.increasing_axis("b_values", b_values)
    wx = np.outer(w_arr, x_arr[:, 0])  # (nw, m)
    out = np.empty((b_arr.size, w_arr.size))
    for i, b in enumerate(b_arr):
        out[i] = _bce_with_logits(y_arr, wx + b).mean(axis=1)
    return out


def descent_path(
    x: object, y: object, learning_rate: float, steps: int, start: tuple[float, float] = (0.0, 0.0)
) -> History:
    """Full-batch gradient descent on the one-feature model, from ``start``, with ``lesson_utils.train``.

    x: (m, 1) samples; y: (m,) labels in {0, 1}; learning_rate: η > 0; steps: number of updates
    (epochs), at least 1; start: (w, b) where the path begins. Returns the ``History``:
    ``params`` (k + 1, 2) holds the path [w, b], ``train_loss`` (k + 1,) the loss along it. When the
    loss explodes the run stops early and ``diverged_at`` says at which step; no warning is raised,
    because here a divergent learning rate is something to look at, not a mistake.
    """
    x_arr, y_arr = _one_feature(x, y)
    theta = _validate.as_float_array("start", start)
    if theta.shape != (2,):
        raise ValueError(f"start must be one point (w, b), got shape {theta.shape}")
    model = LogisticRegression(1)
    model.set_parameters(theta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        return train(model, x_arr, y_arr, steps, learning_rate)


def _path_label(history: History) -> str:
    eta = f"η = {history.learning_rate:g}"
    if history.diverged_at is not None:
        return f"{eta}: diverged at step {history.diverged_at}"
    return f"{eta}: loss {history.train_loss[-1]:.4f} after {history.epochs} steps"


def _draw_surface(ax, x, y, w_values, b_values):
    grid = loss_grid(x, y, w_values, b_values)
    extent = (w_values[0], w_values[-1], b_values[0], b_values[-1])
    ax.imshow(np.log10(grid), origin="lower", extent=extent, aspect="auto", cmap=SEQUENTIAL_CMAP, alpha=0.55)
    lines = ax.contour(
        w_values, b_values, grid, levels=CONTOUR_LEVELS, colors=COLORS["black"], linewidths=0.7
    )
    ax.clabel(lines, fmt="%g", fontsize=7)
    best = np.unravel_index(np.argmin(grid), grid.shape)
    ax.plot(
        w_values[best[1]], b_values[best[0]], "*", color=COLORS["black"], ms=11, label="lowest grid point"
    )
    ax.set_xlim(w_values[0], w_values[-1])
    ax.set_ylim(b_values[0], b_values[-1])
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    ax.grid(False)
    return grid


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
    w_arr = _validate.increasing_axis("w_values", w_values)
    b_arr = _validate.increasing_axis("b_values", b_values)
    if not 1 <= len(learning_rates) <= len(PATH_COLORS):
        raise ValueError(
            f"learning_rates must hold 1 to {len(PATH_COLORS)} entries, got {len(learning_rates)}"
        )
    n = len(learning_rates)
    fig, axes = plt.subplots(1, n, figsize=(3.4 * n, 3.6), sharey=True, squeeze=False)
    for ax, (name, eta), color in zip(axes[0], learning_rates.items(), PATH_COLORS, strict=False):
        _draw_surface(ax, x_arr, y_arr, w_arr, b_arr)
        history = descent_path(x_arr, y_arr, eta, steps)
        ax.plot(history.params[:, 0], history.params[:, 1], "-o", color=color, ms=2.5, lw=1.4)
        ax.plot(history.params[-1, 0], history.params[-1, 1], "o", color=color, mec=COLORS["black"], ms=7)
        ax.set_title(f"{name}\n{_path_label(history)}", fontsize=10)
        if ax is not axes[0][0]:
            ax.set_ylabel("")
    fig.suptitle(title or f"{steps} gradient-descent steps from (0, 0) at {n} learning rates", fontsize=12)
    return fig


def draw_descent_panel(
    x: object,
    y: object,
    w_values: object,
    b_values: object,
    learning_rate: float = 1.0,
    steps: int = 100,
):
    """The slider view at (learning_rate, steps): the path on the loss contours, and the loss per step.

    x: (m, 1); y: (m,); w_values, b_values: the contour grid (see ``loss_grid``). Returns
    (figure, update) where ``update(learning_rate, steps)`` recomputes the path and moves the
    artists in place. Use it alone for the static figure; ``descent_widget`` wires sliders to it.
    """
    x_arr, y_arr = _one_feature(x, y)
    w_arr = _validate.increasing_axis("w_values", w_values)
    b_arr = _validate.increasing_axis("b_values", b_values)
    fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(10.5, 4.2), width_ratios=(1.1, 1.0))
    grid = _draw_surface(ax_path, x_arr, y_arr, w_arr, b_arr)
    (path_line,) = ax_path.plot([], [], "-o", color=COLORS["vermillion"], ms=2.5, lw=1.4, label="path")
    (end_point,) = ax_path.plot([], [], "o", color=COLORS["vermillion"], mec=COLORS["black"], ms=8)
    ax_path.plot(0.0, 0.0, "s", color=COLORS["black"], ms=5, label="start (0, 0)")
    ax_path.legend(loc="lower left", fontsize=8, frameon=True)

    (loss_line,) = ax_loss.plot([], [], color=COLORS["vermillion"], label="training loss")
    ax_loss.axhline(float(grid.min()), color=COLORS["black"], ls=":", lw=1.2, label="lowest loss on the grid")
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(0.9 * float(grid.min()), 8.0)
    ax_loss.yaxis.set_major_locator(FixedLocator([0.3, 0.5, 1.0, 2.0, 5.0]))
    ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_loss.yaxis.set_minor_locator(NullLocator())
    ax_loss.set_xlabel("step (full-batch epoch)")
    ax_loss.set_ylabel("mean cross-entropy (nats, log scale)")
    ax_loss.set_title("Loss after each step: falling, zig-zagging or exploding", fontsize=11)
    ax_loss.legend(loc="upper right", fontsize=8)

    def update(learning_rate: float, steps: int) -> None:
        history = descent_path(x_arr, y_arr, learning_rate, steps)
        path_line.set_data(history.params[:, 0], history.params[:, 1])
        end_point.set_data(history.params[-1:, 0], history.params[-1:, 1])
        loss_line.set_data(np.arange(history.epochs + 1), history.train_loss)
        ax_loss.set_xlim(0, max(int(steps), 1))
        ax_path.set_title(_path_label(history), fontsize=11)

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
    eta = _validate.positive_number("learning_rate", learning_rate)
    max_steps = _validate.positive_int("max_steps", max_steps)
    steps = _validate.positive_int("steps", steps, max_steps, f"max_steps = {max_steps}")
    lr_slider = learning_rate_slider(eta, LR_EXPONENTS, 0.05)
    fig, update = draw_descent_panel(x, y, w_values, b_values, eta, steps)
    sliders = {
        "learning_rate": lr_slider,
        "steps": widgets.IntSlider(
            value=steps, min=1, max=max_steps, step=1, description="steps",
            continuous_update=False, style={"description_width": "initial"},
        ),
    }
    return SliderFigure(fig, sliders, update)
