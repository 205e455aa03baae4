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

Expected values are computed here independently of the lesson's code. Per-lesson checks live in
``exercises.lessonNN``.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

NOT_DONE = "Not done yet"

#: Relative tolerance of every numeric check: 4 significant digits pass (error ≤ 5e-4), 1 % fails.
RTOL = 1e-3
#: Absolute tolerance, for expected values at or near 0.
ATOL = 1e-9

#: Largest array shown value by value in a verdict; bigger ones are described by their shape.
_SHOW_AT_MOST = 24


# --- reference values, written with ``math`` one number at a time ---------------------------------
# They share no code with the numpy versions the lessons build.


def sigma(z: float) -> float:
    """σ(z) with math.exp, choosing the branch whose exponent is not positive."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softplus(t: float) -> float:
    """log(1 + e^t) without overflow, written out with ``math``."""
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def mean_loss(x: Iterable[Iterable[float]], y: Iterable[float], theta: list[float]) -> float:
    """Mean cross-entropy of w = theta[:-1], b = theta[-1], sample by sample with ``math``.

    x: m rows of d numbers; y: m labels in {0, 1}; theta: d + 1 numbers. With z = w·x + b, a sample
    costs −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·log(1 + e^(−z)) + (1 − y)·log(1 + e^z), each
    term without overflow or cancellation.
    """
    w, b = theta[:-1], theta[-1]
    total, m = 0.0, 0
    for xi, yi in zip(x, y, strict=True):
        z = sum(wj * xj for wj, xj in zip(w, xi, strict=True)) + b
        total += yi * softplus(-z) + (1.0 - yi) * softplus(z)
        m += 1
    return total / m


def central_differences(
    f: Callable[[list[float]], float], theta: Iterable[float], eps: float = 1e-6
) -> list[float]:
    """(f(θ + ε eᵢ) − f(θ − ε eᵢ)) / 2ε for every i: the expected gradients of the checks.

    f: a function of a list of n numbers; theta: n numbers. Returns a list of n numbers.
    """
    theta = [float(t) for t in theta]
    grad = []
    for i in range(len(theta)):
        plus, minus = list(theta), list(theta)
        plus[i] += eps
        minus[i] -= eps
        grad.append((f(plus) - f(minus)) / (2 * eps))
    return grad


# --- showing values in a verdict ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers, so that they print as 0.5 rather than np.float64(0.5)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _number_text(v: Any, exact: bool) -> str:
    v = _plain(v)
    if isinstance(v, bool) or isinstance(v, numbers.Integral):
        return str(v)
    if isinstance(v, numbers.Real):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v) if exact else f"{v:.6g}"
    return repr(v)


def _nested_text(items: Any, exact: bool) -> str:
    if isinstance(items, list):
        return "[" + ", ".join(_nested_text(i, exact) for i in items) + "]"
    return _number_text(items, exact)


def show(value: Any, exact: bool = False) -> str:
    """``value`` as a reader can retype it: numbers, ``np.array([...])``, tuples as tuples.

    ``exact`` prints floats with all their digits (for the arguments of a failing case); otherwise
    with six significant digits (for results). Large arrays are described by their shape.
    """
    value = _plain(value)
    if value is None or value is Ellipsis:
        return repr(value)
    if isinstance(value, tuple):
        parts = [show(v, exact) for v in value]
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if isinstance(value, np.ndarray):
        if value.size > _SHOW_AT_MOST:
            return f"an array of shape {value.shape}"
        if value.dtype.kind in "biuf":
            return f"np.array({_nested_text(value.tolist(), exact)})"
        return repr(value)
    if isinstance(value, list):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return repr(value)[:80]
        if arr.size > _SHOW_AT_MOST:
            return f"a list of shape {arr.shape}"
        return _nested_text(value, exact)
    if isinstance(value, (numbers.Number, bool)):
        return _number_text(value, exact)
    if isinstance(value, (str, bytes)):
        return repr(value)[:80]
    return f"a {type(value).__name__} object"


def _kind(value: Any) -> str:
    """A few words on what ``value`` is: 'a single number', 'an array of shape (3,)', 'a pair', …"""
    value = _plain(value)
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):
        return f"text ({show(value)})"
    if isinstance(value, tuple):
        return {1: "a tuple of one value", 2: "a pair"}.get(len(value), f"a tuple of {len(value)} values")
    if isinstance(value, bool):
        return "a bool"
    if isinstance(value, numbers.Real):
        return "a single number"
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return f"a {type(value).__name__} object"
    if arr.ndim == 0:
        return "a single number"
    word = "a list" if isinstance(value, list) else "an array"
    if arr.ndim == 1 and arr.size == 1:
        return f"{word} of shape (1,) holding one number"
    return f"{word} of shape {arr.shape}"


def _expected_kind(expected: Any, names: Sequence[str] | None) -> str:
    if isinstance(expected, tuple):
        listed = f" ({', '.join(names)})" if names else ""
        return ("a pair" if len(expected) == 2 else f"a tuple of {len(expected)} values") + listed
    arr = np.asarray(expected, dtype=float)
    return "a single number" if arr.ndim == 0 else f"an array of shape {arr.shape}"


# --- comparing an answer with the expected one -------------------------------------------------


def _is_placeholder(value: Any) -> bool:
    if isinstance(value, (tuple, list)):
        return value == [] or any(v is None or v is Ellipsis for v in value)
    return value is None or value is Ellipsis


def _as_floats(value: Any) -> np.ndarray | None:
    if isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _all_finite(value: Any) -> bool:
    """Every number in ``value`` (a number, an array or a tuple of them) is finite."""
    if isinstance(value, (tuple, list)):
        return all(_all_finite(v) for v in value)
    arr = _as_floats(value)
    with np.errstate(all="ignore"):
        return arr is not None and bool(np.all(np.isfinite(arr)))


def _shape_problem(got: Any, expected: Any, names: Sequence[str] | None = None) -> str | None:
    """How the form of ``got`` differs from that of ``expected``, or None if it fits.

    The sentence describes the whole result ("a pair; expected …"), or, for one part of a tuple,
    starts with that part's name ("dL_db is an array of shape (1,) …; expected a single number").
    """
    part, problem = _form_problem(got, expected, names)
    if problem is None:
        return None
    return problem if part is None else f"{part} is {problem}"


def _form_problem(got: Any, expected: Any, names: Sequence[str] | None) -> tuple[str | None, str | None]:
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):  # a list will do
            return None, f"{_kind(got)}; expected {_expected_kind(expected, names)}"
        for i, (part, want) in enumerate(zip(got, expected, strict=True)):
            _, problem = _form_problem(part, want, None)
            if problem is not None:
                return (names[i] if names and i < len(names) else f"part {i + 1}"), problem
        return None, None
    arr = _as_floats(got)
    want = np.asarray(expected, dtype=float)
    if arr is None or arr.shape != want.shape:
        return None, f"{_kind(got)}; expected {_expected_kind(expected, names)}"
    return None, None


def _close(got: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL, equal_nan: bool = False) -> bool:
    """Same form and every number within rtol (relative) or atol (absolute) of the expected one."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return False
        return all(_close(g, e, rtol, atol, equal_nan) for g, e in zip(got, expected, strict=True))
    got_arr = _as_floats(got)
    try:
        exp_arr = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    if got_arr is None or got_arr.shape != exp_arr.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(got_arr, exp_arr, rtol=rtol, atol=atol, equal_nan=equal_nan))


# --- running the learner's code ----------------------------------------------------------------


class ReturnShapeError(Exception):
    """Raised by the checks' own wrappers (never by the learner's code) when a result has the wrong form.

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
    if _is_placeholder(b.value):
        return False
    if _close(a.value, b.value, rtol, atol, equal_nan=True):
        return True
    # results given as a list where a tuple was meant, or the reverse
    if isinstance(a.value, (tuple, list)) and isinstance(b.value, (tuple, list)):
        return _close(tuple(a.value), tuple(b.value), rtol, atol, equal_nan=True)
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


def report(ok: bool, success: str, hint: str) -> bool:
    """Print the verdict line and return ``ok``."""
    print(f"Correct: {success}" if ok else f"Not yet: {hint}")
    return ok


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
    if _is_placeholder(value):
        return _not_done("replace the placeholder with your answer, then run this cell again.")
    if isinstance(value, (str, bytes)):
        print(f"Not yet: write the answer as a number (like 0.25), not as text in quotes.{_hint(hint)}")
        return False
    if _close(value, expected, rtol, atol):
        print(f"Correct: {success}")
        return True
    for wrong, message in mistakes:
        if _close(value, wrong, rtol, atol):
            print(f"Not yet: {message}")
            return False
    part, problem = _form_problem(value, expected, names)
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
        if out.error is None and _is_placeholder(out.value):
            if out.value is None and out.mutated:
                print(
                    f"Not yet: {name} changed its argument in place and returned None. Compute the new "
                    "value and return it (leave the inputs as they were)."
                )
                return False
            return _not_done(f"the function returns {out.value!r}; write its body, then run this again.")

    if all(out.error is None and _close(out.value, exp, rtol, atol)
           for out, (_, exp) in zip(outcomes, cases, strict=True)):
        print(f"Correct: {success}")
        return True

    message = _matching_mistake(outcomes, cases, mistakes, rtol, atol)
    if message is not None:
        print(f"Not yet: {message}")
        return False

    if non_finite is not None and any(
        out.error is None and _shape_problem(out.value, exp) is None and not _all_finite(out.value)
        and _all_finite(exp) for out, (_, exp) in zip(outcomes, cases, strict=True)
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
        part, problem = _form_problem(out.value, expected, names)
        if problem is not None:
            said = "it returned" if part is None else f"it returned a result whose {part} is"
            print(f"Not yet: {where} {said} {problem}.{_hint(hint)}")
            return False
        if not _close(out.value, expected, rtol, atol):
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
    if _is_placeholder(answer):
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
    if _is_placeholder(prediction):
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
    if isinstance(prediction, (str, bytes)) or _as_floats(prediction) is None:
        print(f"Not yet: write the prediction as a number, not as {_kind(prediction)}.")
        return False
    said = f"you predicted {show(prediction)}{unit}; the experiment gives {show(outcome)}{unit}."
    if _close(prediction, outcome, rtol, atol):
        print(f"Correct: {said} {explanation}")
        return True
    for wrong, message in mistakes:
        if _close(prediction, wrong, RTOL, ATOL):
            print(f"Not yet: {said} {message} {explanation}")
            return False
    print(f"Not yet: {said} {explanation}")
    return False


# --- kept for checks written before ``mistakes=`` existed --------------------------------------


def as_number(value: Any) -> float | None:
    """``value`` as a float, or None when it is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def flat_pair(fn: Any) -> Any:
    """The reader's function with its (first, second) result, e.g. (dL_dw, dL_db), as one flat array.

    A placeholder result (None or ``...``, as a whole or in either part) comes back as None, so the
    check reports "not done yet". A result that is not a pair raises ``ReturnShapeError``, which
    ``check_function`` describes as a result of the wrong form (the learner's code raised nothing).
    New checks pass an expected tuple to ``check_function`` instead.
    """
    if not callable(fn):
        return fn

    @functools.wraps(fn)
    def wrapped(*args):
        out = fn(*args)
        if _is_placeholder(out):
            return None
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise ReturnShapeError(f"{_kind(out)}; expected a pair (two values)")
        first, second = out
        try:
            return np.concatenate([np.ravel(np.asarray(part, dtype=float)) for part in (first, second)])
        except (TypeError, ValueError):
            raise ReturnShapeError(f"a pair ({_kind(first)}, {_kind(second)}); expected two arrays") from None

    return wrapped


def probe(fn: Any, *args: Any) -> float | None:
    """The reader's function at ``args`` as a float, or None if it cannot be called or gives no number.

    Superseded by ``mistakes=`` in ``check_function``; kept for older checks.
    """
    if not callable(fn):
        return None
    try:
        with np.errstate(all="ignore"):
            return float(fn(*args))
    except Exception:  # the reader's code
        return None
