"""Lesson 6: the convergence explorer.

It trains ``LogisticRegression(2)`` with the one trainer (``lesson_utils.train``: full-batch gradient
descent, no stopping rule, a ``History`` per run) and shows one run at a time: the confidence map
with some of the data, the hold-out loss and accuracy per epoch, and the descent path on the loss
contours. Three sliders choose the learning rate (log scale), the centring c (the model sees
x − c·mean) and the epochs.

Speed: a slider move must redraw within about 0.1 s, so the explorer trains on a stratified sample
of the article's data (``explorer_data``: 4,000 training and 4,000 hold-out samples, the class
shares kept), caches every run and only ever extends it, and redraws only what changed.
The sample's curves follow the full run's closely while the hold-out loss is above about 1e-3
(within a few per cent at η = 0.1 and 1). Below that a handful of points near the boundary decide
the loss, and a sample mostly misses them: at η = 17.8 and 100 (raw inputs, 100 epochs) its
hold-out loss comes out far lower than the full run's. ``sample_sizes=(m, k)`` trains on everything.

Layers: pure functions (``train_run``, ``extend_run``, ``explorer_frame``) compute what is shown;
``ConvergenceExplorer`` puts a ``Frame`` on the artists of one figure built once and wires the
sliders; ``convergence_widget`` makes one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from .. import _validate
from ..model import LogisticRegression
from ..training import History, RunStoppedWarning, train
from .draw import draw_loss_surface, draw_samples
from .experiment import (
    MAP_SHAPE,
    PLANE_POINTS,
    PLANE_SAMPLES,
    SAMPLE_SIZES,
    ExplorerData,
    as_explorer_data,
    confidence_map,
    draw_confidence,
    explorer_data,
    loss_plane,
    plane_window,
)
from .style import COLORS, COLUMN_WIDTH
from .widgets import RenderedSliderFigure, encode_png, learning_rate_slider

#: The sliders: epochs 1 to MAX_EPOCHS; learning rate 10**LR_EXPONENTS[0] to 10**LR_EXPONENTS[1] in
#: steps of 10**LR_STEP; centring 0 to 1 in steps of CENTRING_STEP.
MAX_EPOCHS = 300
LR_EXPONENTS = (-3.0, 2.0)
LR_STEP = 0.25
CENTRING_STEP = 0.05


# ----------------------------------------------------------------------------------------------
# The runs


def train_run(data: ExplorerData, learning_rate: float, centring: float, epochs: int,
              start: object = None) -> History:
    """``train`` ``LogisticRegression(2)`` on the sample's x − c·mean for ``epochs`` full-batch epochs,
    with the sample's hold-out set.

    data: from ``explorer_data``; learning_rate: η > 0; centring: c in [0, 1]; epochs: ≥ 1; start:
    (3,) the parameters [w₁, w₂, b] to start from (default: all 0). Returns the ``History``. There is
    no stopping rule: a run stops early only when its loss or a parameter stops being finite
    (``History.stopped_at``; the figure says so in words, so the warning is not shown).
    """
    data = as_explorer_data(data)
    eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
    shift = _validate.check_scalar(centring, "centring", float, low=0, high=1) * data.mean
    model = LogisticRegression(2)
    if start is not None:
        model.set_parameters(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RunStoppedWarning)
        return train(model, data.x_train - shift, data.y_train, epochs, eta, data.x_test - shift, data.y_test)


def extend_run(data: ExplorerData, run: History, centring: float, epochs: int) -> History:
    """The run continued to ``epochs`` epochs: the same numbers as ``train_run`` to ``epochs``.

    data: from ``explorer_data``; run: a run of this data at this centring (from ``train_run`` or
    this function); centring: c in [0, 1]; epochs: the length wanted. A run that stopped, or is
    already ``epochs`` long, comes back unchanged.
    """
    if not isinstance(run, History):
        raise TypeError(f"run must be a History (from train_run), got {type(run).__name__}")
    epochs = _validate.check_scalar(epochs, "epochs", int, low=1)
    done = int(run.updates[-1])
    if run.stopped_at is not None or done >= epochs:
        return run
    more = train_run(data, run.learning_rate, centring, epochs - done, start=run.params[-1])
    joined = {name: np.concatenate([getattr(run, name), getattr(more, name)[1:] + offset])
              for name, offset in (("samples", run.samples[-1]), ("updates", done),
                                   ("seconds", run.seconds[-1]), ("train_loss", 0), ("train_accuracy", 0),
                                   ("test_loss", 0), ("test_accuracy", 0), ("params", 0))}
    stopped = None if more.stopped_at is None else done + more.stopped_at
    return replace(more, **joined, stopped_at=stopped)


@dataclass
class Frame:
    """Everything one redraw of the explorer shows, for the run after ``epochs`` epochs.

    epochs: the epochs shown (fewer than asked when the run stopped earlier); epoch: (n + 1,)
    0, 1, …, n; test_loss, test_accuracy: (n + 1,) hold-out values; path_w, path_b: (n + 1,) the
    path on the plane (w_e = w·e, b); params: (3,) [w₁, w₂, b] after n epochs; g_map: the
    confidence map; window: the plane window; stopped_at: the update at which the run stopped, if
    that happened within the epochs asked; status: one line saying what the figure shows.
    """

    epochs: int
    epoch: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray
    path_w: np.ndarray
    path_b: np.ndarray
    params: np.ndarray
    g_map: np.ndarray
    window: tuple[float, float, float, float]
    stopped_at: int | None
    status: str


def explorer_frame(data: ExplorerData, run: History, centring: float, epochs: int) -> Frame:
    """What the explorer shows for ``run`` (a run at this centring) after ``epochs`` epochs.

    data: from ``explorer_data``; run: from ``train_run`` or ``extend_run``, at least ``epochs``
    long unless it stopped; centring: c in [0, 1]; epochs: ≥ 1. A stopped run shows its last
    finite epoch and the status says in words why it stopped, never NaN.
    """
    data = as_explorer_data(data)
    if not isinstance(run, History):
        raise TypeError(f"run must be a History (from train_run or extend_run), got {type(run).__name__}")
    c = _validate.check_scalar(centring, "centring", float, low=0, high=1)
    epochs = _validate.check_scalar(epochs, "epochs", int, low=1)
    done = int(run.updates[-1])
    if run.stopped_at is None and done < epochs:
        raise ValueError(f"run has {done} epochs, fewer than the {epochs} asked for")
    n = min(epochs, done)
    params = run.params[: n + 1]
    path_w = params[:, :2] @ data.direction
    stopped = run.stopped_at is not None and run.stopped_at <= epochs
    if stopped:
        status = f"stopped at epoch {run.stopped_at}: {run.stop_reason}, so it cannot go on (epoch {n} shown)"
    else:
        status = f"epoch {n}: hold-out loss {run.test_loss[n]:.3g}, accuracy {run.test_accuracy[n]:.2%}"
    return Frame(
        epochs=n, epoch=np.arange(n + 1), test_loss=run.test_loss[: n + 1].copy(),
        test_accuracy=run.test_accuracy[: n + 1].copy(), path_w=path_w, path_b=params[:, 2].copy(),
        params=params[-1].copy(), g_map=confidence_map(params[-1], c, data.mean),
        window=plane_window(path_w, params[:, 2]), stopped_at=run.stopped_at if stopped else None,
        status=status,
    )


# ----------------------------------------------------------------------------------------------
# The explorer widget


def _lr_key(value: float) -> float:
    return float(f"{value:.6g}")


class ConvergenceExplorer:
    """The convergence explorer: learning rate, centring and epochs sliders over one figure.

    x_train: (m, 2); y_train: (m,); x_test: (k, 2); y_test: (k,) (the article's split, sampled by
    ``explorer_data``); learning_rate (between 10**LR_EXPONENTS[0] and 10**LR_EXPONENTS[1]),
    centring (0 to 1) and epochs (1 to MAX_EPOCHS): the starting slider values; sample_sizes:
    (training, hold-out) samples kept (``explorer_data``; (m, k) keeps all, at a few times the
    time per slider move).

    Runs are cached per (learning rate, centring) and only ever extended, so moving the epochs
    slider back costs no training and moving it forward trains only the missing epochs. Every rate
    the learning-rate slider reaches is trained at the starting centring when the explorer is built.
    ``update(learning_rate, centring, epochs)`` trains if needed, puts the result on the figure's
    artists and returns the ``Frame``; ``render_png()`` returns the PNG the widget shows: what does
    not change between updates (axes, ticks, labels) is kept as pixels, and only the changing
    artists are drawn over it. Display the object (or ``.widget``) for the sliders;
    ``.sliders[name].value`` moves them from code.
    """

    def __init__(self, x_train: object, y_train: object, x_test: object, y_test: object,
                 learning_rate: float = 0.1, centring: float = 0.0, epochs: int = 100,
                 sample_sizes: tuple[int, int] = SAMPLE_SIZES) -> None:
        self.data = explorer_data(x_train, y_train, x_test, y_test, sample_sizes)
        eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
        lr_slider = learning_rate_slider(eta, LR_EXPONENTS, LR_STEP)
        c = _validate.check_scalar(centring, "centring", float, low=0, high=1)
        epochs = _validate.check_scalar(epochs, "epochs", int, low=1, high=MAX_EPOCHS)
        self._runs: dict[tuple[float, float], History] = {}
        self._planes: dict[tuple, list] = {}
        self._background = None
        self._plane_key: tuple | None = None
        self.frame: Frame | None = None
        self.figure = self._build_figure()
        style = {"description_width": "initial"}
        self.sliders = {
            "learning_rate": lr_slider,
            "centring": widgets.FloatSlider(value=c, min=0.0, max=1.0, step=CENTRING_STEP, style=style,
                                            description="centring c", readout_format=".2f",
                                            continuous_update=False),
            "epochs": widgets.IntSlider(value=epochs, min=1, max=MAX_EPOCHS, step=1, description="epochs",
                                        continuous_update=False, style=style),
        }
        self._precompute_learning_rates(round(c, 9), epochs)
        self.panel = RenderedSliderFigure(self.figure, self.sliders, self.update, self.render_png)
        self.widget = self.panel.widget

    def run(self, learning_rate: float, centring: float, epochs: int) -> History:
        """The run at (learning rate, centring), trained to at least ``epochs`` (cached, extended).

        Cached under η to 6 significant digits, so a slider position reached by two float paths
        (10**-0.75 or 10**(-3 + 9·0.25)) is one run.
        """
        eta = _validate.check_scalar(learning_rate, "learning_rate", float, low=0, include_low=False)
        key = (_lr_key(eta), round(_validate.check_scalar(centring, "centring", float, low=0, high=1), 9))
        run = self._runs.get(key)
        if run is None:
            run = train_run(self.data, eta, key[1], epochs)
        else:
            run = extend_run(self.data, run, key[1], epochs)
        self._runs[key] = run
        return run

    def _build_figure(self) -> Figure:
        # Fixed axes positions and a layout engine that does nothing: with none at all, a savefig
        # (the inline backend showing the figure) would apply the series' constrained layout and
        # move the axes. Not a pyplot figure (so not widgets.fixed_layout_figure): closing a pyplot
        # figure replaces its canvas, and render_png keeps pixels of this Agg canvas.
        # 2 × 2 panels in the notebook column: map | plane over hold-out loss | accuracy.
        fig = Figure(figsize=(COLUMN_WIDTH, 7.0), layout="none")
        fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True, colorbar_gridspec=True))
        FigureCanvasAgg(fig)
        ax_map = fig.add_axes((0.13, 0.56, 0.34, 0.32))
        ax_plane = fig.add_axes((0.63, 0.56, 0.34, 0.32))
        ax_loss = fig.add_axes((0.13, 0.08, 0.34, 0.3))
        ax_acc = fig.add_axes((0.63, 0.08, 0.34, 0.3))
        image = draw_confidence(ax_map, np.full(MAP_SHAPE, 0.5))
        points = draw_samples(ax_map, self.data.scatter_x, self.data.scatter_y, size=2.8)
        ax_map.set_title("Confidence g = P(y = 1 | x)\n(darker = surer)")
        (loss,) = ax_loss.semilogy([], [], color=COLORS["path"])
        (accuracy,) = ax_acc.plot([], [], color=COLORS["path"])
        ends = ax_loss.plot([], [], "o", color=COLORS["path"], ms=4) + ax_acc.plot([], [], "o", ms=4,
                                                                                   color=COLORS["path"])
        ax_loss.set_ylim(1e-6, 100.0)
        ax_loss.yaxis.set_major_locator(FixedLocator([1e-6, 1e-4, 1e-2, 1.0, 100.0]))
        ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax_loss.yaxis.set_minor_locator(NullLocator())
        ax_loss.set_ylabel("hold-out loss (nats)")
        n_test, n_full = self.data.y_test.size, self.data.full_sizes[1]
        ax_loss.set_title(f"Hold-out loss per epoch\n({n_test:,} of {n_full:,} samples)")
        if (n_test, self.data.y_train.size) != (n_full, self.data.full_sizes[0]):
            # Below about 1e-3 a handful of points near the boundary decide the loss: a sample can be far off.
            ax_loss.axhspan(1e-6, 1e-3, color=COLORS["reference"], alpha=0.07, lw=0, zorder=0)
            ax_loss.text(0.98, 0.97, "shaded: the sample's loss\nis unreliable below 1e-3",
                         transform=ax_loss.transAxes, ha="right", va="top", color=COLORS["note"])
        ax_acc.set_ylim(40.0, 102.0)
        ax_acc.yaxis.set_major_locator(FixedLocator([50, 75, 100]))
        ax_acc.set_ylabel("hold-out accuracy (%)")
        ax_acc.set_title("Hold-out accuracy per epoch")
        for ax in (ax_loss, ax_acc):
            ax.set_xlim(0, MAX_EPOCHS)
            ax.xaxis.set_major_locator(FixedLocator(range(0, MAX_EPOCHS + 1, 100)))
            ax.set_xlabel("epoch")
        (start,) = ax_plane.plot(0, 0, "s", color=COLORS["reference"], ms=5, zorder=3)
        (path,) = ax_plane.plot([], [], "-", color=COLORS["path"], lw=1.6, zorder=3)
        (end,) = ax_plane.plot([], [], "o", color=COLORS["path"], mec=COLORS["reference"], ms=7, zorder=3)
        ax_plane.xaxis.set_major_locator(MaxNLocator(4))
        ax_plane.yaxis.set_major_locator(MaxNLocator(5))
        ax_plane.set_xlabel("w_e (weight along e)")
        ax_plane.set_ylabel("bias b")
        ax_plane.set_title("Path on the training-loss contours\n"
                           f"({PLANE_SAMPLES:,} samples, 9 log-spaced levels)")
        status = fig.text(0.5, 0.972, "", ha="center", va="center")
        self._artists = {"map": image, "points": points, "loss": loss, "accuracy": accuracy, "ends": ends,
                         "plane": [], "start": start, "path": path, "end": end, "status": status,
                         "ax_plane": ax_plane}
        return fig

    def _dynamic(self) -> list:
        """The artists that change between updates, in drawing order (bottom to top per axes),
        except the plane's axes (ticks), which change only with the window."""
        art = self._artists
        return [art["map"], *art["points"], art["loss"], art["accuracy"], *art["ends"], *art["plane"],
                art["start"], art["path"], art["end"], art["status"]]

    def _plane(self, centring: float, window: tuple) -> np.ndarray:
        """The loss plane of this window at this centring (computed once, then kept)."""
        key = (centring, window)
        if key not in self._planes:
            w, b = np.linspace(*window[:2], PLANE_POINTS), np.linspace(*window[2:], PLANE_POINTS)
            self._planes[key] = loss_plane(self.data, centring, w, b, n_samples=PLANE_SAMPLES)
        return self._planes[key]

    def _precompute_learning_rates(self, centring: float, epochs: int) -> None:
        """Train every rate the learning-rate slider reaches at the starting centring and epochs, and
        compute the loss plane each run's path needs, so that moving that slider only draws
        (about 1 s once, when the explorer is built)."""
        steps = round((LR_EXPONENTS[1] - LR_EXPONENTS[0]) / LR_STEP)
        for k in range(steps + 1):
            run = self.run(10 ** (LR_EXPONENTS[0] + k * LR_STEP), centring, epochs)
            self._plane(centring, explorer_frame(self.data, run, centring, epochs).window)

    def _show_plane(self, centring: float, window: tuple) -> None:
        """Put the loss plane of this window on the plane axes (unless it is there already)."""
        art = self._artists
        if art["plane"] and self._plane_key == (centring, window):
            return
        for artist in art["plane"]:
            artist.remove()
        w, b = np.linspace(*window[:2], PLANE_POINTS), np.linspace(*window[2:], PLANE_POINTS)
        art["plane"] = draw_loss_surface(art["ax_plane"], w, b, self._plane(centring, window), labels=False)
        self._plane_key = (centring, window)

    def update(self, learning_rate: float, centring: float, epochs: int) -> Frame:
        """Train (if needed) and put the run after ``epochs`` epochs on the figure. Returns the Frame."""
        epochs = _validate.check_scalar(epochs, "epochs", int, low=1)
        c = round(_validate.check_scalar(centring, "centring", float, low=0, high=1), 9)
        frame = explorer_frame(self.data, self.run(learning_rate, c, epochs), c, epochs)
        art = self._artists
        art["map"].set_data(frame.g_map)
        art["loss"].set_data(frame.epoch, np.maximum(frame.test_loss, 1e-300))
        art["accuracy"].set_data(frame.epoch, 100.0 * frame.test_accuracy)
        art["ends"][0].set_data(frame.epoch[-1:], np.maximum(frame.test_loss[-1:], 1e-300))
        art["ends"][1].set_data(frame.epoch[-1:], 100.0 * frame.test_accuracy[-1:])
        self._show_plane(c, frame.window)
        art["path"].set_data(frame.path_w, frame.path_b)
        art["end"].set_data(frame.path_w[-1:], frame.path_b[-1:])
        stopped = frame.stopped_at is not None
        # Short on purpose: drawing text costs about 0.1 ms per character at every slider move.
        art["status"].set_text(f"η = {learning_rate:.3g}, c = {c:.2f}  |  {frame.status}")
        art["status"].set_color(COLORS["alert"] if stopped else COLORS["reference"])
        self.frame = frame
        return frame

    def render_png(self) -> bytes:
        """The figure as PNG bytes, exactly what the widget displays.

        Drawn in layers kept as pixels: the static layer (everything but ``_dynamic()`` and the
        plane's axes) once; the plane panel's ticks once per window (kept for up to 32 windows,
        which recur since their bounds are powers of two); each render copies the layers back and
        draws only the changing artists over them. Same pixels as ``figure.savefig`` except where a
        changing artist overlaps an axis edge, which it now covers.
        """
        canvas = self.figure.canvas
        renderer = canvas.get_renderer()
        key = (id(renderer), self.figure.dpi, tuple(self.figure.get_size_inches()))
        dynamic, axes = self._dynamic(), [self._artists["ax_plane"].xaxis, self._artists["ax_plane"].yaxis]
        if self._background is None or key != self._background[0]:
            for artist in dynamic + axes:
                artist.set_visible(False)
            canvas.draw()
            for artist in dynamic + axes:
                artist.set_visible(True)
            renderer = canvas.get_renderer()
            key = (id(renderer), self.figure.dpi, tuple(self.figure.get_size_inches()))
            self._background = (key, canvas.copy_from_bbox(self.figure.bbox), {})
        key, static, ticks = self._background
        canvas.restore_region(static)
        if self._plane_key in ticks:
            canvas.restore_region(ticks[self._plane_key])
        else:
            for axis in axes:
                axis.draw(renderer)
            if len(ticks) >= 32:
                ticks.clear()
            panel = self.figure.bbox.frozen()  # the plane panel with its tick labels: the top right
            panel.x0, panel.y0, panel.y1 = 0.5 * panel.x1, 0.46 * panel.y1, 0.945 * panel.y1
            ticks[self._plane_key] = canvas.copy_from_bbox(panel)
        for artist in dynamic:
            artist.draw(renderer)
        return encode_png(np.asarray(canvas.buffer_rgba()))

    def _ipython_display_(self) -> None:
        self.panel._ipython_display_()


def convergence_widget(x_train: object, y_train: object, x_test: object, y_test: object,
                       learning_rate: float = 0.1, centring: float = 0.0, epochs: int = 100,
                       sample_sizes: tuple[int, int] = SAMPLE_SIZES) -> ConvergenceExplorer:
    """Lesson 6's explorer: learning-rate, centring and epochs sliders over one run's figure.

    The arguments are those of ``ConvergenceExplorer``; display the result for the sliders.
    """
    return ConvergenceExplorer(x_train, y_train, x_test, y_test, learning_rate, centring, epochs,
                               sample_sizes)
