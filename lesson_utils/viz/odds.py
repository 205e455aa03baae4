"""Lesson 1 figures: a straight line fitted to 0/1 labels, and odds and log-odds against p (with a slider).

``odds_panel`` computes everything the odds figure shows (tested on its own); ``odds_figure`` draws it
once at a given p and ``odds_widget`` adds a slider for p that moves the read-off points along both curves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import _validate
from ..odds import logit, odds
from .style import COLORS, COLUMN_WIDTH, scatter_labels
from .widgets import SliderFigure

#: The curves are drawn for p in [P_MIN, P_MAX]: odds 0.001 … 999, log-odds −6.9 … 6.9.
P_MIN, P_MAX = 0.001, 0.999
#: The log-odds panel shows −LOG_ODDS_LIMIT … LOG_ODDS_LIMIT; the slider keeps the marker inside it.
LOG_ODDS_LIMIT = 7.0
#: The odds panel shows at least 0 … ODDS_MIN_TOP, more when the marker would leave it.
ODDS_MIN_TOP = 10.0
#: Colour and line style of the fitted lines, in order: black solid first, then green dashed, …;
#: none of them near the blue and orange of the two classes' dots.
LINE_STYLES = (
    (COLORS["black"], "-"), (COLORS["green"], "--"), (COLORS["black"], ":"), (COLORS["green"], "-."),
    (COLORS["black"], "--"), (COLORS["green"], ":"),
)


@dataclass(frozen=True)
class OddsPanel:
    """What the odds / log-odds figure shows for one probability p.

    p_grid: (n,) probabilities in [P_MIN, P_MAX]; odds_curve: (n,) p/(1 − p) on that grid;
    log_odds_curve: (n,) log(p/(1 − p)); p, odds, log_odds: the read-off point;
    odds_top: the upper limit of the odds axis, chosen so the read-off point stays in view.
    """

    p_grid: np.ndarray
    odds_curve: np.ndarray
    log_odds_curve: np.ndarray
    p: float
    odds: float
    log_odds: float
    odds_top: float


def odds_panel(p: float = 0.8, n_points: int = 400) -> OddsPanel:
    """Odds and log-odds curves against p, and their values at one p.

    p: the probability read off, strictly between 0 and 1 (at 0 and 1 the log-odds are −∞ and +∞,
    which no figure can mark); n_points: grid size n, at least 2.
    Returns an ``OddsPanel`` (arrays of shape (n,), floats for the read-off point).
    """
    p = _validate.check_scalar(p, "p", float, low=0, high=1, include_low=False, include_high=False)
    n = _validate.check_scalar(n_points, "n_points", int, low=1)
    if n < 2:
        raise ValueError(f"n_points must be at least 2 to draw a curve, got {n}")
    p_grid = np.linspace(P_MIN, P_MAX, n)
    odds_p = float(odds(p))
    return OddsPanel(
        p_grid=p_grid,
        odds_curve=odds(p_grid),
        log_odds_curve=logit(p_grid),
        p=p,
        odds=odds_p,
        log_odds=float(logit(p)),
        odds_top=max(ODDS_MIN_TOP, 1.2 * odds_p),
    )


def _readout(panel: OddsPanel) -> str:
    return f"p = {panel.p:.2f}:  odds = {panel.odds:.2f},  log-odds = {panel.log_odds:.2f}"


def _build_odds_figure(p: float) -> tuple[Figure, Callable[..., None]]:
    """Draw both panels at ``p``; return the figure and an ``update(p)`` that moves the read-off."""
    panel = odds_panel(p)
    fig, (ax_odds, ax_log) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 4.0))

    ax_odds.plot(panel.p_grid, panel.odds_curve, color=COLORS["blue"], label="odds = p / (1 − p)")
    ax_odds.axhline(1.0, color=COLORS["black"], lw=0.8, ls=":", label="odds = 1 (p = 0.5)")
    ax_odds.set(
        xlim=(0.0, 1.0),
        xlabel="probability p",
        ylabel="odds p / (1 − p)",
        title="Odds: bounded below by 0, unbounded above",
    )
    ax_log.plot(
        panel.p_grid, panel.log_odds_curve, color=COLORS["blue"], label="log-odds = log(p / (1 − p))"
    )
    ax_log.axhline(0.0, color=COLORS["black"], lw=0.8, ls=":", label="log-odds = 0 (p = 0.5)")
    ax_log.set(
        xlim=(0.0, 1.0),
        ylim=(-LOG_ODDS_LIMIT, LOG_ODDS_LIMIT),
        xlabel="probability p",
        ylabel="log-odds log(p / (1 − p))",
        title="Log-odds: unbounded in both directions",
    )

    # The read-off: a marker on each curve, guide lines down to p and across to the value, and the
    # value written next to the marker.
    guides = {}
    for name, ax in (("odds", ax_odds), ("log", ax_log)):
        (vline,) = ax.plot([], [], color=COLORS["vermillion"], lw=1.0, ls="--")
        (hline,) = ax.plot([], [], color=COLORS["vermillion"], lw=1.0, ls="--")
        (marker,) = ax.plot([], [], "o", color=COLORS["vermillion"], ms=8, zorder=3)
        note = ax.annotate(
            "",
            xy=(p, 0.0),
            xytext=(0, 0),
            textcoords="offset points",
            va="bottom",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": COLORS["vermillion"], "alpha": 0.9},
            zorder=4,
        )
        guides[name] = (vline, hline, marker, note)
        ax.legend(loc="upper left", frameon=True, facecolor="white", edgecolor="none", framealpha=0.9)
    readout = fig.suptitle("")

    def update(p: float) -> None:
        p = _validate.check_scalar(p, "p", float, low=0, high=1, include_low=False, include_high=False)
        new_odds = float(odds(p))
        new = OddsPanel(panel.p_grid, panel.odds_curve, panel.log_odds_curve, p, new_odds, float(logit(p)),
                        max(ODDS_MIN_TOP, 1.2 * new_odds))  # the curves are drawn once; only p moves
        if ax_odds.get_ylim()[1] != new.odds_top:
            ax_odds.set_ylim(0.0, new.odds_top)
        for name, value, bottom in (("odds", new.odds, 0.0), ("log", new.log_odds, -LOG_ODDS_LIMIT)):
            vline, hline, marker, note = guides[name]
            vline.set_data([new.p, new.p], [bottom, value])
            hline.set_data([0.0, new.p], [value, value])
            marker.set_data([new.p], [value])
            label = "odds" if name == "odds" else "log-odds"
            note.set_text(f"p = {new.p:.2f}\n{label} = {value:.2f}")
            note.xy = (new.p, value)
            # Write the value on the side of the marker facing the middle, so it stays inside the panel.
            left = new.p >= 0.5
            note.set_horizontalalignment("right" if left else "left")
            note.set_position((-12 if left else 12, 6))
        readout.set_text(_readout(new))

    update(p)
    return fig, update


def odds_figure(p: float = 0.8) -> Figure:
    """Static figure: odds and log-odds against p, with the values at ``p`` (in (0, 1)) read off."""
    fig, _ = _build_odds_figure(p)
    return fig


def odds_widget(p: float = 0.8) -> SliderFigure:
    """The odds figure with a slider for p (0.01 … 0.99): the read-off points move along both curves.

    p: starting value, in [0.01, 0.99] so the log-odds marker stays inside the panel.
    """
    p = _validate.check_scalar(p, "p", float, low=0, high=1, include_low=False, include_high=False)
    if not 0.01 <= p <= 0.99:
        raise ValueError(f"p must be between 0.01 and 0.99 for the slider, got {p!r}")
    fig, update = _build_odds_figure(p)
    slider = widgets.FloatSlider(
        value=p, min=0.01, max=0.99, step=0.01, description="p", readout_format=".2f", continuous_update=True
    )
    return SliderFigure(fig, {"p": slider}, update)


def linear_fit_figure(
    x: np.ndarray,
    y: np.ndarray,
    lines: Mapping[str, tuple[float, float]],
    title: str = "A straight line fitted to 0/1 labels leaves [0, 1]",
) -> Figure:
    """Scatter 0/1 labels against one feature and draw straight lines ŷ = slope · x + intercept over them.

    x: (m,) or (m, 1) feature values; y: (m,) labels in {0, 1};
    lines: label → (slope, intercept), at most six lines, each a finite pair;
    title: what the reader should see. The band 0 ≤ ŷ ≤ 1, where a probability can live, is shaded.
    Returns the figure.
    """
    x = _validate.one_feature(x)
    y = _validate.labels(y, "y", x.shape[0])
    if not isinstance(lines, Mapping) or not lines:
        raise TypeError(f"lines must be a non-empty mapping label -> (slope, intercept), got {lines!r}"[:160])
    if len(lines) > 6:
        raise ValueError(f"lines must hold at most 6 lines to stay readable, got {len(lines)}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    params = {}
    for label, pair in lines.items():
        arr = _validate.as_float_array(pair, f"lines[{label!r}]")
        if arr.shape != (2,):
            raise ValueError(f"lines[{label!r}] must be a pair (slope, intercept), got shape {arr.shape}")
        params[str(label)] = (float(arr[0]), float(arr[1]))

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    pad = 0.05 * (x.max() - x.min() + 1.0)
    x_line = np.linspace(x.min() - pad, x.max() + pad, 200)
    ax.axhspan(0.0, 1.0, color=COLORS["green"], alpha=0.08, label="0 ≤ ŷ ≤ 1: where a probability lives")
    scatter_labels(ax, x, y)
    ax.axhline(0.5, color=COLORS["black"], lw=0.8, ls=":", label="threshold ŷ = 0.5")
    for (label, (slope, intercept)), (color, style) in zip(params.items(), LINE_STYLES, strict=False):
        ax.plot(x_line, slope * x_line + intercept, color=color, ls=style, label=label)
    ax.set(xlabel="feature x", ylabel="label y, and the line's output ŷ", title=title)
    ax.legend(loc="upper left", fontsize=9)
    return fig
