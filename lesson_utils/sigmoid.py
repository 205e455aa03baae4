"""Lesson 2: the sigmoid g = σ(z) = 1 / (1 + e^(−z)) and its derivative g(1 − g)."""

from __future__ import annotations

import numpy as np

from . import _core, _validate


def sigmoid(z: float | np.ndarray) -> float | np.ndarray:
    """Logistic sigmoid σ(z) = 1 / (1 + e^(−z)), elementwise.

    z: scalar or array of logits (any real number; ±inf give 1 and 0).
    Returns the same shape, values in [0, 1]. For z ≥ 0 it uses 1 / (1 + e^(−z)) and for z < 0 the
    equal form e^z / (1 + e^z), so e is only ever raised to a non-positive power: no overflow
    warning even at z = ±1000.
    """
    arr = _validate.as_float_array(z, "z", allow_inf=True)
    return _validate.scalar_out(_core.sigmoid(arr), z)


def sigmoid_derivative(z: float | np.ndarray) -> float | np.ndarray:
    """dg/dz = σ(z)(1 − σ(z)), elementwise; same shape as ``z``, values in [0, 0.25]."""
    arr = _validate.as_float_array(z, "z", allow_inf=True)
    g = _core.sigmoid(arr)
    # σ(z)(1 − σ(z)) = σ(z)σ(−z); the second form keeps precision when g is close to 1.
    return _validate.scalar_out(g * _core.sigmoid(-arr), z)
