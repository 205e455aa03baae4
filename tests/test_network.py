"""TwoLayerNetwork against hand values, finite differences, its symmetries and bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lesson_utils as lu
from lesson_utils.data_nonlinear import make_rings
from lesson_utils.network import TwoLayerNetwork


def net_with(W1, b1, w2, b2):
    W1 = np.asarray(W1, dtype=float)
    net = TwoLayerNetwork(W1.shape[0], W1.shape[1])
    net.W1, net.b1, net.w2, net.b2 = W1, np.asarray(b1, dtype=float), np.asarray(w2, dtype=float), float(b2)
    return net


def loss_by_hand(x, y, W1, b1, w2, b2):
    """Mean BCE sample by sample with the math module (moderate logits only)."""
    total = 0.0
    d, h = len(W1), len(b1)
    for xi, yi in zip(x, y, strict=True):
        a1 = [math.tanh(sum(xi[j] * W1[j][k] for j in range(d)) + b1[k]) for k in range(h)]
        z2 = sum(a * w for a, w in zip(a1, w2, strict=True)) + b2
        g = 1.0 / (1.0 + math.exp(-z2))
        total -= yi * math.log(g) + (1 - yi) * math.log(1 - g)
    return total / len(y)


def flat(grads):
    return np.concatenate([np.ravel(g) for g in grads])


# ---------- start and shapes ----------


def test_same_seed_same_start_and_different_seed_different_start():
    a, b, c = TwoLayerNetwork(3, 5, seed=7), TwoLayerNetwork(3, 5, seed=7), TwoLayerNetwork(3, 5, seed=8)
    np.testing.assert_array_equal(a.parameters(), b.parameters())
    assert not np.array_equal(a.parameters(), c.parameters())


def test_start_shapes_and_zero_biases():
    net = TwoLayerNetwork(3, 5)
    assert net.W1.shape == (3, 5) and net.b1.shape == (5,) and net.w2.shape == (5,)
    np.testing.assert_array_equal(net.b1, np.zeros(5))
    assert net.b2 == 0.0
    assert net.n_parameters == 3 * 5 + 5 + 5 + 1 == net.parameters().size


def test_start_scale_is_one_over_root_fan_in():
    net = TwoLayerNetwork(400, 100, seed=1)
    assert np.std(net.W1) == pytest.approx(1 / math.sqrt(400), rel=0.03)
    big = TwoLayerNetwork(1, 40_000, seed=1)
    assert np.std(big.w2) == pytest.approx(1 / math.sqrt(40_000), rel=0.03)


# ---------- forward ----------


def test_predict_hand_values():
    net = net_with([[1.0, -1.0], [0.5, 2.0]], [0.1, -0.2], [1.5, -0.5], 0.3)
    x = np.array([[1.0, 2.0], [-1.0, 0.0]])
    z, g = net.predict(x)
    for i, (x1, x2) in enumerate(x):
        a = [math.tanh(x1 * 1.0 + x2 * 0.5 + 0.1), math.tanh(x1 * -1.0 + x2 * 2.0 - 0.2)]
        z_hand = 1.5 * a[0] - 0.5 * a[1] + 0.3
        assert z[i] == pytest.approx(z_hand, rel=1e-14)
        assert g[i] == pytest.approx(1 / (1 + math.exp(-z_hand)), rel=1e-14)


def test_forward_intermediates_are_consistent():
    net = TwoLayerNetwork(2, 3, seed=2)
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    cache = net.forward(x)
    np.testing.assert_allclose(cache["z1"], x @ net.W1 + net.b1)
    np.testing.assert_allclose(cache["a1"], np.tanh(cache["z1"]))
    np.testing.assert_allclose(cache["z2"], cache["a1"] @ net.w2 + net.b2)
    np.testing.assert_allclose(cache["g"], 1 / (1 + np.exp(-cache["z2"])))


# ---------- gradients ----------


def test_gradients_by_hand_one_sample_one_unit():
    # x = 2, y = 1, W1 = 0.5, b1 = 0, w2 = 1, b2 = 0: z1 = 1, a1 = tanh 1, z2 = a1, g = σ(a1)
    net = net_with([[0.5]], [0.0], [1.0], 0.0)
    dW1, db1, dw2, db2 = net.compute_gradients(np.array([[2.0]]), np.array([1.0]))
    a1 = math.tanh(1.0)
    g = 1 / (1 + math.exp(-a1))
    sech2 = 1 / math.cosh(1.0) ** 2  # tanh' by another formula
    assert db2 == pytest.approx(g - 1, rel=1e-14)
    np.testing.assert_allclose(dw2, [(g - 1) * a1], rtol=1e-14)
    np.testing.assert_allclose(db1, [(g - 1) * 1.0 * sech2], rtol=1e-13)
    np.testing.assert_allclose(dW1, [[(g - 1) * 1.0 * sech2 * 2.0]], rtol=1e-13)


def test_gradients_match_finite_differences_of_hand_loss(rng):
    x = rng.normal(size=(20, 3))
    y = (rng.random(20) < 0.5).astype(float)
    net = TwoLayerNetwork(3, 4, seed=3)
    net.b1 = rng.normal(size=4)
    net.b2 = -0.4

    def loss(theta):
        probe = TwoLayerNetwork(3, 4)
        probe.set_parameters(theta)
        return loss_by_hand(x, y, probe.W1.tolist(), probe.b1.tolist(), probe.w2.tolist(), probe.b2)

    numeric = lu.numerical_gradient(loss, net.parameters())
    np.testing.assert_allclose(flat(net.compute_gradients(x, y)), numeric, rtol=1e-6, atol=1e-9)
    assert net.loss(x, y) == pytest.approx(loss(net.parameters()), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    m=st.integers(1, 8),
    d=st.integers(1, 3),
    h=st.integers(1, 4),
    seed=st.integers(0, 10_000),
    scale=st.floats(0.1, 3.0),
)
def test_property_analytic_gradient_equals_numeric(m, d, h, seed, scale):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, d)) * scale
    y = (rng.random(m) < 0.5).astype(float)
    net = TwoLayerNetwork(d, h, seed=seed)
    net.set_parameters(rng.normal(size=net.n_parameters) * scale)
    probe = TwoLayerNetwork(d, h)

    def loss(theta):
        probe.set_parameters(theta)
        return probe.loss(x, y)

    numeric = lu.numerical_gradient(loss, net.parameters())
    np.testing.assert_allclose(flat(net.compute_gradients(x, y)), numeric, rtol=1e-5, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(x=arrays(np.float64, (5, 2), elements=st.floats(-1e6, 1e6)), seed=st.integers(0, 1000))
def test_property_extreme_inputs_stay_finite_without_warnings(x, seed):
    net = TwoLayerNetwork(2, 3, seed=seed)
    net.w2 = net.w2 * 1e3  # logits up to thousands: σ and the loss must still be exact and finite
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z, g = net.predict(x)
        grads = net.compute_gradients(x, y)
        loss = net.loss(x, y)
    assert np.all(np.isfinite(z)) and np.all((g >= 0) & (g <= 1))
    assert all(np.all(np.isfinite(gr)) for gr in grads)
    assert math.isfinite(loss) and loss >= 0


def test_confident_correct_sample_has_zero_gradient_and_wrong_one_costs_its_logit():
    net = net_with([[1.0]], [0.0], [50.0], 0.0)  # z2 = 50 tanh(x1): g rounds to 1 at x1 = 10
    x = np.array([[10.0]])
    grads = net.compute_gradients(x, np.array([1.0]))
    assert all(np.all(np.abs(gr) < 1e-20) for gr in grads)
    # label 0: loss = log(1 + e^z) ≈ z = 50 tanh(10)
    assert net.loss(x, np.array([0.0])) == pytest.approx(50 * math.tanh(10.0), rel=1e-12)


def test_overflowing_pre_activations_are_refused_not_nan():
    net = net_with(np.full((2, 3), 10.0), np.zeros(3), np.ones(3), 0.0)  # 10 · 1e308 overflows
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="overflow"):
            net.predict(np.array([[1e308, 1e308]]))


# ---------- update, loss, accuracy ----------


def test_optimize_takes_one_step_against_the_gradient():
    net = TwoLayerNetwork(2, 3, seed=4)
    before = net.parameters()
    grads = (np.ones((2, 3)), np.full(3, 2.0), np.full(3, -1.0), 0.5)
    net.optimize(*grads, 0.1)
    np.testing.assert_allclose(net.parameters(), before - 0.1 * flat(grads), rtol=0, atol=1e-15)


def test_gradient_descent_lowers_the_loss_and_train_reaches_95_percent():
    x, y = make_rings(1000, seed=1)
    x_tr, x_te, y_tr, y_te = lu.train_test_split(x, y, seed=1)
    net = TwoLayerNetwork(2, 4, seed=0)
    history = lu.train(net, x_tr, y_tr, 400, 1.0, x_te, y_te)
    assert history.params.shape == (401, net.n_parameters)
    assert history.train_loss[-1] < 0.5 * history.train_loss[0]
    assert history.test_accuracy[-1] >= 0.95
    assert net.accuracy(x_te, y_te) == history.test_accuracy[-1]


def test_loss_and_accuracy_by_hand():
    net = net_with([[1.0, -2.0]], [0.0, 0.5], [2.0, 1.0], -0.25)
    x = np.array([[0.5], [-1.5], [2.0]])
    y = np.array([1.0, 0.0, 0.0])
    z = [2 * math.tanh(v) + math.tanh(-2 * v + 0.5) - 0.25 for v in (0.5, -1.5, 2.0)]
    # label 1 costs log(1 + e^(−z)), label 0 costs log(1 + e^z)
    costs = [math.log1p(math.exp(-z[0])), math.log1p(math.exp(z[1])), math.log1p(math.exp(z[2]))]
    expected_loss = np.mean(costs)
    assert net.loss(x, y) == pytest.approx(expected_loss, rel=1e-13)
    expected_acc = np.mean([(zi >= 0) == (yi == 1) for zi, yi in zip(z, y, strict=True)])
    assert net.accuracy(x, y) == expected_acc


def test_huge_learning_rates_run_on_until_the_loss_overflows():
    """tanh saturates, so even η = 1000 gives finite numbers for every epoch (no stopping rule); at
    η = 1e306 the output weights reach about 1e305 and the logits overflow: the run stops there."""
    x, y = make_rings(400, seed=2)
    net = TwoLayerNetwork(2, 16, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = lu.train(net, x, y, 50, 1e3)
    assert history.stopped_at is None and len(history.train_loss) == 51
    net = TwoLayerNetwork(2, 16, seed=0)
    with pytest.warns(lu.RunStoppedWarning, match="the training loss became inf"):
        history = lu.train(net, x, y, 100, 1e306)
    assert history.stopped_at == 2
    assert np.all(np.isfinite(net.parameters()))
    np.testing.assert_array_equal(net.parameters(), history.params[-1])


def test_compute_gradients_runs_the_forward_pass_once(rng):
    net = TwoLayerNetwork(2, 3, seed=1)
    x = rng.normal(size=(5, 2))
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    calls = []
    forward = net.forward
    net.forward = lambda xs: calls.append(xs) or forward(xs)
    net.compute_gradients(x, y)
    assert len(calls) == 1


# ---------- parameters and symmetries ----------


def test_parameters_layout_and_round_trip():
    net = net_with([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0], [7.0, 8.0], 9.0)
    np.testing.assert_array_equal(net.parameters(), np.arange(1.0, 10.0))
    theta = net.parameters()
    theta[0] = 100.0  # a copy: the network must not change
    assert net.W1[0, 0] == 1.0
    other = TwoLayerNetwork(2, 2)
    other.set_parameters(np.arange(1.0, 10.0))
    np.testing.assert_array_equal(other.W1, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(other.b1, [5.0, 6.0])
    np.testing.assert_array_equal(other.w2, [7.0, 8.0])
    assert other.b2 == 9.0


def test_swapping_and_flipping_units_leaves_predictions_unchanged(rng):
    net = TwoLayerNetwork(2, 3, seed=5)
    net.b1 = rng.normal(size=3)
    x = rng.normal(size=(10, 2))
    order = [2, 0, 1]
    sign = np.array([1.0, -1.0, 1.0])
    other = net_with(net.W1[:, order] * sign, net.b1[order] * sign, net.w2[order] * sign, net.b2)
    np.testing.assert_allclose(other.predict(x)[1], net.predict(x)[1], rtol=1e-14)
    assert np.linalg.norm(other.parameters() - net.parameters()) > 0.1


def test_identical_hidden_units_stay_identical(rng):
    net = net_with([[0.3, 0.3], [-0.2, -0.2]], [0.1, 0.1], [0.5, 0.5], 0.0)
    x = rng.normal(size=(30, 2))
    y = (rng.random(30) < 0.5).astype(float)
    for _ in range(20):
        net.optimize(*net.compute_gradients(x, y), 0.5)
    np.testing.assert_allclose(net.W1[:, 0], net.W1[:, 1], rtol=1e-12)
    np.testing.assert_allclose(net.w2[0], net.w2[1], rtol=1e-12)


# ---------- bad input, one case each ----------


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_features": 0, "n_hidden": 2}, ValueError),
        ({"n_features": 2, "n_hidden": 0}, ValueError),
        ({"n_features": 2, "n_hidden": 2.5}, TypeError),
        ({"n_features": "2", "n_hidden": 2}, TypeError),
        ({"n_features": 2, "n_hidden": True}, TypeError),
        ({"n_features": 2, "n_hidden": 2, "seed": -1}, ValueError),
        ({"n_features": 2, "n_hidden": 2, "seed": 1.5}, TypeError),
    ],
)
def test_bad_constructor_arguments(kwargs, error):
    with pytest.raises(error):
        TwoLayerNetwork(**kwargs)


@pytest.mark.parametrize(
    ("x", "match"),
    [
        (np.ones((3, 3)), "feature"),
        (np.ones(3), "2-D"),
        (np.empty((0, 2)), "empty"),
        (np.array([[np.nan, 1.0]]), "NaN"),
        (np.array([[np.inf, 1.0]]), "finite"),
    ],
)
def test_bad_x(x, match):
    with pytest.raises(ValueError, match=match):
        TwoLayerNetwork(2, 3).predict(x)


def test_x_of_strings_is_a_type_error():
    with pytest.raises(TypeError, match="x"):
        TwoLayerNetwork(2, 3).predict("not data")


def test_labels_other_than_0_and_1():
    with pytest.raises(ValueError, match="labels 0 and 1"):
        TwoLayerNetwork(2, 3).compute_gradients(np.ones((2, 2)), np.array([0.0, 2.0]))


def test_labels_of_wrong_length():
    with pytest.raises(ValueError, match="one label per sample"):
        TwoLayerNetwork(2, 3).loss(np.ones((2, 2)), np.array([0.0, 1.0, 1.0]))


@pytest.mark.parametrize(
    ("position", "value", "match"),
    [
        (0, np.ones((3, 2)), "dL_dW1 must have shape"),
        (1, np.ones(2), "dL_db1 must have shape"),
        (2, np.ones(4), "dL_dw2 must have shape"),
        (3, np.ones(2), "dL_db2 must be one number"),
        (0, np.full((2, 3), np.nan), "dL_dW1 must not contain NaN"),
    ],
)
def test_optimize_bad_gradients(position, value, match):
    net = TwoLayerNetwork(2, 3)
    grads = [np.zeros((2, 3)), np.zeros(3), np.zeros(3), 0.0]
    grads[position] = value
    with pytest.raises(ValueError, match=match):
        net.optimize(*grads, 0.1)


@pytest.mark.parametrize(("eta", "error"), [(0.0, ValueError), (-1.0, ValueError), ("0.1", TypeError)])
def test_optimize_bad_learning_rate(eta, error):
    with pytest.raises(error, match="learning_rate"):
        TwoLayerNetwork(2, 3).optimize(np.zeros((2, 3)), np.zeros(3), np.zeros(3), 0.0, eta)


def test_set_parameters_wrong_length():
    with pytest.raises(ValueError, match=r"theta must have shape \(13,\)"):
        TwoLayerNetwork(2, 3).set_parameters(np.zeros(12))


def test_set_parameters_nan():
    with pytest.raises(ValueError, match="theta must not contain NaN"):
        TwoLayerNetwork(2, 3).set_parameters(np.full(13, np.nan))
