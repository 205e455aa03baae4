"""The static site (tools/export_html.py): what a reader without a kernel, or without a network, gets.

The unit tests build small notebooks by hand and read the pages as text. The browser tests open
exported pages from disk in Chromium with the network cut off: formulas must be typeset (no raw
``$$`` or ``\\frac`` left in the text) and a solution must stay hidden until its summary is clicked.
Without Chromium those two are skipped (with ``CI=true`` they fail instead).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook, new_output
from tool_modules import load_tool
from tool_modules import notebook_cell as _cell

ROOT = Path(__file__).resolve().parents[1]
LESSON_DIR = ROOT / "notebooks"


export_html = load_tool("export_html")

PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
PNG_OTHER = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
SOLUTION_MD = (
    "<details>\n<summary><b>Solution</b>: open it after you have tried</summary>\n\n"
    "```python\nanswer = 4  # SECRET-LINE\n```\n\nFour, because $\\frac{8}{2} = 4$.\n</details>"
)


def _lesson(title: str = "Lesson") -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.cells = [
        _cell("markdown", f"# {title}\n\nThe odds are $$\\frac{{p}}{{1 - p}}.$$"),
        _cell("code", "x = 2\nprint(x)", output="2\n"),
        _cell("code", "answer = None", tags=["exercise"], output=""),
        _cell("code", "check(answer)", tags=["check"], output="Not done yet: ...\n"),
        _cell("markdown", SOLUTION_MD, tags=["solution"]),
        _cell(
            "code", "answer = 4\ncheck(answer)", tags=["solution"], output="Correct: CODE-SOLUTION-OUTPUT\n"
        ),
        _cell(
            "markdown", "## Recap\n\n- odds run from 0 to infinity RECAP-LINE\n\n### Key formula\n\n$p = 3/4$"
        ),
        _cell("markdown", "## Next\n\nNot part of the recap NOT-RECAP"),
    ]
    return nb


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _widget_lesson(figure_before: bool = False) -> nbformat.NotebookNode:
    """A lesson whose code cell displayed VBox(HBox(slider), Output(figure)) and an Image widget."""
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
            "state": {"format": "png", "width": "700"},
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
    if figure_before:
        figure = _cell("code", "plot()")
        figure.outputs = [new_output("display_data", data={"image/png": PNG_OTHER, "text/plain": "<Figure>"})]
        nb.cells.insert(1, figure)
    nb.cells[0].source = (
        "# 5 · Gradient descent\n\nBack to [lesson 4](04_graph.ipynb#the-chain), on to "
        "[lesson 6](06_next.ipynb), see [the docs](https://example.org/a_b.ipynb)."
    )
    return nb


# -- slider panels, links ---------------------------------------------------------------------------


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
    assert outputs[3].metadata == {"image/png": {"width": 700}}  # shown at its size, not its pixels
    assert "widgets" not in static.metadata
    assert nbformat.writes(nb) == before  # the lesson passed in is unchanged


def test_a_panel_right_after_its_figure_shows_the_figure_once():
    static = export_html.static_widgets(_widget_lesson(figure_before=True))
    assert [list(o.data) for o in static.cells[1].outputs] == [["image/png", "text/plain"]]
    outputs = static.cells[2].outputs
    assert [list(o.data) for o in outputs] == [["text/html"], ["text/html"]]
    assert "redraw the figure above" in outputs[0].data["text/html"]


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


def test_recap_collects_the_cells_under_the_recap_heading_only():
    cells = export_html.recap(_lesson())
    text = "\n".join(c.source for c in cells)
    assert "RECAP-LINE" in text and "Key formula" in text and "NOT-RECAP" not in text
    assert export_html.recap(new_notebook(cells=[new_markdown_cell("# No recap here")])) == []
    mid = new_notebook(
        cells=[
            new_markdown_cell("Last words of section 5.\n\n## Recap\n\n* first point"),
            new_markdown_cell("* second point"),
            new_markdown_cell("## Next lesson"),
        ]
    )
    assert [c.source for c in export_html.recap(mid)] == ["\n* first point", "* second point"]


# -- the site ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("lessons")
    out = tmp_path_factory.mktemp("site") / "html"
    first = _lesson("First lesson")
    first.cells.insert(1, _cell("markdown", "Open a solution. FULL-EDITION-ONLY", tags=["full-edition"]))
    nbformat.write(first, source / "01_first.ipynb")
    nbformat.write(_widget_lesson(), source / "05_descent.ipynb")
    nbformat.write(_lesson("Last lesson"), source / "06_next.ipynb")
    before = _digest(source)
    pages = export_html.export(source, out)
    assert _digest(source) == before  # the lessons are only read
    return out, pages


def _page(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_export_writes_one_page_per_lesson_and_an_index(site):
    out, pages = site
    assert [(p.name, title) for p, title in pages] == [
        ("01_first.html", "First lesson"),
        ("05_descent.html", "5 · Gradient descent"),
        ("06_next.html", "Last lesson"),
    ]
    page = _page(out, "05_descent.html")
    assert f"data:image/png;base64,{PNG_1PX}" in page
    assert export_html.WIDGET_VIEW not in page and "require.min.js" not in page
    index = _page(out, "index.html")
    for href, title in [("01_first.html", "First lesson"), ("05_descent.html", "5 · Gradient descent")]:
        assert f'<a href="{href}">{title}</a>' in index
    assert 'href="summaries.html"' in index and 'href="student/index.html"' in index


def _nav_links(page: str) -> list[tuple[str | None, str, str]]:
    """(rel, href, text) of every link inside the page's <nav> bars, in order."""
    from html.parser import HTMLParser

    links: list[tuple[str | None, str, str]] = []

    class Parser(HTMLParser):
        in_nav = False
        current: dict | None = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "nav":
                self.in_nav = True
            elif tag == "a" and self.in_nav:
                self.current = {"rel": attrs.get("rel"), "href": attrs.get("href"), "text": ""}

        def handle_endtag(self, tag):
            if tag == "nav":
                self.in_nav = False
            elif tag == "a" and self.current is not None:
                links.append((self.current["rel"], self.current["href"], self.current["text"].strip()))
                self.current = None

        def handle_data(self, data):
            if self.current is not None:
                self.current["text"] += data

    Parser().feed(page)
    return links


def test_every_page_links_to_the_previous_and_next_lesson_and_the_index(site):
    out, _ = site
    index = (None, "index.html", "All lessons")
    first, middle, last = (
        _nav_links(_page(out, n)) for n in ("01_first.html", "05_descent.html", "06_next.html")
    )
    assert first == [index, ("next", "05_descent.html", "5 · Gradient descent →")] * 2  # top and bottom
    assert (
        middle
        == [
            ("prev", "01_first.html", "← First lesson"),
            index,
            ("next", "06_next.html", "Last lesson →"),
        ]
        * 2
    )
    assert last == [("prev", "05_descent.html", "← 5 · Gradient descent"), index] * 2


def test_formulas_are_typeset_by_a_local_copy_of_mathjax(site):
    out, _ = site
    page = _page(out, "01_first.html")
    if export_html.mathjax_source() is None:
        pytest.fail(
            "jupyter-server-mathjax is not installed (it is in requirements-dev.txt): no offline MathJax"
        )
    assert '<script src="mathjax/MathJax.js?config=' in page
    loads = r"""src=["']?https?:|<link[^>]*href=["']?https?:|import\(["']https?:"""
    assert not re.findall(loads, page)  # nothing is loaded from the web
    assert (out / "mathjax" / "MathJax.js").is_file()
    assert (out / "student" / "mathjax" / "MathJax.js").is_file()  # the student site stands alone


def test_solutions_are_folded_with_their_code_and_output(site):
    out, _ = site
    page = _page(out, "01_first.html")
    start = page.index(
        '<details class="solution-cell"><summary><b>Solution</b>: open it after you have tried</summary>'
    )
    assert start < page.index("SECRET-LINE") < page.index("</details>", start)
    code = page.index("<summary><b>Solution</b> (code and output): open it after you have tried</summary>")
    assert code < page.index("CODE-SOLUTION-OUTPUT") < page.index("</details>", code)


def test_the_student_site_has_no_solution_at_all(site):
    out, _ = site
    for name in ("01_first.html", "06_next.html", "summaries.html"):
        page = _page(out / "student", name)
        assert "SECRET-LINE" not in page and "CODE-SOLUTION-OUTPUT" not in page and "Solution" not in page
    page = _page(out / "student", "01_first.html")
    assert "Not done yet" in page and "RECAP-LINE" in page
    assert "FULL-EDITION-ONLY" not in page and "FULL-EDITION-ONLY" in _page(out, "01_first.html")
    assert "without their solutions" in _page(out / "student", "index.html")
    assert "student/index.html" not in _page(out / "student", "index.html")


def test_the_summaries_page_collects_each_recap_on_a_printed_page_of_its_own(site):
    out, _ = site
    page = _page(out, "summaries.html")
    assert page.count("RECAP-LINE") == 3 and "NOT-RECAP" not in page
    assert page.index("First lesson") < page.index("Last lesson")
    assert page.count('<div class="page-break"></div>') == 3
    assert ".page-break { break-after: page; }" in page


def test_export_of_a_missing_folder_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"source must be an existing folder of lessons"):
        export_html.export(tmp_path / "nowhere", tmp_path / "html")


def test_export_of_a_folder_without_lessons_raises_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"found none"):
        export_html.export(tmp_path, tmp_path / "html")


def test_static_widgets_of_something_that_is_not_a_notebook_raises_type_error():
    with pytest.raises(TypeError, match=r"nb must be a notebook .*got list"):
        export_html.static_widgets([])


# -- in a browser, offline ---------------------------------------------------------------------------

OFFLINE_LESSONS = ("01_", "03_")  # formulas in prose and recap (primes, fractions), folded solutions


def _chromium():
    from browser_helpers import CHROMIUM_ARGS, chromium_executable

    path = chromium_executable()
    reason = None
    if path is None:
        reason = "no Chromium (install it: `apt-get install chromium`, or `bash .ci/run`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the Python package playwright is not installed (it is in requirements-dev.txt)"
    if reason:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"offline page test cannot run: {reason}", pytrace=False)
        pytest.skip(f"offline page test skipped: {reason}")
    return path, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def offline_pages(tmp_path_factory):
    """Two real lessons exported, opened in Chromium with every request off this disk refused."""
    chromium, args = _chromium()
    from playwright.sync_api import sync_playwright

    source = tmp_path_factory.mktemp("real")
    for prefix in OFFLINE_LESSONS:
        for path in LESSON_DIR.glob(f"{prefix}*.ipynb"):
            shutil.copy(path, source / path.name)
    out = tmp_path_factory.mktemp("real_site") / "html"
    pages = [p for p, _ in export_html.export(source, out)] + [out / "summaries.html"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=args, headless=True)
        context = browser.new_context(viewport={"width": 1024, "height": 900}, offline=True)
        refused: list[str] = []

        def only_files(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        context.route("**/*", only_files)
        yield context, pages, refused
        context.close()
        browser.close()


def _open(context, page_path: Path):
    """The page once MathJax has finished typesetting (or after 30 s, when it never loaded)."""
    page = context.new_page()
    page.goto(page_path.as_uri())
    try:
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue && MathJax.Hub.queue.pending === 0"
            " && MathJax.Hub.queue.running === 0 && document.querySelector('.MathJax, .MathJax_Display')",
            timeout=30_000,
        )
    except Exception:  # the assertions below say what is wrong
        pass
    return page


def test_offline_pages_render_every_formula(offline_pages):
    context, pages, refused = offline_pages
    for path in pages:
        page = _open(context, path)
        text = page.evaluate("() => document.body.innerText")
        page.close()
        assert "$$" not in text, f"{path.name}: raw $$ in the page's text (MathJax did not typeset)"
        assert "\\frac" not in text, f"{path.name}: raw \\frac in the page's text (MathJax did not typeset)"
        assert "Math Processing Error" not in text, (
            f"{path.name}: MathJax failed on a formula (a font missing?)"
        )
    assert not refused, f"the pages asked the network for {refused[:3]}"


def test_offline_solutions_show_nothing_until_their_summary_is_clicked(offline_pages):
    context, pages, _ = offline_pages
    for path in (p for p in pages if p.name != "summaries.html"):
        page = _open(context, path)
        folds = page.locator("details.solution-cell")
        assert folds.count() > 0, f"{path.name}: no folded solution"
        for i in range(folds.count()):
            fold = folds.nth(i)
            body = fold.locator(":scope > :not(summary)").first
            assert not body.is_visible(), f"{path.name}: solution {i + 1} shows before it is opened"
            fold.locator("summary").click()
            assert body.is_visible(), (
                f"{path.name}: solution {i + 1} stays hidden after its summary is clicked"
            )
        page.close()


def test_lesson_stats_count_prose_outside_code_and_solutions_exercises_and_panels():
    nb = _widget_lesson()
    nb.cells[0].source = "one two three\n\n```python\nnot counted at all\n```\nfour"
    stats = export_html.lesson_stats(nb)
    # by hand: the title cell 4 words; "Not part of the recap NOT-RECAP" + "## Next" 8; the recap
    # cell "## Recap - odds run from 0 to infinity RECAP-LINE ### Key formula $p = 3/4$" 16
    assert stats["words"] == 4 + 8 + 16
    assert stats["exercises"] == 1 and stats["panels"] == 2
    assert stats["exercise_min"] == export_html.MINUTES_PER_EXERCISE
