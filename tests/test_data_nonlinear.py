"""make_rings: shapes, seeds, geometry against closed-form probabilities, bad input."""

import math

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.data_nonlinear import make_rings


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
        ({"n_samples": 1}, ValueError, "n_samples must be an integer ≥ 2, got 1"),
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

