"""Every solution solves its exercise: the solution format of the lessons, checked by running it.

A lesson's exercises follow one pattern: an exercise cell (tag ``exercise``), its check cell (tag
``check``), then a markdown cell (tag ``solution``) holding a folded "Solution" block whose
```` ```python ```` code is a drop-in replacement for the whole exercise cell. For every lesson this
test pairs the three kinds of cell in order, builds a copy in which each exercise cell holds its
solution's code, runs the copy once in a fresh kernel, and asserts that every check cell printed
``Correct:``. A failure names the lesson, the cell and what went wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CODE_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)\n```[ \t]*$", flags=re.S | re.M)
FOLDED = re.compile(r"^\s*<details>\s*\n\s*<summary>.*Solution.*</summary>", flags=re.S)


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def _describe(nb, index: int) -> str:
    """'cell 12 (tags: check): first line' for messages."""
    cell = nb.cells[index]
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {index} ({cell.cell_type}, tags: {', '.join(_tags(cell)) or 'none'}): {first[:70]!r}"


def pair_cells(nb) -> tuple[list[tuple[int, int, int]], list[str]]:
    """(exercise, check, solution) cell indices in order, and the problems found on the way.

    The three kinds must come in equal numbers and in the order exercise < check < solution < next
    exercise; a solution is a markdown cell holding a folded block with exactly one python code block.
    """
    problems = []
    kinds = {kind: [i for i, c in enumerate(nb.cells) if kind in _tags(c)] for kind in ("exercise", "check")}
    kinds["solution"] = [i for i, c in enumerate(nb.cells) if "solution" in _tags(c)]
    for i in kinds["solution"]:
        cell = nb.cells[i]
        if cell.cell_type != "markdown":
            problems.append(
                f"{_describe(nb, i)} is a {cell.cell_type} cell tagged solution; solutions are markdown"
            )
        elif not FOLDED.match(cell.source):
            problems.append(
                f"{_describe(nb, i)} is not a folded <details><summary>…Solution…</summary> block"
            )
        elif len(CODE_BLOCK.findall(cell.source)) != 1:
            problems.append(f"{_describe(nb, i)} must hold exactly one ```python block")
    counts = {kind: len(found) for kind, found in kinds.items()}
    if len(set(counts.values())) != 1:
        problems.append(
            f"{counts['exercise']} exercise, {counts['check']} check and {counts['solution']} solution "
            "cells; they must pair up (one check and one solution per exercise)"
        )
        return [], problems
    triples = list(zip(kinds["exercise"], kinds["check"], kinds["solution"], strict=True))
    for n, (exercise, check, solution) in enumerate(triples, start=1):
        following = triples[n][0] if n < len(triples) else len(nb.cells)
        if not exercise < check < solution < following:
            problems.append(
                f"exercise {n}: expected exercise < check < solution < next exercise, got cells "
                f"{exercise}, {check}, {solution} (next exercise at {following})"
            )
        elif nb.cells[exercise].cell_type != "code" or nb.cells[check].cell_type != "code":
            problems.append(f"exercise {n}: the exercise and check cells must be code cells")
    return triples, problems


def solved_copy(nb, triples):
    """A copy of the lesson in which every exercise cell holds its solution's code."""
    solved = nbformat.from_dict(nb)
    for exercise, _, solution in triples:
        solved.cells[exercise].source = CODE_BLOCK.findall(nb.cells[solution].source)[0]
        solved.cells[exercise].outputs = []
    return solved


def _printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _errors(cell) -> str:
    return "; ".join(
        f"{o.get('ename')}: {o.get('evalue')}"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    )


def run_solutions(nb, folder: Path) -> list[str]:
    """Run ``nb`` once in a fresh kernel with every solution in place; the problems found.

    nb: a lesson whose cells pair up (``pair_cells`` found no problem); folder: where its kernel runs.
    A problem names the cell and says what went wrong: an error, or a check that did not print
    ``Correct:``.
    """
    triples, problems = pair_cells(nb)
    if problems or not triples:
        return problems
    solved = solved_copy(nb, triples)
    NotebookClient(
        solved,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,  # run to the end, so one run reports every failing cell
        resources={"metadata": {"path": str(folder)}},
    ).execute()

    where = {exercise: f"exercise {n}'s solution code" for n, (exercise, _, _) in enumerate(triples, 1)}
    where.update({check: f"exercise {n}'s check" for n, (_, check, _) in enumerate(triples, 1)})
    for index, cell in enumerate(solved.cells):
        if cell.cell_type == "code" and _errors(cell):
            role = where.get(index, "a lesson cell")
            problems.append(f"{_describe(nb, index)} [{role}] raised {_errors(cell)}")
    for n, (_, check, _) in enumerate(triples, start=1):
        printed = _printed(solved.cells[check]).strip()
        if "Correct:" not in printed or "Not yet" in printed or "Not done yet" in printed:
            problems.append(
                f"{_describe(nb, check)}: with exercise {n}'s solution in place the check printed "
                f"{printed[:300]!r}, expected 'Correct: …'"
            )
    return problems


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_solution_makes_its_check_print_correct(lesson: Path):
    problems = run_solutions(nbformat.read(lesson, as_version=4), lesson.parent)
    assert not problems, f"{lesson.name}:\n" + "\n".join(problems)


# -- the pairing itself, on small notebooks -------------------------------------------------------


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source, metadata={"tags": tags}))
    return nb


SOLUTION = (
    "<details>\n<summary><b>Solution</b>: open it after you have tried</summary>\n\n"
    "```python\nanswer = 4\n```\n\nTwo twos make four.\n</details>"
)


def test_cells_in_the_contract_format_pair_up_and_the_copy_holds_the_solution_code():
    nb = _nb(
        ("code", "answer = None", ["exercise"]),
        ("code", "check(answer)", ["check"]),
        ("markdown", SOLUTION, ["solution"]),
    )
    triples, problems = pair_cells(nb)
    assert (triples, problems) == ([(0, 1, 2)], [])
    assert solved_copy(nb, triples).cells[0].source == "answer = 4"
    assert nb.cells[0].source == "answer = None"


def test_an_old_format_solution_code_cell_is_reported():
    nb = _nb(
        ("code", "answer = None", ["exercise"]),
        ("code", "check(answer)", ["check"]),
        ("code", "answer = 4\ncheck(answer)", ["solution"]),
    )
    _, problems = pair_cells(nb)
    assert problems == [
        "cell 2 (code, tags: solution): 'answer = 4' is a code cell tagged solution; solutions are markdown"
    ]


def test_unequal_counts_and_a_solution_before_its_check_are_reported():
    _, problems = pair_cells(
        _nb(("code", "answer = None", ["exercise"]), ("code", "check(answer)", ["check"]))
    )
    assert problems == [
        "1 exercise, 1 check and 0 solution cells; they must pair up "
        "(one check and one solution per exercise)"
    ]
    _, problems = pair_cells(
        _nb(
            ("code", "answer = None", ["exercise"]),
            ("markdown", SOLUTION, ["solution"]),
            ("code", "check(answer)", ["check"]),
        )
    )
    assert problems == [
        "exercise 1: expected exercise < check < solution < next exercise, "
        "got cells 0, 2, 1 (next exercise at 3)"
    ]


def test_a_solution_that_is_not_folded_or_has_no_code_block_is_reported():
    unfolded = SOLUTION.replace("<details>\n", "")
    no_code = SOLUTION.replace("```python\nanswer = 4\n```\n", "")
    for source, problem in ((unfolded, "is not a folded"), (no_code, "exactly one ```python block")):
        _, problems = pair_cells(
            _nb(
                ("code", "a = None", ["exercise"]),
                ("code", "c(a)", ["check"]),
                ("markdown", source, ["solution"]),
            )
        )
        assert len(problems) == 1 and problem in problems[0]


def test_a_wrong_solution_and_one_that_raises_are_named_after_one_run(tmp_path):
    check = 'print("Correct: four." if answer == 4 else "Not yet: not four.")'
    nb = _nb(
        ("code", "answer = None", ["exercise"]),
        ("code", check, ["check"]),
        ("markdown", SOLUTION.replace("answer = 4", "answer = 5"), ["solution"]),
        ("code", "answer = None", ["exercise"]),
        ("code", check, ["check"]),
        ("markdown", SOLUTION.replace("answer = 4", "answer = 4 / undefined_name"), ["solution"]),
        ("code", "answer = None", ["exercise"]),
        ("code", check, ["check"]),
        ("markdown", SOLUTION, ["solution"]),
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    problems = run_solutions(nb, tmp_path)
    assert problems == [
        "cell 3 (code, tags: exercise): 'answer = None' [exercise 2's solution code] raised "
        "NameError: name 'undefined_name' is not defined",
        'cell 1 (code, tags: check): \'print("Correct: four." if answer == 4 else "Not yet: not four.")\': '
        "with exercise 1's solution in place the check printed 'Not yet: not four.', expected 'Correct: …'",
        'cell 4 (code, tags: check): \'print("Correct: four." if answer == 4 else "Not yet: not four.")\': '
        "with exercise 2's solution in place the check printed 'Not yet: not four.', expected 'Correct: …'",
    ]
