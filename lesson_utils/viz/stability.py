"""Lesson 7: naive against stable floating-point formulas, and the z slider over the danger zone."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from .. import _core, _validate
from .style import COLORS
from .widgets import SliderFigure

#: The quantities compared, in the order of the table, with the formulas each column uses.
QUANTITIES = {
    "sigma": ("σ(z)", "1/(1 + e^(−z))", "lu.sigmoid(z)"),
    "one_minus_sigma": ("1 − σ(z)", "1 − σ(z)", "σ(−z)"),
    "log_sigma": ("log σ(z)", "log(σ(z))", "−logaddexp(0, −z)"),
    "dL_dg": ("dL/dg", "(1 − y)/(1 − g) − y/g", "(1 − y)(1 + e^z) − y(1 + e^(−z))"),
    "dL_dz": ("dL/dz", "dL/dg · g(1 − g)", "g − y (σ(z) − 1 written as −σ(−z))"),
}

#: 1/(1 + e^(−z)) is exactly 1.0 for every float64 z above 53 log 2 ≈ 36.7368 (there e^(−z) < 2^(−53),
#: half the spacing of floats just above 1, so 1 + e^(−z) rounds to 1).
FLOAT64_ONE_AT = 53 * np.log(2.0)

#: Default view of the widget: the sigmoid's danger zone for positive z.
Z_RANGE = (25.0, 45.0)


def _logit(z: object) -> float:
    """``z`` as a finite float; TypeError/ValueError naming ``z`` otherwise."""
    if isinstance(z, bool) or not isinstance(z, numbers.Real):
        raise TypeError(f"z must be a finite number (a logit), got {_validate.describe(z)}")
    if not np.isfinite(z):
        raise ValueError(f"z must be a finite number (a logit), got {z!r}")
    return float(z)


def _z_range(z_range: object) -> tuple[float, float]:
    """``z_range`` as a pair (low, high) of finite floats with low < high."""
    arr = _validate.increasing_axis(z_range, "z_range")
    if arr.size != 2:
        raise ValueError(f"z_range must be a pair (low, high), got {arr.size} values")
    return float(arr[0]), float(arr[1])


def naive_and_stable(z: float | np.ndarray, y: int = 1) -> dict[str, tuple]:
    """Every quantity of the forward and backward pass, computed the textbook way and the stable way.

    z: a finite logit or an array of them (any shape); y: the label, 0 or 1.
    Returns a dict keyed like ``QUANTITIES`` ("sigma", "one_minus_sigma", "log_sigma", "dL_dg",
    "dL_dz"), each value a pair (naive, stable) of floats (scalar z) or arrays shaped like z.

    The naive column is what the article's formulas give in float64: it may hold 0 where the truth
    is tiny, −inf, +inf and NaN; that is what the lesson shows, so no warning is raised.
    The stable column never holds NaN. It is finite everywhere except dL/dg itself when its true size
    exceeds the largest float64 (|z| > 709.78 on the side where 1 + e^(±z) overflows): there the
    quantity itself does not fit, one more reason to use the fused dL/dz = g − y instead.
    """
    arr = _validate.as_float_array(z, "z")
    if isinstance(y, bool) or not isinstance(y, numbers.Integral):
        raise TypeError(f"y must be the integer label 0 or 1, got {_validate.describe(y)}")
    if y not in (0, 1):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")
    with np.errstate(all="ignore"):
        g_naive = 1.0 / (1.0 + np.exp(-arr))
        dL_dg_naive = (1 - y) / (1.0 - g_naive) - y / g_naive
        pairs = {
            "sigma": (g_naive, _core.sigmoid(arr)),
            "one_minus_sigma": (1.0 - g_naive, _core.sigmoid(-arr)),
            "log_sigma": (np.log(g_naive), -np.logaddexp(0.0, -arr)),
            "dL_dg": (
                dL_dg_naive,
                (1.0 + np.exp(arr)) if y == 0 else -(1.0 + np.exp(-arr)),
            ),
            "dL_dz": (
                dL_dg_naive * (g_naive * (1.0 - g_naive)),
                _core.sigmoid(arr) if y == 0 else -_core.sigmoid(-arr),
            ),
        }
    return {key: (_validate.scalar_out(n, z), _validate.scalar_out(s, z)) for key, (n, s) in pairs.items()}


def table_text(z: float, y: int = 1) -> str:
    """The comparison at one z as a fixed-width text table (naive column, stable column)."""
    z = _logit(z)
    values = naive_and_stable(z, y)
    rows = [f"z = {z:.2f}, y = {y}{'naive':>9}{'stable':>11}"]
    for key, (label, _, _) in QUANTITIES.items():
        naive, stable = values[key][0] + 0.0, values[key][1] + 0.0  # + 0.0 turns −0.0 into 0.0
        flag = "  differs" if not np.isclose(naive, stable, rtol=1e-6, atol=0.0) else ""
        rows.append(f"{label:9}{naive:>11.4g}{stable:>11.4g}{flag}")
    return "\n".join(rows)


def _curves(z_grid: np.ndarray, y: int) -> dict[str, np.ndarray]:
    values = naive_and_stable(z_grid, y)
    naive_1m, stable_1m = values["one_minus_sigma"]
    naive_dz, stable_dz = values["dL_dz"]
    return {
        # 0 cannot be drawn on a log axis: mask it, the figure marks where it starts.
        "one_minus_naive": np.where(naive_1m > 0, naive_1m, np.nan),
        "one_minus_stable": stable_1m,
        "dz_naive": np.where(np.abs(naive_dz) > 0, np.abs(naive_dz), np.nan),
        "dz_stable": np.where(np.abs(stable_dz) > 0, np.abs(stable_dz), np.nan),
    }


def _superscript(k: int) -> str:
    return str(k).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def log_ticks(ax, exponents: Sequence[int]) -> None:
    """Put the y ticks of a log axis at 10**k for k in ``exponents``, labelled in plain text (10⁻²⁰).

    Plain labels instead of matplotlib's math text: a slider redraw then lays out no formulas, which
    is most of what a log axis costs to draw.
    """
    ax.yaxis.set_major_locator(FixedLocator([10.0**k for k in exponents]))
    ax.yaxis.set_major_formatter(FixedFormatter([f"10{_superscript(k)}" for k in exponents]))
    ax.yaxis.set_minor_locator(NullLocator())


def fixed_layout_figure(figsize: tuple[float, float]) -> plt.Figure:
    """A figure whose axes are placed by hand and never moved by a layout engine.

    ``layout="none"`` alone is not enough: saving such a figure (as the notebook's inline display does)
    puts back the layout of the series' style, which then re-solves on every later draw. A placeholder
    engine keeps the positions fixed.
    """
    fig = plt.figure(figsize=figsize, layout="none")
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=False))
    return fig


def draw_stability(z: float = 37.0, y: int = 1, z_range: tuple[float, float] = Z_RANGE):
    """Draw the static view: 1 − σ(z) and |dL/dz| naive against stable, with the table at ``z``.

    The right panel holds |dL/dz| for both labels (y = 1 tiny, y = 0 near 1); the label ``y`` is drawn
    strong, the other faint. Returns (figure, update) where ``update(z, y)`` moves the markers, swaps
    which label is strong and rewrites the table. Every curve is computed here once, and limits,
    ticks, titles and layout never change, so an update only restyles artists and sets text.
    """
    z = _logit(z)
    table_text(z, y)  # checks the label y before anything is drawn
    lo, hi = _z_range(z_range)
    z_grid = np.linspace(lo, hi, 401)
    curves = {label: _curves(z_grid, label) for label in (0, 1)}
    fig = fixed_layout_figure((8.6, 5.0))
    grid = fig.add_gridspec(
        2, 2, height_ratios=[3, 1.15], left=0.09, right=0.985, top=0.94, bottom=0.0, wspace=0.26, hspace=0.22
    )
    ax1, ax2 = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_text = fig.add_subplot(grid[1, :])
    ax_text.axis("off")

    ax1.semilogy(z_grid, curves[1]["one_minus_naive"], color=COLORS["vermillion"], label="naive 1 − σ(z)")
    ax1.semilogy(z_grid, curves[1]["one_minus_stable"], color=COLORS["blue"], linestyle="--",
                 label="stable σ(−z)")
    label_lines = {}
    for label, (c_article, c_fused) in ((1, ("vermillion", "blue")), (0, ("orange", "sky"))):
        (article,) = ax2.semilogy(z_grid, curves[label]["dz_naive"], color=COLORS[c_article],
                                  label=f"article, y = {label}")
        (fused,) = ax2.semilogy(z_grid, curves[label]["dz_stable"], color=COLORS[c_fused], linestyle="--",
                                label=f"fused g − y, y = {label}")
        label_lines[label] = (article, fused)
    for ax in (ax1, ax2):
        ax.axvspan(FLOAT64_ONE_AT, hi, color=COLORS["yellow"], alpha=0.25, lw=0)
        ax.axvline(FLOAT64_ONE_AT, color=COLORS["black"], lw=0.8)
        ax.set_xlim(lo, hi)
        ax.set_xlabel("logit z (dimensionless)")
        ax.xaxis.set_minor_locator(NullLocator())
    ax1.set_ylim(1e-20, 1e-10)
    log_ticks(ax1, range(-20, -9, 2))
    ax1.set_ylabel("1 − σ(z) (probability)")
    ax1.set_title("1 − σ(z): exactly 0 past z ≈ 36.74", fontsize=11)
    ax2.set_ylim(1e-20, 1e2)
    log_ticks(ax2, (-20, -15, -10, -5, 0))
    ax2.set_ylabel("|dL/dz| of one sample")
    ax2.set_title("|dL/dz|: the article's is NaN past 36.74", fontsize=11)
    marker1 = ax1.axvline(z, color=COLORS["green"], lw=1.5)
    marker2 = ax2.axvline(z, color=COLORS["green"], lw=1.5)
    ax1.legend(loc="lower left", fontsize=9)
    ax2.legend(loc="center left", fontsize=8)
    text = ax_text.text(
        0.5, 0.96, "", family="monospace", fontsize=9.5, ha="center", va="top", multialignment="left"
    )

    def update(z: float = 37.0, y: int = 1) -> None:
        z = _logit(z)
        table = table_text(z, y)
        for label, lines in label_lines.items():
            for line in lines:
                line.set_alpha(1.0 if label == y else 0.3)
                line.set_linewidth(2.0 if label == y else 1.2)
                line.stale = True  # restyled on every update, even to the same style: a panel then
                # knows from the first frame which artists move and redraws only those
        marker1.set_xdata([z, z])
        marker2.set_xdata([z, z])
        text.set_text(table)

    update(z, y)
    return fig, update


def stability_widget(z: float = 37.0, y: int = 1) -> SliderFigure:
    """Slider over z in the danger zone and a label toggle, redrawing ``draw_stability``."""
    fig, update = draw_stability(z, y)
    sliders = {
        "z": widgets.FloatSlider(
            value=z, min=Z_RANGE[0], max=Z_RANGE[1], step=0.05, description="z", readout_format=".2f",
            continuous_update=False,
        ),
        "y": widgets.ToggleButtons(options=[1, 0], value=y, description="label y"),
    }
    return SliderFigure(fig, sliders, update)


def naive_one_minus_sigmoid(z: float | np.ndarray, dtype: str = "float64") -> np.ndarray:
    """1 − 1/(1 + e^(−z)) computed entirely in ``dtype`` ("float32" or "float64"), as textbook code does.

    z: logits, any shape, finite. Returns a float64 array shaped like z holding the ``dtype`` result:
    it drops to exactly 0 above 24 log 2 ≈ 16.64 in float32 and 53 log 2 ≈ 36.74 in float64.
    """
    arr = np.atleast_1d(_validate.as_float_array(z, "z"))
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    t = np.dtype(dtype).type
    zt = arr.astype(dtype)
    with np.errstate(over="ignore"):
        out = t(1) - t(1) / (t(1) + np.exp(-zt))
    return out.astype(np.float64).reshape(np.shape(z))


def plot_precisions(z_range: tuple[float, float] = (0.0, 45.0)):
    """1 − σ(z) by subtraction in float32 and float64 against the exact value σ(−z), log scale.

    z_range: (low, high), the logits shown. Returns the figure.
    """
    z_range = _z_range(z_range)
    z = np.linspace(*z_range, 1801)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.semilogy(z, _core.sigmoid(-z), color=COLORS["black"], lw=1.0, ls="--", zorder=3,
                label="exact: σ(−z)")
    styles = (("float32", COLORS["orange"], 24, 4.5), ("float64", COLORS["blue"], 53, 2.0))
    for dtype, color, cut, lw in styles:
        values = naive_one_minus_sigmoid(z, dtype)
        ax.semilogy(z, np.where(values > 0, values, np.nan), color=color, lw=lw,
                    label=f"1 − σ(z) in {dtype}")
        ax.axvline(cut * np.log(2.0), color=color, ls=":", lw=1.2)
    ax.set_xlim(*z_range)
    ax.set_ylim(1e-20, 1.0)
    ax.set_xlabel("logit z (dimensionless)")
    ax.set_ylabel("1 − σ(z) (probability)")
    ax.set_title("1 − σ(z) by subtraction: float32 runs out of digits long before float64")
    ax.legend(loc="lower left", fontsize=9)
    return fig
