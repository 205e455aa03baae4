"""Lesson 10's figures: the pure functions against hand values, the drawn data against their inputs."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lesson_utils.viz.regularisation import (
    best_epoch,
    draw_early_stopping,
    draw_objective,
    draw_price,
    draw_weight_growth,
    early_stopping_figure,
    growth_figure,
    holdout_summary,
    price_figure,
    weight_norms,
)

# --- pure functions ----------------------------------------------------------------------------


def test_weight_norms_leave_out_the_bias():
    params = np.array([[0.0, 0.0, 5.0], [3.0, 4.0, -1.0], [1.0, 0.0, 100.0]])
    np.testing.assert_allclose(weight_norms(params), [0.0, 5.0, 1.0])


def test_weight_norms_one_feature():
    np.testing.assert_allclose(weight_norms([[-2.0, 1.0], [0.5, 0.0]]), [2.0, 0.5])


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((3, 1)), np.zeros((2, 2, 2))])
def test_weight_norms_bad_shape(bad):
    with pytest.raises(ValueError, match="params must have shape"):
        weight_norms(bad)


def test_weight_norms_bad_type():
    with pytest.raises(TypeError, match="params"):
        weight_norms("weights")


def test_holdout_summary_hand_values():
    """Two samples, z = (2, −1): losses log(1 + e^−2) and log(1 + e^1)... for y = (1, 1)."""
    x = np.array([[1.0], [-0.5]])
    y = np.array([1.0, 1.0])
    loss, confidence = holdout_summary(x, y, [2.0, 0.0])
    assert loss == pytest.approx((math.log1p(math.exp(-2.0)) + math.log1p(math.exp(1.0))) / 2, rel=1e-12)
    s = [1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(-1.0))]  # max(g, 1 − g) = σ(|z|)
    assert confidence == pytest.approx(sum(s) / 2, rel=1e-12)


def test_holdout_summary_extreme_logits_are_finite():
    x = np.array([[1.0], [1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, confidence = holdout_summary(x, np.array([1.0, 0.0]), [1000.0, 0.0])
    assert loss == pytest.approx(500.0)  # one sample costs 0, the other 1000
    assert confidence == 1.0


def test_holdout_summary_unsure_model():
    loss, confidence = holdout_summary(np.ones((4, 3)), np.array([0.0, 1.0, 1.0, 0.0]), np.zeros(4))
    assert loss == pytest.approx(math.log(2.0))
    assert confidence == 0.5


def test_holdout_summary_bad_theta():
    with pytest.raises(ValueError, match=r"theta must have shape \(3,\)"):
        holdout_summary(np.ones((4, 2)), np.zeros(4), np.zeros(2))


def test_holdout_summary_bad_labels():
    with pytest.raises(ValueError, match="y"):
        holdout_summary(np.ones((4, 2)), np.array([0.0, 2.0, 1.0, 0.0]), np.zeros(3))


def test_best_epoch_first_minimum():
    assert best_epoch([0.7, 0.5, 0.4, 0.4, 0.6]) == 2
    assert best_epoch([0.7, 0.8, 0.9]) == 0
    assert best_epoch([0.7, 0.6, 0.5]) == 2


@pytest.mark.parametrize("bad", [[], [[0.1, 0.2]]])
def test_best_epoch_bad_input(bad):
    with pytest.raises(ValueError, match="test_loss must be a non-empty 1-D array"):
        best_epoch(bad)


def test_best_epoch_rejects_nan():
    with pytest.raises(ValueError, match="test_loss"):
        best_epoch([0.5, float("nan")])


# --- figures: what is drawn is what was given --------------------------------------------------


def test_draw_weight_growth_plots_norms_from_epoch_one():
    params = np.array([[0.0, 0.0, 0.0], [3.0, 4.0, 1.0], [6.0, 8.0, 2.0]])
    fig, ax = plt.subplots()
    draw_weight_growth(ax, {"α = 0": params})
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_xdata(), [1, 2])
    np.testing.assert_allclose(line.get_ydata(), [5.0, 10.0])
    assert ax.get_xscale() == "log"
    assert "‖w‖" in ax.get_ylabel() and ax.get_xlabel()
    assert line.get_label() == "α = 0"


def test_draw_objective_log_log():
    fig, ax = plt.subplots()
    draw_objective(ax, [1, 10, 100], {"a": [0.69, 0.3, 0.1], "b": [0.69, 0.5, 0.45]})
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_xdata(), [1, 10, 100])
    np.testing.assert_allclose(lines[1].get_ydata(), [0.69, 0.5, 0.45])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert lines[0].get_color() != lines[1].get_color()


def test_draw_objective_rejects_epoch_zero_and_mismatch():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="start at 1"):
        draw_objective(ax, [0, 1], {"a": [0.7, 0.5]})
    with pytest.raises(ValueError, match="one value per epoch"):
        draw_objective(ax, [1, 2], {"a": [0.7, 0.5, 0.4]})


def test_growth_figure_has_titles_and_two_panels():
    params = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    fig = growth_figure({"run": params}, [1, 2], {"run": [0.3, 0.2]}, "What to see")
    assert len(fig.axes) == 2
    assert fig._suptitle.get_text() == "What to see"
    assert all(ax.get_title() for ax in fig.axes)


def test_draw_price_data_and_axes():
    alpha = [0.01, 0.1, 1.0]
    fig, (a1, a2) = plt.subplots(1, 2)
    draw_price(a1, a2, alpha, [1.5, 0.9, 0.5], [0.006, 0.03, 0.14], [0.99, 0.97, 0.87])
    np.testing.assert_allclose(a1.get_lines()[0].get_ydata(), [1.5, 0.9, 0.5])
    np.testing.assert_allclose(a2.get_lines()[0].get_ydata(), [0.006, 0.03, 0.14])
    twin = [ax for ax in fig.axes if ax not in (a1, a2)][0]
    np.testing.assert_allclose(twin.get_lines()[0].get_ydata(), [0.99, 0.97, 0.87])
    assert a1.get_xscale() == "log" and a2.get_yscale() == "log"
    assert "α" in a1.get_xlabel() and twin.get_ylabel()
    labels = [t.get_text() for t in a2.get_legend().get_texts()]
    assert labels == ["hold-out loss", "mean confidence"]  # one legend names both curves


def test_draw_price_rejects_mismatched_lengths():
    fig, (a1, a2) = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="norms must hold one value per penalty"):
        draw_price(a1, a2, [0.1, 1.0], [1.0], [0.1, 0.2], [0.9, 0.8])


def test_draw_price_rejects_non_positive_penalty():
    fig, (a1, a2) = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="l2_values must be positive"):
        draw_price(a1, a2, [0.0, 1.0], [1.0, 0.5], [0.1, 0.2], [0.9, 0.8])


def test_price_figure_titles():
    fig = price_figure([0.1, 1.0], [1.0, 0.5], [0.1, 0.2], [0.9, 0.8], "The price")
    assert fig._suptitle.get_text() == "The price"


def test_draw_early_stopping_marks_the_minimum():
    train = [0.69, 0.5, 0.3, 0.2, 0.1]
    test = [0.69, 0.55, 0.45, 0.5, 0.6]
    fig, ax = plt.subplots()
    stop = draw_early_stopping(ax, train, test, {"penalised minimum": 0.47})
    assert stop == 2
    marker = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    assert list(marker.get_xdata()) == [2] and list(marker.get_ydata()) == [0.45]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), train[1:])
    np.testing.assert_allclose(ax.get_lines()[1].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), test[1:])
    reference = [line for line in ax.get_lines() if line.get_label() == "penalised minimum"][0]
    assert list(reference.get_ydata()) == [0.47, 0.47]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_draw_early_stopping_without_turn_has_no_marker():
    fig, ax = plt.subplots()
    assert draw_early_stopping(ax, [0.7, 0.8], [0.7, 0.9]) == 0
    assert not [line for line in ax.get_lines() if line.get_marker() == "o"]


def test_draw_early_stopping_bad_lengths():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="same length"):
        draw_early_stopping(ax, [0.7, 0.5, 0.4], [0.7, 0.6])


def test_early_stopping_figure_title():
    fig = early_stopping_figure([0.7, 0.5, 0.4], [0.7, 0.6, 0.65], "Stop at the turn")
    assert fig.axes[0].get_title() == "Stop at the turn"


@pytest.mark.parametrize("bad", [np.nan, 0.0, -0.1, [0.3, 0.4], "0.3"])
def test_draw_early_stopping_rejects_a_bad_reference(bad):
    """A reference line must be one positive finite loss: never drawn silently off the log axis."""
    fig, ax = plt.subplots()
    with pytest.raises((ValueError, TypeError), match=r"references\['ref'\]"):
        draw_early_stopping(ax, [0.7, 0.5, 0.4], [0.7, 0.6, 0.65], references={"ref": bad})
