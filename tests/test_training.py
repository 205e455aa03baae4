"""Full-batch training against plain loops written out here, large learning rates, stopping and bad input."""

import math
import warnings

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils import (
    ArticleLogisticRegression,
    History,
    LogisticRegression,
    RunStoppedWarning,
    TwoLayerNetwork,
    train,
)


def plain_loop(x, y, epochs, eta, x_test=None, y_test=None):
    """Gradient descent as lesson 5 writes it, σ by its definition, with the metrics of every epoch.

    The loss is log(1 + e^z) − y z, summed with numpy's logaddexp (finite for large |z|).

    Returns (params (epochs + 1, d + 1), train loss, train accuracy, test loss, test accuracy).
    """
    w, b = np.zeros(x.shape[1]), 0.0
    params, rows = [], []

    def metrics(xs, ys):
        z = xs @ w + b
        return np.mean(np.logaddexp(0.0, z) - ys * z), np.mean((z >= 0) == (ys == 1))

    for epoch in range(epochs + 1):
        params.append(np.append(w, b))
        rows.append(metrics(x, y) + (metrics(x_test, y_test) if x_test is not None else ()))
        if epoch == epochs:
            break
        g = 1 / (1 + np.exp(-(x @ w + b)))
        w, b = w - eta * x.T @ (g - y) / len(y), b - eta * np.mean(g - y)
    return (np.array(params), *np.array(rows).T)


def small_data(seed=0, m=200):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, 2)) + [1.0, 3.0]
    y = (x[:, 0] + 0.5 * rng.normal(size=m) > 1.0).astype(float)
    return x, y


def lesson5_data():
    """Lesson 5's data: 400 samples of one feature, class means 1 and 3 (overlapping classes)."""
    return lu.make_two_gaussians(n_samples=400, means=((1.0,), (3.0,)), seed=1)


def test_train_matches_the_plain_loop_record_by_record():
    x, y = small_data()
    x_te, y_te = small_data(seed=1, m=50)
    model = LogisticRegression(2)
    history = train(model, x, y, 25, 0.3, x_te, y_te)
    params, tr_loss, tr_acc, te_loss, te_acc = plain_loop(x, y, 25, 0.3, x_te, y_te)
    np.testing.assert_allclose(history.params, params, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(history.train_loss, tr_loss, rtol=1e-10)
    np.testing.assert_allclose(history.test_loss, te_loss, rtol=1e-10)
    np.testing.assert_array_equal(history.train_accuracy, tr_acc)
    np.testing.assert_array_equal(history.test_accuracy, te_acc)
    np.testing.assert_allclose(model.parameters(), params[-1], rtol=1e-10)  # the model keeps the last


def test_the_record_of_a_full_batch_run():
    x, y = small_data()
    history = train(LogisticRegression(2), x, y, 10, 0.1)
    assert isinstance(history, History)
    assert history.batch_size == history.n_train == 200
    np.testing.assert_array_equal(history.updates, np.arange(11))
    np.testing.assert_array_equal(history.samples, 200 * np.arange(11))
    np.testing.assert_array_equal(history.epochs, np.arange(11.0))
    assert history.params.shape == (11, 3)
    assert history.train_loss.shape == history.train_accuracy.shape == (11,)
    assert history.test_loss is None and history.test_accuracy is None
    assert history.train_loss[0] == pytest.approx(math.log(2))  # w = 0, b = 0: g = 1/2 everywhere
    assert history.stopped_at is None and history.stop_reason == ""
    assert history.seconds[0] == 0.0 and np.all(np.diff(history.seconds) >= 0)
    assert history.message == (
        f"finished 10 epochs, 10 updates (learning rate 0.1): training loss {history.train_loss[-1]:.4g}"
    )
    assert repr(history) == f"History({history.message})"


def test_train_starts_from_the_models_parameters():
    x, y = small_data()
    model = LogisticRegression(2)
    model.set_parameters([0.5, -0.25, 0.1])
    history = train(model, x, y, 3, 0.1)
    np.testing.assert_array_equal(history.params[0], [0.5, -0.25, 0.1])


@pytest.mark.parametrize("eta", [10.0, 100.0])
def test_large_learning_rates_on_lesson5_data_run_every_epoch_and_stay_bounded(eta):
    """No stopping rule: every epoch is recorded; the loss bounces but does not grow.

    An independent bound: with a_i = (x_i, 1), each sample's loss has slope at most ‖a_i‖ in θ, so
    L(θ) ≤ log 2 + ‖θ‖ · max ‖a_i‖ (L(0) = log 2), whatever the step did.
    """
    x, y = lesson5_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither a RunStoppedWarning nor a numpy warning
        history = train(LogisticRegression(1), x, y, 2000, eta)
    assert history.stopped_at is None and len(history.train_loss) == 2001
    params, losses, *_ = plain_loop(x, y, 12, eta)
    np.testing.assert_allclose(history.train_loss[:13], losses, rtol=1e-9)
    if eta == 10.0:  # the values quoted for this run: 0.69, 2.54, 2.09, 7.50, 3.29, 0.37
        np.testing.assert_allclose(history.train_loss[:6], [0.69, 2.54, 2.09, 7.50, 3.29, 0.37], atol=0.006)
    reach = np.sqrt(x[:, 0] ** 2 + 1).max()
    bound = math.log(2) + np.linalg.norm(history.params, axis=1) * reach
    assert np.all(history.train_loss <= bound)
    assert history.train_loss[1000:].max() <= history.train_loss[:1000].max()


def test_article_raw_data_at_learning_rate_17_8_runs_all_epochs_and_beats_0_1(article_split):
    """The hold-out losses measured with plain gradient descent: 0.131 at η = 0.1, 1.9e-4 at η = 17.8."""
    x_tr, x_te, y_tr, y_te = article_split
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = train(LogisticRegression(2), x_tr, y_tr, 100, 17.8, x_te, y_te)
    assert fast.stopped_at is None and fast.epochs[-1] == 100
    assert fast.test_loss[-1] == pytest.approx(1.9e-4, rel=0.03)
    slow = train(LogisticRegression(2), x_tr, y_tr, 100, 0.1, x_te, y_te)
    assert slow.test_loss[-1] == pytest.approx(0.131, rel=0.01)


def test_article_split_matches_the_model_methods(article_split):
    x_tr, x_te, y_tr, y_te = article_split
    model = LogisticRegression(2)
    history = train(model, x_tr, y_tr, 5, 0.5, x_te, y_te)
    assert history.train_loss[-1] == pytest.approx(model.loss(x_tr, y_tr), rel=1e-12)
    assert history.test_loss[-1] == pytest.approx(model.loss(x_te, y_te), rel=1e-12)
    assert history.test_accuracy[-1] == model.accuracy(x_te, y_te)


@pytest.mark.parametrize("m", [7, 1000])
def test_extreme_logits_against_logaddexp(m):
    """Logits beyond ±1000, some on the wrong side: loss, accuracy and gradient stay exact, no warning."""
    rng = np.random.default_rng(m)
    x = rng.uniform(-1.5, 1.5, size=(m, 2))
    x[:2] = [[2.0, -1.0], [-2.0, 1.0]]  # z = 1102 and −1098
    y = (rng.random(m) < 0.5).astype(float)
    y[:2] = [0.0, 1.0]  # both confidently wrong
    w, b = np.array([400.0, -300.0]), 2.0
    z = x @ w + b
    model = LogisticRegression(2)
    model.set_parameters(np.append(w, b))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(model, x, y, epochs=1, learning_rate=1.0)
    s = 2 * y - 1
    assert history.train_loss[0] == pytest.approx(np.mean(np.logaddexp(0.0, -s * z)), rel=1e-13)
    assert history.train_accuracy[0] == np.mean((z >= 0) == (y == 1))
    g = np.exp(-np.logaddexp(0.0, -z))  # σ(z) = e^(−log(1 + e^(−z))), no overflow
    step = history.params[0] - history.params[1]  # η = 1, so the step is the gradient
    np.testing.assert_allclose(step[:2], x.T @ (g - y) / m, rtol=1e-11)
    assert step[2] == pytest.approx(np.mean(g - y), rel=1e-11)


def test_a_custom_step_rule_replaces_the_update_not_the_loop():
    """Heavy-ball momentum as a step rule: v ← β v + gradient, θ ← θ − η v, against a plain loop."""

    class Momentum:
        def __init__(self, beta):
            self.beta, self.velocity = beta, None

        def __call__(self, model, gradients, learning_rate):
            flat = np.append(*gradients)
            self.velocity = flat if self.velocity is None else self.beta * self.velocity + flat
            model.set_parameters(model.parameters() - learning_rate * self.velocity)

    x, y = small_data()
    history = train(LogisticRegression(2), x, y, 15, 0.2, step=Momentum(0.9))
    theta, v = np.zeros(3), np.zeros(3)
    for _ in range(15):
        g = 1 / (1 + np.exp(-(x @ theta[:2] + theta[2])))
        v = 0.9 * v + np.append(x.T @ (g - y), np.sum(g - y)) / len(y)
        theta = theta - 0.2 * v
    np.testing.assert_allclose(history.params[-1], theta, rtol=1e-10)


def test_a_network_whose_loss_overflows_stops_once_with_finite_parameters():
    x, y = lu.make_rings(400, seed=2)
    net = TwoLayerNetwork(2, 16, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = train(net, x, y, 100, 1e306)
    assert [w.category for w in caught] == [RunStoppedWarning]
    assert history.stopped_at == 2
    assert history.stop_reason == "the training loss became inf"
    assert str(caught[0].message).startswith("Training stopped at update 2 (learning rate 1e+306)")
    assert "the model keeps the parameters after update 1" in history.message
    np.testing.assert_array_equal(history.updates, [0, 1])
    assert np.all(np.isfinite(history.train_loss)) and np.all(np.isfinite(net.parameters()))
    np.testing.assert_array_equal(net.parameters(), history.params[-1])


def test_the_l2_penalty_at_eta_lambda_above_2_truly_diverges_and_stops():
    """The penalty's slope λ‖w‖ is not bounded: at η·λ = 3 each step multiplies w by about 1 − 3 = −2,
    so the loss, dominated by (λ/2)·w², grows by about 4 per step until it overflows float64
    (4^k > 1e308 near k = 512)."""
    x, y = lesson5_data()
    model = LogisticRegression(1, l2=1.0)
    with pytest.warns(RunStoppedWarning, match="the training loss became inf"):
        history = train(model, x, y, 2000, 3.0)
    assert 500 <= history.stopped_at <= 520
    growth = history.train_loss[101:400] / history.train_loss[100:399]
    np.testing.assert_allclose(growth, 4.0, rtol=1e-6)
    assert np.all(np.isfinite(model.parameters()))
    np.testing.assert_array_equal(model.parameters(), history.params[-1])


def test_a_step_that_overflows_a_parameter_stops_at_update_1():
    x, y = small_data()
    model = LogisticRegression(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the overflow itself is not printed
        with pytest.warns(RunStoppedWarning, match="stopped at update 1 .*a parameter became inf or NaN"):
            history = train(model, 1e150 * x, y, epochs=5, learning_rate=1e300)
    assert history.stopped_at == 1
    np.testing.assert_array_equal(model.parameters(), [0.0, 0.0, 0.0])
    assert len(history.train_loss) == 1


def test_article_learning_rates_that_break_its_code_do_not_break_train(article_split):
    x_tr, x_te, y_tr, y_te = article_split
    article = ArticleLogisticRegression(2)  # η = 3 breaks the article's code after two steps
    for _ in range(2):
        article.optimize(*article.compute_gradients(x_tr, y_tr), 3.0)
    assert np.isnan(article.w).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(LogisticRegression(2), x_tr, y_tr, 20, 3.0, x_te, y_te)
    assert np.all(np.isfinite(history.params))
    assert history.test_accuracy[-1] > 0.99


class NoOptimize:
    def compute_gradients(self, x, y):
        return ()


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"epochs": 0}, ValueError, "epochs must be an integer ≥ 1"),
    ({"epochs": 2.5}, TypeError, "epochs must be an integer ≥ 1"),
    ({"epochs": True}, TypeError, "epochs must be an integer ≥ 1"),
    ({"learning_rate": 0}, ValueError, "learning_rate must be a finite number > 0"),
    ({"learning_rate": math.nan}, ValueError, "learning_rate must be a finite number > 0"),
    ({"learning_rate": math.inf}, ValueError, "learning_rate must be a finite number > 0"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate must be a number > 0"),
    ({"x_test": np.ones((3, 2))}, ValueError, "x_test and y_test must be given together"),
    ({"x_test": np.ones((3, 3)), "y_test": np.ones(3)}, ValueError, "x_test must have 2 feature column"),
    ({"x_test": np.ones((3, 2)), "y_test": np.ones(2)}, ValueError, r"y_test must have one label per sample"),
    ({"step": "momentum"}, TypeError, "step must be a step rule"),
    ({"model": NoOptimize()}, TypeError, "model must have the methods .* NoOptimize without optimize, loss"),
])
def test_bad_input(kwargs, error, match):
    x, y = small_data()
    args = {"model": LogisticRegression(2), "epochs": 3, "learning_rate": 0.1} | kwargs
    with pytest.raises(error, match=match):
        train(args.pop("model"), x, y, **args)


def test_bad_training_data():
    with pytest.raises(ValueError, match="y_train must contain only the labels 0 and 1"):
        train(LogisticRegression(1), np.ones((3, 1)), np.array([0, 1, -1]), 1, 0.1)
    with pytest.raises(ValueError, match="x_train must have 1 feature column"):
        train(LogisticRegression(1), np.ones((3, 2)), np.ones(3), 1, 0.1)


def test_a_start_with_an_infinite_loss_is_refused():
    model = LogisticRegression(1)
    model.set_parameters([1e308, 1e308])
    with pytest.raises(ValueError, match="model must start from parameters with a finite loss"):
        train(model, np.array([[10.0], [-10.0]]), np.array([0.0, 1.0]), 1, 0.1)
