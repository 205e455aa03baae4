"""Lesson 6: the convergence explorer's pure functions, its cache, and its sliders."""

import io
import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import lesson_utils as lu
from lesson_utils.viz.explorer import (
    MAP_EXTENT,
    MAP_SHAPE,
    ConvergenceExplorer,
    confidence_map,
    draw_confidence_maps,
    draw_holdout_curves,
    draw_loss_planes,
    explorer_data,
    explorer_frame,
    extend_run,
    loss_plane,
    plane_levels,
    plane_window,
    train_run,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def small_split():
    x, y = lu.make_two_gaussians(4000, seed=3)
    return lu.train_test_split(x, y)


@pytest.fixture(scope="module")
def data(small_split):
    x_train, x_test, y_train, y_test = small_split
    return explorer_data(x_train, y_train, x_test, y_test, n_scatter=200)


def _exact_loss(data, c, w_e, b):
    """The training loss at w = w_e·e with the model on x − c·mean, straight from the samples."""
    z = (data.x_train - c * data.mean) @ (w_e * data.direction) + b
    return lu.binary_cross_entropy_with_logits(data.y_train, z)


# -- the data -----------------------------------------------------------------------------------


def test_direction_is_the_unit_vector_between_the_class_means(data):
    between = data.x_train[data.y_train == 1].mean(0) - data.x_train[data.y_train == 0].mean(0)
    np.testing.assert_allclose(data.direction, between / math.hypot(*between), rtol=1e-12)
    assert data.normal @ data.direction == pytest.approx(0.0, abs=1e-15)
    assert math.hypot(*data.normal) == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_allclose(data.mean, data.x_train.mean(0), rtol=1e-12)
    # the article's means (0, 0) and (2, 8): e is close to (2, 8)/|(2, 8)| = (0.2425, 0.9701)
    np.testing.assert_allclose(data.direction, np.array([2.0, 8.0]) / math.hypot(2.0, 8.0), atol=0.02)


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


# -- training -------------------------------------------------------------------------------------


def test_train_run_is_train_on_the_shifted_data(data):
    history = train_run(data, 0.3, 0.5, 20)
    shift = 0.5 * data.x_train.mean(0)
    model = lu.LogisticRegression(2)
    direct = lu.train(model, data.x_train - shift, data.y_train, 20, 0.3, data.x_test - shift, data.y_test)
    np.testing.assert_array_equal(history.params, direct.params)
    np.testing.assert_array_equal(history.test_loss, direct.test_loss)


def test_full_centring_is_center(data):
    x_c, x_test_c, _ = lu.center(data.x_train, data.x_test)
    direct = lu.train(lu.LogisticRegression(2), x_c, data.y_train, 15, 1.0, x_test_c, data.y_test)
    np.testing.assert_allclose(train_run(data, 1.0, 1.0, 15).params, direct.params, rtol=1e-12, atol=1e-15)


def test_extending_a_run_gives_the_same_numbers_as_one_long_run(data):
    short = train_run(data, 0.2, 0.0, 30)
    longer = extend_run(data, short, 0.0, 75)
    once = train_run(data, 0.2, 0.0, 75)
    assert longer.updates[-1] == 75
    names = ("params", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "updates", "samples")
    for name in names:
        np.testing.assert_array_equal(getattr(longer, name), getattr(once, name))
    assert extend_run(data, longer, 0.0, 40) is longer  # long enough already: unchanged


def test_a_huge_learning_rate_runs_every_epoch_without_a_warning(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train_run(data, 100.0, 0.0, 50)
    assert history.stopped_at is None and history.updates[-1] == 50
    assert np.all(np.isfinite(history.params))


def test_a_stopped_run_is_not_continued(data):
    stopped = lu.History(
        learning_rate=0.1, batch_size=10, n_train=10, samples=np.array([0, 10]), updates=np.array([0, 1]),
        train_loss=np.array([0.7, 0.6]), train_accuracy=np.array([0.5, 0.6]), test_loss=np.array([0.7, 0.6]),
        test_accuracy=np.array([0.5, 0.6]), params=np.zeros((2, 3)), stopped_at=2,
        stop_reason="the training loss became inf",
    )
    assert extend_run(data, stopped, 0.0, 300) is stopped
    frame = explorer_frame(data, stopped, 0.0, 100)
    assert frame.stopped_at == 2 and frame.status == stopped.message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"centring": 1.5}, ValueError, "centring must be in"),
        ({"centring": "half"}, TypeError, "centring"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"data": "not data"}, TypeError, "data must be an ExplorerData"),
    ],
)
def test_train_run_rejects_bad_input(data, kwargs, error, match):
    args = {"data": data, "learning_rate": 0.1, "centring": 0.0, "epochs": 3}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        train_run(**args)


# -- what the panels show -------------------------------------------------------------------------


@pytest.mark.parametrize("c", [0.0, 0.4, 1.0])
def test_loss_plane_matches_the_exact_loss_within_its_bound(data, c):
    w = np.linspace(-0.5, 4.0, 7)
    b = np.linspace(-8.0, 0.5, 6)
    grid = loss_plane(data, c, w, b)
    assert grid.shape == (6, 7)
    for i in range(6):
        for j in range(7):
            assert abs(grid[i, j] - _exact_loss(data, c, w[j], b[i])) < 3.2e-4


def test_loss_plane_is_exact_where_every_bin_is_one_point():
    # Three samples far apart: every bin holds one sample, so the binned loss is the loss itself.
    x = np.array([[0.0, 0.0], [0.0, 1.0], [2.0, 8.0], [2.0, 9.0]])
    y = np.array([0, 0, 1, 1])
    d = explorer_data(x, y, x, y, n_scatter=4)
    grid = loss_plane(d, 0.0, [0.5, 1.0], [-3.0, 0.0])
    for i, b in enumerate([-3.0, 0.0]):
        for j, w in enumerate([0.5, 1.0]):
            assert grid[i, j] == pytest.approx(_exact_loss(d, 0.0, w, b), rel=1e-12)


def test_plane_window_holds_the_path_in_powers_of_two():
    window = plane_window([0.0, 0.3, 0.69], [0.0, -0.7, -1.46])
    assert window == (-0.125, 1.0, -2.0, 0.5)
    assert plane_window([0.0], [0.0]) == (-0.0625, 0.5, -0.5, 0.5)
    w_min, w_max, b_min, b_max = plane_window([0.0, -3.0, 5.0], [0.0, 3.0, -20.0])
    assert (w_min, w_max, b_min, b_max) == (-4.0, 32.0, -32.0, 4.0)
    with pytest.raises(ValueError, match="same length"):
        plane_window([0.0, 1.0], [0.0])


def test_plane_levels_are_geometric_and_inside_the_range():
    grid = np.array([[0.01, 0.1], [1.0, 10.0]])
    levels = plane_levels(grid, n=3)
    np.testing.assert_allclose(levels, np.geomspace(0.01, 10.0, 5)[1:-1], rtol=1e-12)
    assert plane_levels(np.full((3, 3), 0.5)).size == 0
    with pytest.raises(ValueError, match="grid must hold losses"):
        plane_levels(np.array([-1.0, 1.0]))


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


def test_frame_slices_the_run_and_measures_the_plane(data):
    history = train_run(data, 0.1, 0.0, 40)
    frame = explorer_frame(data, history, 0.0, 25)
    assert frame.epochs == 25 and frame.epoch.tolist() == list(range(26))
    np.testing.assert_array_equal(frame.test_loss, history.test_loss[:26])
    np.testing.assert_allclose(frame.path_w, history.params[:26, :2] @ data.direction)
    np.testing.assert_allclose(frame.params, history.params[25])
    w_perp = history.params[:26, :2] @ data.normal
    assert frame.w_perp_max == pytest.approx(np.abs(w_perp).max())
    assert frame.w_perp_max < 0.02 * np.abs(frame.path_w).max()  # the path stays near the plane
    assert frame.status.startswith("epoch 25: hold-out loss")
    assert frame.stopped_at is None


def test_frame_of_a_huge_learning_rate_holds_no_nan(data):
    history = train_run(data, 100.0, 0.0, 100)
    frame = explorer_frame(data, history, 0.0, 100)
    assert frame.stopped_at is None and frame.epochs == 100
    for value in (frame.test_loss, frame.test_accuracy, frame.path_w, frame.path_b, frame.g_map):
        assert np.all(np.isfinite(value))


def test_frame_refuses_a_run_that_is_too_short(data):
    with pytest.raises(ValueError, match="fewer than the 50 asked for"):
        explorer_frame(data, train_run(data, 0.1, 0.0, 10), 0.0, 50)


# -- static figures -----------------------------------------------------------------------------


def test_static_figures_show_each_run(data):
    raw = train_run(data, 0.1, 0.0, 30)
    centred = train_run(data, 0.1, 1.0, 30)
    runs = {"raw": (raw, 0.0), "centred": (centred, 1.0)}
    fig = draw_confidence_maps(data, runs, 30)
    assert f"{raw.test_accuracy[30]:.2%}" in fig.axes[0].get_title()
    fig = draw_holdout_curves({"raw": raw, "centred": centred})
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), centred.test_loss)
    fig = draw_loss_planes(data, runs, (-0.25, 1.5, -2.5, 1.0), points=20)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), raw.params[:, 2])


# -- the widget -----------------------------------------------------------------------------------


@pytest.fixture
def explorer(small_split):
    x_train, x_test, y_train, y_test = small_split
    return ConvergenceExplorer(x_train, y_train, x_test, y_test, learning_rate=0.1, centring=0.0, epochs=50)


def test_learning_rate_slider_retrains_and_redraws(explorer):
    art = explorer._artists
    map_before = art["map"].get_array().copy()
    loss_before = art["loss"].get_ydata().copy()
    explorer.sliders["learning_rate"].value = 1.0
    assert not np.allclose(art["map"].get_array(), map_before)
    assert not np.allclose(art["loss"].get_ydata(), loss_before)
    expected = train_run(explorer.data, 1.0, 0.0, 50)
    np.testing.assert_allclose(art["loss"].get_ydata(), expected.test_loss)
    assert art["status"].get_text().startswith("learning rate 1, c = 0.00  |  epoch 50")


def test_centring_slider_changes_the_plane_and_the_path(explorer):
    art = explorer._artists
    contours_before = art["contours"]
    path_before = art["path"].get_ydata().copy()
    explorer.sliders["centring"].value = 1.0
    assert art["contours"] is not contours_before  # new data, new loss surface
    expected = loss_plane(explorer.data, 1.0, np.linspace(*explorer.frame.window[:2], 40),
                          np.linspace(*explorer.frame.window[2:], 40))
    np.testing.assert_allclose(art["plane"].get_array(), np.log10(expected))
    assert not np.allclose(art["path"].get_ydata(), path_before)
    assert abs(art["path"].get_ydata()[-1]) < 0.05  # centred: the bias stays near 0


def test_epochs_slider_reuses_the_cached_run(explorer):
    run = explorer.history(0.1, 0.0, 50)
    explorer.sliders["epochs"].value = 20
    assert len(explorer._artists["accuracy"].get_xdata()) == 21
    assert explorer.history(0.1, 0.0, 20) is run  # shorter: sliced, not retrained
    explorer.sliders["epochs"].value = 80
    assert len(explorer._artists["accuracy"].get_xdata()) == 81
    np.testing.assert_array_equal(explorer.history(0.1, 0.0, 80).params[:51], run.params)


def test_the_largest_learning_rate_draws_finite_curves(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.sliders["learning_rate"].value = 100.0
    art = explorer._artists
    assert art["status"].get_text().startswith("learning rate 100, c = 0.00  |  epoch 50")
    assert art["diverged"].get_text() == ""
    assert all(np.all(np.isfinite(line.get_ydata())) for line in (art["loss"], art["accuracy"], art["path"]))


def test_render_is_a_png_of_the_figure_matching_savefig(explorer):
    png = explorer.render_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    fast = np.asarray(Image.open(io.BytesIO(png))).astype(int)
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png")
    full = np.asarray(Image.open(io.BytesIO(buffer.getvalue()))).astype(int)
    assert fast.shape == full.shape == (440, 1200, 4)
    differs = np.abs(fast - full).max(axis=-1) > 40
    assert differs.mean() < 0.01
    assert explorer.panel.image.value == explorer.render_png()  # the widget shows this PNG


def test_displaying_the_figure_leaves_its_layout_alone(explorer):
    """The inline backend saves with bbox_inches="tight"; the axes must not move, nor warnings appear."""
    positions = [ax.get_position().bounds for ax in explorer.figure.axes]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            explorer.figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        explorer.sliders["epochs"].value = 30
    assert [ax.get_position().bounds for ax in explorer.figure.axes] == positions


def test_explorer_on_the_article_data(article_split):
    x_train, x_test, y_train, y_test = article_split
    explorer = ConvergenceExplorer(x_train, y_train, x_test, y_test)
    frame = explorer.frame
    # the article's raw model after 100 epochs at η = 0.1
    direct = lu.train(lu.LogisticRegression(2), x_train, y_train, 100, 0.1, x_test, y_test)
    assert frame.test_loss[-1] == pytest.approx(direct.test_loss[-1], rel=1e-12)
    assert frame.g_map.shape == MAP_SHAPE
    assert MAP_EXTENT[0] < explorer.data.mean[0] < MAP_EXTENT[1]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": 1000.0}, ValueError, "learning_rate must be between"),
        ({"epochs": 301}, ValueError, "epochs must be at most 300"),
        ({"centring": -0.1}, ValueError, "centring must be in"),
    ],
)
def test_explorer_rejects_bad_settings(small_split, kwargs, error, match):
    x_train, x_test, y_train, y_test = small_split
    with pytest.raises(error, match=match):
        ConvergenceExplorer(x_train, y_train, x_test, y_test, **kwargs)
