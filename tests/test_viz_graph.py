"""Lesson 4: graph_values, the labels written on the graph, and the x, w, b, y sliders."""

import math

import pytest

from lesson_utils.viz.graph import (
    SLIDER_RANGE,
    Z_LIMIT,
    graph_figure,
    graph_texts,
    graph_values,
    graph_widget,
)


def _loss(x, w, b, y):
    """The loss of one sample, from its definition, with math (fine for moderate z)."""
    g = 1.0 / (1.0 + math.exp(-(w * x + b)))
    return -(y * math.log(g) + (1 - y) * math.log(1 - g))


def test_hand_worked_sample():
    # z = 0.5·2 − 1 = 0, g = 1/2: every number follows by hand.
    v = graph_values(2.0, 0.5, -1.0, 1)
    expected = {
        "z": 0.0, "g": 0.5, "L": math.log(2), "dL_dg": -2.0, "dg_dz": 0.25, "dz_dw": 2.0, "dz_db": 1.0,
        "dz_dx": 0.5, "dL_dz": -0.5, "dL_dw": -1.0, "dL_db": -0.5, "dL_dx": -0.25,
    }
    for key, value in expected.items():
        assert v[key] == pytest.approx(value, rel=1e-14, abs=1e-300), key


CASES = [(1.5, 0.8, -0.5, 1), (-2.0, 0.7, 0.4, 0), (0.3, -2.5, 1.0, 1), (2.5, 1.2, -0.3, 0)]


@pytest.mark.parametrize(("x", "w", "b", "y"), CASES)
def test_backward_gradients_match_finite_differences(x, w, b, y):
    v = graph_values(x, w, b, y)
    h = 1e-6
    assert v["dL_dw"] == pytest.approx((_loss(x, w + h, b, y) - _loss(x, w - h, b, y)) / (2 * h), rel=1e-7)
    assert v["dL_db"] == pytest.approx((_loss(x, w, b + h, y) - _loss(x, w, b - h, y)) / (2 * h), rel=1e-7)
    assert v["dL_dx"] == pytest.approx((_loss(x + h, w, b, y) - _loss(x - h, w, b, y)) / (2 * h), rel=1e-7)
    assert v["L"] == pytest.approx(_loss(x, w, b, y), rel=1e-13)


@pytest.mark.parametrize(("x", "w", "b", "y"), CASES)
def test_local_derivatives_match_finite_differences(x, w, b, y):
    v = graph_values(x, w, b, y)
    h = 1e-6
    g, z = v["g"], v["z"]

    def loss_of_g(t):
        return -(y * math.log(t) + (1 - y) * math.log(1 - t))

    def sig(t):
        return 1.0 / (1.0 + math.exp(-t))

    assert v["dL_dg"] == pytest.approx((loss_of_g(g + h) - loss_of_g(g - h)) / (2 * h), rel=1e-7)
    assert v["dg_dz"] == pytest.approx((sig(z + h) - sig(z - h)) / (2 * h), rel=1e-7)
    assert v["dz_dw"] == pytest.approx(((w + h) * x + b - ((w - h) * x + b)) / (2 * h), rel=1e-7)
    assert v["dz_db"] == 1.0


@pytest.mark.parametrize(("x", "w", "b", "y"), CASES)
def test_product_of_local_derivatives_is_g_minus_y(x, w, b, y):
    v = graph_values(x, w, b, y)
    assert v["dL_dg"] * v["dg_dz"] == pytest.approx(v["g"] - y, rel=1e-12)
    assert v["dL_dz"] == pytest.approx(v["g"] - y, rel=1e-12)
    assert v["dL_dw"] == pytest.approx(v["dL_dg"] * v["dg_dz"] * v["dz_dw"], rel=1e-12)


@pytest.mark.parametrize(("x", "w", "b", "y"), CASES)
def test_each_number_is_the_formula_it_is_labelled_with(x, w, b, y):
    v = graph_values(x, w, b, y)
    g = 1.0 / (1.0 + math.exp(-(w * x + b)))
    assert v["g"] == g
    assert v["dg_dz"] == g * (1 - g)  # the edge says g(1 − g)
    assert v["dL_dg"] == (1 - y) / (1 - g) - y / g  # the edge says (1 − y)/(1 − g) − y/g
    assert v["dL_dz"] == g - y  # the node and the chain line say g − y
    labels = graph_texts(v)
    assert labels[("z", "g")].startswith("∂g/∂z\n= g(1 − g)")
    assert labels[("g", "L")].startswith("∂L/∂g =\n(1−y)/(1−g) − y/g")


def test_slider_range_stays_where_the_plain_formulas_keep_their_digits():
    # the corner of the sliders, z = 4·4 + 4 = 20 = Z_LIMIT: g(1 − g) against the exact e^(−z)/(1 + e^(−z))²
    assert SLIDER_RANGE**2 + SLIDER_RANGE == Z_LIMIT
    v = graph_values(4.0, 4.0, 4.0, 1)
    exact = math.exp(-20.0) / (1.0 + math.exp(-20.0)) ** 2
    assert v["z"] == 20.0
    assert v["dg_dz"] == pytest.approx(exact, rel=1e-7)  # 7 digits kept; the drawing shows 4
    assert v["dL_dz"] == pytest.approx(-1.0 / (1.0 + math.exp(20.0)), rel=1e-7)


@pytest.mark.parametrize("w", [20.5, -40.0, 1000.0])
def test_logits_beyond_the_limit_are_refused_in_plain_words(w):
    with pytest.raises(ValueError, match="lose their digits"):
        graph_values(1.0, w, 0.0, 1)


def test_bad_x_nan():
    with pytest.raises(ValueError, match="x must be a finite number, got nan"):
        graph_values(math.nan, 1.0, 0.0, 1)


def test_bad_w_infinite():
    with pytest.raises(ValueError, match="w must be a finite number, got inf"):
        graph_values(1.0, math.inf, 0.0, 1)


def test_bad_b_text():
    with pytest.raises(TypeError, match="b must be a number, got str"):
        graph_values(1.0, 1.0, "0", 1)


def test_bad_x_bool():
    with pytest.raises(TypeError, match="x must be a number, got bool"):
        graph_values(True, 1.0, 0.0, 1)


def test_bad_x_array():
    with pytest.raises(TypeError, match="x must be a number, got list"):
        graph_values([1.0, 2.0], 1.0, 0.0, 1)


def test_bad_label_value():
    with pytest.raises(ValueError, match="y must be the label 0 or 1, got 2"):
        graph_values(1.0, 1.0, 0.0, 2)


def test_bad_label_bool():
    with pytest.raises(TypeError, match="y must be the label 0 or 1"):
        graph_values(1.0, 1.0, 0.0, True)


def test_bad_logit_overflow():
    with pytest.raises(ValueError, match=r"z = w·x \+ b = inf is outside"):
        graph_values(1e200, 1e200, 0.0, 1)


def test_labels_carry_the_numbers():
    texts = graph_texts(graph_values(2.0, 0.5, -1.0, 1))
    assert texts["z"] == ("z = 0", "∂L/∂z =\n-0.5")
    assert texts["g"] == ("g = 0.5", "∂L/∂g =\n-2")
    assert texts["w"] == ("w = 0.5", "∂L/∂w =\n-1")
    assert texts["L"][0] == f"L = {math.log(2):.4g}"
    assert texts[("w", "z")] == "∂z/∂w\n= x = 2"
    assert texts[("z", "g")].endswith("= 0.25")
    assert "= -1\n" in texts["chain"] and "g − y = 0.5 − 1 = -0.5" in texts["chain"]


def _texts(fig):
    return {text.get_text() for text in fig.axes[0].texts}


def test_graph_figure_writes_every_number():
    texts = _texts(graph_figure(2.0, 0.5, -1.0, 1))
    assert {"z = 0", "∂L/∂w =\n-1", "∂L/∂g =\n(1−y)/(1−g) − y/g\n= -2", "∂z/∂w\n= x = 2", "y = 1"} <= texts
    assert any(text.startswith("∂L/∂w = ∂L/∂g · ∂g/∂z · ∂z/∂w") for text in texts)


def test_graph_figure_refuses_a_logit_beyond_the_limit():
    with pytest.raises(ValueError, match="lose their digits"):
        graph_figure(5.0, 5.0, 0.0, 1)


def test_graph_widget_sliders_redraw_numbers():
    panel = graph_widget()
    assert "z = 0.7" in _texts(panel.figure)
    panel.sliders["x"].value = 2.0
    panel.sliders["w"].value = 0.5
    panel.sliders["b"].value = -1.0
    texts = _texts(panel.figure)
    assert {"z = 0", "∂L/∂b =\n-0.5", "∂L/∂z =\n-0.5"} <= texts
    panel.sliders["y"].value = 0
    texts = _texts(panel.figure)
    assert {"∂L/∂z =\n0.5", "y = 0", "∂L/∂g =\n2"} <= texts
    assert "∂L/∂z =\n-0.5" not in texts


def test_graph_widget_start_outside_the_sliders_is_refused():
    with pytest.raises(ValueError, match=r"w must be a finite number in \[-4.0, 4.0\]"):
        graph_widget(w=4.5)
