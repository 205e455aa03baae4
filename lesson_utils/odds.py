"""Lesson 1: odds and log-odds (the logit), the quantities a linear model can predict."""

from __future__ import annotations

import numpy as np

from . import _validate


def _probability(p: object, name: str = "p") -> np.ndarray:
    arr = _validate.as_float_array(p, name)
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        raise ValueError(f"{name} must be a probability in [0, 1], got {arr[outside][:3].tolist()}")
    return arr


def odds(p: float | np.ndarray) -> float | np.ndarray:
    """Odds p / (1 - p) of probabilities.

    p: scalar or array of probabilities in [0, 1].
    Returns the same shape: values in [0, inf]; p = 1 gives inf (the odds have no upper bound).
    """
    arr = _probability(p)
    with np.errstate(divide="ignore"):
        out = arr / (1.0 - arr)
    return _validate.scalar_out(out, p)


def logit(p: float | np.ndarray) -> float | np.ndarray:
    """Log-odds log(p / (1 - p)), the inverse of the sigmoid.

    p: scalar or array of probabilities in [0, 1].
    Returns the same shape, computed as log(p) - log1p(-p) so that p close to 0 keeps its
    precision; p = 0 gives -inf and p = 1 gives +inf (the log-odds have no bound at all).
    """
    arr = _probability(p)
    with np.errstate(divide="ignore"):
        out = np.log(arr) - np.log1p(-arr)
    return _validate.scalar_out(out, p)
