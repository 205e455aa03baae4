"""Lesson 3 exercise checks: right answers pass, typical wrong ones get a hint, none raises."""

import math

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import lesson03 as ex


def _bce(y, g):
    return -np.mean(y * np.log(g) + (1 - y) * np.log(1 - g))


def _bce_with_logits(y, z):
    return np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))


# --- exercise 1: the mean negative log-likelihood ----------------------------------------------


def test_expected_mean_loss_by_hand():
    # −(log 0.9 + log 0.8 + log 0.6) / 3, each term worked separately.
    by_terms = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert ex.expected_mean_loss() == pytest.approx(by_terms, rel=1e-14)
    assert ex.expected_mean_loss() == pytest.approx(0.2797765636, rel=1e-9)
    assert ex.expected_mean_loss() == pytest.approx(lu.binary_cross_entropy([1, 0, 1], [0.9, 0.2, 0.6]))


def test_mean_loss_placeholder(capsys):
    assert ex.check_mean_loss(None) is False
    assert capsys.readouterr().out.startswith("Not done yet")


def test_mean_loss_right(capsys):
    assert ex.check_mean_loss(-math.log(0.432) / 3) is True
    assert capsys.readouterr().out.startswith("Correct")


def test_mean_loss_sum_gets_its_own_hint(capsys):
    assert ex.check_mean_loss(-math.log(0.432)) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet") and "sum" in out


def test_mean_loss_forgot_one_minus_g(capsys):
    assert ex.check_mean_loss(-math.log(0.9 * 0.2 * 0.6) / 3) is False
    assert "1 − g" in capsys.readouterr().out


def test_mean_loss_text_does_not_raise(capsys):
    assert ex.check_mean_loss("0.28") is False
    assert capsys.readouterr().out.startswith("Not yet")


# --- exercise 2: bce(y, g) ---------------------------------------------------------------------


def test_bce_cases_agree_with_package():
    for (y, g), expected in ex._bce_cases():
        assert expected == pytest.approx(lu.binary_cross_entropy(y, g), rel=1e-13)


def test_bce_right(capsys):
    assert ex.check_bce(_bce) is True
    assert capsys.readouterr().out.startswith("Correct")


def test_bce_sum_instead_of_mean(capsys):
    assert ex.check_bce(lambda y, g: -np.sum(y * np.log(g) + (1 - y) * np.log(1 - g))) is False
    assert "np.mean" in capsys.readouterr().out


def test_bce_without_brackets(capsys):
    # The article's formula read literally: the minus sign only reaches the first term.
    assert ex.check_bce(lambda y, g: np.mean(-y * np.log(g) + (1 - y) * np.log(1 - g))) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_bce_placeholder_function(capsys):
    def bce(y, g):
        return None

    assert ex.check_bce(bce) is False
    assert capsys.readouterr().out.startswith("Not done yet")


def test_bce_not_defined(capsys):
    assert ex.check_bce(None) is False
    assert capsys.readouterr().out.startswith("Not done yet")


def test_bce_raising_function_is_reported(capsys):
    assert ex.check_bce(lambda y, g: 1 / 0) is False
    assert "ZeroDivisionError" in capsys.readouterr().out


# --- exercise 3: bce_with_logits(y, z) ---------------------------------------------------------


def test_logit_cases_agree_with_package():
    for (y, z), expected in ex._logit_cases():
        assert expected == pytest.approx(lu.binary_cross_entropy_with_logits(y, z), rel=1e-12, abs=1e-300)


def test_logits_right(capsys):
    assert ex.check_bce_with_logits(_bce_with_logits) is True
    assert ex.check_bce_with_logits(lu.binary_cross_entropy_with_logits) is True
    assert capsys.readouterr().out.count("Correct") == 2


def test_logits_naive_through_sigmoid_fails_quietly(capsys):
    def naive(y, z):
        return _bce(y, 1 / (1 + np.exp(-z)))

    with np.errstate(all="raise"):  # the check must silence the reader's overflow itself
        assert ex.check_bce_with_logits(naive) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet") and "log1p" in out


def test_logits_clipped_probability_form_is_not_exact(capsys):
    # Clipping g keeps the loss finite (36.04) but not right (40 at z = 40, y = 0).
    assert ex.check_bce_with_logits(lambda y, z: lu.binary_cross_entropy(y, lu.sigmoid(z))) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_logits_placeholder(capsys):
    assert ex.check_bce_with_logits(lambda y, z: ...) is False
    assert capsys.readouterr().out.startswith("Not done yet")
