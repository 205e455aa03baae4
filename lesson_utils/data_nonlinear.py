"""Lesson 8: two-class data that no straight line can separate (two rings)."""

from __future__ import annotations

import numpy as np

from . import _validate


def make_rings(
    n_samples: int = 2000,
    radii: tuple[float, float] = (1.0, 2.0),
    noise: float = 0.2,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings around the origin: class 0 inside, class 1 outside.

    n_samples: total m (at least 2); class 0 gets m // 2 samples, class 1 the rest.
    radii: (inner, outer) ring radii, 0 < inner < outer; noise: standard deviation of the Gaussian
    added to each sample's radius (0 gives perfect circles); seed: the random seed.
    Angles are uniform on [0, 2π). Returns (x, y), shuffled: x (m, 2) float samples and y (m,) float
    labels in {0, 1}. Same seed, same arrays. Every line through the plane has samples of both
    classes on both sides, so a linear model cannot separate them; the circle of radius
    (inner + outer) / 2 can.
    """
    n = _validate.check_scalar(n_samples, "n_samples", int, low=2)
    r = _validate.as_float_array(radii, "radii")
    if r.shape != (2,):
        raise ValueError(f"radii must be two numbers (inner, outer), got shape {r.shape}")
    if not 0 < r[0] < r[1]:
        raise ValueError(f"radii must satisfy 0 < inner < outer, got {r.tolist()}")
    sd = _validate.check_scalar(noise, "noise", float, low=0)
    rng = np.random.default_rng(_validate.check_scalar(seed, "seed", int, low=0))
    n0 = n // 2
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    radius = r[y.astype(int)] + rng.normal(0.0, 1.0, size=n) * sd
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    order = rng.permutation(n)
    return x[order], y[order]

