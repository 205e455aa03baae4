"""The one scalar check: kinds, bounds and the words of its errors."""

import math

import numpy as np
import pytest

from lesson_utils._validate import check_scalar


@pytest.mark.parametrize(("value", "kind", "expected"), [
    (3, int, 3), (np.int64(3), int, 3), (2.5, float, 2.5), (np.float32(0.5), float, 0.5),
    (4, float, 4.0), (np.array(1.5), float, 1.5),
])
def test_accepts_python_and_numpy_numbers(value, kind, expected):
    out = check_scalar(value, "v", kind)
    assert out == expected and type(out) is kind


@pytest.mark.parametrize(("value", "kind"), [(True, int), (np.True_, float), (2.0, int), ("1", float),
                                              (None, float), ([1.0], float), (1 + 0j, float)])
def test_wrong_kind_is_a_type_error_naming_the_argument(value, kind):
    with pytest.raises(TypeError, match="^eta must be a"):
        check_scalar(value, "eta", kind)


@pytest.mark.parametrize(("value", "bounds", "words"), [
    (0.0, {"low": 0, "include_low": False}, "eta must be a finite number > 0, got 0.0"),
    (-1, {"low": 0}, "eta must be a finite number ≥ 0, got -1"),
    (1.0, {"low": 0, "high": 1, "include_high": False}, r"eta must be a finite number in \[0, 1\), got 1.0"),
    (7.0, {"high": 5}, "eta must be a finite number ≤ 5, got 7.0"),
    (math.inf, {}, "eta must be a finite number, got inf"),
    (math.nan, {"low": 0}, "eta must be a finite number ≥ 0, got nan"),
])
def test_out_of_range_is_a_value_error_naming_the_bounds(value, bounds, words):
    with pytest.raises(ValueError, match=words):
        check_scalar(value, "eta", float, **bounds)


def test_bounds_are_inclusive_by_default():
    assert check_scalar(0, "n", int, low=0, high=0) == 0


def test_negative_seed_is_a_value_error():
    import lesson_utils as lu

    with pytest.raises(ValueError, match="seed must be an integer ≥ 0, got -1"):
        lu.make_two_gaussians(n_samples=10, seed=-1)
