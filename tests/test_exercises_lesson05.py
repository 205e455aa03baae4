"""Lesson 5 exercise checks: right answers pass, placeholders are 'not done yet', slips get a hint."""

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import central_differences, mean_loss
from lesson_utils.exercises import lesson05 as ex


def predict(x, w, b):
    z = x @ w + b
    return z, 1 / (1 + np.exp(-z))


def compute_gradients(x, y, w, b):
    _, g = predict(x, w, b)
    return x.T @ (g - y) / len(y), float(np.mean(g - y))


def optimize(w, b, dL_dw, dL_db, learning_rate):
    return w - learning_rate * dL_dw, b - learning_rate * dL_db


def _verdict(capsys):
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_right_answers_pass(capsys):
    assert ex.check_predict(predict) is True
    assert _verdict(capsys).startswith("Correct: z = x·w + b = [−1.25, 1.25, 3.25]")
    assert ex.check_compute_gradients(compute_gradients) is True
    assert _verdict(capsys).startswith("Correct:")
    assert ex.check_optimize(optimize) is True
    assert _verdict(capsys).startswith("Correct:")


def test_article_shaped_weights_pass_too(capsys):
    """The article keeps w as (1, d) and computes np.matmul(w, x.T): z comes out (1, m)."""

    def article_predict(x, w, b):
        z = np.matmul(np.reshape(w, (1, -1)), x.T) + b
        return z, 1 / (1 + np.exp(-z))

    assert ex.check_predict(article_predict) is True


def test_expected_gradients_agree_with_lesson_utils():
    """The check's finite differences and lesson_utils' analytic gradient are independent: they agree."""
    x, y, w, b = ex._random_batch()
    model = lu.LogisticRegression(2)
    model.w, model.b = np.array(w), b
    dL_dw, dL_db = model.compute_gradients(np.array(x), np.array(y))
    expected = central_differences(lambda t: mean_loss(x, y, t), [*w, b])
    np.testing.assert_allclose(expected, [*dL_dw, dL_db], rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize(
    "check", [ex.check_predict, ex.check_compute_gradients, ex.check_optimize]
)
def test_placeholders_are_not_done_yet(check, capsys):
    assert check(None) is False
    assert _verdict(capsys).startswith("Not done yet")
    assert check(lambda *args: None) is False
    assert _verdict(capsys).startswith("Not done yet")


def test_common_slips_get_their_own_hint(capsys):
    assert ex.check_predict(lambda x, w, b: (x @ w - b, 1 / (1 + np.exp(-(x @ w - b))))) is False
    assert "off by the bias" in _verdict(capsys)
    assert ex.check_predict(lambda x, w, b: (x @ w + b, 1 / (1 + np.exp(x @ w + b)))) is False
    assert "1 − σ(z)" in _verdict(capsys)

    def flipped(x, y, w, b):
        dw, db = compute_gradients(x, y, w, b)
        return -dw, -db

    def summed(x, y, w, b):
        dw, db = compute_gradients(x, y, w, b)
        return dw * len(y), db * len(y)

    assert ex.check_compute_gradients(flipped) is False
    assert "sign is flipped" in _verdict(capsys)
    assert ex.check_compute_gradients(summed) is False
    assert "divide by m" in _verdict(capsys)
    assert ex.check_optimize(lambda w, b, dw, db, eta: (w + eta * dw, b + eta * db)) is False
    assert "uphill" in _verdict(capsys)


def test_a_crashing_function_is_reported_not_raised(capsys):
    def broken(x, y, w, b):
        return x @ np.ones(5), 0.0

    assert ex.check_compute_gradients(broken) is False
    assert "raised ValueError" in _verdict(capsys)
    assert ex.check_predict(lambda x, w, b: 3) is False  # not a pair: reported, not raised
    assert _verdict(capsys).startswith("Not yet")


@pytest.fixture(scope="module")
def toy():
    x, y = lu.make_two_gaussians(400, means=((1.0,), (3.0,)), seed=1)
    model = lu.LogisticRegression(1)
    lu.train(model, x, y, 3000, 3.0)
    return x, y, model.parameters()


def test_largest_stable_learning_rate(toy, capsys):
    x, y, theta = toy
    a = np.column_stack([x, np.ones(len(x))])
    g = 1 / (1 + np.exp(-(a @ theta)))
    lam = np.linalg.eigvalsh((a * (g * (1 - g))[:, None]).T @ a / len(x))[-1]
    assert ex.check_largest_stable_learning_rate(2 / lam, x, y, theta) is True
    assert "2/λ_max = 4.270" in _verdict(capsys)
    assert ex.check_largest_stable_learning_rate(1 / lam, x, y, theta) is False
    assert "1/λ_max" in _verdict(capsys)
    assert ex.check_largest_stable_learning_rate(3.0, x, y, theta) is False
    assert _verdict(capsys).startswith("Not yet")
    assert ex.check_largest_stable_learning_rate(None, x, y, theta) is False
    assert _verdict(capsys).startswith("Not done yet")
    assert ex.check_largest_stable_learning_rate("four", x, y, theta) is False
    assert _verdict(capsys).startswith("Not yet")
