"""Lesson 10 exercise checks: right answers pass, every named mistake is recognised, none raises."""

import math
from functools import partial

import numpy as np
import pytest

import lesson_utils as lu
from lesson_utils.exercises import lesson10 as ex

# --- exercise 1: the gradient of the penalised loss ---------------------------------------------


def right_gradients(x, y, w, b, l2):
    dL_dz = lu.sigmoid(x @ w + b) - y
    return x.T @ dL_dz / len(y) + l2 * w, float(np.mean(dL_dz))


def test_expected_gradients_match_the_package_model():
    """The check's finite differences agree with LogisticRegression(l2=…), an independent code."""
    for args, (dL_dw, dL_db) in ex._gradient_cases():
        x, y, w, b, l2 = args
        model = lu.LogisticRegression(x.shape[1], l2=l2)
        model.set_parameters(np.append(w, b))
        got_w, got_b = model.compute_gradients(x, y)
        np.testing.assert_allclose(got_w, dL_dw, rtol=1e-7, atol=1e-10)
        assert got_b == pytest.approx(dL_db, rel=1e-7, abs=1e-10)


def test_expected_gradients_match_a_hand_value():
    """Case 1 by hand: z = (−1.25, 1.25, 3.25); the penalty adds 0.1·w = (0.05, −0.1)."""
    (x, y, w, b, l2), (dL_dw, dL_db) = ex._gradient_cases()[0]
    g = [1 / (1 + math.exp(-z)) for z in (-1.25, 1.25, 3.25)]
    r = [g[0] - 1, g[1], g[2] - 1]
    hand_w = [(r[0] * 1 + r[1] * 0 + r[2] * 2) / 3 + 0.05, (r[0] * 2 - r[1] - 2 * r[2]) / 3 - 0.1]
    np.testing.assert_allclose(dL_dw, hand_w, rtol=1e-8)
    assert dL_db == pytest.approx(sum(r) / 3, rel=1e-8)


def test_gradients_right(verdict):
    assert ex.check_penalised_gradients(right_gradients) is True
    assert verdict().startswith("Correct:")


def test_gradients_placeholder(verdict):
    assert ex.check_penalised_gradients(lambda x, y, w, b, l2: None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_penalised_gradients(None) is False
    assert verdict().startswith("Not done yet:")


def _with_penalty(pw, pb=lambda w, b, l2: 0.0):
    def fn(x, y, w, b, l2):
        dL_dz = lu.sigmoid(x @ w + b) - y
        return x.T @ dL_dz / len(y) + pw(w, l2, len(y)), float(np.mean(dL_dz)) + pb(w, b, l2)

    return fn


def _summed(x, y, w, b, l2):
    dL_dz = lu.sigmoid(x @ w + b) - y
    return x.T @ dL_dz + l2 * w, float(np.sum(dL_dz))


def test_every_gradient_mistake_differs_from_the_answer_and_the_others():
    """Each wrong function gives a result more than 1 % away from the right one and from each other."""
    cases = ex._gradient_cases()
    flat = []
    for wrong, _ in ex.GRADIENT_MISTAKES:
        flat.append(np.concatenate([np.append(*wrong(*args)) for args, _ in cases]))
    right = np.concatenate([np.append(*expected) for _, expected in cases])
    for i, a in enumerate(flat):
        assert not np.allclose(a, right, rtol=1e-2)
        for b in flat[i + 1:]:
            assert not np.allclose(a, b, rtol=1e-2)


def test_gradients_tolerance(verdict):
    """Four significant digits pass, a 1 % error does not (the series' tolerance policy)."""

    def rounded(x, y, w, b, l2):
        dL_dw, dL_db = right_gradients(x, y, w, b, l2)
        return np.array([float(f"{v:.4g}") for v in dL_dw]), float(f"{dL_db:.4g}")

    def off_by_one_percent(x, y, w, b, l2):
        dL_dw, dL_db = right_gradients(x, y, w, b, l2)
        return 1.01 * dL_dw, 1.01 * dL_db

    assert ex.check_penalised_gradients(rounded) is True
    assert verdict().startswith("Correct:")
    assert ex.check_penalised_gradients(off_by_one_percent) is False
    out = verdict()
    assert out.startswith("Not yet:") and "for input" in out


def test_gradients_wrong_form_and_errors_are_described(verdict):
    assert ex.check_penalised_gradients(lambda x, y, w, b, l2: right_gradients(x, y, w, b, l2)[0]) is False
    assert "expected a pair (dL_dw, dL_db)" in verdict()

    def raises(x, y, w, b, l2):
        raise ValueError("shapes do not align")

    assert ex.check_penalised_gradients(raises) is False
    assert "raised ValueError: shapes do not align" in verdict()


# --- exercise 2: why the bias is not penalised --------------------------------------------------


def test_bias_choice_right(verdict):
    assert ex.check_bias_choice("d") is True
    assert verdict().startswith("Correct:")
    assert ex.check_bias_choice(" (D) ") is True
    verdict()


@pytest.mark.parametrize(
    ("option", "words"),
    [("a", "does have a gradient"), ("b", "keeps the objective convex"), ("c", "the minimum exists without")],
)
def test_bias_choice_each_wrong_option_explained(option, words, verdict):
    assert ex.check_bias_choice(option) is False
    out = verdict()
    assert out.startswith(f"Not yet: ({option})") and words in out


def test_bias_choice_placeholder_and_nonsense(verdict):
    assert ex.check_bias_choice(None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_bias_choice(4) is False
    assert verdict().startswith("Not yet: answer with one letter")


# --- exercise 3: predict ‖w*‖ at ten times the penalty ------------------------------------------

NORMS = {0.001: 2.2200, 0.01: 1.5158, 0.1: 0.94618}


def test_prediction_close_enough(verdict):
    assert ex.check_norm_prediction(0.9, NORMS) is True  # 4.9 % off: a prediction within 10 % counts
    out = verdict()
    assert out.startswith("Correct:") and "factor 1.60" in out


def test_prediction_tolerance_is_ten_percent(verdict):
    assert ex.check_norm_prediction(0.94618 * 1.09, NORMS) is True
    verdict()
    assert ex.check_norm_prediction(0.94618 * 1.11, NORMS) is False
    assert verdict().startswith("Not yet:")


def test_prediction_not_done(verdict):
    assert ex.check_norm_prediction(None, NORMS) is False
    assert verdict().startswith("Not done yet: write your prediction")
    assert ex.check_norm_prediction(1.0, None) is False
    assert verdict().startswith("Not done yet: run the experiment")
    assert ex.check_norm_prediction("one", NORMS) is False
    assert verdict().startswith("Not yet: write the prediction as a number")


# --- exercise 4: find the bug in early stopping -------------------------------------------------


def learner(in_place=False, copy_start=False, copy_loop=False, measure_first=False, first_epoch=1):
    """An early_stopping as a learner might write it; the keywords choose its flaws (none by default).

    in_place=True is the exercise's function as printed: the in-place update aliases the saved w.
    """

    def early_stopping(x_train, y_train, x_val, y_val, learning_rate, epochs):
        w, b = np.zeros(x_train.shape[1]), 0.0

        def val_loss():
            return lu.binary_cross_entropy_with_logits(y_val, x_val @ w + b)

        best = (val_loss(), 0, w.copy() if copy_start else w, b)
        for epoch in range(first_epoch, epochs + first_epoch):
            if measure_first and val_loss() < best[0]:
                best = (val_loss(), epoch, w, b)
            dL_dz = lu.sigmoid(x_train @ w + b) - y_train
            step = learning_rate * (x_train.T @ dL_dz) / len(y_train)
            if in_place:
                w -= step
            else:
                w = w - step
            b = b - learning_rate * np.mean(dL_dz)
            if not measure_first and val_loss() < best[0]:
                best = (val_loss(), epoch, w.copy() if copy_loop else w, b)
        return best[1], best[2], best[3]

    return early_stopping


buggy, fixed = learner(in_place=True), learner()


def test_stopping_expected_values_from_lu_train():
    """The check's plain loop on lists agrees with lu.train's recorded path (independent code)."""
    for args, (epoch, w, b) in ex._stopping_cases():
        x, y, x_val, y_val, eta, epochs = args
        history = lu.train(lu.LogisticRegression(2), x, y, epochs, eta, x_val, y_val)
        assert epoch == int(np.argmin(history.test_loss))
        np.testing.assert_allclose(history.params[epoch], np.append(w, b), rtol=1e-9, atol=1e-12)


def test_stopping_cases_have_an_interior_and_a_start_minimum():
    epochs = [expected[0] for _, expected in ex._stopping_cases()]
    assert 0 < epochs[0] < ex.STOPPING_CASES[0][5]
    assert epochs[1] == 0


def test_stopping_fixed(verdict):
    assert ex.check_early_stopping(fixed) is True
    assert verdict().startswith("Correct:")


def test_stopping_copy_fix_also_right(verdict):
    assert ex.check_early_stopping(learner(in_place=True, copy_start=True, copy_loop=True)) is True
    verdict()


def test_stopping_unchanged_exercise_is_not_done_yet(verdict):
    """The exercise cell as given (the bug still in it) is 'not done yet', as in a fresh notebook."""
    assert ex.check_early_stopping(buggy) is False
    out = verdict()
    assert out.startswith("Not done yet:") and "still gives the numbers of the version with the bug" in out


def _rounded_buggy(*args):
    """A learner's version of the same aliasing bug, w rounded to 6 digits: named, not 'not done'."""
    epoch, w, b = buggy(*args)
    return epoch, np.array([float(f"{v:.6g}") for v in w]), b


def _last(x_train, y_train, x_val, y_val, learning_rate, epochs):
    h = lu.train(lu.LogisticRegression(2), x_train, y_train, epochs, learning_rate)
    return epochs, h.params[-1, :2], h.params[-1, 2]


def _by_training_loss(x_train, y_train, x_val, y_val, learning_rate, epochs):
    return fixed(x_train, y_train, x_train, y_train, learning_rate, epochs)


def test_stopping_tolerance(verdict):
    def rounded(*args):
        epoch, w, b = fixed(*args)
        return epoch, np.array([float(f"{v:.4g}") for v in w]), float(f"{b:.4g}")

    def off(*args):
        epoch, w, b = fixed(*args)
        return epoch, 1.01 * w, b

    assert ex.check_early_stopping(rounded) is True
    verdict()
    assert ex.check_early_stopping(off) is False
    assert verdict().startswith("Not yet:")


def test_stopping_placeholder(verdict):
    assert ex.check_early_stopping(lambda *args: None) is False
    assert verdict().startswith("Not done yet:")


def test_every_stopping_mistake_differs_from_the_right_answer():
    """No named mistake can fire on a right answer: each differs from it on some case by more than 1 %."""
    cases = ex._stopping_cases()
    for wrong, _ in ex.STOPPING_MISTAKES:
        assert any(
            not np.allclose(np.append(wrong(*args)[0], np.append(*wrong(*args)[1:])),
                            np.append(expected[0], np.append(*expected[1:])), rtol=1e-2)
            for args, expected in cases
        )


@pytest.mark.parametrize(
    ("guess", "words"),
    [(True, "a bool"), ([0.95], "a list of shape (1,)"), (np.array([0.95]), "an array of shape (1,)")],
)
def test_prediction_wrong_form_described(guess, words, verdict):
    """A prediction that is not one number is not accepted, and the verdict says what it is."""
    assert ex.check_norm_prediction(guess, NORMS) is False
    out = verdict()
    assert out.startswith("Not yet: write the prediction as one number") and words in out


def test_prediction_as_a_numpy_number_accepted(verdict):
    assert ex.check_norm_prediction(np.float64(0.95), NORMS) is True
    assert verdict().startswith("Correct:")


# --- every exercise: each named mistake gets its own message --------------------


norm = partial(ex.check_norm_prediction, norms=NORMS)


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: l2 * w, lambda w, b, l2: l2 * b),
     "penalised the bias"),
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: 2 * l2 * w), "2·l2·w, twice too large"),
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: l2 / 2 * w),
     "(l2/2)·w, half the right size"),
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: -l2 * w), "wrong sign"),
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: l2 * w / m), "divided by m"),
    (ex.check_penalised_gradients, _with_penalty(lambda w, l2, m: 0.0 * w), "penalty's gradient is missing"),
    (ex.check_penalised_gradients, lambda x, y, w, b, l2: (l2 * w, 0.0), "the penalty alone"),
    (ex.check_penalised_gradients, _summed, "summed over the samples"),
    (norm, 0.15, "gives 0.94618. That is ‖w*‖ at α = 0.01 divided by 10"),
    (norm, 0.48, "gives 0.94618. That is ‖w*‖ at α = 0.01 divided by √10"),
    (norm, 1.5, "gives 0.94618. That is the length at α = 0.01"),
    (norm, 2.0, "never lengthens"),
    (norm, -1.0, "never negative"),
    (ex.check_early_stopping, _rounded_buggy, "went on changing after it was saved"),
    (ex.check_early_stopping, learner(in_place=True, copy_start=True),
     "copying w where `best` is first set is not enough"),
    (ex.check_early_stopping, _last, "nothing was stopped early"),
    (ex.check_early_stopping, _by_training_loss, "nothing was stopped early"),
    (ex.check_early_stopping, learner(first_epoch=0), "one too small"),
    # the right parameters under the next epoch's number
    (ex.check_early_stopping, learner(measure_first=True), "one too large"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
