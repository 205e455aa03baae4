"""Lesson 6: the article's data (two Gaussian blobs), the hold-out split and centring."""

from __future__ import annotations

import numpy as np

from . import _validate


def make_two_gaussians(
    n_samples: int = 100_000,
    means: tuple[tuple[float, ...], tuple[float, ...]] = ((0.0, 0.0), (2.0, 8.0)),
    std: float = 1.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Samples from two uncorrelated Gaussians, one per class, shuffled.

    n_samples: total m (at least 2); class 0 gets m // 2 samples around ``means[0]``, class 1 the
    rest around ``means[1]``; std: the standard deviation of every coordinate; seed: the random seed.
    Returns (x, y): x (m, d) float samples and y (m,) float labels in {0, 1}. Same seed, same arrays.
    """
    n = _validate.check_scalar(n_samples, "n_samples", int, low=1)
    if n < 2:
        raise ValueError(f"n_samples must be at least 2 (one per class), got {n}")
    mu = _validate.as_float_array(means, "means")
    if mu.ndim != 2 or mu.shape[0] != 2:
        raise ValueError(f"means must be two points of equal length, shape (2, d), got {mu.shape}")
    sd = _validate.check_scalar(std, "std", float, low=0, include_low=False)
    rng = np.random.default_rng(_validate.check_scalar(seed, "seed", int, low=0))
    n0 = n // 2
    y = np.concatenate([np.zeros(n0), np.ones(n - n0)])
    x = rng.normal(0.0, sd, size=(n, mu.shape[1])) + mu[y.astype(int)]
    order = rng.permutation(n)
    return x[order], y[order]


def train_test_split(
    x: np.ndarray, y: np.ndarray, test_fraction: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random hold-out split.

    x: (m, d) samples; y: (m,) labels in {0, 1}; test_fraction: share held out, in (0, 1).
    Returns (x_train, x_test, y_train, y_test) with round(m · test_fraction) test samples.
    """
    x = _validate.features(x, "x")
    y = _validate.labels(y, "y", x.shape[0])
    fraction = _validate.check_scalar(test_fraction, "test_fraction", float, low=0, high=1,
                                      include_low=False, include_high=False)
    m = x.shape[0]
    n_test = int(round(m * fraction))
    if not 1 <= n_test <= m - 1:
        raise ValueError(
            f"test_fraction={fraction} of {m} samples leaves {n_test} for testing; "
            "both parts need at least one sample"
        )
    order = np.random.default_rng(_validate.check_scalar(seed, "seed", int, low=0)).permutation(m)
    test, tr = order[:n_test], order[n_test:]
    return x[tr], x[test], y[tr], y[test]


def center(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Subtract the *training* mean from both splits (the test set must not leak into it).

    x_train: (m, d); x_test: (k, d). Returns (x_train_c (m, d), x_test_c (k, d), mean (d,)).
    """
    x_train = _validate.features(x_train, "x_train")
    x_test = _validate.features(x_test, "x_test", x_train.shape[1])
    mean = x_train.mean(axis=0)
    return x_train - mean, x_test - mean, mean
