"""Lesson 1 exercise checks: right answers pass, the typical wrong ones get their own hint, nothing raises."""

import math

import numpy as np
import pytest

from lesson_utils.exercises.lesson01 import (
    check_log_odds,
    check_probability_from_log_odds,
    check_probability_from_odds,
)


def _verdict(capsys):
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize("answer", [0.75, 3 / 4, np.float64(0.75)])
def test_probability_from_odds_right(answer, capsys):
    assert check_probability_from_odds(answer) is True
    assert _verdict(capsys).startswith("Correct:")


def test_probability_from_odds_placeholder(capsys):
    assert check_probability_from_odds(None) is False
    assert _verdict(capsys).startswith("Not done yet:")


def test_probability_from_odds_other_outcome(capsys):
    assert check_probability_from_odds(0.25) is False
    out = _verdict(capsys)
    assert "probability of the other outcome" in out and "3 to 1 against" in out


def test_probability_from_odds_one_third(capsys):
    assert check_probability_from_odds(1 / 3) is False
    assert "gives odds (1/3) / (2/3) = 0.5" in _verdict(capsys)


def test_probability_from_odds_unusable_answer_does_not_raise(capsys):
    assert check_probability_from_odds("three quarters") is False
    assert _verdict(capsys).startswith("Not yet:")


def test_probability_from_odds_other_wrong_value(capsys):
    assert check_probability_from_odds(0.7) is False
    assert _verdict(capsys).startswith("Not yet: solve p / (1 − p) = 3")


def test_log_odds_right(capsys):
    assert check_log_odds(lambda p: np.log(p / (1 - p))) is True
    assert _verdict(capsys).startswith("Correct:")


def test_log_odds_right_with_math(capsys):
    assert check_log_odds(lambda p: math.log(p) - math.log(1 - p)) is True


def test_log_odds_placeholder_function(capsys):
    def log_odds(p):
        return None

    assert check_log_odds(log_odds) is False
    assert _verdict(capsys).startswith("Not done yet:")


def test_log_odds_not_defined(capsys):
    assert check_log_odds(None) is False
    assert _verdict(capsys).startswith("Not done yet:")


def test_log_odds_forgot_the_log(capsys):
    assert check_log_odds(lambda p: p / (1 - p)) is False
    assert "which is the odds" in _verdict(capsys)


def test_log_odds_base_ten(capsys):
    assert check_log_odds(lambda p: math.log10(p / (1 - p))) is False
    assert "log base 10" in _verdict(capsys)


def test_log_odds_wrong_way_round(capsys):
    assert check_log_odds(lambda p: math.log((1 - p) / p)) is False
    assert _verdict(capsys).startswith("Not yet: for input (0.8)")


def test_log_odds_raising_function_is_reported(capsys):
    def log_odds(p):
        raise KeyError("oops")

    assert check_log_odds(log_odds) is False
    assert "raised KeyError" in _verdict(capsys)


def test_inverse_right(capsys):
    assert check_probability_from_log_odds(lambda z: 1 / (1 + math.exp(-z))) is True
    assert _verdict(capsys).startswith("Correct:")


def test_inverse_right_in_the_other_form(capsys):
    assert check_probability_from_log_odds(lambda z: math.exp(z) / (1 + math.exp(z))) is True


def test_inverse_with_the_articles_sign_error(capsys):
    assert check_probability_from_log_odds(lambda z: 1 / (1 + math.exp(z))) is False
    out = _verdict(capsys)
    assert "0.1192" in out and "the article's last line" in out


def test_inverse_placeholder(capsys):
    assert check_probability_from_log_odds(lambda z: ...) is False
    assert _verdict(capsys).startswith("Not done yet:")


def test_inverse_not_implemented(capsys):
    def p_from_z(z):
        raise NotImplementedError

    assert check_probability_from_log_odds(p_from_z) is False
    assert _verdict(capsys).startswith("Not done yet:")


def test_inverse_other_wrong(capsys):
    assert check_probability_from_log_odds(lambda z: math.exp(z)) is False
    assert _verdict(capsys).startswith("Not yet:")
