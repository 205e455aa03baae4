"""odds, logit, sigmoid and its derivative against hand-computed values and properties."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_utils import logit, odds, sigmoid, sigmoid_derivative

finite_z = st.floats(min_value=-700, max_value=700, allow_nan=False)


@pytest.mark.parametrize(("p", "expected"), [(0.5, 1.0), (0.8, 4.0), (0.2, 0.25), (0.0, 0.0), (0.75, 3.0)])
def test_odds_hand_values(p, expected):
    assert odds(p) == pytest.approx(expected, rel=1e-12)
    assert isinstance(odds(p), float)


def test_odds_of_one_is_unbounded_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert odds(1.0) == math.inf
        assert logit(1.0) == math.inf
        assert logit(0.0) == -math.inf


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.5, 0.0),  # even odds
        (0.8, math.log(4)),  # odds 0.8 / 0.2 = 4
        (0.2, -math.log(4)),  # odds 1/4
        (0.9, math.log(9)),
        (0.75, math.log(3)),
        (1 - 2**-52, math.log(2**52 - 1)),  # odds (1 − 2⁻⁵²) / 2⁻⁵², exact in floats
    ],
)
def test_logit_hand_values(p, expected):
    assert logit(p) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_logit_keeps_precision_near_zero():
    # log(1e-300 / (1 - 1e-300)) = -300 log 10
    assert logit(1e-300) == pytest.approx(-300 * math.log(10), rel=1e-14)


def test_array_shapes_are_kept():
    p = np.array([[0.1, 0.5], [0.9, 0.25]])
    assert odds(p).shape == (2, 2)
    np.testing.assert_allclose(odds(p), [[1 / 9, 1.0], [9.0, 1 / 3]])


@pytest.mark.parametrize("bad", [1.5, -0.1, [0.2, 1.01]])
def test_probability_outside_unit_interval_is_refused(bad):
    for fn in (odds, logit):
        with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\]"):
            fn(bad)


@pytest.mark.parametrize(("bad", "error"), [(math.nan, ValueError), ("0.5", TypeError), (None, TypeError)])
def test_probability_not_a_number_is_refused(bad, error):
    with pytest.raises(error, match="p must"):
        odds(bad)
    with pytest.raises(error, match="p must"):
        logit(bad)


@pytest.mark.parametrize("z", [-5.0, -1.0, 0.0, 0.5, 2.0, 10.0])
def test_sigmoid_hand_values(z):
    assert sigmoid(z) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-15)


def test_sigmoid_extremes_without_overflow_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = sigmoid(np.array([-1000.0, -745.0, 1000.0, -np.inf, np.inf]))
        d = sigmoid_derivative(np.array([-1000.0, 1000.0]))
    assert g[0] == 0.0 and g[2] == 1.0 and g[3] == 0.0 and g[4] == 1.0
    assert g[1] > 0  # e^-745 is the smallest subnormal: still not rounded to zero
    np.testing.assert_array_equal(d, [0.0, 0.0])


def test_sigmoid_refuses_nan_and_text():
    with pytest.raises(ValueError, match="z must not contain NaN"):
        sigmoid([0.0, math.nan])
    with pytest.raises(TypeError, match="z must"):
        sigmoid("1")


@given(finite_z)
def test_sigmoid_symmetry(z):
    assert sigmoid(-z) == pytest.approx(1 - sigmoid(z), abs=1e-15)


@given(st.floats(min_value=-700, max_value=30, allow_nan=False))
def test_logit_inverts_sigmoid(z):
    # Rounding σ(z) near 1 costs precision of 1 − σ(z): about 2^-53 / (1 − σ(z)) in z.
    tolerance = 1e-12 * max(1.0, abs(z)) + 2.3e-16 * math.exp(max(z, 0.0)) * 4
    assert logit(sigmoid(z)) == pytest.approx(z, abs=tolerance)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_sigmoid_inverts_logit(p):
    assert sigmoid(logit(p)) == pytest.approx(p, abs=1e-15, rel=1e-12)


@given(st.floats(min_value=-30, max_value=30, allow_nan=False))
def test_sigmoid_derivative_matches_finite_differences(z):
    h = 1e-5
    numeric = (1 / (1 + math.exp(-(z + h))) - 1 / (1 + math.exp(-(z - h)))) / (2 * h)
    # rounding in the difference of two values near 1 is about 1e-16 / h = 1e-11
    assert sigmoid_derivative(z) == pytest.approx(numeric, rel=1e-6, abs=1e-10)


def test_sigmoid_derivative_peak_is_a_quarter():
    assert sigmoid_derivative(0.0) == 0.25
