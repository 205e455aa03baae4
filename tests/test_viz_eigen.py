"""Lesson 6's eigen-direction figure: a path's displacement along each eigenvector of a Hessian."""

import math

import numpy as np
import pytest

from lesson_utils.viz.eigen import eigen_components, eigen_components_figure


def test_axis_aligned_hessian_gives_the_coordinates_themselves():
    path = np.array([[1.0, 2.0], [1.5, 1.0], [3.0, -2.0]])
    parts = eigen_components(path, np.diag([5.0, 0.5]))
    np.testing.assert_allclose(parts.eigenvalues, [0.5, 5.0])
    # flattest first: the second coordinate, then the first
    np.testing.assert_allclose(parts.components, [[0.0, 0.0], [-1.0, 0.5], [-4.0, 2.0]], atol=1e-15)
    np.testing.assert_allclose(parts.shares[2], [16 / 20, 4 / 20])
    np.testing.assert_array_equal(parts.shares[0], [0.0, 0.0])  # no displacement yet


def test_rotated_hessian_by_hand():
    # [[2, 1], [1, 2]] has λ = 1 along (1, −1)/√2 and λ = 3 along (1, 1)/√2.
    path = np.array([[0.0, 0.0], [1.0, 0.0]])
    parts = eigen_components(path, [[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(parts.eigenvalues, [1.0, 3.0])
    r = 1 / math.sqrt(2)
    np.testing.assert_allclose(parts.components[1], [r, r])  # signed so the largest entry is > 0
    np.testing.assert_allclose(parts.shares[1], [0.5, 0.5])


def test_gradient_descent_on_a_quadratic_moves_each_direction_at_its_own_rate():
    # L = ½ θᵀHθ, minimum at 0: the component of θ_k along v_i is (1 − ηλ_i)^k times that of θ_0, so
    # the displacement's component is ((1 − ηλ_i)^k − 1)·c_i(θ_0).
    h = np.array([[3.0, 1.0], [1.0, 1.0]])
    theta = np.array([2.0, -1.0])
    eta, path = 0.3, [theta]
    for _ in range(12):
        theta = theta - eta * h @ theta
        path.append(theta)
    parts = eigen_components(np.array(path), h)
    start = parts.eigenvectors.T @ path[0]
    for k in (1, 5, 12):
        expected = ((1 - eta * parts.eigenvalues) ** k - 1) * start
        np.testing.assert_allclose(parts.components[k], expected, rtol=1e-12, atol=1e-14)


def test_shares_add_up_to_one():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(3, 3))
    parts = eigen_components(rng.normal(size=(6, 3)), a @ a.T)
    np.testing.assert_allclose(parts.shares[1:].sum(axis=1), 1.0)
    np.testing.assert_allclose(parts.eigenvectors.T @ parts.eigenvectors, np.eye(3), atol=1e-12)


@pytest.mark.parametrize(
    ("params", "hessian", "error", "match"),
    [
        (np.zeros(3), np.eye(3), ValueError, "params must be 2-D"),
        (np.zeros((4, 2)), np.eye(3), ValueError, r"hessian must have shape \(2, 2\)"),
        (np.zeros((4, 2)), [[1.0, 2.0], [0.0, 1.0]], ValueError, "symmetric"),
        ("path", np.eye(2), TypeError, "params"),
        (np.zeros((4, 2)), [[np.nan, 0.0], [0.0, 1.0]], ValueError, "hessian must not contain NaN"),
    ],
)
def test_bad_input_is_named(params, hessian, error, match):
    with pytest.raises(error, match=match):
        eigen_components(params, hessian)


def test_figure_has_one_panel_per_run_and_labels_the_eigenvalues():
    h = np.diag([4.5, 0.25])
    path = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]])
    fig = eigen_components_figure({"first": (path, h), "second": (path[:, ::-1], h)}, title="What to see")
    assert fig.get_suptitle() == "What to see"
    assert [ax.get_title() for ax in fig.axes] == ["first", "second"]
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert labels == ["λ = 0.25: 0% of final |θ − θ₀|²", "λ = 4.5: 100% of final |θ − θ₀|²"]
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), [0.0, 1.0, 2.0])
    assert "component" in fig.axes[0].get_ylabel() and "step" in fig.axes[0].get_xlabel()
    with pytest.raises(ValueError, match="runs must hold 1 or 2"):
        eigen_components_figure({})
