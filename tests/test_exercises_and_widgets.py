"""The exercise checks never raise, and SliderFigure redraws when a slider moves."""

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lesson_utils.exercises import check_function, check_value
from lesson_utils.exercises.reference import central_differences, mean_loss
from lesson_utils.viz import SliderFigure

CASES = [((2.0,), 4.0), ((-3.0,), 9.0)]


def square(v):
    return v * v


def test_check_function_verdicts(verdict):
    assert check_function(square, CASES, success="squares", hint="multiply") is True
    assert verdict().startswith("Correct: squares")
    assert check_function(lambda v: None, CASES, success="", hint="") is False
    assert verdict().startswith("Not done yet")
    assert check_function(None, CASES, success="", hint="") is False
    assert verdict().startswith("Not done yet")
    assert check_function(lambda v: 2 * v, CASES, success="", hint="multiply") is False
    out = verdict()
    assert out.startswith("Not yet") and "returned 4.0" not in out and "multiply" in out


def test_check_function_reports_exceptions(verdict):
    def broken(v):
        raise ZeroDivisionError("boom")

    def unfinished(v):
        raise NotImplementedError

    assert check_function(broken, CASES, success="", hint="h") is False
    assert "raised ZeroDivisionError: boom" in verdict()
    assert check_function(unfinished, CASES, success="", hint="h") is False
    assert verdict().startswith("Not done yet")


def test_check_value(verdict):
    assert check_value(0.1 + 0.2, 0.3, success="ok", hint="h") is True
    assert check_value(..., 0.3, success="ok", hint="h") is False
    assert verdict().splitlines()[-1].startswith("Not done yet")
    assert check_value([1.0, 2.0], [1.0], success="ok", hint="shape") is False
    assert check_value("abc", 1.0, success="ok", hint="number") is False


def test_mean_loss_by_hand_and_for_confident_samples():
    # z = 0 for both samples: each costs log 2
    assert mean_loss([[1.0, -1.0], [2.0, -2.0]], [1, 0], [1.0, 1.0, 0.0]) == pytest.approx(math.log(2.0))
    # z = 40 with y = 1 costs log(1 + e^-40) = 4.248e-18, not 0 (no cancellation);
    # with y = 0 it costs 40 plus that
    assert mean_loss([[40.0]], [1], [1.0, 0.0]) == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert mean_loss([[40.0]], [0], [1.0, 0.0]) == pytest.approx(40.0, rel=1e-15)
    assert mean_loss([[-800.0]], [1], [1.0, 0.0]) == 800.0


def test_central_differences_are_exact_on_a_quadratic():
    # f = 3 t0² − t0 t1 + 2 t1: central differences of a quadratic have no truncation error
    grad = central_differences(lambda t: 3 * t[0] ** 2 - t[0] * t[1] + 2 * t[1], [1.5, -2.0], eps=1e-3)
    np.testing.assert_allclose(grad, [6 * 1.5 + 2.0, -1.5 + 2.0], rtol=1e-9)


def test_slider_figure_updates_its_artists():
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1], [0, 0])
    slope = widgets.FloatSlider(value=1.0, min=-2, max=2)

    def update(slope):
        line.set_ydata([0, slope])

    panel = SliderFigure(fig, {"slope": slope}, update)
    np.testing.assert_array_equal(line.get_ydata(), [0, 1.0])
    panel.sliders["slope"].value = -1.5
    np.testing.assert_array_equal(line.get_ydata(), [0, -1.5])
    assert panel.values() == {"slope": -1.5}
