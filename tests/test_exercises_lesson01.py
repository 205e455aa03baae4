"""Lesson 1 exercise checks: right answers pass, the typical wrong ones get their own hint, nothing raises."""

import math

import numpy as np
import pytest

from lesson_utils.exercises.lesson01 import (
    check_log_odds,
    check_probability_from_log_odds,
    check_probability_from_odds,
)


@pytest.mark.parametrize("answer", [0.75, 3 / 4, np.float64(0.75)])
def test_probability_from_odds_right(answer, verdict):
    assert check_probability_from_odds(answer) is True
    assert verdict().startswith("Correct:")


def test_probability_from_odds_placeholder(verdict):
    assert check_probability_from_odds(None) is False
    assert verdict().startswith("Not done yet:")


def test_probability_from_odds_other_outcome(verdict):
    assert check_probability_from_odds(0.25) is False
    out = verdict()
    assert "probability of the other outcome" in out and "3 to 1 against" in out


def test_probability_from_odds_one_third(verdict):
    assert check_probability_from_odds(1 / 3) is False
    assert "gives odds (1/3) / (2/3) = 0.5" in verdict()


def test_probability_from_odds_unusable_answer_does_not_raise(verdict):
    assert check_probability_from_odds("three quarters") is False
    assert verdict().startswith("Not yet:")


def test_probability_from_odds_other_wrong_value(verdict):
    assert check_probability_from_odds(0.7) is False
    assert verdict().startswith("Not yet: solve p / (1 − p) = 3")


def test_log_odds_right(verdict):
    assert check_log_odds(lambda p: np.log(p / (1 - p))) is True
    assert verdict().startswith("Correct:")


def test_log_odds_right_with_math(capsys):
    assert check_log_odds(lambda p: math.log(p) - math.log(1 - p)) is True


def test_log_odds_placeholder_function(verdict):
    def log_odds(p):
        return None

    assert check_log_odds(log_odds) is False
    assert verdict().startswith("Not done yet:")


def test_log_odds_not_defined(verdict):
    assert check_log_odds(None) is False
    assert verdict().startswith("Not done yet:")


def test_log_odds_forgot_the_log(verdict):
    assert check_log_odds(lambda p: p / (1 - p)) is False
    assert "which is the odds" in verdict()


def test_log_odds_base_ten(verdict):
    assert check_log_odds(lambda p: math.log10(p / (1 - p))) is False
    assert "log base 10" in verdict()


def test_log_odds_wrong_way_round(verdict):
    assert check_log_odds(lambda p: math.log((1 - p) / p)) is False
    assert verdict().startswith("Not yet: for input (0.8)")


def test_log_odds_raising_function_is_reported(verdict):
    def log_odds(p):
        raise KeyError("oops")

    assert check_log_odds(log_odds) is False
    assert "raised KeyError" in verdict()


def test_inverse_right(verdict):
    assert check_probability_from_log_odds(lambda z: 1 / (1 + math.exp(-z))) is True
    assert verdict().startswith("Correct:")


def test_inverse_right_in_the_other_form(capsys):
    assert check_probability_from_log_odds(lambda z: math.exp(z) / (1 + math.exp(z))) is True


def test_inverse_with_the_articles_sign_error(verdict):
    assert check_probability_from_log_odds(lambda z: 1 / (1 + math.exp(z))) is False
    out = verdict()
    assert "0.1192" in out and "the article's last line" in out


def test_inverse_placeholder(verdict):
    assert check_probability_from_log_odds(lambda z: ...) is False
    assert verdict().startswith("Not done yet:")


def test_inverse_not_implemented(verdict):
    def p_from_z(z):
        raise NotImplementedError

    assert check_probability_from_log_odds(p_from_z) is False
    assert verdict().startswith("Not done yet:")


def test_inverse_other_wrong(verdict):
    assert check_probability_from_log_odds(lambda z: math.exp(z)) is False
    assert verdict().startswith("Not yet:")
