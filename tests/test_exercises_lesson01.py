"""Lesson 1 exercise checks: right answers pass, each named mistake gets its message, 4 significant
digits pass and 1 % fails, nothing raises."""

import math

import numpy as np
import pytest

from lesson_utils.exercises import lesson01 as ex

# --- exercise 1: predict where the least-squares threshold goes --------------------------------


def test_threshold_prediction_right(verdict):
    assert ex.check_threshold_prediction("c", -0.04, 0.52) is True
    assert verdict().startswith("Correct: you predicted (c)")


@pytest.mark.parametrize("wrong, words", [("a", "leaves correctly classified"), ("b", "voted for")])
def test_threshold_prediction_wrong_options_explained(wrong, words, verdict):
    assert ex.check_threshold_prediction(wrong, -0.04, 0.52) is False
    out = verdict()
    assert out.startswith(f"Not yet: you predicted ({wrong})") and words in out and "shows (c)" in out


def test_threshold_prediction_not_done(verdict):
    assert ex.check_threshold_prediction(None, -0.04, 0.52) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_threshold_prediction("c", None, None) is False
    assert verdict().startswith("Not done yet: run the experiment")


def test_least_squares_ignores_samples_it_already_fits_exactly():
    # the claim of option (b): ten class-1 samples placed where the line gives ŷ = 1 leave it unchanged
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(-1.5, 1, 20), rng.normal(1.5, 1, 20)])
    y = np.repeat([0.0, 1.0], 20)
    design = np.column_stack([x, np.ones_like(x)])
    (a, c), *_ = np.linalg.lstsq(design, y, rcond=None)
    x_more = np.append(x, np.full(10, (1 - c) / a))
    (a2, c2), *_ = np.linalg.lstsq(np.column_stack([x_more, np.ones_like(x_more)]), np.append(y, np.ones(10)),
                                   rcond=None)
    np.testing.assert_allclose([a2, c2], [a, c], rtol=1e-10)


# --- exercise 2: p from odds of 3 ---------------------------------------------------------------


@pytest.mark.parametrize("answer", [0.75, 3 / 4, np.float64(0.75), 0.7502])
def test_probability_from_odds_right_to_four_digits(answer, verdict):
    assert ex.check_probability_from_odds(answer) is True
    assert verdict().startswith("Correct:")


def test_probability_from_odds_one_percent_off(verdict):
    assert ex.check_probability_from_odds(0.75 * 1.01) is False
    assert verdict().startswith("Not yet: solve p / (1 − p) = 3")


def test_probability_from_odds_placeholder_and_text(verdict):
    assert ex.check_probability_from_odds(None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_probability_from_odds("three quarters") is False
    assert verdict().startswith("Not yet: write the answer as a number")


# --- exercise 3: p from the log-odds --------------------------------------------------------------


@pytest.mark.parametrize("fn", [
    lambda z: 1 / (1 + math.exp(-z)),
    lambda z: math.exp(z) / (1 + math.exp(z)),
    lambda z: 1 / (1 + np.exp(-z)),
    lambda z: round(1 / (1 + math.exp(-z)), 4) if z > -4 else 1 / (1 + math.exp(-z)),
])
def test_inverse_right(fn, verdict):
    assert ex.check_probability_from_log_odds(fn) is True
    assert verdict().startswith("Correct:")


def test_inverse_one_percent_off(verdict):
    assert ex.check_probability_from_log_odds(lambda z: 1.01 / (1 + math.exp(-z))) is False
    assert verdict().startswith("Not yet: for input (0.0) it returned 0.505")


def test_inverse_placeholder_and_raising(verdict):
    assert ex.check_probability_from_log_odds(lambda z: None) is False
    assert verdict().startswith("Not done yet:")

    def broken(z):
        raise KeyError("oops")

    assert ex.check_probability_from_log_odds(broken) is False
    assert "raised KeyError" in verdict()


# --- exercise 4: the faulty step -----------------------------------------------------------------


def test_faulty_step(verdict):
    assert ex.check_faulty_step("e") is True
    assert verdict().startswith("Correct:")
    for wrong in "abcd":
        assert ex.check_faulty_step(wrong) is False
        assert verdict().startswith(f"Not yet: ({wrong}) ")
    assert ex.check_faulty_step(None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_faulty_step("f") is False
    assert verdict().startswith("Not yet: answer with one letter")


# --- exercise 5: the odds factor of two units of x ---------------------------------------------


@pytest.mark.parametrize("answer", [math.exp(1.4), 4.055, 4.0552, math.exp(0.7) ** 2])
def test_odds_factor_right(answer, verdict):
    assert ex.check_odds_factor(answer) is True
    assert verdict().startswith("Correct:")


def test_odds_factor_one_percent_off(verdict):
    assert ex.check_odds_factor(math.exp(1.4) * 0.99) is False
    assert verdict().startswith("Not yet: z = log(odds) rises")


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_probability_from_odds, 0.25, "3 to 1 against"),
    (ex.check_probability_from_odds, 1 / 3, "not 1/p"),
    (ex.check_probability_from_odds, 0.3333, "not 1/p"),
    (ex.check_probability_from_odds, 2 / 3, "= 2, not 3"),
    (ex.check_probability_from_odds, 3, "the odds themselves"),
    (ex.check_probability_from_log_odds,
     lambda z: 1 / (1 + math.exp(z)), "the probability of the other class"),
    (ex.check_probability_from_log_odds, lambda z: np.exp(z), "the odds, not the probability"),
    (ex.check_probability_from_log_odds, lambda z: z / (1 + z), "treats z as the odds"),
    (ex.check_probability_from_log_odds, lambda z: 1 / (1 + 10 ** (-z)), "base-10"),
    (ex.check_odds_factor, 1.4, "log-odds z change"),
    (ex.check_odds_factor, math.exp(0.7), "one unit"),
    (ex.check_odds_factor, 2 * math.exp(0.7), "Factors multiply"),
    (ex.check_odds_factor, 10**1.4, "10^1.4"),
    (ex.check_odds_factor, 1 / (1 + math.exp(-1.4)), "σ(1.4)"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
