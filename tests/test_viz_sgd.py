"""Lesson 9's figures and batch-size slider: the drawn data equal independently computed runs."""

import math

import numpy as np
import pytest

from lesson_utils import LogisticRegression, binary_cross_entropy, train
from lesson_utils.sgd import sgd
from lesson_utils.viz.sgd import (
    BatchSizeView,
    batch_size_widget,
    draw_batch_size,
    loss_grid,
    plot_decay,
    plot_gradient_noise,
    plot_loss_comparison,
    run_batch_sizes,
)


@pytest.fixture
def data(rng):
    y = (np.arange(240) % 2).astype(float)
    x = rng.normal(size=(240, 2)) + np.outer(y, [1.0, 2.0]) - [0.5, 1.0]
    return x[:200], y[:200], x[200:], y[200:]


@pytest.fixture
def best(data):
    x, y, xt, yt = data
    model = LogisticRegression(2)
    train(model, x, y, 300, 1.0)
    return model.parameters(), model.loss(xt, yt)


def test_loss_grid_against_bce_of_sigmoid(data):
    x, y, _, _ = data
    w1, w2 = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.5])
    grid = loss_grid(x, y, w1, w2, b=0.25)
    assert grid.shape == (2, 3)
    for j, v in enumerate(w2):
        for i, u in enumerate(w1):
            g = 1.0 / (1.0 + np.exp(-(x @ [u, v] + 0.25)))
            assert grid[j, i] == pytest.approx(binary_cross_entropy(y, g), rel=1e-12)


def test_loss_grid_bad_features(data):
    with pytest.raises(ValueError, match="x must have 2 feature column"):
        loss_grid(np.zeros((5, 3)), np.zeros(5), [0.0], [0.0])


def test_loss_grid_bad_labels(data):
    with pytest.raises(ValueError, match="y must have one label per sample"):
        loss_grid(data[0], np.zeros(3), [0.0], [0.0])


def test_loss_grid_bad_grid(data):
    with pytest.raises(ValueError, match="w1 and w2 must be non-empty 1-D grids"):
        loss_grid(data[0], data[1], np.zeros((2, 2)), [0.0])


def test_loss_grid_empty_grid(data):
    with pytest.raises(ValueError, match="w1 and w2 must be non-empty 1-D grids"):
        loss_grid(data[0], data[1], [0.0], [])


def test_run_batch_sizes_equals_separate_runs(data):
    x, y, xt, yt = data
    runs = run_batch_sizes(x, y, xt, yt, [4, 200], epochs=[1, 3], learning_rate=0.5, seed=7)
    assert list(runs) == [4, 200]
    alone = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=4, epochs=1, learning_rate=0.5, seed=7)
    np.testing.assert_array_equal(runs[4].params, alone.params)
    assert runs[200].updates[-1] == 3


def test_run_batch_sizes_empty(data):
    with pytest.raises(ValueError, match="batch_sizes must hold at least one"):
        run_batch_sizes(*data, [], epochs=1, learning_rate=0.1)


def test_run_batch_sizes_duplicates(data):
    with pytest.raises(ValueError, match="batch_sizes must be distinct"):
        run_batch_sizes(*data, [4, 4], epochs=1, learning_rate=0.1)


def test_run_batch_sizes_epochs_mismatch(data):
    with pytest.raises(ValueError, match=r"epochs must be one count or one per batch size \(2\), got 3"):
        run_batch_sizes(*data, [4, 8], epochs=[1, 1, 1], learning_rate=0.1)


def test_run_batch_sizes_bad_batch_size(data):
    with pytest.raises(ValueError, match="batch_size must be at most"):
        run_batch_sizes(*data, [4, 500], epochs=1, learning_rate=0.1)


def test_loss_comparison_draws_the_histories(data):
    x, y, xt, yt = data
    runs = run_batch_sizes(x, y, xt, yt, [2, 200], epochs=[1, 4], learning_rate=0.5)
    fig = plot_loss_comparison(runs, "title")
    ax_samples, ax_updates, ax_seconds = fig.axes
    for k, h in enumerate(runs.values()):
        np.testing.assert_array_equal(ax_samples.lines[k].get_xdata(), h.samples[1:])
        np.testing.assert_array_equal(ax_updates.lines[k].get_xdata(), h.updates[1:])
        np.testing.assert_array_equal(ax_samples.lines[k].get_ydata(), h.test_loss[1:])
        assert len(ax_seconds.lines[k].get_xdata()) == len(h.seconds) - 1
    assert "(full batch)" in ax_samples.get_legend().texts[1].get_text()
    assert ax_samples.get_xscale() == "log" and ax_samples.get_xlabel()


def test_gradient_noise_figure_data():
    fig = plot_gradient_noise([1, 4, 16], [1.1, 0.52, 0.24], [1.0, 0.5, 0.25])
    predicted, measured = fig.axes[0].lines
    np.testing.assert_array_equal(predicted.get_ydata(), [1.0, 0.5, 0.25])
    np.testing.assert_array_equal(measured.get_xdata(), [1, 4, 16])


def test_decay_figure_draws_excess_loss(data):
    x, y, xt, yt = data
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=1, epochs=1, learning_rate=0.5, decay=0.1)
    fig = plot_decay({"decay": h}, best_loss=0.3)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), np.maximum(h.train_loss - 0.3, 1e-12))


def test_view_caches_and_matches_sgd(data):
    x, y, xt, yt = data
    view = BatchSizeView(x, y, xt, yt, learning_rate=0.3, epochs=2, seed=1)
    first = view.run(8)
    assert view.run(8) is first
    alone = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=8, epochs=2, learning_rate=0.3, seed=1,
                record_every=8)
    np.testing.assert_array_equal(first.params, alone.params)


def test_view_bad_learning_rate(data):
    with pytest.raises(ValueError, match="learning_rate must be a positive finite number"):
        BatchSizeView(*data, learning_rate=0.0, epochs=1)


def test_view_bad_features(data):
    x, y, xt, yt = data
    with pytest.raises(ValueError, match="x_train must have 2 feature column"):
        BatchSizeView(np.zeros((200, 3)), y, xt, yt, learning_rate=0.1, epochs=1)


def test_draw_bad_best(data, best):
    view = BatchSizeView(*data, learning_rate=0.3, epochs=1)
    with pytest.raises(ValueError, match=r"best must be \[w1, w2, b\]"):
        draw_batch_size(view, 4, np.zeros(2), best[1])


def test_widget_slider_redraws_loss_and_path(data, best):
    view = BatchSizeView(*data, learning_rate=0.3, epochs=2)
    panel = batch_size_widget(view, *best, batch_sizes=(1, 4, 16), batch_size=4)
    assert list(panel.sliders["batch_size"].options) == [1, 4, 16, 200]
    ax_loss, ax_path = panel.figure.axes[0], panel.figure.axes[1]
    loss_line, path = ax_loss.lines[1], ax_path.lines[0]
    np.testing.assert_array_equal(loss_line.get_ydata(), view.run(4).test_loss[1:])
    panel.sliders["batch_size"].value = 200
    full = view.run(200)
    np.testing.assert_array_equal(path.get_xdata(), full.params[:, 0])
    np.testing.assert_array_equal(loss_line.get_xdata(), [200, 400])
    assert ax_loss.get_title() == "B = 200 (full batch): 2 updates in 2 epochs"
    # the start is drawn in the path: (0, 0) before any update
    assert path.get_xdata()[0] == 0.0 and path.get_ydata()[0] == 0.0
    assert math.isfinite(full.test_loss[-1])


def test_widget_bad_batch_size(data, best):
    view = BatchSizeView(*data, learning_rate=0.3, epochs=1)
    with pytest.raises(ValueError, match=r"batch_size must be one of \[1, 4, 200\], got 3"):
        batch_size_widget(view, *best, batch_sizes=(1, 4), batch_size=3)


def test_view_loss_surface_is_cached_and_equals_loss_grid(data):
    x, y, xt, yt = data
    view = BatchSizeView(x, y, xt, yt, learning_rate=0.3, epochs=1)
    w1, w2 = np.linspace(0, 1, 4), np.linspace(0, 2, 3)
    surface = view.loss_surface(w1, w2, 0.1)
    assert view.loss_surface(w1, w2, 0.1) is surface
    np.testing.assert_array_equal(surface, loss_grid(x, y, w1, w2, 0.1))
