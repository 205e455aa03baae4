"""What an answer looks like: showing it in a verdict, describing its form, comparing its numbers.
Private to ``lesson_utils.exercises``: the checks there use these to say "for input (2.0) it returned
np.array([0.5])" or "a pair; expected a single number", and to apply the tolerance policy."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Relative tolerance of every numeric check: 4 significant digits pass (error ≤ 5e-4), 1 % fails.
RTOL = 1e-3
#: Absolute tolerance, for expected values at or near 0.
ATOL = 1e-9

#: Largest array shown value by value in a verdict; bigger ones are described by their shape.
_SHOW_AT_MOST = 24


class ReturnShapeError(Exception):
    """Raised by a check's own wrapper (never by the learner's code) when a result has the wrong form;
    ``check_function`` reports it as a description of the result, not as an error of the learner."""


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers, so that they print as 0.5 rather than np.float64(0.5)."""
    return value.item() if isinstance(value, np.generic) else value


def _number_text(v: Any, exact: bool) -> str:
    v = _plain(v)
    if isinstance(v, numbers.Integral):  # bool included
        return str(v)
    if isinstance(v, numbers.Real):  # nan, inf and -inf print as such either way
        return repr(float(v)) if exact else f"{float(v):.6g}"
    return repr(v)


def _nested_text(items: Any, exact: bool) -> str:
    if isinstance(items, list):
        return "[" + ", ".join(_nested_text(i, exact) for i in items) + "]"
    return _number_text(items, exact)


def show(value: Any, exact: bool = False) -> str:
    """``value`` as a reader can retype it: numbers, ``np.array([...])``, tuples as tuples; floats with all
    their digits if ``exact`` (a failing case's arguments), else six (results); large arrays by shape."""
    value = _plain(value)
    if value is None or value is Ellipsis or isinstance(value, (str, bytes)):
        return repr(value)[:80]
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
        arr = as_floats(value)
        if arr is None:
            return repr(value)[:80]
        if arr.size > _SHOW_AT_MOST:
            return f"a list of shape {arr.shape}"
        return _nested_text(value, exact)
    if isinstance(value, numbers.Number):
        return _number_text(value, exact)
    return f"a {type(value).__name__} object"


def kind(value: Any) -> str:
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
    arr = as_floats(value)
    if arr is None:
        return f"a {type(value).__name__} object"
    if arr.ndim == 0:
        return "a single number"
    word = "a list" if isinstance(value, list) else "an array"
    if arr.ndim == 1 and arr.size == 1:
        return f"{word} of shape (1,) holding one number"
    return f"{word} of shape {arr.shape}"


def _expected_kind(expected: Any, names: Sequence[str] | None) -> str:
    if isinstance(expected, tuple):
        return kind(expected) + (f" ({', '.join(names)})" if names else "")
    shape = np.shape(expected)
    return f"an array of shape {shape}" if shape else "a single number"


# --- comparing an answer with the expected one -------------------------------------------------


def is_placeholder(value: Any) -> bool:
    if isinstance(value, (tuple, list)):
        return value == [] or any(v is None or v is Ellipsis for v in value)
    return value is None or value is Ellipsis


def as_floats(value: Any) -> np.ndarray | None:
    if isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def all_finite(value: Any) -> bool:
    """Every number in ``value`` (a number, an array or a tuple of them) is finite."""
    if isinstance(value, (tuple, list)):
        return all(all_finite(v) for v in value)
    arr = as_floats(value)
    with np.errstate(all="ignore"):
        return arr is not None and bool(np.all(np.isfinite(arr)))


def form_problem(got: Any, expected: Any, names: Sequence[str] | None) -> tuple[str | None, str | None]:
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):  # a list will do
            return None, f"{kind(got)}; expected {_expected_kind(expected, names)}"
        for i, (part, want) in enumerate(zip(got, expected, strict=True)):
            _, problem = form_problem(part, want, None)
            if problem is not None:
                return (names[i] if names and i < len(names) else f"part {i + 1}"), problem
        return None, None
    arr = as_floats(got)
    want = np.asarray(expected, dtype=float)
    if arr is None or arr.shape != want.shape:
        return None, f"{kind(got)}; expected {_expected_kind(expected, names)}"
    return None, None


def close(got: Any, expected: Any, rtol: float = RTOL, atol: float = ATOL, equal_nan: bool = False) -> bool:
    """Same form and every number within rtol (relative) or atol (absolute) of the expected one."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return False
        return all(close(g, e, rtol, atol, equal_nan) for g, e in zip(got, expected, strict=True))
    got_arr, exp_arr = as_floats(got), as_floats(expected)
    if got_arr is None or exp_arr is None or got_arr.shape != exp_arr.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(got_arr, exp_arr, rtol=rtol, atol=atol, equal_nan=equal_nan))
