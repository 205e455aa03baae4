"""Input checks shared by the public functions.

Each check names the argument, says what was expected and what came, and raises
``TypeError`` for the wrong kind of object or ``ValueError`` for the wrong value.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_float_array(name: str, value: object, *, allow_inf: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array, refusing non-numbers and NaN (and inf unless allowed)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numbers (a float or an array of floats), got {_describe(value)}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged lists and the like
        raise TypeError(f"{name} must be numbers, got {_describe(value)}") from err
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        raise TypeError(f"{name} must hold real numbers, got {_describe(value)}")
    arr = arr.astype(np.float64, copy=False)
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN, got {int(np.isnan(arr).sum())} NaN value(s)")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} must be finite, got {int(np.isinf(arr).sum())} infinite value(s)")
    return arr


def features(x: object, name: str = "x", n_features: int | None = None) -> np.ndarray:
    """Check ``x`` is a finite, non-empty float array of shape (m, d)."""
    arr = as_float_array(name, x)
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
        raise TypeError(f"{name} must be an array of 0/1 labels, got {_describe(y)}")
    arr = np.asarray(y)
    if arr.dtype != bool and not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must be an array of 0/1 labels, got {_describe(y)}")
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


def one_feature(x: object, name: str = "x") -> np.ndarray:
    """Check ``x`` holds one feature, shape (m,) or (m, 1), finite, not empty; return it as (m,)."""
    arr = as_float_array(name, x)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be one feature, shape (m,) or (m, 1), got shape {arr.shape}")
    return arr


def increasing_axis(name: str, values: object) -> np.ndarray:
    """Check ``values`` is a 1-D grid axis of at least 2 strictly increasing finite numbers."""
    arr = as_float_array(name, values)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{name} must be 1-D with at least 2 values, got shape {arr.shape}")
    if np.any(np.diff(arr) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return arr


def positive_number(name: str, value: object) -> float:
    """Check ``value`` is a real number, finite and greater than zero."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {_describe(value)}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def non_negative_number(name: str, value: object) -> float:
    """Check ``value`` is a real number, finite and at least zero."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative number, got {_describe(value)}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0, got {value!r}")
    return float(value)


def positive_int(name: str, value: object, at_most: int | None = None, limit: str | None = None) -> int:
    """Check ``value`` is an integer of at least 1 and, given ``at_most``, at most that.

    limit: how the error names the upper bound (default: the number itself).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {_describe(value)}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if at_most is not None and value > at_most:
        raise ValueError(f"{name} must be at most {limit or at_most}, got {value!r}")
    return int(value)


def open_fraction(name: str, value: object) -> float:
    """Check ``value`` is a number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in (0, 1), got {_describe(value)}")
    if not 0 < value < 1:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}")
    return float(value)


def seed(value: object, name: str = "seed") -> int:
    """Check ``value`` is a non-negative integer seed."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise TypeError(f"{name} must be a non-negative integer, got {_describe(value)}")
    return int(value)


def scalar_out(arr: np.ndarray, original: object) -> np.ndarray | float:
    """Return a Python float when the caller passed a scalar, else the array."""
    if np.ndim(original) == 0:
        return float(arr)
    return arr
