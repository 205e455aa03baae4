"""Lesson 8 figures: the pure functions against closed forms, and the sliders changing the figure."""

import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.data_nonlinear import make_rings
from lesson_utils.network import TwoLayerNetwork
from lesson_utils.viz import hidden
from lesson_utils.viz.style import COLORS, SERIES


@pytest.fixture(scope="module")
def rings_split():
    x, y = make_rings(300, seed=0)
    return lu.train_test_split(x, y, seed=0)


# ---------- extent_of ----------


def test_extent_of_adds_the_margin():
    x = np.array([[0.0, -1.0], [2.0, 3.0]])
    assert hidden.extent_of(x, margin=0.5) == (-0.5, 2.5, -1.5, 3.5)


def test_extent_of_negative_margin():
    with pytest.raises(ValueError, match="margin"):
        hidden.extent_of(np.zeros((2, 2)), margin=-1.0)


def test_extent_of_needs_two_features():
    with pytest.raises(ValueError, match="feature"):
        hidden.extent_of(np.zeros((2, 3)))


# ---------- probability_grid ----------


def test_probability_grid_matches_the_sigmoid_at_each_point_and_orientation():
    model = lu.LogisticRegression(2)
    model.w, model.b = np.array([2.0, -0.5]), 0.25  # unequal weights: a transposed grid would fail
    x1, x2, g = hidden.probability_grid(model, (-1.0, 1.0, -2.0, 2.0), resolution=5)
    np.testing.assert_allclose(x1, [-1.0, -0.5, 0.0, 0.5, 1.0])
    np.testing.assert_allclose(x2, [-2.0, -1.0, 0.0, 1.0, 2.0])
    for i in range(5):
        for j in range(5):
            z = 2.0 * x1[j] - 0.5 * x2[i] + 0.25
            assert g[i, j] == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-14)


@pytest.mark.parametrize(
    ("extent", "resolution", "error"),
    [
        ((1.0, 0.0, 0.0, 1.0), 5, ValueError),
        ((0.0, 1.0, 0.0), 5, ValueError),
        ((0.0, 1.0, 0.0, 1.0), 1, ValueError),
        ((0.0, 1.0, 0.0, 1.0), 2.5, TypeError),
    ],
)
def test_probability_grid_bad_box_or_resolution(extent, resolution, error):
    with pytest.raises(error):
        hidden.probability_grid(lu.LogisticRegression(2), extent, resolution)


def test_probability_grid_needs_a_model_with_predict():
    with pytest.raises(TypeError, match="predict"):
        hidden.probability_grid(object(), (0.0, 1.0, 0.0, 1.0))


# ---------- hidden_lines ----------


def test_hidden_lines_points_satisfy_z1_equal_zero_and_span_the_box():
    W1 = np.array([[1.0, 3.0, 0.0], [2.0, 1.0, 1.0]])
    b1 = np.array([0.5, -1.0, 0.2])
    box = (-2.0, 2.0, -3.0, 3.0)
    lines = hidden.hidden_lines(W1, b1, box)
    assert len(lines) == 3
    for k, (lx, ly) in enumerate(lines):
        np.testing.assert_allclose(W1[0, k] * lx + W1[1, k] * ly + b1[k], 0.0, atol=1e-12)
    np.testing.assert_array_equal(lines[0][0], [-2.0, 2.0])  # flatter than 45°: left and right edges
    np.testing.assert_array_equal(lines[1][1], [-3.0, 3.0])  # steeper: bottom and top edges
    np.testing.assert_allclose(lines[2][1], [-0.2, -0.2])  # horizontal line x2 = −0.2


def test_hidden_lines_unit_without_weights_has_no_line():
    lines = hidden.hidden_lines(np.zeros((2, 1)), np.array([1.0]), (0.0, 1.0, 0.0, 1.0))
    assert np.isnan(lines[0][0]).all() and np.isnan(lines[0][1]).all()


def test_hidden_lines_needs_two_inputs():
    with pytest.raises(ValueError, match=r"W1 must have shape \(2, h\)"):
        hidden.hidden_lines(np.zeros((3, 2)), np.zeros(2), (0.0, 1.0, 0.0, 1.0))


def test_hidden_lines_bias_length():
    with pytest.raises(ValueError, match="b1 must have shape"):
        hidden.hidden_lines(np.zeros((2, 2)), np.zeros(3), (0.0, 1.0, 0.0, 1.0))


# ---------- loss_along_segment ----------


def test_loss_along_segment_of_a_quadratic():
    a, b = np.array([0.0, 0.0]), np.array([2.0, 0.0])
    t, curve, chord = hidden.loss_along_segment(lambda th: float(th @ th), a, b, 5)
    np.testing.assert_allclose(t, [0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(curve, (2 * t) ** 2)
    np.testing.assert_allclose(chord, 4 * t)
    assert np.all(curve <= chord + 1e-15)


def test_loss_along_segment_shows_a_bump_for_a_non_convex_function():
    a, b = np.array([-math.pi]), np.array([math.pi])
    _, curve, chord = hidden.loss_along_segment(lambda th: math.cos(th[0]), a, b)
    assert np.max(curve - chord) == pytest.approx(2.0)  # cos goes from −1 up to 1 and back; chord at −1


def test_loss_along_segment_mismatched_ends():
    with pytest.raises(ValueError, match="theta_b must have the shape"):
        hidden.loss_along_segment(lambda th: 0.0, np.zeros(2), np.zeros(3))


def test_loss_along_segment_non_finite_loss_is_said_in_words():
    def loss(th):  # finite at the ends, infinite at the midpoint
        return math.inf if abs(th[0] - 0.5) < 1e-12 else float(th @ th)

    with pytest.raises(ValueError, match=r"not finite at t = 0.5"):
        hidden.loss_along_segment(loss, np.zeros(2), np.array([1.0, 0.0]), 3)


def test_loss_along_segment_too_few_points():
    with pytest.raises(ValueError, match="n_points"):
        hidden.loss_along_segment(lambda th: 0.0, np.zeros(2), np.zeros(2), 1)


def test_loss_along_segment_needs_a_function():
    with pytest.raises(TypeError, match="loss"):
        hidden.loss_along_segment(3.0, np.zeros(2), np.zeros(2))


# ---------- training and drawing ----------


def test_train_setting_matches_train_and_silences_the_stop(rings_split):
    x_tr, x_te, y_tr, y_te = rings_split
    net, history = hidden.train_setting(x_tr, y_tr, x_te, y_te, 3, 1.0, epochs=30, seed=2)
    reference = TwoLayerNetwork(2, 3, seed=2)
    lu.train(reference, x_tr, y_tr, 30, 1.0, x_te, y_te)
    np.testing.assert_array_equal(net.parameters(), reference.parameters())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # tanh bounds |z2| by Σ|w2_k| + |b2|, which grows by at most (h + 1)·η per step: only an η
        # near the largest float64 makes the loss overflow
        _, huge = hidden.train_setting(x_tr, y_tr, x_te, y_te, 3, 1e300, epochs=20)
        _, broken = hidden.train_setting(x_tr, y_tr, x_te, y_te, 3, 1e308, epochs=20)
    assert huge.stopped_at is None and np.all(np.isfinite(huge.train_loss))
    assert broken.stopped_at == 1
    assert hidden._explorer_title(3, 1e308, broken).endswith(f"stopped at\nupdate 1: {broken.stop_reason}")
    assert "inf" in broken.stop_reason or "NaN" in broken.stop_reason  # said in words


def test_train_settings_trains_every_pair(rings_split):
    x_tr, x_te, y_tr, y_te = rings_split
    results = hidden.train_settings(x_tr, y_tr, x_te, y_te, (1, 2), (0.1, 1.0), epochs=5)
    assert set(results) == {(1, 0.1), (1, 1.0), (2, 0.1), (2, 1.0)}
    net, history = results[(2, 0.1)]
    assert net.n_hidden == 2 and history.learning_rate == 0.1 and len(history.train_loss) == 6


def test_draw_surface_shows_the_probability_grid(rings_split):
    x_tr, _, y_tr, _ = rings_split
    net = TwoLayerNetwork(2, 3, seed=1)
    fig, ax = plt.subplots()
    art = hidden.draw_surface(ax, net, x_tr, y_tr, (-3.0, 3.0, -3.0, 3.0), show_hidden=True, resolution=11)
    _, _, g = hidden.probability_grid(net, (-3.0, 3.0, -3.0, 3.0), 11)
    np.testing.assert_array_equal(art["image"].get_array(), g)
    assert len(art["lines"]) == 3
    for k, line in enumerate(art["lines"]):  # each dashed line is where unit k's z1_k = 0
        z1 = net.W1[0, k] * line.get_xdata() + net.W1[1, k] * line.get_ydata() + net.b1[k]
        np.testing.assert_allclose(z1, 0.0, atol=1e-12)
    assert all(line.get_color() == COLORS["hidden unit"] for line in art["lines"])  # not the boundary's
    assert "g = 0.5" in ax.get_legend_handles_labels()[1]
    class_1 = [line for line in ax.lines if line.get_label().startswith("class 1")][0]
    np.testing.assert_array_equal(class_1.get_xdata(), x_tr[y_tr == 1, 0])
    plt.close(fig)


def test_draw_loss_along_segment_draws_the_loss_and_its_chord():
    t, curve, chord = hidden.loss_along_segment(lambda th: float(th @ th), np.zeros(1), np.ones(1), 3)
    fig, ax = plt.subplots()
    loss_line, chord_line = hidden.draw_loss_along_segment(ax, t, curve, chord, "square", color=SERIES[1])
    np.testing.assert_allclose(loss_line.get_ydata(), [0.0, 0.25, 1.0])
    np.testing.assert_allclose(chord_line.get_ydata(), [0.0, 0.5, 1.0])
    assert chord_line.get_label() == "square: chord"
    assert loss_line.get_color() == chord_line.get_color() == SERIES[1]  # the run's colour elsewhere
    plt.close(fig)


# ---------- the widget ----------


def test_widget_needs_every_setting_of_its_sliders(rings_split):
    x_tr, x_te, y_tr, y_te = rings_split
    results = hidden.train_settings(x_tr, y_tr, x_te, y_te, (2,), (1.0,), epochs=5)
    with pytest.raises(ValueError, match=r"results must hold every slider setting .* missing \[\(1, 0.1\)"):
        hidden.hidden_widget(x_tr, y_tr, x_te, y_te, n_hidden=2, learning_rate=1.0, results=results)


def visible_unit_lines(ax):
    return [ln for ln in ax.lines if ln.get_linestyle() == "--" and len(ln.get_xdata()) > 0]


def test_sliders_change_the_figure(rings_split):
    x_tr, x_te, y_tr, y_te = rings_split
    panel = hidden.hidden_widget(x_tr, y_tr, x_te, y_te, n_hidden=2, learning_rate=1.0, epochs=20)
    ax_surface, ax_loss = panel.figure.axes[0], panel.figure.axes[2]
    image = ax_surface.images[0]
    assert len(visible_unit_lines(ax_surface)) == 2
    before = np.array(image.get_array())
    panel.sliders["n_hidden"].value = 8
    after = np.array(image.get_array())
    assert not np.allclose(before, after)
    assert len(visible_unit_lines(ax_surface)) == 8
    assert ax_surface.get_title().startswith("h = 8, η = 1")

    loss_before = np.array(ax_loss.lines[0].get_ydata())
    panel.sliders["learning_rate"].value = 0.1
    loss_after = np.array(ax_loss.lines[0].get_ydata())
    assert not np.allclose(loss_before, loss_after)
    assert "η = 0.1" in ax_surface.get_title()
    # the expected surface, computed independently of the widget
    reference = TwoLayerNetwork(2, 8, seed=0)
    lu.train(reference, x_tr, y_tr, 20, 0.1, x_te, y_te)
    box = hidden.extent_of(np.vstack([x_tr, x_te]))
    _, _, g = hidden.probability_grid(reference, box, 61)
    np.testing.assert_allclose(np.array(image.get_array()), g, rtol=1e-12)


def test_widget_trains_every_setting_up_front_and_never_on_a_move(rings_split, monkeypatch):
    x_tr, x_te, y_tr, y_te = rings_split
    panel = hidden.hidden_widget(x_tr, y_tr, x_te, y_te, n_hidden=2, learning_rate=1.0, epochs=10)

    def no_training(*args, **kwargs):
        raise AssertionError("a slider move trained a network")

    monkeypatch.setattr(hidden, "train_setting", no_training)
    for h in hidden.HIDDEN_CHOICES:
        for eta in hidden.LEARNING_RATE_CHOICES:
            panel.sliders["n_hidden"].value = h
            panel.sliders["learning_rate"].value = eta
    assert panel.figure.axes[0].get_title().startswith(f"h = {h}, η = {eta:g}")


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"n_hidden": 5}, "n_hidden"), ({"learning_rate": 0.5}, "learning_rate")]
)
def test_widget_refuses_settings_off_the_sliders(rings_split, kwargs, match):
    x_tr, x_te, y_tr, y_te = rings_split
    with pytest.raises(ValueError, match=match):
        hidden.hidden_widget(x_tr, y_tr, x_te, y_te, **kwargs)
