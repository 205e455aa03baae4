"""The shared exercise-check helper: every branch of the four checks, and the tolerance policy."""

import math

import numpy as np
import pytest

from lesson_utils.exercises import (
    RTOL,
    ReturnShapeError,
    check_choice,
    check_function,
    check_prediction,
    check_value,
    show,
)

SQUARES = [((2.0,), 4.0), ((-3.0,), 9.0), ((0.5,), 0.25)]


def square(v):
    return v * v


# --- tolerance policy: four significant digits pass, 1 % fails ---------------------------------


@pytest.mark.parametrize("expected", [0.279775, 1.0005, 123456.0, -0.0123456, 9.99949])
def test_four_significant_digits_are_accepted(expected, verdict):
    rounded = float(f"{expected:.4g}")
    assert check_value(rounded, expected, success="ok", hint="h") is True
    assert verdict() == "Correct: ok"


@pytest.mark.parametrize("expected", [0.279775, 1.0005, 123456.0, -0.0123456])
def test_one_percent_error_is_rejected(expected, verdict):
    assert check_value(expected * 1.01, expected, success="ok", hint="h") is False
    assert verdict() == "Not yet: h"
    assert check_function(lambda: expected * 0.99, [((), expected)], success="ok", hint="h") is False
    assert verdict().startswith("Not yet:")


def test_rtol_is_the_documented_policy():
    assert RTOL == 1e-3


def test_tolerance_can_be_tightened_per_exercise(verdict):
    assert check_value(0.2798, 0.279775, success="ok", hint="h", rtol=1e-6) is False
    assert verdict() == "Not yet: h"


# --- check_value -------------------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", [None, ..., [None, 1.0], (1.0, ...)])
def test_value_placeholder_is_not_done(placeholder, verdict):
    assert check_value(placeholder, [1.0, 2.0], success="ok", hint="h") is False
    assert verdict().startswith("Not done yet:")


def test_value_text_is_asked_as_a_number(verdict):
    assert check_value("0.75", 0.75, success="ok", hint="h") is False
    assert "not as text in quotes" in verdict()


def test_value_named_mistakes_are_recognised_within_tolerance(verdict):
    mistakes = [(0.25, "that is the other class."), (1 / 3, "that gives odds 0.5.")]
    assert check_value(0.2500001, 0.75, success="ok", hint="h", mistakes=mistakes) is False
    assert verdict() == "Not yet: that is the other class."
    assert check_value(0.3333, 0.75, success="ok", hint="h", mistakes=mistakes) is False
    assert verdict() == "Not yet: that gives odds 0.5."
    assert check_value(0.6, 0.75, success="ok", hint="h", mistakes=mistakes) is False
    assert verdict() == "Not yet: h"


def test_value_of_the_wrong_shape_is_described(verdict):
    assert check_value(np.array([0.5]), 0.5, success="ok", hint="h") is False
    assert verdict() == (
        "Not yet: your answer is an array of shape (1,) holding one number; expected a single number. Hint: h"
    )
    assert check_value([1.0, 2.0], [1.0], success="ok", hint="h") is False
    assert "shape (2,); expected an array of shape (1,)" in verdict()


def test_value_pair_answer_may_be_a_list(verdict):
    assert check_value([-1.0, -0.5], (-1.0, -0.5), success="ok", hint="h") is True
    assert verdict() == "Correct: ok"


def test_value_never_raises_on_odd_input(verdict):
    for odd in ({"a": 1}, object(), [[1, 2], [3]], float("nan"), complex(1, 2)):
        assert check_value(odd, 1.0, success="ok", hint="h") is False
        assert verdict().startswith("Not yet:")


# --- check_function ----------------------------------------------------------------------------


def test_function_right_and_placeholders(verdict):
    assert check_function(square, SQUARES, success="squares", hint="h") is True
    assert verdict() == "Correct: squares"
    for unfinished in (None, ..., lambda v: None, lambda v: ...):
        assert check_function(unfinished, SQUARES, success="", hint="h") is False
        assert verdict().startswith("Not done yet:")

    def not_implemented(v):
        raise NotImplementedError

    assert check_function(not_implemented, SQUARES, success="", hint="h") is False
    assert verdict().startswith("Not done yet:")


def test_function_not_callable_is_said_so(verdict):
    """Its name in quotes or a result instead of the function: not yet, named when the check knows it."""
    assert check_function("square", SQUARES, success="", hint="h", fn_name="square") is False
    assert verdict() == ("Not yet: pass the function itself, square (no quotes, no brackets), "
                         "not str 'square'.")
    assert check_function(3.0, SQUARES, success="", hint="h") is False
    assert verdict() == "Not yet: pass the function itself (no quotes, no brackets), not float 3.0."

    class Unprintable:
        def __repr__(self):
            raise RuntimeError("no repr")

    assert check_function(Unprintable(), SQUARES, success="", hint="h") is False
    assert verdict().endswith("not Unprintable.")


def test_function_failing_case_is_shown_by_its_values(verdict):
    def cube(v):
        return v**3

    assert check_function(cube, SQUARES, success="", hint="h") is False
    assert verdict() == "Not yet: for input (2.0) it returned 8 (expected 4). Hint: h"


def test_function_failing_case_with_arrays_can_be_rerun(verdict):
    cases = [((np.array([1.0, 2.0]), 3), np.array([3.0, 6.0]))]
    assert check_function(lambda a, k: a + k, cases, success="", hint="h", show_expected=False) is False
    out = verdict()
    assert out == "Not yet: for input (np.array([1.0, 2.0]), 3) it returned np.array([4, 5]). Hint: h"
    a = eval(out.split("for input ")[1].split(" it returned")[0], {"np": np})
    assert isinstance(a, tuple) and a[1] == 3 and a[0].tolist() == [1.0, 2.0]


def test_function_tuples_are_shown_as_tuples(verdict):
    cases = [((1.0,), (2.0, 3.0))]
    assert check_function(lambda v: (2.0, 4.0), cases, success="", hint="h") is False
    assert "it returned (2, 4) (expected (2, 3))" in verdict()


def test_function_named_mistakes_match_on_every_case(verdict):
    mistakes = [
        (lambda v: -v * v, "the sign is flipped."),
        (lambda v: 2 * v, "that doubles instead of squaring."),
    ]
    assert check_function(lambda v: -v * v, SQUARES, success="", hint="h", mistakes=mistakes) is False
    assert verdict() == "Not yet: the sign is flipped."
    assert check_function(lambda v: v + v, SQUARES, success="", hint="h", mistakes=mistakes) is False
    assert verdict() == "Not yet: that doubles instead of squaring."
    # agreeing with a mistake on one case only (2·2 = 2²) is not that mistake
    assert check_function(lambda v: 4.0, SQUARES, success="", hint="h", mistakes=mistakes) is False
    assert verdict().startswith("Not yet: for input (-3.0)")


def test_function_mistakes_are_matched_within_tolerance_and_with_nan(verdict):
    cases = [((1.0,), 1.0), ((0.0,), 0.0)]
    mistake = (lambda v: np.float64(v) / np.float64(v), "you divide by v, which is 0/0 = nan at 0.")
    with np.errstate(all="ignore"):
        learner = lambda v: np.float64(v) / np.float64(v) * 1.0001  # noqa: E731
        assert check_function(learner, cases, success="", hint="h", mistakes=[mistake]) is False
    assert verdict() == "Not yet: you divide by v, which is 0/0 = nan at 0."


def test_function_mistake_raising_the_same_exception_matches(verdict):
    cases = [((1.0,), 1.0), ((0.0,), 0.0)]
    mistake = (lambda v: v / v, "you divide by v.")
    assert check_function(lambda v: 1.0 / v * v, cases, success="", hint="h", mistakes=[mistake]) is False
    assert verdict() == "Not yet: you divide by v."


def test_function_broken_mistake_function_is_ignored(verdict):
    def broken(v):
        raise RuntimeError("bug in the check")

    assert check_function(lambda v: 0.0, SQUARES, success="", hint="h", mistakes=[(broken, "x")]) is False
    assert verdict().startswith("Not yet: for input (2.0) it returned 0")


def test_function_exception_of_the_learner_is_named(verdict):
    def broken(v):
        raise ZeroDivisionError("boom")

    assert check_function(broken, SQUARES, success="", hint="h") is False
    assert verdict() == "Not yet: for input (2.0) calling it raised ZeroDivisionError: boom. Hint: h"


def test_function_pair_of_wrong_form_is_described_not_blamed(verdict):
    cases = [((np.ones((2, 3)),), (np.zeros(3), 0.0))]
    names = ("dL_dw", "dL_db")

    def check(fn, success=""):
        return check_function(fn, cases, success=success, hint="h", names=names)

    assert check(lambda x: np.zeros(3)) is False
    out = verdict()
    assert "raised" not in out
    assert "it returned an array of shape (3,); expected a pair (dL_dw, dL_db)" in out
    assert check(lambda x: (np.zeros(3), 0.0, 1.0)) is False
    assert "returned a tuple of 3 values; expected a pair (dL_dw, dL_db)" in verdict()
    assert check(lambda x: (np.zeros(3), np.zeros(1))) is False
    assert "dL_db is an array of shape (1,) holding one number; expected a single number" in verdict()
    assert check(lambda x: (np.zeros((3, 1)), 0.0)) is False
    assert "dL_dw is an array of shape (3, 1); expected an array of shape (3,)" in verdict()
    assert check(lambda x: [np.zeros(3), 0.0], "ok") is True
    verdict()


def test_function_in_place_update_returning_none(verdict):
    def update(w, step):
        w -= step

    cases = [((np.array([1.0, 2.0]), 0.5), np.array([0.5, 1.5]))]
    assert check_function(update, cases, success="", hint="h") is False
    assert verdict() == (
        "Not yet: update changed its argument in place and returned None. Compute the new value and "
        "return it (leave the inputs as they were)."
    )


def test_function_arguments_are_not_shared_between_calls(verdict):
    w = np.array([1.0, 2.0])

    def update(w, step):
        w -= step
        return w

    cases = [((w, 0.5), np.array([0.5, 1.5])), ((w, 0.5), np.array([0.5, 1.5]))]
    assert check_function(update, cases, success="ok", hint="h") is True
    assert w.tolist() == [1.0, 2.0]
    verdict()


def test_function_numpy_warnings_are_silenced(verdict, recwarn):
    with np.errstate(all="raise"):
        assert check_function(lambda v: np.log(np.float64(v) - 2.0), SQUARES, success="", hint="h") is False
    assert verdict().startswith("Not yet: for input (2.0) it returned -inf")
    assert len(recwarn) == 0


def test_a_wrapper_reporting_a_wrong_form_is_not_blamed_on_the_learner(verdict):
    def flattened(fn):  # what a check's own wrapper does when it flattens a pair
        def wrapped(v):
            out = fn(v)
            if not isinstance(out, tuple):
                raise ReturnShapeError("an array of shape (3,); expected a pair (two values)")
            return np.concatenate([np.ravel(part) for part in out])

        return wrapped

    cases = [((1.0,), [1.0, 2.0])]
    assert check_function(flattened(lambda v: np.zeros(3)), cases, success="", hint="h") is False
    out = verdict()
    assert "raised" not in out and "it returned an array of shape (3,); expected a pair" in out
    assert check_function(flattened(lambda v: (1.0, 2.0)), cases, success="ok", hint="h") is True
    verdict()


# --- check_choice ------------------------------------------------------------------------------

EXPLAIN = {"a": "a is wrong because A.", "b": "right.", "c": "c is wrong because C."}


@pytest.mark.parametrize("answer", ["b", " B ", "(b)", "b)"])
def test_choice_right(answer, verdict):
    assert check_choice(answer, correct="b", explanations=EXPLAIN, success="B it is.") is True
    assert verdict() == "Correct: B it is."


@pytest.mark.parametrize("wrong", ["a", "c"])
def test_choice_wrong_option_gets_its_own_explanation(wrong, verdict):
    assert check_choice(wrong, correct="b", explanations=EXPLAIN, success="") is False
    assert verdict() == f"Not yet: ({wrong}) {EXPLAIN[wrong]}"


def test_choice_placeholder_and_unknown_options(verdict):
    assert check_choice(None, correct="b", explanations=EXPLAIN, success="") is False
    assert verdict().startswith("Not done yet:")
    for odd in ("e", 2, ["b"]):
        assert check_choice(odd, correct="b", explanations=EXPLAIN, success="") is False
        assert verdict().startswith('Not yet: answer with one letter in quotes, one of "a", "b", "c"')


def test_choice_with_several_right_options(verdict):
    assert check_choice("c", correct={"b", "c"}, explanations=EXPLAIN, success="ok") is True
    assert verdict() == "Correct: ok"


# --- check_prediction --------------------------------------------------------------------------


def test_prediction_numeric(verdict):
    assert check_prediction(0.5, 0.53, explanation="Why.") is True
    assert verdict() == "Correct: you predicted 0.5; the experiment gives 0.53. Why."
    assert check_prediction(0.1, 0.53, explanation="Why.") is False
    assert verdict() == "Not yet: you predicted 0.1; the experiment gives 0.53. Why."
    assert check_prediction(2, 10.0, explanation="Why.", mistakes=[(2.0, "Two is the sum.")]) is False
    assert verdict() == "Not yet: you predicted 2; the experiment gives 10. Two is the sum. Why."
    assert check_prediction(3.0, 3.2, explanation="Why.", atol=0.5, rtol=0.0, unit=" epochs") is True
    assert verdict() == "Correct: you predicted 3 epochs; the experiment gives 3.2 epochs. Why."


@pytest.mark.parametrize(("prediction", "words"), [
    (True, "a bool"), (np.bool_(False), "a bool"), ([2.5], "a list of shape (1,) holding one number"),
    ((2.5,), "a tuple of one value"), (np.array([2.5, 1.0]), "an array of shape (2,)"),
])
def test_prediction_not_one_number(prediction, words, verdict):
    """True is not 1 and [2.5] is not 2.5: a prediction is one number, whatever it would compare as."""
    assert check_prediction(prediction, 1.0 if isinstance(prediction, bool) else 2.5, explanation="") is False
    assert verdict() == f"Not yet: write the prediction as one number, not as {words}."


def test_prediction_numpy_and_integer_numbers_accepted(verdict):
    for prediction in (np.float64(2.0), np.int64(2), 2, np.array(2.0)):
        assert check_prediction(prediction, 2.1, explanation="") is True
        verdict()


def test_prediction_mistake_rtol(verdict):
    """A wrong value is named within RTOL by default, within ``mistake_rtol`` when given."""
    mistakes = [(2.0, "Two is the sum.")]
    assert check_prediction(2.08, 10.0, explanation="Why.", mistakes=mistakes) is False
    assert verdict() == "Not yet: you predicted 2.08; the experiment gives 10. Why."
    assert check_prediction(2.08, 10.0, explanation="Why.", mistakes=mistakes, mistake_rtol=0.05) is False
    assert verdict() == "Not yet: you predicted 2.08; the experiment gives 10. Two is the sum. Why."
    assert check_prediction(2.12, 10.0, explanation="Why.", mistakes=mistakes, mistake_rtol=0.05) is False
    assert verdict() == "Not yet: you predicted 2.12; the experiment gives 10. Why."


def test_prediction_categorical(verdict):
    options = {"a": "A would need X.", "b": "B.", "c": "C would need Y."}
    assert check_prediction("b", "b", options=options, explanation="Because.") is True
    assert verdict() == "Correct: you predicted (b), and that is what happened. Because."
    assert check_prediction("A", "b", options=options, explanation="Because.") is False
    assert verdict() == "Not yet: you predicted (a): A would need X. The experiment shows (b). Because."
    assert check_prediction("z", "b", options=options, explanation="") is False
    assert verdict().startswith("Not yet: predict with one letter")


def test_prediction_not_done(verdict):
    assert check_prediction(None, 1.0, explanation="") is False
    assert verdict().startswith("Not done yet: write your prediction")
    assert check_prediction(1.0, None, explanation="") is False
    assert verdict().startswith("Not done yet: run the experiment")
    assert check_prediction("soon", 1.0, explanation="") is False
    assert verdict().startswith("Not yet: write the prediction as a number")


# --- show --------------------------------------------------------------------------------------


def test_show_values():
    assert show(np.float64(0.5)) == "0.5"
    assert show((1.0,)) == "(1,)"
    assert show((np.array([1.5]), 2), exact=True) == "(np.array([1.5]), 2)"
    assert show(0.1 + 0.2, exact=True) == "0.30000000000000004"
    assert show(math.pi) == "3.14159"
    assert show(np.zeros((10, 3))) == "an array of shape (10, 3)"
    assert show(float("nan")) == "nan"


def test_function_non_finite_result_gets_its_own_message(verdict):
    cases = [((1.0,), 1.0), ((1000.0,), 1000.0)]
    with np.errstate(all="ignore"):
        assert check_function(lambda v: np.exp(np.float64(v)) ** 0 * v if v < 10 else np.inf, cases,
                              success="", hint="h", non_finite="it overflows.") is False
    assert verdict() == "Not yet: it overflows."
    assert check_function(lambda v: 2 * v, cases, success="", hint="h", non_finite="it overflows.") is False
    assert verdict().startswith("Not yet: for input (1.0)")
