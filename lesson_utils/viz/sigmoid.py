"""Lesson 2 figures: the sigmoid and its derivative, and g = σ(w x + b) on one-feature data (with sliders).

``sigmoid_panel`` computes everything the w/b figure shows (tested on its own): the probability curve,
the decision boundary x = −b/w (none when w = 0, and the panel says so), and the predictions on the data.
``sigmoid_figure`` draws it once; ``sigmoid_widget`` adds sliders for w and b.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..data import make_two_gaussians
from ..sigmoid import sigmoid, sigmoid_derivative
from .style import COLORS, COLUMN_WIDTH, scatter_labels
from .widgets import SliderFigure

#: The x range every w/b panel shows.
X_RANGE = (-5.0, 5.0)
#: Slider ranges for w and b.
W_RANGE = (-4.0, 4.0)
B_RANGE = (-4.0, 4.0)


def one_feature_data(n_samples: int = 40, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A small one-feature data set: class 0 around x = −1.5, class 1 around x = +1.5, both with std 1.

    n_samples: m, at least 2 (half per class); seed: random seed (same seed, same data).
    Returns (x, y): x (m, 1) feature values and y (m,) labels in {0, 1}. The classes overlap a little,
    so no boundary classifies every point correctly.
    """
    return make_two_gaussians(n_samples, means=((-1.5,), (1.5,)), std=1.0, seed=seed)


def decision_boundary(w: float, b: float) -> float | None:
    """Where g = σ(w x + b) crosses 1/2, i.e. where z = w x + b = 0: x = −b / w.

    w, b: finite real numbers. Returns x = −b/w as a float, or ``None`` when w = 0: then
    g = σ(b) is the same for every x and there is no boundary. When −b/w is beyond the float range
    (for example w = 1e-320, b = 1) the result is −inf or +inf, without a warning.
    """
    w = _validate.check_scalar(w, "w", float)
    b = _validate.check_scalar(b, "b", float)
    if w == 0.0:
        return None
    with np.errstate(over="ignore"):
        boundary = float(np.float64(-b) / np.float64(w))
    return boundary + 0.0  # turns −0.0 (from b = 0) into 0.0


@dataclass(frozen=True)
class SigmoidPanel:
    """What the w/b figure shows.

    x_grid: (n,) points of X_RANGE; g_curve: (n,) σ(w x + b) on them; boundary: x = −b/w, or None
    when w = 0; g_data: (m,) σ(w x + b) at the samples; predicted: (m,) classes by the rule g ≥ 1/2
    (the same as z ≥ 0); accuracy: share of samples whose predicted class equals y; message: one
    sentence saying where the boundary is, or that there is none and why.
    """

    w: float
    b: float
    x_grid: np.ndarray
    g_curve: np.ndarray
    boundary: float | None
    g_data: np.ndarray
    predicted: np.ndarray
    accuracy: float
    message: str


def _boundary_message(w: float, b: float, boundary: float | None) -> str:
    if boundary is None:
        g = float(sigmoid(b))
        if b > 0:
            every = "every x is predicted class 1"
        elif b < 0:
            every = "every x is predicted class 0"
        else:
            every = "every x is a tie (g ≥ 0.5 puts it in class 1)"
        return f"w = 0: g = σ(b) = {g:.2f} for every x, so there is no boundary; {every}."
    side = "right" if w > 0 else "left"
    where = f"boundary at x = −b/w = {boundary:.2f}"
    if not X_RANGE[0] <= boundary <= X_RANGE[1]:
        where += " (outside the panel)"
    return f"{where}; g > 0.5 to its {side}."


def sigmoid_panel(w: float, b: float, x: np.ndarray, y: np.ndarray, n_points: int = 400) -> SigmoidPanel:
    """Probability curve, decision boundary and predictions of g = σ(w x + b) on one-feature data.

    w, b: finite real numbers; x: (m, 1) or (m,) feature values; y: (m,) labels in {0, 1};
    n_points: grid size n (at least 2) for the curve over X_RANGE. Returns a ``SigmoidPanel``.
    """
    w = _validate.check_scalar(w, "w", float)
    b = _validate.check_scalar(b, "b", float)
    x = _validate.one_feature(x)
    y = _validate.labels(y, "y", x.shape[0])
    n = _validate.check_scalar(n_points, "n_points", int, low=1)
    if n < 2:
        raise ValueError(f"n_points must be at least 2 to draw a curve, got {n}")
    x_grid = np.linspace(*X_RANGE, n)
    with np.errstate(over="ignore"):  # w·x may overflow to ±inf for huge w; σ(±inf) is 1 or 0
        z_grid = w * x_grid + b
        z_data = w * x + b
    boundary = decision_boundary(w, b)
    g_data = np.asarray(sigmoid(z_data))
    predicted = (g_data >= 0.5).astype(float)
    return SigmoidPanel(
        w=w,
        b=b,
        x_grid=x_grid,
        g_curve=np.asarray(sigmoid(z_grid)),
        boundary=boundary,
        g_data=g_data,
        predicted=predicted,
        accuracy=float(np.mean(predicted == y)),
        message=_boundary_message(w, b, boundary),
    )


def _build_sigmoid_figure(
    w: float, b: float, x: np.ndarray | None, y: np.ndarray | None
) -> tuple[Figure, Callable[..., None]]:
    if (x is None) != (y is None):
        raise TypeError("x and y must be given together (or both left out for the default data)")
    if x is None:
        x, y = one_feature_data()
    panel = sigmoid_panel(w, b, x, y)
    x1 = _validate.one_feature(x)
    y1 = _validate.labels(y, "y", x1.shape[0])

    fig, (ax, ax_text) = plt.subplots(2, 1, figsize=(9.0, 5.4), height_ratios=(5, 1.2))
    ax_text.axis("off")
    scatter_labels(ax, x1, y1, zorder=3)
    ax.axhline(0.5, color=COLORS["black"], lw=0.8, ls=":")
    (curve,) = ax.plot(panel.x_grid, panel.g_curve, color=COLORS["black"], label="g = σ(w x + b)")
    (boundary_line,) = ax.plot([], [], color=COLORS["green"], ls="--", lw=1.5, label="boundary: g = 0.5")
    message = ax_text.text(0.0, 1.0, "", transform=ax_text.transAxes, va="top", fontsize=10)
    ax.set(
        xlim=X_RANGE,
        ylim=(-0.08, 1.08),
        xlabel="feature x",
        ylabel="g = P(y = 1 | x)",
        title="w sets the steepness and direction of g, b shifts it; the boundary is where g = 0.5",
    )
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)

    def update(w: float, b: float) -> None:
        new = sigmoid_panel(w, b, x1, y1)
        curve.set_data(new.x_grid, new.g_curve)
        if new.boundary is None or not np.isfinite(new.boundary):
            boundary_line.set_data([], [])
            boundary_line.set_visible(False)
        else:
            boundary_line.set_data([new.boundary, new.boundary], [-0.08, 1.08])
            boundary_line.set_visible(True)
        message.set_text(
            f"w = {new.w:.2f}, b = {new.b:.2f}\n{new.message}\n"
            f"accuracy on these {len(y1)} points (class 1 where g ≥ 0.5): {new.accuracy:.3f}"
        )

    update(w, b)
    return fig, update


def sigmoid_figure(
    w: float = 2.0, b: float = 1.0, x: np.ndarray | None = None, y: np.ndarray | None = None
) -> Figure:
    """Static figure of g = σ(w x + b) over the data, with the boundary x = −b/w (or a note that it has none).

    w, b: finite numbers; x: (m, 1) and y: (m,) data, or both None for ``one_feature_data()``.
    """
    fig, _ = _build_sigmoid_figure(w, b, x, y)
    return fig


def sigmoid_widget(
    w: float = 2.0, b: float = 1.0, x: np.ndarray | None = None, y: np.ndarray | None = None
) -> SliderFigure:
    """The w/b figure with sliders for w and b (each −4 … 4, step 0.1, and w = 0 is on the slider).

    w, b: starting values inside the slider ranges; x, y as for ``sigmoid_figure``.
    """
    w = _validate.check_scalar(w, "w", float)
    b = _validate.check_scalar(b, "b", float)
    for name, value, (low, high) in (("w", w, W_RANGE), ("b", b, B_RANGE)):
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high} for the slider, got {value!r}")
    fig, update = _build_sigmoid_figure(w, b, x, y)
    sliders = {
        "w": widgets.FloatSlider(value=w, min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="w"),
        "b": widgets.FloatSlider(value=b, min=B_RANGE[0], max=B_RANGE[1], step=0.1, description="b"),
    }
    return SliderFigure(fig, sliders, update)


def sigmoid_properties_figure(z_limit: float = 8.0) -> Figure:
    """Two panels over z in [−z_limit, z_limit]: σ(z) with its limits and σ(0) = 1/2, and σ'(z) = g(1 − g).

    z_limit: positive finite half-width of the z axis. Returns the figure.
    """
    limit = _validate.check_scalar(z_limit, "z_limit", float, low=0, include_low=False)
    z = np.linspace(-limit, limit, 401)
    g = np.asarray(sigmoid(z))
    dg_dz = np.asarray(sigmoid_derivative(z))
    fig, (ax_g, ax_d) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.0))

    ax_g.plot(z, g, color=COLORS["vermillion"], label="g = σ(z) = 1 / (1 + e^(−z))")
    ax_g.axhline(1.0, color=COLORS["black"], lw=0.8, ls=":", label="limits 0 and 1 (no real z reaches them)")
    ax_g.axhline(0.0, color=COLORS["black"], lw=0.8, ls=":")
    ax_g.plot([0.0], [0.5], "o", color=COLORS["blue"], label="σ(0) = 1/2")
    ax_g.set(xlabel="logit z", ylabel="g = σ(z)", title="σ rises from 0 to 1, passing 1/2 at z = 0")
    ax_g.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93), fontsize=9)

    ax_d.plot(z, dg_dz, color=COLORS["blue"], label="dg/dz = g (1 − g)")
    ax_d.plot([0.0], [0.25], "o", color=COLORS["vermillion"], label="peak 1/4 at z = 0")
    ax_d.set(
        xlabel="logit z",
        ylabel="dg/dz",
        ylim=(0.0, 0.3),
        title="Its slope is at most 1/4 and vanishes for large |z|",
    )
    ax_d.legend(loc="upper left", fontsize=9)
    return fig
