"""Lesson 6 exercise checks: right answers pass, each named mistake is recognised, 4 digits suffice."""

import numpy as np
import pytest

from lesson_utils.exercises import lesson06 as ex


def hessian_at_zero(x):
    a = np.column_stack([x, np.ones(len(x))])
    return 0.25 * a.T @ a / len(x)


def standardize(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x_train - mean) / std, (x_test - mean) / std


def _round4(value):
    return np.vectorize(lambda v: float(f"{v:.4g}"))(np.asarray(value, dtype=float))


# --- exercise 1 ---------------------------------------------------------------------------------


def test_sample_gradients(verdict):
    assert ex.check_sample_gradients(100 * 80_000) is True
    assert verdict().startswith("Correct: 100 epochs × 80,000")
    assert ex.check_sample_gradients(8e6) is True
    verdict()


def test_sample_gradients_is_an_exact_count(verdict):
    # a count: the exercise asks for the integer, so even 8,001,000 (0.01 % off) is not it
    assert ex.check_sample_gradients(8_001_000) is False
    assert verdict().startswith("Not yet: count")
    assert ex.check_sample_gradients(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_sample_gradients("8 million") is False
    assert verdict().startswith("Not yet:")


# --- exercise 2 ---------------------------------------------------------------------------------


def test_hand_hessians_match_worked_entries():
    # X_HAND (m = 5): Σ x1·x2 = 2 + 0 − 1 + 5 + 0 = 6 → 6/4/5 = 0.3; Σ x2² = 4 + 0 + 1 + 25 + 4 = 34 → 1.7
    h = ex._hessian_at_zero_by_hand(ex.X_HAND)
    assert h[0][1] == pytest.approx(0.3) and h[1][0] == pytest.approx(0.3)
    assert h[1][1] == pytest.approx(1.7) and h[2][2] == pytest.approx(0.25)
    # X_HAND_2 (m = 3): Σ x² = 0.25 + 4 + 2.25 = 6.5 → 6.5/12; Σ x = 1 → 1/12
    h2 = ex._hessian_at_zero_by_hand(ex.X_HAND_2)
    np.testing.assert_allclose(h2, [[6.5 / 12, 1 / 12], [1 / 12, 0.25]], rtol=1e-14)


def test_hessian_right_answer_and_tolerance(verdict):
    assert ex.check_hessian_at_zero(hessian_at_zero) is True
    assert verdict().startswith("Correct: at w = 0, b = 0")
    assert ex.check_hessian_at_zero(lambda x: _round4(hessian_at_zero(x))) is True
    verdict()
    assert ex.check_hessian_at_zero(lambda x: 1.01 * hessian_at_zero(x)) is False
    assert verdict().startswith("Not yet:")


def _bias_first(x):
    a = np.column_stack([np.ones(len(x)), x])
    return 0.25 * a.T @ a / len(x)


def test_the_sum_is_not_mistaken_for_the_missing_quarter(verdict):
    """Neither test set has m = 4, so 'sum instead of mean' and 'weight 1' are told apart."""
    assert len(ex.X_HAND) != 4 and len(ex.X_HAND_2) != 4
    assert ex.check_hessian_at_zero(lambda x: len(x) * hessian_at_zero(x)) is False
    assert "weight of each sample" not in verdict()


def test_hessian_verdict_does_not_show_the_expected_matrix(verdict):
    assert ex.check_hessian_at_zero(lambda x: np.eye(x.shape[1] + 1)) is False
    out = verdict()
    assert out.startswith("Not yet: for input (np.array([[1.0, 2.0]") and "expected" not in out


def test_hessian_placeholder_and_crash(verdict):
    assert ex.check_hessian_at_zero(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_hessian_at_zero(lambda x: None) is False
    assert verdict().startswith("Not done yet")

    def broken(x):
        raise KeyError("oops")

    assert ex.check_hessian_at_zero(broken) is False
    assert "raised KeyError" in verdict()


# --- exercise 3 ---------------------------------------------------------------------------------


def test_standardize_fixed_passes_and_the_buggy_one_is_not_done(verdict):
    assert ex.check_standardize(standardize) is True
    assert verdict().startswith("Correct: each feature is centred")

    def buggy_standardize(x_train, x_test):  # retyped as in the notebook
        mean, std = x_train.mean(axis=0), x_train.std()
        return (x_train - mean) / std, (x_test - mean) / std

    assert ex.check_standardize(buggy_standardize) is False
    assert verdict().startswith("Not done yet: this is still the version with the bug")


def test_standardize_reference_by_hand():
    # training column 1: 0, 2, 4 → mean 2, population std √(8/3); test x1 = 6 → 4/√(8/3) = √6
    train_s, test_s = ex._standardized_by_hand(ex.X_TRAIN_HAND, ex.X_TEST_HAND)
    assert test_s[1][0] == pytest.approx(6 ** 0.5)
    # column 2: 10, 14, 15 → mean 13, std √(14/3); test x2 = 18 → 5/√(14/3)
    assert test_s[1][1] == pytest.approx(5 / (14 / 3) ** 0.5)


def _own_statistics(x_train, x_test):
    return standardize(x_train, x_train)[0], standardize(x_test, x_test)[0]


def _sample_std(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0, ddof=1)
    return (x_train - mean) / std, (x_test - mean) / std


def _only_centred(x_train, x_test):
    mean = x_train.mean(axis=0)
    return x_train - mean, x_test - mean


def _by_variance(x_train, x_test):
    mean, var = x_train.mean(axis=0), x_train.var(axis=0)
    return (x_train - mean) / var, (x_test - mean) / var


def _still_one_std(x_train, x_test):  # the bug, in other words
    mean = x_train.mean(axis=0)
    std = float(np.sqrt(((x_train - x_train.mean()) ** 2).mean()))
    return (x_train - mean) / std, (x_test - mean) / std


def _not_centred(x_train, x_test):
    std = x_train.std(axis=0)
    return x_train / std, x_test / std


def test_standardize_tolerance_and_placeholder(verdict):
    assert ex.check_standardize(lambda a, b: tuple(_round4(p) for p in standardize(a, b))) is True
    verdict()
    assert ex.check_standardize(lambda a, b: tuple(1.01 * p for p in standardize(a, b))) is False
    assert verdict().startswith("Not yet:")
    assert ex.check_standardize(lambda a, b: None) is False
    assert verdict().startswith("Not done yet")


# --- exercises 4 and 5 --------------------------------------------------------------------------

MEASURED = {"a": 0.131, "b": 0.0182, "c": 1.89e-4, "d": 9.2e-4}  # hold-out losses, plain loop


def test_best_rate_option():
    assert ex.best_rate_option(MEASURED) == "c"
    assert ex.best_rate_option({"a": 1.0, "b": 0.5, "c": 0.7, "d": 2.0}) == "b"
    assert ex.best_rate_option(None) is None
    assert ex.best_rate_option({"a": 1.0}) is None
    assert ex.best_rate_option({**MEASURED, "d": float("nan")}) is None


def test_best_rate_prediction(verdict):
    assert ex.check_best_rate_prediction("c", MEASURED) is True
    out = verdict()
    assert out.startswith("Correct: you predicted (c)") and "17.8 → 0.00019" in out
    for wrong in "abd":
        assert ex.check_best_rate_prediction(wrong, MEASURED) is False
        out = verdict()
        assert out.startswith(f"Not yet: you predicted ({wrong})") and "experiment shows (c)" in out
    assert ex.check_best_rate_prediction(None, MEASURED) is False
    assert verdict().startswith("Not done yet: write your prediction")
    assert ex.check_best_rate_prediction("c", None) is False
    assert verdict().startswith("Not done yet: run the experiment")


@pytest.mark.parametrize("holdout", [[0.13, 0.018, 1.9e-4, 9.2e-4], "abc", 0.5, {"a": "x"}])
def test_best_rate_prediction_never_raises_on_a_replaced_sweep(holdout, verdict):
    assert ex.best_rate_option(holdout) is None
    assert ex.check_best_rate_prediction("c", holdout) is False
    assert verdict().startswith("Not done yet: run the experiment")


def test_best_rate_options_are_slider_values():
    # the explorer's slider offers 10 ** (k / 4)
    for eta in ex.RATE_OPTIONS.values():
        k = np.log10(eta) * 4
        assert k == pytest.approx(round(k))


def test_why_best_rate(verdict):
    assert ex.check_why_best_rate("b") is True
    assert verdict().startswith("Correct: a step can raise the loss only")
    for wrong in "acd":
        assert ex.check_why_best_rate(wrong) is False
        assert verdict() == f"Not yet: ({wrong}) {ex.check_why_best_rate.keywords['explanations'][wrong]}"
    assert ex.check_why_best_rate(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_why_best_rate("e") is False
    assert verdict().startswith("Not yet: answer with one letter")


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_sample_gradients, 10_000_000, "hold-out samples too"),
    (ex.check_sample_gradients, 80_000, "one epoch"),
    (ex.check_sample_gradients, 16_000_000, "both models"),
    (ex.check_sample_gradients, 100, "number of updates"),
    (ex.check_sample_gradients, 2_000_000, "counts the 20,000 hold-out samples. They are only evaluated"),
    (ex.check_hessian_at_zero, lambda x: 4 * hessian_at_zero(x), "weight of each sample is missing"),
    (ex.check_hessian_at_zero, lambda x: 2 * hessian_at_zero(x), "σ(0) alone"),
    (ex.check_hessian_at_zero, lambda x: len(x) * hessian_at_zero(x), "a sum over the samples"),
    (ex.check_hessian_at_zero, _bias_first, "bias comes first"),
    (ex.check_hessian_at_zero, lambda x: 0.25 * x.T @ x / len(x), "bias is a parameter too"),
    (ex.check_standardize, _not_centred, "but not centred"),
    (ex.check_standardize, _still_one_std, "one standard deviation for all features"),
    (ex.check_standardize, _own_statistics, "its own mean and standard deviation"),
    (ex.check_standardize, _sample_std, "ddof=1"),
    (ex.check_standardize, _only_centred, "not divided"),
    (ex.check_standardize, _by_variance, "divided by the variance"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
