"""Lesson 3 figures: loss against g, the (y, g) slider panel, squared error against cross-entropy."""

import math
import warnings

import matplotlib as mpl
import numpy as np
import pytest

from lesson_utils.viz.loss import (
    loss_and_slope,
    loss_curves_figure,
    loss_slope_figure,
    loss_slope_widget,
    squared_error_figure,
    squared_error_vs_cross_entropy,
)
from lesson_utils.viz.style import use_style


def _sig(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


# --- loss_and_slope ----------------------------------------------------------------------------


@pytest.mark.parametrize(("y", "g", "loss", "slope"), [
    (1, 0.25, math.log(4), -4.0),
    (0, 0.8, math.log(5), 5.0),
    (1, 0.5, math.log(2), -2.0),
    (0, 0.5, math.log(2), 2.0),
])
def test_loss_and_slope_hand_values(y, g, loss, slope):
    got_loss, got_slope = loss_and_slope(y, g)
    assert got_loss == pytest.approx(loss, rel=1e-14)
    assert got_slope == pytest.approx(slope, rel=1e-14)


@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("g", [0.03, 0.3, 0.7, 0.97])
def test_slope_matches_finite_differences(y, g):
    h = 1e-6

    def loss(t):
        return -(y * math.log(t) + (1 - y) * math.log(1 - t))

    numeric = (loss(g + h) - loss(g - h)) / (2 * h)
    assert loss_and_slope(y, g)[1] == pytest.approx(numeric, rel=1e-7)


def test_loss_and_slope_finite_at_extreme_legal_g():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss_sub, slope_sub = loss_and_slope(1, 5e-324)  # the smallest positive float
        loss_top, slope_top = loss_and_slope(0, 1 - 2.0**-53)  # the largest float below 1
    assert loss_sub == pytest.approx(1074 * math.log(2), rel=1e-12)
    assert slope_sub == pytest.approx(-1 / 2.2250738585072014e-308, rel=1e-12)
    assert loss_top == pytest.approx(53 * math.log(2), rel=1e-12)
    assert slope_top == pytest.approx(2.0**53, rel=1e-12)


def test_loss_and_slope_accepts_float_label():
    assert loss_and_slope(1.0, 0.5) == loss_and_slope(1, 0.5)


def test_loss_and_slope_bad_label_value():
    with pytest.raises(ValueError, match="y must be the label 0 or 1, got 2"):
        loss_and_slope(2, 0.5)


def test_loss_and_slope_bad_label_bool():
    with pytest.raises(TypeError, match="y must be the label 0 or 1"):
        loss_and_slope(True, 0.5)


def test_loss_and_slope_bad_label_text():
    with pytest.raises(TypeError, match="y must be the label 0 or 1"):
        loss_and_slope("1", 0.5)


@pytest.mark.parametrize("g", [0.0, 1.0, -0.1, 1.5])
def test_loss_and_slope_bad_g_outside_open_interval(g):
    with pytest.raises(ValueError, match=r"g must be a finite number in \(0, 1\)"):
        loss_and_slope(1, g)


def test_loss_and_slope_bad_g_array():
    with pytest.raises(TypeError, match="g must be a number"):
        loss_and_slope(1, [0.5, 0.6])


def test_loss_and_slope_bad_g_nan():
    with pytest.raises(ValueError, match="g must be a finite number"):
        loss_and_slope(1, math.nan)


def test_loss_and_slope_bad_g_text():
    with pytest.raises(TypeError, match="g must be a number"):
        loss_and_slope(1, "0.5")


# --- squared error against cross-entropy -------------------------------------------------------


def test_squared_error_curvature_hand_value_at_minus_two():
    s = _sig(-2.0)
    expected = 2 * s * (1 - s) ** 2 * (3 * s - 1)  # y = 1 form, simplified by hand
    got = squared_error_vs_cross_entropy([-2.0], 1)["d2_squared_error"][0]
    assert got == pytest.approx(expected, rel=1e-12)
    assert got == pytest.approx(-0.1188141686, rel=1e-9)


@pytest.mark.parametrize("y", [0, 1])
def test_second_derivatives_match_finite_differences(y):
    z = np.linspace(-6, 6, 25)
    h = 1e-4
    data = squared_error_vs_cross_entropy(z, y)
    plus = squared_error_vs_cross_entropy(z + h, y)
    minus = squared_error_vs_cross_entropy(z - h, y)
    for key in ("squared_error", "cross_entropy"):
        numeric = (plus[key] - 2 * data[key] + minus[key]) / h**2
        np.testing.assert_allclose(data[f"d2_{key}"], numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(("y", "bend"), [(1, -math.log(2)), (0, math.log(2))])
def test_squared_error_curvature_changes_sign_at_log_two(y, bend):
    d2 = squared_error_vs_cross_entropy([bend - 0.01, bend, bend + 0.01], y)["d2_squared_error"]
    assert d2[1] == pytest.approx(0.0, abs=1e-15)
    assert d2[0] * d2[2] < 0


def test_cross_entropy_curvature_never_negative_and_values_from_logits():
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = squared_error_vs_cross_entropy(z, 1)
    assert (data["d2_cross_entropy"] >= 0).all()
    np.testing.assert_allclose(data["cross_entropy"], [1000.0, 40.0, math.log(2), math.exp(-40), 0.0],
                               rtol=1e-12, atol=0)
    np.testing.assert_allclose(data["squared_error"], [1.0, 1.0, 0.25, 0.0, 0.0], atol=1e-17)


def test_squared_error_lies_above_a_chord():
    se = squared_error_vs_cross_entropy([-6.0, -3.0, 0.0], 1)["squared_error"]
    assert se[1] > (se[0] + se[2]) / 2  # a convex function cannot do this
    assert se[1] == pytest.approx((1 - _sig(-3.0)) ** 2, rel=1e-14)


def test_squared_error_comparison_bad_z_infinite():
    with pytest.raises(ValueError, match="z must be finite"):
        squared_error_vs_cross_entropy([0.0, math.inf], 1)


def test_squared_error_comparison_bad_z_two_dimensional():
    with pytest.raises(ValueError, match="z must be 1-D"):
        squared_error_vs_cross_entropy([[0.0, 1.0]], 1)


def test_squared_error_comparison_bad_label():
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        squared_error_vs_cross_entropy([0.0], 0.5)


# --- figures and the widget ---------------------------------------------------------------------


def test_loss_curves_figure_plots_both_labels():
    fig = loss_curves_figure()
    line_y1, line_y0 = fig.axes[0].lines[:2]
    g = line_y1.get_xdata()
    np.testing.assert_allclose(line_y1.get_ydata(), -np.log(g), rtol=1e-14)
    np.testing.assert_allclose(line_y0.get_ydata(), -np.log(1 - g), rtol=1e-14)
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel() and fig.axes[0].get_title()
    marked = [line.get_xydata()[0].tolist() for line in fig.axes[0].lines[2:]]
    assert marked == [[0.9, pytest.approx(math.log(1 / 0.9))], [0.1, pytest.approx(math.log(10))]]


def test_loss_slope_figure_draws_point_and_tangent():
    fig = loss_slope_figure(0, 0.2)
    ax_loss = fig.axes[0]
    active, point, tangent = ax_loss.lines[2], ax_loss.lines[3], ax_loss.lines[4]
    g = np.asarray(active.get_xdata())
    np.testing.assert_allclose(active.get_ydata(), -np.log(1 - g), rtol=1e-14)  # the y = 0 curve
    assert point.get_xdata()[0] == 0.2
    assert point.get_ydata()[0] == pytest.approx(math.log(1.25), rel=1e-14)
    tx, ty = np.asarray(tangent.get_xdata()), np.asarray(tangent.get_ydata())
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(1.25, rel=1e-12)  # 1/(1 − 0.2)
    assert "L = 0.223" in fig._suptitle.get_text()
    assert ax_loss.get_title() and fig.axes[1].get_title()


def test_loss_slope_widget_sliders_redraw():
    panel = loss_slope_widget()
    ax_loss, ax_slope = panel.figure.axes[:2]
    point = ax_loss.lines[3]
    slope_curve = ax_slope.lines[0]
    assert point.get_ydata()[0] == pytest.approx(-math.log(0.7), rel=1e-14)
    panel.sliders["g"].value = 0.3
    assert point.get_xdata()[0] == pytest.approx(0.3)
    assert point.get_ydata()[0] == pytest.approx(-math.log(0.3), rel=1e-12)
    assert (np.asarray(slope_curve.get_ydata()) < 0).all()
    panel.sliders["y"].value = 0
    assert point.get_ydata()[0] == pytest.approx(-math.log(0.7), rel=1e-12)
    assert (np.asarray(slope_curve.get_ydata()) > 0).all()
    assert ax_slope.lines[1].get_ydata()[0] == pytest.approx(1 / 0.7, rel=1e-12)


def test_squared_error_figure_shades_the_non_convex_side():
    fig = squared_error_figure(1)
    ax_curv = fig.axes[1]
    shaded = ax_curv.collections[0].get_paths()[0].vertices[:, 0]
    assert shaded.max() == pytest.approx(-math.log(2), abs=0.03)
    assert shaded.min() == pytest.approx(-8.0)
    chord = fig.axes[0].lines[2]
    assert chord.get_xdata().tolist() == [-6.0, 0.0]
    np.testing.assert_allclose(chord.get_ydata(), [(1 - _sig(-6.0)) ** 2, 0.25], rtol=1e-14)


@pytest.mark.parametrize("y", [1, 0])
def test_squared_error_figure_keys_sit_off_the_curves(y):
    z = np.linspace(-8.0, 8.0, 4001)
    g = np.array([_sig(t) for t in z])
    slope = g * (1 - g)
    curves = {  # each panel's curves by hand: the losses, then their second derivatives
        0: ((g - y) ** 2, -np.log(np.where(y == 1, g, 1 - g))),
        1: (2 * slope * (slope + (g - y) * (1 - 2 * g)), slope),
    }
    with mpl.rc_context():
        use_style()  # the lessons' 12-point text
        fig = squared_error_figure(y)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for index, ax in enumerate(fig.axes):
            key = ax.get_legend().get_window_extent(renderer)
            for curve in curves[index]:
                xs, ys = ax.transData.transform(np.column_stack([z, curve])).T
                assert not np.any((key.x0 < xs) & (xs < key.x1) & (key.y0 < ys) & (ys < key.y1)), (y, index)
            if index == 1:  # nor on the shading of the negative part, between the curve and 0
                negative = curves[1][0] < 0
                xs, ys = ax.transData.transform(np.column_stack([z[negative], 0 * z[negative]])).T
                assert not np.any((key.x0 < xs) & (xs < key.x1) & (key.y1 > ys)), y


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: loss_slope_figure(2, 0.5), ValueError, "y must be the label 0 or 1"),
        (lambda: loss_slope_figure(1, 1.0), ValueError, r"g must be a finite number in \(0, 1\)"),
        (lambda: loss_slope_widget(1, 0.995), ValueError, r"g must be a finite number in \[0.01, 0.99\]"),
        (lambda: squared_error_figure(1, chord=(0.0, "1")), TypeError, "chord must"),
    ],
)
def test_figures_refuse_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
