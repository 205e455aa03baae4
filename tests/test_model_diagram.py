"""Lesson 2: the drawing of logistic regression as a network with no hidden layer."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from lesson_utils.viz.model_diagram import MAX_FEATURES, NODE_RADIUS, draw_model, model_figure, model_layout


@pytest.mark.parametrize("d", [1, 2, 3, MAX_FEATURES])
def test_layout_counts_nodes_and_edges(d):
    nodes, edges = model_layout(d)
    assert len(nodes) == d + 4  # d inputs, the constant 1, sum, sigmoid, output
    assert len(edges) == d + 3  # d weights, the bias, z, g
    kinds = [kind for *_, kind in nodes.values()]
    assert kinds.count("input") == d
    assert [kinds.count(k) for k in ("bias", "sum", "activation", "output")] == [1, 1, 1, 1]


def test_layout_edges_carry_weights_bias_and_z():
    nodes, edges = model_layout(3)
    assert edges == [
        ("x1", "sum", "$w_{1}$"),
        ("x2", "sum", "$w_{2}$"),
        ("x3", "sum", "$w_{3}$"),
        ("one", "sum", "$b$"),
        ("sum", "sigma", "$z$"),
        ("sigma", "out", ""),
    ]
    labels = [nodes[n][2] for n in ("x1", "one", "sum", "sigma", "out")]
    assert labels == ["$x_{1}$", "$1$", r"$\Sigma$", r"$\sigma$", "$g$"]


def test_layout_has_no_hidden_layer():
    # Every input feeds the sum node directly, and the only path to the output runs sum -> sigma -> out.
    nodes, edges = model_layout(4)
    targets = {source: target for source, target, _ in edges}
    assert all(targets[n] == "sum" for n, (*_, kind) in nodes.items() if kind in ("input", "bias"))
    assert targets["sum"] == "sigma" and targets["sigma"] == "out"


def test_layout_positions_left_to_right_and_centred():
    nodes, _ = model_layout(3)
    xs = {name: node[0] for name, node in nodes.items()}
    assert xs["x1"] == xs["one"] < xs["sum"] < xs["sigma"] < xs["out"]
    left_ys = [nodes[n][1] for n in ("x1", "x2", "x3", "one")]
    assert left_ys == [1.5, 0.5, -0.5, -1.5]  # one unit apart, centred on the sum node's height 0
    assert nodes["sum"][1] == 0.0


@pytest.mark.parametrize("d", [0, -2])
def test_layout_refuses_no_features(d):
    with pytest.raises(ValueError, match=r"n_features must be an integer in \[1, "):
        model_layout(d)


def test_layout_refuses_too_many_features():
    with pytest.raises(ValueError, match=rf"n_features must be an integer in \[1, {MAX_FEATURES}\]"):
        model_figure(MAX_FEATURES + 1)


def test_layout_refuses_non_integer():
    with pytest.raises(TypeError, match=r"n_features must be an integer in \[1, "):
        model_layout(2.0)


def test_drawing_has_every_node_edge_and_label():
    fig = model_figure(2)
    (ax,) = fig.axes
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(circles) == 6 and len(arrows) == 5
    assert {c.center for c in circles} == {node[:2] for node in model_layout(2)[0].values()}
    assert all(c.radius == NODE_RADIUS for c in circles)
    texts = {t.get_text() for t in ax.texts}
    expected = {"$x_{1}$", "$x_{2}$", "$1$", "$w_{1}$", "$w_{2}$", "$b$", "$z$", r"$\Sigma$", r"$\sigma$"}
    assert expected <= texts
    assert any("P(y = 1 | x)" in t for t in texts)
    assert ax.get_title()


def test_arrows_start_and_end_on_the_circles():
    fig, ax = plt.subplots()
    draw_model(ax, 1)
    nodes, _ = model_layout(1)
    arrow = next(p for p in ax.patches if isinstance(p, FancyArrowPatch))
    (x0, y0), (x1, y1) = arrow._posA_posB
    (cx0, cy0), (cx1, cy1) = nodes["x1"][:2], nodes["sum"][:2]
    assert ((x0 - cx0) ** 2 + (y0 - cy0) ** 2) ** 0.5 == pytest.approx(NODE_RADIUS)
    assert ((x1 - cx1) ** 2 + (y1 - cy1) ** 2) ** 0.5 == pytest.approx(NODE_RADIUS)


def test_drawing_on_given_axes_returns_its_artists():
    fig, (left, right) = plt.subplots(1, 2)
    artists = draw_model(right, 3)
    assert not left.patches and not left.texts
    assert set(artists) == set(right.patches) | set(right.texts)
