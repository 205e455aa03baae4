"""Lesson 2: logistic regression drawn as a network with no hidden layer.

``model_layout`` computes the drawing (node positions, node labels, labelled edges; tested on its own) and
``draw_model`` puts it on a matplotlib figure: input nodes x_1 … x_d and a constant 1, weights w_1 … w_d on
their edges and the bias b on the edge from the 1, a sum node z = w·x + b, a sigmoid node, the output g.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import _validate
from .style import COLORS

#: More inputs than this no longer fit legibly; the network is the same for any d.
MAX_FEATURES = 8

NODE_RADIUS = 0.32


@dataclass(frozen=True)
class ModelLayout:
    """Where everything goes in the drawing.

    nodes: name → (x, y) centre; labels: name → mathtext label written in the node;
    kinds: name → "input", "bias", "sum", "activation" or "output";
    edges: (source, target, label) triples, in drawing order.
    """

    nodes: dict[str, tuple[float, float]]
    labels: dict[str, str]
    kinds: dict[str, str]
    edges: list[tuple[str, str, str]]


def model_layout(n_features: int = 3) -> ModelLayout:
    """The logistic-regression network for d = ``n_features`` inputs (1 … MAX_FEATURES).

    Inputs x_1 … x_d stand in a column at x = 0 (x_1 on top), the constant 1 below them; every one has
    an edge into the sum node, labelled w_i (and b for the constant). Then sum → σ (edge z) → output g.
    Returns a ``ModelLayout`` with d + 4 nodes and d + 3 edges.
    """
    d = _validate.check_scalar(n_features, "n_features", int, low=1, high=MAX_FEATURES)
    n_left = d + 1  # inputs and the constant 1
    top = (n_left - 1) / 2.0
    nodes: dict[str, tuple[float, float]] = {}
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for i in range(1, d + 1):
        name = f"x{i}"
        nodes[name] = (0.0, top - (i - 1))
        labels[name] = f"$x_{{{i}}}$"
        kinds[name] = "input"
        edges.append((name, "sum", f"$w_{{{i}}}$"))
    nodes["one"] = (0.0, top - d)
    labels["one"] = "$1$"
    kinds["one"] = "bias"
    edges.append(("one", "sum", "$b$"))
    nodes["sum"] = (3.0, 0.0)
    labels["sum"] = r"$\Sigma$"
    kinds["sum"] = "sum"
    nodes["sigma"] = (4.6, 0.0)
    labels["sigma"] = r"$\sigma$"
    kinds["sigma"] = "activation"
    nodes["out"] = (6.2, 0.0)
    labels["out"] = "$g$"
    kinds["out"] = "output"
    edges.append(("sum", "sigma", "$z$"))
    edges.append(("sigma", "out", ""))
    return ModelLayout(nodes=nodes, labels=labels, kinds=kinds, edges=edges)


_FILL = {
    "input": COLORS["sky"],
    "bias": "#DDDDDD",
    "sum": COLORS["yellow"],
    "activation": COLORS["orange"],
    "output": COLORS["green"],
}


def draw_model(n_features: int = 3, ax: Axes | None = None) -> Figure:
    """Draw logistic regression as a network: inputs, weights, bias, sum, sigmoid, output.

    n_features: d, the number of input nodes (1 … MAX_FEATURES); ax: axes to draw on, or None for a
    new figure. Returns the figure drawn on.
    """
    layout = model_layout(n_features)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9.0, 1.2 + 0.75 * (len(layout.nodes) - 3)))
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    else:
        fig = ax.figure

    for source, target, label in layout.edges:
        (x0, y0), (x1, y1) = layout.nodes[source], layout.nodes[target]
        length = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length  # start and end on the circles, not the centres
        arrow = FancyArrowPatch(
            (x0 + NODE_RADIUS * ux, y0 + NODE_RADIUS * uy),
            (x1 - NODE_RADIUS * ux, y1 - NODE_RADIUS * uy),
            arrowstyle="-|>",
            mutation_scale=14,
            shrinkA=0,
            shrinkB=0,
            color=COLORS["black"],
            lw=1.2,
        )
        ax.add_patch(arrow)
        if label:
            t = 0.35 if layout.kinds[source] in ("input", "bias") else 0.5
            lx, ly = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            ax.text(
                lx,
                ly + 0.12,
                label,
                ha="center",
                va="bottom",
                fontsize=12,
                color=COLORS["vermillion"] if layout.kinds[source] in ("input", "bias") else COLORS["black"],
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
            )

    for name, (x, y) in layout.nodes.items():
        kind = layout.kinds[name]
        ax.add_patch(Circle((x, y), NODE_RADIUS, fc=_FILL[kind], ec=COLORS["black"], lw=1.2, zorder=3))
        ax.text(x, y, layout.labels[name], ha="center", va="center", fontsize=14, zorder=4)

    # The single output neuron: the sum and the sigmoid together.
    sx, _ = layout.nodes["sum"]
    gx, _ = layout.nodes["sigma"]
    ax.add_patch(
        FancyBboxPatch(
            (sx - 0.55, -0.6),
            gx - sx + 1.1,
            1.2,
            boxstyle="round,pad=0.05",
            fc="none",
            ec=COLORS["blue"],
            ls="--",
            lw=1.2,
        )
    )
    ys = [y for _, y in layout.nodes.values()]
    low = min(ys) - 0.9
    ax.text(0.0, low, "input layer\n(d features and the constant 1)", ha="center", va="top", fontsize=10)
    ax.text(
        (sx + gx) / 2,
        low,
        "one output neuron:\nz = w·x + b, then g = σ(z)",
        ha="center",
        va="top",
        fontsize=10,
        color=COLORS["blue"],
    )
    ox, _ = layout.nodes["out"]
    ax.text(ox, low, "output\ng = P(y = 1 | x)", ha="center", va="top", fontsize=10)
    ax.text(
        1.5,
        max(ys) + 0.7,
        "no hidden layer: every input connects straight to the output neuron",
        ha="center",
        va="bottom",
        fontsize=10,
    )

    ax.set_xlim(-0.8, 7.0)
    ax.set_ylim(low - 0.9, max(ys) + 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Logistic regression as a network: inputs, weights and bias, a sum, a sigmoid, one output")
    return fig
