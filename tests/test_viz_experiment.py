"""Lesson 6: the experiment's data sample, loss plane, confidence map, drawings and static figures."""

import math
import warnings

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.viz.experiment import (
    MAP_SHAPE,
    confidence_map,
    confidence_maps_figure,
    explorer_data,
    holdout_curves_figure,
    loss_plane,
    loss_planes_figure,
    plane_window,
)


@pytest.fixture
def data(explorer_sample):
    return explorer_sample


def _exact_loss(data, c, w_e, b):
    """The training loss at w = w_e·e with the model on x − c·mean, straight from the samples."""
    z = (data.x_train - c * data.mean) @ (w_e * data.direction) + b
    return lu.binary_cross_entropy_with_logits(data.y_train, z)


# -- the data -----------------------------------------------------------------------------------


def test_direction_is_the_unit_vector_between_the_class_means(data):
    between = data.x_train[data.y_train == 1].mean(0) - data.x_train[data.y_train == 0].mean(0)
    np.testing.assert_allclose(data.direction, between / math.hypot(*between), rtol=1e-12)
    np.testing.assert_allclose(data.mean, data.x_train.mean(0), rtol=1e-12)
    # the article's means (0, 0) and (2, 8): e is close to (2, 8)/|(2, 8)| = (0.2425, 0.9701)
    np.testing.assert_allclose(data.direction, np.array([2.0, 8.0]) / math.hypot(2.0, 8.0), atol=0.02)


def test_a_split_smaller_than_the_sample_is_kept_whole(data, small_split):
    x_train, x_test, y_train, y_test = small_split
    np.testing.assert_array_equal(np.sort(data.x_train, axis=0), np.sort(x_train, axis=0))
    assert data.x_test.shape == x_test.shape and data.full_sizes == (3200, 800)


def test_the_sample_keeps_the_class_shares_and_the_full_training_mean(article_split):
    x_train, x_test, y_train, y_test = article_split
    sample = explorer_data(x_train, y_train, x_test, y_test, sample_sizes=(4000, 2000))
    assert sample.x_train.shape == (4000, 2) and sample.x_test.shape == (2000, 2)
    assert sample.full_sizes == (80_000, 20_000)
    assert abs(sample.y_train.mean() - y_train.mean()) < 1 / 4000
    assert abs(sample.y_test.mean() - y_test.mean()) < 1 / 2000
    np.testing.assert_allclose(sample.mean, x_train.mean(axis=0), rtol=1e-12)  # what centring removes
    rows = {tuple(r) for r in x_train}
    assert all(tuple(r) in rows for r in sample.x_train[::50])
    again = explorer_data(x_train, y_train, x_test, y_test, sample_sizes=(4000, 2000))
    np.testing.assert_array_equal(again.x_train, sample.x_train)  # seeded


def test_thinned_scatter_is_balanced_and_drawn_from_the_training_set(data):
    assert data.scatter_x.shape == (200, 2)
    assert np.sum(data.scatter_y == 0) == np.sum(data.scatter_y == 1) == 100
    rows = {tuple(r) for r in data.x_train}
    assert all(tuple(r) in rows for r in data.scatter_x)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"x_train": np.zeros((10, 3))}, ValueError, "x_train must have 2 feature"),
        ({"y_train": np.zeros(10)}, ValueError, "both classes"),
        ({"x_test": np.full((4, 2), np.nan)}, ValueError, "x_test must not contain NaN"),
        ({"y_test": np.array([0, 1, 1])}, ValueError, "y_test must have one label per sample"),
        ({"n_scatter": 0}, ValueError, "n_scatter"),
        ({"sample_sizes": (0, 10)}, ValueError, "sample_sizes must be an integer ≥ 1"),
        ({"sample_sizes": 100}, TypeError, "sample_sizes must be a pair"),
        ({"x_train": "data"}, TypeError, "x_train"),
    ],
)
def test_explorer_data_rejects_bad_input(change, error, match):
    args = {
        "x_train": np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 8.0], [3.0, 9.0], [0.0, 1.0], [2.0, 7.0],
                             [1.0, 1.0], [2.0, 9.0], [0.5, 0.5], [1.5, 8.5]]),
        "y_train": np.array([0, 0, 1, 1, 0, 1, 0, 1, 0, 1]),
        "x_test": np.array([[0.0, 0.0], [2.0, 8.0], [1.0, 1.0], [3.0, 7.0]]),
        "y_test": np.array([0, 1, 0, 1]),
    }
    args.update(change)
    with pytest.raises(error, match=match):
        explorer_data(**args)


# -- what the panels show -------------------------------------------------------------------------


@pytest.mark.parametrize("c", [0.0, 0.4, 1.0])
def test_loss_plane_is_the_loss_at_w_along_e(data, c):
    w = np.linspace(-0.5, 4.0, 7)
    b = np.linspace(-8.0, 0.5, 6)
    grid = loss_plane(data, c, w, b)
    assert grid.shape == (6, 7)
    for i in range(6):
        for j in range(7):
            assert grid[i, j] == pytest.approx(_exact_loss(data, c, w[j], b[i]), rel=1e-12)


def test_loss_plane_of_the_first_samples_only(data):
    # the same mean and direction, so only the samples differ
    first = type(data)(**{**data.__dict__, "x_train": data.x_train[:50], "y_train": data.y_train[:50]})
    np.testing.assert_allclose(loss_plane(data, 0.5, [0.0, 1.0], [-1.0, 0.0], n_samples=50),
                               loss_plane(first, 0.5, [0.0, 1.0], [-1.0, 0.0]), rtol=1e-12)
    with pytest.raises(ValueError, match="n_samples"):
        loss_plane(data, 0.0, [0.0, 1.0], [0.0, 1.0], n_samples=0)


def test_plane_window_holds_the_path_in_powers_of_two():
    window = plane_window([0.0, 0.3, 0.69], [0.0, -0.7, -1.46])
    assert window == (-0.125, 1.0, -2.0, 0.5)
    assert plane_window([0.0], [0.0]) == (-0.0625, 0.5, -0.5, 0.5)
    w_min, w_max, b_min, b_max = plane_window([0.0, -3.0, 5.0], [0.0, 3.0, -20.0])
    assert (w_min, w_max, b_min, b_max) == (-4.0, 32.0, -32.0, 4.0)
    with pytest.raises(ValueError, match="same length"):
        plane_window([0.0, 1.0], [0.0])


def test_confidence_map_by_hand():
    # w = (1, 0), b = 0, centred on mean (1, 4): g = σ(x1 − 1), 1/2 on the line x1 = 1.
    g = confidence_map([1.0, 0.0, 0.0], 1.0, [1.0, 4.0], extent=(0.0, 2.0, -1.0, 1.0), shape=(3, 5))
    assert g.shape == (3, 5)
    expected_row = [1 / (1 + math.exp(-(x1 - 1.0))) for x1 in (0.0, 0.5, 1.0, 1.5, 2.0)]
    for row in g:
        np.testing.assert_allclose(row, expected_row, rtol=1e-15)
    # the same model uncentred (c = 0): g = σ(x2 · 2 − 1) varies along the rows only
    g = confidence_map([0.0, 2.0, -1.0], 0.0, [1.0, 4.0], extent=(0.0, 2.0, -1.0, 1.0), shape=(3, 2))
    np.testing.assert_allclose(g[:, 0], [1 / (1 + math.exp(-v)) for v in (-3.0, -1.0, 1.0)], rtol=1e-15)


def test_confidence_map_is_finite_for_huge_parameters():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = confidence_map([500.0, 2000.0, -8000.0], 0.0, [1.0, 4.0])
    assert g.shape == MAP_SHAPE
    assert np.all((g >= 0) & (g <= 1))
    assert g.min() == 0.0 and g.max() == 1.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"params": [1.0, 2.0]}, ValueError, "params must be"),
        ({"mean": [1.0]}, ValueError, "mean must have shape"),
        ({"extent": (1.0, 0.0, 0.0, 1.0)}, ValueError, "extent must be"),
        ({"shape": (1, 5)}, ValueError, "at least 2 rows"),
        ({"shape": 5}, TypeError, "shape must be a pair"),
    ],
)
def test_confidence_map_rejects_bad_input(kwargs, error, match):
    args = {"params": [1.0, 0.0, 0.0], "centring": 0.0, "mean": [1.0, 4.0]}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        confidence_map(**args)


# -- static figures -----------------------------------------------------------------------------


def test_static_figures_show_each_run(data, small_split):
    x_train, x_test, y_train, y_test = small_split
    raw = lu.train(lu.LogisticRegression(2), x_train, y_train, 30, 0.1, x_test, y_test)
    x_c, x_test_c, _ = lu.center(x_train, x_test)
    centred = lu.train(lu.LogisticRegression(2), x_c, y_train, 30, 0.1, x_test_c, y_test)
    runs = {"raw": (raw, 0.0), "centred": (centred, 1.0)}
    fig = confidence_maps_figure(data, runs, 20)
    assert f"{raw.test_accuracy[20]:.2%}" in fig.axes[0].get_title()
    expected = confidence_map(centred.params[20], 1.0, data.mean)
    np.testing.assert_allclose(fig.axes[1].images[0].get_array(), expected)
    fig = holdout_curves_figure({"raw": raw, "centred": centred})
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), centred.test_loss)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), 100 * raw.test_accuracy)
    fig = loss_planes_figure(data, runs, (-0.25, 1.5, -2.5, 1.0), points=20)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), raw.params[:, 2])
    assert fig.axes[0].get_title() == "raw: 30 epochs"
    with pytest.raises(ValueError, match="needs hold-out metrics and at least 40 epochs"):
        confidence_maps_figure(data, runs, 40)
