"""``SliderFigure``: sliders that redraw one matplotlib figure in place."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import clear_output, display
from matplotlib.figure import Figure


class SliderFigure:
    """A figure whose artists are updated by ``update(**slider_values)`` whenever a slider moves.

    figure: the matplotlib figure (built once, never rebuilt); sliders: name → ipywidgets control;
    update: called with the sliders' current values, changes the figure's artists in place.
    The figure is shown inside an ``Output`` widget, so it appears wherever the widget is displayed.
    Tests can set ``sliders[name].value`` and read the figure's artists directly.
    """

    def __init__(
        self,
        figure: Figure,
        sliders: Mapping[str, widgets.ValueWidget],
        update: Callable[..., None],
    ) -> None:
        self.figure = figure
        self.sliders = dict(sliders)
        self._update = update
        self.output = widgets.Output()
        self.widget = widgets.VBox(
            [widgets.HBox(list(self.sliders.values())), self.output],
            layout=widgets.Layout(width="100%"),
        )
        plt.close(figure)  # shown only through the Output widget, not by the inline backend
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

    def values(self) -> dict:
        """The sliders' current values by name."""
        return {name: s.value for name, s in self.sliders.items()}

    def refresh(self) -> None:
        """Update the figure from the sliders and show it in the output area."""
        self._update(**self.values())
        with self.output:
            clear_output(wait=True)
            display(self.figure)

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)
