"""Lesson 7's naive-against-stable table and the z slider, checked against the math module."""

import io
import math
import warnings

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.layout_engine import ConstrainedLayoutEngine

from lesson_utils.viz.stability import (
    FLOAT64_ONE_AT,
    QUANTITIES,
    naive_and_stable,
    naive_one_minus_sigmoid,
    precisions_figure,
    stability_figure,
    stability_widget,
    table_text,
)
from lesson_utils.viz.style import use_style


def test_hand_values_at_zero():
    for y, dL_dg, dL_dz in ((1, -2.0, -0.5), (0, 2.0, 0.5)):
        values = naive_and_stable(0.0, y)
        assert list(values) == list(QUANTITIES)
        expected = {"sigma": 0.5, "one_minus_sigma": 0.5, "log_sigma": -math.log(2.0), "dL_dg": dL_dg,
                    "dL_dz": dL_dz}
        for key, value in expected.items():
            naive, stable = values[key]
            assert naive == pytest.approx(value, rel=1e-15)
            assert stable == pytest.approx(value, rel=1e-15)


def test_threshold_is_53_log_2():
    naive = lambda z: naive_and_stable(z)["sigma"][0]  # noqa: E731
    assert FLOAT64_ONE_AT == pytest.approx(53 * math.log(2.0), rel=1e-15)
    assert naive(FLOAT64_ONE_AT) < 1.0
    assert naive(float(np.nextafter(FLOAT64_ONE_AT, 100.0))) == 1.0
    assert naive(FLOAT64_ONE_AT - 1e-9) < 1.0


def test_article_gives_nan_for_confident_correct_sample():
    v = naive_and_stable(40.0, 1)
    tail = math.exp(-40.0) / (1.0 + math.exp(-40.0))
    assert v["sigma"][0] == 1.0
    assert v["one_minus_sigma"][0] == 0.0
    assert v["log_sigma"][0] == 0.0
    assert math.isnan(v["dL_dg"][0])
    assert math.isnan(v["dL_dz"][0])
    assert v["one_minus_sigma"][1] == pytest.approx(tail, rel=1e-12)
    assert v["log_sigma"][1] == pytest.approx(-math.log1p(math.exp(-40.0)), rel=1e-12)
    assert v["dL_dg"][1] == pytest.approx(-(1.0 + math.exp(-40.0)), rel=1e-15)
    assert v["dL_dz"][1] == pytest.approx(-tail, rel=1e-12)


def test_article_gives_inf_times_zero_for_confident_wrong_sample():
    v = naive_and_stable(40.0, 0)
    assert v["dL_dg"][0] == math.inf
    assert math.isnan(v["dL_dz"][0])
    assert v["dL_dg"][1] == pytest.approx(1.0 + math.exp(40.0), rel=1e-12)
    assert v["dL_dz"][1] == pytest.approx(1.0 / (1.0 + math.exp(-40.0)), rel=1e-15)


def test_lost_digits_below_the_threshold():
    # at z = 30, 1 − σ(z) by subtraction keeps about three digits; σ(−z) keeps all of them
    naive, stable = naive_and_stable(30.0)["one_minus_sigma"]
    exact = math.exp(-30.0) / (1.0 + math.exp(-30.0))
    assert abs(naive - exact) / exact > 1e-4
    assert stable == pytest.approx(exact, rel=1e-14)


def test_overflow_side():
    v = naive_and_stable(-710.0, 1)
    assert v["sigma"][0] == 0.0
    assert v["log_sigma"][0] == -math.inf
    assert v["sigma"][1] == pytest.approx(math.exp(-710.0), rel=1e-12)
    assert v["log_sigma"][1] == pytest.approx(-710.0, rel=1e-15)
    assert v["dL_dz"][1] == -1.0


def test_stable_column_never_nan_and_nothing_warns():
    z = np.linspace(-1000.0, 1000.0, 2001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for y in (0, 1):
            for _, stable in naive_and_stable(z, y).values():
                assert stable.shape == z.shape
                assert not np.isnan(stable).any()


def test_stable_gradient_matches_finite_differences_of_stable_loss():
    # dL/dz of L(z) = −log σ(z) (y = 1) and −log(1 − σ(z)) (y = 0), by central differences
    for y in (0, 1):
        for z in (-5.0, -0.5, 0.7, 6.0):
            def loss(t, y=y):
                return -naive_and_stable(t)["log_sigma"][1] if y else -naive_and_stable(-t)["log_sigma"][1]

            numeric = (loss(z + 1e-6) - loss(z - 1e-6)) / 2e-6
            assert naive_and_stable(z, y)["dL_dz"][1] == pytest.approx(numeric, rel=1e-7)


def test_scalar_in_scalar_out_array_shape_kept():
    assert isinstance(naive_and_stable(1.0)["sigma"][1], float)
    out = naive_and_stable(np.zeros((2, 3)), 0)["dL_dg"]
    assert out[0].shape == out[1].shape == (2, 3)


def test_bad_z_type():
    with pytest.raises(TypeError, match="z"):
        naive_and_stable("40")


def test_bad_z_nan():
    with pytest.raises(ValueError, match="z must not contain NaN"):
        naive_and_stable(float("nan"))


def test_bad_z_inf():
    with pytest.raises(ValueError, match="z must be finite"):
        naive_and_stable(np.array([1.0, np.inf]))


def test_bad_y_value():
    with pytest.raises(ValueError, match="y must be the label 0 or 1, got 2"):
        naive_and_stable(1.0, 2)


def test_bad_y_bool():
    with pytest.raises(TypeError, match="y must be the label 0 or 1"):
        naive_and_stable(1.0, True)


def test_bad_y_float():
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        naive_and_stable(1.0, 0.5)


def test_table_text_flags_only_the_differences():
    calm = table_text(0.0, 1)
    assert "differs" not in calm
    stormy = table_text(40.0, 1).splitlines()
    assert stormy[0].startswith("z = 40.00, y = 1") and stormy[0].split()[-2:] == ["naive", "stable"]
    rows = {line[:9].strip(): line for line in stormy[1:]}
    assert "nan" in rows["dL/dg"] and "differs" in rows["dL/dg"]
    assert "differs" not in rows["σ(z)"]  # both round to exactly 1
    assert "4.248354e-18" in rows["1 − σ(z)"]  # σ(−40) = 4.248354e-18
    rows = {line[:9].strip(): line for line in table_text(25.0, 1).splitlines()[1:]}
    # At z = 25 the subtraction keeps only 5 of 7 digits: the flag and the digits agree.
    assert rows["1 − σ(z)"].split()[-3:] == [f"{1 - 1 / (1 + math.exp(-25.0)):.6e}",
                                             f"{math.exp(-25.0) / (1 + math.exp(-25.0)):.6e}", "differs"]


def test_static_figure_marks_z_and_draws_the_curves():
    fig = stability_figure(30.0, 0)
    ax1, ax2, ax_text = fig.axes
    for ax in (ax1, ax2):
        assert len([line for line in ax.lines if list(line.get_xdata()) == [30.0, 30.0]]) == 1
    assert "z = 30.00, y = 0" in ax_text.texts[0].get_text()
    z, naive = ax1.lines[0].get_data()
    stable = ax1.lines[1].get_ydata()
    assert z[0] == 25.0 and z[-1] == 45.0
    np.testing.assert_allclose(stable[0], math.exp(-25.0) / (1.0 + math.exp(-25.0)), rtol=1e-12)
    assert np.isnan(naive[z > FLOAT64_ONE_AT]).all()  # the exact 0 of the subtraction is a gap
    article_1, fused_1, article_0, fused_0 = ax2.lines[:4]
    assert fused_0.get_alpha() == 1.0 and fused_1.get_alpha() < 1.0


def test_widget_slider_changes_marker_table_and_emphasis():
    panel = stability_widget(z=37.0, y=1)
    fig = panel.figure
    table = fig.axes[2].texts[0]
    assert "z = 37.00, y = 1" in table.get_text()
    article_1, fused_1, article_0, fused_0 = fig.axes[1].lines[:4]
    assert fused_1.get_alpha() == 1.0 and fused_0.get_alpha() < 1.0
    panel.sliders["z"].value = 30.0
    assert "z = 30.00" in table.get_text()
    assert [line for line in fig.axes[0].lines if list(line.get_xdata()) == [30.0, 30.0]]
    panel.sliders["y"].value = 0
    assert "y = 0" in table.get_text()
    assert fused_0.get_alpha() == 1.0 and fused_1.get_alpha() < 1.0
    # the curves themselves: |g − y| = σ(−z) for y = 1 and σ(z) for y = 0, at the right end z = 45
    np.testing.assert_allclose(fused_1.get_ydata()[-1], math.exp(-45.0) / (1.0 + math.exp(-45.0)), rtol=1e-12)
    np.testing.assert_allclose(fused_0.get_ydata()[-1], 1.0 / (1.0 + math.exp(-45.0)), rtol=1e-15)
    past = np.asarray(article_0.get_xdata()) > FLOAT64_ONE_AT
    assert np.isnan(np.asarray(article_0.get_ydata())[past]).all()  # the article's NaN is a gap
    assert np.isnan(np.asarray(article_1.get_ydata())[past]).all()


def test_naive_one_minus_sigmoid_by_type():
    z = np.array([1.0, 16.0, 16.7, 36.0, 36.8])
    f64 = naive_one_minus_sigmoid(z, "float64")
    f32 = naive_one_minus_sigmoid(z, "float32")
    assert f64[0] == pytest.approx(1 / (1 + math.e), rel=1e-15)
    assert f32[0] == pytest.approx(1 / (1 + math.e), rel=1e-6)
    assert f32[1] > 0 and f32[2] == 0.0  # float32 cut at 24 log 2 = 16.64
    assert f64[3] > 0 and f64[4] == 0.0  # float64 cut at 53 log 2 = 36.74
    assert naive_one_minus_sigmoid(2.0).shape == ()


def test_naive_one_minus_sigmoid_bad_dtype():
    with pytest.raises(ValueError, match="dtype must be 'float32' or 'float64', got 'float16'"):
        naive_one_minus_sigmoid(1.0, "float16")


def test_precision_figure_curves():
    fig = precisions_figure((10.0, 40.0))
    exact, f32 = fig.axes[0].lines[0], fig.axes[0].lines[1]
    z = np.asarray(exact.get_xdata())
    np.testing.assert_allclose(exact.get_ydata()[0], math.exp(-10.0) / (1 + math.exp(-10.0)), rtol=1e-14)
    past = z > 24 * math.log(2.0)
    assert np.isnan(np.asarray(f32.get_ydata())[past]).all()


def test_widget_shows_a_new_picture_after_a_move():
    panel = stability_widget(z=30.0, y=1)
    first = panel.png
    assert first.startswith(b"\x89PNG")
    panel.sliders["z"].value = 40.0
    assert panel.png.startswith(b"\x89PNG") and panel.png != first


def test_panel_titles_do_not_overlap():
    for y in (1, 0):
        fig = stability_figure(37.0, y)
        renderer = fig.canvas.get_renderer()
        left = fig.axes[0].title.get_window_extent(renderer)
        right = fig.axes[1].title.get_window_extent(renderer)
        assert left.x1 < right.x0, (left, right)


def test_key_and_table_sit_side_by_side_inside_the_figure():
    with mpl.rc_context():
        use_style()  # the lessons' 12-point text
        panel = stability_widget(37.0, 1)
        for z, y in ((25.0, 1), (45.0, 0), (40.0, 1)):  # the widest rows: "-1.388800e-11", "inf", "nan"
            panel.sliders["z"].value, panel.sliders["y"].value = z, y
            renderer = panel.figure.canvas.get_renderer()
            ax_text = panel.figure.axes[2]
            key = ax_text.get_legend().get_window_extent(renderer)
            table = ax_text.texts[0].get_window_extent(renderer)
            figure = panel.figure.bbox
            assert figure.x0 <= key.x0 and key.x1 < table.x0 and table.x1 <= figure.x1, (z, y)
            assert figure.y0 <= table.y0 and figure.y0 <= key.y0, (z, y)
            for ax in panel.figure.axes[:2]:  # below the panels and their tick labels
                assert table.y1 < ax.get_tightbbox(renderer).y0 and key.y1 < ax.get_tightbbox(renderer).y0


def test_update_only_changes_artists():
    panel = stability_widget(37.0, 1)
    fig = panel.figure
    n_artists = [len(ax.get_children()) for ax in fig.axes]
    for z, y in ((26.0, 0), (44.0, 1), (37.0, 0)):
        panel.sliders["z"].value, panel.sliders["y"].value = z, y
    assert [len(ax.get_children()) for ax in fig.axes] == n_artists
    fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")  # what the inline display does
    panel.sliders["z"].value = 30.0
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # nothing re-solved per frame


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: stability_figure(z="37"), TypeError, "z must be a number"),
        (lambda: stability_figure(z=float("nan")), ValueError, "z must be a finite number"),
        (lambda: stability_figure(z=37.0, y=2), ValueError, "y must be the label 0 or 1"),
        (lambda: stability_figure(z_range=(45.0, 25.0)), ValueError, "z_range must be strictly increasing"),
        (lambda: stability_figure(z_range=(25.0, 35.0, 45.0)), ValueError, "z_range must be a pair"),
        (lambda: stability_widget(z=50.0), ValueError, r"z must be a finite number in \[25.0, 45.0\]"),
        (lambda: table_text(math.inf), ValueError, "z must be a finite number"),
        (lambda: precisions_figure((5.0, 1.0)), ValueError, "z_range must be strictly increasing"),
    ],
)
def test_bad_input_names_the_argument(call, error, words):
    with pytest.raises(error, match=words):
        call()
