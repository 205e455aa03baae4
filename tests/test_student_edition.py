"""Delivery: the student edition (tools/student_edition.py) and the static pages (tools/export_html.py).

The unit tests build small notebooks by hand. The lesson tests build the real student edition
once into a temporary folder and run each student notebook top to bottom in a fresh kernel: it
must finish without an error, and every check cell must report that the exercise is not done yet.
The export tests check what a reader without a kernel gets: a slider panel's stored figure in
place of the panel, links between pages, and an index.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lesson_utils.exercises import NOT_DONE

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student_edition = _load_tool("student_edition")
export_html = _load_tool("export_html")


def _cell(kind: str, source: str, tags: list[str] | None = None, output: str | None = None):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    if tags is not None:
        cell.metadata["tags"] = tags
    if output is not None:
        cell.outputs = [new_output("stream", name="stdout", text=output)]
        cell.execution_count = 7
        cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    return cell


def _lesson() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.cells = [
        _cell("markdown", "# Lesson"),
        _cell("code", "x = 2\nprint(x)", output="2\n"),
        _cell("code", "answer = None", tags=["exercise"], output=""),
        _cell("code", "check(answer)", tags=["check"], output="Not done yet: ...\n"),
        _cell("code", "answer = 4\ncheck(answer)", tags=["solution"], output="Correct: 4\n"),
        _cell("markdown", "The solution, explained.", tags=["solution"]),
        _cell("code", "print(x + 1)", tags=["nbval-ignore-output"], output="3\n"),
    ]
    return nb


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# -- unit tests: one small notebook ------------------------------------------------------------


def test_solution_cells_of_both_kinds_are_removed_and_the_rest_kept_in_order():
    student, removed = student_edition.student_notebook(_lesson())
    assert removed == 2
    assert [c.source for c in student.cells] == [
        "# Lesson",
        "x = 2\nprint(x)",
        "answer = None",
        "check(answer)",
        "print(x + 1)",
    ]
    assert [c.metadata.get("tags", []) for c in student.cells] == [
        [],
        [],
        ["exercise"],
        ["check"],
        ["nbval-ignore-output"],
    ]


def test_every_output_execution_count_and_timing_is_cleared():
    student, _ = student_edition.student_notebook(_lesson())
    code = [c for c in student.cells if c.cell_type == "code"]
    assert len(code) == 4
    assert all(c.outputs == [] and c.execution_count is None and "execution" not in c.metadata for c in code)


def test_stored_widget_state_is_dropped_and_kernelspec_kept():
    student, _ = student_edition.student_notebook(_lesson())
    assert "widgets" not in student.metadata
    assert student.metadata["kernelspec"]["name"] == "python3"


def test_the_lesson_passed_in_is_not_modified():
    nb = _lesson()
    before = nbformat.writes(nb)
    student_edition.student_notebook(nb)
    assert nbformat.writes(nb) == before


def test_a_lesson_without_solutions_keeps_all_its_cells():
    nb = _lesson()
    nb.cells = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])]
    student, removed = student_edition.student_notebook(nb)
    assert removed == 0
    assert len(student.cells) == 5


def test_build_writes_each_lesson_copies_other_files_and_leaves_the_source_alone(tmp_path):
    source, out = tmp_path / "notebooks", tmp_path / "student"
    (source / "figures").mkdir(parents=True)
    (source / "figures" / "graph.svg").write_text("<svg/>", encoding="utf-8")
    for name in ("01_first.ipynb", "02_second.ipynb"):
        nbformat.write(_lesson(), source / name)
    nbformat.write(_lesson(), source / "scratch.ipynb")  # not a lesson name: not part of the edition
    out.mkdir()
    nbformat.write(_lesson(), out / "05_renamed_since.ipynb")  # a lesson that no longer exists
    before = _digest(source)

    written = student_edition.build(source, out)

    assert [(p.name, removed) for p, removed in written] == [("01_first.ipynb", 2), ("02_second.ipynb", 2)]
    assert sorted(p.name for p in out.glob("*.ipynb")) == ["01_first.ipynb", "02_second.ipynb"]
    assert (out / "figures" / "graph.svg").read_text(encoding="utf-8") == "<svg/>"
    assert _digest(source) == before
    student = nbformat.read(out / "01_first.ipynb", as_version=4)
    assert len(student.cells) == 5
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)


# -- bad input: one test per case ----------------------------------------------------------------


def test_tags_that_are_not_a_list_of_strings_raise_type_error_naming_the_cell():
    nb = _lesson()
    nb.cells[3].metadata["tags"] = "solution"
    with pytest.raises(TypeError, match=r"cell 3: metadata.tags must be a list of strings, got 'solution'"):
        student_edition.student_notebook(nb)


def test_something_that_is_not_a_notebook_raises_type_error():
    with pytest.raises(TypeError, match=r"nb must be a notebook .*got str"):
        student_edition.student_notebook("01_odds_and_log_odds.ipynb")


def test_an_old_notebook_format_raises_value_error():
    nb = _lesson()
    nb.nbformat = 3
    with pytest.raises(ValueError, match=r"nb must be an nbformat 4 notebook, got nbformat 3"):
        student_edition.student_notebook(nb)


def test_a_missing_source_folder_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"source must be an existing folder of lessons"):
        student_edition.build(tmp_path / "nowhere", tmp_path / "student")


def test_writing_over_the_lessons_themselves_raises_value_error(tmp_path):
    nbformat.write(_lesson(), tmp_path / "01_first.ipynb")
    with pytest.raises(ValueError, match=r"out must differ from source"):
        student_edition.build(tmp_path, tmp_path / ".")
    assert len(nbformat.read(tmp_path / "01_first.ipynb", as_version=4).cells) == 7


def test_a_folder_without_lessons_raises_value_error(tmp_path):
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(ValueError, match=r"found none"):
        student_edition.build(tmp_path / "notebooks", tmp_path / "student")


# -- static HTML export -------------------------------------------------------------------------

PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
PNG_OTHER = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="


def _widget_lesson() -> nbformat.NotebookNode:
    """A lesson whose one code cell displayed VBox(HBox(slider), Output(figure)) and an Image widget."""
    nb = _lesson()
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_row", "IPY_MODEL_out"]}},
        "row": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_eta", "IPY_MODEL_h"]}},
        "eta": {
            "model_name": "FloatLogSliderModel",
            "state": {"description": "learning rate", "value": 0.25},
        },
        "h": {
            "model_name": "SelectionSliderModel",
            "state": {"description": "hidden units", "_options_labels": ["1", "2", "4", "8"], "index": 2},
        },
        "out": {
            "model_name": "OutputModel",
            "state": {
                "outputs": [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": PNG_1PX, "text/plain": "<Figure>"},
                    }
                ]
            },
        },
        "img": {
            "model_name": "ImageModel",
            "state": {"format": "png"},
            "buffers": [{"path": ["value"], "encoding": "base64", "data": PNG_OTHER}],
        },
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    views = [
        new_output(
            "display_data",
            data={
                "text/plain": "VBox(children=(HBox(...",
                export_html.WIDGET_VIEW: {"model_id": "box", "version_major": 2},
            },
        ),
        new_output(
            "display_data",
            data={
                "text/plain": "Image(value=b'...')",
                export_html.WIDGET_VIEW: {"model_id": "img", "version_major": 2},
            },
        ),
    ]
    nb.cells[1].outputs = views
    nb.cells[0].source = (
        "# 5 · Gradient descent\n\nBack to [lesson 4](04_graph.ipynb#the-chain), on to "
        "[lesson 6](06_next.ipynb), see [the docs](https://example.org/a_b.ipynb)."
    )
    return nb


def test_a_slider_panel_becomes_a_note_with_its_values_and_its_stored_figure():
    nb = _widget_lesson()
    before = nbformat.writes(nb)
    static = export_html.static_widgets(nb)
    outputs = static.cells[1].outputs
    assert [list(o.data) for o in outputs] == [
        ["text/html"],
        ["image/png", "text/plain"],
        ["text/html"],
        ["image/png"],
    ]
    assert "Interactive panel (learning rate = 0.25, hidden units = 4)" in outputs[0].data["text/html"]
    assert outputs[1].data["image/png"] == PNG_1PX
    assert outputs[3].data["image/png"] == PNG_OTHER
    assert "widgets" not in static.metadata
    assert nbformat.writes(nb) == before  # the lesson passed in is unchanged


def test_a_widget_without_stored_state_leaves_only_the_note():
    nb = _widget_lesson()
    del nb.metadata["widgets"]
    outputs = export_html.static_widgets(nb).cells[1].outputs
    assert [list(o.data) for o in outputs] == [["text/html"], ["text/html"]]


def test_links_to_lessons_point_to_pages_and_other_links_stay():
    source = export_html.link_pages(_widget_lesson()).cells[0].source
    assert "[lesson 4](04_graph.html#the-chain)" in source
    assert "[lesson 6](06_next.html)" in source
    assert "[the docs](https://example.org/a_b.ipynb)" in source


def test_export_writes_self_contained_pages_and_an_index(tmp_path):
    source, out = tmp_path / "notebooks", tmp_path / "html"
    source.mkdir()
    nbformat.write(_widget_lesson(), source / "05_descent.ipynb")
    nbformat.write(_lesson(), source / "06_next.ipynb")
    before = _digest(source)

    pages = export_html.export(source, out)

    assert [(p.name, title) for p, title in pages] == [
        ("05_descent.html", "5 · Gradient descent"),
        ("06_next.html", "Lesson"),
    ]
    page = (out / "05_descent.html").read_text(encoding="utf-8")
    assert f"data:image/png;base64,{PNG_1PX}" in page
    assert export_html.WIDGET_VIEW not in page and "require.min.js" not in page
    assert 'href="06_next.html"' in page
    assert page.count('<details class="hidden-input">') == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="05_descent.html">5 · Gradient descent</a>' in index
    assert '<a href="06_next.html">Lesson</a>' in index
    assert _digest(source) == before


def test_hidden_solution_code_is_folded_in_the_page(tmp_path):
    nb = _lesson()
    nb.cells[4].metadata["jupyter"] = {"source_hidden": True}
    nbformat.write(nb, tmp_path / "01_first.ipynb")
    export_html.export(tmp_path, tmp_path / "html")
    page = (tmp_path / "html" / "01_first.html").read_text(encoding="utf-8")
    assert page.count('<details class="hidden-input"><summary>Show the code (the solution)</summary>') == 1


def test_export_of_a_missing_folder_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"source must be an existing folder of lessons"):
        export_html.export(tmp_path / "nowhere", tmp_path / "html")


def test_export_of_a_folder_without_lessons_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"found none"):
        export_html.export(tmp_path, tmp_path / "html")


def test_static_widgets_of_something_that_is_not_a_notebook_raises_type_error():
    with pytest.raises(TypeError, match=r"nb must be a notebook .*got list"):
        export_html.static_widgets([])


# -- the real lessons -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    student_edition.build(ROOT / "notebooks", out)
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_student_lesson_runs_and_every_check_says_not_done_yet(lesson: Path, student_dir: Path):
    original = nbformat.read(lesson, as_version=4)
    nb = nbformat.read(student_dir / lesson.name, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert not any("solution" in t for t in tags)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")
    n_solutions = sum("solution" in c.metadata.get("tags", []) for c in original.cells)
    assert len(nb.cells) == len(original.cells) - n_solutions

    # Raises CellExecutionError, with the cell and its traceback, if any cell fails.
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(student_dir)}}
    ).execute()

    checks = [c for c in nb.cells if "check" in c.metadata.get("tags", [])]
    n_exercises = sum("exercise" in t for t in tags)
    assert len(checks) >= n_exercises, f"{n_exercises} exercise cells but only {len(checks)} check cells"
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert NOT_DONE in printed, f"check cell {cell.source!r} printed {printed!r}, expected {NOT_DONE!r}"
