"""Lesson 8 exercise checks: right answers pass, each named mistake gets its own message."""

import math
from functools import partial
from types import SimpleNamespace

import numpy as np
import pytest

from lesson_utils.exercises import lesson08 as ex


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gradients(x, y, W1, b1, w2, b2, slope=lambda a1: a1 * (1 - a1), w2_back=True, mean_W1=True, mean_w2=True):
    """Backpropagation written here independently; the keyword arguments introduce one mistake."""
    m = x.shape[0]
    a1 = sigmoid(x @ W1 + b1)
    g = sigmoid(a1 @ w2 + b2)
    dL_dz2 = g - y
    dL_dz1 = (np.outer(dL_dz2, w2) if w2_back else dL_dz2[:, None] * np.ones_like(a1)) * slope(a1)
    dL_dW1 = x.T @ dL_dz1 / (m if mean_W1 else 1)
    dL_dw2 = a1.T @ dL_dz2 / (m if mean_w2 else 1)
    return dL_dW1, dL_dz1.mean(axis=0), dL_dw2, dL_dz2.mean()


def good_gradients(x, y, W1, b1, w2, b2):
    return gradients(x, y, W1, b1, w2, b2)


def test_sigmoid_hidden_loss_by_hand():
    x = np.array([[1.0, -1.0]])
    y = np.array([1.0])
    W1, b1, w2, b2 = np.array([[0.5], [0.25]]), np.array([0.1]), np.array([2.0]), -0.3
    a = 1 / (1 + math.exp(-(0.5 - 0.25 + 0.1)))
    z2 = 2.0 * a - 0.3
    assert ex.sigmoid_hidden_loss(x, y, W1, b1, w2, b2) == pytest.approx(math.log1p(math.exp(-z2)), rel=1e-12)


def test_gradient_cases_match_backpropagation_written_here():
    for args, expected in ex._gradient_cases():
        for part, want in zip(good_gradients(*args), expected, strict=True):
            np.testing.assert_allclose(part, want, rtol=1e-7, atol=1e-10)


def test_gradients_right_answer(verdict):
    assert ex.check_sigmoid_hidden_gradients(good_gradients) is True
    assert verdict().startswith("Correct:")


def test_gradients_missing_mean_in_W1_is_not_blamed_on_the_hidden_derivative(verdict):
    ex.check_sigmoid_hidden_gradients(lambda *a: gradients(*a, mean_W1=False))
    out = verdict()
    assert "local derivative" not in out and "dL_db1" not in out


def test_gradients_unnamed_error_says_which_part_is_off(verdict):
    def off(*args):
        dW1, db1, dw2, db2 = good_gradients(*args)
        return dW1, db1, dw2, -db2

    assert ex.check_sigmoid_hidden_gradients(off) is False
    out = verdict()
    assert "dL_db2 is off" in out and "dL_dW1 is off" not in out
    assert "for input (np.array([[" in out  # the failing case, retypeable


def test_gradients_tolerance(verdict):
    def scaled(factor):
        return lambda *a: tuple(np.asarray(p) * factor for p in good_gradients(*a))

    assert ex.check_sigmoid_hidden_gradients(scaled(1 + 1e-7)) is True
    assert ex.check_sigmoid_hidden_gradients(scaled(1.01)) is False
    verdict()


def test_gradients_wrong_shape(verdict):
    def transposed(*args):
        dW1, db1, dw2, db2 = good_gradients(*args)
        return dW1.T, db1, dw2, db2

    assert ex.check_sigmoid_hidden_gradients(transposed) is False
    assert "dL_dW1" in verdict()  # in the first case W1 is square: wrong values, named as such
    assert ex.check_sigmoid_hidden_gradients(lambda *a: good_gradients(*a)[:3]) is False
    assert "expected a tuple of 4 values" in verdict()


def test_gradients_placeholder_and_not_a_function(verdict):
    assert ex.check_sigmoid_hidden_gradients(lambda *a: None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_sigmoid_hidden_gradients(None) is False
    assert verdict().startswith("Not done yet:")


def test_gradients_raising_function_is_reported_not_raised(verdict):
    def broken(*args):
        raise KeyError("oops")

    assert ex.check_sigmoid_hidden_gradients(broken) is False
    assert "raised KeyError" in verdict()


# ---------- exercise 2: flip a unit ----------


def good_flip(W1, b1, w2, b2, k):
    W1, b1, w2 = W1.copy(), b1.copy(), w2.copy()
    W1[:, k] *= -1
    b1[k] *= -1
    w2[k] *= -1
    return W1, b1, w2, b2


def test_flip_right_answer(verdict):
    assert ex.check_flip_unit(good_flip) is True
    assert verdict().startswith("Correct:")


def test_flip_really_keeps_the_output():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 2))
    W1, b1, w2, b2 = rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=3), 0.4
    F1, c1, f2, c2 = good_flip(W1, b1, w2, b2, 1)
    np.testing.assert_allclose(np.tanh(x @ F1 + c1) @ f2 + c2, np.tanh(x @ W1 + b1) @ w2 + b2, rtol=1e-14)


def test_flip_in_place_is_caught(verdict):
    def in_place(W1, b1, w2, b2, k):
        W1[:, k] *= -1
        b1[k] *= -1
        w2[k] *= -1
        return W1, b1, w2, b2

    assert ex.check_flip_unit(in_place) is False
    assert "in place" in verdict()


def flip_parts(*parts):
    def flip(W1, b1, w2, b2, k):
        new = {"W1": W1.copy(), "b1": b1.copy(), "w2": w2.copy()}
        for part in parts:
            if part == "row":
                new["W1"][k, :] *= -1
            elif part == "W1":
                new["W1"][:, k] *= -1
            elif part != "b2":
                new[part][k] *= -1
        return new["W1"], new["b1"], new["w2"], (-b2 if "b2" in parts else b2)

    return flip


def test_flip_tolerance(verdict):
    # the answer is exact sign changes; a value off by 1 % is wrong
    def off(W1, b1, w2, b2, k):
        F1, c1, f2, c2 = good_flip(W1, b1, w2, b2, k)
        return F1 * 1.01, c1, f2, c2

    assert ex.check_flip_unit(off) is False
    assert verdict().startswith("Not yet:")


def test_flip_placeholder(verdict):
    assert ex.check_flip_unit(lambda *a: None) is False
    assert verdict().startswith("Not done yet:")


# ---------- exercise 3: the count ----------


def test_symmetry_count_for_eight_units(verdict):
    assert ex.check_symmetry_count(40320 * 256, n_hidden=8) is True
    assert verdict().startswith("Correct: 10,321,920")


def test_symmetry_count_default_is_the_lesson_network():
    assert ex.check_symmetry_count(24 * 16) is True


def test_symmetry_count_tolerance_is_exact(verdict):
    assert ex.check_symmetry_count(10321920.0, n_hidden=8) is True
    assert ex.check_symmetry_count(10321920 * 1.01, n_hidden=8) is False
    verdict()


def test_symmetry_count_placeholder(verdict):
    assert ex.check_symmetry_count(None, n_hidden=8) is False
    assert verdict().startswith("Not done yet:")


# ---------- exercise 4: predict the number of units ----------


ACCURACIES = {1: 0.6175, 2: 0.7550, 3: 0.9725, 4: 0.9850}


def test_units_prediction_right(verdict):
    assert ex.check_units_prediction(3, ACCURACIES) is True
    assert verdict().startswith("Correct: you predicted 3")


def test_units_prediction_is_exact(verdict):
    assert ex.check_units_prediction(2.9, ACCURACIES) is False
    assert verdict().startswith("Not yet: you predicted 2.9")
    assert ex.check_units_prediction(3.0, ACCURACIES) is True
    verdict()


def test_units_prediction_waits(verdict):
    assert ex.check_units_prediction(None, ACCURACIES) is False
    assert verdict().startswith("Not done yet: write your prediction")
    assert ex.check_units_prediction(3, None) is False
    assert verdict().startswith("Not done yet: run the experiment")


# ---------- exercise 5: predict what η = 30 does ----------


def run(losses, stopped_at=None):
    return SimpleNamespace(train_loss=np.array(losses, dtype=float), stopped_at=stopped_at)


def test_behaviour_of_each_kind():
    assert ex.behaviour_of(run([0.7, 0.5], stopped_at=1)) == "a"
    bouncing = [0.7, 15.0] + [0.4, 8.0] * 60
    assert ex.behaviour_of(run(bouncing)) == "b"
    assert ex.behaviour_of(run(np.linspace(0.7, 0.1, 200))) == "c"


def test_large_rate_prediction_right_and_wrong(verdict):
    bouncing = run([0.7, 15.0] + [0.4, 8.0] * 60)
    assert ex.check_large_rate_prediction("b", bouncing) is True
    assert verdict().startswith("Correct: you predicted (b)")
    for option in ("a", "c"):
        assert ex.check_large_rate_prediction(option, bouncing) is False
        assert verdict().startswith(f"Not yet: you predicted ({option}): {ex.BEHAVIOURS[option]}")


def test_large_rate_prediction_waits_and_refuses_silly(verdict):
    assert ex.check_large_rate_prediction(None, None) is False
    assert verdict().startswith("Not done yet:")
    assert ex.check_large_rate_prediction("b", None) is False
    assert verdict().startswith("Not done yet: run the experiment")
    assert ex.check_large_rate_prediction(30, run([0.7, 0.6])) is False
    assert "one letter" in verdict()


# --- every exercise: each named mistake gets its own message --------------------


def with_mistake(**mistake):
    return lambda *args: gradients(*args, **mistake)


def sign_error(*args):  # y − g instead of g − y: every gradient negated
    return tuple(-np.asarray(part) for part in good_gradients(*args))


def flip_all(W1, b1, w2, b2, k):
    return -W1, -b1, -w2, b2


count_for_eight = partial(ex.check_symmetry_count, n_hidden=8)
units = partial(ex.check_units_prediction, accuracies=ACCURACIES)


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_sigmoid_hidden_gradients, sign_error, "wrong sign: the output error is dL_dz2 = g − y"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(slope=lambda a1: 1 - a1**2), "tanh's local derivative"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(slope=lambda a1: 1.0), "step 4 is missing"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(slope=lambda a1: a1), "not a1 alone"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(w2_back=False), "output weight w2_k"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(mean_W1=False), "dL_dW1 is m times too large"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(mean_w2=False), "dL_dw2 is m times too large"),
    (ex.check_sigmoid_hidden_gradients, with_mistake(mean_W1=False, mean_w2=False),
     "dL_dW1 and dL_dw2 are m times too large"),
    (ex.check_flip_unit, flip_parts("W1", "b1"), "w2 is unchanged"),
    (ex.check_flip_unit, flip_parts("W1", "w2"), "b1 is unchanged"),
    (ex.check_flip_unit, flip_parts("W1", "b1", "w2", "b2"), "b2 is shared"),
    (ex.check_flip_unit, flip_parts("W1"), "only W1 changed"),
    (ex.check_flip_unit, flip_all, "every hidden unit"),
    (ex.check_flip_unit, flip_parts(), "come back unchanged"),
    (ex.check_flip_unit, flip_parts("row", "b1", "w2"), "row k of W1"),
    (count_for_eight, 40320, "orderings only"),
    (count_for_eight, 256, "sign patterns only"),
    (count_for_eight, 80640, "one sign flip per unit"),
    (count_for_eight, 2048, "number of units"),
    (count_for_eight, 10321919, "includes the network itself"),
    (count_for_eight, 40320 + 256, "multiply"),
    (units, 1, "One unit is one line"),
    (units, 2, "band"),
    (units, 4, "not the fewest"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
