"""Lesson 10: figures for the missing minimum, the penalty on the weights and early stopping.

Pure functions compute what a figure shows (``weight_norms``, ``holdout_summary``, ``best_epoch``);
``draw_*(ax, …)`` put it on given axes and ``*_figure(…)`` build the whole figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import _core, _validate
from .style import COLORS, COLUMN_WIDTH

#: Line colours of the runs in a figure, in order (unregularised first).
_RUN_COLORS = [COLORS[k] for k in ("vermillion", "blue", "green", "purple", "orange", "sky")]


def weight_norms(params: object) -> np.ndarray:
    """The length ‖w‖ of the weights along a training path (the bias is not part of it).

    params: (k + 1, d + 1) rows [w_1, …, w_d, b], e.g. ``History.params``. Returns (k + 1,).
    """
    arr = _validate.as_float_array(params, "params")
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise ValueError(f"params must have shape (k + 1, d + 1) with d ≥ 1, got {arr.shape}")
    return np.linalg.norm(arr[:, :-1], axis=1)


def holdout_summary(x: object, y: object, theta: object) -> tuple[float, float]:
    """How well and how confidently the parameters θ = [w, b] predict held-out samples.

    x: (m, d) samples; y: (m,) labels in {0, 1}; theta: (d + 1,). Returns (loss, confidence): the
    mean cross-entropy and the mean of max(g, 1 − g) = σ(|z|), the probability the model gives to the
    class it predicts (0.5 = unsure, 1 = certain).
    """
    x = _validate.features(x, "x")
    y = _validate.labels(y, "y", x.shape[0])
    theta = _validate.as_float_array(theta, "theta")
    if theta.shape != (x.shape[1] + 1,):
        raise ValueError(
            f"theta must have shape ({x.shape[1] + 1},) for x with {x.shape[1]} features, got {theta.shape}"
        )
    z = x @ theta[:-1] + theta[-1]
    return float(np.mean(_core.bce_with_logits(y, z))), float(np.mean(_core.sigmoid(np.abs(z))))


def best_epoch(test_loss: object) -> int:
    """The epoch early stopping picks: the first index of the lowest hold-out loss.

    test_loss: (k + 1,) finite losses, index k = after k epochs. Returns an int in [0, k].
    """
    arr = _validate.as_float_array(test_loss, "test_loss")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"test_loss must be a non-empty 1-D array, got shape {arr.shape}")
    return int(np.argmin(arr))


def _title(title: object) -> str:
    if not isinstance(title, str):
        raise TypeError(f"title must be a str saying what to see, got {type(title).__name__}")
    return title


def _epoch_axis(n: int) -> np.ndarray:
    return np.arange(1, n)


def draw_weight_growth(ax: Axes, runs: Mapping[str, object]) -> None:
    """‖w‖ against the epoch (log scale), one line per run.

    runs: {label: params (k + 1, d + 1)}. Epoch 0 (w = 0) is left out of the logarithmic axis.
    """
    for i, (label, params) in enumerate(runs.items()):
        norms = weight_norms(params)
        ax.plot(_epoch_axis(len(norms)), norms[1:], color=_RUN_COLORS[i % len(_RUN_COLORS)], label=label)
    ax.set_xscale("log")
    ax.set_xlabel("epoch (log scale)")
    ax.set_ylabel("weight length ‖w‖ (per input unit)")
    ax.legend()


def draw_objective(ax: Axes, epochs: object, losses: Mapping[str, object]) -> None:
    """The training objective against the epoch, both axes logarithmic, one line per run.

    epochs: (n,) epoch numbers ≥ 1 at which the objective was evaluated (e.g. log-spaced);
    losses: {label: (n,) objective at those epochs}, in the order of ``draw_weight_growth``.
    """
    ks = _validate.increasing_axis(epochs, "epochs")
    if ks[0] < 1:
        raise ValueError("epochs must start at 1 or later (the axis is logarithmic)")
    for i, (label, values) in enumerate(losses.items()):
        arr = _validate.as_float_array(values, f"losses[{label!r}]")
        if arr.shape != ks.shape:
            raise ValueError(
                f"losses[{label!r}] must hold one value per epoch ({ks.size}), got shape {arr.shape}"
            )
        ax.plot(ks, arr, color=_RUN_COLORS[i % len(_RUN_COLORS)], label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("epoch (log scale)")
    ax.set_ylabel("training objective (nats, log scale)")


def growth_figure(
    runs: Mapping[str, object], epochs: object, losses: Mapping[str, object], title: str
) -> Figure:
    """Two panels: ‖w‖ (``draw_weight_growth``) and the training objective (``draw_objective``)."""
    title = _title(title)
    fig, (ax_norm, ax_loss) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 3.9))
    draw_weight_growth(ax_norm, runs)
    ax_norm.set_title("Weight length")
    draw_objective(ax_loss, epochs, losses)
    ax_loss.set_title("Training objective")
    fig.suptitle(title)
    return fig


def draw_price(
    ax_norm: Axes,
    ax_holdout: Axes,
    l2_values: Sequence[float],
    norms: Sequence[float],
    holdout_losses: Sequence[float],
    confidences: Sequence[float],
) -> None:
    """Left: ‖w*‖ against the penalty α; right: hold-out loss and mean confidence against α.

    l2_values: increasing positive penalties; norms, holdout_losses, confidences: one value each,
    e.g. from ``weight_norms`` and ``holdout_summary`` at each penalised minimum.
    """
    alpha = _validate.increasing_axis(l2_values, "l2_values")
    if np.any(alpha <= 0):
        raise ValueError("l2_values must be positive (they are drawn on a log scale)")
    columns = {"norms": norms, "holdout_losses": holdout_losses, "confidences": confidences}
    arrays = {}
    for name, values in columns.items():
        arrays[name] = _validate.as_float_array(values, name)
        if arrays[name].shape != alpha.shape:
            raise ValueError(
                f"{name} must hold one value per penalty ({alpha.size}), got shape {arrays[name].shape}"
            )
    ax_norm.plot(alpha, arrays["norms"], "o-", color=COLORS["blue"])
    ax_norm.set_xscale("log")
    ax_norm.set_xlabel("penalty α (log scale)")
    ax_norm.set_ylabel("‖w*‖ at the minimum (per input unit)")
    ax_holdout.plot(alpha, arrays["holdout_losses"], "o-", color=COLORS["vermillion"], label="hold-out loss")
    ax_holdout.set_xscale("log")
    ax_holdout.set_yscale("log")
    ax_holdout.set_xlabel("penalty α (log scale)")
    ax_holdout.set_ylabel("hold-out loss (nats, log scale)", color=COLORS["vermillion"])
    twin = ax_holdout.twinx()
    twin.plot(alpha, arrays["confidences"], "s--", color=COLORS["green"], label="mean confidence")
    twin.set_ylabel("mean confidence max(g, 1 − g)", color=COLORS["green"])
    twin.grid(False)
    lines = ax_holdout.get_lines() + twin.get_lines()
    ax_holdout.legend(lines, [line.get_label() for line in lines], loc="center left", fontsize=9)


def price_figure(
    l2_values: Sequence[float],
    norms: Sequence[float],
    holdout_losses: Sequence[float],
    confidences: Sequence[float],
    title: str,
) -> Figure:
    """The two panels of ``draw_price`` side by side, with a title."""
    title = _title(title)
    fig, (ax_norm, ax_holdout) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 3.9))
    draw_price(ax_norm, ax_holdout, l2_values, norms, holdout_losses, confidences)
    ax_norm.set_title("A larger penalty, shorter weights")
    ax_holdout.set_title("paid for in confidence")
    fig.suptitle(title)
    return fig


def draw_early_stopping(
    ax: Axes, train_loss: object, test_loss: object, references: Mapping[str, float] | None = None
) -> int:
    """Training and hold-out loss against the epoch (log–log), the early-stopping epoch marked.

    train_loss, test_loss: (k + 1,) after each epoch; references: {label: loss} drawn as horizontal
    dotted lines (e.g. the hold-out loss of the penalised minimum). Returns the marked epoch.
    """
    train = _validate.as_float_array(train_loss, "train_loss")
    test = _validate.as_float_array(test_loss, "test_loss")
    if train.ndim != 1 or train.shape != test.shape or train.size < 2:
        raise ValueError(
            f"train_loss and test_loss must be 1-D of the same length ≥ 2, got {train.shape} and {test.shape}"
        )
    stop = best_epoch(test)
    epochs = _epoch_axis(len(test))
    ax.plot(epochs, train[1:], color=COLORS["blue"], label="training loss")
    ax.plot(epochs, test[1:], color=COLORS["vermillion"], label="hold-out loss")
    if stop > 0:
        label = f"lowest hold-out loss (epoch {stop})"
        ax.plot([stop], [test[stop]], "o", color=COLORS["black"], label=label)
    styles = ("dotted", "dashdot", "dashed")
    for i, (label, value) in enumerate((references or {}).items()):
        level = _validate.as_float_array(value, f"references[{label!r}]")
        if level.ndim != 0 or level <= 0:
            raise ValueError(
                f"references[{label!r}] must be one positive loss (the axis is logarithmic), got {value!r}"
            )
        ax.axhline(float(level), color=COLORS["green"], ls=styles[i % len(styles)], lw=1.5, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("epoch (log scale)")
    ax.set_ylabel("mean cross-entropy (nats, log scale)")
    ax.legend(fontsize=9)
    return stop


def early_stopping_figure(
    train_loss: object, test_loss: object, title: str, references: Mapping[str, float] | None = None
) -> Figure:
    """One panel of ``draw_early_stopping`` with a title."""
    title = _title(title)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    draw_early_stopping(ax, train_loss, test_loss, references)
    ax.set_title(title)
    return fig
