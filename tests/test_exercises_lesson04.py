"""Lesson 4 exercise checks: right answers pass, each named mistake gets its message, 4 significant
digits pass and 1 % fails, nothing raises."""

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import lesson04 as ex


def _batch_gradients(x, y, w, b):
    g = lu.sigmoid(x @ w + b)
    return x.T @ (g - y) / len(y), float(np.mean(g - y))


def _input_gradient(x, y, w, b):
    return (lu.sigmoid(x @ w + b) - y) * w


# --- expected values against independent computations ----------------------------------------


def test_hand_gradients_match_finite_differences():
    numeric = lu.numerical_gradient(
        lambda t: lu.binary_cross_entropy_with_logits([ex.HAND_Y], [t[0] * ex.HAND_X + t[1]]),
        [ex.HAND_W, ex.HAND_B],
    )
    np.testing.assert_allclose(numeric, [-1.0, -0.5], rtol=1e-8)


def test_batch_cases_match_the_package():
    for (x, y, w, b), (dw, db) in ex._batch_cases():
        model = lu.LogisticRegression(n_features=x.shape[1])
        model.set_parameters(np.append(w, b))
        dw_model, db_model = model.compute_gradients(x, y)
        np.testing.assert_allclose(dw, dw_model, rtol=1e-6, atol=1e-9)
        assert db == pytest.approx(db_model, rel=1e-6, abs=1e-9)


def test_input_gradient_cases_match_finite_differences():
    for (x, y, w, b), expected in ex._dL_dx_cases():
        numeric = lu.numerical_gradient(
            lambda t, y=y, w=w, b=b: lu.binary_cross_entropy_with_logits([y], [t @ w + b]), x
        )
        np.testing.assert_allclose(expected, numeric, rtol=1e-6)


# --- exercise 1 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dw, db", [(-1.0, -0.5), (-1, -0.5), (np.float64(-1.0004), -0.5002)])
def test_hand_right(dw, db, verdict):
    assert ex.check_hand_gradients(dw, db) is True
    assert verdict().startswith("Correct:")


def test_hand_tolerance_and_placeholders(verdict):
    assert ex.check_hand_gradients(-1.01, -0.5) is False
    assert verdict().startswith("Not yet: first z")
    assert ex.check_hand_gradients(None, -0.5) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_hand_gradients("-1", -0.5) is False
    assert verdict().startswith("Not yet:")


# --- exercise 2 ----------------------------------------------------------------------------------


def test_duplicate_prediction(verdict):
    assert ex.check_duplicate_prediction("b", 1.0, 2.0) is True
    assert verdict().startswith("Correct: you predicted (b)")
    for wrong, words in (("a", "doubled m"), ("c", "twice as many"), ("d", "same mean")):
        assert ex.check_duplicate_prediction(wrong, 1.0, 2.0) is False
        assert words in verdict()
    assert ex.check_duplicate_prediction("b", None, 2.0) is False
    assert verdict().startswith("Not done yet:")


# --- exercise 3: find the bug ----------------------------------------------------------------


def test_batch_right(verdict):
    assert ex.check_batch_gradients(_batch_gradients) is True
    assert verdict().startswith("Correct:")
    assert ex.check_batch_gradients(lambda x, y, w, b: list(_batch_gradients(x, y, w, b))) is True
    verdict()


def test_batch_tolerance(verdict):
    def close(x, y, w, b):
        dw, db = _batch_gradients(x, y, w, b)
        return dw * (1 + 4e-4), db * (1 + 4e-4)

    def off(x, y, w, b):
        dw, db = _batch_gradients(x, y, w, b)
        return dw * 1.01, db

    assert ex.check_batch_gradients(close) is True
    verdict()
    assert ex.check_batch_gradients(off) is False
    assert verdict().startswith("Not yet: for input (np.array([[")


def _bug_unfixed(x, y, w, b):
    g = lu.sigmoid(x @ w + b)
    dL_dz = g - y
    return x.T @ dL_dz / len(y), dL_dz / len(y)


def test_batch_wrong_return_shape_is_described_not_blamed(verdict):
    assert ex.check_batch_gradients(lambda x, y, w, b: np.zeros(3)) is False
    out = verdict()
    assert "raised" not in out and "returned an array of shape (3,); expected a pair (dL_dw, dL_db)" in out


def test_batch_article_form_is_nan_at_the_confident_sample(verdict):
    def article(x, y, w, b):
        g = lu.sigmoid(x @ w + b)
        dL_dz = ((1 - y) / (1 - g) - y / g) * g * (1 - g)
        return x.T @ dL_dz / len(y), float(np.mean(dL_dz))

    with np.errstate(all="raise"):
        assert ex.check_batch_gradients(article) is False
    out = verdict()
    assert out.startswith("Not yet: right on ordinary batches, but NaN") and "divides by 1 − g" in out
    assert "raised" not in out


def test_batch_inf_at_the_confident_sample_is_named(verdict):
    def inf_when_sure(x, y, w, b):
        g = lu.sigmoid(x @ w + b)
        if np.any(g == 1.0):
            return np.full(w.shape, np.inf), np.inf
        return x.T @ (g - y) / len(y), float(np.mean(g - y))

    assert ex.check_batch_gradients(inf_when_sure) is False
    out = verdict()
    assert out.startswith("Not yet: your function returns inf or nan on the batch with a confident sample")


def test_batch_placeholder(verdict):
    assert ex.check_batch_gradients(lambda x, y, w, b: None) is False
    assert verdict().startswith("Not done yet:")


# --- exercise 4 ----------------------------------------------------------------------------------


def test_input_gradient_right_and_tolerance(verdict):
    assert ex.check_input_gradient(_input_gradient) is True
    assert verdict().startswith("Correct:")
    assert ex.check_input_gradient(lambda x, y, w, b: _input_gradient(x, y, w, b) * (1 + 4e-4)) is True
    verdict()
    assert ex.check_input_gradient(lambda x, y, w, b: _input_gradient(x, y, w, b) * 1.01) is False
    assert verdict().startswith("Not yet: for input (np.array([1.0, 2.0, -1.0]), 1, ")


# --- every exercise: each named mistake gets its own message --------------------


def _hand(pair):
    return ex.check_hand_gradients(*pair)


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (_hand, (1.0, 0.5), "y − g"),
    (_hand, (-0.5, -1.0), "swapped"),
    (_hand, (-0.5, -0.5), "missing its last factor"),
    (_hand, (0.5, 0.25), "∂L/∂g = −y/g = −2 is missing"),
    (ex.check_batch_gradients, _bug_unfixed, "one number per sample"),
    (ex.check_batch_gradients,
     lambda x, y, w, b: (x.T @ (lu.sigmoid(x @ w + b) - y), np.sum(lu.sigmoid(x @ w + b) - y)), "sum loss"),
    (ex.check_batch_gradients, lambda x, y, w, b: tuple(-v for v in _batch_gradients(x, y, w, b)),
     "signs are flipped"),
    (ex.check_batch_gradients,
     lambda x, y, w, b: (_batch_gradients(x, y, w, b)[0], np.sum(lu.sigmoid(x @ w + b) - y)),
     "dL_db is the sum"),
    (ex.check_batch_gradients,
     lambda x, y, w, b: (_batch_gradients(x, y, w, b)[0], np.array([_batch_gradients(x, y, w, b)[1]])),
     "shape (1,)"),
    (ex.check_batch_gradients, lambda x, y, w, b: (x @ (lu.sigmoid(x @ w + b) - y), 0.0), "x.T @ (g − y)"),
    (ex.check_batch_gradients,
     lambda x, y, w, b: (x.T @ (lu.sigmoid(x @ w + b) - y), _batch_gradients(x, y, w, b)[1]),
     "dL_dw is the sum"),
    (ex.check_input_gradient, lambda x, y, w, b: (lu.sigmoid(x @ w + b) - y) * x, "∂L/∂w"),
    (ex.check_input_gradient, lambda x, y, w, b: (y - lu.sigmoid(x @ w + b)) * w, "sign is flipped"),
    (ex.check_input_gradient,
     lambda x, y, w, b: lu.sigmoid(x @ w + b) * (1 - lu.sigmoid(x @ w + b)) * w, "∂L/∂g is missing"),
    (ex.check_input_gradient, lambda x, y, w, b: w, "∂z/∂x = w alone"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
