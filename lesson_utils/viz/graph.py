"""Lesson 4: the computation graph x, w, b → z → g → L of one sample, with its numbers on it.

``graph_values`` computes every forward value, local derivative and backward gradient (pure, tested);
``node_labels``/``edge_labels`` turn them into the strings on the drawing; ``draw_graph`` draws the graph
with matplotlib only; ``graph_widget`` adds sliders for x, w, b and y that rewrite the numbers.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from .. import _validate
from .style import COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: Colour of forward values and of backward gradients on the drawing.
FORWARD_COLOR = COLORS["blue"]
BACKWARD_COLOR = COLORS["vermillion"]

#: Centre of each node on the drawing (data coordinates of a 12 × 6.6 canvas).
NODE_POS = {
    "x": (1.0, 5.1),
    "w": (1.0, 3.1),
    "b": (1.0, 1.1),
    "z": (4.4, 3.1),
    "g": (7.6, 3.1),
    "L": (11.05, 3.1),
    "y": (11.05, 5.5),
}
BOX_W, BOX_H = 1.6, 1.1

#: Where each edge's label sits (data coordinates) and how it is aligned horizontally.
EDGE_LABEL_POS = {
    ("x", "z"): ((2.75, 4.45), "left"),
    ("w", "z"): ((2.55, 3.2), "center"),
    ("b", "z"): ((2.75, 1.75), "left"),
    ("z", "g"): ((6.0, 3.2), "center"),
    ("g", "L"): ((9.33, 3.2), "center"),
}

#: Edges of the graph: (source, target) → the key of their local derivative in ``graph_values``.
EDGES = {
    ("x", "z"): "dz_dx",
    ("w", "z"): "dz_dw",
    ("b", "z"): "dz_db",
    ("z", "g"): "dg_dz",
    ("g", "L"): "dL_dg",
}


#: Largest |z| the graph accepts. It shows the plain formulas of the lesson, g = 1/(1 + e^(−z)),
#: ∂g/∂z = g(1 − g), ∂L/∂g = (1 − y)/(1 − g) − y/g, which need 1 − g to keep its digits: at |z| = 20,
#: 1 − g ≈ 2·10⁻⁹ keeps about 7 of them; from z ≈ 36.7 on g rounds to 1 and ∂L/∂g becomes 0/0. The stable
#: forms that work for every z are lesson 7's subject. The sliders keep |z| ≤ 3·3 + 3 = 12.
Z_LIMIT = 20.0

#: Range of the x, w and b sliders: |w·x + b| ≤ 12, where the plain formulas are exact to ~11 digits.
SLIDER_RANGE = 3.0


def graph_values(x: float, w: float, b: float, y: int) -> dict[str, float]:
    """Forward values, local derivatives and backward gradients of one sample with one feature.

    x: the feature, w: the weight, b: the bias (finite real numbers with |w·x + b| ≤ Z_LIMIT);
    y: the label, 0 or 1. Returns a dict of floats, each computed by the formula it is labelled with:

    * forward: "x", "w", "b", "y", "z" = w·x + b, "g" = 1/(1 + e^(−z)),
      "L" = −[y log g + (1 − y) log(1 − g)];
    * local derivatives (each edge of the graph): "dL_dg" = (1 − y)/(1 − g) − y/g,
      "dg_dz" = g(1 − g), "dz_dw" = x, "dz_db" = 1, "dz_dx" = w;
    * backward (∂L/∂node): "dL_dz" = g − y, "dL_dw" = ∂L/∂z · x, "dL_db" = ∂L/∂z · 1,
      "dL_dx" = ∂L/∂z · w.

    Raises ValueError when |z| > Z_LIMIT, where these formulas lose their digits (lesson 7).
    """
    x, w, b = (_validate.check_scalar(v, name, float) for v, name in ((x, "x"), (w, "w"), (b, "b")))
    label = _validate.label(y)
    z = w * x + b
    if not abs(z) <= Z_LIMIT:
        raise ValueError(
            f"z = w·x + b = {z:.4g} is outside ±{Z_LIMIT:g}, where the graph's plain formulas lose their "
            f"digits (the stable forms are lesson 7's subject); got x={x!r}, w={w!r}, b={b!r}"
        )
    g = 1.0 / (1.0 + math.exp(-z))
    dL_dz = g - label
    return {
        "x": x,
        "w": w,
        "b": b,
        "y": float(label),
        "z": z,
        "g": g,
        "L": -(label * math.log(g) + (1 - label) * math.log(1.0 - g)),
        "dL_dg": (1 - label) / (1.0 - g) - label / g,
        "dg_dz": g * (1.0 - g),
        "dz_dw": x,
        "dz_db": 1.0,
        "dz_dx": w,
        "dL_dz": dL_dz,
        "dL_dw": dL_dz * x,
        "dL_db": dL_dz * 1.0,
        "dL_dx": dL_dz * w,
    }


def _fmt(value: float) -> str:
    return f"{value + 0.0:.4g}"  # + 0.0 turns −0.0 into 0.0


def node_labels(values: dict[str, float]) -> dict[str, tuple[str, str]]:
    """The two lines written in each node: (forward value, backward gradient ∂L/∂node).

    values: the dict returned by ``graph_values``. Returns node name → (forward, backward) strings.
    """
    v = values
    return {
        "x": (f"x = {_fmt(v['x'])}", f"∂L/∂x = {_fmt(v['dL_dx'])}"),
        "w": (f"w = {_fmt(v['w'])}", f"∂L/∂w = {_fmt(v['dL_dw'])}"),
        "b": (f"b = {_fmt(v['b'])}", f"∂L/∂b = {_fmt(v['dL_db'])}"),
        "z": (f"z = {_fmt(v['z'])}", f"∂L/∂z = {_fmt(v['dL_dz'])}"),
        "g": (f"g = {_fmt(v['g'])}", f"∂L/∂g = {_fmt(v['dL_dg'])}"),
        "L": (f"L = {_fmt(v['L'])}", "∂L/∂L = 1"),
        "y": (f"y = {int(v['y'])}", "a label:\nno gradient"),
    }


def edge_labels(values: dict[str, float]) -> dict[tuple[str, str], str]:
    """The local derivative written on each edge, symbol and number. values: from ``graph_values``."""
    v = values
    return {
        ("x", "z"): f"∂z/∂x = w = {_fmt(v['dz_dx'])}",
        ("w", "z"): f"∂z/∂w = x = {_fmt(v['dz_dw'])}",
        ("b", "z"): "∂z/∂b = 1",
        ("z", "g"): f"∂g/∂z\n= g(1 − g)\n= {_fmt(v['dg_dz'])}",
        ("g", "L"): f"∂L/∂g =\n(1−y)/(1−g) − y/g\n= {_fmt(v['dL_dg'])}",
    }


def chain_text(values: dict[str, float]) -> str:
    """The chain rule for w written out with the numbers, as shown under the graph."""
    v = values
    return (
        f"∂L/∂w = ∂L/∂g · ∂g/∂z · ∂z/∂w = ({_fmt(v['dL_dg'])}) · ({_fmt(v['dg_dz'])}) · ({_fmt(v['dz_dw'])})"
        f" = {_fmt(v['dL_dw'])}      ∂L/∂z = g − y = {_fmt(v['g'])} − {int(v['y'])} = {_fmt(v['dL_dz'])}"
    )


def _edge_points(source: str, target: str) -> tuple[tuple[float, float], tuple[float, float]]:
    (x0, y0), (x1, y1) = NODE_POS[source], NODE_POS[target]
    if source == "y":  # straight down into L
        return (x0, y0 - BOX_H / 2), (x1, y1 + BOX_H / 2)
    start = (x0 + BOX_W / 2, y0)
    end_y = y1 + 0.35 * np.sign(y0 - y1)
    return start, (x1 - BOX_W / 2, end_y)


def draw_graph(x: float = 1.5, w: float = 0.8, b: float = -0.5, y: int = 1):
    """Draw the computation graph of one sample with all forward values and gradients written on it.

    Returns (figure, update) where ``update(x, w, b, y)`` rewrites every number in place.
    The figure's ``graph_texts`` attribute maps node names, edges and "chain" to their text artists.
    """
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 5.0))
    ax.set_xlim(0, 12)
    ax.set_ylim(-0.2, 6.4)
    ax.axis("off")
    texts: dict = {}
    for name, (cx, cy) in NODE_POS.items():
        edge = COLORS["black"] if name != "y" else COLORS["green"]
        ax.add_patch(FancyBboxPatch((cx - BOX_W / 2, cy - BOX_H / 2), BOX_W, BOX_H,
                                    boxstyle="round,pad=0.05", fc="white", ec=edge, lw=1.5))
        forward = ax.text(cx, cy + 0.2, "", ha="center", va="center", color=FORWARD_COLOR, fontsize=10)
        backward = ax.text(cx, cy - 0.25, "", ha="center", va="center", fontsize=9,
                           color=BACKWARD_COLOR if name != "y" else COLORS["black"])
        texts[name] = (forward, backward)
    for source, target in [*EDGES, ("y", "L")]:
        start, end = _edge_points(source, target)
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": COLORS["black"], "lw": 1.3})
        if (source, target) in EDGES:
            (lx, ly), align = EDGE_LABEL_POS[(source, target)]
            texts[(source, target)] = ax.text(lx, ly, "", ha=align, va="bottom", fontsize=8.5,
                                              color=COLORS["black"])
    texts["chain"] = ax.text(6.0, -0.05, "", ha="center", va="bottom", fontsize=9, color=BACKWARD_COLOR)
    ax.text(0.1, 6.35, "blue: forward value      vermillion: gradient ∂L/∂node      on each arrow: "
            "the local derivative", ha="left", va="top", fontsize=8.5)
    ax.set_title("One sample through the graph: values flow right, gradients flow back left")
    fig.graph_texts = texts

    def update(x: float = 1.5, w: float = 0.8, b: float = -0.5, y: int = 1) -> None:
        values = graph_values(x, w, b, y)
        for name, (forward, backward) in node_labels(values).items():
            texts[name][0].set_text(forward)
            texts[name][1].set_text(backward)
        for edge, text in edge_labels(values).items():
            texts[edge].set_text(text)
        texts["chain"].set_text(chain_text(values))

    update(x, w, b, y)
    return fig, update


def graph_widget(x: float = 1.5, w: float = 0.8, b: float = -0.5, y: int = 1) -> SliderFigure:
    """Sliders for x, w, b (each in [−SLIDER_RANGE, SLIDER_RANGE]) and the label y over ``draw_graph``.

    The range keeps |z| ≤ 12, where the graph's plain formulas are exact to about 11 digits.
    """
    fig, update = draw_graph(x, w, b, y)

    def slider(name: str, value: float) -> widgets.FloatSlider:
        return widgets.FloatSlider(value=value, min=-SLIDER_RANGE, max=SLIDER_RANGE, step=0.1,
                                   description=name, readout_format=".1f", continuous_update=False)

    sliders = {
        "x": slider("x", x),
        "w": slider("w", w),
        "b": slider("b", b),
        "y": widgets.ToggleButtons(options=[1, 0], value=y, description="label y"),
    }
    return SliderFigure(fig, sliders, update)
