"""Drawing pieces several lessons share: samples by class, hold-out curves per run, a loss surface,
log-axis ticks.

Each ``draw_*(ax, …)`` draws on axes it is given and returns the artists it made, so a slider panel
can update them in place; the lessons' ``*_figure`` and ``*_widget`` functions are built from these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from ..training import History
from .style import CLASS_COLORS, COLORS, LOSS_CMAP, SERIES


def draw_samples(ax, x: np.ndarray, y: np.ndarray, size: float = 4.0, edge: str = "white") -> list:
    """The samples in the colour of their class: class 0 circles, class 1 squares.

    x: (m, 2) two features, drawn as points in the plane; or (m,) / (m, 1) one feature, drawn at the
    height of the label (0 or 1); y: (m,) labels in {0, 1}; size: marker size (points); edge: the
    markers' outline colour. Returns the two marker-only lines (class 0, class 1).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y)
    one_feature = x.ndim == 1 or x.shape[1] == 1
    artists = []
    for label, marker in ((0, "o"), (1, "s")):
        pick = y == label
        across, up = (x.reshape(-1)[pick], y[pick]) if one_feature else (x[pick, 0], x[pick, 1])
        artists += ax.plot(across, up, marker, ls="", ms=size, color=CLASS_COLORS[label], mec=edge, mew=0.4,
                           alpha=0.8 if one_feature else 1.0, label=f"class {label} (y = {label})")
    return artists


def draw_histories(ax_loss, ax_accuracy, histories: Mapping[str, History],
                   colors: Sequence[str] = SERIES) -> list:
    """Hold-out loss (log scale) and hold-out accuracy (%) per epoch, one colour per run.

    histories: label → ``History`` recorded with a test set (``train(…, x_test, y_test)``);
    colors: one per run, in order. Returns the lines drawn: [loss, accuracy] for each run.
    """
    lines = []
    for (label, history), color in zip(histories.items(), colors, strict=False):
        if history.test_loss is None:
            raise ValueError(f"history {label!r} has no hold-out record: train with x_test and y_test")
        loss = np.maximum(history.test_loss, 1e-300)  # a loss of exactly 0 cannot go on a log axis
        lines += ax_loss.plot(history.epochs, loss, color=color, label=label)
        lines += ax_accuracy.plot(history.epochs, 100 * history.test_accuracy, color=color, label=label)
    ax_loss.set_yscale("log")
    ax_loss.set_ylabel("hold-out loss (nats, log scale)")
    ax_accuracy.set_ylabel("hold-out accuracy (%)")
    for ax in (ax_loss, ax_accuracy):
        ax.set_xlabel("epoch")
    return lines


def log_levels(grid: np.ndarray, n: int = 9) -> np.ndarray:
    """n contour levels spaced evenly in log between a loss grid's minimum and maximum (strictly inside).

    Each window then shows its own valley whatever the scale of the loss there. Values below 1e-12
    count as 1e-12; a flat grid gets no levels (an empty array).
    """
    low, high = max(float(np.min(grid)), 1e-12), max(float(np.max(grid)), 1e-12)
    if high <= low * (1 + 1e-9):
        return np.empty(0)
    return np.geomspace(low, high, n + 2)[1:-1]


def draw_loss_surface(ax, s_values: np.ndarray, t_values: np.ndarray, grid: np.ndarray,
                      levels: Sequence[float] | None = None, labels: bool = True) -> list:
    """A loss grid (from ``lesson_utils.loss.loss_grid``) shaded by log loss, with contour lines.

    s_values: (ns,) along the x-axis; t_values: (nt,) along the y-axis; grid: (nt, ns) losses;
    levels: the contour levels (default: ``log_levels(grid)``); labels: write each level on its line.
    Returns [the image, the contour set (when there are levels)].
    """
    levels = log_levels(grid) if levels is None else np.asarray(levels, dtype=float)
    log_grid = np.log10(np.maximum(grid, 1e-12))
    extent = (s_values[0], s_values[-1], t_values[0], t_values[-1])
    image = ax.imshow(log_grid, origin="lower", extent=extent, aspect="auto", cmap=LOSS_CMAP, alpha=0.6,
                      interpolation="bilinear")
    artists = [image]
    if len(levels):
        image.set_clim(*np.log10([levels[0], levels[-1]]) if len(levels) > 1 else (None, None))
        artists.append(ax.contour(s_values, t_values, grid, levels=levels, colors=COLORS["reference"],
                                  linewidths=0.7))
        if labels:
            ax.clabel(artists[-1], fmt="%.2g")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.grid(False)
    return artists


def log_ticks(ax, exponents: Sequence[int]) -> None:
    """Put the y ticks of a log axis at 10**k for k in ``exponents``, labelled in plain text (10⁻²⁰).

    Plain labels instead of matplotlib's math text: a slider redraw then lays out no formulas, which
    is most of what a log axis costs to draw.
    """
    superscript = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    ax.yaxis.set_major_locator(FixedLocator([10.0**k for k in exponents]))
    ax.yaxis.set_major_formatter(FixedFormatter([f"10{str(k).translate(superscript)}" for k in exponents]))
    ax.yaxis.set_minor_locator(NullLocator())
