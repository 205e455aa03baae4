"""Export every lesson to a static HTML page with its figures, plus an index, for reading without a kernel.

Usage: python tools/export_html.py [SOURCE_DIR [OUT_DIR]]   (default: notebooks/ -> build/html/)

Nothing is re-executed: the pages show the outputs stored in the lessons. Figures are embedded in
the pages, so each page is a single file. A slider panel cannot move without a kernel; it is shown
as the figure it stored, under a note listing its controls and their values. Links between
lessons point to the exported pages. Code cells hidden in JupyterLab (the solutions) are folded
under a "show" line. Formulas are typeset by MathJax, which the page fetches when it is online;
offline they show as LaTeX source.
"""

from __future__ import annotations

import copy
import html
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbformat import NotebookNode
from nbformat.v4 import new_output

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CONTAINER_MODELS = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "TabModel", "AccordionModel"}
LESSON_LINK = re.compile(r"\]\((?P<name>[0-9][0-9]_[^)#\s]*)\.ipynb(?P<anchor>#[^)\s]*)?\)")

#: The lab template without require.js (nothing here needs it), with hidden inputs folded.
TEMPLATE_NAME = "lesson.html.j2"
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block extra_css %}
<style>
details.hidden-input > summary { cursor: pointer; color: var(--jp-ui-font-color2); margin: 4px 0;
                                font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1); }
.static-widget-note { font-style: italic; color: var(--jp-ui-font-color2); }
</style>
{% endblock extra_css %}
{% block input_group -%}
{%- if cell.metadata.get('jupyter', {}).get('source_hidden', False) -%}
<details class="hidden-input"><summary>Show the code
{%- if 'solution' in cell.metadata.get('tags', []) %} (the solution){% endif %}</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
"""


def _model_id(reference: object) -> str:
    text = str(reference)
    return text[len("IPY_MODEL_") :] if text.startswith("IPY_MODEL_") else text


def _format_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "–".join(_format_value(v) for v in value)
    return str(value)


def _control_value(values: Mapping) -> str | None:
    """A control's value as text: ``value``, or for selection widgets the label at ``index``."""
    if "value" in values:
        return _format_value(values["value"])
    labels, index = values.get("_options_labels"), values.get("index")
    if isinstance(labels, list) and isinstance(index, int) and 0 <= index < len(labels):
        return str(labels[index])
    if (
        isinstance(labels, list)
        and isinstance(index, list)
        and all(isinstance(i, int) and 0 <= i < len(labels) for i in index)
    ):
        return "–".join(str(labels[i]) for i in index)
    return None


def static_widget(model_id: str, state: Mapping[str, Mapping]) -> tuple[list[str], list[dict]]:
    """What a widget showed when the lesson was executed, read from its stored state.

    model_id: the widget's model id; state: the notebook's widget state by model id.
    Returns (``"description = value"`` per control, the outputs its Output and Image widgets
    showed), depth first in display order.
    """
    controls: list[str] = []
    outputs: list[dict] = []
    seen: set[str] = set()

    def visit(mid: str) -> None:
        model = state.get(mid)
        if model is None or mid in seen:
            return
        seen.add(mid)
        name = model.get("model_name", "")
        values = model.get("state", {})
        if name == "OutputModel":
            outputs.extend(copy.deepcopy(values.get("outputs", [])))
        elif name == "ImageModel":
            for buffer in model.get("buffers", []):
                if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                    mime = f"image/{values.get('format', 'png')}"
                    outputs.append(new_output("display_data", data={mime: buffer["data"]}))
        elif name not in CONTAINER_MODELS and values.get("description"):
            value = _control_value(values)
            if value is not None:
                controls.append(f"{values['description']} = {value}")
        for child in values.get("children", []):
            visit(_model_id(child))

    visit(model_id)
    return controls, outputs


def static_widgets(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` whose widget outputs are replaced by what they showed, without widget state.

    nb: a version-4 notebook. A widget output becomes a short note naming its controls and their
    values, followed by the figures it displayed; without stored state, the note alone.
    """
    if not isinstance(nb, Mapping) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a mapping with a list of cells), got {type(nb).__name__}")
    nb = copy.deepcopy(nb)
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        new_outputs = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                new_outputs.append(output)
                continue
            controls, shown = static_widget(str(view.get("model_id", "")), state)
            what = f"Interactive panel ({', '.join(controls)})" if controls else "Interactive panel"
            note = (
                f'<p class="static-widget-note">{html.escape(what)}: shown at the values it was saved with. '
                "Open the lesson in JupyterLab to move its controls.</p>"
            )
            new_outputs.append(new_output("display_data", data={"text/html": note}))
            new_outputs.extend(nbformat.from_dict(o) for o in shown)
        cell["outputs"] = new_outputs
    nb.metadata.pop("widgets", None)
    return nb


def link_pages(nb: NotebookNode) -> NotebookNode:
    """Point markdown links to other lessons (``NN_name.ipynb``) at their pages (``NN_name.html``)."""
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            cell["source"] = LESSON_LINK.sub(
                lambda m: f"]({m['name']}.html{m['anchor'] or ''})", cell["source"]
            )
    return nb


def lesson_title(nb: NotebookNode, fallback: str) -> str:
    """The lesson's first markdown heading, or ``fallback``."""
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            for line in cell["source"].splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def _exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        template_file=TEMPLATE_NAME,
        embed_images=True,
    )


def export(source: Path, out: Path) -> list[tuple[Path, str]]:
    """Export each lesson in ``source`` to ``out/NN_name.html`` and write ``out/index.html``.

    source: folder of lessons (only read); out: folder to write (created). Returns (page, title)
    per lesson, in lesson order.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise ValueError(f"source must be an existing folder of lessons, got {str(source)!r}")
    lessons = sorted(source.glob(LESSON_GLOB))
    if not lessons:
        raise ValueError(f"source must hold lessons named {LESSON_GLOB}, found none in {str(source)!r}")
    out.mkdir(parents=True, exist_ok=True)
    exporter = _exporter()
    pages = []
    for path in lessons:
        nb = link_pages(static_widgets(nbformat.read(path, as_version=4)))
        title = lesson_title(nb, path.stem)
        nb.metadata["title"] = title
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": title, "path": str(source)}}
        )
        page = out / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append((page, title))
    write_index(out, pages)
    return pages


def write_index(out: Path, pages: list[tuple[Path, str]]) -> Path:
    """Write ``out/index.html``: one link per lesson page, in order."""
    items = "\n".join(
        f'    <li><a href="{html.escape(page.name)}">{html.escape(title)}</a></li>' for page, title in pages
    )
    index = out / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>Backprop in Depth: the lessons</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem;
           line-height: 1.5; }}
    li {{ margin: 0.3rem 0; }}
  </style>
</head>
<body>
  <h1>Backprop in Depth</h1>
  <p>Logistic regression as the smallest neural network. These pages show each lesson with the
  outputs it was saved with; to run the code and move the sliders, open the lessons in JupyterLab.</p>
  <ul>
{items}
  </ul>
</body>
</html>
""",
        encoding="utf-8",
    )
    return index


def main(argv: list[str]) -> int:
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source = Path(argv[0]) if argv else ROOT / "notebooks"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "html"
    pages = export(source, out)
    for page, title in pages:
        print(f"wrote {page} ({title})")
    print(f"wrote {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
