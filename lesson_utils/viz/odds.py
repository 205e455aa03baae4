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

#: The curves are drawn for p in [P_MIN, P_MAX]: odds 0.0001 … 9999, log-odds −9.2 … 9.2 (past the panel).
P_MIN, P_MAX = 1e-4, 1 - 1e-4
#: The log-odds panel shows −LOG_ODDS_LIMIT … LOG_ODDS_LIMIT: room above the marker at p = 0.99 (log-odds
#: 4.6) for its read-off box, and below it at p = 0.01.
LOG_ODDS_LIMIT = 8.0
#: The odds panel shows at least 0 … ODDS_MIN_TOP, more when the marker would leave it.
ODDS_MIN_TOP = 10.0
#: Room the read-off box takes beside its marker, as fractions of the panel (two lines of 12-point
#: text: at most this wide in the odds panel, and this high), and the gap it keeps to marker and lines.
NOTE_WIDTH, NOTE_HEIGHT, NOTE_GAP = 0.38, 0.17, 0.03
#: Colour and line style of the fitted lines, in order (first solid, second dashed, …), away from
#: the class colours of the samples.
LINE_STYLES = (
    (COLORS["fit"], "-"), (COLORS["other fit"], "--"), (COLORS["fit"], ":"),
    (COLORS["other fit"], "-."), (COLORS["fit"], "--"), (COLORS["other fit"], ":"),
)


def _note_place(p_grid, curve, p: float, value: float, bottom: float, top: float, reference: float,
                width: float):
    """Where the read-off box of an increasing curve (``curve`` over ``p_grid``) goes: (x, y, ha, va) in
    data coordinates, clear of the curve and of the ``reference`` line, inside the panel.

    Left of the marker when the box fits there, else right of it. On the left the curve runs below the
    marker, so the box goes above it (and above the reference line), or, when the panel's top is too
    near, below it and as far left as the curve needs; on the right the curve runs above the marker, so
    the box goes below it, or, when the panel's bottom is too near, above the curve under the box's span.
    width: the box's width as a fraction of the panel (x runs over 0 … 1).
    """
    gap, height = NOTE_GAP * (top - bottom), NOTE_HEIGHT * (top - bottom)
    if p - NOTE_GAP - width >= 0.0:
        above = max(value, reference) + gap
        if above + height <= top:
            return p - NOTE_GAP, above, "right", "bottom"
        # The curve reaches the box's bottom at this p: the box ends left of it.
        clear = float(np.interp(value - gap - height, curve, p_grid)) - NOTE_GAP
        return min(p - NOTE_GAP, clear), value - gap, "right", "top"
    below = min(value, reference) - gap
    if below - height >= bottom:
        return p + NOTE_GAP, below, "left", "top"
    under = float(np.interp(p + NOTE_GAP + width, p_grid, curve))
    return p + NOTE_GAP, max(value, reference, under) + gap, "left", "bottom"


def _odds_figure(p: float):
    """Both panels with the read-off at ``p``; returns the figure and an ``update(p)`` that moves it."""
    fig, axes = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.8))
    p_grid = np.linspace(P_MIN, P_MAX, 400)
    panels = (  # function, its name, the bottom of its axis, its formula, the title, the box's width
        (odds, "odds", 0.0, "p / (1 − p)", "Odds: bounded below by 0,\nunbounded above", NOTE_WIDTH),
        (logit, "log-odds", -LOG_ODDS_LIMIT, "log(p / (1 − p))", "Log-odds: unbounded\nin both directions",
         1.25 * NOTE_WIDTH),
    )
    read_offs = []
    for ax, (function, name, bottom, formula, title, width) in zip(axes, panels, strict=True):
        curve = function(p_grid)
        ax.plot(p_grid, curve, color=COLORS["curve"], label=f"{name} = {formula}")
        middle = function(0.5)
        ax.axhline(middle, color=COLORS["reference"], lw=0.8, ls=":", label=f"{name} = {middle:g} (p = 0.5)")
        ax.set(xlim=(0.0, 1.0), xlabel="probability p", ylabel=f"{name} {formula}", title=title)
        # The read-off: guide lines up from the p axis and across to the value axis, a marker on
        # the curve, and the value written next to it.
        (guide,) = ax.plot([], [], color=COLORS["marker"], lw=1.0, ls="--")
        (marker,) = ax.plot([], [], "o", color=COLORS["marker"], ms=8, zorder=3)
        note = ax.annotate("", xy=(p, 0.0), xytext=(p, 0.0), zorder=6,
                           bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": COLORS["marker"],
                                 "alpha": 0.9})
        read_offs.append((ax, function, name, bottom, middle, width, curve, guide, marker, note))
        # Under the axes, where no read-off can reach it.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    axes[1].set_ylim(-LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)
    # The odds axis grows to "100" when p nears 1: its label stands where that still fits.
    axes[0].yaxis.set_label_coords(-0.17, 0.5)
    readout = fig.suptitle("")

    def update(p: float) -> None:
        values = {name: float(function(p)) for _, function, name, *_ in read_offs}
        odds_top = max(ODDS_MIN_TOP, 1.2 * values["odds"])
        if axes[0].get_ylim() != (0.0, odds_top):
            axes[0].set_ylim(0.0, odds_top)
        for ax, _, name, bottom, middle, width, curve, guide, marker, note in read_offs:
            value = values[name]
            guide.set_data([p, p, 0.0], [bottom, value, value])
            marker.set_data([p], [value])
            note.set_text(f"p = {p:.2f}\n{name} = {value:.2f}")
            note.xy = (p, value)
            x, y, ha, va = _note_place(p_grid, curve, p, value, bottom, ax.get_ylim()[1], middle, width)
            note.set_position((x, y))
            note.set_horizontalalignment(ha)
            note.set_verticalalignment(va)
        readout.set_text(f"p = {p:.2f}:  odds = {values['odds']:.2f},  log-odds = {values['log-odds']:.2f}")

    update(p)
    return fig, update


def odds_figure(p: float = 0.8) -> Figure:
    """Odds and log-odds against p, with the values at ``p`` (strictly between 0 and 1) read off."""
    p = _validate.check_scalar(p, "p", float, low=0, high=1, include_low=False, include_high=False)
    return _odds_figure(p)[0]


def odds_widget(p: float = 0.8) -> SliderFigure:
    """The odds figure with a slider for p (0.01 … 0.99): the read-off points move along both curves.

    p: the starting value, in [0.01, 0.99] so the log-odds marker and its box stay inside their panel.
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
