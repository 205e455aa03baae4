"""The student edition (tools/student_edition.py): a folder that stands alone as its own repository.

The unit tests build small notebooks and a small repository by hand. The stand-alone test builds
the real student edition, copies that folder alone somewhere else, installs it from its own
requirements.txt into a fresh virtual environment (as a student would on a laptop, or Binder from
the pushed folder), and runs every lesson there in a fresh kernel: no cell may fail, every check
cell must say that its exercise is not done yet, and the kernel must import the package from the
copy, not from this repository. Then it uninstalls the package and runs lesson 0's set-up lines,
which must install it again as they would on Colab.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_notebook
from tool_modules import load_tool
from tool_modules import notebook_cell as _cell

from lesson_utils.exercises import NOT_DONE

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REPO = "https://github.com/example-school/backprop-student"


student_edition = load_tool("student_edition")
first_cell = load_tool("first_cell")

SOLUTION_BLOCK = (
    "<details>\n<summary><b>Solution</b>: open it after you have tried</summary>\n\n"
    "```python\nanswer = 4\n```\n\nTwo twos.\n</details>"
)


def _lesson() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    edition_note = _cell("markdown", "Solutions follow each check.")
    edition_note.metadata["student_edition"] = {"source": "This edition has no solutions."}
    nb.cells = [
        _cell("markdown", "# 1 · Lesson"),
        _cell("code", "import lesson_utils as lu\nx = 2\nprint(x)", output="2\n"),
        edition_note,
        _cell("markdown", "Teachers: the answers are below.", tags=["full-edition"]),
        _cell("code", "answer = None", tags=["exercise"], output=""),
        _cell("code", "check(answer)", tags=["check"], output="Not done yet: ...\n"),
        _cell("markdown", SOLUTION_BLOCK, tags=["solution"]),
        _cell("code", "answer = 4\ncheck(answer)", tags=["solution"], output="Correct: 4\n"),  # older format
        _cell("code", "print(x + 1)", tags=["nbval-ignore-output"], output="3\n"),
    ]
    return nb


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _repository(tmp_path: Path) -> Path:
    """A small full edition: two lessons, a picture beside them, a package, the root files."""
    root = tmp_path / "full"
    (root / "notebooks" / "figures").mkdir(parents=True)
    (root / "notebooks" / "figures" / "graph.svg").write_text("<svg/>", encoding="utf-8")
    for name in ("00_start.ipynb", "01_first.ipynb"):
        nbformat.write(_lesson(), root / "notebooks" / name)
    nbformat.write(_lesson(), root / "notebooks" / "scratch.ipynb")  # not a lesson name: not copied
    (root / "lesson_utils" / "__pycache__").mkdir(parents=True)
    (root / "lesson_utils" / "__init__.py").write_text("ANSWER = 42\n", encoding="utf-8")
    (root / "lesson_utils" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (root / "tests").mkdir()
    (root / "tests" / "test_secret.py").write_text("SOLUTION = 4\n", encoding="utf-8")
    (root / "requirements-dev.txt").write_text("-r requirements.txt\npytest\n", encoding="utf-8")
    for name, text in {
        "requirements.txt": "numpy\n-e .\n",
        "runtime.txt": "python-3.11\n",
        "pyproject.toml": '[project]\nname = "lesson_utils"\n',
        "LICENSE": "MIT and CC BY 4.0\n",
        "CITATION.cff": "cff-version: 1.2.0\n",
    }.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


# -- one lesson ------------------------------------------------------------------------------------


def test_solutions_of_both_formats_and_full_edition_cells_are_dropped_and_the_rest_kept_in_order():
    student, removed = student_edition.student_notebook(_lesson())
    assert removed == 3
    assert [c.source for c in student.cells] == [
        "# 1 · Lesson",
        "import lesson_utils as lu\nx = 2\nprint(x)",
        "This edition has no solutions.",
        "answer = None",
        "check(answer)",
        "print(x + 1)",
    ]
    assert [c.metadata.get("tags", []) for c in student.cells] == [
        [],
        [],
        [],
        ["exercise"],
        ["check"],
        ["nbval-ignore-output"],
    ]
    assert "student_edition" not in student.cells[2].metadata


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
    student_edition.student_notebook(nb, REPO)
    assert nbformat.writes(nb) == before


def test_for_static_pages_outputs_and_widget_state_can_be_kept():
    nb = _lesson()
    student, removed = student_edition.student_notebook(nb, clear_outputs=False)
    assert removed == 3
    assert [c.get("outputs") for c in student.cells if c.cell_type == "code"] == [
        c.outputs for c in nb.cells if c.cell_type == "code" and "solution" not in c.metadata.get("tags", [])
    ]
    assert student.metadata["widgets"] == nb.metadata["widgets"]
    assert student.cells[2].source == "This edition has no solutions."


def test_a_repository_goes_into_the_set_up_cell_and_none_leaves_it_alone():
    student, _ = student_edition.student_notebook(_lesson(), REPO)
    assert (
        student.cells[1].source
        == first_cell.install_block(REPO) + "\n\nimport lesson_utils as lu\nx = 2\nprint(x)"
    )
    student, _ = student_edition.student_notebook(_lesson())
    assert student.cells[1].source == "import lesson_utils as lu\nx = 2\nprint(x)"


def test_a_lesson_without_solutions_keeps_all_its_cells():
    nb = _lesson()
    nb.cells = [c for c in nb.cells if not {"solution", "full-edition"} & set(c.metadata.get("tags", []))]
    student, removed = student_edition.student_notebook(nb)
    assert removed == 0
    assert len(student.cells) == 6


# -- the whole edition -----------------------------------------------------------------------------


def test_build_writes_a_folder_that_stands_alone_and_leaves_the_full_edition_alone(tmp_path):
    root, out = _repository(tmp_path), tmp_path / "student"
    before = _digest(root)

    written = student_edition.build(root, out)

    assert [(p.relative_to(out).as_posix(), removed) for p, removed in written] == [
        ("notebooks/00_start.ipynb", 3),
        ("notebooks/01_first.ipynb", 3),
    ]
    assert sorted(_digest(out)) == [
        ".gitignore",
        "CITATION.cff",
        "LICENSE",
        "README.md",
        "lesson_utils/__init__.py",
        "notebooks/00_start.ipynb",
        "notebooks/01_first.ipynb",
        "notebooks/figures/graph.svg",
        "pyproject.toml",
        "requirements.txt",
        "runtime.txt",
    ]  # no tests, no developer requirements, no caches
    for name in (*student_edition.ROOT_FILES, "lesson_utils/__init__.py"):
        assert (out / name).read_bytes() == (root / name).read_bytes()
    assert _digest(root) == before
    student = nbformat.read(out / "notebooks" / "01_first.ipynb", as_version=4)
    assert not any({"solution", "full-edition"} & set(c.metadata.get("tags", [])) for c in student.cells)


def test_the_readme_lists_the_lessons_and_gives_template_links_without_a_repository(tmp_path):
    root, out = _repository(tmp_path), tmp_path / "student"
    student_edition.build(root, out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "0. [Lesson](notebooks/00_start.ipynb)\n1. [Lesson](notebooks/01_first.ipynb)" in readme
    assert (
        "https://mybinder.org/v2/gh/OWNER/REPO/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    )
    assert "in place of `OWNER/REPO`" in readme
    assert "Christoph Winkler" in readme and "CC BY 4.0" in readme and "MIT" in readme


def test_with_a_github_repository_the_links_and_set_up_cells_point_there(tmp_path):
    root, out = _repository(tmp_path), tmp_path / "student"
    student_edition.build(root, out, REPO + ".git")
    readme = (out / "README.md").read_text(encoding="utf-8")
    slug = "example-school/backprop-student"
    assert f"https://mybinder.org/v2/gh/{slug}/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    assert (
        f"https://colab.research.google.com/github/{slug}/blob/main/notebooks/00_start_here.ipynb" in readme
    )
    assert "OWNER/REPO" not in readme
    student = nbformat.read(out / "notebooks" / "00_start.ipynb", as_version=4)
    assert student.cells[1].source.startswith(first_cell.install_block(REPO + ".git"))


def test_a_second_build_replaces_lessons_and_modules_that_are_gone(tmp_path):
    root, out = _repository(tmp_path), tmp_path / "student"
    (root / "lesson_utils" / "old.py").write_text("", encoding="utf-8")
    student_edition.build(root, out)
    (root / "lesson_utils" / "old.py").unlink()
    (root / "notebooks" / "01_first.ipynb").rename(root / "notebooks" / "01_renamed.ipynb")
    student_edition.build(root, out)
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [
        "00_start.ipynb",
        "01_renamed.ipynb",
    ]
    assert not (out / "lesson_utils" / "old.py").exists()


# -- bad input: one test per case ----------------------------------------------------------------


def test_tags_that_are_not_a_list_of_strings_raise_type_error_naming_the_cell():
    nb = _lesson()
    nb.cells[4].metadata["tags"] = "solution"
    with pytest.raises(TypeError, match=r"cell 4: metadata.tags must be a list of strings, got 'solution'"):
        student_edition.student_notebook(nb)


def test_a_student_edition_text_that_is_not_text_raises_type_error_naming_the_cell():
    nb = _lesson()
    nb.cells[2].metadata["student_edition"] = "This edition has no solutions."
    with pytest.raises(TypeError, match=r"cell 2: metadata.student_edition must be"):
        student_edition.student_notebook(nb)


def test_something_that_is_not_a_notebook_raises_type_error():
    with pytest.raises(TypeError, match=r"nb must be a notebook .*got str"):
        student_edition.student_notebook("01_odds_and_log_odds.ipynb")


def test_an_old_notebook_format_raises_value_error():
    nb = _lesson()
    nb.nbformat = 3
    with pytest.raises(ValueError, match=r"nb must be an nbformat 4 notebook, got nbformat 3"):
        student_edition.student_notebook(nb)


def test_a_folder_that_is_not_the_repository_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"root must be the lessons' repository"):
        student_edition.build(tmp_path / "nowhere", tmp_path / "student")


def test_writing_over_the_repository_raises_value_error(tmp_path):
    root = _repository(tmp_path)
    before = _digest(root)
    for out in (root, root.parent):
        with pytest.raises(ValueError, match=r"out must not be root or a folder above it"):
            student_edition.build(root, out)
    assert _digest(root) == before


def test_a_repository_without_its_licence_raises_value_error(tmp_path):
    root = _repository(tmp_path)
    (root / "LICENSE").unlink()
    with pytest.raises(ValueError, match=r"root is missing LICENSE"):
        student_edition.build(root, tmp_path / "student")


def test_a_lessons_folder_without_lessons_raises_value_error(tmp_path):
    root = _repository(tmp_path)
    for path in (root / "notebooks").glob("*.ipynb"):
        path.unlink()
    with pytest.raises(ValueError, match=r"found none"):
        student_edition.build(root, tmp_path / "student")


# -- the real student edition, alone, in a fresh environment ------------------------------------------

#: Run by the fresh environment's own Python: every lesson in a fresh kernel, then a probe cell
#: that says where the kernel's Python and package come from. Prints one JSON report.
RUNNER = """
import json, sys, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

folder = Path(sys.argv[1])
report = []
for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, lesson_utils\\nprint(sys.prefix)\\nprint(lesson_utils.__file__)"
    ))
    start, error = time.perf_counter(), None
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    except Exception as exc:  # CellExecutionError names the cell and its traceback
        error = f"{type(exc).__name__}: {exc}"[-4000:]
    printed = [
        "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        for cell in nb.cells
    ]
    report.append({
        "lesson": path.name,
        "seconds": round(time.perf_counter() - start, 1),
        "error": error,
        "checks": [
            [i, nb.cells[i].source.splitlines()[0] if nb.cells[i].source else "", printed[i]]
            for i, cell in enumerate(nb.cells) if "check" in cell.metadata.get("tags", [])
        ],
        "probe": printed[-1].splitlines(),
    })
print(json.dumps(report))
"""


def _clean_environment(venv: Path, scratch: Path) -> dict[str, str]:
    """The environment a student's shell would have: the fresh venv first, nothing of this one."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    ours = str(Path(sys.prefix) / "bin")
    path = [
        p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p).resolve() != Path(ours).resolve()
    ]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    for name in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        env[name] = str(scratch / name.lower())
    env.pop("JUPYTER_PATH", None)
    return env


def test_the_student_folder_alone_installs_from_its_own_requirements_and_every_lesson_runs(tmp_path):
    started = time.perf_counter()
    built = tmp_path / "built"
    student_edition.build(ROOT, built)
    copy = tmp_path / "elsewhere" / "backprop-student"
    shutil.copytree(built, copy)
    shutil.rmtree(built)  # nothing but the copy is left

    venv = copy / ".venv"
    env = _clean_environment(venv, tmp_path)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    install = subprocess.run(
        # --no-compile: no .pyc files written ahead for the whole of JupyterLab; what runs is the same.
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-compile",
            "-r",
            "requirements.txt",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, f"pip install -r requirements.txt failed:\n{install.stderr[-4000:]}"
    installed = time.perf_counter()
    (tmp_path / "runner.py").write_text(RUNNER, encoding="utf-8")
    run = subprocess.run(
        [str(venv / "bin" / "python"), str(tmp_path / "runner.py"), str(copy / "notebooks")],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, f"the runner failed:\n{run.stderr[-4000:]}"
    report = json.loads(run.stdout.splitlines()[-1])

    assert [r["lesson"] for r in report] == [p.name for p in LESSONS]
    problems = []
    for r in report:
        if r["error"]:
            problems.append(f"{r['lesson']}: a cell failed: {r['error']}")
            continue
        if r["probe"] != [str(venv), str(copy / "lesson_utils" / "__init__.py")]:
            problems.append(
                f"{r['lesson']}: the kernel used {r['probe']}, not the fresh environment and the copy"
            )
        for index, first_line, printed in r["checks"]:
            if NOT_DONE not in printed or "Correct" in printed:
                problems.append(
                    f"{r['lesson']} cell {index} ({first_line!r}) printed {printed!r}, not {NOT_DONE!r}"
                )

    # The Colab route: with the package uninstalled, lesson 0's own set-up lines install it again
    # from LESSON_UTILS_SOURCE (here the copy's folder), in a folder where it is not importable.
    uninstall = [str(venv / "bin" / "python"), "-m", "pip", "uninstall", "--yes", "--quiet", "lesson_utils"]
    subprocess.run(uninstall, check=True, env=env, capture_output=True)
    lesson0 = nbformat.read(copy / "notebooks" / "00_start_here.ipynb", as_version=4)
    setup = lesson0.cells[first_cell.setup_cell_index(lesson0)].source
    block = setup[: len(setup) - len(first_cell.strip_block(setup))]
    assert block.startswith(first_cell.MARKER), "lesson 0's set-up cell has no install lines"
    colab = subprocess.run(
        [str(venv / "bin" / "python"), "-c", block + "\nimport lesson_utils\nprint(lesson_utils.__file__)"],
        cwd=tmp_path,
        env={**env, "LESSON_UTILS_SOURCE": str(copy)},
        capture_output=True,
        text=True,
    )
    assert colab.returncode == 0, f"the set-up lines did not install lesson_utils:\n{colab.stderr[-3000:]}"
    assert "site-packages" in colab.stdout, colab.stdout

    timing = ", ".join(f"{r['lesson'][:2]} {r['seconds']} s" for r in report)
    print(
        f"install {installed - started:.0f} s; lessons: {timing}; total {time.perf_counter() - started:.0f} s"
    )
    assert not problems, "\n".join(problems)


# -- licence and citation ---------------------------------------------------------------------------


def test_the_citation_file_names_the_series_its_licences_and_the_article():
    yaml = pytest.importorskip("yaml")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors"):  # required by the CFF 1.2.0 schema
        assert citation.get(key), f"CITATION.cff lacks {key}"
    assert citation["authors"] == [{"name": "Backprop in Depth contributors"}]
    assert citation["license"] == ["MIT", "CC-BY-4.0"]
    (article,) = citation["references"]
    assert article["title"] == "Neural Networks and Logistic Regression – Backpropagation in depth"
    assert article["authors"] == [{"family-names": "Winkler", "given-names": "Christoph"}]


def test_the_licence_says_what_covers_the_code_and_what_covers_the_lessons():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    code, text = (
        licence.index("CODE: the MIT License"),
        licence.index("LESSON TEXT AND FIGURES: Creative Commons"),
    )
    assert "lesson_utils/" in licence[code:text] and "markdown cells" in licence[text:]
    assert "Permission is hereby granted, free of charge" in licence
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in licence
