"""Lesson 8: decision surfaces of a hidden-layer network, the loss along a line, and the explorer widget.

Pure functions (``extent_of``, ``probability_grid``, ``hidden_lines``, ``loss_along_segment``,
``train_setting``, ``train_settings``) compute what the figures show; ``draw_surface`` and
``draw_loss_along_segment`` put it on given axes; ``hidden_widget`` moves a surface and its loss
curves with a hidden-units and a learning-rate slider.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np

from .. import _validate
from ..network import TwoLayerNetwork
from ..training import History, RunStoppedWarning, train
from .draw import draw_samples, log_ticks
from .style import COLORS, COLUMN_WIDTH, PROBABILITY_CMAP
from .widgets import SliderFigure, fixed_layout_figure

#: Slider choices of the explorer widget. All 20 settings are trained before it is shown (about 5 s
#: of one core here for 500 epochs each), so that a slider move never trains.
HIDDEN_CHOICES = (1, 2, 3, 4, 8)
LEARNING_RATE_CHOICES = (0.1, 1.0, 10.0, 30.0)


def extent_of(x: object, margin: float = 0.3) -> tuple[float, float, float, float]:
    """The plotting box around 2-D samples: (x1_min, x1_max, x2_min, x2_max), widened by ``margin``.

    x: (m, 2) samples; margin: non-negative distance added on every side (same unit as x).
    """
    x = _validate.features(x, "x", 2)
    margin = _validate.check_scalar(margin, "margin", float, low=0)
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def _extent(extent: object) -> tuple[float, float, float, float]:
    box = _validate.as_float_array(extent, "extent")
    if box.shape != (4,) or not (box[0] < box[1] and box[2] < box[3]):
        raise ValueError(f"extent must be (x1_min, x1_max, x2_min, x2_max), min < max, got {box.tolist()}")
    return tuple(float(v) for v in box)


def probability_grid(model, extent: Sequence[float], resolution: int = 101) -> tuple[np.ndarray, ...]:
    """g = P(y = 1 | x) of a 2-input model on a regular grid.

    model: anything with ``predict(x) -> (z, g)`` for x (m, 2) (``LogisticRegression``,
    ``TwoLayerNetwork``); extent: (x1_min, x1_max, x2_min, x2_max); resolution: points per axis (≥ 2).
    Returns (x1 (r,), x2 (r,), g (r, r)) with g[i, j] the probability at (x1[j], x2[i]), the layout
    ``imshow(..., origin="lower")`` expects.
    """
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"model must have a predict(x) method, got {type(model).__name__}")
    x1_min, x1_max, x2_min, x2_max = _extent(extent)
    r = _validate.check_scalar(resolution, "resolution", int, low=2)
    x1 = np.linspace(x1_min, x1_max, r)
    x2 = np.linspace(x2_min, x2_max, r)
    mesh1, mesh2 = np.meshgrid(x1, x2)
    _, g = model.predict(np.column_stack([mesh1.ravel(), mesh2.ravel()]))
    return x1, x2, np.asarray(g).reshape(r, r)


def hidden_lines(W1: object, b1: object, extent: Sequence[float]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The line z1_k = W1[0, k]·x1 + W1[1, k]·x2 + b1[k] = 0 of every hidden unit k, across the box.

    W1: (2, h) hidden weights; b1: (h,) hidden biases; extent: (x1_min, x1_max, x2_min, x2_max).
    Returns h pairs (x1 (2,), x2 (2,)): two points on the line, at the box's left and right edges
    (or bottom and top edges when the line is steeper than 45°). A unit with both weights 0 has no
    line: its pair holds NaN. On one side of its line unit k's activation tanh(z1_k) is positive,
    on the other negative.
    """
    W1 = _validate.as_float_array(W1, "W1")
    if W1.ndim != 2 or W1.shape[0] != 2:
        raise ValueError(f"W1 must have shape (2, h), got {W1.shape}")
    b1 = _validate.as_float_array(b1, "b1")
    if b1.shape != (W1.shape[1],):
        raise ValueError(f"b1 must have shape ({W1.shape[1]},), got {b1.shape}")
    x1_min, x1_max, x2_min, x2_max = _extent(extent)
    lines = []
    for (w_a, w_b), b in zip(W1.T, b1, strict=True):
        if w_a == 0 and w_b == 0:
            lines.append((np.full(2, np.nan), np.full(2, np.nan)))
        elif abs(w_b) >= abs(w_a):
            x1 = np.array([x1_min, x1_max])
            lines.append((x1, -(w_a * x1 + b) / w_b))
        else:
            x2 = np.array([x2_min, x2_max])
            lines.append((-(w_b * x2 + b) / w_a, x2))
    return lines


def loss_along_segment(
    loss: Callable[[np.ndarray], float], theta_a: object, theta_b: object, n_points: int = 41
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The loss on the straight line from θ_a to θ_b, and the chord between its two ends.

    loss: function of a flat parameter array returning a float; theta_a, theta_b: (n,) parameters;
    n_points: number of t values in [0, 1] (≥ 2).
    Returns (t (k,), L((1 − t) θ_a + t θ_b) (k,), chord (1 − t) L(θ_a) + t L(θ_b) (k,)).
    For a convex loss the curve never rises above the chord; a point above it proves non-convexity.
    A non-finite loss anywhere on the segment raises ValueError (saying where) instead of drawing NaN.
    """
    if not callable(loss):
        raise TypeError(f"loss must be a function of the parameters, got {type(loss).__name__}")
    a = _validate.as_float_array(theta_a, "theta_a")
    b = _validate.as_float_array(theta_b, "theta_b")
    if b.shape != a.shape:
        raise ValueError(f"theta_b must have the shape of theta_a {a.shape}, got {b.shape}")
    t = np.linspace(0.0, 1.0, _validate.check_scalar(n_points, "n_points", int, low=2))
    curve = np.array([float(loss((1.0 - ti) * a + ti * b)) for ti in t])
    if not np.all(np.isfinite(curve)):
        where = np.flatnonzero(~np.isfinite(curve))[0]
        raise ValueError(f"the loss is not finite at t = {t[where]:g} on the segment (got {curve[where]}); "
                         "a chord needs a finite loss at every point")
    return t, curve, (1.0 - t) * curve[0] + t * curve[-1]


def train_setting(x_train, y_train, x_test, y_test, n_hidden: int, learning_rate: float, epochs: int = 500,
                  seed: int = 0) -> tuple[TwoLayerNetwork, History]:
    """Train ``TwoLayerNetwork(d, n_hidden, seed)`` by full-batch gradient descent with ``train``.

    x_train: (m, d), y_train: (m,), x_test: (k, d), y_test: (k,); n_hidden: h; learning_rate: η;
    epochs: number of updates. Returns (network, history). A run whose loss or parameters become
    non-finite stops with ``history.stopped_at`` set; the ``RunStoppedWarning`` that ``train`` gives
    then is silenced here, since the figure's title says it in words (``history.stop_reason``).
    """
    x_train = _validate.features(x_train, "x_train")
    net = TwoLayerNetwork(x_train.shape[1], n_hidden, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RunStoppedWarning)
        history = train(net, x_train, y_train, epochs, learning_rate, x_test, y_test)
    return net, history


def train_settings(x_train, y_train, x_test, y_test, hidden_choices: Sequence[int] = HIDDEN_CHOICES,
                   learning_rates: Sequence[float] = LEARNING_RATE_CHOICES, epochs: int = 500,
                   seed: int = 0) -> dict[tuple[int, float], tuple[TwoLayerNetwork, History]]:
    """``train_setting`` for every pair (h, η) of ``hidden_choices`` × ``learning_rates``.

    Returns a dict keyed by (h, η) of (network, history): what ``hidden_widget`` looks up.
    """
    return {
        (int(h), float(eta)): train_setting(x_train, y_train, x_test, y_test, h, eta, epochs, seed)
        for h in hidden_choices
        for eta in learning_rates
    }


def _draw_boundary(ax, x1, x2, g):
    return ax.contour(x1, x2, g, levels=[0.5], colors=COLORS["boundary"], linewidths=1.5)


def draw_surface(ax, model, x: object, y: object, extent: Sequence[float] | None = None,
                 show_hidden: bool = False, title: str = "", resolution: int = 101) -> dict:
    """Draw g = P(y = 1 | x) of ``model`` as a colour map, its g = 0.5 boundary and the samples.

    model: 2-input model with ``predict``; x: (m, 2), y: (m,) samples drawn on top; extent: the box
    (default: around x); show_hidden: also draw each hidden unit's line z1_k = 0, dashed (needs
    ``W1``, ``b1``). The boundary gets a legend entry. Returns the artists: {"image", "boundary", "lines"}.
    """
    box = extent_of(x) if extent is None else _extent(extent)
    x1, x2, g = probability_grid(model, box, resolution)
    image = ax.imshow(g, origin="lower", extent=box, cmap=PROBABILITY_CMAP, vmin=0.0, vmax=1.0, alpha=0.5,
                      interpolation="bilinear", aspect="equal")
    boundary = _draw_boundary(ax, x1, x2, g)
    ax.plot([], [], color=COLORS["boundary"], lw=1.5, label="g = 0.5")  # a contour has no legend entry
    draw_samples(ax, x, y, size=3.5, edge=COLORS["reference"])
    lines = []
    if show_hidden:
        for k, (lx, ly) in enumerate(hidden_lines(model.W1, model.b1, box)):
            label = "unit lines z1_k = 0" if k == 0 else None
            lines += ax.plot(lx, ly, color=COLORS["hidden unit"], lw=1.2, ls="--", label=label)
    ax.set(xlim=box[:2], ylim=box[2:], xlabel="x₁ (feature units)", ylabel="x₂ (feature units)", title=title)
    return {"image": image, "boundary": boundary, "lines": lines}


def draw_loss_along_segment(ax, t: np.ndarray, curve: np.ndarray, chord: np.ndarray, label: str,
                            color: str = COLORS["curve"]) -> list:
    """One ``loss_along_segment`` result: the loss (solid) and its chord (dotted) against t, in ``color``
    (the run's colour elsewhere in the lesson); returns them."""
    lines = ax.plot(t, curve, color=color, label=f"{label}: loss")
    lines += ax.plot(t, chord, color=color, ls=":", lw=1.5, label=f"{label}: chord")
    ax.set_xlabel("t along the segment (0 = θ_a, 1 = θ_b)")
    ax.set_ylabel("mean BCE (nats)")
    return lines


def _explorer_title(n_hidden: int, learning_rate: float, history: History) -> str:
    if history.stopped_at is not None:
        return (f"h = {n_hidden}, η = {learning_rate:g}: stopped at\n"
                f"update {history.stopped_at}: {history.stop_reason}")
    return (f"h = {n_hidden}, η = {learning_rate:g}: hold-out\naccuracy {history.test_accuracy[-1]:.1%}, "
            f"loss {history.test_loss[-1]:.3f}")


def hidden_widget(x_train, y_train, x_test, y_test, n_hidden: int = 4, learning_rate: float = 1.0,
                  epochs: int = 500, seed: int = 0, results: dict | None = None) -> SliderFigure:
    """Decision surface (left) and loss per epoch (right) of the network trained at one setting (h, η),
    with sliders over ``HIDDEN_CHOICES`` and ``LEARNING_RATE_CHOICES``.

    x_train (m, 2), y_train (m,), x_test (k, 2), y_test (k,): the data (the hold-out points are
    drawn); epochs, seed: the same for every setting; results: ``train_settings`` of this data,
    epochs and seed (default: trained here, a few seconds). Every setting is trained before the
    widget is shown, so a slider move only looks a result up and changes the artists in place.
    """
    if n_hidden not in HIDDEN_CHOICES:
        raise ValueError(f"n_hidden must be one of {HIDDEN_CHOICES}, got {n_hidden!r}")
    if learning_rate not in LEARNING_RATE_CHOICES:
        raise ValueError(f"learning_rate must be one of {LEARNING_RATE_CHOICES}, got {learning_rate!r}")
    if results is None:
        results = train_settings(x_train, y_train, x_test, y_test, epochs=epochs, seed=seed)
    missing = [(h, eta) for h in HIDDEN_CHOICES for eta in LEARNING_RATE_CHOICES if (h, eta) not in results]
    if missing:
        raise ValueError(f"results must hold every slider setting (from train_settings), missing {missing}")
    x_test = _validate.features(x_test, "x_test", 2)
    box = extent_of(np.vstack([_validate.features(x_train, "x_train", 2), x_test]))
    resolution, net = 61, results[(n_hidden, learning_rate)][0]

    fig = fixed_layout_figure((COLUMN_WIDTH, 4.6))  # axes placed by hand, so a redraw measures nothing
    ax_s = fig.add_axes((0.08, 0.13, 0.38, 0.72))
    ax_c = fig.add_axes((0.465, 0.19, 0.014, 0.6))
    ax_l = fig.add_axes((0.645, 0.13, 0.335, 0.72))
    art = draw_surface(ax_s, net, x_test, y_test, box, resolution=resolution)
    fig.colorbar(art["image"], cax=ax_c).set_label("g = P(y = 1 | x)")
    hidden_pool = [ax_s.plot([], [], color=COLORS["hidden unit"], lw=1.2, ls="--")[0]
                   for _ in range(max(HIDDEN_CHOICES))]
    x1, x2 = np.linspace(*box[:2], resolution), np.linspace(*box[2:], resolution)
    maps = {key: probability_grid(net, box, resolution)[2] for key, (net, _) in results.items()}  # once
    (train_line,) = ax_l.semilogy([], [], color=COLORS["train"], label="training loss")
    (test_line,) = ax_l.semilogy([], [], color=COLORS["test"], ls="--", label="hold-out loss")
    ax_l.axhline(np.log(2.0), color=COLORS["reference"], lw=0.8, ls=":", label="log 2: guessing ½")
    ax_l.set(xlim=(0, epochs), ylim=(1e-4, 1e2), xlabel="epoch (full-batch updates)",
             ylabel="mean BCE (nats, log scale)")
    log_ticks(ax_l, range(-4, 3))
    ax_l.set_title("Loss per epoch")
    ax_l.legend(loc="lower left")  # below every run's lowest loss (about 0.01)

    def update(n_hidden: int, learning_rate: float) -> None:
        net, history = results[(n_hidden, learning_rate)]
        g = maps[(n_hidden, learning_rate)]
        art["image"].set_data(g)
        art["boundary"].remove()
        art["boundary"] = _draw_boundary(ax_s, x1, x2, g)
        lines = hidden_lines(net.W1, net.b1, box)
        for k, line in enumerate(hidden_pool):
            line.set_data(*(lines[k] if k < len(lines) else ([], [])))
        ax_s.set_title(_explorer_title(n_hidden, learning_rate, history))
        epochs_run = np.arange(len(history.train_loss))
        train_line.set_data(epochs_run, np.clip(history.train_loss, 1e-12, None))
        test_line.set_data(epochs_run, np.clip(history.test_loss, 1e-12, None))

    update(n_hidden, learning_rate)

    def slider(options, value, description):
        return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                       continuous_update=False, style={"description_width": "initial"})

    sliders = {"n_hidden": slider(HIDDEN_CHOICES, n_hidden, "hidden units h"),
               "learning_rate": slider(LEARNING_RATE_CHOICES, learning_rate, "learning rate η")}
    return SliderFigure(fig, sliders, update)
