"""The article's data set, the hold-out split and centring."""

import numpy as np
import pytest

from lesson_utils import center, make_two_gaussians, train_test_split


def test_shapes_balance_and_moments():
    x, y = make_two_gaussians()
    assert x.shape == (100_000, 2) and y.shape == (100_000,)
    assert y.sum() == 50_000
    # standard error of a mean of 50,000 unit-variance draws is 0.0045: 0.02 is over 4 of them
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [0, 0], atol=0.02)
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [2, 8], atol=0.02)
    np.testing.assert_allclose(x[y == 1].std(axis=0), [1, 1], atol=0.02)
    assert abs(np.corrcoef(x[y == 0].T)[0, 1]) < 0.02  # uncorrelated coordinates


def test_shuffled_not_sorted_by_class():
    _, y = make_two_gaussians(1000)
    assert 0.3 < y[:500].mean() < 0.7


def test_same_seed_same_arrays_other_seed_other_arrays():
    a = make_two_gaussians(1000, seed=3)
    b = make_two_gaussians(1000, seed=3)
    c = make_two_gaussians(1000, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_odd_sample_count_and_custom_means():
    x, y = make_two_gaussians(7, means=((0, 0, 0), (1, 1, 1)), std=0.5)
    assert x.shape == (7, 3) and y.sum() == 4


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"n_samples": 1}, ValueError, "n_samples must be at least 2"),
    ({"n_samples": 0}, ValueError, "n_samples must be an integer ≥ 1"),
    ({"n_samples": 10.5}, TypeError, "n_samples must be an integer ≥ 1"),
    ({"means": ((0, 0),)}, ValueError, r"means must be two points"),
    ({"means": ((0, 0), (1, np.nan))}, ValueError, "means must not contain NaN"),
    ({"std": 0.0}, ValueError, "std must be a finite number > 0"),
    ({"seed": -1}, ValueError, "seed must be an integer ≥ 0"),
])
def test_generator_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_two_gaussians(**kwargs)


def test_split_sizes_disjoint_and_complete():
    x = np.arange(20.0).reshape(10, 2)
    y = np.array([0, 1] * 5, dtype=float)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_fraction=0.3, seed=1)
    assert len(x_te) == 3 and len(x_tr) == 7
    rows = np.vstack([x_tr, x_te])
    np.testing.assert_array_equal(np.sort(rows[:, 0]), x[:, 0])
    # labels travel with their rows: here y = (x[:, 0] / 2) mod 2
    np.testing.assert_array_equal(np.concatenate([y_tr, y_te]), (rows[:, 0] / 2) % 2)


def test_split_of_article_data_is_80_20(article_split):
    x_tr, x_te, y_tr, y_te = article_split
    assert x_tr.shape == (80_000, 2) and x_te.shape == (20_000, 2)
    assert len(y_tr) == 80_000 and len(y_te) == 20_000


@pytest.mark.parametrize(("fraction", "error", "match"), [
    (0.0, ValueError, r"test_fraction must be a finite number in \(0, 1\)"),
    (1.0, ValueError, r"test_fraction must be a finite number in \(0, 1\)"),
    (1.5, ValueError, r"test_fraction must be a finite number in \(0, 1\)"),
    ("0.2", TypeError, "test_fraction must be a number"),
    (0.01, ValueError, "both parts need at least one sample"),
])
def test_split_bad_fraction(fraction, error, match):
    with pytest.raises(error, match=match):
        train_test_split(np.ones((10, 2)), np.ones(10), test_fraction=fraction)


def test_split_mismatched_lengths():
    with pytest.raises(ValueError, match=r"y must have one label per sample \(10\)"):
        train_test_split(np.ones((10, 2)), np.ones(9))


def test_center_uses_the_training_mean_only():
    x_train = np.array([[0.0, 2.0], [2.0, 6.0]])
    x_test = np.array([[10.0, 10.0]])
    tr, te, mean = center(x_train, x_test)
    np.testing.assert_array_equal(mean, [1.0, 4.0])
    np.testing.assert_array_equal(tr, [[-1.0, -2.0], [1.0, 2.0]])
    np.testing.assert_array_equal(te, [[9.0, 6.0]])


def test_center_bad_input():
    with pytest.raises(ValueError, match="x_test must have 2 feature column"):
        center(np.ones((3, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="x_train must be 2-D"):
        center(np.ones(3), np.ones((3, 1)))
