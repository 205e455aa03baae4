"""Lesson 3: the binary cross-entropy of one sample against g, its slope, and squared error compared.

Pure functions (``loss_curves``, ``loss_and_slope``, ``squared_error_vs_cross_entropy``) compute what
the figures show; ``draw_*`` put it on matplotlib artists; ``loss_widget`` adds the y and g sliders.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import _core, _validate
from ..loss import EPS
from .style import CLASS_COLORS, COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: Probabilities the loss curves are drawn on (the loss is infinite at the ends 0 and 1 themselves).
G_GRID = np.linspace(0.001, 0.999, 999)

#: Logits the squared-error comparison is drawn on.
Z_GRID = np.linspace(-8.0, 8.0, 801)



def loss_curves(g: object = G_GRID) -> dict[str, np.ndarray]:
    """The loss of one sample against its predicted probability, for each label.

    g: (n,) probabilities in [0, 1] (default ``G_GRID``).
    Returns {"g": (n,), "y1": −log g, "y0": −log(1 − g)}, each (n,). As in
    ``lesson_utils.binary_cross_entropy``, g and 1 − g are raised to at least EPS (2.2e-16) inside
    the logarithm, so g = 0 or 1 gives the cap 36.04 instead of infinity.
    """
    arr = np.atleast_1d(_validate.as_float_array(g, "g"))
    if arr.ndim != 1:
        raise ValueError(f"g must be 1-D with shape (n,), got shape {arr.shape}")
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        raise ValueError(f"g must be probabilities in [0, 1], got {arr[outside][:3].tolist()}")
    return {
        "g": arr,
        "y1": -np.log(np.maximum(arr, EPS)),
        "y0": -np.log(np.maximum(1.0 - arr, EPS)),
    }


def loss_and_slope(y: object, g: object) -> tuple[float, float]:
    """The loss L = −[y log g + (1 − y) log(1 − g)] of one sample and its slope dL/dg.

    y: the label, 0 or 1; g: one probability strictly between 0 and 1.
    Returns (L, dL_dg) with dL/dg = (1 − y)/(1 − g) − y/g, i.e. −1/g for y = 1 and 1/(1 − g) for
    y = 0. Both are finite for every such g: 1 − g is at least 1.1e-16, and g below the smallest
    normal float (2.2e-308) is evaluated there, where the slope is −4.5e307 instead of overflowing.
    """
    label = _validate.label(y)
    g_arr = _validate.as_float_array(g, "g")
    if g_arr.ndim != 0:
        raise ValueError(f"g must be one number, got shape {g_arr.shape}")
    g_val = float(g_arr)
    if not 0.0 < g_val < 1.0:
        raise ValueError(f"g must be strictly between 0 and 1 (L is infinite at 0 and 1), got {g_val!r}")
    if label == 1:
        return float(-np.log(g_val)), -1.0 / max(g_val, np.finfo(np.float64).tiny)
    return float(-np.log1p(-g_val)), 1.0 / (1.0 - g_val)


def squared_error_vs_cross_entropy(z: object = Z_GRID, y: object = 1) -> dict[str, np.ndarray]:
    """Both losses of one sample as functions of its logit z, with their second derivatives in z.

    z: (n,) finite logits (default ``Z_GRID``); y: the label, 0 or 1.
    Returns a dict of (n,) arrays:
    "z"; "squared_error" (σ(z) − y)²; "cross_entropy" −[y log σ(z) + (1 − y) log(1 − σ(z))], from the
    logits so it is exact for any z; "d2_squared_error" 2σ'(z)[σ'(z) + (σ(z) − y)(1 − 2σ(z))], which
    is negative on part of the line (not convex); "d2_cross_entropy" σ(z)(1 − σ(z)), never negative.
    Here σ' = σ(1 − σ) and σ'' = σ'(1 − 2σ).
    """
    label = _validate.label(y)
    z_arr = np.atleast_1d(_validate.as_float_array(z, "z"))
    if z_arr.ndim != 1:
        raise ValueError(f"z must be 1-D with shape (n,), got shape {z_arr.shape}")
    g = _core.sigmoid(z_arr)
    dg_dz = g * _core.sigmoid(-z_arr)  # σ(z)σ(−z) = σ(1 − σ), precise also where g is close to 1
    return {
        "z": z_arr,
        "squared_error": (g - label) ** 2,
        "cross_entropy": _core.bce_with_logits(float(label), z_arr),
        "d2_squared_error": 2.0 * dg_dz * (dg_dz + (g - label) * (1.0 - 2.0 * g)),
        "d2_cross_entropy": dg_dz,
    }


def draw_loss_curves():
    """Static figure: the loss of one sample against g for y = 1 and for y = 0. Returns the figure."""
    curves = loss_curves()
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    ax.plot(curves["g"], curves["y1"], color=CLASS_COLORS[1], label="y = 1:  L = −log g")
    ax.plot(curves["g"], curves["y0"], color=CLASS_COLORS[0], linestyle="--", label="y = 0:  L = −log(1 − g)")
    for g_mark, offset in ((0.9, (-70, 30)), (0.1, (8, 8))):
        loss = float(-np.log(g_mark))
        ax.plot([g_mark], [loss], "o", color=CLASS_COLORS[1])
        ax.annotate(f"y = 1, g = {g_mark}: L = {loss:.2f}", (g_mark, loss), textcoords="offset points",
                    xytext=offset, fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 5)
    ax.set_xlabel("predicted probability g = P(y = 1 | x)")
    ax.set_ylabel("loss L of one sample (nats)")
    ax.set_title("Each label's loss: 0 at the right answer, unbounded at the wrong one")
    ax.legend(loc="upper center")
    return fig


def draw_loss_panel(y: int = 1, g: float = 0.7):
    """The slider view at (y, g): the loss curves with the tangent at g, and the slope dL/dg against g.

    Returns (figure, update) where ``update(y, g)`` moves the point, the tangent and the slope curve.
    """
    curves = loss_curves()
    fig, (ax_loss, ax_slope) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.2))
    # Both labels' curves stay faint and still; the chosen label's curve is drawn over them by one
    # line that every move updates, so a slider move redraws only moving artists.
    styles = {1: "-", 0: "--"}
    for key, name in ((1, "y1"), (0, "y0")):
        ax_loss.plot(curves["g"], curves[name], color=CLASS_COLORS[key], ls=styles[key], lw=1.5, alpha=0.3,
                     label=f"y = {key}")
    (active,) = ax_loss.plot([], [], lw=2.5)
    (point,) = ax_loss.plot([], [], "o", color=COLORS["black"], zorder=3)
    (tangent,) = ax_loss.plot([], [], color=COLORS["green"], lw=1.5, label="tangent, slope dL/dg")
    ax_loss.set_xlim(0, 1)
    ax_loss.set_ylim(0, 5)
    ax_loss.set_xlabel("predicted probability g")
    ax_loss.set_ylabel("loss L (nats)")
    ax_loss.set_title("The tangent at g: its slope is dL/dg")
    ax_loss.legend(loc="upper center", fontsize=9)

    (slope_curve,) = ax_slope.plot([], [], color=COLORS["vermillion"])
    (slope_point,) = ax_slope.plot([], [], "o", color=COLORS["black"], zorder=3)
    ax_slope.axhline(0.0, color=COLORS["black"], lw=0.8)
    ax_slope.set_yscale("symlog", linthresh=1.0)
    ax_slope.set_xlim(0, 1)
    ax_slope.set_ylim(-1200, 1200)
    ax_slope.set_xlabel("predicted probability g")
    ax_slope.set_ylabel("slope dL/dg (nats per unit of g)")
    ax_slope.set_title("Steepest where g is confidently wrong")
    readout = fig.suptitle("")
    slopes = {1: -1.0 / curves["g"], 0: 1.0 / (1.0 - curves["g"])}  # computed once, not per move

    def update(y: int = 1, g: float = 0.7) -> None:
        label = _validate.label(y)
        loss, slope = loss_and_slope(label, g)
        active.set_data(curves["g"], curves["y1" if label == 1 else "y0"])
        active.set_color(CLASS_COLORS[label])
        active.set_linestyle(styles[label])
        point.set_data([g], [loss])
        g_span = np.array([max(g - 0.15, 0.0), min(g + 0.15, 1.0)])
        tangent.set_data(g_span, loss + slope * (g_span - g))
        slope_curve.set_data(curves["g"], slopes[label])
        slope_point.set_data([g], [slope])
        readout.set_text(f"y = {label}, g = {g:.2f}:  L = {loss:.3f},  dL/dg = {slope:.3f}")

    update(y, g)
    return fig, update


def loss_widget(y: int = 1, g: float = 0.7) -> SliderFigure:
    """Sliders for the label y and the prediction g, redrawing ``draw_loss_panel``."""
    fig, update = draw_loss_panel(y, g)
    sliders = {
        "y": widgets.ToggleButtons(options=[1, 0], value=y, description="label y"),
        "g": widgets.FloatSlider(
            value=g, min=0.01, max=0.99, step=0.01, description="g", readout_format=".2f",
            continuous_update=False,
        ),
    }
    return SliderFigure(fig, sliders, update)


def draw_squared_error_comparison(y: int = 1, chord: tuple[float, float] = (-6.0, 0.0)):
    """Static figure: squared error and cross-entropy of one sample against z, and their curvature.

    y: the label; chord: two logits whose chord on the squared-error curve is drawn (a convex curve
    lies below every chord). Returns the figure.
    """
    label = _validate.label(y)
    data = squared_error_vs_cross_entropy(Z_GRID, label)
    z = data["z"]
    fig, (ax_loss, ax_curv) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.2))
    ax_loss.plot(z, data["squared_error"], color=COLORS["vermillion"], label="squared error (σ(z) − y)²")
    ax_loss.plot(z, data["cross_entropy"], color=COLORS["blue"], linestyle="--", label="cross-entropy")
    z_chord = np.asarray(chord, dtype=float)
    se_chord = squared_error_vs_cross_entropy(z_chord, label)["squared_error"]
    ax_loss.plot(z_chord, se_chord, "o-", color=COLORS["black"], lw=1.2, label="a chord of the squared error")
    ax_loss.set_ylim(0, 2.5)
    ax_loss.set_xlabel("logit z = w·x + b")
    ax_loss.set_ylabel(f"loss of one sample with y = {label}")
    ax_loss.set_title("Squared error flattens and rises above a chord")
    ax_loss.legend(loc="upper right" if label == 1 else "upper left", fontsize=9)

    negative = data["d2_squared_error"] < 0
    ax_curv.fill_between(z, 0, data["d2_squared_error"], where=negative, color=COLORS["vermillion"],
                         alpha=0.25, lw=0, label="negative: not convex")
    ax_curv.plot(z, data["d2_squared_error"], color=COLORS["vermillion"], label="squared error")
    ax_curv.plot(z, data["d2_cross_entropy"], color=COLORS["blue"], linestyle="--", label="cross-entropy")
    ax_curv.axhline(0.0, color=COLORS["black"], lw=0.8)
    ax_curv.set_xlabel("logit z = w·x + b")
    ax_curv.set_ylabel("second derivative d²L/dz²")
    ax_curv.set_title("Only the squared error bends downwards")
    ax_curv.legend(loc="upper right" if label == 1 else "upper left", fontsize=9)
    return fig
