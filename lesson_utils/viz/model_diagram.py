"""Lesson 2: logistic regression drawn as a network with no hidden layer.

``model_layout`` places the nodes and edges (tested on its own); ``draw_model`` draws them on given axes:
input nodes x_1 … x_d and a constant 1, weights w_1 … w_d on their edges and the bias b on the edge from
the 1, a sum node z = w·x + b, a sigmoid node, the output g. ``model_figure`` makes a figure of it.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import _validate
from .style import COLORS, COLUMN_WIDTH

#: More inputs than this no longer fit legibly; the network is the same for any d.
MAX_FEATURES = 8
NODE_RADIUS = 0.32
#: The fill of each kind of node.
FILLS = {"input": COLORS["input node"], "bias": COLORS["input node"], "sum": COLORS["sum node"],
         "activation": COLORS["activation node"], "output": COLORS["output node"]}
#: The labels of the parameters (weights and bias), on the edges they scale.
PARAMETER_COLOR = COLORS["parameter"]


def model_layout(n_features: int = 3) -> tuple[dict[str, tuple], list[tuple[str, str, str]]]:
    """The logistic-regression network for d = ``n_features`` inputs (1 … MAX_FEATURES).

    Inputs x_1 … x_d stand in a column at x = 0 (x_1 on top), one unit apart, the constant 1 below them,
    centred on the sum node's height 0; every one has an edge into the sum node, labelled w_i (b for
    the constant). Then sum → σ (edge z) → output g.
    Returns (nodes, edges): nodes maps d + 4 names to (x, y, mathtext label, kind), kind being "input",
    "bias", "sum", "activation" or "output"; edges lists d + 3 (source, target, label) in drawing order.
    """
    d = _validate.check_scalar(n_features, "n_features", int, low=1, high=MAX_FEATURES)
    top = d / 2.0
    nodes = {f"x{i}": (0.0, top - (i - 1), f"$x_{{{i}}}$", "input") for i in range(1, d + 1)}
    nodes["one"] = (0.0, top - d, "$1$", "bias")
    nodes["sum"] = (3.0, 0.0, r"$\Sigma$", "sum")
    nodes["sigma"] = (4.6, 0.0, r"$\sigma$", "activation")
    nodes["out"] = (6.2, 0.0, "$g$", "output")
    edges = [(f"x{i}", "sum", f"$w_{{{i}}}$") for i in range(1, d + 1)]
    edges += [("one", "sum", "$b$"), ("sum", "sigma", "$z$"), ("sigma", "out", "")]
    return nodes, edges


def draw_model(ax, n_features: int = 3) -> list:
    """Draw logistic regression as a network on ``ax``: inputs, weights, bias, sum, sigmoid, output.

    n_features: d, the number of input nodes (1 … MAX_FEATURES). Returns the patches and texts drawn.
    """
    nodes, edges = model_layout(n_features)
    artists = []
    for source, target, label in edges:
        (x0, y0, _, kind), (x1, y1, _, _) = nodes[source], nodes[target]
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length  # start and end on the circles, not the centres
        artists.append(ax.add_patch(FancyArrowPatch(
            (x0 + NODE_RADIUS * ux, y0 + NODE_RADIUS * uy), (x1 - NODE_RADIUS * ux, y1 - NODE_RADIUS * uy),
            arrowstyle="-|>", mutation_scale=14, shrinkA=0, shrinkB=0, color=COLORS["reference"], lw=1.2)))
        if label:
            parameter = kind in ("input", "bias")
            t = 0.35 if parameter else 0.5
            color = PARAMETER_COLOR if parameter else COLORS["reference"]
            box = {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85}
            artists.append(ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 0.12, label, ha="center",
                                   va="bottom", fontsize=12, color=color, bbox=box))
    for x, y, label, kind in nodes.values():
        circle = Circle((x, y), NODE_RADIUS, fc=FILLS[kind], ec=COLORS["reference"], lw=1.2, zorder=3)
        artists.append(ax.add_patch(circle))
        artists.append(ax.text(x, y, label, ha="center", va="center", fontsize=14, zorder=4))

    # The single output neuron: the sum and the sigmoid together.
    sx, gx, ox = nodes["sum"][0], nodes["sigma"][0], nodes["out"][0]
    neuron = FancyBboxPatch((sx - 0.55, -0.6), gx - sx + 1.1, 1.2, boxstyle="round,pad=0.05", fc="none",
                            ec=COLORS["reference"], ls="--", lw=1.2)
    artists.append(ax.add_patch(neuron))
    ys = [node[1] for node in nodes.values()]
    low, high = min(ys) - 0.9, max(ys)
    for x, text in ((0.0, "input layer:\nd features\nand the constant 1"),
                    ((sx + gx) / 2, "one output neuron:\nz = w·x + b,\nthen g = σ(z)"),
                    (ox + 0.3, "output:\ng = P(y = 1 | x)")):
        artists.append(ax.text(x, low, text, ha="center", va="top"))
    artists.append(ax.text(1.5, high + 0.7, "no hidden layer: every input connects\nstraight to the output "
                           "neuron", ha="center", va="bottom"))
    ax.set(xlim=(-1.1, 7.6), ylim=(low - 1.4, high + 1.7), aspect="equal",
           title="Logistic regression as a network: inputs, weights and bias,\na sum, a sigmoid, one output")
    ax.axis("off")
    return artists


def model_figure(n_features: int = 3) -> Figure:
    """A figure of ``draw_model`` for d = ``n_features`` inputs (1 … MAX_FEATURES), sized to fit them."""
    d = _validate.check_scalar(n_features, "n_features", int, low=1, high=MAX_FEATURES)
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 2.0 + 0.75 * (d + 1)))
    draw_model(ax, d)
    return fig
