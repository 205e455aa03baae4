"""Build the student edition: every lesson with its solution cells removed and all outputs cleared.

Usage: python tools/student_edition.py [SOURCE_DIR [OUT_DIR]]   (default: notebooks/ -> student/)

A cell tagged ``solution`` is dropped, whatever its type. Every code cell loses its outputs and
execution count, so exercise and check cells start blank and a student sees only what they run.
The stored widget state goes too (it describes outputs that are no longer there). Files next to
the lessons that are not notebooks (pictures, data) are copied as they are, so relative links work.
The lessons in ``SOURCE_DIR`` are only read.
"""

from __future__ import annotations

import copy
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
SOLUTION_TAG = "solution"
IGNORED = {".ipynb_checkpoints", "__pycache__"}


def cell_tags(cell: Mapping, index: int) -> list[str]:
    """The tags of one cell (``metadata.tags``), checked to be a list of strings.

    cell: a notebook cell; index: its position, named in the error message.
    """
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise TypeError(f"cell {index}: metadata.tags must be a list of strings, got {tags!r}")
    return tags


def student_notebook(nb: NotebookNode) -> tuple[NotebookNode, int]:
    """A student copy of one lesson; the input is left unchanged.

    nb: a version-4 notebook (as read by ``nbformat.read(..., as_version=4)``).
    Returns (the copy without ``solution`` cells and with every output cleared, cells removed).
    """
    if not isinstance(nb, Mapping) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a mapping with a list of cells), got {type(nb).__name__}")
    if nb.get("nbformat") != 4:
        raise ValueError(f"nb must be an nbformat 4 notebook, got nbformat {nb.get('nbformat')!r}")
    student = copy.deepcopy(nb)
    kept = []
    for index, cell in enumerate(student.cells):
        if SOLUTION_TAG in cell_tags(cell, index):
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
        kept.append(cell)
    removed = len(student.cells) - len(kept)
    student.cells = kept
    student.metadata.pop("widgets", None)
    nbformat.validate(student)
    return student, removed


def lesson_paths(source: Path) -> list[Path]:
    """The lessons in ``source``: ``NN_*.ipynb`` files, in order."""
    return sorted(Path(source).glob(LESSON_GLOB))


def build(source: Path, out: Path) -> list[tuple[Path, int]]:
    """Write the student edition of every lesson in ``source`` into ``out``.

    source: folder of lessons (not modified); out: folder to write (created; earlier lesson files
    in it are replaced, lessons no longer in ``source`` are removed). Returns (path written,
    solution cells removed) per lesson.
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
        student, removed = student_notebook(nbformat.read(path, as_version=4))
        target = out / path.name
        nbformat.write(student, target)
        written.append((target, removed))
    return written


def main(argv: list[str]) -> int:
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source = Path(argv[0]) if argv else ROOT / "notebooks"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "student"
    for path, removed in build(source, out):
        print(f"wrote {path} ({removed} solution cell{'s' if removed != 1 else ''} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
