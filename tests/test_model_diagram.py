"""Lesson 2: the drawing of logistic regression as a network with no hidden layer."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from lesson_utils.viz.model_diagram import MAX_FEATURES, NODE_RADIUS, draw_model, model_layout


@pytest.mark.parametrize("d", [1, 2, 3, MAX_FEATURES])
def test_layout_counts_nodes_and_edges(d):
    layout = model_layout(d)
    assert len(layout.nodes) == d + 4  # d inputs, the constant 1, sum, sigmoid, output
    assert len(layout.edges) == d + 3  # d weights, the bias, z, g
    kinds = list(layout.kinds.values())
    assert kinds.count("input") == d
    assert [kinds.count(k) for k in ("bias", "sum", "activation", "output")] == [1, 1, 1, 1]


def test_layout_edges_carry_weights_bias_and_z():
    layout = model_layout(3)
    assert layout.edges == [
        ("x1", "sum", "$w_{1}$"),
        ("x2", "sum", "$w_{2}$"),
        ("x3", "sum", "$w_{3}$"),
        ("one", "sum", "$b$"),
        ("sum", "sigma", "$z$"),
        ("sigma", "out", ""),
    ]
    assert [layout.labels[n] for n in ("x1", "one", "sum", "sigma", "out")] == [
        "$x_{1}$",
        "$1$",
        r"$\Sigma$",
        r"$\sigma$",
        "$g$",
    ]


def test_layout_has_no_hidden_layer():
    # Every input feeds the sum node directly, and the only path to the output runs sum -> sigma -> out.
    layout = model_layout(4)
    targets = {source: target for source, target, _ in layout.edges}
    assert all(targets[n] == "sum" for n, kind in layout.kinds.items() if kind in ("input", "bias"))
    assert targets["sum"] == "sigma" and targets["sigma"] == "out"


def test_layout_positions_left_to_right_and_centred():
    layout = model_layout(3)
    xs = {name: xy[0] for name, xy in layout.nodes.items()}
    assert xs["x1"] == xs["one"] < xs["sum"] < xs["sigma"] < xs["out"]
    left_ys = [layout.nodes[n][1] for n in ("x1", "x2", "x3", "one")]
    assert left_ys == [1.5, 0.5, -0.5, -1.5]  # one unit apart, centred on the sum node's height 0
    assert layout.nodes["sum"][1] == 0.0


@pytest.mark.parametrize("d", [0, -2])
def test_layout_refuses_no_features(d):
    with pytest.raises(ValueError, match=r"n_features must be an integer in \[1, "):
        model_layout(d)


def test_layout_refuses_too_many_features():
    with pytest.raises(ValueError, match=rf"n_features must be an integer in \[1, {MAX_FEATURES}\]"):
        model_layout(MAX_FEATURES + 1)


def test_layout_refuses_non_integer():
    with pytest.raises(TypeError, match=r"n_features must be an integer in \[1, "):
        model_layout(2.0)


def test_drawing_has_every_node_edge_and_label():
    fig = draw_model(2)
    (ax,) = fig.axes
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(circles) == 6 and len(arrows) == 5
    assert {c.center for c in circles} == set(model_layout(2).nodes.values())
    assert all(c.radius == NODE_RADIUS for c in circles)
    texts = {t.get_text() for t in ax.texts}
    assert {
        "$x_{1}$",
        "$x_{2}$",
        "$1$",
        "$w_{1}$",
        "$w_{2}$",
        "$b$",
        "$z$",
        r"$\Sigma$",
        r"$\sigma$",
    } <= texts
    assert any("P(y = 1 | x)" in t for t in texts)
    assert ax.get_title()


def test_arrows_start_and_end_on_the_circles():
    fig = draw_model(1)
    (ax,) = fig.axes
    layout = model_layout(1)
    arrow = next(p for p in ax.patches if isinstance(p, FancyArrowPatch))
    (x0, y0), (x1, y1) = arrow._posA_posB
    (cx0, cy0), (cx1, cy1) = layout.nodes["x1"], layout.nodes["sum"]
    assert ((x0 - cx0) ** 2 + (y0 - cy0) ** 2) ** 0.5 == pytest.approx(NODE_RADIUS)
    assert ((x1 - cx1) ** 2 + (y1 - cy1) ** 2) ** 0.5 == pytest.approx(NODE_RADIUS)


def test_drawing_on_given_axes():
    fig, ax = plt.subplots()
    assert draw_model(3, ax=ax) is fig


def test_drawing_refuses_something_else_as_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None"):
        draw_model(3, ax="left")
