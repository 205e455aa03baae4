"""Figures and widgets for the lessons (the plotting layer; the numerics never import this).

Every widget is a thin wrapper: a pure function computes what the figure shows (unit-tested on its
own), a ``draw``/``update`` step puts it on matplotlib artists, and ``SliderFigure`` wires sliders
to that update.
"""

from .style import COLORS, use_style
from .widgets import SliderFigure

__all__ = ["COLORS", "SliderFigure", "use_style"]
