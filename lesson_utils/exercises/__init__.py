"""Instant feedback for the lessons' exercises: one pattern for every check.

A check never raises. It prints one verdict line, starting with ``Correct:``, ``Not yet:`` (with the
mistake it recognised, or a hint) or ``Not done yet:`` (the placeholder is still there), and returns
``True`` only when the answer is right. Four checks cover every exercise:

- ``check_value``: a number (or array) the learner computed;
- ``check_function``: a function the learner wrote, called on test cases;
- ``check_choice``: a multiple-choice answer, every option with its own explanation;
- ``check_prediction``: a prediction written down before an experiment, compared with its outcome.

Typical mistakes are passed as ``mistakes=[(wrong, message), ...]``: a wrong value, or a function that
makes that one mistake. When the learner's answer agrees with it, the check prints the message.

Tolerance policy (every numeric check): an answer correct to four significant digits is accepted,
a 1 % error is not. That is ``RTOL = 1e-3`` relative (plus ``ATOL`` for answers near 0).

Expected values are computed independently of the lesson's code (``exercises.reference``); how an
answer is shown and compared lives in ``exercises.forms``. Per-lesson checks live in
``exercises.lessonNN``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .forms import (
    ATOL,
    RTOL,
    all_finite,
    as_floats,
    close,
    form_problem,
    is_placeholder,
    kind,
    shape_problem,
    show,
)
from .reference import central_differences, mean_loss, sigma, softplus

__all__ = [
    "ATOL", "NOT_DONE", "RTOL", "ReturnShapeError", "as_number", "central_differences", "check_choice",
    "check_function", "check_prediction", "check_value", "mean_loss", "show", "sigma", "softplus",
]

NOT_DONE = "Not done yet"


# --- running the learner's code ----------------------------------------------------------------


class ReturnShapeError(Exception):
    """Raised by a check's own wrapper (never by the learner's code) when a result has the wrong form.

    ``check_function`` reports it as a description of the result, not as an error of the learner.
    """


class _Outcome:
    """What one call gave: a value, or the exception the called code raised; and whether it
    changed its arguments in place."""

    __slots__ = ("value", "error", "mutated")

    def __init__(self, value: Any = None, error: BaseException | None = None, mutated: bool = False):
        self.value, self.error, self.mutated = value, error, mutated


def _same(a: Any, b: Any) -> bool:
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))
        if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
            return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
        return bool(a == b) or (a != a and b != b)
    except Exception:  # an object that cannot be compared: assume unchanged
        return True


def _call(fn: Callable[..., Any], args: tuple) -> _Outcome:
    """Call ``fn`` on a private copy of ``args``, with numpy's warnings silenced; never raises."""
    try:
        mine = copy.deepcopy(args)
    except Exception:  # an argument that cannot be copied: pass it as it is
        mine = args
    try:
        with np.errstate(all="ignore"):
            value = fn(*mine)
    except Exception as err:  # the called code: reported by the check, never re-raised
        return _Outcome(error=err)
    return _Outcome(value=value, mutated=not _same(mine, args))


def _function_name(fn: Any) -> str | None:
    name = getattr(fn, "__name__", None)
    return None if name in (None, "<lambda>") else name


def _outcomes_agree(a: _Outcome, b: _Outcome, rtol: float, atol: float) -> bool:
    """Two outcomes agree: both raised the same kind of exception, or both values match (NaN = NaN)."""
    if a.error is not None or b.error is not None:
        return a.error is not None and b.error is not None and type(a.error) is type(b.error)
    if is_placeholder(b.value):
        return False
    if close(a.value, b.value, rtol, atol, equal_nan=True):
        return True
    # results given as a list where a tuple was meant, or the reverse
    if isinstance(a.value, (tuple, list)) and isinstance(b.value, (tuple, list)):
        return close(tuple(a.value), tuple(b.value), rtol, atol, equal_nan=True)
    return False


def _matching_mistake(
    learner: Sequence[_Outcome], cases: Sequence[tuple], mistakes: Iterable[tuple[Any, str]],
    rtol: float, atol: float,
) -> str | None:
    """The message of the first mistake whose wrong function gives what the learner's gave on every case."""
    for wrong_fn, message in mistakes:
        try:
            if all(
                _outcomes_agree(got, _call(wrong_fn, args), rtol, atol)
                for got, (args, _) in zip(learner, cases, strict=True)
            ):
                return message
        except Exception:  # a broken mistake function must not break the check
            continue
    return None


def _not_done(what: str) -> bool:
    print(f"{NOT_DONE}: {what}")
    return False


def _hint(hint: str) -> str:
    return f" Hint: {hint}" if hint else ""


# --- the four checks ---------------------------------------------------------------------------


def check_value(
    value: Any,
    expected: Any,
    *,
    success: str,
    hint: str,
    mistakes: Iterable[tuple[Any, str]] = (),
    rtol: float = RTOL,
    atol: float = ATOL,
    names: Sequence[str] | None = None,
) -> bool:
    """Compare a number (or array, or tuple of them) the learner computed with the expected one.

    ``mistakes``: (wrong_value, message) pairs; a value within tolerance of a wrong value prints that
    message. ``names`` labels the parts of a tuple answer in messages about its form.
    """
    if is_placeholder(value):
        return _not_done("replace the placeholder with your answer, then run this cell again.")
    if isinstance(value, (str, bytes)):
        print(f"Not yet: write the answer as a number, not as text in quotes.{_hint(hint)}")
        return False
    if close(value, expected, rtol, atol):
        print(f"Correct: {success}")
        return True
    for wrong, message in mistakes:
        if close(value, wrong, rtol, atol):
            print(f"Not yet: {message}")
            return False
    part, problem = form_problem(value, expected, names)
    if problem is not None:
        subject = "your answer" if part is None else f"in your answer, {part}"
        print(f"Not yet: {subject} is {problem}.{_hint(hint)}")
        return False
    print(f"Not yet: {hint}")
    return False


def check_function(
    fn: Callable[..., Any] | None,
    cases: Iterable[tuple[tuple, Any]],
    *,
    success: str,
    hint: str,
    mistakes: Iterable[tuple[Callable[..., Any], str]] = (),
    rtol: float = RTOL,
    atol: float = ATOL,
    names: Sequence[str] | None = None,
    show_expected: bool = True,
    non_finite: str | None = None,
) -> bool:
    """Call the learner's function on each ``(args, expected)`` case and compare within tolerances.

    ``mistakes``: (wrong_fn, message) pairs, ``wrong_fn`` taking the same arguments and making one
    typical mistake; when the learner's results agree with it on every case (values, or the same kind
    of exception), the check prints ``Not yet: <message>``. An expected tuple means the function must
    return that many values (``names`` labels them, e.g. ``("dL_dw", "dL_db")``); a result of another
    form is described as such. A failing case is shown with its argument values, so it can be rerun.
    ``non_finite``: the message for a result holding inf or NaN where the expected one is finite
    (when no named mistake matched), e.g. to say that forming σ(z) first overflows.

    Each call gets its own copy of the arguments. A result of None or ``...`` (or a function raising
    NotImplementedError) counts as not done yet, unless the function changed an argument in place:
    that is reported as an in-place update that forgot to return. An exception is reported as raised
    by the learner's code only when their code raised it; numpy's warnings are silenced meanwhile.
    """
    if fn is None or not callable(fn):
        return _not_done("define the function in the cell above, then run this cell again.")
    cases = list(cases)
    mistakes = list(mistakes)
    outcomes = [_call(fn, args) for args, _ in cases]
    name = _function_name(fn) or "it"

    for out in outcomes:
        if isinstance(out.error, NotImplementedError):
            return _not_done("the function still raises NotImplementedError; write its body.")
        if out.error is None and is_placeholder(out.value):
            if out.value is None and out.mutated:
                print(
                    f"Not yet: {name} changed its argument in place and returned None. Compute the new "
                    "value and return it (leave the inputs as they were)."
                )
                return False
            return _not_done(f"the function returns {out.value!r}; write its body, then run this again.")

    if all(out.error is None and close(out.value, exp, rtol, atol)
           for out, (_, exp) in zip(outcomes, cases, strict=True)):
        print(f"Correct: {success}")
        return True

    message = _matching_mistake(outcomes, cases, mistakes, rtol, atol)
    if message is not None:
        print(f"Not yet: {message}")
        return False

    if non_finite is not None and any(
        out.error is None and shape_problem(out.value, exp) is None and not all_finite(out.value)
        and all_finite(exp) for out, (_, exp) in zip(outcomes, cases, strict=True)
    ):
        print(f"Not yet: {non_finite}")
        return False

    for out, (args, expected) in zip(outcomes, cases, strict=True):
        where = f"for input {show(tuple(args), exact=True)}" if len(args) != 1 else (
            f"for input ({show(args[0], exact=True)})")
        if isinstance(out.error, ReturnShapeError):
            print(f"Not yet: {where} it returned {out.error}.{_hint(hint)}")
            return False
        if out.error is not None:
            print(f"Not yet: {where} calling it raised {type(out.error).__name__}: {out.error}.{_hint(hint)}")
            return False
        part, problem = form_problem(out.value, expected, names)
        if problem is not None:
            said = "it returned" if part is None else f"it returned a result whose {part} is"
            print(f"Not yet: {where} {said} {problem}.{_hint(hint)}")
            return False
        if not close(out.value, expected, rtol, atol):
            got = show(out.value)
            shown = f" (expected {show(expected)})" if show_expected else ""
            print(f"Not yet: {where} it returned {got}{shown}.{_hint(hint)}")
            return False
    print(f"Not yet: {hint}")  # not reached: some case failed above
    return False


def _option(answer: Any) -> str | None:
    """'b', ' (B) ', 'b)' → 'b'; anything else that is not text → None."""
    if isinstance(answer, str):
        return answer.strip().strip("().").strip().lower()
    return None


def check_choice(
    answer: Any,
    *,
    correct: str | Collection[str],
    explanations: Mapping[str, str],
    success: str,
) -> bool:
    """A multiple-choice answer: ``explanations`` maps every option ("a", "b", …) to its explanation.

    The right option prints ``Correct: <success>``; a wrong one prints ``Not yet:`` with the
    explanation of that very option.
    """
    options = ", ".join(f'"{k}"' for k in explanations)
    if is_placeholder(answer):
        return _not_done(f"set the answer to one of {options}, then run this cell again.")
    key = _option(answer)
    if key not in explanations:
        print(f"Not yet: answer with one letter in quotes, one of {options} (got {show(answer)}).")
        return False
    right = {correct} if isinstance(correct, str) else set(correct)
    if key in right:
        print(f"Correct: {success}")
        return True
    print(f"Not yet: ({key}) {explanations[key]}")
    return False


def check_prediction(
    prediction: Any,
    outcome: Any,
    *,
    explanation: str,
    options: Mapping[str, str] | None = None,
    mistakes: Iterable[tuple[Any, str]] = (),
    rtol: float = 0.1,
    atol: float = 0.0,
    unit: str = "",
) -> bool:
    """A prediction the learner wrote down before an experiment, against the experiment's outcome.

    Numeric: ``prediction`` counts as right within ``rtol`` (10 % unless the exercise says otherwise)
    or ``atol`` of ``outcome``. The verdict shows both numbers and the ``explanation`` of what
    happened; a prediction near a wrong value of ``mistakes`` also gets that message.
    Categorical: ``options`` maps every option to what it means; ``outcome`` is the option that came
    true, and a wrong prediction gets its own option's text before the explanation.
    ``outcome`` None means the experiment has not run yet.
    """
    if is_placeholder(prediction):
        return _not_done("write your prediction in the exercise cell first, then run the experiment.")
    if outcome is None:
        return _not_done("run the experiment cell above, then this check again.")
    if options is not None:
        listed = ", ".join(f'"{k}"' for k in options)
        key = _option(prediction)
        if key not in options:
            print(f"Not yet: predict with one letter in quotes, one of {listed} (got {show(prediction)}).")
            return False
        if key == _option(outcome):
            print(f"Correct: you predicted ({key}), and that is what happened. {explanation}")
            return True
        print(f"Not yet: you predicted ({key}): {options[key]} The experiment shows ({_option(outcome)}). "
              f"{explanation}")
        return False
    if isinstance(prediction, (str, bytes)) or as_floats(prediction) is None:
        print(f"Not yet: write the prediction as a number, not as {kind(prediction)}.")
        return False
    said = f"you predicted {show(prediction)}{unit}; the experiment gives {show(outcome)}{unit}."
    if close(prediction, outcome, rtol, atol):
        print(f"Correct: {said} {explanation}")
        return True
    for wrong, message in mistakes:
        if close(prediction, wrong, RTOL, ATOL):
            print(f"Not yet: {said} {message} {explanation}")
            return False
    print(f"Not yet: {said} {explanation}")
    return False


# --- small helpers for the lessons' checks ----------------------------------------------------


def as_number(value: Any) -> float | None:
    """``value`` as a float, or None when it is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


