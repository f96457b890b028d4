"""The state reference table's shape in each builder (issue 16): rows that fit, a PDF table that prints.

Built for real from tests/roots/test-tables (the browser and PDF checks of how it looks are in tests/e2e).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, requires_dot, write_project
from ..tables import tables

pytestmark = requires_dot


def read(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="tables", confoverrides={"html_theme": "basic"})
def test_each_state_is_a_row_with_its_transitions_listed_under_it(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "full.html")
    (table,) = tables(page)
    assert table.headings == ["State", "VM_STATE", "LCM_STATE", "Short", "Meaning"]
    running = table.row("RUNNING")
    assert running.id == "one-state-vm-complete-RUNNING"  # links point at it, as before
    assert running.cells[1:4] == ["3", "3", "runn"]
    assert "SHUTDOWN (terminate [--hard])" in running.moves["To"]  # a command as written: no en dash
    assert running.moves["From"].startswith("BOOT, SHUTDOWN,")
    assert table.row("DONE").moves.keys() == {"From"}  # a final state: nothing to go to, no empty list
    # the state's cell spans its transitions; a long name may break after its underscores, not elsewhere
    assert '<td rowspan="3"><p><a' in page
    assert ">PROLOG_<wbr />MIGRATE_<wbr />SUSPEND</code>" in page
    assert '<p class="onestates-code"><span class="onestates-label">VM_STATE</span>3</p>' in page  # kept whole
    # the column widths come from the content: the state column is wider than a code column
    widths = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)%" />', page)]
    assert len(widths) == 5 and widths[0] > 2 * widths[1] and widths[4] == max(widths)


@pytest.mark.sphinx("latex", testroot="tables")
def test_latex_sets_the_figure_in_place_and_the_table_as_a_longtable(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    chapter = tex[tex.index(r"\chapter{Every virtual machine state}") : tex.index(r"\chapter{Around a running VM}")]
    # the figure stays before its table: not floated ([H]), so it cannot drift behind twelve pages of table
    assert r"\begin{figure}[H]" in chapter
    assert chapter.index(r"\begin{figure}") < chapter.index(r"\begin{longtable}")
    # headings on every page, no coloured rows (a state's transition rows would be striped apart)
    assert r"\sphinxthistablewithnocolorrowsstyle" in chapter and r"\endhead" in chapter
    assert re.search(r"\\begin\{longtable\}\{\|\\X\{\d+\}\{86\}\|", chapter)  # widths from the content
    assert r"PROLOG\_\allowbreak{}MIGRATE\_\allowbreak{}SUSPEND" in chapter  # breaks after underscores
    assert r"\raggedright\arraybackslash The VM waits in the queue" in chapter  # no justified gaps
    # a state's rows stay on one page, without Sphinx's rules (rows of their own) between them
    running = chapter[chapter.index("one-state-vm-complete-RUNNING}}") :]
    running = running[: running.index("one-state-vm-complete-MIGRATE}}")]
    assert running.count("\\\\*\n") == 2 and r"\sphinxcline" not in running.split(r"\sphinxstylestrong{To}")[0]


@pytest.mark.sphinx("latex", testroot="tables")
def test_latex_breaks_long_tokens_and_sizes_columns_by_their_pieces(app: SphinxTestApp) -> None:
    """A URL, a short name with underscores, a name without any: each may break, so none leaves its cell."""
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    chapter = tex[tex.index(r"\chapter{Long names and values}") :]
    assert r"https:/\allowbreak{}/\allowbreak{}example.\allowbreak{}com/\allowbreak{}a/" in chapter
    assert r"another\_\allowbreak{}long\_\allowbreak{}short\_\allowbreak{}name" in chapter
    assert r"A\penalty100{}V\penalty100{}E\penalty100{}R" in chapter  # no underscore: anywhere, at a cost
    assert r"LONG\_\allowbreak{}CODE" in chapter
    # the meaning is not widened by the URL: the columns add up to the text block, as for any table
    long_table, _ = re.findall(r"\\begin\{longtable\}\{([^\n]*)\}\n", chapter)
    assert re.fullmatch(r"(\|\\X\{\d+\}\{86\})+\|", long_table), long_table


@pytest.mark.sphinx("texinfo", testroot="tables")
def test_builders_without_tables_list_each_state_and_keep_its_link_target(app: SphinxTestApp) -> None:
    app.build()
    info = next(Path(app.outdir).glob("*.texi")).read_text(encoding="utf-8")
    assert "@anchor{full one-state-vm-complete-RUNNING}" in info
    assert "@multitable" not in info  # no table of five columns in an info reader
    assert "VM_STATE: 3; LCM_STATE: 3; Short: runn" in info
    assert re.search(r"@geindex RUNNING\b", info)  # the state's index entries stay with it


def test_commands_in_meanings_keep_their_double_hyphens(tmp_path: Path) -> None:
    """Smart quotes made ``--hard`` in a meaning an en dash (``–hard``): a command the reader types."""
    source = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_onestates"]\n',
            "index.rst": "T\n=\n\n.. one-states:: vm-complete\n   :states: SHUTDOWN, CLEANUP_DELETE\n",
        },
    )
    html = (Path(build("html", source).outdir) / "index.html").read_text(encoding="utf-8")
    assert "a kill with --hard" in html and "–hard" not in html


def test_only_names_with_a_piece_too_long_to_keep_whole_may_break_anywhere(tmp_path: Path) -> None:
    """sphinx_rtd_theme cut "MONITORED" into "MONITORE"/"D": a name breaks after its underscores only, and a
    piece longer than LONG_TOKEN (a URL, a name without underscores) is marked to break anywhere."""
    source = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_onestates"]\n',
            "g.dot": (
                "digraph g { MONITORED -> ABCDEFGHIJKLMNOPQRSTUVWXYZ [kind = command]; "
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ [final = true] }"
            ),
            "index.rst": "T\n=\n\n.. one-states:: g.dot\n   :table: only\n",
        },
    )
    app = build("html", source)
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<code class="([^"]*onestates-state-name[^"]*)">([^<]*)</code>', html)
    assert {text: "onestates-long" in classes for classes, text in names} == {
        "MONITORED": False,
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ": True,
    }
    css = (Path(app.outdir) / "_static" / "onestates.css").read_text(encoding="utf-8")
    assert ":not(.onestates-long) { overflow-wrap: normal; }" in css
