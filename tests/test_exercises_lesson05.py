"""Lesson 5 exercise checks: right answers pass, each named mistake is recognised, 4 digits suffice."""

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import lesson05 as ex
from lesson_utils.exercises.reference import central_differences, mean_loss


def predict(x, w, b):
    z = x @ w + b
    return z, 1 / (1 + np.exp(-z))


def compute_gradients(x, y, w, b):
    _, g = predict(x, w, b)
    return x.T @ (g - y) / len(y), float(np.mean(g - y))


def optimize(w, b, dL_dw, dL_db, learning_rate):
    return w - learning_rate * dL_dw, b - learning_rate * dL_db


def check_gradients_with_predict(compute_gradients):
    return ex.check_compute_gradients(compute_gradients, predict)


def _rounded(fn, digits=4):
    """fn with every result rounded to ``digits`` significant digits."""

    def wrapped(*args):
        return tuple(np.asarray([float(f"{v:.{digits}g}") for v in np.ravel(part)]).reshape(np.shape(part))
                     for part in fn(*args))

    return wrapped


def _scaled(fn, factor):
    def wrapped(*args):
        return tuple(np.asarray(part) * factor for part in fn(*args))

    return wrapped


# --- exercise 1 ---------------------------------------------------------------------------------


def test_predict_right_answer_and_article_shape(verdict):
    assert ex.check_predict(predict) is True
    assert verdict().startswith("Correct: z = x·w + b = [−1.25, 1.25, 3.25]")

    def article_predict(x, w, b):  # w as a (1, d) row: z comes out (1, m)
        z = np.matmul(np.reshape(w, (1, -1)), x.T) + b
        return z, 1 / (1 + np.exp(-z))

    assert ex.check_predict(article_predict) is True


def test_predict_expected_values_by_hand():
    z, g = ex._predict_by_hand(ex.X_SMALL, ex.W_SMALL, ex.B_SMALL)
    # (1, 2)·(0.5, −1) + 0.25 = −1.25; (0, −1) → 1.25; (2, −2) → 3.25
    assert z == [-1.25, 1.25, 3.25]
    assert g[0] == pytest.approx(0.2227001388, rel=1e-9)


def test_predict_tolerance(verdict):
    assert ex.check_predict(_rounded(predict, 4)) is True
    assert verdict().startswith("Correct:")
    assert ex.check_predict(_scaled(predict, 1.01)) is False
    assert verdict().startswith("Not yet:")


def test_predict_placeholders_and_wrong_forms(verdict):
    assert ex.check_predict(None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_predict(lambda x, w, b: None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_predict(lambda x, w, b: 3) is False
    out = verdict()
    assert out.startswith("Not yet:") and "expected a pair" in out and "raised" not in out


# --- exercise 2 ---------------------------------------------------------------------------------


def test_gradients_right_answer(verdict):
    assert ex.check_compute_gradients(compute_gradients, predict) is True
    assert verdict().startswith("Correct: the gradients agree")
    assert ex.check_compute_gradients(compute_gradients) is True  # predict need not be passed


def test_gradient_references_agree_with_lesson_utils():
    """The check's finite differences and lesson_utils' analytic gradient are independent: they agree."""
    x, y, w, b = ex._random_batch()
    model = lu.LogisticRegression(2)
    model.set_parameters([*w, b])
    dL_dw, dL_db = model.compute_gradients(np.array(x), np.array(y))
    expected = central_differences(lambda t: mean_loss(x, y, t), [*w, b])
    np.testing.assert_allclose(expected, [*dL_dw, dL_db], rtol=1e-7, atol=1e-10)


def _residual(x, y, w, b):
    return predict(x, w, b)[1] - y


def test_gradients_with_an_unfinished_predict_blame_exercise_1(verdict):
    def unfinished(x, w, b):
        return None

    def calls_it(x, y, w, b):
        _, g = unfinished(x, w, b)  # TypeError: cannot unpack None
        return x.T @ (g - y) / len(y), np.mean(g - y)

    assert ex.check_compute_gradients(calls_it, unfinished) is False
    out = verdict()
    assert out.startswith("Not done yet:") and "exercise 1" in out and "TypeError" not in out
    summed = lambda x, y, w, b: (x.T @ _residual(x, y, w, b), 0.0)  # noqa: E731
    assert ex.check_compute_gradients(summed, lambda x, w, b: (x @ w, x @ w)) is False
    assert "does not pass its check yet" in verdict()


def test_gradients_that_do_not_need_predict_pass_even_if_exercise_1_is_unfinished(verdict):
    assert ex.check_compute_gradients(compute_gradients, lambda x, w, b: None) is True
    out = verdict()
    assert out.startswith("Correct: the gradients agree") and "\n" not in out


def test_gradients_tolerance(verdict):
    assert ex.check_compute_gradients(_rounded(compute_gradients, 4)) is True
    assert verdict().startswith("Correct:")
    assert ex.check_compute_gradients(_scaled(compute_gradients, 1.01)) is False
    assert verdict().startswith("Not yet:")


def test_gradients_placeholder_and_crash(verdict):
    assert ex.check_compute_gradients(lambda x, y, w, b: None) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_compute_gradients(lambda x, y, w, b: (x @ np.ones(5), 0.0)) is False
    assert "raised ValueError" in verdict()


# --- exercise 3 ---------------------------------------------------------------------------------


def test_optimize_fixed_passes_and_the_buggy_one_is_not_done(verdict):
    assert ex.check_optimize(optimize) is True
    assert verdict().startswith("Correct: w − η·dL/dw = [0.4, −0.8]")

    def buggy_optimize(w, b, dL_dw, dL_db, learning_rate):  # retyped as in the notebook
        w -= learning_rate * dL_dw
        b -= learning_rate * dL_db
        return w, b

    assert ex.check_optimize(buggy_optimize) is False
    assert verdict().startswith("Not done yet: this is still the version with the bug")


def test_optimize_in_place_variants_are_named(verdict):
    def in_place_w_only(w, b, dL_dw, dL_db, learning_rate):
        w -= learning_rate * dL_dw
        return w, b - learning_rate * dL_db

    assert ex.check_optimize(in_place_w_only) is False
    assert "still changes the caller's w" in verdict()

    def in_place_returns_none(w, b, dL_dw, dL_db, learning_rate):
        w[:] = w - learning_rate * dL_dw

    assert ex.check_optimize(in_place_returns_none) is False
    assert "changes the caller's w" in verdict()


def test_optimize_tolerance_and_placeholder(verdict):
    assert ex.check_optimize(_rounded(optimize, 4)) is True
    assert verdict().startswith("Correct:")
    assert ex.check_optimize(_scaled(optimize, 1.01)) is False
    assert verdict().startswith("Not yet:")
    assert ex.check_optimize(None) is False
    assert verdict().startswith("Not done yet")


# --- exercise 4 ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eta_10_losses():
    """The lesson's data, 3,000 plain steps at η = 10 (written out here, not lesson_utils.train)."""
    x, y = lu.make_two_gaussians(n_samples=400, means=((1.0,), (3.0,)), seed=1)
    x1, w, b, out = x[:, 0], 0.0, 0.0, []
    for _ in range(3001):
        z = w * x1 + b
        out.append(np.mean(np.logaddexp(0.0, z) - y * z))
        e = 1 / (1 + np.exp(-z)) - y
        w, b = w - 10.0 * np.mean(e * x1), b - 10.0 * np.mean(e)
    return np.array(out)


def test_large_step_outcome_of_each_kind():
    steps = np.arange(1001.0)
    assert ex.large_step_outcome(np.exp(steps / 100)) == "a"
    assert ex.large_step_outcome(0.3 + np.exp(-steps)) == "b"
    assert ex.large_step_outcome(0.6 + 0.1 * np.sin(steps)) == "c"
    assert ex.large_step_outcome(np.append(np.ones(1000), np.inf)) == "d"
    assert ex.large_step_outcome(None) is None and ex.large_step_outcome(np.ones(10)) is None


def test_large_step_prediction(eta_10_losses, verdict):
    assert ex.large_step_outcome(eta_10_losses) == "c"
    assert ex.check_large_step_prediction("c", eta_10_losses) is True
    out = verdict()
    assert out.startswith("Correct:") and "between 0.56 and 0.79" in out
    for wrong in ("a", "b", "d"):
        assert ex.check_large_step_prediction(wrong, eta_10_losses) is False
        out = verdict()
        assert out.startswith(f"Not yet: you predicted ({wrong})") and ex.LARGE_STEP_OPTIONS[wrong] in out
    assert ex.check_large_step_prediction(None, eta_10_losses) is False
    assert verdict().startswith("Not done yet")
    assert ex.check_large_step_prediction("c", None) is False
    assert verdict().startswith("Not done yet: run the experiment")
    assert ex.check_large_step_prediction("bounce", eta_10_losses) is False
    assert verdict().startswith("Not yet: predict with one letter")


def test_large_step_prediction_against_a_changed_experiment(verdict):
    """A curve that does not bounce did not come from the cell as written: said so, never 'Correct'."""
    steps = np.arange(3001.0)
    for curve in (0.3 + np.exp(-steps), np.exp(steps / 100), np.full(3001, np.nan)):
        with np.errstate(over="ignore"):
            curve = np.asarray(curve)
        for prediction in ("a", "b", "c", "d"):
            assert ex.check_large_step_prediction(prediction, curve) is False
            assert verdict().startswith("Not yet: that curve is not the one the experiment cell computes")


@pytest.mark.parametrize("losses", ["abc", {"a": 1}, 3.0, [0.5, 0.6]])
def test_large_step_prediction_never_raises_on_a_replaced_curve(losses, verdict):
    assert ex.check_large_step_prediction("c", losses) is False
    assert verdict().startswith("Not done yet: run the experiment")


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_predict, lambda x, w, b: (x @ w, 1 / (1 + np.exp(-(x @ w)))), " no bias"),
    (ex.check_predict, lambda x, w, b: (x @ w + b, 1 / (1 + np.exp(x @ w + b))), "1 − σ(z)"),
    (ex.check_predict, lambda x, w, b: (1 / (1 + np.exp(-(x @ w + b))), x @ w + b), "swapped"),
    (ex.check_predict, lambda x, w, b: (x @ w + b, x @ w + b), "g equals z"),
    (check_gradients_with_predict,
     lambda x, y, w, b: tuple(-np.asarray(v) for v in compute_gradients(x, y, w, b)), "y − g"),
    (check_gradients_with_predict,
     lambda x, y, w, b: (x.T @ _residual(x, y, w, b), np.sum(_residual(x, y, w, b))), "sums over the batch"),
    (check_gradients_with_predict, lambda x, y, w, b: compute_gradients(x, y, w, b)[::-1], "swapped"),
    (check_gradients_with_predict,
     lambda x, y, w, b: (np.mean(_residual(x, y, w, b)) * np.ones(2), np.mean(_residual(x, y, w, b))),
     "same number for every feature"),
    (check_gradients_with_predict,
     lambda x, y, w, b: (compute_gradients(x, y, w, b)[0], np.mean(_residual(x, y, w, b) * x.sum(axis=1))),
     "dL_db carries a factor x"),
    (ex.check_optimize, lambda w, b, dw, db, eta: (w + eta * dw, b + eta * db), "uphill"),
    (ex.check_optimize, lambda w, b, dw, db, eta: optimize(w, b, dw, db, eta)[::-1], "swapped"),
    (ex.check_optimize, lambda w, b, dw, db, eta: optimize(w, b, dw, db, 1.0), "learning rate is missing"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
