"""Lesson 2 exercise checks: right answers pass, each named mistake gets its message, 4 significant
digits pass and 1 % fails, nothing raises."""

import math

import numpy as np
import pytest

from lesson_utils.exercises import lesson02 as ex


def sig(z):
    return 1 / (1 + math.exp(-z))


# --- exercise 1 ------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [1 - sig(-1), sig(1), 0.7311, np.float64(0.73106)])
def test_class_zero_right(answer, verdict):
    assert ex.check_probability_of_class_zero(answer) is True
    assert verdict().startswith("Correct:")


def test_class_zero_tolerance(verdict):
    assert ex.check_probability_of_class_zero(sig(1) * 1.01) is False
    assert verdict().startswith("Not yet: compute z = w x + b")


# --- exercise 2: σ'' ---------------------------------------------------------------------------


@pytest.mark.parametrize("fn", [
    lambda z: sig(z) * (1 - sig(z)) * (1 - 2 * sig(z)),
    lambda z: np.exp(-z) * (np.exp(-z) - 1) / (1 + np.exp(-z)) ** 3,
])
def test_second_derivative_right(fn, verdict):
    assert ex.check_sigmoid_second_derivative(fn) is True
    assert verdict().startswith("Correct:")


def test_second_derivative_matches_finite_differences():
    h = 1e-4
    for z in (0.5, -2.0, 3.0):
        numeric = (sig(z + h) - 2 * sig(z) + sig(z - h)) / h**2
        assert ex._second_derivative(z) == pytest.approx(numeric, rel=1e-5)


def test_second_derivative_tolerance(verdict):
    good = lambda z: sig(z) * (1 - sig(z)) * (1 - 2 * sig(z))  # noqa: E731
    assert ex.check_sigmoid_second_derivative(lambda z: good(z) * (1 + 4e-4)) is True
    verdict()
    assert ex.check_sigmoid_second_derivative(lambda z: good(z) * 1.01) is False
    assert verdict().startswith("Not yet: for input (0.5)")


def test_second_derivative_placeholder(verdict):
    assert ex.check_sigmoid_second_derivative(lambda z: None) is False
    assert verdict().startswith("Not done yet:")


# --- exercise 3 ------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [1.5, 3 / 2, 1.5004])
def test_boundary_right(answer, verdict):
    assert ex.check_decision_boundary(answer) is True
    assert verdict().startswith("Correct:")


def test_boundary_tolerance(verdict):
    assert ex.check_decision_boundary(1.515) is False
    assert verdict().startswith("Not yet: the boundary is where g = 1/2")


# --- exercise 4 ------------------------------------------------------------------------------


def test_scaling_prediction(verdict):
    assert ex.check_scaling_prediction("b", 0.925, 0.925) is True
    assert verdict().startswith("Correct: you predicted (b)")
    for wrong, words in (("a", "not more often right"), ("c", "not more often wrong")):
        assert ex.check_scaling_prediction(wrong, 0.925, 0.925) is False
        assert words in verdict()
    assert ex.check_scaling_prediction(None, 0.925, 0.925) is False
    assert verdict().startswith("Not done yet:")


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_probability_of_class_zero, 0.2689, "probability of class 1"),
    (ex.check_probability_of_class_zero, 1 - sig(5), "bias was added as +3"),
    (ex.check_probability_of_class_zero, 2, "apply the sigmoid"),
    (ex.check_probability_of_class_zero, math.exp(-1), "odds of class 1"),
    (ex.check_probability_of_class_zero, math.e, "odds of class 0"),
    (ex.check_sigmoid_second_derivative, lambda z: sig(z) * (1 - sig(z)), "first derivative"),
    (ex.check_sigmoid_second_derivative, lambda z: 1 - 2 * sig(z), "with respect to g"),
    (ex.check_sigmoid_second_derivative,
     lambda z: sig(z) * (1 - sig(z)) ** 2, "one half of the product rule"),
    (ex.check_sigmoid_second_derivative,
     lambda z: sig(z) * (1 - sig(z)) * (2 * sig(z) - 1), "sign is flipped"),
    (ex.check_decision_boundary, -1.5, "check the sign"),
    (ex.check_decision_boundary, 3, "dividing by w"),
    (ex.check_decision_boundary, 2 / 3, "−w/b"),
    (ex.check_decision_boundary, -2 / 3, "w/b"),
    (ex.check_decision_boundary, 0.5, "value of g"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
