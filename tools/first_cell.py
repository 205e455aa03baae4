"""Give every lesson a set-up cell that installs the helper package where it is missing (Colab).

Usage: python tools/first_cell.py [--repository URL] [LESSON.ipynb ...]
       (default: every notebooks/NN_*.ipynb; URL default: [project.urls] Repository in pyproject.toml)

The set-up cell is a lesson's first code cell that imports ``lesson_utils``. This tool puts a short
block at its top. When ``lesson_utils`` can be imported (``make lab``, Binder, a hub, a laptop), the
block only looks it up and does nothing else. When it cannot (a lesson opened alone, e.g. in
Colab), the block runs ``pip install`` on the install source, which is, in order:

1. the environment variable ``LESSON_UTILS_SOURCE`` when it is set (any pip requirement: a
   ``git+https://…`` address, a path, a wheel), read when the cell runs;
2. ``git+<URL>``, where URL is the repository written into the block by this tool: ``--repository``,
   else ``Repository`` under ``[project.urls]`` in ``pyproject.toml``.

When neither is there, the block raises ``ModuleNotFoundError`` with a message that says how to
name the source. Running the tool again replaces the block, so it is idempotent: a second run
changes nothing. Only the source of the set-up cell changes; its id, metadata and outputs stay.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
SOURCE_VARIABLE = "LESSON_UTILS_SOURCE"
MARKER = "# Colab, or any Python without the lessons' package: install it first. Elsewhere this does nothing."
INSTALL_LINE = '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)'
MISSING_SOURCE = [
    "lesson_utils is not installed and these lessons name no repository to install it from: ",
    "run %env LESSON_UTILS_SOURCE=git+https://github.com/OWNER/REPO (the lessons' repository) ",
    "in a cell above and run this cell again, or run make lab in the repository on your own machine.",
]


def repository_from_pyproject(pyproject: Path = ROOT / "pyproject.toml") -> str | None:
    """The ``Repository`` address under ``[project.urls]`` in ``pyproject``, or None if it has none."""
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # Python 3.10: read the one line this needs
        text = Path(pyproject).read_text(encoding="utf-8")
        table = re.search(r"^\[project\.urls\]\n(.*?)(?=^\[|\Z)", text, flags=re.M | re.S)
        found = table and re.search(r'^Repository\s*=\s*"([^"]*)"', table.group(1), flags=re.M)
        url = found.group(1) if found else None
    else:
        with open(pyproject, "rb") as file:
            url = tomllib.load(file).get("project", {}).get("urls", {}).get("Repository")
    if url is not None and (not isinstance(url, str) or not url.startswith(("https://", "http://"))):
        raise ValueError(f"[project.urls] Repository in {pyproject} must be an http(s) address, got {url!r}")
    return url


def install_block(repository: str | None) -> str:
    """The lines put at the top of every set-up cell (without the blank line that follows them).

    repository: the address pip installs from as ``git+<repository>`` when ``LESSON_UTILS_SOURCE``
    is not set, or None when there is none (the block then explains how to name one).
    """
    if repository is not None and (
        not isinstance(repository, str) or not repository.startswith(("https://", "http://"))
    ):
        raise ValueError(f"repository must be an http(s) address or None, got {repository!r}")
    default = f"git+{repository}" if repository else ""
    lines = [
        MARKER,
        "import importlib.util",
        "",
        'if importlib.util.find_spec("lesson_utils") is None:',
        "    import os",
        "    import subprocess",
        "    import sys",
        "",
        f'    source = os.environ.get("{SOURCE_VARIABLE}", "{default}")',
    ]
    if not repository:
        lines += ["    if not source:", "        raise ModuleNotFoundError("]
        lines += [f'            "{part}"' for part in MISSING_SOURCE]
        lines += ["        )"]
    lines.append(INSTALL_LINE)
    return "\n".join(lines)


def strip_block(source: str) -> str:
    """``source`` without an install block at its top (unchanged when it has none)."""
    lines = source.split("\n")
    if not lines or lines[0] != MARKER:
        return source
    if INSTALL_LINE not in lines:
        raise ValueError("the set-up cell starts with the install marker but its block has no install line")
    rest = lines[lines.index(INSTALL_LINE) + 1 :]
    while rest and rest[0].strip() == "":
        rest.pop(0)
    return "\n".join(rest)


def setup_cell_index(nb: NotebookNode) -> int:
    """Index of the set-up cell: the first code cell that imports ``lesson_utils``."""
    if not isinstance(nb, Mapping) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"nb must be a notebook (a mapping with a list of cells), got {type(nb).__name__}")
    for index, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        body = strip_block(cell.get("source", ""))
        if any(line.startswith(("import lesson_utils", "from lesson_utils")) for line in body.split("\n")):
            return index
    raise ValueError("nb has no set-up cell: no code cell imports lesson_utils")


def rewrite(nb: NotebookNode, repository: str | None) -> bool:
    """Put the current install block at the top of ``nb``'s set-up cell, in place.

    Returns True when the source changed (False when it already had this very block).
    """
    cell = nb["cells"][setup_cell_index(nb)]
    new = install_block(repository) + "\n\n" + strip_block(cell["source"])
    changed = new != cell["source"]
    cell["source"] = new
    return changed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("lessons", nargs="*", type=Path, help="lessons to rewrite (default: all)")
    parser.add_argument("--repository", help="address to install from (default: pyproject.toml)")
    args = parser.parse_args(argv)
    repository = args.repository or repository_from_pyproject()
    paths = args.lessons or sorted((ROOT / "notebooks").glob(LESSON_GLOB))
    if repository is None:
        print(
            "No repository named ([project.urls] Repository in pyproject.toml, or --repository): where "
            f"lesson_utils is missing, the set-up cells will ask for {SOURCE_VARIABLE}."
        )
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        changed = rewrite(nb, repository)
        if changed:
            nbformat.write(nb, path)
        print(f"{path}: {'set-up cell rewritten' if changed else 'already current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
