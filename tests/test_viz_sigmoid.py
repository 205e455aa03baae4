"""Lesson 2 figures: the w/b figure, the decision boundary (and its absence at w = 0), the sliders."""

import math
import warnings

import matplotlib as mpl
import numpy as np
import pytest

from lesson_utils.viz.sigmoid import (
    X_RANGE,
    boundary_message,
    decision_boundary,
    one_feature_data,
    sigmoid_figure,
    sigmoid_properties_figure,
    sigmoid_widget,
)
from lesson_utils.viz.style import use_style


def _sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def test_one_feature_data_shapes_and_seed():
    x, y = one_feature_data()
    assert x.shape == (40, 1) and y.shape == (40,)
    assert sorted(set(y.tolist())) == [0.0, 1.0] and y.sum() == 20
    x2, _ = one_feature_data()
    np.testing.assert_array_equal(x, x2)
    assert not np.array_equal(x, one_feature_data(seed=4)[0])


def test_one_feature_data_overlaps():
    # No threshold classifies every point: the largest class-0 x lies right of the smallest class-1 x.
    x, y = one_feature_data()
    assert x[y == 0, 0].max() > x[y == 1, 0].min()


@pytest.mark.parametrize(
    ("w", "b", "expected"), [(2.0, -3.0, 1.5), (2.0, 1.0, -0.5), (-1.0, 2.0, 2.0), (4, 0, 0.0)]
)
def test_decision_boundary_by_hand(w, b, expected):
    boundary = decision_boundary(w, b)
    assert boundary == expected
    assert math.copysign(1.0, boundary) == math.copysign(1.0, expected)  # 0.0, not −0.0
    assert _sigma(w * boundary + b) == pytest.approx(0.5, abs=1e-15)


@pytest.mark.parametrize("w", [0.0, -0.0, 0])
def test_no_boundary_when_w_is_zero(w):
    assert decision_boundary(w, 1.0) is None


def test_boundary_beyond_float_range_is_infinite_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decision_boundary(1e-320, 1.0) == -math.inf
        assert decision_boundary(-1e-320, 1.0) == math.inf


@pytest.mark.parametrize(("name", "args"), [("w", (math.nan, 0.0)), ("b", (1.0, math.inf))])
def test_boundary_refuses_nan_and_inf(name, args):
    with pytest.raises(ValueError, match=f"{name} must"):
        decision_boundary(*args)


@pytest.mark.parametrize(("name", "args"), [("w", ("2", 0.0)), ("b", (1.0, None)), ("w", (True, 0.0))])
def test_boundary_refuses_non_numbers(name, args):
    with pytest.raises(TypeError, match=f"{name} must"):
        decision_boundary(*args)


def test_boundary_refuses_arrays():
    with pytest.raises(TypeError, match="w must be a number, got list"):
        decision_boundary([1.0, 2.0], 0.0)


def test_figure_curve_boundary_and_accuracy_against_math():
    x = np.array([[-2.0], [0.0], [1.0], [3.0]])
    y = np.array([0, 0, 1, 1])
    fig = sigmoid_figure(2.0, -1.0, x, y)
    curve, boundary, message = _artists(fig)
    xs, gs = curve.get_data()
    assert xs[0] == X_RANGE[0] and xs[-1] == X_RANGE[1]
    np.testing.assert_allclose(gs, [_sigma(2 * v - 1) for v in xs], rtol=1e-14)
    assert boundary.get_xdata()[0] == 0.5
    assert "boundary at x = −b/w = 0.50;\ng > 0.5 to its right." in message.get_text()
    assert "accuracy on these 4 points (class 1 where g ≥ 0.5): 1.000" in message.get_text()


def test_negative_w_flips_the_side():
    x = np.array([-2.0, 2.0])
    message = _artists(sigmoid_figure(-1.0, 0.0, x, np.array([0, 1])))[2].get_text()
    assert "g > 0.5 to its left." in message
    assert "accuracy on these 2 points (class 1 where g ≥ 0.5): 0.000" in message


def test_message_says_when_the_boundary_is_off_the_panel():
    expected = "boundary at x = −b/w = 10.00 (outside the panel); g > 0.5 to its right."
    assert boundary_message(0.1, -1.0) == expected


@pytest.mark.parametrize(
    ("b", "expected_class", "phrase"),
    [(0.5, 1, "every x is predicted class 1"), (-0.5, 0, "every x is predicted class 0"), (0.0, 1, "a tie")],
)
def test_w_zero_has_no_boundary_and_says_so(b, expected_class, phrase):
    x, y = np.array([-1.0, 0.0, 2.0]), np.array([0, 1, 1])
    curve, boundary, message = _artists(sigmoid_figure(0.0, b, x, y))
    assert not boundary.get_visible()
    np.testing.assert_allclose(curve.get_ydata(), _sigma(b), rtol=1e-15)
    accuracy = np.mean(y == expected_class)
    assert f"accuracy on these 3 points (class 1 where g ≥ 0.5): {accuracy:.3f}" in message.get_text()
    expected = f"w = 0: g = σ(b) = {_sigma(b):.2f} for every x, so there is no boundary"
    assert boundary_message(0.0, b).startswith(expected)
    assert phrase in boundary_message(0.0, b)


def test_huge_w_saturates_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = sigmoid_figure(1e308, 0.0, np.array([-5.0, 5.0]), np.array([0, 1]))
    curve, _, message = _artists(fig)
    assert set(np.unique(curve.get_ydata())) <= {0.0, 0.5, 1.0}
    assert "accuracy on these 2 points (class 1 where g ≥ 0.5): 1.000" in message.get_text()


def test_figure_refuses_two_features():
    with pytest.raises(ValueError, match="x must be one feature"):
        sigmoid_figure(1.0, 0.0, np.zeros((3, 2)), np.array([0, 1, 0]))


def test_figure_refuses_mismatched_labels():
    with pytest.raises(ValueError, match="y must have one label per sample"):
        sigmoid_figure(1.0, 0.0, np.zeros((3, 1)), np.array([0, 1]))


def test_figure_refuses_labels_other_than_0_1():
    with pytest.raises(ValueError, match="y must contain only the labels 0 and 1"):
        sigmoid_figure(1.0, 0.0, np.zeros(2), np.array([0, 3]))


def _artists(fig):
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    return lines["g = σ(w x + b)"], lines["boundary: g = 0.5"], fig.axes[1].texts[0]


def test_static_figure_draws_the_default_view():
    fig = sigmoid_figure()
    curve, boundary, message = _artists(fig)
    xs, gs = curve.get_data()
    np.testing.assert_allclose(gs, [_sigma(2 * v + 1) for v in xs], rtol=1e-14)
    assert boundary.get_xdata()[0] == -0.5 and boundary.get_visible()
    assert "boundary at x = −b/w = -0.50" in message.get_text()
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_static_figure_needs_x_and_y_together():
    with pytest.raises(TypeError, match="x and y must be given together"):
        sigmoid_figure(x=np.zeros((2, 1)))


def test_sliders_move_curve_and_boundary():
    widget = sigmoid_widget()
    curve, boundary, message = _artists(widget.figure)
    before = curve.get_ydata().copy()
    widget.sliders["b"].value = -2.0
    assert not np.allclose(curve.get_ydata(), before)
    assert boundary.get_xdata()[0] == pytest.approx(1.0)  # −(−2)/2
    widget.sliders["w"].value = -1.0
    xs, gs = curve.get_data()
    np.testing.assert_allclose(gs, [_sigma(-v - 2) for v in xs], rtol=1e-14)
    assert boundary.get_xdata()[0] == pytest.approx(-2.0)
    assert "g > 0.5 to its left" in message.get_text()


def test_slider_at_w_zero_hides_the_boundary_and_says_so():
    widget = sigmoid_widget(w=1.0, b=0.5)
    curve, boundary, message = _artists(widget.figure)
    widget.sliders["w"].value = 0.0
    assert not boundary.get_visible()
    np.testing.assert_allclose(curve.get_ydata(), _sigma(0.5), rtol=1e-15)
    assert "no boundary" in message.get_text()
    widget.sliders["w"].value = 0.5
    assert boundary.get_visible() and boundary.get_xdata()[0] == pytest.approx(-1.0)


def test_the_longest_message_stays_inside_the_figure():
    with mpl.rc_context():
        use_style()  # the lessons' 12-point text
        widget = sigmoid_widget()
        for w, b in ((0.0, 0.0), (0.1, -4.0), (-0.1, 4.0)):  # a tie; a boundary far outside the panel
            widget.sliders["w"].value, widget.sliders["b"].value = w, b
            renderer = widget.figure.canvas.get_renderer()
            message = _artists(widget.figure)[2].get_window_extent(renderer)
            figure = widget.figure.bbox
            assert figure.x0 <= message.x0 and message.x1 <= figure.x1, (w, b)
            assert figure.y0 <= message.y0 and message.y1 <= figure.y1, (w, b)


def test_widget_start_outside_slider_range_is_refused():
    with pytest.raises(ValueError, match=r"w must be a finite number in \[-4.0, 4.0\]"):
        sigmoid_widget(w=5.0)


def test_properties_figure_curves_against_math():
    fig = sigmoid_properties_figure(z_limit=6.0)
    ax_g, ax_d = fig.axes
    zs, gs = ax_g.lines[0].get_data()
    assert zs[0] == -6.0 and zs[-1] == 6.0
    np.testing.assert_allclose(gs, [_sigma(v) for v in zs], rtol=1e-14)
    zs, ds = ax_d.lines[0].get_data()
    np.testing.assert_allclose(ds, [math.exp(-v) / (1 + math.exp(-v)) ** 2 for v in zs], rtol=1e-12)
    assert ds.max() == 0.25


def test_properties_figure_refuses_non_positive_limit():
    with pytest.raises(ValueError, match="z_limit must be a finite number > 0"):
        sigmoid_properties_figure(z_limit=0.0)


def test_model_curve_is_drawn_in_the_model_colour_not_a_class_colour():
    from matplotlib.colors import to_hex

    from lesson_utils.viz.style import CLASS_COLORS, COLORS

    fig = sigmoid_figure(w=2.0, b=1.0)
    (curve,) = [line for line in fig.axes[0].lines if line.get_label() == "g = σ(w x + b)"]
    x_mid = curve.get_xdata()[200]
    np.testing.assert_allclose(curve.get_ydata()[200], 1.0 / (1.0 + math.exp(-(2.0 * x_mid + 1.0))))
    assert to_hex(curve.get_color()) == COLORS["model"].lower()
    assert to_hex(curve.get_color()) not in {c.lower() for c in CLASS_COLORS}
