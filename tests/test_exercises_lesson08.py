"""Lesson 8 exercise checks: right answers pass, each kind of wrong answer gets its own message."""

import math

import numpy as np
import pytest

from lesson_utils.exercises import lesson08 as ex


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def good_gradients(x, y, W1, b1, w2, b2):
    m = x.shape[0]
    a1 = sigmoid(x @ W1 + b1)
    g = sigmoid(a1 @ w2 + b2)
    dL_dz2 = g - y
    dL_dz1 = np.outer(dL_dz2, w2) * a1 * (1 - a1)
    return x.T @ dL_dz1 / m, dL_dz1.mean(axis=0), a1.T @ dL_dz2 / m, dL_dz2.mean()


def tanh_slope_gradients(x, y, W1, b1, w2, b2):
    """The slip the hint is about: keeping the tanh derivative 1 − a1²."""
    m = x.shape[0]
    a1 = sigmoid(x @ W1 + b1)
    g = sigmoid(a1 @ w2 + b2)
    dL_dz2 = g - y
    dL_dz1 = np.outer(dL_dz2, w2) * (1 - a1**2)
    return x.T @ dL_dz1 / m, dL_dz1.mean(axis=0), a1.T @ dL_dz2 / m, dL_dz2.mean()


def test_sigmoid_hidden_loss_by_hand():
    x = np.array([[1.0, -1.0]])
    y = np.array([1.0])
    W1, b1, w2, b2 = np.array([[0.5], [0.25]]), np.array([0.1]), np.array([2.0]), -0.3
    a = 1 / (1 + math.exp(-(0.5 - 0.25 + 0.1)))
    z2 = 2.0 * a - 0.3
    assert ex.sigmoid_hidden_loss(x, y, W1, b1, w2, b2) == pytest.approx(math.log1p(math.exp(-z2)), rel=1e-12)


def test_gradients_right_answer(capsys):
    assert ex.check_sigmoid_hidden_gradients(good_gradients) is True
    assert capsys.readouterr().out.startswith("Correct:")


def test_gradients_tanh_slope_is_caught_and_named(capsys):
    assert ex.check_sigmoid_hidden_gradients(tanh_slope_gradients) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet: dL_dW1 has the right shape but wrong values")
    assert "a1 (1 − a1)" in out


def test_gradients_wrong_shape(capsys):
    def transposed(*args):
        dW1, db1, dw2, db2 = good_gradients(*args)
        return dW1.T, db1, dw2, db2

    assert ex.check_sigmoid_hidden_gradients(transposed) is False
    assert "dL_dW1 has shape" in capsys.readouterr().out


def test_gradients_too_few_values(capsys):
    assert ex.check_sigmoid_hidden_gradients(lambda *a: good_gradients(*a)[:3]) is False
    assert "a tuple of 4 values" in capsys.readouterr().out


def test_gradients_placeholder(capsys):
    assert ex.check_sigmoid_hidden_gradients(lambda *a: None) is False
    assert capsys.readouterr().out.startswith("Not done yet:")


def test_gradients_not_a_function(capsys):
    assert ex.check_sigmoid_hidden_gradients(None) is False
    assert capsys.readouterr().out.startswith("Not done yet:")


def test_gradients_raising_function_is_reported_not_raised(capsys):
    def broken(*args):
        raise KeyError("oops")

    assert ex.check_sigmoid_hidden_gradients(broken) is False
    assert "raised KeyError" in capsys.readouterr().out


def good_flip(W1, b1, w2, b2, k):
    W1, b1, w2 = W1.copy(), b1.copy(), w2.copy()
    W1[:, k] *= -1
    b1[k] *= -1
    w2[k] *= -1
    return W1, b1, w2, b2


def test_flip_right_answer(capsys):
    assert ex.check_flip_unit(good_flip) is True
    assert capsys.readouterr().out.startswith("Correct:")


def test_flip_in_place_is_caught(capsys):
    def in_place(W1, b1, w2, b2, k):
        W1[:, k] *= -1
        b1[k] *= -1
        w2[k] *= -1
        return W1, b1, w2, b2

    assert ex.check_flip_unit(in_place) is False
    assert "in place" in capsys.readouterr().out


def test_flip_forgetting_w2_is_caught(capsys):
    def half(W1, b1, w2, b2, k):
        W1, b1 = W1.copy(), b1.copy()
        W1[:, k] *= -1
        b1[k] *= -1
        return W1, b1, w2.copy(), b2

    assert ex.check_flip_unit(half) is False
    assert "w2 has the right shape but wrong values" in capsys.readouterr().out


def test_flip_placeholder(capsys):
    assert ex.check_flip_unit(lambda *a: None) is False
    assert capsys.readouterr().out.startswith("Not done yet:")


def test_symmetry_count_for_eight_units(capsys):
    assert ex.check_symmetry_count(40320 * 256, n_hidden=8) is True
    assert capsys.readouterr().out.startswith("Correct: 10321920")


def test_symmetry_count_default_is_the_lesson_network():
    assert ex.check_symmetry_count(24 * 16) is True


def test_symmetry_count_permutations_only_is_wrong(capsys):
    assert ex.check_symmetry_count(40320, n_hidden=8) is False
    assert capsys.readouterr().out.startswith("Not yet:")


def test_symmetry_count_placeholder(capsys):
    assert ex.check_symmetry_count(None, n_hidden=8) is False
    assert capsys.readouterr().out.startswith("Not done yet:")
