"""Lesson 4: the computation graph x, w, b → z → g → L of one sample, with its numbers on it.

``graph_values`` computes every forward value, local derivative and backward gradient with the lesson's
plain formulas (pure, tested); ``graph_texts`` turns them into the strings written on the drawing;
``graph_figure`` draws the graph and ``graph_widget`` adds sliders for x, w, b and y.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .. import _validate
from .style import COLORS, COLUMN_WIDTH
from .widgets import SliderFigure

#: Centre of each node on the drawing (data coordinates of a 12.2 × 7.7 canvas), and the node's size.
#: The loss L sits under g, so the wide label of the edge g → L has the room to its right.
NODE_POS = {"x": (1.05, 6.0), "w": (1.05, 3.9), "b": (1.05, 1.8), "z": (4.75, 3.9), "g": (8.6, 3.9),
            "L": (8.6, 0.9), "y": (11.15, 0.9)}
BOX_W, BOX_H = 1.9, 1.5
#: Each edge of the graph → where its label sits (data coordinates) and how it is aligned.
EDGE_LABEL_POS = {
    ("x", "z"): ((3.35, 4.85), "left", "bottom"),
    ("w", "z"): ((2.9, 3.95), "center", "bottom"),
    ("b", "z"): ((3.35, 2.95), "left", "top"),
    ("z", "g"): ((6.7, 3.95), "center", "bottom"),
    ("g", "L"): ((8.8, 2.4), "left", "center"),
}

#: Largest |z| the graph accepts. Its plain formulas g = 1/(1 + e^(−z)), ∂g/∂z = g(1 − g) and
#: ∂L/∂g = (1 − y)/(1 − g) − y/g need the digits of 1 − g: at |z| = 20 they keep 7 significant digits
#: (the drawing shows 4); from z ≈ 36.7 on g rounds to 1 and ∂L/∂g is 0/0. Forms that work for every z
#: are lesson 7's subject.
Z_LIMIT = 20.0
#: The x, w and b sliders run from −SLIDER_RANGE to SLIDER_RANGE: |w·x + b| ≤ 4·4 + 4 = Z_LIMIT.
SLIDER_RANGE = 4.0


def graph_values(x: float, w: float, b: float, y: int) -> dict[str, float]:
    """Forward values, local derivatives and backward gradients of one sample with one feature.

    x: the feature, w: the weight, b: the bias (finite numbers with |w·x + b| ≤ Z_LIMIT);
    y: the label, 0 or 1. Returns a dict of floats, each computed by the formula it is labelled with:

    * forward: "x", "w", "b", "y", "z" = w·x + b, "g" = 1/(1 + e^(−z)),
      "L" = −[y log g + (1 − y) log(1 − g)];
    * local derivatives (one per edge): "dL_dg" = (1 − y)/(1 − g) − y/g, "dg_dz" = g(1 − g),
      "dz_dw" = x, "dz_db" = 1, "dz_dx" = w;
    * backward (∂L/∂node): "dL_dz" = g − y, "dL_dw" = ∂L/∂z · x, "dL_db" = ∂L/∂z · 1, "dL_dx" = ∂L/∂z · w.
    """
    x, w, b = (_validate.check_scalar(v, name, float) for v, name in ((x, "x"), (w, "w"), (b, "b")))
    y = _validate.label(y)
    z = w * x + b
    if not abs(z) <= Z_LIMIT:
        raise ValueError(
            f"z = w·x + b = {z:.4g} is outside ±{Z_LIMIT:g}, where the graph's plain formulas lose their "
            f"digits (the stable forms are lesson 7's subject); got x={x!r}, w={w!r}, b={b!r}"
        )
    g = 1.0 / (1.0 + math.exp(-z))
    dL_dz = g - y
    return {
        "x": x, "w": w, "b": b, "y": float(y), "z": z, "g": g,
        "L": -(y * math.log(g) + (1 - y) * math.log(1.0 - g)),
        "dL_dg": (1 - y) / (1.0 - g) - y / g,
        "dg_dz": g * (1.0 - g),
        "dz_dw": x, "dz_db": 1.0, "dz_dx": w,
        "dL_dz": dL_dz, "dL_dw": dL_dz * x, "dL_db": dL_dz * 1.0, "dL_dx": dL_dz * w,
    }


def graph_texts(values: dict[str, float]) -> dict:
    """The strings written on the graph, from the dict of ``graph_values``.

    Returns node name → (forward value, backward gradient ∂L/∂node), edge (source, target) → its local
    derivative, symbol and number, and "chain" → the chain rule for w written out with the numbers.
    """
    def fmt(key: str) -> str:
        return f"{values[key] + 0.0:.4g}"  # + 0.0 turns −0.0 into 0.0

    texts = {name: (f"{name} = {fmt(name)}", f"∂L/∂{name} =\n{fmt('dL_d' + name)}") for name in "xwbzg"}
    texts["L"] = (f"L = {fmt('L')}", "∂L/∂L =\n1")
    texts["y"] = (f"y = {int(values['y'])}", "a label:\nno gradient")
    texts[("x", "z")] = f"∂z/∂x = w = {fmt('dz_dx')}"
    texts[("w", "z")] = f"∂z/∂w\n= x = {fmt('dz_dw')}"
    texts[("b", "z")] = "∂z/∂b = 1"
    texts[("z", "g")] = f"∂g/∂z\n= g(1 − g)\n= {fmt('dg_dz')}"
    texts[("g", "L")] = f"∂L/∂g =\n(1−y)/(1−g) − y/g\n= {fmt('dL_dg')}"
    texts["chain"] = (
        f"∂L/∂w = ∂L/∂g · ∂g/∂z · ∂z/∂w\n= ({fmt('dL_dg')}) · ({fmt('dg_dz')}) · ({fmt('dz_dw')})"
        f" = {fmt('dL_dw')}\n∂L/∂z = g − y = {fmt('g')} − {int(values['y'])} = {fmt('dL_dz')}"
    )
    return texts


def _edge_points(source: str, target: str) -> tuple[tuple[float, float], tuple[float, float]]:
    (x0, y0), (x1, y1) = NODE_POS[source], NODE_POS[target]
    if source == "y":  # from the right into L
        return (x0 - BOX_W / 2, y0), (x1 + BOX_W / 2, y1)
    if source == "g":  # straight down into L
        return (x0, y0 - BOX_H / 2), (x1, y1 + BOX_H / 2)
    return (x0 + BOX_W / 2, y0), (x1 - BOX_W / 2, y1 + 0.4 * np.sign(y0 - y1))


def _graph_figure(x: float, w: float, b: float, y: int):
    """The graph with every number on it; returns the figure and an ``update(x, w, b, y)`` rewriting them."""
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 5.9))
    ax.set(xlim=(0, 12.2), ylim=(-0.3, 7.4), title="One sample through the graph: values flow forward, "
           "gradients flow back")
    ax.axis("off")
    artists: dict = {}
    for name, (cx, cy) in NODE_POS.items():
        edge_color = COLORS["label node" if name == "y" else "reference"]
        ax.add_patch(FancyBboxPatch((cx - BOX_W / 2, cy - BOX_H / 2), BOX_W, BOX_H, boxstyle="round,pad=0.05",
                                    fc="white", ec=edge_color, lw=1.5))
        artists[name] = (
            ax.text(cx, cy + 0.4, "", ha="center", va="center", color=COLORS["forward"]),
            ax.text(cx, cy - 0.25, "", ha="center", va="center",
                    color=COLORS["reference" if name == "y" else "backward"]),
        )
    for source, target in [*EDGE_LABEL_POS, ("y", "L")]:
        start, end = _edge_points(source, target)
        ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "-|>", "color": COLORS["reference"],
                                                          "lw": 1.3})
    for edge, ((lx, ly), align, valign) in EDGE_LABEL_POS.items():
        artists[edge] = ax.text(lx, ly, "", ha=align, va=valign, color=COLORS["reference"])
    artists["chain"] = ax.text(0.1, -0.25, "", ha="left", va="bottom", color=COLORS["backward"])
    # The key, each part in the colour it explains.
    for left, text, role in ((0.1, "forward value", "forward"), (2.4, "gradient ∂L/∂node", "backward"),
                             (5.2, "on each arrow: the local derivative", "reference")):
        ax.text(left, 7.4, text, ha="left", va="top", color=COLORS[role])

    def update(x: float, w: float, b: float, y: int) -> None:
        for key, text in graph_texts(graph_values(x, w, b, y)).items():
            if isinstance(text, tuple):
                artists[key][0].set_text(text[0])
                artists[key][1].set_text(text[1])
            else:
                artists[key].set_text(text)

    update(x, w, b, y)
    return fig, update


def graph_figure(x: float = 1.5, w: float = 0.8, b: float = -0.5, y: int = 1) -> Figure:
    """The computation graph of one sample with all forward values and gradients written on it.

    x, w, b: finite numbers with |w·x + b| ≤ Z_LIMIT; y: the label, 0 or 1.
    """
    graph_values(x, w, b, y)  # checks the arguments
    return _graph_figure(x, w, b, y)[0]


def graph_widget(x: float = 1.5, w: float = 0.8, b: float = -0.5, y: int = 1) -> SliderFigure:
    """The graph with sliders for x, w, b (each −4 … 4, so |z| ≤ Z_LIMIT) and a toggle for the label y.

    x, w, b: starting values in the sliders' range; y: 0 or 1.
    """
    for value, name in ((x, "x"), (w, "w"), (b, "b")):
        _validate.check_scalar(value, name, float, low=-SLIDER_RANGE, high=SLIDER_RANGE)
    graph_values(x, w, b, y)
    fig, update = _graph_figure(x, w, b, y)
    sliders = {name: widgets.FloatSlider(value=value, min=-SLIDER_RANGE, max=SLIDER_RANGE, step=0.1,
                                         description=name, readout_format=".1f", continuous_update=False)
               for name, value in (("x", x), ("w", w), ("b", b))}
    sliders["y"] = widgets.ToggleButtons(options=[1, 0], value=y, description="label y")
    return SliderFigure(fig, sliders, update)
