"""Lesson 1 figures: odds and log-odds read off at p, the slider for p, and the straight-line figure."""

import math
import warnings

import matplotlib as mpl
import numpy as np
import pytest

from lesson_utils.viz.odds import (
    LOG_ODDS_LIMIT,
    ODDS_MIN_TOP,
    P_MAX,
    P_MIN,
    linear_fit_figure,
    odds_figure,
    odds_widget,
)
from lesson_utils.viz.style import use_style


def _markers(fig):
    # The read-off marker is the one line drawn with a marker and no line style in each axes.
    return [next(line for line in ax.lines if line.get_marker() == "o") for ax in fig.axes]


@pytest.mark.parametrize(
    ("p", "expected_odds"), [(0.5, 1.0), (0.8, 4.0), (0.2, 0.25), (0.9, 9.0), (0.75, 3.0)]
)
def test_read_off_values_by_hand(p, expected_odds):
    odds_marker, log_marker = _markers(odds_figure(p))
    assert odds_marker.get_xdata()[0] == p and log_marker.get_xdata()[0] == p
    assert odds_marker.get_ydata()[0] == pytest.approx(expected_odds, rel=1e-12)
    assert log_marker.get_ydata()[0] == pytest.approx(math.log(expected_odds), rel=1e-12, abs=1e-15)


def test_curves_against_independent_formulas_and_show_the_bounds():
    ax_odds, ax_log = odds_figure(0.3).axes
    grid, odds_curve = ax_odds.lines[0].get_data()
    _, log_odds_curve = ax_log.lines[0].get_data()
    assert grid[0] == P_MIN and grid[-1] == P_MAX
    np.testing.assert_allclose(odds_curve, [q / (1 - q) for q in grid], rtol=1e-12)
    np.testing.assert_allclose(log_odds_curve, [math.log(q / (1 - q)) for q in grid], rtol=1e-12, atol=1e-15)
    assert odds_curve.min() > 0  # odds stay above 0 ...
    assert odds_curve.max() == pytest.approx(9999.0, rel=1e-9)  # ... and grow without limit
    assert log_odds_curve.min() == pytest.approx(-math.log(9999.0), rel=1e-9)
    # The log-odds curve leaves its panel at both ends: nothing suggests a bound.
    assert log_odds_curve.min() < -LOG_ODDS_LIMIT and log_odds_curve.max() > LOG_ODDS_LIMIT


def test_odds_axis_grows_with_the_marker():
    assert odds_figure(0.5).axes[0].get_ylim()[1] == ODDS_MIN_TOP
    assert odds_figure(0.99).axes[0].get_ylim()[1] == pytest.approx(1.2 * 99.0, rel=1e-12)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.2, 1.5])
def test_p_outside_open_interval_is_refused(p):
    with pytest.raises(ValueError, match=r"p must be a finite number in \(0, 1\)"):
        odds_figure(p)


@pytest.mark.parametrize("p", ["0.5", None, True])
def test_p_not_a_number_is_refused(p):
    with pytest.raises(TypeError, match="p must be a number in"):
        odds_figure(p)


def test_static_figure_marks_the_values():
    fig = odds_figure(0.8)
    odds_marker, log_marker = _markers(fig)
    assert odds_marker.get_xydata().tolist() == [[0.8, pytest.approx(4.0)]]
    assert log_marker.get_ydata()[0] == pytest.approx(math.log(4.0))
    assert fig._suptitle.get_text() == "p = 0.80:  odds = 4.00,  log-odds = 1.39"
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_slider_moves_the_read_off():
    widget = odds_widget(0.8)
    fig = widget.figure
    widget.sliders["p"].value = 0.9
    odds_marker, log_marker = _markers(fig)
    assert odds_marker.get_xdata()[0] == pytest.approx(0.9)
    assert odds_marker.get_ydata()[0] == pytest.approx(9.0)
    assert log_marker.get_ydata()[0] == pytest.approx(math.log(9.0))
    notes = [text.get_text() for ax in fig.axes for text in ax.texts]
    assert "p = 0.90\nodds = 9.00" in notes
    assert "p = 0.90\nlog-odds = 2.20" in notes
    assert fig._suptitle.get_text() == "p = 0.90:  odds = 9.00,  log-odds = 2.20"


def test_slider_at_its_ends_keeps_the_marker_in_view_without_warnings():
    widget = odds_widget(0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for p in (0.01, 0.99):
            widget.sliders["p"].value = p
            ax_odds, ax_log = widget.figure.axes
            odds_marker, log_marker = _markers(widget.figure)
            assert ax_odds.get_ylim()[0] <= odds_marker.get_ydata()[0] <= ax_odds.get_ylim()[1]
            assert ax_log.get_ylim()[0] <= log_marker.get_ydata()[0] <= ax_log.get_ylim()[1]


def test_read_off_boxes_stay_in_their_panels_clear_of_curves_and_lines():
    with mpl.rc_context():
        use_style()  # the lessons' 12-point text
        widget = odds_widget(0.5)
    fig = widget.figure
    dense = np.linspace(0.0005, 0.9995, 20001)
    panels = (  # the curve by hand, its value at p, the dotted line at p = 0.5
        (dense / (1 - dense), lambda p: p / (1 - p), 1.0),
        (np.log(dense / (1 - dense)), lambda p: math.log(p / (1 - p)), 0.0),
    )
    for p in (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.51, 0.6, 0.7, 0.8, 0.86, 0.88, 0.89, 0.9,
              0.92, 0.95, 0.97, 0.99):
        widget.sliders["p"].value = p
        renderer = fig.canvas.get_renderer()
        for ax, (curve, value, reference) in zip(fig.axes, panels, strict=True):
            box = ax.texts[0].get_bbox_patch().get_window_extent(renderer)
            inside = ax.get_window_extent(renderer)
            assert inside.x0 <= box.x0 and box.x1 <= inside.x1, p
            assert inside.y0 <= box.y0 and box.y1 <= inside.y1, p
            xs, ys = ax.transData.transform(np.column_stack([dense, curve])).T
            assert not np.any((box.x0 < xs) & (xs < box.x1) & (box.y0 < ys) & (ys < box.y1)), p
            (p_x, value_y), (_, reference_y) = ax.transData.transform([(p, value(p)), (p, reference)])
            assert not box.y0 < reference_y < box.y1, p
            assert not box.x0 < p_x < box.x1, p  # the guide up from the p axis
            if box.x1 < p_x:  # the guide across to the value axis runs under a box left of the marker
                assert not box.y0 < value_y < box.y1, p


def test_widget_start_outside_slider_range_is_refused():
    with pytest.raises(ValueError, match=r"p must be a finite number in \[0.01, 0.99\]"):
        odds_widget(0.995)


def test_linear_fit_figure_draws_each_line():
    x = np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.array([0, 0, 1, 1])
    fig = linear_fit_figure(x, y, {"least squares": (0.3, 0.5), "other": (0.1, 0.4)})
    (ax,) = fig.axes
    lines = {line.get_label(): line for line in ax.lines}
    xs, ys = lines["least squares"].get_data()
    np.testing.assert_allclose(ys, 0.3 * xs + 0.5)
    assert "other" in lines
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_linear_fit_figure_accepts_a_column():
    fig = linear_fit_figure(np.array([[0.0], [1.0]]), np.array([0, 1]), {"l": (1.0, 0.0)})
    assert len(fig.axes) == 1


def test_linear_fit_figure_refuses_labels_other_than_0_1():
    with pytest.raises(ValueError, match="y must contain only the labels 0 and 1"):
        linear_fit_figure(np.array([0.0, 1.0]), np.array([0, 2]), {"l": (1.0, 0.0)})


def test_linear_fit_figure_refuses_two_features():
    with pytest.raises(ValueError, match=r"x must be one feature"):
        linear_fit_figure(np.zeros((2, 2)), np.array([0, 1]), {"l": (1.0, 0.0)})


def test_linear_fit_figure_refuses_empty_lines():
    with pytest.raises(ValueError, match="lines must map 1 to 6 labels"):
        linear_fit_figure(np.array([0.0, 1.0]), np.array([0, 1]), {})


def test_linear_fit_figure_refuses_a_line_that_is_not_a_pair():
    with pytest.raises(ValueError, match=r"lines\['l'\] must be a pair"):
        linear_fit_figure(np.array([0.0, 1.0]), np.array([0, 1]), {"l": (1.0, 0.0, 2.0)})
