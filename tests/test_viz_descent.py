"""Lesson 5 figures: the loss over (w, b), gradient-descent paths, and the learning-rate slider."""

import math
import warnings

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.viz.descent import (
    descent_figure,
    descent_path,
    descent_paths,
    descent_paths_figure,
    descent_widget,
    loss_per_step_figure,
)
from lesson_utils.viz.style import COLUMN_WIDTH

W = np.linspace(-1.0, 5.0, 25)
B = np.linspace(-8.0, 2.0, 21)


@pytest.fixture(scope="module")
def toy():
    return lu.make_two_gaussians(200, means=((1.0,), (3.0,)), seed=1)


def _loss_by_hand(x, y, w, b):
    """Mean cross-entropy sample by sample with math: log(1 + e^z) − y z."""
    total = 0.0
    for xi, yi in zip(x[:, 0], y, strict=True):
        z = w * xi + b
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - yi * z
    return total / len(y)


def test_figures_mark_the_lowest_point_of_the_loss_on_the_grid(toy):
    """The star and the dotted line: the smallest hand-computed loss over the grid, at its (w, b)."""
    x, y = toy
    w, b = W[::4], B[::4]
    by_hand = np.array([[_loss_by_hand(x, y, wj, bi) for wj in w] for bi in b])
    i, j = np.unravel_index(np.argmin(by_hand), by_hand.shape)
    fig = descent_figure(x, y, w, b, learning_rate=1.0, steps=5)
    (star,) = [line for line in fig.axes[0].lines if line.get_label() == "lowest grid point"]
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (w[j], b[i])
    (floor,) = [line for line in fig.axes[1].lines if line.get_label() == "lowest loss on the grid"]
    assert floor.get_ydata()[0] == pytest.approx(by_hand[i, j], rel=1e-12)
    # One legend under both panels, none inside; the two rings round the star carry no label.
    assert [t.get_text() for t in fig.legends[0].texts][-1] == "lowest grid point"
    assert fig.axes[0].get_legend() is None and fig.axes[1].get_legend() is None
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels and not labels & {"0.32", "0.35"}


def test_one_step_moves_against_the_finite_difference_gradient(toy):
    x, y = toy
    start = (0.5, -1.0)
    path = descent_path(x, y, 0.3, 1, start=start)
    grad = lu.numerical_gradient(lambda t: _loss_by_hand(x, y, t[0], t[1]), np.array(start))
    np.testing.assert_allclose(path.params[0], start)
    np.testing.assert_allclose(path.params[1], np.array(start) - 0.3 * grad, rtol=1e-7)
    assert path.loss[1] < path.loss[0]
    assert path.loss[0] == pytest.approx(_loss_by_hand(x, y, *start), rel=1e-12)


def test_small_learning_rate_decreases_the_loss_every_step(toy):
    x, y = toy
    # The Hessian is at most (1/4)·mean([x, 1][x, 1]ᵀ) everywhere; below 2/λ_max every step descends.
    a = np.column_stack([x, np.ones(len(x))])
    lam = np.linalg.eigvalsh(0.25 * a.T @ a / len(x))[-1]
    path = descent_path(x, y, 1.9 / lam, 60)
    assert np.all(np.diff(path.loss) < 0)


def test_matches_lesson_utils_train_step_for_step(toy):
    x, y = toy
    path = descent_path(x, y, 2.0, 40)
    reference = lu.train(lu.LogisticRegression(1), x, y, 40, 2.0)
    np.testing.assert_allclose(path.params, reference.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(path.loss, reference.train_loss, rtol=1e-10)


def test_a_huge_learning_rate_takes_every_step_and_stays_bounded(toy):
    # |g − y| ≤ 1: a step moves w by at most η·max|x| and b by at most η, so nothing overflows and
    # the loss, at most |z| + log 2 per sample, stays below η·k·(max|x| + 1) + log 2 after k steps.
    x, y = toy
    eta, steps = 100.0, 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = descent_path(x, y, eta, steps)
    assert path.steps == steps and path.params.shape == (steps + 1, 2)
    assert np.all(np.isfinite(path.loss)) and np.all(np.isfinite(path.params))
    bound = np.log(2) + eta * np.arange(steps + 1) * (np.abs(x).max() + 1)
    assert np.all(path.loss <= bound)
    assert np.all(np.abs(np.diff(path.params[:, 1])) <= eta + 1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"x": np.zeros((5, 2))}, ValueError, "x must have 1 feature"),
        ({"y": np.array([0, 1, 2, 0, 1])}, ValueError, "labels 0 and 1"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"steps": 0}, ValueError, "steps"),
        ({"start": (0.0, 0.0, 0.0)}, ValueError, "start must be one point"),
        ({"start": (np.nan, 0.0)}, ValueError, "start must not contain NaN"),
    ],
)
def test_descent_path_rejects_bad_input(kwargs, error, match):
    args = {"x": np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]), "y": np.array([0, 0, 1, 1, 1]),
            "learning_rate": 0.5, "steps": 3}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        descent_path(**args)


@pytest.mark.parametrize(
    ("w_values", "match"),
    [([1.0, 0.0], "strictly increasing"), ([1.0], "at least 2 values"), (np.zeros((2, 2)), "1-D")],
)
def test_figures_reject_bad_grids(toy, w_values, match):
    x, y = toy
    with pytest.raises(ValueError, match=match):
        descent_figure(x, y, w_values, B)
    with pytest.raises(ValueError, match=match):
        descent_paths_figure(x, y, {"one": 1.0}, 5, w_values, B)


def test_static_figure_has_one_panel_per_learning_rate(toy):
    x, y = toy
    fig = descent_paths_figure(x, y, {"small": 0.1, "large": 30.0}, 20, W, B)
    assert len(fig.axes) == 2
    assert "η = 0.1: loss" in fig.axes[0].get_title()
    last = descent_path(x, y, 30.0, 20).loss[-1]
    assert f"η = 30: loss {last:.4f} after 20 steps" in fig.axes[1].get_title()
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), descent_path(x, y, 30.0, 20).params[:, 1])
    with pytest.raises(ValueError, match="learning_rates must hold at least one"):
        descent_paths_figure(x, y, {}, 20, W, B)


def test_static_figure_suptitle_is_the_title_passed(toy):
    x, y = toy
    title = "Small crawls, large explodes"
    fig = descent_paths_figure(x, y, {"small": 0.1, "large": 30.0}, 20, W, B, title=title)
    assert fig.get_suptitle() == title
    assert fig.axes[1].get_title().startswith("large\n")


def test_static_figure_default_suptitle_counts_steps_and_rates(toy):
    x, y = toy
    fig = descent_paths_figure(x, y, {"small": 0.1, "large": 30.0}, 20, W, B)
    assert fig.get_suptitle() == "20 gradient-descent steps from (0, 0) at 2 learning rates"


def test_static_view_draws_the_path_of_descent_path(toy):
    x, y = toy
    fig = descent_figure(x, y, W, B, learning_rate=2.5, steps=10)
    expected = descent_path(x, y, 2.5, 10)
    path_line, loss_line = fig.axes[0].lines[1], fig.axes[1].lines[0]
    np.testing.assert_allclose(path_line.get_xdata(), expected.params[:, 0])
    np.testing.assert_allclose(path_line.get_ydata(), expected.params[:, 1])
    np.testing.assert_allclose(loss_line.get_ydata(), expected.loss)
    assert _status(fig) == f"η = 2.5: loss {expected.loss[-1]:.4f} after 10 steps"
    assert fig.axes[1].get_xlim() == (0.0, 10.0)


def test_widget_update_draws_the_path_of_descent_path(toy):
    x, y = toy
    panel = descent_widget(x, y, W, B, learning_rate=1.0, steps=10, max_steps=30)
    fig = panel.figure
    path_line = fig.axes[0].lines[1]
    loss_line = fig.axes[1].lines[0]
    expected = descent_path(x, y, 1.0, 10).params
    np.testing.assert_allclose(path_line.get_xdata(), expected[:, 0])
    np.testing.assert_allclose(path_line.get_ydata(), expected[:, 1])
    panel.sliders["learning_rate"].value = 2.5
    panel.sliders["steps"].value = 7
    np.testing.assert_allclose(path_line.get_xdata(), descent_path(x, y, 2.5, 7).params[:, 0])
    np.testing.assert_allclose(loss_line.get_ydata(), descent_path(x, y, 2.5, 7).loss)
    panel.sliders["steps"].value = 30  # longer than first shown: not a stale 7-step path
    assert len(path_line.get_xdata()) == 31
    panel.sliders["learning_rate"].value = 1.0
    panel.sliders["steps"].value = 10  # back to a rate seen before: the same path as at the start
    np.testing.assert_allclose(path_line.get_xdata(), expected[:, 0])
    assert _status(fig) == f"η = 1: loss {descent_path(x, y, 1.0, 10).loss[-1]:.4f} after 10 steps"


def _status(fig):
    """The second line of the path panel's title: it reports the run shown."""
    return fig.axes[0].get_title().split("\n")[1]


def test_widget_axes_stay_fixed_so_redraws_only_move_lines(toy):
    x, y = toy
    panel = descent_widget(x, y, W, B, learning_rate=1.0, steps=10, max_steps=40)
    fig = panel.figure
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in fig.axes]
    loss_title = fig.axes[1].get_title()
    panel.sliders["learning_rate"].value = 3.0
    panel.sliders["steps"].value = 25
    assert [(ax.get_xlim(), ax.get_ylim()) for ax in fig.axes] == limits
    assert fig.axes[1].get_title() == loss_title
    assert fig.axes[1].get_xlim() == (0.0, 40.0)
    panel.sliders["learning_rate"].value = 10**1.5  # the largest rate: its loss still fits the axes
    peak = descent_path(x, y, 10**1.5, 25).loss.max()
    assert 8.0 < peak < fig.axes[1].get_ylim()[1]
    assert fig.get_size_inches()[0] <= COLUMN_WIDTH


def test_widget_sliders_change_the_figure(toy):
    x, y = toy
    panel = descent_widget(x, y, W, B, learning_rate=1.0, steps=20)
    path_line = panel.figure.axes[0].lines[1]
    loss_line = panel.figure.axes[1].lines[0]
    before = path_line.get_xdata().copy()
    panel.sliders["learning_rate"].value = 0.1
    after = path_line.get_xdata()
    assert not np.allclose(before[-1], after[-1])
    eta = panel.sliders["learning_rate"].value
    np.testing.assert_allclose(after, descent_path(x, y, eta, 20).params[:, 0])
    panel.sliders["steps"].value = 45
    assert len(loss_line.get_xdata()) == 46
    panel.sliders["learning_rate"].value = 30.0
    assert _status(panel.figure).startswith("η = 30: loss")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": 100.0}, ValueError, "learning_rate must be between"),
        ({"steps": 400}, ValueError, r"steps must be an integer in \[1, "),
        ({"max_steps": 0}, ValueError, "max_steps"),
    ],
)
def test_widget_rejects_bad_settings(toy, kwargs, error, match):
    x, y = toy
    with pytest.raises(error, match=match):
        descent_widget(x, y, W, B, **kwargs)


def test_loss_per_step_figure_draws_each_curve_on_a_log_axis():
    curves = {"bounded": [0.7, 2.0, 0.5, 0.6], "growing": [1.0, 2.0, 4.0, 8.0]}
    fig = loss_per_step_figure(curves, "What to see", ylabel="loss (nats, log scale)")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "What to see"
    assert [line.get_label() for line in ax.lines] == ["bounded", "growing"]
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [0, 1, 2, 3])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [1.0, 2.0, 4.0, 8.0])
    assert ax.lines[0].get_color() != ax.lines[1].get_color()


def test_many_rates_at_once_equal_one_rate_at_a_time(toy):
    x, y = toy
    rates = [0.05, 1.0, 4.0, 30.0]
    batch = descent_paths(x, y, rates, 25)
    assert list(batch) == rates
    for eta in rates:
        one = descent_path(x, y, eta, 25)
        np.testing.assert_allclose(batch[eta].params, one.params, rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(batch[eta].loss, one.loss, rtol=1e-12)
        assert batch[eta].learning_rate == eta
    with pytest.raises(ValueError, match="positive numbers"):
        descent_paths(x, y, [1.0, -2.0], 5)


def test_widget_precomputes_every_slider_value(toy, monkeypatch):
    """After the panel is built, moving the learning-rate slider computes no new path."""
    import lesson_utils.viz.descent as descent

    x, y = toy
    panel = descent_widget(x, y, W, B, learning_rate=1.0, steps=20, max_steps=60)
    calls = []
    monkeypatch.setattr(descent, "descent_path", lambda *a, **k: calls.append(a) or descent_path(*a, **k))
    for exponent in (-2.0, -0.3, 0.6, 1.5):  # slider values are 10**(-2 + 0.05 k)
        panel.sliders["learning_rate"].value = 10**exponent
    assert calls == []
    path_x = panel.figure.axes[0].lines[1].get_xdata()
    np.testing.assert_allclose(path_x, descent_path(x, y, 10**1.5, 20).params[:, 0], rtol=1e-9)
    panel.sliders["learning_rate"].value = 0.5  # typed in, between two slider values: computed then
    assert len(calls) == 1
