"""The install block at the top of every lesson's set-up cell (tools/first_cell.py).

Where lesson_utils can be imported the block must do nothing but look it up: the tests run the
block's own code with the package importable and a `subprocess.run` that records any call, and
assert there was none. Where the package is missing (as on Colab), they make the import lookup
fail and check the exact pip command, the environment variable that overrides its source, and the
plain message when no source is named. The rewrite itself is checked to be idempotent and to
leave the rest of the lesson alone.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from tool_modules import load_tool

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REPO = "https://github.com/example-school/backprop-in-depth"


first_cell = load_tool("first_cell")

SETUP = "import numpy as np\n\nimport lesson_utils as lu\n\nprint(lu.sigmoid(0.0))"


def _lesson() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Lesson\n\n```python\nimport lesson_utils\n```"),
        new_code_cell("x = 1"),
        new_code_cell(SETUP, metadata={"tags": ["setup"]}),
        new_code_cell("import lesson_utils.viz"),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.5\n")]
    return nb


class _Recorder:
    """Stands in for subprocess.run and remembers its calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return subprocess.CompletedProcess(args, 0)


def _run_block(block: str, monkeypatch, *, package_missing: bool) -> _Recorder:
    recorder = _Recorder()
    monkeypatch.setattr(subprocess, "run", recorder)
    if package_missing:
        real = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util, "find_spec", lambda name, *a: None if name == "lesson_utils" else real(name, *a)
        )
    exec(compile(block, "<set-up cell>", "exec"), {})
    return recorder


# -- where the package is installed: nothing happens ------------------------------------------------


@pytest.mark.parametrize("repository", [REPO, None], ids=["with a repository", "without one"])
def test_with_the_package_importable_the_block_installs_nothing(repository, monkeypatch):
    monkeypatch.setenv("LESSON_UTILS_SOURCE", "git+https://example.org/should-not-be-used")
    recorder = _run_block(first_cell.install_block(repository), monkeypatch, package_missing=False)
    assert recorder.calls == []


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lessons_set_up_cell_starts_with_the_current_block_which_is_a_no_op_here(lesson, monkeypatch):
    nb = nbformat.read(lesson, as_version=4)
    source = nb.cells[first_cell.setup_cell_index(nb)].source
    expected = first_cell.install_block(first_cell.repository_from_pyproject())
    assert source.startswith(expected + "\n\n"), (
        f"{lesson.name}: the set-up cell does not start with the current install block; "
        "run python tools/first_cell.py"
    )
    assert _run_block(expected, monkeypatch, package_missing=False).calls == []


# -- where it is missing (Colab): pip install from the named source ---------------------------------


def test_without_the_package_the_block_pip_installs_the_repository(monkeypatch):
    monkeypatch.delenv("LESSON_UTILS_SOURCE", raising=False)
    recorder = _run_block(first_cell.install_block(REPO), monkeypatch, package_missing=True)
    assert recorder.calls == [
        (([sys.executable, "-m", "pip", "install", "--quiet", f"git+{REPO}"],), {"check": True})
    ]


def test_the_environment_variable_overrides_the_repository(monkeypatch):
    monkeypatch.setenv("LESSON_UTILS_SOURCE", "/home/student/backprop-in-depth")
    recorder = _run_block(first_cell.install_block(REPO), monkeypatch, package_missing=True)
    assert recorder.calls[0][0][0][-1] == "/home/student/backprop-in-depth"


def test_without_any_source_the_block_says_how_to_name_one(monkeypatch):
    monkeypatch.delenv("LESSON_UTILS_SOURCE", raising=False)
    with pytest.raises(ModuleNotFoundError, match=r"name no repository.*%env LESSON_UTILS_SOURCE=git\+https"):
        _run_block(first_cell.install_block(None), monkeypatch, package_missing=True)
    monkeypatch.setenv("LESSON_UTILS_SOURCE", "git+https://example.org/lessons")
    recorder = _run_block(first_cell.install_block(None), monkeypatch, package_missing=True)
    assert recorder.calls[0][0][0][-1] == "git+https://example.org/lessons"


# -- the rewrite ---------------------------------------------------------------------------------------


def test_the_block_goes_on_top_of_the_first_cell_that_imports_the_package_and_nothing_else_changes():
    nb = _lesson()
    before = [dict(c) for c in nb.cells]
    assert first_cell.rewrite(nb, REPO) is True
    setup = nb.cells[2]
    assert setup.source == first_cell.install_block(REPO) + "\n\n" + SETUP
    assert setup.id == before[2]["id"] and setup.metadata == {"tags": ["setup"]}
    assert setup.outputs == before[2]["outputs"]
    assert [c.source for c in nb.cells[:2] + nb.cells[3:]] == [before[i]["source"] for i in (0, 1, 3)]


def test_the_rewrite_is_idempotent_and_replaces_an_older_block():
    nb = _lesson()
    first_cell.rewrite(nb, None)
    once = nbformat.writes(nb)
    assert first_cell.rewrite(nb, None) is False
    assert nbformat.writes(nb) == once
    assert first_cell.rewrite(nb, REPO) is True  # a repository named later replaces the block
    assert nb.cells[2].source == first_cell.install_block(REPO) + "\n\n" + SETUP
    assert first_cell.strip_block(nb.cells[2].source) == SETUP


def test_the_command_line_rewrites_files_once(tmp_path, capsys):
    path = tmp_path / "01_lesson.ipynb"
    nbformat.write(_lesson(), path)
    assert first_cell.main(["--repository", REPO, str(path)]) == 0
    written = path.read_text(encoding="utf-8")
    assert first_cell.main(["--repository", REPO, str(path)]) == 0
    assert path.read_text(encoding="utf-8") == written
    assert capsys.readouterr().out.splitlines()[-1].endswith("already current")


@pytest.mark.parametrize("has_tomllib", [True, False], ids=["Python 3.11+", "Python 3.10"])
def test_the_repository_comes_from_pyproject(has_tomllib, tmp_path, monkeypatch):
    if not has_tomllib:
        monkeypatch.setitem(sys.modules, "tomllib", None)  # `import tomllib` fails as on 3.10
    pyproject = tmp_path / "pyproject.toml"
    text = f'[project]\nname = "x"\n\n[project.urls]\nHomepage = "https://a.b"\nRepository = "{REPO}"\n'
    other = '\n[tool.x]\nRepository = "https://not.this"\n'
    pyproject.write_text(text + other, encoding="utf-8")
    assert first_cell.repository_from_pyproject(pyproject) == REPO
    pyproject.write_text('[project]\nname = "x"\n' + other, encoding="utf-8")
    assert first_cell.repository_from_pyproject(pyproject) is None


# -- bad input --------------------------------------------------------------------------------------------


def test_a_repository_that_is_not_an_address_raises_value_error():
    with pytest.raises(ValueError, match=r"must be an http\(s\) address or None, got 'OWNER/REPO'"):
        first_cell.install_block("OWNER/REPO")


def test_a_lesson_without_a_set_up_cell_raises_value_error():
    nb = _lesson()
    nb.cells = nb.cells[:2]
    with pytest.raises(ValueError, match=r"no code cell imports lesson_utils"):
        first_cell.rewrite(nb, REPO)


def test_something_that_is_not_a_notebook_raises_type_error():
    with pytest.raises(TypeError, match=r"nb must be a notebook"):
        first_cell.setup_cell_index("00_start_here.ipynb")
