"""A colour-blind-safe look for every figure (the Okabe–Ito palette, readable sizes)."""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

#: Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Class 0 and class 1 everywhere in the series.
CLASS_COLORS = (COLORS["blue"], COLORS["orange"])

#: Sequential, perceptually uniform and colour-blind-safe colormaps for maps and contours.
SEQUENTIAL_CMAP = "cividis"
DIVERGING_CMAP = "PuOr"


def scatter_labels(ax, x, y, **kwargs) -> None:
    """Draw the samples (x_i, y_i) of a one-feature set at height 0 or 1, in the colour of their class.

    ax: the matplotlib axes; x: (m,) feature values; y: (m,) labels in {0, 1}; kwargs go to
    ``ax.scatter`` (``zorder``, say).
    """
    for label in (0, 1):
        mask = y == label
        ax.scatter(
            x[mask], y[mask], s=30, alpha=0.7, color=CLASS_COLORS[label],
            label=f"samples with y = {label}", **kwargs,
        )


def use_style() -> None:
    """Apply the series' matplotlib style (palette, sizes, grid) for the current session."""
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(
                color=[COLORS[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple")]
            ),
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "lines.linewidth": 2.0,
            "legend.frameon": False,
            "image.cmap": SEQUENTIAL_CMAP,
            "figure.constrained_layout.use": True,
        }
    )
