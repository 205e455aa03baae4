"""Lesson 2 exercise checks: right answers pass, the typical wrong ones get their own hint, nothing raises."""

import math

import numpy as np
import pytest

from lesson_utils.exercises.lesson02 import (
    check_decision_boundary,
    check_probability_of_class_zero,
    check_sigmoid_derivative,
)


@pytest.mark.parametrize("answer", [1.5, 3 / 2, np.float64(1.5)])
def test_boundary_right(answer, verdict):
    assert check_decision_boundary(answer) is True
    assert verdict().startswith("Correct:")


def test_boundary_placeholder(verdict):
    assert check_decision_boundary(...) is False
    assert verdict().startswith("Not done yet:")


def test_boundary_wrong_sign(verdict):
    assert check_decision_boundary(-1.5) is False
    assert "check the sign" in verdict()


def test_boundary_other_wrong(verdict):
    assert check_decision_boundary(0.5) is False
    assert verdict().startswith("Not yet: the boundary is where g = 1/2")


def test_class_zero_right(verdict):
    # z = 2·1 − 3 = −1; P(y = 0 | x) = 1 − 1/(1 + e) = e/(1 + e) = 0.731058578...
    assert check_probability_of_class_zero(0.7310585786) is True
    assert verdict().startswith("Correct:")


def test_class_zero_rounded_to_four_places_is_accepted(capsys):
    assert check_probability_of_class_zero(0.7311) is True


def test_class_zero_given_class_one(verdict):
    assert check_probability_of_class_zero(0.2689) is False
    assert "P(y = 1 | x), the probability of class 1" in verdict()


def test_class_zero_placeholder(verdict):
    assert check_probability_of_class_zero(None) is False
    assert verdict().startswith("Not done yet:")


def test_class_zero_other_wrong(verdict):
    assert check_probability_of_class_zero(0.5) is False
    assert verdict().startswith("Not yet: compute z")


def test_derivative_right(verdict):
    def dg_dz(z):
        g = 1 / (1 + math.exp(-z))
        return g * (1 - g)

    assert check_sigmoid_derivative(dg_dz) is True
    assert verdict().startswith("Correct:")


def test_derivative_right_with_numpy(capsys):
    assert check_sigmoid_derivative(lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2) is True


def test_derivative_returned_sigma_itself(verdict):
    assert check_sigmoid_derivative(lambda z: 1 / (1 + math.exp(-z))) is False
    assert "the sigmoid itself" in verdict()


def test_derivative_wrong_formula(verdict):
    assert check_sigmoid_derivative(lambda z: math.exp(-z) / (1 + math.exp(-z))) is False
    assert verdict().startswith("Not yet: for input (0.0)")


def test_derivative_placeholder(verdict):
    def dg_dz(z):
        return None

    assert check_sigmoid_derivative(dg_dz) is False
    assert verdict().startswith("Not done yet:")


def test_derivative_raising_function_is_reported(verdict):
    assert check_sigmoid_derivative(lambda z: 1 / 0) is False
    assert "raised ZeroDivisionError" in verdict()
