"""Lesson 2 figures: the sigmoid and its derivative, and g = σ(w x + b) on one-feature data (with sliders)."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..data import make_two_gaussians
from ..sigmoid import sigmoid, sigmoid_derivative
from .draw import draw_samples
from .style import COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: The x range every w/b figure shows.
X_RANGE = (-5.0, 5.0)
#: Range of the w and b sliders (w = 0 is on it).
SLIDER_RANGE = (-4.0, 4.0)


def one_feature_data(n_samples: int = 40, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Lesson 1's one-feature data: class 0 around x = −1.5, class 1 around x = +1.5, both with std 1.

    n_samples: m, at least 2 (half per class); seed: random seed. Returns x (m, 1) and y (m,) labels
    in {0, 1}. The classes overlap a little, so no boundary classifies every point correctly.
    """
    return make_two_gaussians(n_samples, means=((-1.5,), (1.5,)), std=1.0, seed=seed)


def decision_boundary(w: float, b: float) -> float | None:
    """Where g = σ(w x + b) crosses 1/2, i.e. where z = w x + b = 0: x = −b / w.

    w, b: finite numbers. Returns x = −b/w, or ``None`` when w = 0: then g = σ(b) for every x and
    there is no boundary. Beyond the float range (w = 1e-320, b = 1, say) it is ±inf, without a warning.
    """
    w = _validate.check_scalar(w, "w", float)
    b = _validate.check_scalar(b, "b", float)
    if w == 0.0:
        return None
    with np.errstate(over="ignore"):
        boundary = float(np.float64(-b) / np.float64(w))
    return boundary + 0.0  # turns −0.0 (from b = 0) into 0.0


def boundary_message(w: float, b: float) -> str:
    """One sentence saying where the boundary of g = σ(w x + b) is, or that there is none and why."""
    boundary = decision_boundary(w, b)
    if boundary is None:
        if b == 0:
            every = "every x is a tie (g ≥ 0.5 puts it in class 1)"
        else:
            every = f"every x is predicted class {int(b > 0)}"
        return f"w = 0: g = σ(b) = {float(sigmoid(b)):.2f} for every x, so there is no boundary; {every}."
    outside = "" if X_RANGE[0] <= boundary <= X_RANGE[1] else " (outside the panel)"
    return f"boundary at x = −b/w = {boundary:.2f}{outside}; g > 0.5 to its {'right' if w > 0 else 'left'}."


def _sigmoid_figure(w: float, b: float, x: np.ndarray, y: np.ndarray):
    """The w/b figure; returns it and an ``update(w, b)`` that moves the curve, boundary and message."""
    fig, (ax, ax_text) = plt.subplots(2, 1, figsize=(COLUMN_WIDTH, 5.8), height_ratios=(5, 1.35))
    ax_text.axis("off")
    draw_samples(ax, x, y, size=6.0)
    ax.axhline(0.5, color=COLORS["reference"], lw=0.8, ls=":")
    x_grid = np.linspace(*X_RANGE, 400)
    (curve,) = ax.plot([], [], color=COLORS["model"], label="g = σ(w x + b)")
    (boundary_line,) = ax.plot([], [], color=COLORS["boundary"], ls="--", lw=1.5, label="boundary: g = 0.5")
    message = ax_text.text(0.0, 1.0, "", transform=ax_text.transAxes, va="top")
    ax.set(xlim=X_RANGE, ylim=(-0.08, 1.08), xlabel="feature x", ylabel="g = P(y = 1 | x)",
           title="w sets the steepness and direction of g, b shifts it;\nthe boundary is where g = 0.5")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))

    def update(w: float, b: float) -> None:
        with np.errstate(over="ignore"):  # w·x may overflow to ±inf for a huge w; σ(±inf) is 1 or 0
            curve.set_data(x_grid, sigmoid(w * x_grid + b))
            accuracy = np.mean((sigmoid(w * x + b) >= 0.5) == y)
        boundary = decision_boundary(w, b)
        boundary_line.set_visible(boundary is not None)
        if boundary is not None:
            boundary_line.set_data([boundary, boundary], [-0.08, 1.08])
        clauses = boundary_message(w, b).replace("; ", ";\n")  # one a line: the longest (w = 0) fits
        message.set_text(f"w = {w:.2f}, b = {b:.2f}\n{clauses}\n"
                         f"accuracy on these {len(y)} points (class 1 where g ≥ 0.5): {accuracy:.3f}")

    update(w, b)
    return fig, update


def _data(x, y) -> tuple[np.ndarray, np.ndarray]:
    if (x is None) != (y is None):
        raise TypeError("x and y must be given together (or both left out for the default data)")
    if x is None:
        x, y = one_feature_data()
    x = _validate.one_feature(x)
    return x, _validate.labels(y, "y", x.shape[0])


def sigmoid_figure(w: float = 2.0, b: float = 1.0, x: np.ndarray | None = None,
                   y: np.ndarray | None = None) -> Figure:
    """g = σ(w x + b) over one-feature data, with the boundary x = −b/w (or a note that there is none).

    w, b: finite numbers; x: (m, 1) or (m,) and y: (m,) data, or both None for ``one_feature_data()``.
    The panel under the plot gives the boundary and the accuracy of the rule g ≥ 0.5 on the data.
    """
    w, b = (_validate.check_scalar(v, name, float) for v, name in ((w, "w"), (b, "b")))
    return _sigmoid_figure(w, b, *_data(x, y))[0]


def sigmoid_widget(w: float = 2.0, b: float = 1.0, x: np.ndarray | None = None,
                   y: np.ndarray | None = None) -> SliderFigure:
    """The w/b figure with sliders for w and b (each −4 … 4, step 0.1); w, b: starting values in that range,
    x, y as for ``sigmoid_figure``."""
    w, b = (_validate.check_scalar(v, name, float, low=SLIDER_RANGE[0], high=SLIDER_RANGE[1])
            for v, name in ((w, "w"), (b, "b")))
    fig, update = _sigmoid_figure(w, b, *_data(x, y))
    sliders = {name: widgets.FloatSlider(value=value, min=SLIDER_RANGE[0], max=SLIDER_RANGE[1], step=0.1,
                                         description=name) for name, value in (("w", w), ("b", b))}
    return SliderFigure(fig, sliders, update)


def sigmoid_properties_figure(z_limit: float = 8.0) -> Figure:
    """σ(z) with its limits and σ(0) = 1/2, and its slope σ'(z) = g(1 − g), over z in [−z_limit, z_limit].

    z_limit: a positive number. Returns the figure.
    """
    limit = _validate.check_scalar(z_limit, "z_limit", float, low=0, include_low=False)
    z = np.linspace(-limit, limit, 401)
    fig, (ax_g, ax_d) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.9))

    ax_g.plot(z, sigmoid(z), color=COLORS["curve"], label="g = σ(z) = 1 / (1 + e^(−z))")
    limit_style = {"color": COLORS["reference"], "lw": 0.8, "ls": ":"}
    ax_g.axhline(1.0, **limit_style, label="limits 0 and 1, never reached")
    ax_g.axhline(0.0, **limit_style)
    ax_g.plot([0.0], [0.5], "o", color=COLORS["curve"], label="σ(0) = 1/2")
    ax_g.set(xlabel="logit z", ylabel="g = σ(z)", title="σ rises from 0 to 1,\npassing 1/2 at z = 0")

    ax_d.plot(z, sigmoid_derivative(z), color=COLORS["other curve"], label="dg/dz = g (1 − g)")
    ax_d.plot([0.0], [0.25], "o", color=COLORS["other curve"], label="peak 1/4 at z = 0")
    ax_d.set(xlabel="logit z", ylabel="dg/dz", ylim=(0.0, 0.3),
             title="Its slope is at most 1/4\nand vanishes for large |z|")
    for ax in (ax_g, ax_d):  # under the axes: the curves fill them
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig
