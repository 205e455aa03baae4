"""SliderFigure: what a learner sees after a move is what a full redraw would show, only faster.

The pictures are decoded with Pillow (an outside decoder) and compared with matplotlib's own
``savefig`` of the same figure.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lesson_utils.viz import widgets as w
from lesson_utils.viz.widgets import RenderedSliderFigure, SliderFigure, _settle, encode_png, projector_ready


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _saved(fig) -> np.ndarray:
    """The figure drawn whole by matplotlib's own savefig, as RGB pixels."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    _settle(fig)  # savefig leaves ticks marked as changed; a learner's panel never calls it
    return _pixels(buffer.getvalue())


def _panel(limits_follow: bool = False, marker_when_falling: bool = False):
    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    ax.grid(False)
    ax.set_xlim(-1.0, 2.0)
    ax.set_ylim(-3.0, 3.0)
    ax.set_title("a title that never changes")
    (line,) = ax.plot([0.0, 1.0], [0.0, 1.0], color="#D55E00")
    note = ax.text(0.05, 0.9, "", transform=ax.transAxes)
    (marker,) = ax.plot([1.5], [2.0], "o", color="#0072B2")
    slope = widgets.FloatSlider(value=1.0, min=-2.0, max=2.0, step=0.5)

    def update(slope):
        line.set_ydata([0.0, slope])
        note.set_text(f"slope {slope:g}")
        if limits_follow:
            ax.set_ylim(-3.0 + slope, 3.0 + slope)
        if marker_when_falling and slope < 0:
            marker.set_ydata([slope])

    return SliderFigure(fig, {"slope": slope}, update), fig, line


def test_encode_png_round_trips_through_pillow_rgb_when_opaque_and_rgba_otherwise():
    rng = np.random.default_rng(3)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    opaque = rgba.copy()
    opaque[..., 3] = 255
    image = Image.open(io.BytesIO(encode_png(opaque)))
    assert image.mode == "RGB" and image.size == (5, 7)
    np.testing.assert_array_equal(np.asarray(image), opaque[..., :3])
    image = Image.open(io.BytesIO(encode_png(rgba)))
    assert image.mode == "RGBA"
    np.testing.assert_array_equal(np.asarray(image), rgba)


def test_encode_png_rejects_what_is_not_rgba_bytes():
    with pytest.raises(ValueError, match=r"rgba must be a \(height, width, 4\) uint8 array"):
        encode_png(np.zeros((4, 4, 3), dtype=np.uint8))


def test_a_move_redraws_only_the_moving_artists_and_looks_like_a_full_redraw():
    panel, fig, line = _panel()
    first = panel.png
    panel.sliders["slope"].value = -1.5
    np.testing.assert_array_equal(line.get_ydata(), [0.0, -1.5])
    assert panel.timings["blitted"] == 1.0
    assert panel.png != first
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


def test_changed_limits_redraw_the_whole_figure():
    panel, fig, _ = _panel(limits_follow=True)
    panel.sliders["slope"].value = 2.0
    assert panel.timings["blitted"] == 0.0
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


def test_an_artist_that_starts_to_move_later_is_not_left_behind_in_the_kept_picture():
    panel, fig, _ = _panel(marker_when_falling=True)
    panel.sliders["slope"].value = -0.5  # the marker moves for the first time: picture made again
    assert panel.timings["blitted"] == 0.0
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))
    panel.sliders["slope"].value = -1.0  # now a known mover: redrawn over the kept picture
    assert panel.timings["blitted"] == 1.0
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


def test_an_artist_added_by_an_update_is_drawn_over_the_kept_picture():
    panel, fig, _ = _panel()
    ax = fig.axes[0]
    original = panel._update
    added = []

    def update(slope):
        original(slope)
        for artist in added:
            artist.remove()
        added[:] = ax.plot([0.5], [slope], "s", color="#009E73")

    panel._update = update
    for value in (-0.5, -1.0, 0.5):
        panel.sliders["slope"].value = value
        assert panel.timings["blitted"] == 1.0
        np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


@pytest.mark.parametrize(
    ("change", "blitted"),
    [
        (lambda ax, slope: ax.set_title(f"slope {slope:g}"), 1.0),  # a title is redrawn in its place
        (lambda ax, slope: ax.set_ylabel(f"height at slope {slope:g}"), 0.0),  # an axis label: everything
    ],
    ids=["title", "axis label"],
)
def test_a_changing_text_is_redrawn_as_it_would_be_in_a_full_draw(change, blitted):
    panel, fig, _ = _panel()
    original = panel._update

    def update(slope):
        original(slope)
        change(fig.axes[0], slope)

    panel._update = update
    for value in (-0.5, -1.0):
        panel.sliders["slope"].value = value
        assert panel.timings["blitted"] == blitted
        np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


def test_the_picture_is_sharp_yet_shown_at_the_figures_size():
    panel, fig, _ = _panel()
    image = Image.open(io.BytesIO(panel.png))
    assert image.size == (round(4.0 * 100 * w.PIXEL_DENSITY), round(3.0 * 100 * w.PIXEL_DENSITY))
    assert panel.image.layout.width == "400px" and panel.image.layout.max_width == "100%"


def test_sliders_are_long_with_a_value_box_and_other_controls_keep_their_kind():
    slider = projector_ready(widgets.FloatLogSlider(value=0.1, min=-3, max=2, readout=False))
    assert slider.readout is True
    assert int(w.SLIDER_WIDTH.removesuffix("px")) >= 300
    assert w.SLIDER_WIDTH in slider.layout.width
    dropdown = projector_ready(widgets.Dropdown(options=["a", "b"]))
    assert dropdown.layout.width is None and dropdown.style.description_width == w.DESCRIPTION_WIDTH


def test_bad_arguments_name_what_was_expected():
    with pytest.raises(TypeError, match=r"figure must be a matplotlib Figure, got str"):
        SliderFigure("figure", {}, lambda: None)
    fig, _ = plt.subplots()
    with pytest.raises(TypeError, match=r"update must be callable, got int"):
        SliderFigure(fig, {}, 3)
    with pytest.raises(TypeError, match=r"control must be an ipywidgets widget, got str"):
        projector_ready("slider")


def test_the_style_keeps_every_text_at_least_12_points_and_names_colours_by_role():
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    from lesson_utils.viz import style

    with mpl.rc_context():
        style.use_style()
        for key in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                    "legend.fontsize", "figure.titlesize"):
            assert FontProperties(size=mpl.rcParams[key]).get_size_in_points() >= 12, key
        assert mpl.rcParams["figure.figsize"][0] <= style.COLUMN_WIDTH
    # Okabe & Ito (2008), by hand; COLORS holds roles only, every one a palette colour
    assert style.COLORS["class 0"] == "#0072B2" and style.COLORS["class 1"] == "#E69F00"
    assert style.COLORS["test"] == "#D55E00" and style.COLORS["train"] != style.COLORS["test"]
    assert style.CLASS_COLORS == (style.COLORS["class 0"], style.COLORS["class 1"])
    assert "blue" not in style.COLORS and set(style.COLORS.values()) <= set(style.PALETTE.values())
    assert len(set(style.SERIES)) == len(style.SERIES)


def test_a_moving_line_under_the_legend_leaves_the_legend_on_top():
    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    ax.grid(False)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    # inside the spines: a still artist drawn over a mover (a spine, a tick) is the one compromise
    (line,) = ax.plot([0.1, 0.9], [0.9, 0.9], lw=6, color="#D55E00", label="a thick line")
    ax.legend(loc="upper left", frameon=True, framealpha=1.0)
    height = widgets.FloatSlider(value=0.9, min=0.0, max=1.0, step=0.05)

    def update(height):
        line.set_ydata([height, height])

    panel = SliderFigure(fig, {"height": height}, update)
    panel.sliders["height"].value = 0.95  # the line now runs through the legend's box
    assert panel.timings["blitted"] == 1.0
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))



def test_still_points_over_a_moving_map_stay_on_top():
    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    ax.grid(False)
    image = ax.imshow(np.zeros((4, 4)), extent=(0.05, 0.95, 0.05, 0.95), vmin=0.0, vmax=1.0, alpha=0.8)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    ax.scatter([0.3, 0.5, 0.7], [0.5, 0.5, 0.5], s=200, color="#E69F00", zorder=3)
    level = widgets.FloatSlider(value=0.2, min=0.0, max=1.0, step=0.1)

    def update(level):
        image.set_data(np.full((4, 4), level))

    panel = SliderFigure(fig, {"level": level}, update)
    panel.sliders["level"].value = 0.7
    assert panel.timings["blitted"] == 1.0
    np.testing.assert_array_equal(_pixels(panel.png), _saved(fig))


def test_a_slider_move_runs_with_one_blas_thread_and_shows_the_panels_own_rendering():
    from threadpoolctl import threadpool_info

    fig, ax = plt.subplots()
    seen = []

    def update(k):
        seen.append((k, [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]))

    panel = RenderedSliderFigure(fig, {"k": widgets.IntSlider(value=1, min=0, max=5)}, update,
                                 render=lambda: f"picture {seen[-1][0]}".encode())
    assert panel.image.value == b"picture 1"  # shown once when built
    panel.sliders["k"].value = 4
    assert panel.image.value == panel.png == b"picture 4"
    assert seen[-1][1] and all(n == 1 for n in seen[-1][1])  # one BLAS thread: the browser keeps a core

