"""How long each lesson's slider panels take to show a new figure after a slider moves (no browser).

Usage: python benchmarks/sliders.py [--density D] [NN ...]   (default: every lesson with a panel)

For each lesson it runs the lesson's code cells in this process (with the inline backend, as a
kernel would) up to its last slider panel, then moves every control of every panel to a
neighbouring value, the way a learner does, and times the kernel's side of the update:

- ``first``: the first move to a value never shown before (what the browser test measures), in
  wall-clock time and in this process's CPU time (``cpu``, which other programs on the machine
  do not inflate);
- ``again``: median of moving back and forth between the two values (work a panel caches);
- the first move split into the panel's ``update`` (training, computing), ``draw`` (matplotlib;
  ``b``: only the artists that move were drawn over a kept picture of the rest, ``F``: the whole
  figure was drawn, because axis limits, scales or a still part changed) and ``encode`` (PNG),
  with the PNG's size, when the panel is a ``SliderFigure``.

The browser adds the comm round trip and the image swap to these numbers, typically 20–60 ms on
this machine (compare with ``tests/test_browser.py``'s table). Volatile by nature: a benchmark,
not a test.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON_DIR = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BUDGET_S = 0.25


def _panel_of(obj: object):
    """The ``SliderFigure``-like object behind a displayed value, or None."""
    for candidate in (obj, getattr(obj, "panel", None)):
        sliders, refresh = getattr(candidate, "sliders", None), getattr(candidate, "refresh", None)
        if isinstance(sliders, dict) and callable(refresh):
            return candidate
    return None


def _neighbour(control) -> object | None:
    """A value one step away from the control's current value (None if it has no other value)."""
    import ipywidgets as widgets

    if isinstance(control, widgets.FloatLogSlider):
        exponent = __import__("math").log(control.value, control.base)
        step = control.step if exponent + control.step <= control.max + 1e-12 else -control.step
        return control.base ** (exponent + step)
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        up = control.value + control.step
        return up if up <= control.max else control.value - control.step
    if isinstance(control, widgets.Checkbox):
        return not control.value
    options = getattr(control, "options", None)
    if options:
        labels = [o[1] if isinstance(o, tuple) else o for o in options]
        index = labels.index(control.value) if control.value in labels else 0
        return labels[index + 1] if index + 1 < len(labels) else labels[index - 1]
    return None


def _move(panel, control, value) -> tuple[float, float]:
    """Seconds of wall-clock and of this process's CPU time for one move."""
    start, cpu = time.perf_counter(), time.process_time()
    control.value = value
    return time.perf_counter() - start, time.process_time() - cpu


def _widget_cells(cells: list) -> int:
    """Index of the last code cell whose stored outputs hold a widget (or the last cell)."""
    last = len(cells) - 1
    for i, cell in enumerate(cells):
        outputs = cell.get("outputs", []) if cell["cell_type"] == "code" else []
        if any(WIDGET_VIEW in o.get("data", {}) for o in outputs):
            last = i
    return last


def lesson_panels(path: Path) -> list:
    """Run the lesson's code cells in this process and return (cell index, panel) per slider panel."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    import matplotlib
    from matplotlib_inline.backend_inline import configure_inline_support

    matplotlib.use("module://matplotlib_inline.backend_inline")
    configure_inline_support(shell, "inline")
    shell.reset(new_session=False)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    stop = _widget_cells(cells)
    panels = []
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        for index, cell in enumerate(cells[: stop + 1]):
            if cell["cell_type"] != "code":
                continue
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = shell.run_cell("".join(cell["source"]), silent=False, store_history=False)
            if not result.success:
                error = result.error_in_exec or result.error_before_exec
                print(f"  cell {index} raised {type(error).__name__}: {error}", file=sys.stderr)
            panel = _panel_of(result.result)
            if panel is not None:
                panels.append((index, panel))
    finally:
        os.chdir(cwd)
    return panels


def measure(panel) -> list[dict]:
    """Per control of ``panel``: its label and the timings described in the module docstring."""
    rows = []
    for name, control in panel.sliders.items():
        start_value = control.value
        other = _neighbour(control)
        if other is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first, first_cpu = _move(panel, control, other)
            parts = dict(getattr(panel, "timings", {}) or {})
            size = len(getattr(panel, "png", b"") or b"")
            again = [_move(panel, control, v)[0] for v in (start_value, other, start_value, other)]
            control.value = start_value
        again_s = statistics.median(again)
        rows.append(
            {"control": name, "first": first, "cpu": first_cpu, "again": again_s, "parts": parts, "png": size}
        )
    return rows


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    if argv[:1] == ["--density"]:  # e.g. --density 1: how much the sharp (2x) pictures cost
        from lesson_utils.viz import widgets

        widgets.PIXEL_DENSITY = float(argv[1])
        argv = argv[2:]
    lessons = sorted(LESSON_DIR.glob("[0-9][0-9]_*.ipynb"))
    if argv:
        lessons = [p for p in lessons if any(p.name.startswith(a.zfill(2)) for a in argv)]
    print(f"Slider update in the kernel (budget: {BUDGET_S * 1000:.0f} ms release to figure in a browser)")
    print(f"{'lesson':34s} {'cell':>4s} {'control':16s} {'first':>7s} {'cpu':>7s} {'again':>7s}"
          "   update   draw encode   PNG  (ms)")
    slow = []
    for path in lessons:
        t0 = time.perf_counter()
        panels = lesson_panels(path)
        setup = time.perf_counter() - t0
        if not panels:
            continue
        for cell, panel in panels:
            for row in measure(panel):
                p = row["parts"]
                parts = (
                    f"{1000 * p['update']:6.0f} {1000 * p['draw']:6.0f}{'b' if p.get('blitted') else 'F'} "
                    f"{1000 * p['encode']:5.0f} {row['png'] / 1024:5.0f} kB"
                    if {"update", "draw", "encode"} <= p.keys()
                    else "      (not a SliderFigure render)"
                )
                print(
                    f"{path.stem[:34]:34s} {cell:4d} {row['control'][:16]:16s} {1000 * row['first']:5.0f}ms "
                    f"{1000 * row['cpu']:5.0f}ms {1000 * row['again']:5.0f}ms {parts}",
                    flush=True,
                )
                if row["first"] > BUDGET_S:
                    slow.append(f"{path.stem} cell {cell} {row['control']}")
        print(f"  ({path.stem}: lesson cells up to its last panel ran in {setup:.1f} s)", flush=True)
    print("over budget in the kernel alone: " + (", ".join(slow) if slow else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
