"""``SliderFigure``: sliders that redraw one matplotlib figure in place."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure


def learning_rate_slider(value: float, exponents: tuple[float, float], step: float) -> widgets.FloatLogSlider:
    """A base-10 log slider for the learning rate η from 10**exponents[0] to 10**exponents[1].

    value: the starting η, which must lie in that range (ValueError naming ``learning_rate``
    otherwise); step: the slider's step in powers of ten. Updates when the handle is released.
    """
    low, high = 10 ** exponents[0], 10 ** exponents[1]
    if not low <= value <= high:
        raise ValueError(f"learning_rate must be between {low:g} and {high:.3g}, got {value!r}")
    return widgets.FloatLogSlider(
        value=value, base=10, min=exponents[0], max=exponents[1], step=step,
        description="learning rate", readout_format=".3g", continuous_update=False,
        style={"description_width": "initial"},
    )


class _Panel(widgets.VBox):
    """The panel's box, with a short text form (shown where widgets cannot be drawn)."""

    names: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"SliderFigure(sliders: {', '.join(self.names)})"


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
        self.widget = _Panel(
            [widgets.HBox(list(self.sliders.values())), self.output],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.names = tuple(self.sliders)
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
        # Replace the output widget's content directly rather than printing into it: the figure then
        # lives in the widget's state whether or not a front end is listening (a live JupyterLab, a
        # notebook executed for storage, or nbval), so the cell's own output is only the widget.
        self.output.outputs = ()
        self.output.append_display_data(self.figure)

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def _ipython_display_(self) -> None:
        display(self.widget)
