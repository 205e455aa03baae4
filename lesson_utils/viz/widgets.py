"""``SliderFigure``: sliders that redraw one matplotlib figure in place, fast enough to feel live.

Where the time of one slider move goes, and what this module does about each part:

- the panel's ``update``: owned by each panel (precompute what the slider's range allows, set data
  on existing artists rather than plotting anew);
- drawing: one Agg draw of the figure, with its layout computed once on the first draw and then
  kept (a layout engine re-solving every frame costs as much as the drawing itself);
- encoding: the pixels straight from the canvas to PNG with the fastest zlib level (no second draw
  for a tight bounding box, as ``display(figure)`` would do);
- transfer: an ``Image`` widget, which sends the PNG as a binary buffer (no base64) and swaps the
  picture in place, without the flicker of clearing an output area.

The PNG has ``PIXEL_DENSITY`` pixels per displayed pixel, so figures stay sharp on high-density
screens and projectors; the picture is shown at the figure's own size (``figure.dpi`` pixels per
inch) and never wider than the notebook column.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from time import perf_counter

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.spines import Spine
from threadpoolctl import threadpool_limits

#: Pixels in the PNG per pixel shown (2: sharp on "retina" screens and at 200 % zoom).
PIXEL_DENSITY = 2.0
#: zlib level for the PNG: 1 is several times faster than the default 6, for ~40 % more bytes.
PNG_COMPRESS_LEVEL = 1
#: Sliders are at least this long, so one step is a few pixels of travel.
SLIDER_WIDTH = "420px"
#: Room for the slider's name, so sliders in one panel line up.
DESCRIPTION_WIDTH = "10em"
#: The editable value box at the slider's end (wide enough for "0.00123" or "1e+03").
READOUT_WIDTH = "6.5em"

_SLIDERS = (
    widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider,
    widgets.IntRangeSlider, widgets.FloatRangeSlider,
)


def fixed_layout_figure(figsize: tuple[float, float]) -> Figure:
    """An empty figure for a slider panel whose axes are placed by hand and never moved by a layout engine.

    ``layout="none"`` alone is not enough: saving such a figure (as the notebook's inline display does)
    puts back the layout of the series' style, which then re-solves on every later draw. A placeholder
    engine keeps the positions fixed.
    """
    fig = plt.figure(figsize=figsize, layout="none")
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=False))
    return fig


def learning_rate_slider(value: float, exponents: tuple[float, float], step: float) -> widgets.FloatLogSlider:
    """A base-10 log slider for the learning rate η from 10**exponents[0] to 10**exponents[1].

    value: the starting η, which must lie in that range (ValueError naming ``learning_rate``
    otherwise); step: the slider's step in powers of ten. Updates when the handle is released;
    its value box takes a typed value.
    """
    low, high = 10 ** exponents[0], 10 ** exponents[1]
    if not low <= value <= high:
        raise ValueError(f"learning_rate must be between {low:g} and {high:.3g}, got {value!r}")
    return widgets.FloatLogSlider(
        value=value, base=10, min=exponents[0], max=exponents[1], step=step,
        description="learning rate", readout_format=".3g", continuous_update=False,
        style={"description_width": "initial"},
    )


def projector_ready(control: widgets.Widget) -> widgets.Widget:
    """Give a slider the series' size: ``SLIDER_WIDTH`` long, a readable name, a value box to type in.

    Other controls (dropdowns, toggle buttons, check boxes) get the same name width only. The
    control is changed in place and returned. Slider values still change only on release
    (``continuous_update=False`` is kept as the panel set it).
    """
    if not isinstance(control, widgets.Widget):
        raise TypeError(f"control must be an ipywidgets widget, got {type(control).__name__}")
    style = getattr(control, "style", None)
    if style is not None and hasattr(style, "description_width"):
        style.description_width = DESCRIPTION_WIDTH
    if isinstance(control, _SLIDERS):
        control.layout.width = f"calc({SLIDER_WIDTH} + {DESCRIPTION_WIDTH} + {READOUT_WIDTH})"
        control.layout.min_width = control.layout.width
        control.readout = True  # the value box: click it, type a value, press Enter
    return control


def _stale(artist: Artist) -> bool:
    """Whether ``artist`` or anything inside it changed since ``_settle`` was last called on it."""
    return artist.stale or any(_stale(child) for child in artist.get_children())


def _settle(artist: Artist) -> None:
    """Mark ``artist`` and everything inside it as drawn (matplotlib leaves axis parts stale)."""
    artist._stale = False  # the flag itself, without notifying the parents
    for child in artist.get_children():
        _settle(child)


class _Painter:
    """Draws a figure again after an update, redrawing only the artists the update changed.

    After a draw every artist is marked not stale; an update that sets data, text or colour
    marks the artists it touched. Those (and artists added since) are the "moving" ones: the rest
    is kept as a picture drawn without them, and each paint restores that picture and draws the
    moving artists on top. When a new artist starts moving, or a still one was removed, the
    picture is made again. When axis limits or scales, ticks, titles, legends or the figure's size
    changed, the whole figure is drawn. The layout (constrained layout, say) is solved on the
    first draw and then kept. Still artists that a full draw would put over a moving one they
    overlap (points over a probability map, a legend over a curve) start moving too, so they stay
    on top; only spines, ticks and grid lines are drawn under moving artists that cross them.
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.moving: dict[int, Artist] = {}
        self.units: dict[int, Artist] = {}
        self.geometry: tuple | None = None
        self.background = None

    def _units(self) -> tuple[list[Artist], set[int]]:
        """The figure's artists in drawing order (each axes' children, then the figure's own), and
        the ids of the decorations among them (axes, ticks, spines, titles, legends)."""
        fig = self.figure
        units: list[Artist] = []
        decorations: set[int] = set()
        children = sorted((c for c in fig.get_children() if c is not fig.patch), key=lambda c: c.get_zorder())
        for child in children:
            if isinstance(child, Axes):
                data = {id(a) for a in (*child._children, child.title, child._left_title, child._right_title)}
                parts = [a for a in child.get_children() if a is not child.patch]
                parts.sort(key=lambda a: a.get_zorder())
                units.extend(parts)
                decorations.update(id(a) for a in parts if id(a) not in data)
            else:
                units.append(child)
        return units, decorations

    def _geometry(self) -> tuple:
        fig = self.figure
        axes = tuple(
            (tuple(ax.viewLim.bounds), ax.get_xscale(), ax.get_yscale(), tuple(ax.get_position().bounds))
            for ax in fig.axes
        )
        return (fig.dpi, tuple(fig.get_size_inches()), axes)

    def _draw_without(self, artists) -> None:
        """Draw the figure without ``artists`` and keep the picture as the background."""
        fig = self.figure
        # Titles stay "visible" but transparent: matplotlib places an invisible title elsewhere.
        titles = {id(t) for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)}
        hidden, faded = [], []
        for artist in artists:
            if id(artist) in titles:
                faded.append((artist, artist.get_alpha()))
                artist.set_alpha(0.0)
            else:
                hidden.append((artist, artist.get_visible()))
                artist.set_visible(False)
        try:
            fig.canvas.draw()
            self.background = fig.canvas.copy_from_bbox(fig.bbox)
        finally:
            for artist, visible in hidden:
                artist.set_visible(visible)
            for artist, alpha in faded:
                artist.set_alpha(alpha)

    def _covered(self, units: list[Artist], renderer) -> dict[int, Artist]:
        """Still artists that a full draw puts over a moving one they overlap, by id.

        Spines, ticks and grid lines are left out (redrawing them every move costs more than their
        few pixels are worth); data, texts and legends are in.
        """
        covered: dict[int, Artist] = {}
        extents: dict[int, object] = {}

        def extent(artist: Artist):
            if id(artist) not in extents:
                try:
                    extents[id(artist)] = artist.get_window_extent(renderer)
                except Exception:  # no extent: treat it as covering the whole figure
                    extents[id(artist)] = self.figure.bbox
            return extents[id(artist)]

        for ax in self.figure.axes:
            order = [a for a in units if getattr(a, "axes", None) is ax and a.get_visible()]
            for position, artist in enumerate(order):
                if id(artist) in self.moving or isinstance(artist, (Axis, Spine)):
                    continue
                below = [m for m in order[:position] if id(m) in self.moving or id(m) in covered]
                if any(extent(artist).overlaps(extent(m)) for m in below):
                    covered[id(artist)] = artist
        return covered

    def paint(self) -> bool:
        """Bring the canvas up to date; return True when only the moving artists were drawn."""
        fig = self.figure
        if not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)  # a closed pyplot figure may have lost its Agg canvas
        canvas = fig.canvas
        units, decorations = self._units()
        ids = {id(a): a for a in units}
        geometry = self._geometry()
        # With limits and scales unchanged, an axis has changed only if its label did (matplotlib
        # marks ticks as changed whenever limits are set, even to the same values).
        changed = {
            id(a): a
            for a in units
            if (_stale(a.label) or _stale(a.offsetText) if isinstance(a, Axis) else _stale(a))
        }
        new_decoration = any(i in decorations and i not in self.units for i in ids)
        blitted = False
        if self.background is None:
            canvas.draw()
            # Keep the layout found on this first draw: later frames skip solving it again.
            fig.set_layout_engine("none")
            self.background = False  # no picture without the moving artists yet
        elif (
            geometry != self.geometry
            or new_decoration
            or any(i in decorations and i not in self.moving for i in changed)
        ):
            # Limits, ticks, titles or legends changed: everything is drawn, nothing kept.
            canvas.draw()
            self.background = False
        else:
            added = {i: a for i, a in ids.items() if i not in self.units}
            removed = [i for i in self.units if i not in ids]
            moving = {**changed, **added}
            if self.background is False:
                # Free text and titles (values, status lines) usually change with every move,
                # even when the update that taught us the movers wrote the same words again.
                titles = [t for ax in fig.axes for t in (ax.title, ax._left_title, ax._right_title)]
                texts = [t for t in (*fig.texts, *(t for ax in fig.axes for t in ax.texts)) if t.get_text()]
                moving.update({id(t): t for t in (*titles, *texts)})
            reusable = (  # artists added since the picture was made are not in it: drawn on top
                self.background is not False
                and all(i in self.moving for i in removed)
                and all(i in self.moving or i in added for i in moving)
            )
            self.moving = {i: a for i, a in {**self.moving, **moving}.items() if i in ids}
            if reusable:
                canvas.restore_region(self.background)
            else:
                self._draw_without(self.moving.values())
            renderer = canvas.get_renderer()
            covered = self._covered(units, renderer)
            if covered:  # a full draw puts these over the movers: they move too from now on
                self.moving.update(covered)
                self._draw_without(self.moving.values())
                reusable = False
            for artist in units:
                if id(artist) in self.moving:
                    artist.draw(renderer)
            blitted = reusable
        self.units, self.geometry = ids, self._geometry()
        _settle(fig)
        return blitted


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(rgba: np.ndarray, level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """Pixels as a PNG file, fast: no row filters, zlib at ``level``; RGB when fully opaque.

    rgba: (height, width, 4) uint8. A general-purpose encoder tries a filter per row, which
    takes three times as long as the compression itself and gains little on plots.
    """
    rgba = np.asarray(rgba)
    if rgba.dtype != np.uint8 or rgba.ndim != 3 or rgba.shape[2] != 4:
        raise ValueError(f"rgba must be a (height, width, 4) uint8 array, got {rgba.dtype} {rgba.shape}")
    height, width, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.zeros((height, 1 + width * pixels.shape[2]), dtype=np.uint8)  # filter byte 0 per row
    rows[:, 1:] = pixels.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), level)),
            _chunk(b"IEND", b""),
        )
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
    The figure is shown as a PNG in an ``Image`` widget below the sliders (one slider per row).
    Tests can set ``sliders[name].value`` and read the figure's artists directly; ``png`` holds
    the bytes last shown and ``timings`` the seconds the last refresh spent per stage.
    """

    def __init__(
        self,
        figure: Figure,
        sliders: Mapping[str, widgets.ValueWidget],
        update: Callable[..., None],
    ) -> None:
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
        if not callable(update):
            raise TypeError(f"update must be callable, got {type(update).__name__}")
        self.figure = figure
        self.sliders = {name: projector_ready(s) for name, s in dict(sliders).items()}
        self._update = update
        self.png = b""
        self.timings: dict[str, float] = {}
        plt.close(figure)  # shown only through the widget, not by the inline backend
        width_px = round(figure.get_figwidth() * figure.dpi)
        if type(self).refresh is SliderFigure.refresh:  # this class renders: sharp on dense screens
            figure.set_dpi(figure.dpi * PIXEL_DENSITY)
        self._painter = _Painter(figure)
        # ``image`` may already be set by a subclass that renders its own PNG.
        if not isinstance(getattr(self, "image", None), widgets.Image):
            self.image = widgets.Image(format="png")
        self.image.layout = widgets.Layout(width=f"{width_px}px", max_width="100%", height="auto")
        self.image.width = str(width_px)
        self.output = self.image  # older name for the figure's area
        self.widget = _Panel(
            [widgets.VBox(list(self.sliders.values())), self.image],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.names = tuple(self.sliders)
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()
        if type(self).refresh is SliderFigure.refresh:
            # Once more at the same values: the artists ``update`` sets are the ones that move,
            # so the first move of a slider already redraws only those.
            self.refresh()

    def values(self) -> dict:
        """The sliders' current values by name."""
        return {name: s.value for name, s in self.sliders.items()}

    def render_png(self) -> bytes:
        """The figure as PNG bytes (``figure.dpi`` pixels per inch): changed artists drawn, fast encoding."""
        start = perf_counter()
        blitted = self._painter.paint()
        drawn = perf_counter()
        png = encode_png(np.asarray(self.figure.canvas.buffer_rgba()))
        self.timings.update(draw=drawn - start, encode=perf_counter() - drawn, blitted=float(blitted))
        return png

    def refresh(self) -> None:
        """Update the figure from the sliders and show it."""
        start = perf_counter()
        self._update(**self.values())
        updated = perf_counter()
        png = self.render_png()
        self.timings["update"] = updated - start
        self.png = png
        self.image.value = png

    def _on_change(self, _change: dict) -> None:
        # One BLAS thread: a panel's arrays are small, so a second thread only spins, taking the core
        # the browser needs to show the new figure (measured in lesson 6: the same wall time, half
        # the processor time).
        with threadpool_limits(limits=1, user_api="blas"):
            self.refresh()

    def _repr_png_(self) -> bytes:
        return self.png

    def _ipython_display_(self) -> None:
        display(self.widget)


class RenderedSliderFigure(SliderFigure):
    """A ``SliderFigure`` that shows the PNG its panel renders itself, ``render()`` → PNG bytes.

    For a figure that keeps its own picture layers instead of the generic painter: lesson 6's explorer
    (``ConvergenceExplorer.render_png``), whose loss-plane window, and so its ticks, changes with nearly
    every learning-rate move; it keeps those ticks as pixels per window. figure, sliders, update: as
    for ``SliderFigure``; render: returns the PNG of the figure as it stands after ``update``.
    """

    def __init__(self, figure: Figure, sliders: Mapping[str, widgets.ValueWidget],
                 update: Callable[..., None], render: Callable[[], bytes]) -> None:
        self.image = widgets.Image(format="png")
        self._render = render
        super().__init__(figure, sliders, update)

    def refresh(self) -> None:
        """Update the figure from the sliders and show the panel's own rendering."""
        self._update(**self.values())
        self.png = self._render()
        self.image.value = self.png

