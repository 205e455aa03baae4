"""Mini-batch SGD against a hand-written loop, full-batch descent (train) and hand counts."""

import math
import warnings

import numpy as np
import pytest

from lesson_utils import (
    History,
    LogisticRegression,
    RunStoppedWarning,
    TwoLayerNetwork,
    binary_cross_entropy,
    make_rings,
    train,
)
from lesson_utils.sgd import learning_rate_schedule, sgd


@pytest.fixture
def blobs(rng):
    """100 training and 40 test samples from two overlapping Gaussians (a finite minimum exists)."""
    def draw(n):
        y = (np.arange(n) % 2).astype(float)
        x = rng.normal(size=(n, 2)) + np.outer(y, [1.0, 1.5])
        return x, y

    x, y = draw(100)
    xt, yt = draw(40)
    return x, y, xt, yt


def hand_sgd(x, y, batch_size, epochs, eta0, decay=0.0, seed=0):
    """Textbook loop with the sigmoid written out: a different formula from the tanh form in sgd."""
    rng = np.random.default_rng(seed)
    w, b, t = np.zeros(x.shape[1]), 0.0, 0
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            idx = order[start : start + batch_size]
            g = 1.0 / (1.0 + np.exp(-(x[idx] @ w + b)))
            eta = eta0 / (1.0 + decay * t)
            w = w - eta * x[idx].T @ (g - y[idx]) / len(idx)
            b = b - eta * float(np.mean(g - y[idx]))
            t += 1
    return w, b


@pytest.mark.parametrize("batch_size", [1, 7, 32, 100])
def test_matches_hand_loop(blobs, batch_size):
    x, y, xt, yt = blobs
    model = LogisticRegression(2)
    sgd(model, x, y, xt, yt, batch_size=batch_size, epochs=3, learning_rate=0.3, seed=5)
    w, b = hand_sgd(x, y, batch_size, 3, 0.3, seed=5)
    np.testing.assert_allclose(model.w, w, rtol=1e-12, atol=1e-13)
    assert model.b == pytest.approx(b, rel=1e-12, abs=1e-13)


def test_decaying_rate_matches_hand_loop(blobs):
    x, y, xt, yt = blobs
    model = LogisticRegression(2)
    h = sgd(model, x, y, xt, yt, batch_size=10, epochs=4, learning_rate=0.8, decay=0.05, seed=2)
    w, b = hand_sgd(x, y, 10, 4, 0.8, decay=0.05, seed=2)
    np.testing.assert_allclose(model.parameters(), np.append(w, b), rtol=1e-12, atol=1e-13)
    assert h.decay == 0.05 and h.learning_rate == 0.8


def test_full_batch_equals_train_and_gives_the_same_record(blobs):
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=100, epochs=6, learning_rate=0.5)
    reference = train(LogisticRegression(2), x, y, 6, 0.5, xt, yt)
    assert type(h) is type(reference) is History
    np.testing.assert_allclose(h.params, reference.params, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h.test_loss, reference.test_loss, rtol=1e-12)
    np.testing.assert_allclose(h.train_loss, reference.train_loss, rtol=1e-12)
    for name in ("updates", "samples", "epochs", "train_accuracy", "test_accuracy"):
        np.testing.assert_array_equal(getattr(h, name), getattr(reference, name))
    np.testing.assert_array_equal(h.updates, np.arange(7))
    np.testing.assert_array_equal(h.samples, 100 * np.arange(7))
    assert h.batch_size == reference.batch_size == h.n_train == 100
    assert h.message == reference.message


def test_recorded_losses_match_another_formula(blobs):
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=16, epochs=2, learning_rate=1.0, seed=1)
    for theta, test_loss, train_loss, acc in zip(h.params, h.test_loss, h.train_loss, h.test_accuracy,
                                                 strict=True):
        g_test = 1.0 / (1.0 + np.exp(-(xt @ theta[:2] + theta[2])))
        g_train = 1.0 / (1.0 + np.exp(-(x @ theta[:2] + theta[2])))
        assert test_loss == pytest.approx(binary_cross_entropy(yt, g_test), rel=1e-12)
        assert train_loss == pytest.approx(binary_cross_entropy(y, g_train), rel=1e-12)
        assert acc == pytest.approx(np.mean((g_test >= 0.5) == (yt == 1)))


def test_counts_and_records_by_hand(blobs):
    # m = 100, B = 32: batches of 32, 32, 32, 4 -> 4 updates and 100 samples per epoch.
    # Records when 50, 100, 150, ... samples are passed: at 64, 100, 164, 200, 264, 300.
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=32, epochs=3, learning_rate=0.1, record_every=50)
    np.testing.assert_array_equal(h.samples, [0, 64, 100, 164, 200, 264, 300])
    np.testing.assert_array_equal(h.updates, [0, 2, 4, 6, 8, 10, 12])
    np.testing.assert_allclose(h.epochs, [0, 0.64, 1.0, 1.64, 2.0, 2.64, 3.0])
    assert h.n_train == 100 and h.batch_size == 32 and h.stopped_at is None


def test_default_records_ten_per_epoch_and_always_the_end(blobs):
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=3, epochs=1, learning_rate=0.1)
    # the first update boundary at or past each multiple of 10 (m // 10): 12 ≥ 10, 21 ≥ 20, 30, 42,
    # 51, 60, 72, 81, 90, and 100 (the last batch holds one sample), which is also the end
    np.testing.assert_array_equal(h.samples, [0, 12, 21, 30, 42, 51, 60, 72, 81, 90, 100])
    assert h.updates[-1] == 34  # ⌈100 / 3⌉


def test_wall_time_starts_at_zero_and_never_decreases(blobs):
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=5, epochs=2, learning_rate=0.1)
    assert h.seconds[0] == 0.0
    assert np.all(np.diff(h.seconds) >= 0)


def test_same_seed_same_run_other_seed_other_run(blobs):
    x, y, xt, yt = blobs
    run = lambda s: sgd(LogisticRegression(2), x, y, xt, yt, batch_size=8, epochs=2,  # noqa: E731
                        learning_rate=0.5, seed=s).params
    np.testing.assert_array_equal(run(3), run(3))
    assert not np.allclose(run(3), run(4))


def test_starts_from_the_models_parameters(blobs):
    x, y, xt, yt = blobs
    model = LogisticRegression(2)
    model.set_parameters([0.4, -0.2, 0.1])
    h = sgd(model, x, y, xt, yt, batch_size=10, epochs=1, learning_rate=0.1)
    np.testing.assert_array_equal(h.params[0], [0.4, -0.2, 0.1])
    np.testing.assert_array_equal(model.parameters(), h.params[-1])


def test_message_and_repr(blobs):
    x, y, xt, yt = blobs
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=25, epochs=2, learning_rate=0.5, decay=0.1)
    assert isinstance(h, History)
    assert h.message == (
        "finished 2 epochs, 8 updates (learning rate 0.5 decaying as 1/(1 + 0.1 t), batch size 25): "
        f"training loss {h.train_loss[-1]:.4g}, hold-out loss {h.test_loss[-1]:.4g}, "
        f"hold-out accuracy {h.test_accuracy[-1]:.2%}"
    )
    assert repr(h) == f"History({h.message})"


def test_huge_steps_on_the_logistic_loss_run_to_the_end(blobs):
    """No stopping rule: a step of η = 1000 on inputs scaled by 1000 overshoots, and the run goes on.

    The loss has slope at most max ‖(x_i, 1)‖ in θ, so L(θ) ≤ log 2 + ‖θ‖ · max ‖(x_i, 1)‖.
    """
    x, y, xt, yt = blobs
    x, xt = 1e3 * x, 1e3 * xt
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=1, epochs=2, learning_rate=1e3,
                record_every=1)
    assert h.stopped_at is None
    np.testing.assert_array_equal(h.updates, np.arange(201))
    reach = np.sqrt((x**2).sum(axis=1) + 1).max()
    assert np.all(h.train_loss <= np.log(2) + np.linalg.norm(h.params, axis=1) * reach)


def test_non_finite_parameters_stop_the_run(blobs):
    x, y, xt, yt = blobs
    model = LogisticRegression(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # overflow must not leak out as a warning
        with pytest.warns(RunStoppedWarning, match="stopped at update 1 .*a parameter became inf or NaN"):
            h = sgd(model, 1e150 * x, y, xt, yt, batch_size=100, epochs=3, learning_rate=1e300)
    assert h.stopped_at == 1
    np.testing.assert_array_equal(model.parameters(), [0.0, 0.0, 0.0])
    assert len(h.samples) == 1


def test_a_stopped_mini_batch_run_keeps_the_last_recorded_parameters():
    x, y = make_rings(400, seed=2)
    net = TwoLayerNetwork(2, 16, seed=0)
    with pytest.warns(RunStoppedWarning, match="the training loss became inf"):
        h = sgd(net, x, y, batch_size=50, epochs=3, learning_rate=1e306, record_every=100)
    assert h.stopped_at is not None and h.stopped_at > h.updates[-1]
    assert h.test_loss is None
    np.testing.assert_array_equal(net.parameters(), h.params[-1])
    assert np.all(np.isfinite(h.train_loss))


def test_without_a_test_set_and_with_a_network(blobs):
    x, y, _, _ = blobs
    net = TwoLayerNetwork(2, 3, seed=1)
    h = sgd(net, x, y, batch_size=20, epochs=2, learning_rate=0.5, seed=3)
    assert h.test_loss is None and h.test_accuracy is None
    assert h.params.shape == (len(h.updates), net.n_parameters)
    np.testing.assert_array_equal(net.parameters(), h.params[-1])
    assert h.train_loss[-1] == pytest.approx(net.loss(x, y), rel=1e-12)


def test_schedule_values():
    assert learning_rate_schedule(0, 0.5, 0.01) == 0.5
    assert learning_rate_schedule(100, 0.5, 0.01) == pytest.approx(0.25)
    assert learning_rate_schedule(48_000, 0.5, 0.01) == pytest.approx(0.5 / 481)
    np.testing.assert_allclose(learning_rate_schedule(np.array([0, 1, 3]), 1.0, 1.0), [1.0, 0.5, 0.25])
    assert learning_rate_schedule(10**6, 0.3) == 0.3


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"t": -1}, ValueError, "t must be non-negative"),
        ({"t": "1"}, TypeError, "t must be numbers"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a finite number > 0"),
        ({"decay": -0.1}, ValueError, "decay must be a finite number ≥ 0"),
        ({"decay": math.inf}, ValueError, "decay must be a finite number ≥ 0"),
        ({"decay": True}, TypeError, "decay must be a number ≥ 0"),
    ],
)
def test_schedule_bad_input(kwargs, error, match):
    args = {"t": 1, "learning_rate": 0.1, "decay": 0.0} | kwargs
    with pytest.raises(error, match=match):
        learning_rate_schedule(**args)


def _call(blobs, **overrides):
    x, y, xt, yt = blobs
    args = {"model": LogisticRegression(2), "x_train": x, "y_train": y, "x_test": xt, "y_test": yt,
            "batch_size": 10, "epochs": 1, "learning_rate": 0.1} | overrides
    return sgd(args.pop("model"), args.pop("x_train"), args.pop("y_train"), args.pop("x_test"),
               args.pop("y_test"), **args)


def _with_nan(x):
    x = x.copy()
    x[3, 1] = np.nan
    return x


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda b: {"model": "model"}, TypeError, "model must have the methods .* got str"),
        (lambda b: {"x_train": np.zeros(100)}, ValueError, "x_train must be 2-D"),
        (lambda b: {"x_train": np.zeros((100, 3))}, ValueError, "x_train must have 2 feature column"),
        (lambda b: {"y_train": np.full(100, 2.0)}, ValueError, "y_train must contain only the labels 0"),
        (lambda b: {"y_train": np.zeros(99)}, ValueError, "y_train must have one label per sample"),
        (lambda b: {"x_test": np.zeros((40, 1))}, ValueError, "x_test must have 2 feature column"),
        (lambda b: {"y_test": np.zeros(41)}, ValueError, "y_test must have one label per sample"),
        (lambda b: {"x_train": _with_nan(b[0])}, ValueError, "x_train must not contain NaN"),
        (lambda b: {"batch_size": 0}, ValueError, r"batch_size must be an integer in \[1, 100\]"),
        (lambda b: {"batch_size": 1.5}, TypeError, r"batch_size must be an integer in \[1, 100\]"),
        (lambda b: {"batch_size": 101}, ValueError, r"batch_size must be an integer in \[1, 100\], got 10"),
        (lambda b: {"epochs": 0}, ValueError, "epochs must be an integer ≥ 1"),
        (lambda b: {"learning_rate": -0.1}, ValueError, "learning_rate must be a finite number > 0"),
        (lambda b: {"learning_rate": "0.1"}, TypeError, "learning_rate must be a number > 0"),
        (lambda b: {"decay": -1.0}, ValueError, "decay must be a finite number ≥ 0"),
        (lambda b: {"decay": None}, TypeError, "decay must be a number ≥ 0"),
        (lambda b: {"seed": -1}, ValueError, "seed must be an integer ≥ 0"),
        (lambda b: {"record_every": 0}, ValueError, "record_every must be an integer ≥ 1"),
    ],
)
def test_sgd_rejects_bad_input(blobs, change, error, match):
    with pytest.raises(error, match=match):
        _call(blobs, **change(blobs))


def test_bad_starting_parameters(blobs):
    model = LogisticRegression(2)
    model.w = np.array([1e308, 1e308])
    with pytest.raises(ValueError, match="model must start from parameters with a finite loss"):
        _call(blobs, model=model, x_train=10 * blobs[0])
