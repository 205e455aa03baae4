"""A colour-blind-safe look for every figure (the Okabe–Ito palette, sizes that read on a projector).

Sizes: figures are drawn at 100 pixels per inch and shown at that size, so 12-point text is 12
points on the screen at 100 % zoom; ``COLUMN_WIDTH`` inches fit the notebook column of a
1024-pixel-wide window (a projector's) without being shrunk. In a notebook, ``use_style()``
also switches the inline figures to twice the pixels ("retina"), sharp on high-density screens.

Colours by role: ``COLORS`` holds the palette by colour name and, for the roles every lesson
shares, by role name (``COLORS["train"]``, ``COLORS["test"]``, ``COLORS["path"]``,
``COLORS["class 0"]``, ``COLORS["class 1"]``); ``PROBABILITY_CMAP`` colours probability maps.
"""

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

#: The roles every lesson shares, in the palette's colours (the names above stay valid).
ROLES = {
    "train": "blue",  # training loss, training accuracy
    "test": "vermillion",  # hold-out loss and accuracy (drawn dashed where both share an axes)
    "path": "vermillion",  # a descent path across a loss surface
    "class 0": "blue",  # samples with y = 0
    "class 1": "orange",  # samples with y = 1
}
COLORS.update({role: COLORS[name] for role, name in ROLES.items()})

#: Class 0 and class 1 everywhere in the series.
CLASS_COLORS = (COLORS["class 0"], COLORS["class 1"])

#: Sequential, perceptually uniform and colour-blind-safe colormaps for maps and contours.
SEQUENTIAL_CMAP = "cividis"
DIVERGING_CMAP = "PuOr"
#: Maps of g = P(y = 1 | x): dark where the model is sure of class 0, light where sure of class 1.
PROBABILITY_CMAP = SEQUENTIAL_CMAP

#: Widest figure (inches) shown unshrunk in the notebook column of a 1024-pixel-wide window.
COLUMN_WIDTH = 9.0
#: Text size (points) for all figure text; titles one step larger.
FONT_SIZE = 12


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
    """Apply the series' matplotlib style (palette, sizes, grid) for the current session.

    In a notebook the inline figures also get twice the pixels (shown at the same size).
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(
                color=[COLORS[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple")]
            ),
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": FONT_SIZE,
            "axes.titlesize": FONT_SIZE + 1,
            "axes.labelsize": FONT_SIZE,
            "xtick.labelsize": FONT_SIZE,
            "ytick.labelsize": FONT_SIZE,
            "legend.fontsize": FONT_SIZE,
            "figure.titlesize": FONT_SIZE + 2,
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
    _retina_inline_figures()


def _retina_inline_figures() -> None:
    """Inline figures at twice the pixels, when running in a notebook with the inline backend."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python: nothing is shown inline
        return
    shell = get_ipython()
    if shell is None or "inline" not in str(mpl.get_backend()):
        return
    set_matplotlib_formats("retina")
