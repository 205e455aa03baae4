"""Lesson 4 exercise checks: right answers pass, typical wrong ones get a hint, none raises."""

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import lesson04 as ex


def _sample_gradients(x, w, b, y):
    g = lu.sigmoid(w * x + b)
    return (g - y) * x, g - y


def _batch_gradients(x, y, w, b):
    g = lu.sigmoid(x @ w + b)
    return x.T @ (g - y) / len(y), float(np.mean(g - y))


# --- the expected values themselves ------------------------------------------------------------


def test_hand_gradients_match_finite_differences():
    s = ex.HAND_SAMPLE
    numeric = lu.numerical_gradient(
        lambda t: lu.binary_cross_entropy_with_logits([s["y"]], [t[0] * s["x"] + t[1]]), [s["w"], s["b"]]
    )
    np.testing.assert_allclose(numeric, ex.HAND_GRADIENTS, rtol=1e-8)


def test_finite_difference_gradient_matches_model(rng):
    x = rng.normal(size=(7, 3))
    y = (rng.random(7) > 0.5).astype(float)
    model = lu.LogisticRegression(3)
    model.set_parameters([0.4, -0.2, 0.9, 0.1])
    dL_dw, dL_db = model.compute_gradients(x, y)
    got = ex.finite_difference_gradient(x, y, model.w, model.b)
    assert lu.relative_error(got, np.append(dL_dw, dL_db)) < 1e-8


def test_finite_difference_gradient_finite_for_confident_sample():
    got = ex.finite_difference_gradient(np.array([[40.0]]), np.array([1.0]), np.array([1.0]), 0.0)
    assert np.isfinite(got).all()
    assert np.abs(got).max() < 1e-9  # the truth: −40·σ(−40) ≈ −1.7e-16 and −σ(−40) ≈ −4.2e-18


# --- exercise 1: numbers by hand ---------------------------------------------------------------


def test_hand_placeholder(capsys):
    assert ex.check_hand_gradients(None, None) is False
    assert ex.check_hand_gradients(-1.0, ...) is False
    assert capsys.readouterr().out.count("Not done yet") == 2


def test_hand_right(capsys):
    assert ex.check_hand_gradients(-1.0, -0.5) is True
    assert capsys.readouterr().out.startswith("Correct")


def test_hand_swapped(capsys):
    assert ex.check_hand_gradients(-0.5, -1.0) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_hand_sign_error(capsys):
    assert ex.check_hand_gradients(1.0, 0.5) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_hand_text_does_not_raise(capsys):
    assert ex.check_hand_gradients("-1", -0.5) is False
    assert capsys.readouterr().out.startswith("Not yet")


# --- exercise 2: one sample --------------------------------------------------------------------


def test_sample_right(capsys):
    assert ex.check_sample_gradients(_sample_gradients) is True
    assert capsys.readouterr().out.startswith("Correct")


def test_sample_article_formula_fails_at_confident_sample(capsys):
    def article(x, w, b, y):
        g = 1 / (1 + np.exp(-(w * x + b)))
        dL_dz = ((1 - y) / (1 - g) - y / g) * g * (1 - g)
        return dL_dz * x, dL_dz

    with np.errstate(all="raise"):  # the check silences the reader's 0/0 itself
        assert ex.check_sample_gradients(article) is False
    out = capsys.readouterr().out
    assert "(40.0, 1.0, 0.0, 1)" in out and "nan" in out


def test_sample_sign_error(capsys):
    assert ex.check_sample_gradients(lambda x, w, b, y: ((y - lu.sigmoid(w * x + b)) * x, 0.0)) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_sample_placeholder(capsys):
    assert ex.check_sample_gradients(lambda x, w, b, y: None) is False
    assert ex.check_sample_gradients(None) is False
    assert capsys.readouterr().out.count("Not done yet") == 2


# --- exercise 3: the batch ---------------------------------------------------------------------


def test_batch_right(capsys):
    assert ex.check_batch_gradients(_batch_gradients) is True
    assert ex.check_batch_gradients(lambda x, y, w, b: _model_gradients(x, y, w, b)) is True
    assert capsys.readouterr().out.count("Correct") == 2


def _model_gradients(x, y, w, b):
    model = lu.LogisticRegression(x.shape[1])
    model.set_parameters(np.append(w, b))
    return model.compute_gradients(x, y)


def test_batch_article_gradients_fail(capsys):
    assert ex.check_batch_gradients(lu.article_gradients) is False
    assert "nan" in capsys.readouterr().out


def test_batch_sum_instead_of_mean(capsys):
    def summed(x, y, w, b):
        g = lu.sigmoid(x @ w + b)
        return x.T @ (g - y), float(np.sum(g - y))

    assert ex.check_batch_gradients(summed) is False
    assert capsys.readouterr().out.startswith("Not yet")


def test_batch_wrong_return_shape_is_reported(capsys):
    assert ex.check_batch_gradients(lambda x, y, w, b: np.zeros(3)) is False
    out = capsys.readouterr().out
    assert "raised" not in out and "returned an array of shape (3,); expected a pair" in out


def test_batch_placeholder(capsys):
    assert ex.check_batch_gradients(lambda x, y, w, b: None) is False
    assert capsys.readouterr().out.startswith("Not done yet")


@pytest.mark.parametrize("case", range(3))
def test_batch_cases_agree_with_model(case):
    (x, y, w, b), expected = ex._batch_cases()[case]
    dL_dw, dL_db = _model_gradients(x, y, w, b)
    np.testing.assert_allclose(expected, np.append(dL_dw, dL_db), rtol=1e-6, atol=1e-9)
