"""The scripts in ``tools/`` as modules (they are not a package), and the hand-built notebook cells
the tests of those scripts feed them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

ROOT = Path(__file__).resolve().parents[1]


def load_tool(name: str):
    """Import ``tools/<name>.py`` and return the module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook_cell(kind: str, source: str, tags: list[str] | None = None, output: str | None = None):
    """A "code" or "markdown" cell with optional tags and, for code, a stored stdout output."""
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    if tags is not None:
        cell.metadata["tags"] = tags
    if output is not None:
        cell.outputs = [new_output("stream", name="stdout", text=output)]
        cell.execution_count = 7
        cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    return cell
