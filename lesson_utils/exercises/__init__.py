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
Tolerance policy (every numeric check): four significant digits pass, a 1 % error does not
(``RTOL = 1e-3`` relative, plus ``ATOL`` for answers near 0).

``exercises.reference`` computes expected values independently of the lesson's code; ``exercises.forms``
shows and compares answers; ``exercises.lessonNN`` declares a lesson's cases, expected values and mistakes.
"""

from __future__ import annotations

import copy
import dis
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from .forms import ATOL, RTOL, all_finite, as_floats, close, form_problem, is_placeholder, kind, show
from .forms import ReturnShapeError as ReturnShapeError  # re-exported: the lessons' wrappers raise it

__all__ = [
    "ATOL", "NOT_DONE", "RTOL", "ReturnShapeError", "agrees", "as_number", "changed_arguments",
    "check_choice", "check_function", "check_prediction", "check_value", "is_given_code", "names_used",
    "not_done", "not_yet", "show", "still_the_bug",
]

NOT_DONE = "Not done yet"
#: The "not done" message of a find-the-bug exercise whose function is still the one given.
STILL_THE_BUG = "this is still the version with the bug. Find it, fix it, run the cell, then this check."


class _Outcome(NamedTuple):
    """What one call gave: a value, or the exception it raised; and which arguments it changed in place."""

    value: Any = None
    error: BaseException | None = None
    changed: tuple[int, ...] = ()


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
            value, error = fn(*mine), None
    except Exception as err:  # the called code: reported by the check, never re-raised
        value, error = None, err
    pairs = enumerate(zip(mine, args, strict=True))
    return _Outcome(value, error, tuple(i for i, (now, before) in pairs if not _same(now, before)))


def _outcomes_agree(a: _Outcome, b: _Outcome, rtol: float, atol: float) -> bool:
    """Both raised the same kind of exception, or both values match (NaN = NaN, a list = a tuple)."""
    if a.error is not None or b.error is not None:
        return a.error is not None and b.error is not None and type(a.error) is type(b.error)
    if is_placeholder(b.value):
        return False
    if close(a.value, b.value, rtol, atol, equal_nan=True):
        return True
    both = isinstance(a.value, (tuple, list)) and isinstance(b.value, (tuple, list))
    return both and close(tuple(a.value), tuple(b.value), rtol, atol, equal_nan=True)


def _matching_mistake(learner: list[_Outcome], cases: list[tuple], mistakes, rtol, atol) -> str | None:
    """The message of the first mistake whose wrong function gives what the learner's gave on every case."""
    for wrong_fn, message in mistakes:
        try:
            if all(_outcomes_agree(got, _call(wrong_fn, args), rtol, atol)
                   for got, (args, _) in zip(learner, cases, strict=True)):
                return message
        except Exception:  # a broken mistake function must not break the check
            continue
    return None


def _named_value(value: Any, mistakes: Iterable[tuple[Any, str]], rtol: float, atol: float) -> str | None:
    """The message of the first wrong value that ``value`` is within tolerance of, or None."""
    return next((message for wrong, message in mistakes if close(value, wrong, rtol, atol)), None)


def not_done(what: str) -> bool:
    """Print ``Not done yet: <what>`` and return False."""
    print(f"{NOT_DONE}: {what}")
    return False


def not_yet(what: str) -> bool:
    """Print ``Not yet: <what>`` and return False."""
    print(f"Not yet: {what}")
    return False


def _not_a_function(value: Any, fn_name: str | None) -> str:
    """What to say when ``value`` was passed where a function was expected (its name in quotes, a result)."""
    try:
        shown = f" {value!r:.40}"
    except Exception:  # an object whose repr fails: its type will do
        shown = ""
    name = f", {fn_name}" if fn_name else ""
    return f"pass the function itself{name} (no quotes, no brackets), not {type(value).__name__}{shown}."


def _hint(hint: str) -> str:
    return f" Hint: {hint}" if hint else ""


# --- the four checks ---------------------------------------------------------------------------


def check_value(value: Any, expected: Any, *, success: str, hint: str, mistakes: Iterable[tuple] = (),
                rtol: float = RTOL, atol: float = ATOL, names: Sequence[str] | None = None) -> bool:
    """Compare a number (or array, or tuple of them) the learner computed with the expected one.
    ``mistakes``: (wrong_value, message) pairs; a value within tolerance of a wrong value prints that
    message. ``names`` labels the parts of a tuple answer in messages about its form."""
    if is_placeholder(value):
        return not_done("replace the placeholder with your answer, then run this cell again.")
    if isinstance(value, (str, bytes)):
        return not_yet(f"write the answer as a number, not as text in quotes.{_hint(hint)}")
    if close(value, expected, rtol, atol):
        print(f"Correct: {success}")
        return True
    message = _named_value(value, mistakes, rtol, atol)
    if message is not None:
        return not_yet(message)
    part, problem = form_problem(value, expected, names)
    if problem is not None:
        subject = "your answer" if part is None else f"in your answer, {part}"
        return not_yet(f"{subject} is {problem}.{_hint(hint)}")
    return not_yet(hint)


def check_function(fn: Callable | None, cases: Iterable[tuple[tuple, Any]], *, success: str, hint: str,
                   mistakes: Iterable[tuple[Callable, str]] = (), rtol: float = RTOL, atol: float = ATOL,
                   names: Sequence[str] | None = None, show_expected: bool = True,
                   non_finite: str | None = None, fn_name: str | None = None) -> bool:
    """Call the learner's function on each ``(args, expected)`` case (each call on its own copy of the
    arguments) and compare within tolerances; a failing case is shown with its argument values.

    ``mistakes``: (wrong_fn, message) pairs, ``wrong_fn`` making one typical mistake; when the learner's
    results agree with it on every case (values, or the same kind of exception), the check prints
    ``Not yet: <message>``. An expected tuple means the function must return that many values (``names``
    labels them, e.g. ``("dL_dw", "dL_db")``). ``non_finite``: the message for inf or NaN where the
    expected value is finite (no mistake matched). A result of None or ``...`` (or NotImplementedError) is
    not done yet, unless an argument was changed in place: an in-place update that forgot to return.
    ``fn_name``: the name the exercise's function has, used when something else than a function (its
    name in quotes, its result) was passed.
    """
    if fn is None or fn is Ellipsis:
        return not_done("define the function in the cell above, then run this cell again.")
    if not callable(fn):
        return not_yet(_not_a_function(fn, fn_name))
    cases = list(cases)
    outcomes = [_call(fn, args) for args, _ in cases]
    name = getattr(fn, "__name__", "<lambda>")
    name = "it" if name == "<lambda>" else name

    for out in outcomes:
        if isinstance(out.error, NotImplementedError):
            return not_done("the function still raises NotImplementedError; write its body.")
        if out.error is None and is_placeholder(out.value):
            if out.value is None and out.changed:
                return not_yet(f"{name} changed its argument in place and returned None. Compute the new "
                               "value and return it (leave the inputs as they were).")
            return not_done(f"the function returns {out.value!r}; write its body, then run this again.")

    pairs = list(zip(outcomes, cases, strict=True))
    if all(out.error is None and close(out.value, exp, rtol, atol) for out, (_, exp) in pairs):
        print(f"Correct: {success}")
        return True

    message = _matching_mistake(outcomes, cases, mistakes, rtol, atol)
    if message is not None:
        return not_yet(message)

    if non_finite is not None and any(
        out.error is None and form_problem(out.value, exp, None)[1] is None and not all_finite(out.value)
        and all_finite(exp) for out, (_, exp) in pairs
    ):
        return not_yet(non_finite)

    for out, (args, expected) in pairs:
        shown = show(tuple(args), exact=True) if len(args) != 1 else f"({show(args[0], exact=True)})"
        where = f"for input {shown}"
        if isinstance(out.error, ReturnShapeError):
            return not_yet(f"{where} it returned {out.error}.{_hint(hint)}")
        if out.error is not None:
            return not_yet(f"{where} calling it raised {type(out.error).__name__}: {out.error}.{_hint(hint)}")
        part, problem = form_problem(out.value, expected, names)
        if problem is not None:
            said = "it returned" if part is None else f"it returned a result whose {part} is"
            return not_yet(f"{where} {said} {problem}.{_hint(hint)}")
        if not close(out.value, expected, rtol, atol):
            wanted = f" (expected {show(expected)})" if show_expected else ""
            return not_yet(f"{where} it returned {show(out.value)}{wanted}.{_hint(hint)}")
    return not_yet(hint)  # not reached: some case failed above


def _option(answer: Any) -> str | None:
    """'b', ' (B) ', 'b)' → 'b'; anything that is not text → None."""
    return answer.strip().strip("().").strip().lower() if isinstance(answer, str) else None


def check_choice(answer: Any, *, correct: str | Collection[str], explanations: Mapping[str, str],
                 success: str) -> bool:
    """A multiple-choice answer: ``explanations`` maps every option ("a", "b", …) to its explanation,
    printed when that (wrong) option is chosen."""
    options = ", ".join(f'"{k}"' for k in explanations)
    if is_placeholder(answer):
        return not_done(f"set the answer to one of {options}, then run this cell again.")
    key = _option(answer)
    if key not in explanations:
        return not_yet(f"answer with one letter in quotes, one of {options} (got {show(answer)}).")
    if key in ({correct} if isinstance(correct, str) else set(correct)):
        print(f"Correct: {success}")
        return True
    return not_yet(f"({key}) {explanations[key]}")


def check_prediction(prediction: Any, outcome: Any, *, explanation: str, options: Mapping | None = None,
                     mistakes: Iterable[tuple] = (), rtol: float = 0.1, atol: float = 0.0,
                     unit: str = "", mistake_rtol: float = RTOL) -> bool:
    """A prediction the learner wrote down before an experiment, against the experiment's outcome (None:
    not run yet). Numeric: one number (not a bool, not a list or array of one), right within ``rtol``
    (10 % unless the exercise says otherwise) or ``atol``; a prediction within ``mistake_rtol`` of a wrong
    value of ``mistakes`` also gets that message. Categorical: ``options`` maps every option to what it
    means, ``outcome`` is the option that came true."""
    if is_placeholder(prediction):
        return not_done("write your prediction in the exercise cell first, then run the experiment.")
    if outcome is None:
        return not_done("run the experiment cell above, then this check again.")
    if options is not None:
        key = _option(prediction)
        if key not in options:
            listed = ", ".join(f'"{k}"' for k in options)
            return not_yet(f"predict with one letter in quotes, one of {listed} (got {show(prediction)}).")
        if key == _option(outcome):
            print(f"Correct: you predicted ({key}), and that is what happened. {explanation}")
            return True
        return not_yet(f"you predicted ({key}): {options[key]} The experiment shows ({_option(outcome)}). "
                       f"{explanation}")
    values = as_floats(prediction)
    if values is None:  # text, None inside a list, an object
        return not_yet(f"write the prediction as a number, not as {kind(prediction)}.")
    if isinstance(prediction, (bool, np.bool_)) or values.ndim != 0:  # True is not 1, [2.5] is not 2.5
        return not_yet(f"write the prediction as one number, not as {kind(prediction)}.")
    said = f"you predicted {show(prediction)}{unit}; the experiment gives {show(outcome)}{unit}."
    if close(prediction, outcome, rtol, atol):
        print(f"Correct: {said} {explanation}")
        return True
    message = _named_value(prediction, mistakes, mistake_rtol, ATOL)
    return not_yet(f"{said} {explanation}" if message is None else f"{said} {message} {explanation}")


# --- small helpers for the lessons' checks ----------------------------------------------------


def as_number(value: Any) -> float | None:
    """``value`` as a float, or None when it is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _instructions(fn: Any) -> list[tuple[str, Any]] | None:
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    # LOAD_METHOD and LOAD_ATTR are two spellings of "np.exp" (which one depends on how it was compiled)
    return [(i.opname.replace("LOAD_METHOD", "LOAD_ATTR"), i.argval) for i in dis.get_instructions(code)
            if i.opname not in ("RESUME", "CACHE", "PRECALL")]


def names_used(fn: Any) -> set[str]:
    """The names (and constants) the code of ``fn`` refers to; empty for anything without code."""
    return {str(arg) for _, arg in (_instructions(fn) or [])}


def is_given_code(fn: Any, given: Callable) -> bool:
    """True when ``fn`` is still the exercise's code as given: the same operations on the same names
    (another docstring, another function name or a retyped copy make no difference)."""
    mine = _instructions(fn)
    return mine is not None and mine == _instructions(given)


def still_the_bug(fn: Any, given: Callable) -> bool:
    """True, after printing ``Not done yet: this is still the version with the bug…``, when ``fn`` is
    still the find-the-bug exercise's ``given`` code (``is_given_code``)."""
    if not is_given_code(fn, given):
        return False
    not_done(STILL_THE_BUG)
    return True


def changed_arguments(fn: Callable, args: tuple) -> list[int]:
    """Positions of the arguments that calling ``fn`` changed in place; never raises."""
    return list(_call(fn, args).changed)


def agrees(fn: Any, cases: Iterable[tuple[tuple, Any]], rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    """True when ``fn`` returns (to ``rtol``) the value of every ``(args, value)`` case; never raises."""
    return callable(fn) and all(
        out.error is None and _outcomes_agree(out, _Outcome(value), rtol, atol)
        for out, value in ((_call(fn, args), value) for args, value in cases)
    )
