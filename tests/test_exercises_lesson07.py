"""Lesson 7's checks: right answers pass, textbook formulas fail with a hint, placeholders wait."""

import math

import numpy as np
import pytest

from lesson_utils.exercises import lesson07 as ex


def stable_sigma(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def verdict(capsys):
    return capsys.readouterr().out.split(":")[0]


def test_one_minus_sigmoid_right(capsys):
    assert ex.check_one_minus_sigmoid(lambda z: 1 / (1 + math.exp(z)))
    assert verdict(capsys) == "Correct"


def test_one_minus_sigmoid_subtraction_fails_at_30(capsys):
    assert not ex.check_one_minus_sigmoid(lambda z: 1 - 1 / (1 + math.exp(-z)))
    out = capsys.readouterr().out
    assert out.startswith("Not yet: for input (30.0)")
    assert "σ(−z)" in out


def test_one_minus_sigmoid_placeholder(capsys):
    assert not ex.check_one_minus_sigmoid(lambda z: None)
    assert verdict(capsys) == "Not done yet"


def test_log_sigmoid_right(capsys):
    assert ex.check_log_sigmoid(lambda z: -np.logaddexp(0.0, -z))
    assert verdict(capsys) == "Correct"


def test_log_sigmoid_naive_fails_and_does_not_raise(capsys):
    with np.errstate(all="ignore"):
        assert not ex.check_log_sigmoid(lambda z: np.log(1 / (1 + np.exp(-z))))
    assert capsys.readouterr().out.startswith("Not yet: for input (-800.0)")


def test_log_sigmoid_raising_function_is_reported(capsys):
    assert not ex.check_log_sigmoid(lambda z: math.log(1 / (1 + math.exp(-z))))  # OverflowError
    assert "raised OverflowError" in capsys.readouterr().out


def test_dL_dz_right(capsys):
    assert ex.check_dL_dz(lambda z, y: stable_sigma(z) - y)
    assert verdict(capsys) == "Correct"


def test_dL_dz_article_product_fails(capsys):
    def article(z, y):
        with np.errstate(all="ignore"):
            g = 1 / (1 + np.exp(-z))
            return ((1 - y) / (1 - g) - y / g) * g * (1 - g)

    assert not ex.check_dL_dz(article)
    assert verdict(capsys) == "Not yet"


def test_dL_dz_wrong_sign_fails(capsys):
    assert not ex.check_dL_dz(lambda z, y: y - stable_sigma(z))
    assert verdict(capsys) == "Not yet"


def test_float32_threshold_right(capsys):
    assert ex.check_float32_threshold(float(np.log(2 / np.finfo(np.float32).eps)))
    assert verdict(capsys) == "Correct"


def test_float32_threshold_accepts_found_by_search(capsys):
    # the largest float32 with σ < 1 is 16.63553; the next one, 16.635532, gives exactly 1
    assert ex.check_float32_threshold(16.63553)


def test_float32_threshold_float64_value_fails(capsys):
    assert not ex.check_float32_threshold(36.7368)
    assert "eps" in capsys.readouterr().out


def test_float32_threshold_placeholder(capsys):
    assert not ex.check_float32_threshold(None)
    assert verdict(capsys) == "Not done yet"


@pytest.mark.parametrize("z", [16.0, 16.6])
def test_float32_threshold_is_where_rounding_starts(z):
    # independent confirmation of the expected value with float32 arithmetic itself
    one = np.float32(1)
    assert one / (one + np.exp(np.float32(-z))) < one
    assert one / (one + np.exp(np.float32(-16.64))) == one
