"""Binary cross-entropy from probabilities and from logits."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lesson_utils import binary_cross_entropy, binary_cross_entropy_with_logits
from lesson_utils.loss import EPS


def test_bce_hand_value():
    expected = -(math.log(0.8) + math.log(0.7)) / 2
    assert binary_cross_entropy([1, 0], [0.8, 0.3]) == pytest.approx(expected, rel=1e-14)


def test_bce_single_label():
    assert binary_cross_entropy(1, 0.25) == pytest.approx(math.log(4), rel=1e-14)


def test_bce_is_finite_at_exact_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert binary_cross_entropy([1], [0.0]) == pytest.approx(-math.log(EPS))
        assert binary_cross_entropy([0], [1.0]) == pytest.approx(36.04365338911715)
        assert binary_cross_entropy([1, 0], [1.0, 0.0]) == 0.0


def test_bce_with_logits_hand_values():
    z = np.array([1.0, -2.0])
    y = np.array([1.0, 0.0])
    expected = (math.log(1 + math.exp(-1.0)) + math.log(1 + math.exp(-2.0))) / 2
    assert binary_cross_entropy_with_logits(y, z) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(("y", "z", "expected"), [
    (0, 1000.0, 1000.0),
    (1, -1000.0, 1000.0),
    (1, 1000.0, 0.0),
    (1, 40.0, math.exp(-40.0)),  # log(1 + e^-40) = e^-40 to double precision
    (0, -40.0, math.exp(-40.0)),
])
def test_bce_with_logits_exact_at_extremes(y, z, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = binary_cross_entropy_with_logits(y, z)
    assert got == pytest.approx(expected, rel=1e-12, abs=0)


@given(st.lists(st.tuples(st.integers(0, 1), st.floats(-15, 15)), min_size=1, max_size=20))
def test_logit_form_agrees_with_probability_form(pairs):
    y = np.array([p[0] for p in pairs], dtype=float)
    z = np.array([p[1] for p in pairs])
    g = 1 / (1 + np.exp(-z))
    from_g = binary_cross_entropy(y, g)
    assert binary_cross_entropy_with_logits(y, z) == pytest.approx(from_g, rel=1e-8, abs=1e-12)


@pytest.mark.parametrize(("y", "g", "match"), [
    ([1, 0], [0.5], "same shape"),
    ([1, 2], [0.5, 0.5], "only the labels 0 and 1"),
    ([1, 0], [0.5, 1.5], r"g must be probabilities in \[0, 1\]"),
    ([1, 0], [0.5, math.nan], "g must not contain NaN"),
    ([[1, 0]], [[0.5, 0.5]], "y must be 1-D"),
    ([], [], "y must not be empty"),
])
def test_bce_bad_input(y, g, match):
    with pytest.raises(ValueError, match=match):
        binary_cross_entropy(y, g)


def test_bce_with_logits_bad_input():
    with pytest.raises(ValueError, match="z must be finite"):
        binary_cross_entropy_with_logits([1], [math.inf])
    with pytest.raises(TypeError, match="y must be an array of 0/1 labels"):
        binary_cross_entropy_with_logits("1", [0.0])
