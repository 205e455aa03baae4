"""The drawing pieces lessons share (``viz.draw``), the one loss-on-a-grid function, colours by role."""

import ast
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import lesson_utils as lu
from lesson_utils.loss import loss_grid
from lesson_utils.viz import style
from lesson_utils.viz.draw import draw_histories, draw_loss_surface, draw_samples, log_levels, log_ticks

VIZ = Path(lu.__file__).parent / "viz"


def _bce(y, z):
    """−log σ(z) for y = 1, −log(1 − σ(z)) for y = 0, by hand."""
    return math.log1p(math.exp(-z)) if y == 1 else math.log1p(math.exp(z))


# -- loss_grid ------------------------------------------------------------------------------------


def test_loss_grid_of_a_one_feature_model_by_hand():
    x, y = [1.0, 2.0, -1.0], [1, 0, 1]
    w_values, b_values = [0.0, 1.0], [-1.0, 0.0, 2.0]
    grid = loss_grid(np.column_stack([x, np.ones(3)]), y, w_values, b_values)
    assert grid.shape == (3, 2)  # rows: b, columns: w
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            expected = sum(_bce(yi, w * xi + b) for xi, yi in zip(x, y, strict=True)) / 3
            assert grid[i, j] == pytest.approx(expected, rel=1e-13)
    assert grid[1, 0] == pytest.approx(math.log(2), rel=1e-15)  # w = b = 0: every g = 1/2


def test_loss_grid_of_two_weights_with_the_bias_held():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    y = [0, 1]
    grid = loss_grid(x, y, [-1.0, 2.0], [0.5, 1.0], offset=0.25)
    expected = (_bce(0, 2.0 * 1.0 + 1.0 * -2.0 + 0.25) + _bce(1, 2.0 * 0.5 + 1.0 * 3.0 + 0.25)) / 2
    assert grid[1, 1] == pytest.approx(expected, rel=1e-13)
    per_sample = loss_grid(x, y, [-1.0, 2.0], [0.5, 1.0], offset=[0.25, 0.25])
    np.testing.assert_allclose(per_sample, grid, rtol=1e-15)


def test_loss_grid_is_finite_far_out():
    grid = loss_grid(np.array([[1.0, 1.0], [-1.0, 1.0]]), [1, 0], [-1000.0, 1000.0], [0.0, 1.0])
    assert np.all(np.isfinite(grid))
    assert grid[0, 0] == pytest.approx(1000.0, rel=1e-12)  # both samples wrong by a logit of 1000


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"x": np.ones((3, 1))}, ValueError, "x must have 2 feature"),
        ({"s_values": [1.0, 0.0]}, ValueError, "s_values must be strictly increasing"),
        ({"t_values": [0.0]}, ValueError, "t_values must be 1-D with at least 2 values"),
        ({"offset": [1.0, 2.0]}, ValueError, "offset must be a number or have shape"),
        ({"y": [0, 2, 1]}, ValueError, "y"),
    ],
)
def test_loss_grid_rejects_bad_input(kwargs, error, match):
    args = {"x": np.ones((3, 2)), "y": [0, 1, 1], "s_values": [0.0, 1.0], "t_values": [0.0, 1.0]}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        loss_grid(**args)


# -- the drawing pieces -----------------------------------------------------------------------------


def test_draw_samples_colours_each_class_in_two_and_one_dimension():
    fig, ax = plt.subplots()
    x, y = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]), np.array([0, 1, 1])
    zero, one = draw_samples(ax, x, y)
    np.testing.assert_array_equal(one.get_xdata(), [2.0, 4.0])
    np.testing.assert_array_equal(one.get_ydata(), [3.0, 5.0])
    assert to_hex(zero.get_color()) == style.COLORS["class 0"].lower()
    assert to_hex(one.get_color()) == style.COLORS["class 1"].lower()
    zero, one = draw_samples(ax, np.array([0.5, 1.5, 2.5]), y)  # one feature: drawn at the label
    np.testing.assert_array_equal(one.get_ydata(), [1, 1])
    np.testing.assert_array_equal(zero.get_xdata(), [0.5])
    plt.close(fig)


def test_draw_histories_draws_hold_out_loss_and_accuracy_per_run(small_split):
    x_train, x_test, y_train, y_test = small_split
    runs = {eta: lu.train(lu.LogisticRegression(2), x_train, y_train, 5, eta, x_test, y_test)
            for eta in (0.1, 1.0)}
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2)
    lines = draw_histories(ax_loss, ax_acc, {f"η = {eta}": h for eta, h in runs.items()})
    assert len(lines) == 4 and ax_loss.get_yscale() == "log"
    np.testing.assert_allclose(lines[2].get_ydata(), runs[1.0].test_loss)
    np.testing.assert_allclose(lines[1].get_ydata(), 100 * runs[0.1].test_accuracy)
    assert to_hex(lines[2].get_color()) == style.SERIES[1].lower()
    no_test = lu.train(lu.LogisticRegression(2), x_train, y_train, 2, 0.1)
    with pytest.raises(ValueError, match="has no hold-out record"):
        draw_histories(ax_loss, ax_acc, {"no test set": no_test})
    plt.close(fig)


def test_log_levels_are_geometric_inside_the_range():
    levels = log_levels(np.array([[0.01, 0.1], [1.0, 10.0]]), n=3)
    np.testing.assert_allclose(levels, [10**-1.25, 10**-0.5, 10**0.25], rtol=1e-12)  # 4 equal steps in log
    assert log_levels(np.full((3, 3), 0.5)).size == 0  # flat: nothing to draw


def test_draw_loss_surface_labels_its_contours_and_draws_none_when_flat():
    fig, ax = plt.subplots()
    grid = np.outer(np.linspace(0.1, 1.0, 5), np.ones(6))
    image, contours = draw_loss_surface(ax, np.linspace(0, 1, 6), np.linspace(0, 2, 5), grid, [0.2, 0.5])
    assert [t.get_text() for t in ax.texts] == ["0.2", "0.5"]  # each line labelled with its loss
    np.testing.assert_allclose(contours.levels, [0.2, 0.5])
    np.testing.assert_allclose(image.get_array(), np.log10(grid))
    assert ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 2.0)
    assert len(draw_loss_surface(ax, np.arange(3.0), np.arange(3.0), np.full((3, 3), 0.5))) == 1
    plt.close(fig)


def test_log_ticks_are_plain_text_powers_of_ten():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.set_ylim(1e-20, 1e-10)
    log_ticks(ax, (-20, -15, -10))
    fig.canvas.draw()
    np.testing.assert_allclose(ax.get_yticks(), [1e-20, 1e-15, 1e-10])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["10⁻²⁰", "10⁻¹⁵", "10⁻¹⁰"]
    assert len(ax.yaxis.get_minorticklocs()) == 0
    plt.close(fig)


# -- colours by role ------------------------------------------------------------------------------


def _colour_literals(path: Path) -> list[str]:
    """Hue names asked of COLORS / PALETTE and colour strings written out in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if getattr(node.value, "id", None) == "PALETTE" or (
                getattr(node.value, "id", None) == "COLORS" and node.slice.value not in style.COLORS
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.keyword) and node.arg in ("color", "colors", "c", "mec", "mfc", "ec", "fc",
                                                          "edgecolor", "facecolor", "edgecolors", "cmap"):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                if node.value.value not in ("none", "white"):
                    found.append(f"line {node.lineno}: {node.arg}={node.value.value!r}")
    return found


@pytest.mark.parametrize("path", sorted(set(VIZ.glob("*.py")) - {VIZ / "style.py"}), ids=lambda p: p.name)
def test_every_figure_asks_for_a_role_not_a_hue(path):
    """So that changing a role in ``style.ROLES`` changes every figure that draws it."""
    assert _colour_literals(path) == []


# -- text a projector shows -------------------------------------------------------------------------


SHRINKING = ("small", "x-small", "xx-small", "smaller")


def _small_text(source: str) -> list[str]:
    """Text sizes below the style's FONT_SIZE written into figure code (fontsize=9, "small", …), and
    figures wider than the notebook column (``figsize=(width, height)`` with width > COLUMN_WIDTH)."""
    found = []
    text_calls = ("text", "annotate", "set_title", "suptitle", "set_xlabel", "set_ylabel", "legend", "clabel")
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "attr", getattr(call.func, "id", ""))
        for node in call.keywords:
            value = getattr(node.value, "value", None)
            sized = node.arg in ("fontsize", "labelsize") or (node.arg == "size" and name in text_calls)
            if sized and isinstance(node.value, ast.Constant):
                if value in SHRINKING or (isinstance(value, (int, float)) and value < style.FONT_SIZE):
                    found.append(f"line {node.lineno}: {node.arg}={value!r}")
            if node.arg == "figsize" and isinstance(node.value, ast.Tuple):
                width = getattr(node.value.elts[0], "value", None)
                if isinstance(width, (int, float)) and width > style.COLUMN_WIDTH:
                    found.append(f"line {node.lineno}: figsize width {width} > {style.COLUMN_WIDTH}")
    return found


@pytest.mark.parametrize("path", sorted(VIZ.glob("*.py")), ids=lambda p: p.name)
def test_no_figure_text_is_smaller_than_12_points_nor_wider_than_the_column(path):
    assert _small_text(path.read_text(encoding="utf-8")) == []


def test_no_lesson_shrinks_figure_text():
    import json

    lessons = sorted((VIZ.parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    found = {}
    for lesson in lessons:
        for i, cell in enumerate(json.loads(lesson.read_text(encoding="utf-8"))["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and ("fontsize" in source or "figsize" in source):
                lines = [line for line in source.splitlines() if not line.startswith(("%", "!"))]
                small = _small_text("\n".join(lines))
                if small:
                    found[f"{lesson.name} cell {i}"] = small
    assert found == {}


#: JupyterLab's notebook column in a 1024-pixel-wide window (a projector's), in CSS pixels.
COLUMN_PIXELS_AT_1024 = 842


def test_every_stored_figure_fits_the_column_of_a_projector():
    """Each figure a lesson stores is shown unshrunk at 1024 px, so its 12-point text stays 12 points."""
    import base64
    import json

    too_wide = {}
    for lesson in sorted((VIZ.parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for i, cell in enumerate(json.loads(lesson.read_text(encoding="utf-8"))["cells"]):
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png is None:
                    continue
                pixels = int.from_bytes(base64.b64decode(png)[16:20], "big")  # the PNG header's width
                shown = output.get("metadata", {}).get("image/png", {}).get("width", pixels / 2)  # retina: 2×
                if shown > COLUMN_PIXELS_AT_1024:
                    too_wide[f"{lesson.name} cell {i}"] = shown
    assert too_wide == {}
