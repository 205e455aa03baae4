"""Lesson 9 exercise checks: right answers pass, each named mistake gets its message, the tolerance
policy holds, nothing raises."""

import math
from functools import partial

import numpy as np
import pytest

from lesson_utils.exercises import lesson09 as ex


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- exercise 1: the SGD epoch, fixed -------------------------------------------------------------


def epoch_numpy(w, b, x, y, batch_size, learning_rate, seed):
    """The fixed epoch, written with numpy as a learner would (independent of the check's loops)."""
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        batch = order[start : start + batch_size]
        xb, yb = x[batch], y[batch]
        dL_dz = sigmoid(xb @ w + b) - yb
        w = w - learning_rate * xb.T @ dL_dz / len(batch)
        b = b - learning_rate * np.mean(dL_dz)
    return w, b


def epoch_buggy(w, b, x, y, batch_size, learning_rate, seed):
    """The lesson's version with its bug: the labels of a batch come from the unshuffled order."""
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        batch = order[start : start + batch_size]
        xb, yb = x[batch], y[start : start + batch_size]
        dL_dz = sigmoid(xb @ w + b) - yb
        w = w - learning_rate * xb.T @ dL_dz / len(batch)
        b = b - learning_rate * np.mean(dL_dz)
    return w, b


def test_epoch_right(verdict):
    assert ex.check_sgd_epoch(epoch_numpy) is True
    assert verdict().startswith("Correct: each batch now takes")


def test_epoch_reference_against_a_hand_computed_step():
    # one batch of one sample: w = 0, b = 0, x = (1, 2), y = 1 → g − y = −1/2, step η = 1
    w, b = ex._epoch_by_hand([0.0, 0.0], 0.0, np.array([[1.0, 2.0]]), np.array([1.0]), 1, 1.0, 0)
    np.testing.assert_allclose(w, [0.5, 1.0])
    assert b == pytest.approx(0.5)


def test_epoch_bug_left_in(verdict):
    # rewritten, but with the same bug: reported as not done, without saying where the bug is
    assert ex.check_sgd_epoch(epoch_buggy) is False
    out = verdict()
    assert out.startswith("Not done yet: sgd_epoch still gives the numbers of the version with the bug")
    assert "label" not in out


def _epoch_variant(samples_shuffled=True, labels_shuffled=True, sign=1.0, shuffle=True, by_batch_size=False,
                   mean=True):
    """A learner's epoch: samples and labels in the shuffled or the data's order, g − y or y − g, no
    shuffle, every batch divided by batch_size, or the sum instead of the mean."""
    def fn(w, b, x, y, batch_size, learning_rate, seed):
        order = np.random.default_rng(seed).permutation(len(y)) if shuffle else np.arange(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            in_order = slice(start, start + batch_size)
            xb = x[batch] if samples_shuffled else x[in_order]
            yb = y[batch] if labels_shuffled else y[in_order]
            dL_dz = sign * (sigmoid(xb @ w + b) - yb)
            n = (batch_size if by_batch_size else len(yb)) if mean else 1
            w = w - learning_rate * xb.T @ dL_dz / n
            b = b - learning_rate * np.sum(dL_dz) / n
        return w, b
    return fn


def test_epoch_tolerance(verdict):
    def scaled(factor):
        def fn(*args):
            w, b = epoch_numpy(*args)
            return w * factor, b * factor
        return fn

    assert ex.check_sgd_epoch(scaled(1 + 4e-4)) is True  # right to four significant digits
    verdict()
    assert ex.check_sgd_epoch(scaled(1.01)) is False
    assert verdict().startswith("Not yet: for input (np.array([0.1, -0.2]), 0.05")


def test_epoch_placeholder_and_no_return(verdict):
    assert ex.check_sgd_epoch(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_sgd_epoch(lambda *args: None) is False
    assert verdict().startswith("Not done yet")


@pytest.mark.parametrize("check", [ex.check_sgd_epoch, ex.check_updates_per_epoch])
def test_not_a_function_is_said_so(check, verdict):
    assert check("sgd_epoch") is False
    assert verdict().startswith("Not yet: pass the function itself")
    assert check([1, 2]) is False
    assert "not list [1, 2]" in verdict()


def test_epoch_single_value_described(verdict):
    assert ex.check_sgd_epoch(lambda *args: epoch_numpy(*args)[0]) is False
    assert "expected a pair (w, b)" in verdict()


def test_epoch_learner_exception_reported(verdict):
    def broken(w, b, x, y, batch_size, learning_rate, seed):
        raise KeyError("oops")

    assert ex.check_sgd_epoch(broken) is False
    assert "raised KeyError" in verdict()


# --- exercise 2: updates per epoch ----------------------------------------------------------------


@pytest.mark.parametrize("fn", [lambda m, b: math.ceil(m / b), lambda m, b: -(-m // b),
                                lambda m, b: len(range(0, m, b)), lambda m, b: float(math.ceil(m / b))])
def test_updates_right(fn, verdict):
    assert ex.check_updates_per_epoch(fn) is True
    assert verdict().startswith("Correct: one update per batch")


def test_updates_hand_counts():
    assert all(count == len(range(0, m, b)) for (m, b), count in ex.UPDATE_CASES)


def test_updates_exact_count_required(verdict):
    # a count is exact: one update off is wrong even where it is within 0.1 % (26,666 for 26,667)
    assert ex.check_updates_per_epoch(lambda m, b: math.ceil(m / b) - (m == 80_000 and b == 3)) is False
    assert verdict().startswith("Not yet: for input (80000, 3) it returned 26666 (expected 26667)")


def test_updates_placeholder(verdict):
    assert ex.check_updates_per_epoch(lambda m, b: None) is False
    assert verdict().startswith("Not done yet")


# --- exercise 3: predict the noise ratio ----------------------------------------------------------


def measured_ratio():
    """Measure the ratio as the lesson does: batch means of per-sample values, drawn without replacement."""
    rng = np.random.default_rng(0)
    values = rng.normal(size=80_000)
    std = {}
    for size in (16, 256):
        means = [values[rng.permutation(80_000)[: (80_000 // size) * size]].reshape(-1, size).mean(axis=1)
                 for _ in range(1 + 2_000 * size // 80_000)]
        std[size] = np.concatenate(means)[:2_000].std()
    return std[16] / std[256]


def test_noise_prediction_four_is_right(verdict):
    ratio = measured_ratio()
    assert 3.6 < ratio < 4.4  # the measurement itself: √16 = 4 within sampling error
    assert ex.check_noise_prediction(4, ratio) is True
    assert verdict().startswith("Correct: you predicted 4")


def test_noise_prediction_tolerance_ten_percent(verdict):
    assert ex.check_noise_prediction(4.35, 4.0) is True  # 8.75 % off: a good prediction
    verdict()
    assert ex.check_noise_prediction(4.5, 4.0) is False  # 12.5 % off
    assert verdict().startswith("Not yet: you predicted 4.5; the experiment gives 4.")


def test_noise_prediction_not_done_and_text(verdict):
    assert ex.check_noise_prediction(None, 4.0) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_noise_prediction("four", 4.0) is False
    assert verdict().startswith("Not yet: write the prediction as a number")


@pytest.mark.parametrize("measured", [None, "ratio", float("nan"), [4.0, 1.0]])
def test_noise_prediction_without_a_measurement(measured, verdict):
    assert ex.check_noise_prediction(4.0, measured) is False
    assert verdict().startswith("Not done yet: run the experiment cell above")


@pytest.mark.parametrize("prediction, kind", [(True, "a bool"), ([4], "a list of shape (1,)"),
                                              (np.array([4.0, 1.0]), "an array of shape (2,)")])
def test_noise_prediction_that_is_not_one_number(prediction, kind, verdict):
    assert ex.check_noise_prediction(prediction, 4.0) is False
    out = verdict()
    assert out.startswith("Not yet: write the prediction as one number") and kind in out


# --- exercise 4: why more data favours small batches ---------------------------------------------


def test_race_explanation_right(verdict):
    assert ex.check_race_explanation("b") is True
    assert verdict().startswith("Correct: the noise of a batch gradient is s/√B")


@pytest.mark.parametrize("wrong, words", [("a", "less accurate"), ("c", "convex"), ("d", "single update")])
def test_race_explanation_wrong_options(wrong, words, verdict):
    assert ex.check_race_explanation(wrong) is False
    out = verdict()
    assert out.startswith(f"Not yet: ({wrong})") and words in out


def test_race_explanation_placeholder_and_bad_option(verdict):
    assert ex.check_race_explanation(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_race_explanation("e") is False
    assert verdict().startswith("Not yet: answer with one letter")


def test_epoch_unchanged_bug_is_not_done(verdict):
    assert ex.check_sgd_epoch(ex.buggy_sgd_epoch) is False
    assert verdict().startswith("Not done yet: sgd_epoch still gives the numbers of the version with the bug")


def test_epoch_buggy_version_behaves_as_the_named_bug():
    # the code shown to the learner makes exactly the mistake the check names first
    for args in ex.EPOCH_CASES_ARGS:
        w, b = ex.buggy_sgd_epoch(*args)
        w_ref, b_ref = ex._epoch_by_hand(*args, shuffled_labels=False)
        np.testing.assert_allclose(w, w_ref, rtol=1e-12)
        assert b == pytest.approx(b_ref, rel=1e-12)


def test_epoch_notebook_shows_the_buggy_version():
    import json
    from pathlib import Path

    path = Path(__file__).parents[1] / "notebooks/09_stochastic_gradient_descent.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "exercise" in c["metadata"].get("tags", [])
                and "def sgd_epoch" in "".join(c["source"]))
    namespace = {"np": np, "lu": ex.lu}
    exec("".join(cell["source"]), namespace)
    for args in ex.EPOCH_CASES_ARGS:
        w, b = namespace["sgd_epoch"](*args)
        w_ref, b_ref = ex.buggy_sgd_epoch(*args)
        np.testing.assert_array_equal(w, w_ref)
        assert b == b_ref


# --- every exercise: each named mistake gets its own message --------------------


noise = partial(ex.check_noise_prediction, measured_ratio=4.05)


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_sgd_epoch, _epoch_variant(shuffle=False),
     "samples and labels match now, but the epoch no longer shuffles"),
    (ex.check_sgd_epoch, _epoch_variant(by_batch_size=True), "the last batch is smaller than batch_size"),
    (ex.check_sgd_epoch, _epoch_variant(mean=False), "the step uses the sum"),
    (ex.check_sgd_epoch, _epoch_variant(samples_shuffled=False), "still come from different orders"),
    (ex.check_sgd_epoch, _epoch_variant(sign=-1.0), "the step goes uphill"),
    (ex.check_sgd_epoch, _epoch_variant(labels_shuffled=False, sign=-1.0),
     "the sign of g − y was right as it was, and the bug is still there"),
    (ex.check_updates_per_epoch, lambda m, b: m // b, "Not yet: m // B counts only the full batches"),
    (ex.check_updates_per_epoch, lambda m, b: m // b + 1, "Not yet: adding 1 to m // B"),
    (ex.check_updates_per_epoch, lambda m, b: m / b, "Not yet: m / B is not a whole number"),
    (ex.check_updates_per_epoch, lambda m, b: round(m / b), "Not yet: rounding m / B to the nearest"),
    (ex.check_updates_per_epoch, lambda m, b: math.ceil(b / m),
     "Not yet: the arguments are the other way round"),
    (noise, 16, "the ratio of the batch sizes"),
    (noise, 0.25, "upside down: the batch of 16"),
    (noise, 1 / 16, "upside down, and it is the variance ratio"),
    (noise, 1, "does change the noise"),
    (noise, 2, "fourth root"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
