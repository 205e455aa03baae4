"""The two formulas every module computes, on float arrays, without input checks.

Public functions check their input (``_validate``) and then call these; so do the figures.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Stable σ(z) = 1 / (1 + e^(−z)) elementwise: e^(−|z|) never overflows."""
    e = np.exp(-np.abs(z))
    s = 1.0 / (1.0 + e)
    return np.where(z >= 0, s, e * s)


def bce_with_logits(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Per-sample loss −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − y z + log(1 + e^(−|z|))."""
    return np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))
