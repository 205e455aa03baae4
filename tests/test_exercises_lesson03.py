"""Lesson 3 exercise checks: right answers pass, each named mistake gets its message, 4 significant
digits pass and 1 % fails, nothing raises."""

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
    by_terms = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert ex.expected_mean_loss() == pytest.approx(by_terms, rel=1e-14)
    assert ex.expected_mean_loss() == pytest.approx(0.2797765636, rel=1e-9)


@pytest.mark.parametrize("answer", [-math.log(0.432) / 3, 0.2798, 0.27978, np.float64(0.279777)])
def test_mean_loss_right_to_four_digits(answer, verdict):
    assert ex.check_mean_loss(answer) is True
    assert verdict().startswith("Correct:")


def test_mean_loss_one_percent_off_and_placeholder(verdict):
    assert ex.check_mean_loss(0.2798 * 1.01) is False
    assert verdict().startswith("Not yet: the likelihood is the product")
    assert ex.check_mean_loss(None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_mean_loss("0.28") is False
    assert verdict().startswith("Not yet: write the answer as a number")


# --- exercise 2: find the bug in bce ---------------------------------------------------------


def test_bce_cases_agree_with_package():
    for (y, g), expected in ex.BCE_CASES:
        assert expected == pytest.approx(lu.binary_cross_entropy(y, g), rel=1e-12)


def test_bce_right(verdict):
    assert ex.check_bce(_bce) is True
    assert verdict().startswith("Correct:")
    assert ex.check_bce(lambda y, g: -(y * np.log(g) + (1 - y) * np.log(1 - g)).mean()) is True
    verdict()


def test_bce_tolerance(verdict):
    assert ex.check_bce(lambda y, g: _bce(y, g) * (1 + 4e-4)) is True
    verdict()
    assert ex.check_bce(lambda y, g: _bce(y, g) * 1.01) is False
    assert verdict().startswith("Not yet: for input (np.array([1.0, 0.0]), np.array([0.8, 0.3]))")


def test_bce_placeholder(verdict):
    assert ex.check_bce(lambda y, g: None) is False
    assert verdict().startswith("Not done yet:")


# --- exercise 3: from the logits -------------------------------------------------------------


def test_logit_cases_agree_with_package():
    for (y, z), expected in ex.LOGIT_CASES:
        assert expected == pytest.approx(lu.binary_cross_entropy_with_logits(y, z), rel=1e-12, abs=1e-300)


def test_bce_with_logits_right(verdict):
    assert ex.check_bce_with_logits(_bce_with_logits) is True
    assert verdict().startswith("Correct:")
    assert ex.check_bce_with_logits(lambda y, z: np.mean(np.logaddexp(0, z) - y * z)) is True
    verdict()


def test_bce_with_logits_tolerance(verdict):
    assert ex.check_bce_with_logits(lambda y, z: _bce_with_logits(y, z) * (1 + 4e-4)) is True
    verdict()
    assert ex.check_bce_with_logits(lambda y, z: _bce_with_logits(y, z) * 1.01) is False
    assert verdict().startswith("Not yet: for input")


def _naive(y, z):
    g = 1 / (1 + np.exp(-z))
    return -np.mean(y * np.log(g) + (1 - y) * np.log(1 - g))


def _naive_with_lu(y, z):
    g = lu.sigmoid(z)
    return -np.mean(y * np.log(g) + (1 - y) * np.log(1 - g))


# --- exercise 4: the baseline ------------------------------------------------------------------


def test_baseline_numbers():
    loss = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert loss == pytest.approx(0.325, abs=5e-4)
    grid = np.linspace(0.01, 0.99, 99)
    assert grid[np.argmin(-(0.9 * np.log(grid) + 0.1 * np.log(1 - grid)))] == pytest.approx(0.9)


def test_baseline_choice(verdict):
    assert ex.check_baseline("c") is True
    assert verdict().startswith("Correct:")
    for wrong, words in (("a", "balanced classes"), ("b", "infinite"), ("d", "class-1 samples only")):
        assert ex.check_baseline(wrong) is False
        assert words in verdict()


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_mean_loss, -math.log(0.432), "the sum"),
    (ex.check_mean_loss, math.log(0.432) / 3, "sign is flipped"),
    (ex.check_mean_loss, -math.log10(0.432) / 3, "base 10"),
    (ex.check_mean_loss, -math.log(0.9 * 0.2 * 0.6) / 3, "1 − g = 0.8"),
    (ex.check_mean_loss, 0.432, "the likelihood itself"),
    (ex.check_bce,
     lambda y, g: np.mean(-y * np.log(g) + (1 - y) * np.log(1 - g)), "still the line as printed"),
    (ex.check_bce, lambda y, g: -np.sum(y * np.log(g) + (1 - y) * np.log(1 - g)), "the sum over the samples"),
    (ex.check_bce, lambda y, g: -np.mean(y * np.log10(g) + (1 - y) * np.log10(1 - g)), "np.log10"),
    (ex.check_bce, lambda y, g: np.mean(y * np.log(g) + (1 - y) * np.log(1 - g)), "minus is gone"),
    (ex.check_bce, lambda y, g: np.mean(y * np.log(g) - (1 - y) * np.log(1 - g)), "minus moved"),
    (ex.check_bce_with_logits, _naive, "forms g = σ(z) first"),
    (ex.check_bce_with_logits, lambda y, z: lu.binary_cross_entropy(y, lu.sigmoid(z)), "capped at"),
    (ex.check_bce_with_logits,
     lambda y, z: np.sum(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))), "the sum"),
    (ex.check_bce_with_logits,
     lambda y, z: np.mean(np.maximum(z, 0) + y * z + np.log1p(np.exp(-np.abs(z)))), "sign of the y·z"),
    (ex.check_bce_with_logits,
     lambda y, z: np.mean(-y * z + np.log1p(np.exp(-np.abs(z)))), "max(z, 0) term is missing"),
    (ex.check_bce_with_logits, _naive_with_lu, "inf or nan"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    with np.errstate(all="raise"):
        not_yet(check, wrong, words)
