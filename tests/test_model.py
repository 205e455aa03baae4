"""LogisticRegression's three methods against hand values, finite differences and the article's code."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lesson_utils as lu
from lesson_utils import (
    ArticleLogisticRegression,
    LogisticRegression,
    article_gradients,
    gradient_check,
    numerical_gradient,
)


def loss_by_hand(x, y, w, b):
    """Mean BCE written sample by sample with the math module (for moderate logits)."""
    total = 0.0
    for xi, yi in zip(x, y, strict=True):
        z = sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b
        g = 1 / (1 + math.exp(-z))
        total -= yi * math.log(g) + (1 - yi) * math.log(1 - g)
    return total / len(y)


def test_starts_at_zero_and_predicts_one_half():
    model = LogisticRegression(3)
    z, g = model.predict(np.ones((4, 3)))
    np.testing.assert_array_equal(z, np.zeros(4))
    np.testing.assert_array_equal(g, np.full(4, 0.5))


def test_predict_hand_values():
    model = LogisticRegression(2)
    model.w, model.b = np.array([1.0, -2.0]), 0.5
    z, g = model.predict(np.array([[1.0, 1.0], [3.0, 0.0]]))
    np.testing.assert_allclose(z, [-0.5, 3.5])
    np.testing.assert_allclose(g, [1 / (1 + math.exp(0.5)), 1 / (1 + math.exp(-3.5))])


def test_gradients_by_hand_one_sample():
    # one sample x = (2, -1), y = 1, w = 0, b = 0: g = 1/2, dL/dz = -1/2, dL/dw = -x/2, dL/db = -1/2
    model = LogisticRegression(2)
    dL_dw, dL_db = model.compute_gradients(np.array([[2.0, -1.0]]), np.array([1.0]))
    np.testing.assert_allclose(dL_dw, [-1.0, 0.5])
    assert dL_db == -0.5


def test_gradients_match_finite_differences_of_hand_loss(rng):
    x = rng.normal(size=(30, 3))
    y = (rng.random(30) < 0.5).astype(float)
    model = LogisticRegression(3)
    model.w, model.b = rng.normal(size=3), 0.3
    dL_dw, dL_db = model.compute_gradients(x, y)
    numeric = numerical_gradient(lambda t: loss_by_hand(x, y, t[:3], t[3]), np.append(model.w, model.b))
    np.testing.assert_allclose(np.append(dL_dw, dL_db), numeric, rtol=1e-6, atol=1e-9)
    assert model.loss(x, y) == pytest.approx(loss_by_hand(x, y, model.w, model.b), rel=1e-12)


def test_gradients_match_the_article_where_it_is_finite(rng):
    x = rng.normal(size=(50, 2))
    y = (rng.random(50) < 0.5).astype(float)
    model = LogisticRegression(2)
    model.w, model.b = np.array([0.4, -0.7]), 0.1
    ours = model.compute_gradients(x, y)
    article_dw, article_db = article_gradients(x, y, model.w, model.b)
    np.testing.assert_allclose(ours[0], article_dw, rtol=1e-10)
    assert ours[1] == pytest.approx(article_db[0], rel=1e-10)


def test_article_gives_nan_where_ours_stays_finite():
    x = np.array([[40.0], [-1.0]])  # z = 40: σ rounds to exactly 1.0 for the first sample
    y = np.array([1.0, 0.0])
    article_dw, _ = article_gradients(x, y, np.array([1.0]), 0.0)
    assert np.isnan(article_dw).all()
    model = LogisticRegression(1)
    model.w = np.array([1.0])
    dL_dw, dL_db = model.compute_gradients(x, y)
    g2 = 1 / (1 + math.exp(1.0))
    expected_dw = ((1 / (1 + math.exp(40.0)) - 0) * 0 + (-(1 - 1 / (1 + math.exp(-40.0))) * 40 + g2 * -1)) / 2
    assert dL_dw[0] == pytest.approx(expected_dw, rel=1e-12)
    assert math.isfinite(dL_db)


def test_optimize_steps_against_the_gradient():
    model = LogisticRegression(2)
    model.optimize(np.array([1.0, -2.0]), 0.5, learning_rate=0.1)
    np.testing.assert_allclose(model.w, [-0.1, 0.2])
    assert model.b == pytest.approx(-0.05)


def test_article_class_takes_the_same_step():
    x = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]])
    y = np.array([1.0, 0.0, 1.0])
    ours, theirs = LogisticRegression(2), ArticleLogisticRegression(2)
    for _ in range(3):
        ours.optimize(*ours.compute_gradients(x, y), 0.5)
        theirs.optimize(*theirs.compute_gradients(x, y), 0.5)
    np.testing.assert_allclose(ours.w, theirs.w[0], rtol=1e-12)
    assert ours.b == pytest.approx(theirs.b[0], rel=1e-12)


def test_accuracy_counts_z_zero_as_class_one():
    model = LogisticRegression(1)
    assert model.accuracy(np.array([[1.0], [2.0]]), np.array([1.0, 0.0])) == 0.5


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, (12, 2), elements=st.floats(-3, 3)),
    arrays(np.float64, (3,), elements=st.floats(-13, 13)),
    st.lists(st.integers(0, 1), min_size=12, max_size=12),
)
def test_analytic_equals_numeric_gradient_including_large_logits(x, theta, labels):
    # |z| reaches 3·13·2 + 13 = 91 > 40: deep in the region where σ rounds to 0 or 1.
    model = LogisticRegression(2)
    model.set_parameters(theta)
    y = np.array(labels, dtype=float)
    dL_dw, dL_db = model.compute_gradients(x, y)
    numeric = numerical_gradient(lambda t: _loss(x, y, t), theta)
    np.testing.assert_allclose(np.append(dL_dw, dL_db), numeric, rtol=1e-5, atol=1e-7)


def _loss(x, y, theta):
    z = x @ theta[:2] + theta[2]
    return float(np.mean(np.logaddexp(0.0, z) - y * z))  # an independent stable form


def test_gradient_check_is_small_for_the_model(rng):
    x = rng.normal(size=(40, 2)) * 5
    y = (x[:, 0] > 0).astype(float)
    model = LogisticRegression(2)
    model.w, model.b = np.array([2.0, -1.0]), 0.5
    assert gradient_check(model, x, y) < 1e-7


@pytest.mark.parametrize(("x", "y", "error", "match"), [
    (np.ones(3), np.ones(3), ValueError, r"x must be 2-D with shape \(m, d\)"),
    (np.ones((3, 3)), np.ones(3), ValueError, "x must have 2 feature column"),
    (np.ones((3, 2)), np.ones(2), ValueError, r"y must have one label per sample \(3\)"),
    (np.ones((3, 2)), np.ones((3, 1)), ValueError, "y must be 1-D"),
    (np.ones((3, 2)), np.array([0, 1, 3]), ValueError, "only the labels 0 and 1"),
    (np.array([[1.0, np.nan]]), np.ones(1), ValueError, "x must not contain NaN"),
    (np.array([[1.0, np.inf]]), np.ones(1), ValueError, "x must be finite"),
    (np.ones((0, 2)), np.ones(0), ValueError, "x must not be empty"),
    ([["a", "b"]], np.ones(1), TypeError, "x must hold real numbers"),
])
def test_bad_input_is_named(x, y, error, match):
    model = LogisticRegression(2)
    with pytest.raises(error, match=match):
        model.compute_gradients(x, y)


@pytest.mark.parametrize(("args", "error", "match"), [
    ((np.ones(3), 0.0, 0.1), ValueError, r"dL_dw must have shape \(2,\)"),
    ((np.ones(2), [0.0, 1.0], 0.1), ValueError, "dL_db must be one number"),
    ((np.ones(2), 0.0, 0.0), ValueError, "learning_rate must be a finite number > 0"),
    ((np.ones(2), 0.0, -1.0), ValueError, "learning_rate must be a finite number > 0"),
    ((np.ones(2), 0.0, math.inf), ValueError, "learning_rate must be a finite number > 0"),
    ((np.ones(2), 0.0, "0.1"), TypeError, "learning_rate must be a number > 0"),
    ((np.array([1.0, np.nan]), 0.0, 0.1), ValueError, "dL_dw must not contain NaN"),
])
def test_optimize_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression(2).optimize(*args)


@pytest.mark.parametrize(
    ("n", "error"), [(0, ValueError), (-1, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_n_features_must_be_a_positive_int(n, error):
    with pytest.raises(error, match="n_features must be an integer ≥ 1"):
        LogisticRegression(n)


# ---------- the L2 penalty: loss = mean BCE + (λ/2)·‖w‖², bias not penalised ----------


def test_l2_loss_and_gradients_by_hand_and_by_finite_differences(rng):
    x = rng.normal(size=(30, 3))
    y = (rng.random(30) < 0.5).astype(float)
    model = LogisticRegression(3, l2=0.7)
    model.set_parameters([0.5, -1.0, 2.0, 0.3])
    penalty = 0.35 * (0.25 + 1.0 + 4.0)  # (λ/2)·‖w‖² by hand; b = 0.3 is not in it
    assert model.loss(x, y) == pytest.approx(loss_by_hand(x, y, model.w, model.b) + penalty, rel=1e-12)
    dL_dw, dL_db = model.compute_gradients(x, y)

    def hand_objective(t):
        return loss_by_hand(x, y, t[:3], t[3]) + 0.35 * float(t[:3] @ t[:3])

    numeric = numerical_gradient(hand_objective, model.parameters())
    np.testing.assert_allclose(np.append(dL_dw, dL_db), numeric, rtol=1e-6, atol=1e-9)
    plain = LogisticRegression(3)
    plain.set_parameters(model.parameters())
    np.testing.assert_allclose(dL_dw - plain.compute_gradients(x, y)[0], 0.7 * model.w, rtol=1e-12)
    assert dL_db == plain.compute_gradients(x, y)[1]


def test_l2_zero_is_the_plain_model_even_for_huge_weights():
    model = LogisticRegression(1)
    model.set_parameters([1e200, 0.0])  # ‖w‖² overflows; with λ = 0 it must not be formed at all
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert model.loss(np.array([[1.0]]), np.array([1.0])) == 0.0
    assert repr(LogisticRegression(2)).startswith("LogisticRegression(n_features=2, w=")
    assert repr(LogisticRegression(2, l2=0.5)).startswith("LogisticRegression(n_features=2, l2=0.5, w=")


def _blobs(rng, m, shift):
    y = (np.arange(m) % 2).astype(float)
    x = rng.normal(size=(m, 2)) + np.outer(y, shift)
    return x - x.mean(axis=0), y


@pytest.mark.parametrize(
    ("shift", "l2", "epochs", "eta"), [((1.0, 1.5), 0.1, 500, 1.0), ((2.0, 8.0), 0.01, 3000, 2.0)]
)
def test_train_with_l2_reaches_the_minimum_scikit_learn_finds(rng, shift, l2, epochs, eta):
    """scikit-learn minimises C·Σ BCE_i + ½‖w‖² (intercept not penalised), which is m·C times our
    loss when C = 1/(λ m): the same minimiser. The second case is separable (no minimum at λ = 0)."""
    linear_model = pytest.importorskip("sklearn.linear_model")
    x, y = _blobs(rng, 300, shift)
    reference = linear_model.LogisticRegression(C=1 / (l2 * len(y)), tol=1e-12, max_iter=100_000)
    reference.fit(x, y)
    model = LogisticRegression(2, l2=l2)
    lu.train(model, x, y, epochs, eta)
    np.testing.assert_allclose(model.w, reference.coef_[0], rtol=1e-6)
    assert model.b == pytest.approx(reference.intercept_[0], rel=1e-6, abs=1e-9)
    gradient = np.append(*model.compute_gradients(x, y))
    assert np.linalg.norm(gradient) < 1e-9


def test_sgd_honours_l2_like_a_hand_loop(rng):
    x, y = _blobs(rng, 60, (1.0, 1.5))
    model = LogisticRegression(2, l2=0.3)
    lu.sgd(model, x, y, batch_size=8, epochs=2, learning_rate=0.5, seed=4)
    order_rng = np.random.default_rng(4)
    w, b = np.zeros(2), 0.0
    for _ in range(2):
        order = order_rng.permutation(60)
        for start in range(0, 60, 8):
            idx = order[start : start + 8]
            g = 1 / (1 + np.exp(-(x[idx] @ w + b)))
            w, b = w - 0.5 * (x[idx].T @ (g - y[idx]) / len(idx) + 0.3 * w), b - 0.5 * np.mean(g - y[idx])
    np.testing.assert_allclose(model.parameters(), np.append(w, b), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("l2", "error", "match"), [
    (-0.1, ValueError, "l2 must be a finite number ≥ 0, got -0.1"),
    (math.inf, ValueError, "l2 must be a finite number ≥ 0"),
    (math.nan, ValueError, "l2 must be a finite number ≥ 0"),
    ("0.1", TypeError, "l2 must be a number ≥ 0, got str"),
    (True, TypeError, "l2 must be a number ≥ 0, got bool"),
    (None, TypeError, "l2 must be a number ≥ 0"),
])
def test_bad_l2_is_named(l2, error, match):
    with pytest.raises(error, match=match):
        LogisticRegression(2, l2=l2)
