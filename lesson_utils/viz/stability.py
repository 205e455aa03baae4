"""Lesson 7: naive against stable floating-point formulas, and the z slider over the danger zone."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from .. import _core, _validate
from .draw import log_ticks
from .style import COLORS, COLUMN_WIDTH
from .widgets import SliderFigure, fixed_layout_figure

#: The quantities compared, in the order of the table, with the label of each row.
QUANTITIES = {"sigma": "σ(z)", "one_minus_sigma": "1 − σ(z)", "log_sigma": "log σ(z)", "dL_dg": "dL/dg",
              "dL_dz": "dL/dz"}

#: 1/(1 + e^(−z)) is exactly 1.0 for every float64 z above 53 log 2 ≈ 36.7368 (there e^(−z) < 2^(−53),
#: half the spacing of floats just above 1, so 1 + e^(−z) rounds to 1).
FLOAT64_ONE_AT = 53 * np.log(2.0)

#: The view of the widget: the sigmoid's danger zone for positive z.
Z_RANGE = (25.0, 45.0)


def naive_and_stable(z: float | np.ndarray, y: int = 1) -> dict[str, tuple]:
    """Every quantity of the forward and backward pass, computed the textbook way and the stable way.

    z: a finite logit or an array of them (any shape); y: the label, 0 or 1.
    Returns a dict keyed like ``QUANTITIES``, each value a pair (naive, stable) of floats (scalar z) or
    arrays shaped like z. Naive: g = 1/(1 + e^(−z)), 1 − g, log g, dL/dg = (1 − y)/(1 − g) − y/g and
    dL/dz = dL/dg · g(1 − g), what the article's formulas give in float64: 0 where the truth is tiny,
    ±inf and NaN, without a warning (that is what the lesson shows). Stable: σ(z), σ(−z),
    −log(1 + e^(−z)), (1 − y)(1 + e^z) − y(1 + e^(−z)) and g − y (σ(z) − 1 written as −σ(−z)); never
    NaN, and finite except dL/dg itself where its true size exceeds the largest float64 (|z| > 709.78
    on the side where 1 + e^(±z) overflows).
    """
    z_arr = _validate.as_float_array(z, "z")
    y = _validate.label(y)
    with np.errstate(all="ignore"):
        g = 1.0 / (1.0 + np.exp(-z_arr))
        dL_dg = (1 - y) / (1.0 - g) - y / g
        pairs = {
            "sigma": (g, _core.sigmoid(z_arr)),
            "one_minus_sigma": (1.0 - g, _core.sigmoid(-z_arr)),
            "log_sigma": (np.log(g), -np.logaddexp(0.0, -z_arr)),
            "dL_dg": (dL_dg, 1.0 + np.exp(z_arr) if y == 0 else -(1.0 + np.exp(-z_arr))),
            "dL_dz": (dL_dg * (g * (1.0 - g)), _core.sigmoid(z_arr) if y == 0 else -_core.sigmoid(-z_arr)),
        }
    return {key: (_validate.scalar_out(n, z), _validate.scalar_out(s, z)) for key, (n, s) in pairs.items()}


def table_text(z: float, y: int = 1) -> str:
    """The comparison at one z as a fixed-width text table (naive column, stable column, "differs" where
    they differ by more than 1e-6 relative)."""
    z = _validate.check_scalar(z, "z", float)
    values = naive_and_stable(z, y)
    # Seven significant digits: every relative difference the flag marks (above 1e-6) shows in them.
    rows = [f"{f'z = {z:.2f}, y = {y}':16}{'naive':>8}{'stable':>15}"]
    for key, label in QUANTITIES.items():
        naive, stable = values[key][0] + 0.0, values[key][1] + 0.0  # + 0.0 turns −0.0 into 0.0
        flag = "  differs" if not np.isclose(naive, stable, rtol=1e-6, atol=0.0) else ""
        rows.append(f"{label:9}{naive:>15.6e}{stable:>15.6e}{flag}")
    return "\n".join(rows)


def _z_range(z_range) -> tuple[float, float]:
    arr = _validate.increasing_axis(z_range, "z_range")
    if arr.size != 2:
        raise ValueError(f"z_range must be a pair (low, high), got {arr.size} values")
    return float(arr[0]), float(arr[1])


def _positive_or_gap(values: np.ndarray) -> np.ndarray:
    """|values|, with NaN (a gap in the line) where they are 0, which a log axis cannot show."""
    return np.where(np.abs(values) > 0, np.abs(values), np.nan)


def _stability_figure(z: float, y: int, z_range: tuple[float, float]):
    """The danger-zone view; returns the figure and an ``update(z, y)`` that moves the markers, makes the
    label y strong and rewrites the table. Curves, limits, ticks and layout never change: an update
    only restyles artists and sets text."""
    low, high = z_range
    z_grid = np.linspace(low, high, 401)
    values = {label: naive_and_stable(z_grid, label) for label in (0, 1)}
    fig = fixed_layout_figure((COLUMN_WIDTH, 5.9))
    grid = fig.add_gridspec(2, 2, height_ratios=[3, 1.45], left=0.1, right=0.985, top=0.9, bottom=0.0,
                            wspace=0.3, hspace=0.25)
    ax1, ax2 = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_text = fig.add_subplot(grid[1, :])
    ax_text.axis("off")

    naive, stable = values[1]["one_minus_sigma"]
    ax1.semilogy(z_grid, _positive_or_gap(naive), color=COLORS["naive"])
    ax1.semilogy(z_grid, stable, color=COLORS["stable"], ls="--")
    label_lines = {}
    for label in (1, 0):
        naive, stable = values[label]["dL_dz"]
        (article,) = ax2.semilogy(z_grid, _positive_or_gap(naive), color=COLORS["naive"])
        (fused,) = ax2.semilogy(z_grid, _positive_or_gap(stable), color=COLORS["stable"], ls="--")
        label_lines[label] = (article, fused)
        # Each label's pair of curves is named where the fused one starts: σ(−z) for y = 1, σ(z) for y = 0.
        ax2.annotate(f"y = {label}", (low, abs(stable[0])), textcoords="offset points", xytext=(4, 5))
    for ax in (ax1, ax2):
        ax.axvspan(FLOAT64_ONE_AT, high, color=COLORS["region"], alpha=0.25, lw=0)
        ax.axvline(FLOAT64_ONE_AT, color=COLORS["reference"], lw=0.8)
        ax.set_xlim(low, high)
        ax.set_xlabel("logit z (dimensionless)")
        ax.xaxis.set_minor_locator(NullLocator())
    ax1.set(ylim=(1e-20, 1e-10), ylabel="1 − σ(z) (probability)")
    ax1.set_title("1 − σ(z): exactly 0\npast z ≈ 36.74")
    log_ticks(ax1, range(-20, -9, 2))
    ax2.set(ylim=(1e-20, 1e2), ylabel="|dL/dz| of one sample")
    ax2.set_title("|dL/dz|: the article's\nis NaN past 36.74")
    log_ticks(ax2, (-20, -15, -10, -5, 0))
    markers = [ax.axvline(z, color=COLORS["marker"], lw=1.5, ls="-.") for ax in (ax1, ax2)]
    # One key for both panels, left of the table: no line of the panels runs through it.
    key = [Line2D([], [], color=COLORS["naive"], label="naive"),
           Line2D([], [], color=COLORS["stable"], ls="--", label="stable"),
           Line2D([], [], color=COLORS["marker"], lw=1.5, ls="-.", label="z of the table")]
    ax_text.legend(handles=key, loc="upper left", bbox_to_anchor=(-0.1, 1.0), borderaxespad=0.0)
    text = ax_text.text(0.27, 0.96, "", family="monospace", ha="left", va="top")

    def update(z: float, y: int) -> None:
        for label, lines in label_lines.items():
            for line in lines:
                line.set_alpha(1.0 if label == y else 0.3)
                line.set_linewidth(2.0 if label == y else 1.2)
                line.stale = True  # restyled on every update, even to the same style: a panel then
                # knows from the first frame which artists move and redraws only those
        for marker in markers:
            marker.set_xdata([z, z])
        text.set_text(table_text(z, y))

    update(z, y)
    return fig, update


def stability_figure(z: float = 37.0, y: int = 1, z_range: tuple[float, float] = Z_RANGE) -> Figure:
    """1 − σ(z) and |dL/dz| naive against stable over ``z_range``, with the table of both at ``z``.

    z: a finite logit; y: the label, 0 or 1, whose |dL/dz| curves are drawn strong (the other label's
    faint); z_range: (low, high), the logits shown. Returns the figure.
    """
    z = _validate.check_scalar(z, "z", float)
    return _stability_figure(z, _validate.label(y), _z_range(z_range))[0]


def stability_widget(z: float = 37.0, y: int = 1) -> SliderFigure:
    """The stability figure with a slider for z over ``Z_RANGE`` and a toggle for the label y."""
    z = _validate.check_scalar(z, "z", float, low=Z_RANGE[0], high=Z_RANGE[1])
    y = _validate.label(y)
    fig, update = _stability_figure(z, y, Z_RANGE)
    sliders = {
        "z": widgets.FloatSlider(value=z, min=Z_RANGE[0], max=Z_RANGE[1], step=0.05, description="z",
                                 readout_format=".2f", continuous_update=False),
        "y": widgets.ToggleButtons(options=[1, 0], value=y, description="label y"),
    }
    return SliderFigure(fig, sliders, update)


def naive_one_minus_sigmoid(z: float | np.ndarray, dtype: str = "float64") -> np.ndarray:
    """1 − 1/(1 + e^(−z)) computed entirely in ``dtype`` ("float32" or "float64"), as textbook code does.

    z: finite logits, any shape. Returns a float64 array shaped like z holding the ``dtype`` result:
    it drops to exactly 0 above 24 log 2 ≈ 16.64 in float32 and 53 log 2 ≈ 36.74 in float64.
    """
    arr = _validate.as_float_array(z, "z")
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    one = np.dtype(dtype).type(1)
    with np.errstate(over="ignore"):
        return (one - one / (one + np.exp(-arr.astype(dtype)))).astype(np.float64)


def precisions_figure(z_range: tuple[float, float] = (0.0, 45.0)) -> Figure:
    """1 − σ(z) by subtraction in float32 and in float64 against the exact σ(−z), on a log scale.

    z_range: (low, high), the logits shown. Returns the figure.
    """
    low, high = _z_range(z_range)
    z = np.linspace(low, high, 1801)
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 4.4))
    ax.semilogy(z, _core.sigmoid(-z), color=COLORS["reference"], lw=1.0, ls="--", zorder=3,
                label="exact: σ(−z)")
    for dtype, digits, lw in (("float32", 24, 4.5), ("float64", 53, 2.0)):
        ax.semilogy(z, _positive_or_gap(naive_one_minus_sigmoid(z, dtype)), color=COLORS[dtype], lw=lw,
                    label=f"1 − σ(z) in {dtype}")
        ax.axvline(digits * np.log(2.0), color=COLORS[dtype], ls=":", lw=1.2)
    ax.set(xlim=(low, high), ylim=(1e-20, 1.0), xlabel="logit z (dimensionless)",
           ylabel="1 − σ(z) (probability)",
           title="1 − σ(z) by subtraction: float32 runs out of digits long before float64")
    ax.legend(loc="lower left")
    return fig
