"""Lesson 5: gradient descent on a one-feature logistic regression, drawn on its loss surface.

With one feature the model z = w·x + b has two parameters, so its loss L(w, b) is a surface we can
draw as contours, and every gradient-descent run is a path on it. Pure functions (``descent_path``,
``descent_paths``) compute the runs; ``descent_paths_figure`` draws one panel per learning rate,
``loss_per_step_figure`` compares loss curves, ``descent_figure`` is the view the sliders of
``descent_widget`` (learning rate, steps) move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .. import _core, _validate
from ..loss import loss_grid
from .draw import draw_loss_surface
from .style import COLORS, COLUMN_WIDTH, SERIES
from .widgets import SliderFigure, learning_rate_slider

#: Loss values the contour lines are drawn at (nats).
CONTOUR_LEVELS = (0.32, 0.35, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 4.0)

#: The learning-rate slider runs from 10**LR_EXPONENTS[0] to 10**LR_EXPONENTS[1] in steps of LR_STEP.
LR_EXPONENTS = (-2.0, 1.5)
LR_STEP = 0.05


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
    rule. (Nothing can overflow: |g − y| ≤ 1, so a step moves w and b by at most η·max|x| and η,
    and the loss is computed from the logits.) Returns a ``DescentPath`` (``descent_paths`` at one η).
    """
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    return descent_paths(x, y, [eta], steps, start)[eta]


def descent_paths(x: object, y: object, learning_rates: object, steps: int,
                  start: tuple[float, float] = (0.0, 0.0)) -> dict[float, DescentPath]:
    """Lesson 5's loop at many learning rates at once, one row per η, every path from ``start``.

    x: (m, 1); y: (m,) labels in {0, 1}; learning_rates: (k,) positive η; steps: updates per run;
    start: (w, b). Returns η → ``DescentPath``. The slider view uses it to compute every path its
    learning-rate slider can show in one go.
    """
    x_arr = _validate.features(x, "x", 1)
    y_arr = _validate.labels(y, "y", x_arr.shape[0])
    etas = _validate.as_float_array(learning_rates, "learning_rates")
    if etas.ndim != 1 or etas.size == 0 or np.any(etas <= 0):
        raise ValueError("learning_rates must be a non-empty 1-D array of positive numbers")
    steps = _validate.check_scalar(steps, "steps", int, low=1)
    theta = _validate.as_float_array(start, "start")
    if theta.shape != (2,):
        raise ValueError(f"start must be one point (w, b), got shape {theta.shape}")
    x1 = x_arr[:, 0]
    w, b = np.full(etas.size, theta[0]), np.full(etas.size, theta[1])
    params = np.empty((steps + 1, etas.size, 2))
    loss = np.empty((steps + 1, etas.size))
    for k in range(steps + 1):
        z = w[:, None] * x1 + b[:, None]  # (k rates, m samples)
        params[k, :, 0], params[k, :, 1] = w, b
        loss[k] = _core.bce_with_logits(y_arr, z).mean(axis=1)
        if k == steps:
            break
        dL_dz = _core.sigmoid(z) - y_arr
        w, b = w - etas * (dL_dz @ x1) / x1.size, b - etas * dL_dz.mean(axis=1)
    return {float(eta): DescentPath(float(eta), params[:, i], loss[:, i]) for i, eta in enumerate(etas)}


def _checked(x, y, w_values, b_values):
    x = _validate.features(x, "x", 1)
    w_values = _validate.increasing_axis(w_values, "w_values")
    return x, _validate.labels(y, "y", x.shape[0]), w_values, _validate.increasing_axis(b_values, "b_values")


def _path_label(path: DescentPath) -> str:
    steps = f"{path.steps} step" + ("" if path.steps == 1 else "s")
    return f"η = {path.learning_rate:.3g}: loss {path.loss[-1]:.4f} after {steps}"


def _loss_on_grid(x, y, w_values, b_values) -> np.ndarray:
    """L(w, b) of the one-feature model on the grid: ``loss_grid`` with the columns [x, 1]."""
    return loss_grid(np.column_stack([x, np.ones(len(x))]), y, w_values, b_values)


def _draw_contours(ax, grid, w_values, b_values) -> None:
    """The loss grid shaded with contours, the lowest grid point starred."""
    contours = draw_loss_surface(ax, w_values, b_values, grid, levels=CONTOUR_LEVELS, labels=False)[1]
    ax.clabel(contours, CONTOUR_LEVELS[2:], fmt="%.2g")  # the two rings round the star: unlabelled
    best = np.unravel_index(np.argmin(grid), grid.shape)
    ax.plot(w_values[best[1]], b_values[best[0]], "*", color=COLORS["reference"], ms=11,
            label="lowest grid point")
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")


def descent_paths_figure(x: object, y: object, learning_rates: Mapping[str, float], steps: int,
                         w_values: object, b_values: object, title: str | None = None):
    """One panel per learning rate: the path of ``steps`` updates from (0, 0) on the loss contours.

    x: (m, 1); y: (m,); learning_rates: panel title → η (at least one); w_values, b_values: the
    increasing grid of the contours; title: the figure's title (default: how many steps at how
    many rates). Returns the figure.
    """
    x, y, w_values, b_values = _checked(x, y, w_values, b_values)
    if not learning_rates:
        raise ValueError("learning_rates must hold at least one entry, got none")
    by_rate = descent_paths(x, y, list(learning_rates.values()), steps)
    paths = {name: by_rate[float(eta)] for name, eta in learning_rates.items()}
    grid = _loss_on_grid(x, y, w_values, b_values)
    n = len(paths)
    # At most two panels a row, so that the figure fits the notebook column at full size.
    cols = min(n, 2)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(COLUMN_WIDTH, 3.9 * rows), sharex=True, sharey=True,
                             squeeze=False, layout="constrained")
    for ax in axes.flat[n:]:
        ax.remove()
    for ax, (name, path) in zip(axes.flat, paths.items(), strict=False):
        _draw_contours(ax, grid, w_values, b_values)
        ax.plot(path.params[:, 0], path.params[:, 1], "-o", color=COLORS["path"], ms=2.5, lw=1.4)
        ax.plot(path.params[-1, 0], path.params[-1, 1], "o", color=COLORS["path"], mec=COLORS["reference"],
                ms=7)
        ax.set_title(f"{name}\n{_path_label(path)}")
        ax.label_outer()
    fig.suptitle(title or f"{steps} gradient-descent steps from (0, 0) at {n} learning rates")
    return fig


def loss_per_step_figure(curves: Mapping[str, object], title: str, ylabel: str = "loss (log scale)"):
    """Loss against step on a log scale, one line per run.

    curves: label → (k + 1,) positive losses after 0, 1, …, k steps; title: what to see; ylabel:
    the y-axis label. Returns the figure.
    """
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for (label, values), color in zip(curves.items(), SERIES, strict=False):
        ax.plot(np.asarray(values, dtype=float), color=color, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("step (full-batch epoch)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left")
    return fig


def _descent_view(x, y, w_values, b_values, learning_rate, steps, max_steps, precompute=None):
    """The slider view: (figure, update(learning_rate, steps)), the artists moved in place.

    Each learning rate's path is computed once for ``max_steps`` steps and kept (those in
    ``precompute`` up front), so a slider move costs no computation; axis limits never change,
    so a redraw only redraws the lines and the left title (which reports the run shown).
    """
    fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.6), width_ratios=(1.1, 1.0),
                                           layout="constrained")
    grid = _loss_on_grid(x, y, w_values, b_values)
    _draw_contours(ax_path, grid, w_values, b_values)
    (path_line,) = ax_path.plot([], [], "-o", color=COLORS["path"], ms=2.5, lw=1.4, label="path")
    (end_point,) = ax_path.plot([], [], "o", color=COLORS["path"], mec=COLORS["reference"], ms=8)
    (start,) = ax_path.plot(0.0, 0.0, "s", color=COLORS["reference"], ms=5, label="start (0, 0)")

    (loss_line,) = ax_loss.plot([], [], color=COLORS["path"], label="training loss")
    floor = ax_loss.axhline(grid.min(), color=COLORS["reference"], ls=":", lw=1.2,
                            label="lowest loss on the grid")
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(0.9 * float(grid.min()), 30.0)  # η = 31.6 peaks at about 24
    ax_loss.yaxis.set_major_locator(FixedLocator([0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]))
    ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_loss.yaxis.set_minor_locator(NullLocator())
    ax_loss.set_xlabel("step (full-batch epoch)")
    ax_loss.set_ylabel("mean cross-entropy (nats, log scale)")
    ax_loss.set_title("Loss after each step")
    ax_loss.set_xlim(0, max_steps)
    # One legend for both panels, under them: inside, it would hide contour labels or a path.
    fig.legend([path_line, start, (floor, ax_path.lines[0])], ["the run (path, loss)", "start (0, 0)",
               "lowest grid point"], loc="outside lower center", ncols=3)

    def key(eta: float) -> float:  # a slider's value may differ from 10**k in the last digit
        return float(f"{eta:.9g}")

    paths = {}
    if precompute is not None:
        paths = {key(eta): path for eta, path in descent_paths(x, y, precompute, max_steps).items()}

    def update(learning_rate: float, steps: int) -> None:
        eta, n = float(learning_rate), min(int(steps), max_steps)
        if key(eta) not in paths:
            paths[key(eta)] = descent_path(x, y, eta, max_steps)
        full = paths[key(eta)]
        shown = DescentPath(eta, full.params[: n + 1], full.loss[: n + 1])
        path_line.set_data(shown.params[:, 0], shown.params[:, 1])
        end_point.set_data(shown.params[-1:, 0], shown.params[-1:, 1])
        loss_line.set_data(np.arange(n + 1), shown.loss)
        ax_path.set_title(f"Path on the loss contours (nats)\n{_path_label(shown)}")

    update(learning_rate, steps)
    return fig, update


def descent_figure(x: object, y: object, w_values: object, b_values: object, learning_rate: float = 1.0,
                   steps: int = 100):
    """Left: the path of ``steps`` updates at ``learning_rate`` on the loss contours; right: the loss.

    x: (m, 1); y: (m,); w_values, b_values: the increasing contour grid. The static view of
    ``descent_widget``. Returns the figure.
    """
    x, y, w_values, b_values = _checked(x, y, w_values, b_values)
    steps = _validate.check_scalar(steps, "steps", int, low=1)
    return _descent_view(x, y, w_values, b_values, learning_rate, steps, steps)[0]


def descent_widget(x: object, y: object, w_values: object, b_values: object, learning_rate: float = 1.0,
                   steps: int = 100, max_steps: int = 300) -> SliderFigure:
    """``descent_figure`` with sliders for the learning rate (log scale, 0.01 to about 31.6) and the steps.

    The steps slider runs from 1 to ``max_steps``. Every learning rate the slider can take is
    computed up front (about 70 rates × max_steps), so a move only redraws. Returns the
    ``SliderFigure`` (display it, or set ``.sliders["learning_rate"].value`` from code).
    """
    x, y, w_values, b_values = _checked(x, y, w_values, b_values)
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    max_steps = _validate.check_scalar(max_steps, "max_steps", int, low=1)
    steps = _validate.check_scalar(steps, "steps", int, low=1, high=max_steps)
    lr_slider = learning_rate_slider(eta, LR_EXPONENTS, LR_STEP)
    values = 10 ** np.linspace(*LR_EXPONENTS, round((LR_EXPONENTS[1] - LR_EXPONENTS[0]) / LR_STEP) + 1)
    fig, update = _descent_view(x, y, w_values, b_values, eta, steps, max_steps,
                                precompute=np.append(values, eta))
    steps_slider = widgets.IntSlider(value=steps, min=1, max=max_steps, step=1, description="steps",
                                     continuous_update=False, style={"description_width": "initial"})
    return SliderFigure(fig, {"learning_rate": lr_slider, "steps": steps_slider}, update)
