"""Lesson 6 exercise checks: right answers pass, placeholders are 'not done yet', slips get a hint."""

import numpy as np
import pytest

from lesson_utils.exercises import lesson06 as ex


def hessian_at_zero(x):
    a = np.column_stack([x, np.ones(len(x))])
    return 0.25 * a.T @ a / len(x)


def standardize(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x_train - mean) / std, (x_test - mean) / std


def _verdict(capsys):
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_right_answers_pass(capsys):
    assert ex.check_sample_gradients(100 * 80_000) is True
    assert _verdict(capsys).startswith("Correct: 100 epochs × 80,000")
    assert ex.check_hessian_at_zero(hessian_at_zero) is True
    assert _verdict(capsys).startswith("Correct:")
    assert ex.check_standardize(standardize) is True
    assert _verdict(capsys).startswith("Correct:")


def test_hand_hessian_matches_a_worked_entry():
    # X_HAND: Σ x1·x2 = 2 + 0 − 1 + 5 = 6, so H[0, 1] = 6 / 4 / 4 = 0.375; Σ x2² = 30 → 1.875.
    h = ex._hessian_at_zero_by_hand(ex.X_HAND)
    assert h[0][1] == h[1][0] == 0.375
    assert h[1][1] == 1.875 and h[2][2] == 0.25


def test_placeholders_are_not_done_yet(capsys):
    assert ex.check_sample_gradients(None) is False
    assert _verdict(capsys).startswith("Not done yet")
    for check in (ex.check_hessian_at_zero, ex.check_standardize):
        assert check(None) is False
        assert _verdict(capsys).startswith("Not done yet")
        assert check(lambda *args: None) is False
        assert _verdict(capsys).startswith("Not done yet")


def test_common_slips_get_their_own_hint(capsys):
    assert ex.check_sample_gradients(10_000_000) is False
    assert "article's number" in _verdict(capsys)
    assert ex.check_sample_gradients(80_000) is False
    assert _verdict(capsys).startswith("Not yet")
    assert ex.check_hessian_at_zero(lambda x: 4 * hessian_at_zero(x)) is False
    assert "4 times too large" in _verdict(capsys)
    assert ex.check_hessian_at_zero(lambda x: 0.25 * x.T @ x / len(x)) is False
    assert "bias is a parameter too" in _verdict(capsys)

    def own_statistics(x_train, x_test):
        return standardize(x_train, x_train)[0], standardize(x_test, x_test)[0]

    assert ex.check_standardize(own_statistics) is False
    assert "training statistics" in _verdict(capsys)


@pytest.mark.parametrize("check", [ex.check_hessian_at_zero, ex.check_standardize])
def test_a_crashing_function_is_reported_not_raised(check, capsys):
    def broken(*args):
        raise KeyError("oops")

    assert check(broken) is False
    assert "raised KeyError" in _verdict(capsys)


def test_divergence_threshold_on_the_article_data(article_split, capsys):
    x_train, _, y_train, _ = article_split
    assert ex.check_divergence_threshold(17.8, x_train, y_train) is True
    assert _verdict(capsys).startswith("Correct: at 17.8 the raw model diverges at epoch 1; at 10 it")
    assert ex.check_divergence_threshold(10.0, x_train, y_train) is False
    assert "Look higher" in _verdict(capsys)
    assert ex.check_divergence_threshold(31.6, x_train, y_train) is False
    assert "Look lower" in _verdict(capsys)
    assert ex.check_divergence_threshold(12.0, x_train, y_train) is False
    assert "not one of the slider's values" in _verdict(capsys)
    assert ex.check_divergence_threshold(None, x_train, y_train) is False
    assert _verdict(capsys).startswith("Not done yet")
    assert ex.check_divergence_threshold("fast", x_train, y_train) is False
    assert "not a positive learning rate" in _verdict(capsys)
