"""Lesson 9's race, figures and batch-size slider: the numbers drawn equal independently computed runs."""

import numpy as np
import pytest

from lesson_utils import LogisticRegression, binary_cross_entropy, sgd, train
from lesson_utils.viz.sgd import (
    RaceGrid,
    batch_size_figure,
    batch_size_runs,
    batch_size_widget,
    decay_figure,
    gradient_noise_figure,
    race_figure,
    race_grid,
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


# --- race_grid ---------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 7, 200])
def test_race_grid_equals_sgd_run_by_run(data, batch_size):
    x, y, _, _ = data
    etas, seeds = [0.1, 0.8], (0, 4)
    grid = race_grid(x, y, batch_size, etas, optimum_loss=0.25, epochs=2, seeds=seeds, record_every=30)
    assert grid.excess.shape == (len(grid.samples), 2, 2)
    for i, seed in enumerate(seeds):
        for k, eta in enumerate(etas):
            h = sgd(LogisticRegression(2), x, y, batch_size=batch_size, epochs=2, learning_rate=eta,
                    seed=seed, record_every=30)
            np.testing.assert_array_equal(grid.samples, h.samples)
            np.testing.assert_array_equal(grid.updates, h.updates)
            np.testing.assert_allclose(grid.excess[:, i, k] + 0.25, h.train_loss, rtol=0, atol=1e-12)


def test_race_grid_decay_equals_sgd(data):
    x, y, _, _ = data
    grid = race_grid(x, y, 8, [0.5], optimum_loss=0.0, epochs=2, seeds=(3,), decay=0.05, record_every=40)
    h = sgd(LogisticRegression(2), x, y, batch_size=8, epochs=2, learning_rate=0.5, decay=0.05, seed=3,
            record_every=40)
    np.testing.assert_allclose(grid.excess[:, 0, 0], h.train_loss, rtol=0, atol=1e-12)


def test_race_grid_start_is_log_2(data):
    x, y, _, _ = data
    grid = race_grid(x, y, 10, [0.1], optimum_loss=0.0, epochs=1)
    np.testing.assert_allclose(grid.excess[0], np.log(2.0), rtol=1e-12)
    assert grid.samples[0] == 0 and grid.samples[-1] == 200 and grid.updates[-1] == 20


def test_race_grid_no_warning_at_huge_learning_rate(data):
    x, y, _, _ = data
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        grid = race_grid(x * 100, y, 1, [1e4], optimum_loss=0.0, epochs=1, seeds=(0,))
    assert np.isfinite(grid.excess).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rates": []}, "learning_rates must be a non-empty 1-D grid"),
    ({"learning_rates": [0.1, -1.0]}, "learning_rates must be a non-empty 1-D grid"),
    ({"seeds": (1, 1)}, "seeds must be distinct"),
    ({"seeds": ()}, "seeds must be distinct"),
    ({"batch_size": 201}, r"batch_size must be an integer in \[1, 200\]"),
])
def test_race_grid_bad_input(data, kwargs, message):
    args = {"batch_size": 4, "learning_rates": [0.1], "seeds": (0,)} | kwargs
    with pytest.raises(ValueError, match=message):
        race_grid(data[0], data[1], args["batch_size"], args["learning_rates"], optimum_loss=0.0, epochs=1,
                  seeds=args["seeds"])


def hand_grid(excess):
    """A RaceGrid with hand-written excess losses: records at 0, 10, 20, 30, 40 samples."""
    excess = np.asarray(excess, dtype=float)  # (r, s, k)
    r = excess.shape[0]
    return RaceGrid(batch_size=10, n_train=100, learning_rates=np.array([0.1, 1.0])[: excess.shape[2]],
                    seeds=tuple(range(excess.shape[1])), samples=np.arange(r) * 10, updates=np.arange(r),
                    excess=excess)


def test_stays_below_and_first_below_by_hand():
    # one seed, two learning rates: the first dips below at 10 but ends above; the second stays from 30
    excess = np.array([[0.7, 0.7], [0.0005, 0.01], [0.002, 0.003], [0.0009, 0.0008], [0.002, 0.0001]])
    grid = hand_grid(excess[:, None, :])
    np.testing.assert_array_equal(grid.first_below(1e-3), [[10, 30]])
    np.testing.assert_array_equal(grid.stays_below(1e-3), [[np.inf, 30]])
    assert grid.best(1e-3) == (1.0, 30.0, 3.0)


def test_needed_is_the_median_over_seeds():
    # three seeds of one learning rate stay below from 10, 20 and never: the median is 20
    seeds = np.array([[0.7, 0.7, 0.7], [0.0, 0.5, 0.5], [0.0, 0.0, 0.5], [0.0, 0.0, 0.5]])
    grid = hand_grid(seeds[:, :, None])
    np.testing.assert_array_equal(grid.stays_below(1e-3)[:, 0], [10, 20, np.inf])
    np.testing.assert_array_equal(grid.needed(1e-3), [20])
    np.testing.assert_array_equal(grid.median_excess[:, 0], [0.7, 0.5, 0.0, 0.0])


def test_best_when_nothing_stays_below():
    grid = hand_grid(np.full((3, 1, 2), 0.5))
    eta, work, updates = grid.best(1e-3)
    assert np.isinf(work) and np.isinf(updates)


def test_race_figure_draws_needed_and_best(data):
    x, y, _, _ = data
    grids = [race_grid(x, y, size, [0.5, 2.0, 8.0], optimum_loss=0.0, epochs=3) for size in (4, 200)]
    target = 0.5  # far above this data's minimum, so every run stays below it
    fig = race_figure(grids, target)
    left, right = fig.axes
    needed = grids[0].needed(target)
    np.testing.assert_array_equal(left.lines[0].get_ydata(), needed[np.isfinite(needed)])
    eta, work, _ = grids[0].best(target)
    assert (left.lines[1].get_xdata()[0], left.lines[1].get_ydata()[0]) == (eta, work)
    assert fig.legends[0].texts[0].get_text() == f"B = 4, η = {eta:g}"  # one legend for both panels
    assert "(full batch)" in fig.legends[0].texts[1].get_text()
    assert right.lines[0].get_ydata()[0] == pytest.approx(grids[0].median_excess[1, int(np.argmin(needed))])
    assert right.get_yscale() == "log" and right.get_xlabel() and left.get_ylabel()
    works = [grid.best(target)[1] for grid in grids]
    best_range = f"{min(works):,.0f} to {max(works):,.0f} sample-gradients"
    assert right.get_title() == f"Each at its best η:\n{best_range}"


def test_race_figure_empty():
    with pytest.raises(ValueError, match="grids must hold at least one RaceGrid"):
        race_figure([], 1e-3)


# --- the other figures -------------------------------------------------------------------------


def test_gradient_noise_figure_data():
    fig = gradient_noise_figure([1, 4, 16], [1.1, 0.52, 0.24], [1.0, 0.5, 0.25])
    predicted, measured = fig.axes[0].lines
    np.testing.assert_array_equal(predicted.get_ydata(), [1.0, 0.5, 0.25])
    np.testing.assert_array_equal(measured.get_xdata(), [1, 4, 16])


def test_decay_figure_draws_excess_loss_and_target(data):
    x, y, xt, yt = data
    h = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=1, epochs=1, learning_rate=0.5, decay=0.1)
    fig = decay_figure({"decay": h}, best_loss=0.3, target=1e-3)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), np.maximum(h.train_loss - 0.3, 1e-12))
    assert fig.axes[0].lines[1].get_ydata()[0] == 1e-3


# --- the batch-size runs and slider ------------------------------------------------------------


def test_runs_every_batch_size_up_front_with_its_own_rate(data):
    x, y, xt, yt = data
    runs = batch_size_runs(x, y, xt, yt, learning_rates={200: 2.0, 8: 0.3}, epochs=2, seed=1)
    assert list(runs) == [8, 200]
    alone = sgd(LogisticRegression(2), x, y, xt, yt, batch_size=8, epochs=2, learning_rate=0.3, seed=1,
                record_every=8)
    np.testing.assert_array_equal(runs[8].params, alone.params)
    assert runs[200].learning_rate == 2.0 and runs[200].updates[-1] == 2


@pytest.mark.parametrize("rates, error, message", [
    ({4: 0.0}, ValueError, "learning_rate must be a finite number > 0"),
    ({}, TypeError, "learning_rates must be a non-empty dict"),
    ([0.1], TypeError, "learning_rates must be a non-empty dict"),
    ({300: 0.1}, ValueError, r"batch_size must be an integer in \[1, "),
])
def test_runs_bad_learning_rates(data, rates, error, message):
    with pytest.raises(error, match=message):
        batch_size_runs(*data, learning_rates=rates, epochs=1)


def test_runs_bad_features(data):
    x, y, xt, yt = data
    with pytest.raises(ValueError, match="x_train must have 2 feature column"):
        batch_size_runs(np.zeros((200, 3)), y, xt, yt, learning_rates={4: 0.1}, epochs=1)


@pytest.fixture
def runs(data):
    return batch_size_runs(*data, learning_rates={1: 0.05, 4: 0.3, 200: 2.0}, epochs=2)


def test_figure_bad_best_or_batch_size(data, best, runs):
    x, y, _, _ = data
    with pytest.raises(ValueError, match=r"best must be \[w1, w2, b\]"):
        batch_size_figure(runs, x, y, np.zeros(2), best[1], batch_size=4)
    with pytest.raises(ValueError, match=r"batch_size must be one of \[1, 4, 200\], got 3"):
        batch_size_widget(runs, x, y, *best, batch_size=3)


def test_contours_are_excess_loss_levels_of_the_training_loss(data, best, runs):
    x, y, _, _ = data
    fig = batch_size_figure(runs, x, y, *best, batch_size=4)
    contour = fig.axes[1].collections[0]
    np.testing.assert_array_equal(contour.levels, [0.001, 0.003, 0.01, 0.03, 0.1])
    # a point on the 0.01 contour lies 0.01 above the minimum's training loss (bias held at b*)
    w1, w2 = contour.allsegs[2][0][0]
    theta = best[0]
    g = 1.0 / (1.0 + np.exp(-(x @ [w1, w2] + theta[2])))
    g_best = 1.0 / (1.0 + np.exp(-(x @ theta[:2] + theta[2])))
    excess = binary_cross_entropy(y, g) - binary_cross_entropy(y, g_best)
    assert excess == pytest.approx(0.01, abs=5e-4)
    # the race's finish line, 0.001, is the one dashed contour and has its legend entry
    assert contour.get_linestyles()[0] != contour.get_linestyles()[1]
    assert "finish line 0.001" in [t.get_text() for t in fig.axes[1].get_legend().get_texts()]


def test_figure_draws_the_run_of_its_batch_size(data, best, runs):
    x, y, _, _ = data
    fig = batch_size_figure(runs, x, y, *best, batch_size=4)
    loss_line, path = fig.axes[0].lines[1], fig.axes[1].lines[0]
    np.testing.assert_array_equal(loss_line.get_ydata(), runs[4].test_loss[1:])
    np.testing.assert_array_equal(path.get_xdata(), runs[4].params[:, 0])
    assert fig.axes[0].lines[0].get_ydata()[0] == best[1]


def test_widget_slider_moves_the_artists(data, best, runs):
    x, y, _, _ = data
    panel = batch_size_widget(runs, x, y, *best, batch_size=4)
    assert list(panel.sliders["batch_size"].options) == [1, 4, 200]
    ax_loss, ax_path = panel.figure.axes[0], panel.figure.axes[1]
    loss_line, path = ax_loss.lines[1], ax_path.lines[0]
    np.testing.assert_array_equal(loss_line.get_ydata(), runs[4].test_loss[1:])
    panel.sliders["batch_size"].value = 200
    full = runs[200]
    np.testing.assert_array_equal(path.get_xdata(), full.params[:, 0])
    np.testing.assert_array_equal(loss_line.get_xdata(), [200, 400])
    assert ax_loss.get_title().startswith("B = 200 (full batch), η = 2: 2 updates")
    assert path.get_xdata()[0] == 0.0 and path.get_ydata()[0] == 0.0  # the start is drawn


def test_widget_never_trains(data, best, runs, monkeypatch):
    # every run is made up front by batch_size_runs: moving the slider only sets artists
    import lesson_utils.viz.sgd as viz_sgd

    x, y, _, _ = data
    monkeypatch.setattr(viz_sgd, "sgd", lambda *args, **kwargs: pytest.fail("trained on a slider move"))
    panel = batch_size_widget(runs, x, y, *best, batch_size=4)
    for size in (1, 200, 4):
        panel.sliders["batch_size"].value = size
