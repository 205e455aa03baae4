"""Build the student edition: a folder that stands alone as a repository of its own.

Usage: python tools/student_edition.py [ROOT [OUT]] [--repository URL]   (default: . -> student/)

OUT gets what a student needs and nothing else: ``notebooks/`` (every lesson without its solutions,
outputs cleared), the helper package ``lesson_utils/``, the learner's ``requirements.txt``,
``runtime.txt`` (the Python version Binder uses), ``pyproject.toml`` (so that
``pip install -r requirements.txt`` installs the package), ``LICENSE``, ``CITATION.cff``, a short
``README.md`` for students and a ``.gitignore``. Pushed as its own repository it works on Binder,
on a JupyterHub through nbgitpuller and on a laptop.

In each lesson:

* a cell tagged ``solution`` is dropped, whatever its type (a markdown "Solution" block, or a code
  cell in the older format), and so is a cell tagged ``full-edition``;
* a cell whose metadata holds ``"student_edition": {"source": "…"}`` gets that text as its source,
  so a lesson can say one thing in each edition (lesson 0 says what the edition holds);
* every code cell loses its outputs and execution count, and the stored widget state goes;
* with ``--repository URL`` (the address the edition will be pushed to) the set-up cell installs
  the package from there where it is missing, as on Colab (see ``tools/first_cell.py``), and the
  README's Binder and Colab links point there.

Files next to the lessons that are not notebooks (pictures, data) are copied as they are. ROOT is
only read.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import re
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
DROPPED_TAGS = ("solution", "full-edition")
STUDENT_SOURCE_KEY = "student_edition"
IGNORED = (".ipynb_checkpoints", "__pycache__", "*.pyc", "*.egg-info")
#: Files copied from ROOT as they are.
ROOT_FILES = ("requirements.txt", "runtime.txt", "pyproject.toml", "LICENSE", "CITATION.cff")
GITHUB = re.compile(r"^https://github\.com/(?P<owner>[^/\s]+)/(?P<repo>[^/\s]+?)(?:\.git)?/?$")


def _load_first_cell():
    spec = importlib.util.spec_from_file_location("first_cell", Path(__file__).with_name("first_cell.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


first_cell = _load_first_cell()


def cell_tags(cell: Mapping, index: int) -> list[str]:
    """The tags of one cell (``metadata.tags``), checked to be a list of strings.

    cell: a notebook cell; index: its position, named in the error message.
    """
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise TypeError(f"cell {index}: metadata.tags must be a list of strings, got {tags!r}")
    return tags


def student_notebook(
    nb: NotebookNode, repository: str | None = None, *, clear_outputs: bool = True
) -> tuple[NotebookNode, int]:
    """A student copy of one lesson; the input is left unchanged.

    nb: a version-4 notebook (as read by ``nbformat.read(..., as_version=4)``); repository: where
    the set-up cell installs the package from when it is missing (None keeps the lesson's own);
    clear_outputs: False keeps the stored outputs and widget state (for static pages of the student
    edition). Returns (the copy, number of cells dropped).
    """
    if not isinstance(nb, Mapping) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a mapping with a list of cells), got {type(nb).__name__}")
    if nb.get("nbformat") != 4:
        raise ValueError(f"nb must be an nbformat 4 notebook, got nbformat {nb.get('nbformat')!r}")
    student = copy.deepcopy(nb)
    kept = []
    for index, cell in enumerate(student.cells):
        if any(tag in DROPPED_TAGS for tag in cell_tags(cell, index)):
            continue
        metadata = cell.get("metadata", {})
        replacement = metadata.pop(STUDENT_SOURCE_KEY, None)
        if replacement is not None:
            if not isinstance(replacement, Mapping) or not isinstance(replacement.get("source"), str):
                raise TypeError(
                    f"cell {index}: metadata.{STUDENT_SOURCE_KEY} must be {{'source': text}}, "
                    f"got {replacement!r}"
                )
            cell["source"] = replacement["source"]
        if clear_outputs and cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        metadata.pop("execution", None)
        kept.append(cell)
    removed = len(student.cells) - len(kept)
    student.cells = kept
    if clear_outputs:
        student.metadata.pop("widgets", None)
    if repository is not None:
        first_cell.rewrite(student, repository)
    nbformat.validate(student)
    return student, removed


def lesson_paths(source: Path) -> list[Path]:
    """The lessons in ``source``: ``NN_*.ipynb`` files, in order."""
    return sorted(Path(source).glob(LESSON_GLOB))


def build_lessons(source: Path, out: Path, repository: str | None = None) -> list[tuple[Path, int]]:
    """Write the student copy of every lesson in ``source`` into ``out``.

    source: folder of lessons (not modified); out: folder to write (created; earlier lesson files
    in it are replaced, lessons no longer in ``source`` are removed). Returns (path written,
    cells dropped) per lesson.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise ValueError(f"source must be an existing folder of lessons, got {str(source)!r}")
    if out.resolve() == source.resolve():
        raise ValueError(f"out must differ from source (it would overwrite the lessons), got {str(out)!r}")
    lessons = lesson_paths(source)
    if not lessons:
        raise ValueError(f"source must hold lessons named {LESSON_GLOB}, found none in {str(source)!r}")
    out.mkdir(parents=True, exist_ok=True)
    for stale in lesson_paths(out):
        stale.unlink()
    for entry in source.iterdir():
        if entry.name in IGNORED or entry.suffix == ".ipynb":
            continue
        if entry.is_dir():
            shutil.copytree(
                entry, out / entry.name, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*IGNORED)
            )
        else:
            shutil.copy2(entry, out / entry.name)
    written = []
    for path in lessons:
        student, removed = student_notebook(nbformat.read(path, as_version=4), repository)
        target = out / path.name
        nbformat.write(student, target)
        written.append((target, removed))
    return written


def links(repository: str | None) -> tuple[str, str, bool]:
    """(Binder link, Colab link, whether they are templates) to lesson 0 of a GitHub ``repository``.

    Without a GitHub address the links are templates with ``OWNER/REPO`` in place of its name.
    """
    found = GITHUB.match(repository or "")
    slug = f"{found['owner']}/{found['repo']}" if found else "OWNER/REPO"
    return (
        f"https://mybinder.org/v2/gh/{slug}/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb",
        f"https://colab.research.google.com/github/{slug}/blob/main/notebooks/00_start_here.ipynb",
        found is None,
    )


def readme(titles: list[tuple[str, str]], repository: str | None) -> str:
    """The student README: how to start on each platform, the lessons, the licence and the source.

    titles: (file name, title) per lesson.
    """
    binder, colab, templates = links(repository)
    template_note = (
        "\n\n(Your teacher puts this repository's name in place of `OWNER/REPO`.)" if templates else ""
    )
    lessons = "\n".join(f"{i}. [{title}](notebooks/{name})" for i, (name, title) in enumerate(titles))
    return f"""# Backprop in Depth: the student edition

Jupyter lessons that teach **logistic regression as the smallest neural network**, from odds to the
sigmoid, the cross-entropy loss, the computation graph, gradient descent and beyond. Start with
[lesson 0](notebooks/00_start_here.ipynb), which explains how exercises and checks work.

This edition has no solutions: each exercise's check cell says *Not done yet* until you answer it,
then *Correct* or *Not yet* with a hint that names the mistake it saw.

## Starting

**In the browser, nothing to install.**

- Binder: <{binder}>
- Colab: <{colab}> (each lesson's first cell installs the helper package there){template_note}

A Binder or Colab session is temporary: download your notebooks (*File → Download*) to keep them.

**On a JupyterHub**: your teacher's link copies this folder into your home folder; open
`notebooks/00_start_here.ipynb`.

**On your laptop** (Python 3.10 or newer), in this folder. macOS and Linux:

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -r requirements.txt
.venv/bin/jupyter lab notebooks/00_start_here.ipynb
```

Windows (PowerShell):

```powershell
py -3 -m venv .venv
.venv\\Scripts\\python -m pip install -r requirements.txt
.venv\\Scripts\\jupyter lab notebooks\\00_start_here.ipynb
```

conda:

```bash
conda create -n backprop python=3.12 pip
conda activate backprop
python -m pip install -r requirements.txt
jupyter lab notebooks/00_start_here.ipynb
```

The install takes about 420 MB. After that the lessons work offline.

## The lessons

{lessons}

## Licence and source

The code (`lesson_utils/` and the code in the lessons) is under the MIT licence; the lesson text and
figures are under CC BY 4.0. See [LICENSE](LICENSE), and [CITATION.cff](CITATION.cff) to cite the series.
The lessons grew from, and correct where it is wrong, the article *Neural Networks and Logistic
Regression – Backpropagation in depth* by Christoph Winkler.
"""


def lesson_title(nb: NotebookNode, path: Path) -> str:
    """The lesson's title: its first markdown heading without the number (e.g. "Start here")."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"^\d+\s*[·.:-]\s*", "", line[2:].strip())
    return path.stem[3:].replace("_", " ").capitalize()


def build(root: Path, out: Path, repository: str | None = None) -> list[tuple[Path, int]]:
    """Write the student edition of the repository at ``root`` into ``out``.

    root: the full edition (read only: ``notebooks/``, ``lesson_utils/`` and the files in
    ``ROOT_FILES``); out: folder to write, created; a previous edition there is replaced.
    repository: address the edition will be pushed to, or None. Returns (lesson written, cells
    dropped) per lesson.
    """
    root, out = Path(root), Path(out)
    if not (root / "notebooks").is_dir() or not (root / "lesson_utils").is_dir():
        raise ValueError(
            f"root must be the lessons' repository (with notebooks/ and lesson_utils/), got {str(root)!r}"
        )
    if out.resolve() == root.resolve() or out.resolve() in root.resolve().parents:
        raise ValueError(f"out must not be root or a folder above it, got {str(out)!r}")
    missing = [name for name in ROOT_FILES if not (root / name).is_file()]
    if missing:
        raise ValueError(f"root is missing {', '.join(missing)}, which the student edition needs")
    out.mkdir(parents=True, exist_ok=True)
    written = build_lessons(root / "notebooks", out / "notebooks", repository)
    shutil.rmtree(out / "lesson_utils", ignore_errors=True)
    shutil.copytree(root / "lesson_utils", out / "lesson_utils", ignore=shutil.ignore_patterns(*IGNORED))
    for name in ROOT_FILES:
        shutil.copy2(root / name, out / name)
    titles = [(path.name, lesson_title(nbformat.read(path, as_version=4), path)) for path, _ in written]
    (out / "README.md").write_text(readme(titles, repository), encoding="utf-8")
    (out / ".gitignore").write_text(
        ".venv/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n", encoding="utf-8"
    )
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="the full edition (default: .)")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "student", help="default: student/")
    parser.add_argument("--repository", help="address the student edition will be pushed to")
    args = parser.parse_args(argv)
    for path, removed in build(args.root, args.out, args.repository):
        print(f"wrote {path} ({removed} cell{'s' if removed != 1 else ''} dropped)")
    print(f"wrote {args.out}: the lessons, lesson_utils, {', '.join(ROOT_FILES)}, README.md")
    if args.repository is None:
        print("Binder and Colab links in its README use OWNER/REPO: pass --repository URL to fill them in.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
