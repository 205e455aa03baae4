"""Export the lessons to a static site that works offline: one page per lesson, an index, the
lesson summaries on printable pages, the teacher's guide, and a student site without solutions.

Usage: python tools/export_html.py [SOURCE_DIR [OUT_DIR]]   (default: notebooks/ -> build/html/)
       python tools/export_html.py --stats [SOURCE_DIR]   (the counts behind TEACHING.md's times)

Writes ``OUT_DIR/index.html`` (the lessons, the summaries, the teacher's guide, the student
site), ``OUT_DIR/NN_name.html`` per lesson, ``OUT_DIR/summaries.html`` (each lesson's recap on a
page of its own when printed), ``OUT_DIR/teaching.html`` (TEACHING.md beside the lessons, if
present) and the same lesson pages and summaries without solutions in ``OUT_DIR/student/``.

Nothing is re-executed: the pages show the outputs stored in the lessons, embedded, so each page
is a single file. Formulas are typeset by a copy of MathJax written beside the pages (from the
``jupyter-server-mathjax`` package), so they render with no network. Every page links to the
previous and next lesson and to the index. A slider panel cannot move without a kernel: it
becomes a note naming its controls and values, beside the figure shown just above it (or with
the figure it stored, when no figure precedes it), so each figure appears once. Solutions stay
folded (``<details>`` blocks, and code cells tagged ``solution`` with their output); the student
site has none.
"""

from __future__ import annotations

import copy
import html
import importlib.util
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CONTAINER_MODELS = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "TabModel", "AccordionModel"}
LESSON_LINK = re.compile(r"\]\((?P<name>[0-9][0-9]_[^)#\s]*)\.ipynb(?P<anchor>#[^)\s]*)?\)")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
SOLUTION_TAG = "solution"
DETAILS_BLOCK = re.compile(
    r"^\s*<details>\s*<summary>(?P<summary>.*?)</summary>(?P<body>.*)</details>\s*$", re.DOTALL
)
#: Where MathJax 2 comes from (pip package jupyter-server-mathjax) and how pages load it.
MATHJAX_PACKAGE = "jupyter_server_mathjax"
MATHJAX_DIR = "mathjax"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full"
#: The heading under which each lesson sums itself up.
RECAP_HEADING = re.compile(r"^#{1,3}\s*Recap\b", re.IGNORECASE)
TEACHING_GUIDE = ROOT / "TEACHING.md"
SITE_TITLE = "Backprop in Depth"

#: The lab template without require.js and mermaid (nothing here needs them, and both come from
#: the network), with navigation, folded solutions and hidden inputs folded.
TEMPLATE_NAME = "lesson.html.j2"
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
// The local copy ships the STIX-Web fonts only: use them, never the TeX fonts it lacks.
MathJax.Hub.Config({
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  SVG: {font: "STIX-Web"}});
</script>
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{% block extra_css %}
<style>
details.hidden-input > summary, details.solution-cell > summary {
  cursor: pointer; color: var(--jp-ui-font-color1); margin: 6px 0;
  font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1); }
details.solution-cell > summary { padding-left: calc(var(--jp-cell-prompt-width, 64px) + 30px); }
.static-widget-note { font-style: italic; color: var(--jp-ui-font-color2); }
nav.lesson-nav { display: flex; justify-content: space-between; gap: 1em; flex-wrap: wrap;
  font-family: var(--jp-ui-font-family); font-size: 15px; margin: 12px 0; padding: 8px 0;
  border-bottom: 1px solid var(--jp-border-color2); }
nav.lesson-nav.bottom { border-bottom: none; border-top: 1px solid var(--jp-border-color2); }
nav.lesson-nav a { text-decoration: none; }
.jp-RenderedImage img, .jp-OutputArea-output img { max-width: 100%; height: auto; }
@media print {
  nav.lesson-nav { display: none; }
  .page-break { break-after: page; }
}
</style>
{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.get('nav_html', '') }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.get('nav_html', '').replace('class="lesson-nav"', 'class="lesson-nav bottom"') }}
{{ super() }}
{% endblock body_footer %}
{% block codecell %}
{%- if 'solution' in cell.metadata.get('tags', []) -%}
<details class="solution-cell">
<summary><b>Solution</b> (code and output): open it after you have tried</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock codecell %}
{% block markdowncell scoped %}
{%- set summary = cell.metadata.get('export_details_summary') -%}
{%- if summary -%}
<details class="solution-cell"><summary>{{ summary }}</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock markdowncell %}
{% block input_group -%}
{%- if cell.metadata.get('jupyter', {}).get('source_hidden', False)
      and 'solution' not in cell.metadata.get('tags', []) -%}
<details class="hidden-input"><summary>Show the code</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
"""


def _load_student_edition():
    """``tools/student_edition.py`` (a script beside this one, not a package): what a student copy keeps."""
    path = Path(__file__).parent / "student_edition.py"
    spec = importlib.util.spec_from_file_location("student_edition", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student_edition = _load_student_edition()


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
                    width = str(values.get("width", ""))
                    metadata = {mime: {"width": int(width)}} if width.isdigit() else {}
                    outputs.append(new_output("display_data", data={mime: buffer["data"]}, metadata=metadata))
        elif name not in CONTAINER_MODELS and values.get("description"):
            value = _control_value(values)
            if value is not None:
                controls.append(f"{values['description']} = {value}")
        for child in values.get("children", []):
            visit(_model_id(child))

    visit(model_id)
    return controls, outputs


def _is_figure(output: Mapping) -> bool:
    return any(mime in output.get("data", {}) for mime in IMAGE_MIMES)


def _has_figure(cell: Mapping) -> bool:
    return any(_is_figure(o) for o in cell.get("outputs", []))


def static_widgets(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` whose widget outputs are replaced by what they showed, without widget state.

    nb: a version-4 notebook. A widget output becomes a short note naming its controls and their
    values. When the code cell before it showed a figure (the lessons draw a panel's figure once,
    then offer its sliders), the note refers to that figure and the panel's own copy is left out;
    otherwise the figures the panel displayed follow the note. Without stored state, the note alone.
    """
    if not isinstance(nb, Mapping) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a mapping with a list of cells), got {type(nb).__name__}")
    nb = copy.deepcopy(nb)
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    figure_above = False  # whether the last code cell before this one showed a figure
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
            if figure_above:
                shown = [o for o in shown if not _is_figure(o)]
                tail = "its controls redraw the figure above. Open the lesson in JupyterLab to move them."
            else:
                tail = "shown at the values it was saved with. Open the lesson in JupyterLab to move them."
            note = f'<p class="static-widget-note">{html.escape(what)}: {tail}</p>'
            new_outputs.append(new_output("display_data", data={"text/html": note}))
            new_outputs.extend(nbformat.from_dict(o) for o in shown)
        figure_above = _has_figure(cell)
        cell["outputs"] = new_outputs
    nb.metadata.pop("widgets", None)
    return nb


def fold_details(nb: NotebookNode) -> NotebookNode:
    """Markdown cells that are one ``<details>`` block keep their body as markdown and their summary
    line in ``metadata["export_details_summary"]``; the page template folds them again.

    The markdown converter would otherwise close the block right after its summary and show the
    body (a solution's code) unfolded.
    """
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        match = DETAILS_BLOCK.match(cell["source"])
        if match:
            cell["source"] = match["body"].strip("\n")
            cell.metadata["export_details_summary"] = match["summary"].strip()
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


def recap(nb: NotebookNode) -> list[NotebookNode]:
    """The lesson's recap: its markdown cells from the "Recap" heading to the next heading as high."""
    cells: list[NotebookNode] = []
    level = None
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        first = cell["source"].lstrip().splitlines()[0] if cell["source"].strip() else ""
        depth = len(first) - len(first.lstrip("#")) if first.startswith("#") else None
        if level is None:
            lines = cell["source"].splitlines()
            start = next((i for i, line in enumerate(lines) if RECAP_HEADING.match(line)), None)
            if start is not None:
                level = len(lines[start]) - len(lines[start].lstrip("#"))
                body = "\n".join(lines[start + 1 :])
                if body.strip():
                    cells.append(new_markdown_cell(body))
            continue
        if depth is not None and depth <= level:
            break
        cells.append(copy.deepcopy(cell))
    return cells


def mathjax_source() -> Path | None:
    """The folder of MathJax files shipped by ``jupyter-server-mathjax``, or None if not installed."""
    try:
        module = __import__(MATHJAX_PACKAGE)
    except ImportError:
        return None
    folder = Path(module.__file__).parent / "static"
    return folder if (folder / "MathJax.js").is_file() else None


def copy_mathjax(out: Path) -> str | None:
    """Copy MathJax beside the pages; return the URL pages load it from (None: not installed)."""
    source = mathjax_source()
    if source is None:
        return None
    target = out / MATHJAX_DIR
    if not (target / "MathJax.js").is_file():
        shutil.copytree(source, target, dirs_exist_ok=True)
    return f"{MATHJAX_DIR}/MathJax.js?config={MATHJAX_CONFIG}"


def _exporter(mathjax_url: str | None) -> HTMLExporter:
    options = {"mathjax_url": mathjax_url} if mathjax_url else {}
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        template_file=TEMPLATE_NAME,
        embed_images=True,
        **options,
    )


def nav_html(previous: tuple[str, str] | None, following: tuple[str, str] | None) -> str:
    """Links to the previous page, the index and the next page: ((href, title) or None each)."""
    left, right = "<span></span>", "<span></span>"
    if previous:
        left = f'<a rel="prev" href="{html.escape(previous[0])}">← {html.escape(previous[1])}</a>'
    if following:
        right = f'<a rel="next" href="{html.escape(following[0])}">{html.escape(following[1])} →</a>'
    return f'<nav class="lesson-nav">{left}<a href="index.html">All lessons</a>{right}</nav>'


def _write_page(
    exporter: HTMLExporter, nb: NotebookNode, title: str, page: Path, nav: str, source: Path
) -> None:
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title, "path": str(source)}, "nav_html": nav}
    )
    page.write_text(body, encoding="utf-8")


def _site(
    lessons: list[tuple[Path, NotebookNode]], source: Path, out: Path, *, student: bool
) -> list[tuple[Path, str]]:
    """Write one site (lesson pages, summaries, index) into ``out``; return (page, title) per lesson."""
    out.mkdir(parents=True, exist_ok=True)
    exporter = _exporter(copy_mathjax(out))
    prepared = []
    for path, nb in lessons:
        if student:  # what the student edition holds: no solutions, its own wording where it differs
            nb = student_edition.student_notebook(nb, clear_outputs=False)[0]
        nb = link_pages(static_widgets(nb))
        nb = fold_details(nb)
        prepared.append((path, nb, lesson_title(nb, path.stem)))
    pages = [(out / f"{path.stem}.html", title) for path, _, title in prepared]
    for i, (_, nb, title) in enumerate(prepared):
        previous = (pages[i - 1][0].name, pages[i - 1][1]) if i > 0 else None
        following = (pages[i + 1][0].name, pages[i + 1][1]) if i + 1 < len(pages) else None
        _write_page(exporter, nb, title, pages[i][0], nav_html(previous, following), source)
    extras = []
    summaries = summaries_notebook([(title, nb) for _, nb, title in prepared])
    if summaries is not None:
        page = out / "summaries.html"
        _write_page(exporter, summaries, "Lesson summaries", page, nav_html(None, None), source)
        extras.append((page.name, "Lesson summaries (one printed page per lesson)"))
    if not student and TEACHING_GUIDE.is_file():
        text = link_guide(TEACHING_GUIDE.read_text(encoding="utf-8"))
        guide = new_notebook(cells=[new_markdown_cell(text)])
        page = out / "teaching.html"
        _write_page(exporter, guide, "Teaching with Backprop in Depth", page, nav_html(None, None), source)
        extras.append((page.name, "Teacher's guide: timings, plans, discussion questions"))
    if not student:
        extras.append(("student/index.html", "Student site (the same lessons without solutions)"))
    write_index(out, pages, extras, student=student)
    return pages


def link_guide(text: str) -> str:
    """Point the guide's links to lessons (``notebooks/NN_name.ipynb``) at their pages."""
    text = re.sub(r"\]\((?:\.?/?notebooks/)?(?P<name>[0-9][0-9]_[^)#\s]*)\.ipynb", r"](\g<name>.html", text)
    return text


def summaries_notebook(lessons: list[tuple[str, NotebookNode]]) -> NotebookNode | None:
    """One notebook holding each lesson's recap under its title, a page break after each."""
    cells = [
        new_markdown_cell(
            f"# {SITE_TITLE}: lesson summaries\n\nEach lesson's recap, one printed page per lesson "
            "(print this page from the browser)."
        )
    ]
    for title, nb in lessons:
        body = recap(nb)
        if not body:
            continue
        cells.append(new_markdown_cell(f"## {title}"))
        cells.extend(body)
        cells.append(new_markdown_cell('<div class="page-break"></div>'))
    return new_notebook(cells=cells) if len(cells) > 1 else None


def export(source: Path, out: Path) -> list[tuple[Path, str]]:
    """Export each lesson in ``source`` to ``out/NN_name.html``, the student site to
    ``out/student/``, and the index, summaries and guide pages (see the module docstring).

    source: folder of lessons (only read); out: folder to write (created). Returns (page, title)
    per lesson of the full site, in lesson order.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise ValueError(f"source must be an existing folder of lessons, got {str(source)!r}")
    paths = sorted(source.glob(LESSON_GLOB))
    if not paths:
        raise ValueError(f"source must hold lessons named {LESSON_GLOB}, found none in {str(source)!r}")
    lessons = [(path, nbformat.read(path, as_version=4)) for path in paths]
    pages = _site(lessons, source, out, student=False)
    _site(lessons, source, out / "student", student=True)
    return pages


def write_index(
    out: Path, pages: list[tuple[Path, str]], extras: list[tuple[str, str]] = (), *, student: bool = False
) -> Path:
    """Write ``out/index.html``: one link per lesson page, in order, then the extra pages."""
    items = "\n".join(
        f'    <li><a href="{html.escape(page.name)}">{html.escape(title)}</a></li>' for page, title in pages
    )
    more = "\n".join(
        f'    <li><a href="{html.escape(href)}">{html.escape(text)}</a></li>' for href, text in extras
    )
    edition = (
        "These pages hold the lessons without their solutions."
        if student
        else "Solutions are folded: each opens with a click on its summary line."
    )
    index = out / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>{SITE_TITLE}: the lessons</title>
  <style>
    body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem;
           line-height: 1.5; font-size: 17px; }}
    li {{ margin: 0.3rem 0; }}
    ul.lessons {{ list-style: none; padding-left: 0; font-size: 1.1em; }}
  </style>
</head>
<body>
  <h1>{SITE_TITLE}</h1>
  <p>Logistic regression as the smallest neural network. These pages show each lesson with the
  outputs it was saved with; to run the code and move the sliders, open the lessons in JupyterLab.
  {edition}</p>
  <ul class="lessons">
{items}
  </ul>
  <ul>
{more}
  </ul>
</body>
</html>
""",
        encoding="utf-8",
    )
    return index


#: Planning rates behind the times in TEACHING.md (a stated method, not classroom observations).
READING_WORDS_PER_MINUTE = 130  # technical prose with formulas, read with care
MINUTES_PER_EXERCISE = 7
MINUTES_PER_PANEL = 4  # trying a slider panel and discussing what it shows


def lesson_stats(nb: NotebookNode) -> dict[str, int]:
    """Counts behind a lesson's planning time: prose words (markdown outside code blocks and
    solutions), exercises (cells tagged ``exercise``), slider panels (stored widget outputs), and
    the minutes these give at ``READING_WORDS_PER_MINUTE``, ``MINUTES_PER_EXERCISE`` and
    ``MINUTES_PER_PANEL``."""
    words = exercises = panels = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "markdown" and SOLUTION_TAG not in tags:
            words += len(re.sub(r"```.*?```", " ", cell["source"], flags=re.DOTALL).split())
        elif cell.get("cell_type") == "code":
            exercises += "exercise" in tags
            panels += sum(WIDGET_VIEW in o.get("data", {}) for o in cell.get("outputs", []))
    reading = round(words / READING_WORDS_PER_MINUTE)
    return {
        "words": words,
        "exercises": exercises,
        "panels": panels,
        "reading_min": reading,
        "exercise_min": exercises * MINUTES_PER_EXERCISE,
        "panel_min": panels * MINUTES_PER_PANEL,
    }


def print_stats(source: Path) -> None:
    """Print ``lesson_stats`` for every lesson in ``source`` (the table TEACHING.md quotes)."""
    columns = ("words", "read", "exer.", "min", "panels", "min", "total")
    print(f"{'lesson':44s} " + " ".join(f"{c:>6s}" for c in columns))
    for path in sorted(Path(source).glob(LESSON_GLOB)):
        st = lesson_stats(nbformat.read(path, as_version=4))
        total = st["reading_min"] + st["exercise_min"] + st["panel_min"]
        print(
            f"{path.stem[:44]:44s} {st['words']:6d} {st['reading_min']:6d} {st['exercises']:6d} "
            f"{st['exercise_min']:6d} {st['panels']:6d} {st['panel_min']:6d} {total:6d}"
        )
    print(
        f"(minutes: reading at {READING_WORDS_PER_MINUTE} words/min, {MINUTES_PER_EXERCISE} per exercise, "
        f"{MINUTES_PER_PANEL} per slider panel)"
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["--stats"]:
        print_stats(Path(argv[1]) if len(argv) > 1 else ROOT / "notebooks")
        return 0
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source = Path(argv[0]) if argv else ROOT / "notebooks"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "html"
    pages = export(source, out)
    for page, title in pages:
        print(f"wrote {page} ({title})")
    print(f"wrote {out / 'index.html'}, {out / 'summaries.html'} and the student site {out / 'student'}")
    if mathjax_source() is None:
        print(f"warning: {MATHJAX_PACKAGE} is not installed: formulas need the network", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
