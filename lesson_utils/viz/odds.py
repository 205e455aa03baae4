"""Lesson 1 figures: a straight line fitted to 0/1 labels, and odds and log-odds against p (with a slider)."""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..odds import logit, odds
from .draw import draw_samples
from .style import COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: The curves are drawn for p in [P_MIN, P_MAX]: odds 0.001 … 999, log-odds −6.9 … 6.9.
P_MIN, P_MAX = 0.001, 0.999
#: The log-odds panel shows −LOG_ODDS_LIMIT … LOG_ODDS_LIMIT; the slider keeps the marker inside it.
LOG_ODDS_LIMIT = 7.0
#: The odds panel shows at least 0 … ODDS_MIN_TOP, more when the marker would leave it.
ODDS_MIN_TOP = 10.0
#: Colour and line style of the fitted lines, in order (first solid, second dashed, …), away from
#: the class colours of the samples.
LINE_STYLES = (
    (COLORS["fit"], "-"), (COLORS["other fit"], "--"), (COLORS["fit"], ":"),
    (COLORS["other fit"], "-."), (COLORS["fit"], "--"), (COLORS["other fit"], ":"),
)


def _odds_figure(p: float):
    """Both panels with the read-off at ``p``; returns the figure and an ``update(p)`` that moves it."""
    fig, axes = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.8))
    p_grid = np.linspace(P_MIN, P_MAX, 400)
    panels = (  # function, its name, the bottom of its axis, its formula, the title
        (odds, "odds", 0.0, "p / (1 − p)", "Odds: bounded below by 0,\nunbounded above"),
        (logit, "log-odds", -LOG_ODDS_LIMIT, "log(p / (1 − p))", "Log-odds: unbounded\nin both directions"),
    )
    read_offs = []
    for ax, (function, name, bottom, formula, title) in zip(axes, panels, strict=True):
        ax.plot(p_grid, function(p_grid), color=COLORS["curve"], label=f"{name} = {formula}")
        middle = function(0.5)
        ax.axhline(middle, color=COLORS["reference"], lw=0.8, ls=":", label=f"{name} = {middle:g} (p = 0.5)")
        ax.set(xlim=(0.0, 1.0), xlabel="probability p", ylabel=f"{name} {formula}", title=title)
        # The read-off: guide lines up from the p axis and across to the value axis, a marker on
        # the curve, and the value written next to it.
        (guide,) = ax.plot([], [], color=COLORS["marker"], lw=1.0, ls="--")
        (marker,) = ax.plot([], [], "o", color=COLORS["marker"], ms=8, zorder=3)
        note = ax.annotate("", xy=(p, 0.0), xytext=(0, 0), textcoords="offset points", va="bottom", zorder=6,
                           bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": COLORS["marker"],
                                 "alpha": 0.9})
        read_offs.append((function, name, bottom, guide, marker, note))
        # Under the axes, where no read-off can reach it.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    axes[1].set_ylim(-LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)
    # The odds axis grows to "100" when p nears 1: its label stands where that still fits.
    axes[0].yaxis.set_label_coords(-0.17, 0.5)
    readout = fig.suptitle("")

    def update(p: float) -> None:
        values = {}
        for function, name, bottom, guide, marker, note in read_offs:
            value = values[name] = float(function(p))
            guide.set_data([p, p, 0.0], [bottom, value, value])
            marker.set_data([p], [value])
            note.set_text(f"p = {p:.2f}\n{name} = {value:.2f}")
            note.xy = (p, value)
            # Written on the side of the marker facing the middle, so it stays inside the panel.
            note.set_horizontalalignment("right" if p >= 0.5 else "left")
            note.set_position((-12 if p >= 0.5 else 12, 6))
        odds_top = max(ODDS_MIN_TOP, 1.2 * values["odds"])
        if axes[0].get_ylim() != (0.0, odds_top):
            axes[0].set_ylim(0.0, odds_top)
        readout.set_text(f"p = {p:.2f}:  odds = {values['odds']:.2f},  log-odds = {values['log-odds']:.2f}")

    update(p)
    return fig, update


def odds_figure(p: float = 0.8) -> Figure:
    """Odds and log-odds against p, with the values at ``p`` (strictly between 0 and 1) read off."""
    p = _validate.check_scalar(p, "p", float, low=0, high=1, include_low=False, include_high=False)
    return _odds_figure(p)[0]


def odds_widget(p: float = 0.8) -> SliderFigure:
    """The odds figure with a slider for p (0.01 … 0.99): the read-off points move along both curves.

    p: the starting value, in [0.01, 0.99] so the log-odds marker stays inside its panel.
    """
    p = _validate.check_scalar(p, "p", float, low=0.01, high=0.99)
    fig, update = _odds_figure(p)
    slider = widgets.FloatSlider(value=p, min=0.01, max=0.99, step=0.01, description="p",
                                 readout_format=".2f")
    return SliderFigure(fig, {"p": slider}, update)


def linear_fit_figure(
    x: np.ndarray,
    y: np.ndarray,
    lines: Mapping[str, tuple[float, float]],
    title: str = "A straight line fitted to 0/1 labels leaves [0, 1]",
) -> Figure:
    """0/1 labels against one feature, with straight lines ŷ = slope · x + intercept drawn over them.

    x: (m,) or (m, 1) feature values; y: (m,) labels in {0, 1}; lines: label → (slope, intercept),
    one to six lines; title: what the reader should see. The band 0 ≤ ŷ ≤ 1, where a probability can
    live, is shaded. Returns the figure.
    """
    x = _validate.one_feature(x)
    y = _validate.labels(y, "y", x.shape[0])
    if not isinstance(lines, Mapping) or not 1 <= len(lines) <= len(LINE_STYLES):
        raise ValueError(f"lines must map 1 to 6 labels to (slope, intercept), got {lines!r}"[:150])
    pairs = {label: _validate.as_float_array(pair, f"lines[{label!r}]") for label, pair in lines.items()}
    for label, pair in pairs.items():
        if pair.shape != (2,):
            raise ValueError(f"lines[{label!r}] must be a pair (slope, intercept), got shape {pair.shape}")

    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 6.0))
    pad = 0.05 * (x.max() - x.min() + 1.0)
    x_line = np.linspace(x.min() - pad, x.max() + pad, 200)
    ax.axhspan(0.0, 1.0, color=COLORS["region"], alpha=0.25, label="0 ≤ ŷ ≤ 1: where a probability lives")
    draw_samples(ax, x, y, size=6.0)
    ax.axhline(0.5, color=COLORS["reference"], lw=0.8, ls=":", label="threshold ŷ = 0.5")
    for (label, (slope, intercept)), (color, style) in zip(pairs.items(), LINE_STYLES, strict=False):
        ax.plot(x_line, slope * x_line + intercept, color=color, ls=style, label=label)
    ax.set(xlabel="feature x", ylabel="label y, and the line's output ŷ", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    return fig
