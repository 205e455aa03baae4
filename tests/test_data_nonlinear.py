"""make_rings and make_quadrants: shapes, seeds, geometry against closed-form probabilities, bad input."""

import math

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.data_nonlinear import make_quadrants, make_rings


def normal_cdf(t):
    return 0.5 * (1 + math.erf(t / math.sqrt(2)))


# ---------- rings ----------


def test_rings_shapes_counts_and_labels():
    x, y = make_rings(101, seed=3)
    assert x.shape == (101, 2) and y.shape == (101,)
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert int((y == 0).sum()) == 50 and int((y == 1).sum()) == 51


def test_rings_same_seed_same_data_other_seed_other_data():
    a, b, c = make_rings(50, seed=1), make_rings(50, seed=1), make_rings(50, seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_rings_without_noise_lie_exactly_on_their_circles():
    x, y = make_rings(200, radii=(0.5, 3.0), noise=0.0, seed=0)
    r = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(r[y == 0], 0.5, rtol=1e-14)
    np.testing.assert_allclose(r[y == 1], 3.0, rtol=1e-14)


def test_rings_radius_noise_has_the_requested_spread():
    x, y = make_rings(40_000, radii=(2.0, 5.0), noise=0.3, seed=4)
    r = np.hypot(x[:, 0], x[:, 1])
    deviation = r - np.where(y == 1, 5.0, 2.0)
    assert np.std(deviation) == pytest.approx(0.3, rel=0.02)
    assert abs(np.mean(deviation)) < 0.01


def test_rings_angles_are_uniform():
    x, _ = make_rings(40_000, seed=5)
    quadrant = (x[:, 0] > 0).astype(int) * 2 + (x[:, 1] > 0)
    shares = np.bincount(quadrant, minlength=4) / len(x)
    np.testing.assert_allclose(shares, 0.25, atol=0.01)


def test_rings_the_middle_circle_errs_as_often_as_the_normal_tail_says():
    # A sample is misclassified by the circle of radius 1.5 when its radius noise exceeds 0.5 = 2.5 σ.
    x, y = make_rings(40_000, radii=(1.0, 2.0), noise=0.2, seed=6)
    predicted = np.hypot(x[:, 0], x[:, 1]) > 1.5
    error = np.mean(predicted != (y == 1))
    assert error == pytest.approx(1 - normal_cdf(2.5), abs=0.0015)


def test_rings_defeat_a_line():
    x, y = make_rings(2000, seed=0)
    model = lu.LogisticRegression(2)
    lu.train(model, x, y, 300, 1.0)
    assert model.accuracy(x, y) < 0.6


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_samples": 1}, ValueError, "at least 2"),
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 10.5}, TypeError, "n_samples"),
        ({"n_samples": True}, TypeError, "n_samples"),
        ({"radii": (1.0, 2.0, 3.0)}, ValueError, "radii must be two numbers"),
        ({"radii": (2.0, 1.0)}, ValueError, "inner < outer"),
        ({"radii": (0.0, 1.0)}, ValueError, "inner < outer"),
        ({"radii": (np.nan, 1.0)}, ValueError, "NaN"),
        ({"radii": "wide"}, TypeError, "radii"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"noise": math.inf}, ValueError, "noise"),
        ({"noise": "0.1"}, TypeError, "noise"),
        ({"seed": -1}, ValueError, "seed must be an integer ≥ 0"),
    ],
)
def test_rings_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_rings(**kwargs)


# ---------- quadrants ----------


def test_quadrants_shapes_and_blob_sizes_with_remainder():
    x, y = make_quadrants(7, spread=0.0, seed=0)
    assert x.shape == (7, 2) and y.shape == (7,)
    centres, counts = np.unique(x, axis=0, return_counts=True)
    sizes = {tuple(c): n for c, n in zip(centres.tolist(), counts.tolist(), strict=True)}
    assert sizes == {(1.0, 1.0): 2, (-1.0, -1.0): 2, (1.0, -1.0): 2, (-1.0, 1.0): 1}


def test_quadrants_without_spread_are_xor_of_the_signs():
    x, y = make_quadrants(40, spread=0.0, seed=1)
    np.testing.assert_array_equal(y, (np.sign(x[:, 0]) == np.sign(x[:, 1])).astype(float))


def test_quadrants_same_seed_same_data_other_seed_other_data():
    a, b, c = make_quadrants(40, seed=2), make_quadrants(40, seed=2), make_quadrants(40, seed=3)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_quadrants_sign_rule_agrees_as_often_as_the_normal_cdf_says():
    # Each coordinate keeps its blob's sign with probability p = Φ(1/σ); the sign rule is right when
    # both keep or both flip: p² + (1 − p)².
    spread = 0.6
    x, y = make_quadrants(40_000, spread=spread, seed=4)
    p = normal_cdf(1 / spread)
    agree = np.mean((np.sign(x[:, 0]) == np.sign(x[:, 1])) == (y == 1))
    assert agree == pytest.approx(p**2 + (1 - p) ** 2, abs=0.01)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_samples": 3}, ValueError, "at least 4"),
        ({"n_samples": 4.0}, TypeError, "n_samples"),
        ({"spread": -1.0}, ValueError, "spread"),
        ({"spread": math.nan}, ValueError, "spread"),
        ({"spread": None}, TypeError, "spread"),
        ({"seed": "zero"}, TypeError, "seed"),
    ],
)
def test_quadrants_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_quadrants(**kwargs)
