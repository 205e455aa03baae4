"""Input checks shared by the public functions.

Each check names the argument, says what was expected and what came, and raises
``TypeError`` for the wrong kind of object or ``ValueError`` for the wrong value.
"""

from __future__ import annotations

import numbers

import numpy as np


def describe(value: object) -> str:
    """A short description of ``value`` for error messages: its type and value, or an array's shape."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_float_array(value: object, name: str, *, allow_inf: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array, refusing non-numbers and NaN (and inf unless allowed)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numbers (a float or an array of floats), got {describe(value)}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged lists and the like
        raise TypeError(f"{name} must be numbers, got {describe(value)}") from err
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real numbers, got {describe(value)}")
    arr = arr.astype(np.float64, copy=False)
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN, got {int(np.isnan(arr).sum())} NaN value(s)")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} must be finite, got {int(np.isinf(arr).sum())} infinite value(s)")
    return arr


def features(x: object, name: str = "x", n_features: int | None = None) -> np.ndarray:
    """Check ``x`` is a finite, non-empty float array of shape (m, d)."""
    arr = as_float_array(x, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (m, d), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} feature column(s), got shape {arr.shape}")
    return arr


def labels(y: object, name: str = "y", m: int | None = None) -> np.ndarray:
    """Check ``y`` is a non-empty 1-D array of 0/1 labels (of length ``m`` when given)."""
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be an array of 0/1 labels, got {describe(y)}")
    arr = np.asarray(y)
    if arr.dtype != bool and not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must be an array of 0/1 labels, got {describe(y)}")
    arr = arr.astype(np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (m,), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    bad = (arr != 0) & (arr != 1)
    if bad.any():
        raise ValueError(
            f"{name} must contain only the labels 0 and 1, got {np.unique(arr[bad])[:5].tolist()}"
        )
    if m is not None and arr.shape[0] != m:
        raise ValueError(f"{name} must have one label per sample ({m}), got {arr.shape[0]}")
    return arr


def label(value: object, name: str = "y") -> int:
    """Check ``value`` is one label, 0 or 1 (an int or float, not a bool); return it as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be the label 0 or 1, got {describe(value)}")
    if value not in (0, 1):
        raise ValueError(f"{name} must be the label 0 or 1, got {value!r}")
    return int(value)


def one_feature(x: object, name: str = "x") -> np.ndarray:
    """Check ``x`` holds one feature, shape (m,) or (m, 1), finite, not empty; return it as (m,)."""
    arr = as_float_array(x, name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be one feature, shape (m,) or (m, 1), got shape {arr.shape}")
    return arr


def increasing_axis(values: object, name: str) -> np.ndarray:
    """Check ``values`` is a 1-D grid axis of at least 2 strictly increasing finite numbers."""
    arr = as_float_array(values, name)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{name} must be 1-D with at least 2 values, got shape {arr.shape}")
    if np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return arr


def check_scalar(
    value: object,
    name: str,
    kind: type[int] | type[float],
    *,
    low: float | None = None,
    high: float | None = None,
    include_low: bool = True,
    include_high: bool = True,
) -> int | float:
    """Check ``value`` is one finite number of ``kind`` (int or float) within the bounds; return it.

    Bools are not numbers; numpy scalars are. TypeError for the wrong kind, ValueError (naming the
    argument and the bounds) for a value out of range or not finite.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]  # a 0-d array is one number
    interval = _interval(low, high, include_low, include_high)
    integer = kind is int
    abstract = numbers.Integral if integer else numbers.Real
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, abstract):
        expected = "an integer" if integer else "a number"
        raise TypeError(f"{name} must be {expected}{interval}, got {describe(value)}")
    too_low = low is not None and (value < low if include_low else value <= low)
    too_high = high is not None and (value > high if include_high else value >= high)
    if too_low or too_high or (not integer and not np.isfinite(value)):
        expected = "an integer" if integer else "a finite number"
        raise ValueError(f"{name} must be {expected}{interval}, got {value!r}")
    return kind(value)


def _interval(low: float | None, high: float | None, include_low: bool, include_high: bool) -> str:
    if low is not None and high is not None:
        return f" in {'[' if include_low else '('}{low}, {high}{']' if include_high else ')'}"
    if low is not None:
        return f" {'≥' if include_low else '>'} {low}"
    if high is not None:
        return f" {'≤' if include_high else '<'} {high}"
    return ""


def scalar_out(arr: np.ndarray, original: object) -> np.ndarray | float:
    """Return a Python float when the caller passed a scalar, else the array."""
    if np.ndim(original) == 0:
        return float(arr)
    return arr
