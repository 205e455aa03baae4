"""Full-batch training against a plain reference loop, divergence handling and bad input."""

import math
import warnings

import numpy as np
import pytest

from lesson_utils import ArticleLogisticRegression, DivergenceWarning, LogisticRegression, train


def reference_run(x, y, epochs, eta):
    """Gradient descent written out plainly: σ by its definition, gradient x^T(g − y)/m."""
    w, b = np.zeros(x.shape[1]), 0.0
    losses = []
    for _ in range(epochs + 1):
        z = x @ w + b
        g = 1 / (1 + np.exp(-z))
        losses.append(-np.mean(y * np.log(g) + (1 - y) * np.log(1 - g)))
        w, b = w - eta * x.T @ (g - y) / len(y), b - eta * np.mean(g - y)
    return w, b, np.array(losses)


def small_data(seed=0, m=200):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, 2)) + [1.0, 3.0]
    y = (x[:, 0] + 0.5 * rng.normal(size=m) > 1.0).astype(float)
    return x, y


def test_matches_the_reference_loop():
    x, y = small_data()
    model = LogisticRegression(2)
    history = train(model, x, y, epochs=25, learning_rate=0.3)
    w_ref, b_ref, loss_ref = reference_run(x, y, 25, 0.3)
    np.testing.assert_allclose(history.train_loss, loss_ref, rtol=1e-10)
    # the last recorded parameters are those after 25 updates; the model keeps them
    np.testing.assert_allclose(history.params[-1], model.parameters())
    w_ref24, b_ref24, _ = reference_run(x, y, 24, 0.3)
    np.testing.assert_allclose(model.w, w_ref24, rtol=1e-10)
    assert model.b == pytest.approx(b_ref24, rel=1e-10)


def test_history_shapes_and_test_metrics():
    x, y = small_data()
    x_te, y_te = small_data(seed=1, m=50)
    model = LogisticRegression(2)
    history = train(model, x, y, 10, 0.1, x_te, y_te)
    assert history.epochs == 10
    assert history.params.shape == (11, 3)
    assert history.w_path.shape == (11, 2) and history.b_path.shape == (11,)
    for arr in (history.train_loss, history.train_accuracy, history.test_loss, history.test_accuracy):
        assert arr.shape == (11,)
    assert history.test_loss[-1] == pytest.approx(model.loss(x_te, y_te), rel=1e-12)
    assert history.test_accuracy[-1] == model.accuracy(x_te, y_te)
    assert history.train_loss[0] == pytest.approx(math.log(2))
    assert history.diverged_at is None
    assert "10 epochs at learning rate 0.1" in history.message


def test_no_test_set_means_no_test_metrics():
    x, y = small_data()
    history = train(LogisticRegression(2), x, y, 3, 0.1)
    assert history.test_loss is None and history.test_accuracy is None


def test_article_split_matches_the_model_methods(article_split):
    x_tr, x_te, y_tr, y_te = article_split
    model = LogisticRegression(2)
    history = train(model, x_tr, y_tr, 5, 0.5, x_te, y_te)
    assert history.train_loss[-1] == pytest.approx(model.loss(x_tr, y_tr), rel=1e-12)
    assert history.test_loss[-1] == pytest.approx(model.loss(x_te, y_te), rel=1e-12)
    assert history.train_accuracy[-1] == model.accuracy(x_tr, y_tr)


def test_loss_near_zero_stays_non_negative_and_accurate(article_split):
    x_tr, _, y_tr, _ = article_split
    x_c = x_tr - x_tr.mean(axis=0)
    model = LogisticRegression(2)
    history = train(model, x_c, y_tr, 300, 5.0)
    assert (history.train_loss > 0).all()
    assert history.train_loss[-1] < 1e-4
    assert history.train_loss[-1] == pytest.approx(model.loss(x_c, y_tr), rel=1e-9)


@pytest.mark.parametrize("m", [7, 1000, 2501])
def test_extreme_logits_against_logaddexp(m):
    """Logits beyond ±1000, some on the wrong side: loss, accuracy and gradient stay exact."""
    rng = np.random.default_rng(m)
    x = rng.uniform(-1.5, 1.5, size=(m, 2))
    x[:2] = [[2.0, -1.0], [-2.0, 1.0]]  # z = 1102 and −1098
    y = (rng.random(m) < 0.5).astype(float)
    y[:2] = [0.0, 1.0]  # both confidently wrong
    w, b = np.array([400.0, -300.0]), 2.0
    z = x @ w + b
    model = LogisticRegression(2)
    model.w, model.b = w.copy(), b
    history = train(model, x, y, epochs=1, learning_rate=1.0)
    s = 2 * y - 1
    assert history.train_loss[0] == pytest.approx(np.mean(np.logaddexp(0.0, -s * z)), rel=1e-13)
    assert history.train_accuracy[0] == np.mean((z >= 0) == (y == 1))
    e = np.exp(-np.abs(z))
    g = np.where(z >= 0, 1 / (1 + e), e / (1 + e))  # σ(z) without overflow
    step = history.params[0] - history.params[1]  # η = 1, so the step is the gradient
    np.testing.assert_allclose(step[:2], x.T @ (g - y) / m, rtol=1e-11)
    assert step[2] == pytest.approx(np.mean(g - y), rel=1e-11)


def test_loss_of_a_confident_separating_model_is_tiny_and_never_negative():
    """|z| > 240 everywhere, all on the right side: the exact mean loss is below e^(−240) ≈ 6e-105.

    The fast path gets the hinge part as (Σ|z| − Σ s·z) / 2, two sums of about 4e6 whose rounding
    errors alone give a mean of about −4e-13 here; it must still come out at 0, not below.
    """
    rng = np.random.default_rng(0)
    x1 = rng.uniform(0.5, 3.0, 5000) * rng.choice([-1.0, 1.0], 5000)
    x = np.column_stack([x1, 3 * rng.normal(size=5000)])
    y = (x[:, 0] > 0).astype(float)
    model = LogisticRegression(2)
    model.w, model.b = np.array([500.0, 0.3]), 0.7
    history = train(model, x, y, epochs=3, learning_rate=1.0)
    assert np.all(history.train_loss >= 0.0) and np.all(history.train_loss < 1e-12)
    assert np.all(history.train_accuracy == 1.0)


class Wrapped:
    """LogisticRegression behind another class, to run train's generic path."""

    def __init__(self, n):
        self.inner = LogisticRegression(n)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_generic_path_agrees_with_fast_path():
    x, y = small_data()
    fast = train(LogisticRegression(2), x, y, 8, 0.4, x[:50], y[:50])
    generic = train(Wrapped(2), x, y, 8, 0.4, x[:50], y[:50])
    np.testing.assert_allclose(generic.params, fast.params, rtol=1e-10)
    np.testing.assert_allclose(generic.train_loss, fast.train_loss, rtol=1e-10)
    np.testing.assert_allclose(generic.test_accuracy, fast.test_accuracy)


def test_divergence_is_detected_reported_once_and_parameters_stay_finite():
    x, y = small_data()
    x = x * 100  # large inputs and a huge step: the first update overshoots by far
    model = LogisticRegression(2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = train(model, x, y, epochs=50, learning_rate=1e4)
    divergence = [w for w in caught if issubclass(w.category, DivergenceWarning)]
    assert len(divergence) == 1
    assert "diverged at epoch 1" in str(divergence[0].message)
    assert history.diverged_at == 1
    assert history.epochs == 0
    assert np.all(np.isfinite(history.params)) and np.all(np.isfinite(model.parameters()))
    np.testing.assert_array_equal(model.parameters(), [0.0, 0.0, 0.0])


def test_article_learning_rates_that_break_its_code_do_not_break_train(article_split):
    x_tr, x_te, y_tr, y_te = article_split
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(LogisticRegression(2), x_tr, y_tr, 100, 3.0, x_te, y_te)
    assert np.all(np.isfinite(history.params))
    assert history.test_accuracy[-1] > 0.99
    article = ArticleLogisticRegression(2)  # the same setting breaks the article's code at once
    article.optimize(*article.compute_gradients(x_tr, y_tr), 3.0)
    article.optimize(*article.compute_gradients(x_tr, y_tr), 3.0)
    assert np.isnan(article.w).all()


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
    ({"epochs": 2.5}, TypeError, "epochs must be a positive integer"),
    ({"epochs": True}, TypeError, "epochs must be a positive integer"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be a positive finite number"),
    ({"learning_rate": math.nan}, ValueError, "learning_rate must be a positive finite number"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate must be a positive number"),
    ({"x_test": np.ones((3, 2))}, ValueError, "x_test and y_test must be given together"),
    ({"x_test": np.ones((3, 3)), "y_test": np.ones(3)}, ValueError, "x_test must have 2 feature column"),
    ({"x_test": np.ones((3, 2)), "y_test": np.ones(2)}, ValueError, r"y_test must have one label per sample"),
])
def test_bad_input(kwargs, error, match):
    x, y = small_data()
    args = {"epochs": 3, "learning_rate": 0.1} | kwargs
    with pytest.raises(error, match=match):
        train(LogisticRegression(2), x, y, **args)


def test_bad_training_data():
    with pytest.raises(ValueError, match="y_train must contain only the labels 0 and 1"):
        train(LogisticRegression(1), np.ones((3, 1)), np.array([0, 1, -1]), 1, 0.1)
    with pytest.raises(ValueError, match="x_train must have 1 feature column"):
        train(LogisticRegression(1), np.ones((3, 2)), np.ones(3), 1, 0.1)
