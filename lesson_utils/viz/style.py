"""A colour-blind-safe look for every figure (the Okabe–Ito palette, sizes that read on a projector).

Sizes: figures are drawn at 100 pixels per inch and shown at that size, so 12-point text is 12
points on the screen at 100 % zoom; ``COLUMN_WIDTH`` inches fit the notebook column of a
1024-pixel-wide window (a projector's) without being shrunk. In a notebook, ``use_style()``
also switches the inline figures to twice the pixels ("retina"), sharp on high-density screens.

Colours by role: a figure asks for what a line *is* (``COLORS["train"]``, ``COLORS["reference"]``,
``CLASS_COLORS[label]``, ``SERIES[i]`` for the i-th of several compared runs), never for a hue, so
changing a role in ``ROLES`` changes every figure that draws it. ``PROBABILITY_CMAP`` colours maps
of g = P(y = 1 | x); ``LOSS_CMAP`` shades loss surfaces.
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

#: Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies (plus a grey).
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#595959",
}

#: What a line or mark is → the palette colour it is drawn in. The one place to change a colour.
ROLES = {
    "class 0": "blue",  # samples with y = 0
    "class 1": "orange",  # samples with y = 1
    "train": "blue",  # training loss and accuracy
    "test": "vermillion",  # hold-out loss and accuracy (dashed where both share an axes)
    "path": "vermillion",  # a descent path across a loss surface, the run a slider shows
    "curve": "blue",  # the function a figure is about (odds, σ, a loss)
    "model": "black",  # the model's g = σ(z) drawn over the samples (blue would read as class 0)
    "other curve": "vermillion",  # a second function set against the first (its slope, a rival loss)
    "marker": "purple",  # the value a slider picks: its point and guide lines
    "boundary": "green",  # a decision boundary g = 0.5, a tangent
    "hidden unit": "black",  # a hidden unit's line z1_k = 0 (drawn dashed)
    "fit": "black",  # a straight line fitted to the samples (lesson 1), alternating with …
    "other fit": "green",  # … this one when several are drawn
    "parameter": "vermillion",  # a weight or bias written on a network drawing
    "reference": "black",  # thresholds, limits, targets, starts, minima, contour lines
    "note": "grey",  # small print on a figure
    "alert": "vermillion",  # a message that a run broke (a non-finite loss)
    "region": "yellow",  # a shaded range of the x-axis the text refers to
    "naive": "vermillion",  # the textbook formula (lesson 7)
    "stable": "blue",  # its numerically stable rewrite (lesson 7)
    "float32": "orange",
    "float64": "blue",
    "forward": "blue",  # values flowing forward through a computation graph
    "backward": "vermillion",  # derivatives flowing backward
    "input node": "sky",
    "sum node": "yellow",
    "activation node": "orange",
    "output node": "green",
    "label node": "green",  # the label y entering a computation graph
}
COLORS = {role: PALETTE[name] for role, name in ROLES.items()}

#: Class 0 and class 1 everywhere in the series.
CLASS_COLORS = (COLORS["class 0"], COLORS["class 1"])
#: Several runs compared on one axes (learning rates, batch sizes, penalties): the i-th run's colour;
#: also the default colour cycle of every figure.
SERIES = tuple(PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "sky", "purple"))

#: Maps of g = P(y = 1 | x): purple where the model is sure of class 0, orange where sure of class 1,
#: white where it is unsure (diverging at 0.5, colour-blind-safe).
PROBABILITY_CMAP = "PuOr_r"
#: Loss surfaces (shaded by log loss): perceptually uniform and colour-blind-safe.
LOSS_CMAP = "cividis"

#: Widest figure (inches) shown unshrunk in the notebook column of a 1024-pixel-wide window: that
#: column is about 842 pixels in JupyterLab, and the inline display adds about 11 pixels of margin.
COLUMN_WIDTH = 8.2
#: Text size (points) for all figure text; titles one step larger.
FONT_SIZE = 12


def use_style() -> None:
    """Apply the series' matplotlib style (palette, sizes, grid) for the current session.

    In a notebook the inline figures also get twice the pixels (shown at the same size).
    """
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(
                color=list(SERIES)
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
            "image.cmap": LOSS_CMAP,
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
