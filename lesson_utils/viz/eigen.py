"""Lesson 6: a gradient-descent path taken apart along the eigen-directions of a Hessian.

A symmetric Hessian H has perpendicular unit eigenvectors v_1, …, v_n with eigenvalues
λ_1 ≤ … ≤ λ_n. Any displacement θ_k − θ_0 is the sum of its components c_i = (θ_k − θ_0)·v_i
along them, and gradient descent on a quadratic moves each component at its own rate ηλ_i.
``eigen_components`` computes those components after every step (a pure function, tested on its
own); ``eigen_components_figure`` draws them, one panel per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from .. import _validate
from .style import COLUMN_WIDTH, SERIES


@dataclass
class EigenComponents:
    """A path's displacement from its start, written in the eigenvectors of a Hessian.

    eigenvalues: (n,) λ_1 ≤ … ≤ λ_n; eigenvectors: (n, n), column i is the unit vector v_i;
    components: (k + 1, n), row k holds c_i = (θ_k − θ_0)·v_i; shares: (k + 1, n), row k holds
    c_i² / Σ_j c_j², the fraction of the squared displacement along v_i (0 where the path has not
    moved yet).
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    components: np.ndarray
    shares: np.ndarray


def eigen_components(params: object, hessian: object) -> EigenComponents:
    """The displacement θ_k − θ_0 of a path along each eigenvector of ``hessian``, after every step.

    params: (k + 1, n) the path, row k = the parameters after k steps (row 0 = the start);
    hessian: (n, n) symmetric. Eigenvectors are signed so that their largest entry in absolute value
    is positive (numpy may return either sign). Returns an ``EigenComponents``.
    """
    path = _validate.as_float_array(params, "params")
    h = _validate.as_float_array(hessian, "hessian")
    if path.ndim != 2 or path.shape[0] < 1:
        raise ValueError(f"params must be 2-D with shape (k + 1, n), got shape {path.shape}")
    n = path.shape[1]
    if h.shape != (n, n):
        raise ValueError(f"hessian must have shape ({n}, {n}) to match params, got {h.shape}")
    if not np.allclose(h, h.T, rtol=1e-10, atol=1e-12):
        raise ValueError("hessian must be symmetric")
    eigenvalues, eigenvectors = np.linalg.eigh(h)
    signs = np.sign(eigenvectors[np.argmax(np.abs(eigenvectors), axis=0), np.arange(n)])
    eigenvectors = eigenvectors * signs
    components = (path - path[0]) @ eigenvectors
    squared = components**2
    total = squared.sum(axis=1, keepdims=True)
    shares = np.divide(squared, total, out=np.zeros_like(squared), where=total > 0)
    return EigenComponents(eigenvalues, eigenvectors, components, shares)


def eigen_components_figure(runs: Mapping[str, tuple[object, object]], title: str | None = None):
    """One panel per run: the absolute displacement |c_i| along each eigenvector, against the step.

    runs: panel title → (params (k + 1, n), hessian (n, n)), one or two runs (two panels and their
    legends fill the column); title: the figure's title. Each line, one colour per eigen-direction
    from the flattest, is labelled (in a legend under its panel) with its eigenvalue λ_i and the
    share of the squared displacement on it after the last step. Returns the figure.
    """
    if not 1 <= len(runs) <= 2:
        raise ValueError(f"runs must hold 1 or 2 entries, got {len(runs)}")
    fig, axes = plt.subplots(1, len(runs), figsize=(COLUMN_WIDTH, 5.0), sharey=True, squeeze=False,
                             layout="constrained")
    for ax, (name, (params, hessian)) in zip(axes[0], runs.items(), strict=True):
        parts = eigen_components(params, hessian)
        if parts.eigenvalues.size > len(SERIES):
            raise ValueError(f"at most {len(SERIES)} parameters can be drawn, got {parts.eigenvalues.size}")
        for i, (lam, share) in enumerate(zip(parts.eigenvalues, parts.shares[-1], strict=True)):
            ax.plot(np.abs(parts.components[:, i]), color=SERIES[i],
                    label=f"λ = {lam:.3g}: {share:.0%} of final |θ − θ₀|²")
        ax.set_title(name)
        ax.set_xlabel("step (full-batch epoch)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # the curves fill the panel
    axes[0][0].set_ylabel("|component of θ − θ₀| (parameter units)")
    fig.suptitle(title or "The displacement along each eigen-direction of the Hessian")
    return fig
