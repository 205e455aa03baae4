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
from .style import COLORS, COLUMN_WIDTH, SERIES


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


def draw_weight_growth(ax: Axes, runs: Mapping[str, object]) -> list:
    """‖w‖ against the epoch (log scale), one line per run; returns the lines.

    runs: {label: params (k + 1, d + 1)}. Epoch 0 (w = 0) is left out of the logarithmic axis.
    """
    lines = []
    for (label, params), color in zip(runs.items(), SERIES, strict=False):
        norms = weight_norms(params)
        lines += ax.plot(np.arange(1, len(norms)), norms[1:], color=color, label=label)
    ax.set(xscale="log", xlabel="epoch (log scale)", ylabel="weight length ‖w‖ (per input unit)")
    ax.legend()
    return lines


def draw_objective(ax: Axes, epochs: object, losses: Mapping[str, object]) -> list:
    """The training objective against the epoch, both axes logarithmic, one line per run; returns the lines.

    epochs: (n,) increasing epoch numbers ≥ 1 at which the objective was evaluated (e.g. log-spaced);
    losses: {label: (n,) objective at those epochs}, in the order of ``draw_weight_growth``.
    """
    ks = _validate.increasing_axis(epochs, "epochs")
    if ks[0] < 1:
        raise ValueError("epochs must start at 1 or later (the axis is logarithmic)")
    lines = []
    for (label, values), color in zip(losses.items(), SERIES, strict=False):
        if np.shape(values) != ks.shape:
            raise ValueError(f"losses[{label!r}] must hold one value per epoch ({ks.size}), "
                             f"got {np.size(values)}")
        lines += ax.plot(ks, values, color=color, label=label)
    ax.set(xscale="log", yscale="log", xlabel="epoch (log scale)")
    ax.set_ylabel("training objective (nats, log scale)")
    return lines


def growth_figure(runs: Mapping[str, object], epochs: object, losses: Mapping[str, object],
                  title: str) -> Figure:
    """Two panels: ‖w‖ (``draw_weight_growth``) and the training objective (``draw_objective``)."""
    fig, (ax_norm, ax_loss) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 3.9))
    draw_weight_growth(ax_norm, runs)
    ax_norm.set_title("Weight length")
    draw_objective(ax_loss, epochs, losses)
    ax_loss.set_title("Training objective")
    fig.suptitle(title)
    return fig


def draw_price(ax_norm: Axes, ax_holdout: Axes, l2_values: Sequence[float], norms: Sequence[float],
               holdout_losses: Sequence[float], confidences: Sequence[float]) -> list:
    """Left: ‖w*‖ against the penalty α; right: hold-out loss and mean confidence against α.

    l2_values: increasing positive penalties; norms, holdout_losses, confidences: one value each,
    e.g. from ``weight_norms`` and ``holdout_summary`` at each penalised minimum. Returns the lines.
    """
    alpha = _validate.increasing_axis(l2_values, "l2_values")
    if alpha[0] <= 0:
        raise ValueError("l2_values must be positive (they are drawn on a log scale)")
    for name, values in (("norms", norms), ("holdout_losses", holdout_losses), ("confidences", confidences)):
        if np.shape(values) != alpha.shape:
            raise ValueError(f"{name} must hold one value per penalty ({alpha.size}), got {np.size(values)}")
    lines = ax_norm.plot(alpha, norms, "o-", color=COLORS["curve"])
    ax_norm.set(xscale="log", xlabel="penalty α (log scale)", ylabel="‖w*‖ at the minimum (per input unit)")
    lines += ax_holdout.plot(alpha, holdout_losses, "o-", color=COLORS["test"], label="hold-out loss")
    ax_holdout.set(xscale="log", yscale="log", xlabel="penalty α (log scale)")
    ax_holdout.set_ylabel("hold-out loss (nats, log scale)", color=COLORS["test"])
    twin = ax_holdout.twinx()
    lines += twin.plot(alpha, confidences, "s--", color=COLORS["curve"], label="mean confidence")
    twin.set_ylabel("mean confidence max(g, 1 − g)", color=COLORS["curve"])
    twin.grid(False)
    # Under the confidence curve's flat start, above the loss's rise: the panel's empty corner.
    ax_holdout.legend(lines[1:], [line.get_label() for line in lines[1:]], loc="upper left",
                      bbox_to_anchor=(0.0, 0.92))
    return lines


def price_figure(l2_values: Sequence[float], norms: Sequence[float], holdout_losses: Sequence[float],
                 confidences: Sequence[float], title: str) -> Figure:
    """The two panels of ``draw_price`` side by side, with a title."""
    fig, (ax_norm, ax_holdout) = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 3.9))
    draw_price(ax_norm, ax_holdout, l2_values, norms, holdout_losses, confidences)
    ax_norm.set_title("A larger penalty, shorter weights")
    ax_holdout.set_title("paid for in confidence")
    fig.suptitle(title)
    return fig


def draw_early_stopping(ax: Axes, train_loss: object, test_loss: object,
                        references: Mapping[str, float] | None = None) -> int:
    """Training and hold-out loss against the epoch (log–log), the early-stopping epoch marked.

    train_loss, test_loss: (k + 1,) after each epoch; references: {label: loss > 0} drawn as
    horizontal lines (e.g. the hold-out loss of the penalised minimum). Returns the marked epoch.
    """
    train = _validate.as_float_array(train_loss, "train_loss")
    test = _validate.as_float_array(test_loss, "test_loss")
    if train.ndim != 1 or train.shape != test.shape or train.size < 2:
        raise ValueError(f"train_loss and test_loss must be 1-D of the same length ≥ 2, "
                         f"got {train.shape} and {test.shape}")
    stop = best_epoch(test)
    epochs = np.arange(1, len(test))
    ax.plot(epochs, train[1:], color=COLORS["train"], label="training loss")
    ax.plot(epochs, test[1:], color=COLORS["test"], label="hold-out loss")
    if stop > 0:
        label = f"lowest hold-out loss (epoch {stop})"
        ax.plot([stop], [test[stop]], "o", color=COLORS["reference"], label=label)
    styles = ("dotted", "dashdot", "dashed")
    for i, (label, value) in enumerate((references or {}).items()):
        level = _validate.check_scalar(value, f"references[{label!r}]", float, low=0, include_low=False)
        ax.axhline(level, color=COLORS["reference"], ls=styles[i % len(styles)], lw=1.5, label=label)
    ax.set(xscale="log", yscale="log", xlabel="epoch (log scale)")
    ax.set_ylabel("mean cross-entropy (nats, log scale)")
    ax.legend(loc="lower left")  # the training loss falls away to the right
    return stop


def early_stopping_figure(train_loss: object, test_loss: object, title: str,
                          references: Mapping[str, float] | None = None) -> Figure:
    """One panel of ``draw_early_stopping`` with a title."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    draw_early_stopping(ax, train_loss, test_loss, references)
    ax.set_title(title)
    return fig
