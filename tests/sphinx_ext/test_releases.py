"""Release lines: ``:release:`` and ``onestates_release`` choose the built-in graphs; two releases on one page keep
their links apart; ``one-states-diff`` shows what changed, in HTML and in LaTeX."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.core import builtin

from ..conftest import build, copy_root, requires_dot, write_project

pytestmark = requires_dot

releases_html = pytest.mark.sphinx("html", testroot="releases")


def page(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def row(html: str, anchor: str) -> str:
    """The table row with id ``anchor`` (its ``<tr>`` tag included), up to the next row."""
    start = html.rindex("<tr", 0, html.index(f'id="{anchor}"'))
    return html[start : html.index("</tr>", start)]


@releases_html
def test_the_2016_snapshot_has_prolog_migrate_unknown_and_no_cloning(app: SphinxTestApp) -> None:
    app.build()
    both = page(app, "both.html")
    # the project's release (7.4) has CLONING; the 2016 table has no such row, and has retired 58 live
    assert 'id="one-state-vm-complete-CLONING"' in both
    assert "one-state-vm-complete-2016-03-CLONING" not in both
    unknown = row(both, "one-state-vm-complete-2016-03-PROLOG_MIGRATE_UNKNOWN")
    assert re.search(r">60<", unknown), unknown
    assert 'id="one-state-vm-complete-2016-03-DISK_SNAPSHOT_REVERT"' in both


@releases_html
def test_two_releases_on_one_page_keep_their_ids_and_links_apart(app: SphinxTestApp) -> None:
    app.build()
    both = page(app, "both.html")
    assert 'id="one-figure-vm-complete"' in both and 'id="one-figure-vm-complete-2016-03"' in both
    for state in ("PROLOG_MIGRATE_UNKNOWN", "PROLOG_MIGRATE"):
        assert f'id="one-state-vm-complete-{state}"' in both
        assert f'id="one-state-vm-complete-2016-03-{state}"' in both
    # :one:state: names a release's state by the graph key with @release
    assert 'href="#one-state-vm-complete-2016-03-DISK_SNAPSHOT_REVERT"' in both
    assert 'href="#one-state-vm-complete-2016-03-PROLOG_MIGRATE_UNKNOWN"' in both
    assert 'href="#one-state-vm-complete-CLONING"' in both
    assert "unknown state" not in app.warning.getvalue()


@releases_html
def test_wrong_releases_warn_at_their_lines(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    expected = (
        r"missing\.rst:4: WARNING: :release: must be one of 2016-03, 5\.0, 7\.4, not '4\.14' \[onestates\.option\]",
        r"missing\.rst:8: WARNING: one-states-diff needs :from: \(a release: 2016-03, 5\.0, 7\.4\) "
        r"\[onestates\.option\]",
        r"missing\.rst:10: WARNING: :from: must be one of 2016-03, 5\.0, 7\.4, not '4\.14' \[onestates\.option\]",
    )
    for pattern in expected:
        assert re.search(pattern, warnings), warnings
    # an unknown :release: is ignored: the project's release is drawn
    assert "one-state-vm-complete-RUNNING" in page(app, "missing.html")


@releases_html
def test_the_diff_page_marks_cloning_added_in_its_table_and_figure(app: SphinxTestApp) -> None:
    app.build()
    html = page(app, "diff.html")
    cloning = row(html, "one-diff-vm-complete-from-2016-03-CLONING")
    assert (
        'class="onestates-added' in cloning
        and "+\u00a0added" in cloning
        and "STATE\u00a010" in cloning
        and ">CLONING<" in cloning
    )
    revert = row(html, "one-diff-vm-complete-from-2016-03-DISK_SNAPSHOT_REVERT")
    assert "onestates-removed" in revert and "-\u00a0removed" in revert
    # a changed transition, with its command as written (no en dash)
    assert re.search(r"onestates-removed.*?RUNNING.*?SHUTDOWN.*?shutdown \[--hard\]", html, re.S)
    assert re.search(r"onestates-added.*?RUNNING.*?SHUTDOWN.*?terminate \[--hard\]", html, re.S)
    svg = html[html.index("<svg") : html.index("</svg>")].replace("&#45;", "-")  # Graphviz writes - as &#45;
    # in the figure: the sign on the label (no colour needed) and the added colour family
    assert re.search(r"<text[^>]*>\+ CLONING</text>", svg)
    assert re.search(r"<text[^>]*>- DISK_SNAPSHOT_REVERT</text>", svg)
    assert "onestates-tone-green" in svg and "onestates-tone-red" in svg
    assert "Key: " in html and "+ added in 7.4 (green)" in html and "- removed since 2016-03 (red)" in html
    # the figure's added states link to their rows in the table
    assert 'href="#one-diff-vm-complete-from-2016-03-CLONING"' in svg


@releases_html
def test_a_diff_without_changes_says_so_and_table_only_draws_no_figure(app: SphinxTestApp) -> None:
    app.build()
    html = page(app, "diff.html")
    assert "OneFlow service life cycle (OpenNebula 5.0): no change from 2016-03 to 5.0." in html
    # vm-complete's figure and image-nonpersistent's (:table: none); image-persistent's diff has :table: only
    assert html.count("<svg") == 2
    assert "one-diff-image-nonpersistent" not in html  # no rows, and no links to rows
    locked = row(html, "one-diff-image-persistent-from-2016-03-LOCKED_USED_PERS")
    assert "onestates-added" in locked and "STATE\u00a010" in locked


def test_the_diff_page_in_latex_lists_cloning_as_added(tmp_path: Path) -> None:
    app = build("latex", copy_root("releases", tmp_path))
    tex = (Path(app.outdir) / "releases.tex").read_text(encoding="utf-8")
    diff = tex[tex.index("From March 2016 to 7.4") :]
    assert re.search(r"\+\sadded\n.{0,300}?\nCLONING\n", diff, re.S), diff[:3000]  # a row: its change, then its state
    assert "DISK\\_\\allowbreak{}SNAPSHOT\\_\\allowbreak{}REVERT\n" in diff and "removed" in diff
    assert "\\begin{sphinxlegend}" in diff and "Key: " in diff
    assert "terminate {[}\\sphinxhyphen{}\\sphinxhyphen{}hard{]}" in diff  # the command as written
    assert re.search(r"\\sphinxincludegraphics.*\{\{onestates-[0-9a-f]+\}\.pdf\}", diff)


@pytest.fixture
def two_releases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A graphs folder whose 7.4 has a graph (``door``) that 2016-03 lacks, as 7.4 has ``host`` and the seed no
    host facts: the package's lookups read it for the test."""
    graphs = tmp_path / "graphs"
    for release in ("7.4", "2016-03"):
        shutil.copytree(builtin.graphs_dir() / release, graphs / release)
    shutil.copy(Path(__file__).parents[1] / "roots" / "test-directive" / "graphs" / "door.dot", graphs / "7.4")
    monkeypatch.setattr(builtin, "graphs_dir", lambda: graphs)
    builtin.releases.cache_clear()
    builtin.builtin_names.cache_clear()
    yield graphs
    builtin.releases.cache_clear()
    builtin.builtin_names.cache_clear()


def test_a_graph_the_release_lacks_is_a_located_release_warning(two_releases: Path, tmp_path: Path) -> None:
    source = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_onestates"]\nshow_warning_types = True\n',
            "index.rst": "Doors\n=====\n\n.. one-states:: door\n   :release: 2016-03\n\n.. one-states:: door\n",
        },
    )
    app = build("html", source)
    warnings = app.warning.getvalue()
    assert re.search(
        r"index\.rst:4: WARNING: release 2016-03 has no graph 'door' \(it is in release 7\.4; the graphs of "
        r"2016-03: image-nonpersistent, image-persistent, service, vm-complete, vm-simple\) \[onestates\.release\]",
        warnings,
    ), warnings
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert html.count('class="onestates-table') == 1  # the 7.4 door is drawn; the build went on


def test_the_diff_in_text_is_a_list_of_rows(tmp_path: Path) -> None:
    app = build("text", copy_root("releases", tmp_path))
    text = (Path(app.outdir) / "diff.txt").read_text(encoding="utf-8")
    assert "* + added | CLONING | VM_STATE 10 | The VM waits" in text
    assert "* - removed | RUNNING | SHUTDOWN | command | shutdown [--hard]" in text
    assert max(map(len, text.splitlines())) <= 100


def test_a_project_on_the_2016_line_keys_its_graphs_by_name(tmp_path: Path) -> None:
    """onestates_release = "2016-03": vm-complete is the 2016 graph under its plain name; 7.4 takes @7.4."""
    source = write_project(
        tmp_path,
        {
            "conf.py": 'extensions = ["sphinx_onestates"]\nonestates_release = "2016-03"\nshow_warning_types = True\n',
            "index.rst": (
                "VMs\n===\n\n.. one-states:: vm-complete\n   :states: PROLOG_MIGRATE_UNKNOWN, DISK_SNAPSHOT_REVERT\n\n"
                ".. one-states:: vm-complete\n   :release: 7.4\n   :states: CLONING\n\n"
                ".. one-states-diff:: vm-complete\n   :from: 7.4\n\n"
                "See :one:state:`vm-complete/DISK_SNAPSHOT_REVERT` and :one:state:`vm-complete@7.4/CLONING`.\n"
            ),
        },
    )
    app = build("html", source)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="one-state-vm-complete-DISK_SNAPSHOT_REVERT"' in html
    assert 'id="one-state-vm-complete-7.4-CLONING"' in html
    assert (
        'href="#one-state-vm-complete-DISK_SNAPSHOT_REVERT"' in html
        and 'href="#one-state-vm-complete-7.4-CLONING"' in html
    )
    # the diff goes from 7.4 to the project's release: DISK_SNAPSHOT_REVERT is added, CLONING removed
    assert "onestates-added" in row(html, "one-diff-vm-complete-from-7.4-DISK_SNAPSHOT_REVERT")
    assert "onestates-removed" in row(html, "one-diff-vm-complete-from-7.4-CLONING")


@pytest.mark.parametrize("project_release", ["7.4", "2016-03"])
def test_a_built_in_in_the_projects_words_stays_built_in_on_every_release_line(
    tmp_path: Path, project_release: str
) -> None:
    """onestates_graphs = {"vm-complete": {"catalog": ...}} rewords whichever release a page shows, and
    :release:, @release links and one-states-diff keep working (they refused a reworded built-in, and a
    project on 2016-03 got 7.4's graph read as a plain file against a full catalogue)."""
    other = "7.4" if project_release == "2016-03" else "2016-03"
    source = write_project(
        tmp_path,
        {
            "words.toml": '[states.RUNNING]\nmeaning = "Our own words for RUNNING."\n',
            "conf.py": (
                'extensions = ["sphinx_onestates"]\nshow_warning_types = True\n'
                f'onestates_release = "{project_release}"\n'
                'onestates_graphs = {"vm-complete": {"catalog": "words.toml"}}\n'
            ),
            "index.rst": (
                "VMs\n===\n\n.. one-states:: vm-complete\n   :states: RUNNING, PROLOG_MIGRATE*\n\n"
                f".. one-states:: vm-complete\n   :release: {other}\n   :states: RUNNING, PROLOG_MIGRATE*\n\n"
                f".. one-states-diff:: vm-complete\n   :from: {other}\n   :table: none\n\n"
                f"See :one:state:`vm-complete/RUNNING` and :one:state:`vm-complete@{other}/RUNNING`.\n"
            ),
        },
    )
    app = build("html", source)
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert html.count("Our own words for RUNNING.") == 2  # both releases' tables, reworded
    release_2016 = "" if project_release == "2016-03" else "2016-03-"
    assert f'id="one-state-vm-complete-{release_2016}PROLOG_MIGRATE_UNKNOWN"' in html  # 2016's own state
    assert f'href="#one-state-vm-complete-{other.replace(".", ".")}-RUNNING"' in html
    assert "onestates-diff" in html
