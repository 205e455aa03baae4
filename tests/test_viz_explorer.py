"""Lesson 6: the convergence explorer's runs (the trainer on its sample), frames, cache and sliders."""

import dataclasses
import io
import warnings

import numpy as np
import pytest
from PIL import Image

import lesson_utils as lu
from lesson_utils.viz.experiment import MAP_SHAPE, PLANE_SAMPLES, confidence_map, explorer_data, loss_plane
from lesson_utils.viz.explorer import (
    ConvergenceExplorer,
    convergence_widget,
    explorer_frame,
    extend_run,
    train_run,
)


@pytest.fixture
def data(explorer_sample):
    return explorer_sample


# -- training -------------------------------------------------------------------------------------


def test_train_run_is_plain_gradient_descent_on_the_shifted_sample(data, small_split):
    run = train_run(data, 0.3, 0.5, 20)
    shift = 0.5 * small_split[0].mean(0)  # the mean of the full training set
    a = np.column_stack([data.x_train - shift, np.ones(len(data.y_train))])
    a_test = np.column_stack([data.x_test - shift, np.ones(len(data.y_test))])
    theta = np.zeros(3)
    for epoch in range(1, 21):  # the lesson-5 loop, written out
        theta = theta - 0.3 * a.T @ (1 / (1 + np.exp(-a @ theta)) - data.y_train) / len(data.y_train)
        np.testing.assert_allclose(run.params[epoch], theta, rtol=1e-12, atol=1e-15)
    z = a_test @ theta
    loss = np.mean(np.log1p(np.exp(-z)) + (1 - data.y_test) * z)  # −log σ(z) − (1 − y)·(−z)
    assert run.test_loss[-1] == pytest.approx(loss, rel=1e-12)
    assert run.test_accuracy[-1] == np.mean((z >= 0) == (data.y_test == 1))
    assert run.learning_rate == 0.3 and run.epochs[-1] == 20 and run.stopped_at is None


def test_full_centring_is_center_with_the_full_training_mean(data, small_split):
    x_train, x_test, _, _ = small_split
    _, _, mean = lu.center(x_train, x_test)
    direct = lu.train(lu.LogisticRegression(2), data.x_train - mean, data.y_train, 15, 1.0)
    np.testing.assert_allclose(train_run(data, 1.0, 1.0, 15).params, direct.params, rtol=1e-12, atol=1e-15)


def test_extending_a_run_gives_the_same_numbers_as_one_long_run(data):
    short = train_run(data, 0.2, 0.0, 30)
    longer = extend_run(data, short, 0.0, 75)
    once = train_run(data, 0.2, 0.0, 75)
    assert longer.epochs[-1] == 75
    for name in ("params", "test_loss", "test_accuracy", "train_loss", "samples", "updates"):
        np.testing.assert_array_equal(getattr(longer, name), getattr(once, name))
    assert extend_run(data, longer, 0.0, 40) is longer  # long enough already: unchanged


def test_a_huge_learning_rate_runs_every_epoch_without_a_warning(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train_run(data, 100.0, 0.0, 50)
    assert run.stopped_at is None and run.epochs[-1] == 50
    assert np.all(np.isfinite(run.params))


def test_a_run_whose_parameters_overflow_keeps_its_finite_epochs():
    """On inputs of 1e150 a step of η = 1e300 overflows at once: the trainer's rule stops the run."""
    x = np.array([[1e150, 0.0], [0.0, 1e150], [-1e150, 0.0], [0.0, -1e150]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    tiny = explorer_data(x, y, x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train_run(tiny, 1e300, 0.0, 5)
    assert run.stopped_at == 1 and run.stop_reason == "a parameter became inf or NaN"
    np.testing.assert_array_equal(run.params, [[0.0, 0.0, 0.0]])
    assert extend_run(tiny, run, 0.0, 300) is run  # a stopped run is not continued
    frame = explorer_frame(tiny, run, 0.0, 5)
    assert frame.stopped_at == 1 and frame.epochs == 0
    assert frame.status == ("stopped at epoch 1: a parameter became inf or NaN, so it cannot go on "
                            "(epoch 0 shown)")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"centring": 1.5}, ValueError, r"centring must be a finite number in \[0, 1\]"),
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


# -- frames -------------------------------------------------------------------------------------


def test_frame_slices_the_run_and_measures_the_plane(data):
    run = train_run(data, 0.1, 0.0, 40)
    frame = explorer_frame(data, run, 0.0, 25)
    assert frame.epochs == 25 and frame.epoch.tolist() == list(range(26))
    np.testing.assert_array_equal(frame.test_loss, run.test_loss[:26])
    np.testing.assert_allclose(frame.path_w, run.params[:26, :2] @ data.direction)
    np.testing.assert_allclose(frame.params, run.params[25])
    np.testing.assert_allclose(frame.g_map, confidence_map(run.params[25], 0.0, data.mean))
    assert frame.status.startswith("epoch 25: hold-out loss")
    assert frame.stopped_at is None


def test_frame_of_a_huge_learning_rate_holds_no_nan(data):
    run = train_run(data, 100.0, 0.0, 100)
    frame = explorer_frame(data, run, 0.0, 100)
    assert frame.stopped_at is None and frame.epochs == 100
    for value in (frame.test_loss, frame.test_accuracy, frame.path_w, frame.path_b, frame.g_map):
        assert np.all(np.isfinite(value))


def test_frame_refuses_a_run_that_is_too_short(data):
    with pytest.raises(ValueError, match="fewer than the 50 asked for"):
        explorer_frame(data, train_run(data, 0.1, 0.0, 10), 0.0, 50)


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
    assert art["status"].get_text().startswith("η = 1, c = 0.00  |  epoch 50")


def test_centring_slider_changes_the_plane_and_the_path(explorer):
    art = explorer._artists
    plane_before = art["plane"]
    path_before = art["path"].get_ydata().copy()
    explorer.sliders["centring"].value = 1.0
    assert art["plane"][1] is not plane_before[1]  # new data, new loss surface, new contours
    expected = loss_plane(explorer.data, 1.0, np.linspace(*explorer.frame.window[:2], 40),
                          np.linspace(*explorer.frame.window[2:], 40), n_samples=PLANE_SAMPLES)
    np.testing.assert_allclose(art["plane"][0].get_array(), np.log10(expected))
    assert not np.allclose(art["path"].get_ydata(), path_before)
    assert abs(art["path"].get_ydata()[-1]) < 0.05  # centred: the bias stays near 0


def test_an_explorer_on_all_the_data_shows_no_sample_note(explorer):
    assert len(explorer.data.y_train) == explorer.data.full_sizes[0]
    assert len(explorer.figure.axes[2].texts) == 0


def test_epochs_slider_reuses_the_cached_run(explorer):
    run = explorer.run(0.1, 0.0, 50)
    explorer.sliders["epochs"].value = 20
    assert len(explorer._artists["accuracy"].get_xdata()) == 21
    assert explorer.run(0.1, 0.0, 20) is run  # shorter: sliced, not retrained
    explorer.sliders["epochs"].value = 80
    assert len(explorer._artists["accuracy"].get_xdata()) == 81
    np.testing.assert_array_equal(explorer.run(0.1, 0.0, 80).params[:51], run.params)


def test_the_largest_learning_rate_draws_finite_curves(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.sliders["learning_rate"].value = 100.0
    art = explorer._artists
    assert art["status"].get_text().startswith("η = 100, c = 0.00  |  epoch 50")
    assert all(np.all(np.isfinite(line.get_ydata())) for line in (art["loss"], art["accuracy"], art["path"]))


def test_a_stopped_run_is_shown_in_words(explorer):
    run = explorer.run(0.1, 0.0, 50)
    stopped = dataclasses.replace(run, stopped_at=51, stop_reason="the training loss became inf")
    explorer._runs[(0.1, 0.0)] = stopped
    frame = explorer.update(0.1, 0.0, 80)
    assert frame.epochs == 50 and frame.stopped_at == 51
    assert explorer._artists["status"].get_text() == (
        "η = 0.1, c = 0.00  |  stopped at epoch 51: the training loss became inf, "
        "so it cannot go on (epoch 50 shown)"
    )


def test_render_is_a_png_of_the_figure_matching_savefig(explorer):
    png = explorer.render_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    fast = np.asarray(Image.open(io.BytesIO(png))).astype(int)
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png")
    full = np.asarray(Image.open(io.BytesIO(buffer.getvalue()))).astype(int)
    assert fast.shape == (700, 820, 3) and full.shape == (700, 820, 4)  # 8.2 × 7 inches at 100 dpi
    assert np.all(full[:, :, 3] == 255)  # the figure is opaque: RGB loses nothing
    full = full[:, :, :3]
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


def test_explorer_on_the_article_data_runs_the_trainer_on_its_sample(article_split):
    x_train, x_test, y_train, y_test = article_split
    explorer = convergence_widget(x_train, y_train, x_test, y_test)
    data = explorer.data
    assert data.full_sizes == (80_000, 20_000) and len(data.y_train) == len(data.y_test) == 4000
    model = lu.LogisticRegression(2)
    direct = lu.train(model, data.x_train, data.y_train, 100, 0.1, data.x_test, data.y_test)
    assert explorer.frame.test_loss[-1] == pytest.approx(direct.test_loss[-1], rel=1e-12)
    assert explorer.frame.g_map.shape == MAP_SHAPE
    notes = [t.get_text() for t in explorer.figure.axes[2].texts]
    assert notes == ["shaded: the sample's loss\nis unreliable below 1e-3"]  # said on the figure
    # the sample's hold-out loss after 100 epochs at η = 0.1 is that of the full run to 3 %
    full = lu.train(lu.LogisticRegression(2), x_train, y_train, 100, 0.1, x_test, y_test)
    assert explorer.frame.test_loss[-1] == pytest.approx(full.test_loss[-1], rel=0.03)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"learning_rate": 1000.0}, ValueError, "learning_rate must be between"),
        ({"epochs": 301}, ValueError, r"epochs must be an integer in \[1, 300\]"),
        ({"centring": -0.1}, ValueError, r"centring must be a finite number in \[0, 1\]"),
    ],
)
def test_explorer_rejects_bad_settings(small_split, kwargs, error, match):
    x_train, x_test, y_train, y_test = small_split
    with pytest.raises(error, match=match):
        ConvergenceExplorer(x_train, y_train, x_test, y_test, **kwargs)


def test_every_learning_rate_of_the_slider_is_trained_when_built(explorer):
    rates = {10 ** (-3 + 0.25 * k) for k in range(21)}  # the slider's 21 positions, 0.001 … 100
    assert {eta for eta, _ in explorer._runs} == {float(f"{eta:.6g}") for eta in rates}
    trained = dict(explorer._runs)
    explorer.sliders["learning_rate"].value = 10**-0.75
    assert explorer._runs == trained  # moving it trains nothing
    expected = train_run(explorer.data, 10**-0.75, 0.0, 50).test_loss
    np.testing.assert_allclose(explorer._artists["loss"].get_ydata(), expected)

