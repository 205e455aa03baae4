"""Lesson 3: binary cross-entropy, from probabilities and (stably) from logits."""

from __future__ import annotations

import numpy as np

from . import _core, _validate

#: Probabilities are kept at least this far from 0 and 1 inside the logarithm, so the loss of a
#: single sample is at most −log(EPS) ≈ 36.04 instead of infinite.
EPS = float(np.finfo(np.float64).eps)


def _pair(y: object, second: object, second_name: str, *, allow_inf: bool = False):
    y_arr = _validate.labels(np.atleast_1d(np.asarray(y)) if np.ndim(y) == 0 else y, "y")
    s_arr = _validate.as_float_array(second, second_name, allow_inf=allow_inf)
    s_arr = np.atleast_1d(s_arr)
    if s_arr.shape != y_arr.shape:
        raise ValueError(
            f"y and {second_name} must have the same shape (m,), got {y_arr.shape} and {s_arr.shape}"
        )
    return y_arr, s_arr


def binary_cross_entropy(y: object, g: object) -> float:
    """Mean binary cross-entropy L = −(1/m) Σ [y log g + (1 − y) log(1 − g)].

    y: (m,) labels in {0, 1} (or one label); g: (m,) predicted P(y = 1 | x) in [0, 1].
    Returns a float. g of exactly 0 or 1 is legal: inside the logarithms g and 1 − g are raised to
    at least ``EPS`` (2.2e-16), so a confidently wrong sample costs −log(EPS) ≈ 36.04, never inf,
    and a confidently right one costs exactly 0.
    """
    y_arr, g_arr = _pair(y, g, "g")
    outside = (g_arr < 0) | (g_arr > 1)
    if outside.any():
        raise ValueError(f"g must be probabilities in [0, 1], got {g_arr[outside][:3].tolist()}")
    log_g = np.log(np.maximum(g_arr, EPS))
    log_1mg = np.log(np.maximum(1.0 - g_arr, EPS))
    return float(-np.mean(y_arr * log_g + (1.0 - y_arr) * log_1mg))


def binary_cross_entropy_with_logits(y: object, z: object) -> float:
    """Mean binary cross-entropy computed from the logits z = w·x + b instead of g = σ(z).

    y: (m,) labels in {0, 1} (or one label); z: (m,) finite logits.
    Returns a float. Uses −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − y z + log(1 + e^(−|z|)),
    which never forms σ(z) and so never takes log(0): exact for |z| up to 1000 and beyond.
    """
    y_arr, z_arr = _pair(y, z, "z")
    return float(np.mean(_core.bce_with_logits(y_arr, z_arr)))


def loss_grid(x: object, y: object, s_values: object, t_values: object, offset: object = 0.0) -> np.ndarray:
    """Mean binary cross-entropy at every grid point (s, t), for the logits z_i = s·x_i1 + t·x_i2 + offset.

    x: (m, 2) the two columns the grid's coefficients multiply; y: (m,) labels in {0, 1};
    s_values: (ns,) and t_values: (nt,) strictly increasing grid values; offset: a float or (m,) added
    to every logit. Returns (nt, ns) with L(s_values[j], t_values[i]) at [i, j]: the layout
    ``imshow`` and ``contour`` expect.

    The three loss pictures of the series are this one function:
    - L(w, b) of a one-feature model (lesson 5): x = [feature, 1];
    - L(w_e, b) on a plane through the parameters (lesson 6): x = [x·e, 1];
    - L(w₁, w₂) with the bias held at b (lesson 9): x = the two features, offset = b.
    Computed from the logits (max(z, 0) − y·z + log(1 + e^(−|z|))), so it is finite on any grid.
    """
    x_arr = _validate.features(x, "x", 2)
    y_arr = _validate.labels(y, "y", x_arr.shape[0])
    s_arr = _validate.increasing_axis(s_values, "s_values")
    t_arr = _validate.increasing_axis(t_values, "t_values")
    shift = _validate.as_float_array(offset, "offset")
    if shift.shape not in ((), y_arr.shape):
        raise ValueError(f"offset must be a number or have shape {y_arr.shape}, got shape {shift.shape}")
    sx = np.outer(x_arr[:, 0], s_arr) + shift[..., None]  # (m, ns)
    out = np.empty((t_arr.size, s_arr.size))
    for i, t in enumerate(t_arr):
        out[i] = _core.bce_with_logits(y_arr[:, None], sx + t * x_arr[:, 1:]).mean(axis=0)
    return out
