"""Figures and widgets for the lessons (the plotting layer; the numerics never import this).

Every widget is a thin wrapper: a pure function computes what the figure shows (unit-tested on its
own), a ``draw``/``update`` step puts it on matplotlib artists, and ``SliderFigure`` wires sliders
to that update and shows the figure, redrawing only what moved. ``use_style()`` sets the series'
look; ``COLUMN_WIDTH`` is the widest figure (inches) a 1024-pixel window shows unshrunk.
"""

from .style import COLORS, COLUMN_WIDTH, PROBABILITY_CMAP, use_style
from .widgets import SliderFigure

__all__ = ["COLORS", "COLUMN_WIDTH", "PROBABILITY_CMAP", "SliderFigure", "use_style"]
