"""Finite differences and the gradient check."""

import math

import numpy as np
import pytest

from lesson_utils import LogisticRegression, gradient_check, numerical_gradient, relative_error


def test_numerical_gradient_of_known_functions():
    theta = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(lambda t: float(t @ t), theta), 2 * theta, rtol=1e-8)
    np.testing.assert_allclose(
        numerical_gradient(lambda t: math.sin(t[0]) * t[1], theta[:2]),
        [math.cos(1.0) * -2.0, math.sin(1.0)],
        rtol=1e-8,
    )


def test_relative_error_values():
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([1.0], [3.0]) == pytest.approx(0.5)
    assert relative_error([0.0], [0.0]) == 0.0


class WrongSign(LogisticRegression):
    def compute_gradients(self, x, y):
        dL_dw, dL_db = super().compute_gradients(x, y)
        return -dL_dw, -dL_db


def test_gradient_check_accepts_right_and_rejects_wrong(rng):
    x = rng.normal(size=(20, 2))
    y = (rng.random(20) < 0.5).astype(float)
    good, bad = LogisticRegression(2), WrongSign(2)
    good.w = bad.w = np.array([0.3, -0.2])
    assert gradient_check(good, x, y) < 1e-8
    assert gradient_check(bad, x, y) == pytest.approx(1.0, abs=1e-6)  # opposite vectors
    np.testing.assert_array_equal(good.w, [0.3, -0.2])  # left unchanged


def test_bad_input():
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="params must be a non-empty 1-D array"):
        numerical_gradient(lambda t: 0.0, np.ones((2, 2)))
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        numerical_gradient(lambda t: 0.0, [1.0], eps=0.0)
    with pytest.raises(ValueError, match="a and b must have the same shape"):
        relative_error([1.0], [1.0, 2.0])
