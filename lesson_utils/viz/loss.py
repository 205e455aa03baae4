"""Lesson 3 figures: the binary cross-entropy of one sample against g, its slope, and squared error compared.

``loss_and_slope`` and ``squared_error_vs_cross_entropy`` compute what the figures show (tested on their
own); ``loss_slope_widget`` adds sliders for the label y and the prediction g.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _core, _validate
from .style import CLASS_COLORS, COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: Probabilities the loss curves are drawn on (the loss is infinite at the ends 0 and 1 themselves).
G_GRID = np.linspace(0.001, 0.999, 999)
#: The loss of one sample on G_GRID, for each label: −log g (y = 1) and −log(1 − g) (y = 0).
LOSS_CURVES = {1: -np.log(G_GRID), 0: -np.log(1.0 - G_GRID)}
#: Line style of each label's loss curve.
LINE_STYLES = {1: "-", 0: "--"}
#: Logits the squared-error comparison is drawn on.
Z_GRID = np.linspace(-8.0, 8.0, 801)


def loss_and_slope(y: int, g: float) -> tuple[float, float]:
    """The loss L = −[y log g + (1 − y) log(1 − g)] of one sample and its slope dL/dg.

    y: the label, 0 or 1; g: one probability strictly between 0 and 1.
    Returns (L, dL/dg) with dL/dg = (1 − y)/(1 − g) − y/g, i.e. −1/g for y = 1 and 1/(1 − g) for
    y = 0. Both are finite for every such g (below the smallest normal float, 2.2e-308, the slope
    is evaluated there: −4.5e307 instead of an overflow).
    """
    label = _validate.label(y)
    g = _validate.check_scalar(g, "g", float, low=0, high=1, include_low=False, include_high=False)
    if label == 1:
        return float(-np.log(g)), -1.0 / max(g, np.finfo(np.float64).tiny)
    return float(-np.log1p(-g)), 1.0 / (1.0 - g)


def squared_error_vs_cross_entropy(z: np.ndarray = Z_GRID, y: int = 1) -> dict[str, np.ndarray]:
    """Both losses of one sample as functions of its logit z, with their second derivatives in z.

    z: (n,) finite logits (default ``Z_GRID``); y: the label, 0 or 1. Returns a dict of (n,) arrays:
    "z"; "squared_error" (σ(z) − y)²; "cross_entropy" −[y log σ(z) + (1 − y) log(1 − σ(z))], from the
    logits so it is exact for any z; "d2_squared_error" 2σ'[σ' + (σ − y)(1 − 2σ)], negative on part of
    the line (not convex); "d2_cross_entropy" σ' = σ(1 − σ), never negative.
    """
    label = _validate.label(y)
    z = np.atleast_1d(_validate.as_float_array(z, "z"))
    if z.ndim != 1:
        raise ValueError(f"z must be 1-D with shape (n,), got shape {z.shape}")
    g = _core.sigmoid(z)
    dg_dz = g * (1.0 - g)
    return {
        "z": z,
        "squared_error": (g - label) ** 2,
        "cross_entropy": _core.bce_with_logits(float(label), z),
        "d2_squared_error": 2.0 * dg_dz * (dg_dz + (g - label) * (1.0 - 2.0 * g)),
        "d2_cross_entropy": dg_dz,
    }


def loss_curves_figure() -> Figure:
    """The loss of one sample against g, for y = 1 and for y = 0, with two values of y = 1 marked."""
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    ax.plot(G_GRID, LOSS_CURVES[1], color=CLASS_COLORS[1], label="y = 1:  L = −log g")
    ax.plot(G_GRID, LOSS_CURVES[0], color=CLASS_COLORS[0], ls=LINE_STYLES[0], label="y = 0:  L = −log(1 − g)")
    # Each note where neither curve runs: under both curves with an arrow to g = 0.9, right of g = 0.1.
    for g, where, arrow in ((0.9, (0.33, 0.06), {"arrowstyle": "->"}), (0.1, (0.13, 2.35), None)):
        loss = float(-np.log(g))
        ax.plot([g], [loss], "o", color=CLASS_COLORS[1])
        ax.annotate(f"y = 1, g = {g}: L = {loss:.2f}", (g, loss), xytext=where, arrowprops=arrow)
    ax.set(xlim=(0, 1), ylim=(0, 5), xlabel="predicted probability g = P(y = 1 | x)",
           ylabel="loss L of one sample (nats)",
           title="Each label's loss: 0 at the right answer,\nunbounded at the wrong one")
    ax.legend(loc="upper center")
    return fig


def _loss_slope_figure(y: int, g: float):
    """The loss with its tangent at g, and the slope dL/dg against g; returns the figure and update(y, g)."""
    fig, (ax_loss, ax_slope) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.6))
    # Both labels' curves stay faint and still; one line, restyled on every move, draws the chosen one.
    for label in (1, 0):
        ax_loss.plot(G_GRID, LOSS_CURVES[label], color=CLASS_COLORS[label], ls=LINE_STYLES[label], lw=1.5,
                     alpha=0.3, label=f"y = {label}")
    (active,) = ax_loss.plot([], [], lw=2.5)
    (point,) = ax_loss.plot([], [], "o", color=COLORS["reference"], zorder=3)
    (tangent,) = ax_loss.plot([], [], color=COLORS["boundary"], lw=1.5, label="tangent, slope dL/dg")
    ax_loss.set(xlim=(0, 1), ylim=(0, 5), xlabel="predicted probability g", ylabel="loss L (nats)",
                title="The tangent at g:\nits slope is dL/dg")
    for handle in ax_loss.legend(loc="upper center").legend_handles:
        handle.set_alpha(1.0)  # the key shows the colours, not the faintness

    (slope_curve,) = ax_slope.plot([], [], color=COLORS["other curve"])
    (slope_point,) = ax_slope.plot([], [], "o", color=COLORS["reference"], zorder=3)
    ax_slope.axhline(0.0, color=COLORS["reference"], lw=0.8)
    ax_slope.set_yscale("symlog", linthresh=1.0)
    ax_slope.set(xlim=(0, 1), ylim=(-1200, 1200), xlabel="predicted probability g",
                 ylabel="slope dL/dg (nats per unit of g)", title="Steepest where g\nis confidently wrong")
    readout = fig.suptitle("")
    slopes = {1: -1.0 / G_GRID, 0: 1.0 / (1.0 - G_GRID)}

    def update(y: int, g: float) -> None:
        loss, slope = loss_and_slope(y, g)
        active.set_data(G_GRID, LOSS_CURVES[y])
        active.set_color(CLASS_COLORS[y])
        active.set_linestyle(LINE_STYLES[y])
        point.set_data([g], [loss])
        g_span = np.array([max(g - 0.15, 0.0), min(g + 0.15, 1.0)])
        tangent.set_data(g_span, loss + slope * (g_span - g))
        slope_curve.set_data(G_GRID, slopes[y])
        slope_point.set_data([g], [slope])
        readout.set_text(f"y = {y}, g = {g:.2f}:  L = {loss:.3f},  dL/dg = {slope:.3f}")

    update(y, g)
    return fig, update


def loss_slope_figure(y: int = 1, g: float = 0.7) -> Figure:
    """Left: both labels' loss curves, label ``y``'s drawn strong, with the tangent at ``g``.
    Right: the slope dL/dg against g. y: the label, 0 or 1; g: strictly between 0 and 1."""
    y = _validate.label(y)
    g = _validate.check_scalar(g, "g", float, low=0, high=1, include_low=False, include_high=False)
    return _loss_slope_figure(y, g)[0]


def loss_slope_widget(y: int = 1, g: float = 0.7) -> SliderFigure:
    """The loss/slope figure with a toggle for y and a slider for g (0.01 … 0.99)."""
    y = _validate.label(y)
    g = _validate.check_scalar(g, "g", float, low=0.01, high=0.99)
    fig, update = _loss_slope_figure(y, g)
    sliders = {
        "y": widgets.ToggleButtons(options=[1, 0], value=y, description="label y"),
        "g": widgets.FloatSlider(value=g, min=0.01, max=0.99, step=0.01, description="g",
                                 readout_format=".2f", continuous_update=False),
    }
    return SliderFigure(fig, sliders, update)


def squared_error_figure(y: int = 1, chord: tuple[float, float] = (-6.0, 0.0)) -> Figure:
    """Squared error and cross-entropy of one sample against z, and their second derivatives.

    y: the label, 0 or 1; chord: two logits whose chord on the squared-error curve is drawn (a convex
    curve lies below every chord). Returns the figure.
    """
    label = _validate.label(y)
    chord = _validate.as_float_array(chord, "chord")
    data = squared_error_vs_cross_entropy(Z_GRID, label)
    z = data["z"]
    fig, (ax_loss, ax_curv) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.2))
    ax_loss.plot(z, data["squared_error"], color=COLORS["other curve"], label="squared error")
    ax_loss.plot(z, data["cross_entropy"], color=COLORS["curve"], ls="--", label="cross-entropy")
    chord_values = squared_error_vs_cross_entropy(chord, label)["squared_error"]
    ax_loss.plot(chord, chord_values, "o-", color=COLORS["reference"], lw=1.2,
                 label="a chord of it")
    ax_loss.set(ylim=(0, 2.5), ylabel=f"loss of one sample with y = {label}",
                title="Squared error flattens\nand rises above a chord")

    negative = data["d2_squared_error"] < 0
    shade = ax_curv.fill_between(z, 0, data["d2_squared_error"], where=negative, color=COLORS["other curve"],
                                 alpha=0.25, lw=0, label="negative:\nnot convex")
    ax_curv.plot(z, data["d2_squared_error"], color=COLORS["other curve"], label="squared error")
    ax_curv.plot(z, data["d2_cross_entropy"], color=COLORS["curve"], ls="--", label="cross-entropy")
    ax_curv.axhline(0.0, color=COLORS["reference"], lw=0.8)
    ax_curv.set(ylabel="second derivative d²L/dz²", title="Only the squared error\nbends downwards")
    # Each legend in the corner its curves leave empty (mirrored for y = 0); the right panel's curves
    # are keyed in the left one, in the same colours and styles.
    ax_loss.legend(loc="upper right" if label == 1 else "upper left")
    ax_curv.legend(handles=[shade], loc="lower right" if label == 1 else "lower left")
    for ax in (ax_loss, ax_curv):
        ax.set_xlabel("logit z = w·x + b")
    return fig
