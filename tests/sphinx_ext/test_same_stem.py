"""Two graph files of one name in two folders are two graphs (issue 15).

``a/door.dot`` and ``b/door.dot`` were both the graph ``door``: their states, figures and links were
merged, so links and the rows' "show in the diagram" went to the other file's figure and rows. A graph
named by its path is keyed by that path (``a/door``, ``b/door``); its file name alone (``door``, ``gate``)
still names it in links while no other graph file has that name.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.sphinx_ext import domain

from ..conftest import build, copy_root, requires_dot
from .test_xref import inventory, page

pytestmark = requires_dot

samestem_html = pytest.mark.sphinx("html", testroot="samestem")


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def row_ids(app: SphinxTestApp) -> dict[str, str]:
    """The rows of tables.html by graph and state: front door first, then back door."""
    ids = re.findall(r'<tr class="onestates-row[^"]*" id="([^"]+)"', page(app, "tables.html"))
    assert len(ids) == 4, ids
    return dict(zip(["a/door/OPEN", "a/door/CLOSED", "b/door/OPEN", "b/door/LOCKED"], ids, strict=True))


@samestem_html
def test_links_go_to_the_rows_of_the_file_they_name(app: SphinxTestApp) -> None:
    app.build()
    rows = row_ids(app)
    assert len(set(rows.values())) == 4  # four rows, four anchors: nothing merged
    links = re.findall(r'href="tables\.html#([^"]+)"', page(app, "links.html"))
    assert links == [rows["a/door/OPEN"], rows["b/door/OPEN"], rows["b/door/LOCKED"], rows["b/door/LOCKED"]]


@samestem_html
def test_a_file_name_alone_still_names_a_graph_no_other_file_shares(app: SphinxTestApp) -> None:
    app.build()
    links = re.findall(r'href="(guide/gate\.html#[^"]+)"', page(app, "links.html"))
    assert len(links) == 2 and links[0] == links[1]  # gate/SHUT and guide/gate/SHUT: the same row
    assert 'id="one-state-guide-gate-SHUT"' in page(app, "guide/gate.html")


@samestem_html
def test_a_file_name_two_folders_share_is_ambiguous(app: SphinxTestApp) -> None:
    app.build(force_all=True)  # links are resolved, and warn, as pages are written
    assert warnings_of(app) == [
        f"{app.srcdir}/links.rst:7: WARNING: state 'door/OPEN' is ambiguous: 'door' is the name of the graphs "
        "a/door and b/door (files of one name in two folders); write one of a/door/OPEN, b/door/OPEN "
        "[onestates.ref]"
    ]


@samestem_html
def test_rows_link_back_to_the_figure_of_their_own_file(app: SphinxTestApp) -> None:
    app.build()
    figures = re.findall(r'href="([^"]+)" title="show in the diagram"', page(app, "tables.html"))
    assert [href.split("#")[0] for href in figures] == ["a_figure.html"] * 2 + ["b_figure.html"] * 2


@samestem_html
def test_diagram_nodes_link_to_the_rows_of_their_own_file(app: SphinxTestApp) -> None:
    app.build()
    rows = row_ids(app)
    for figure, door in [("a_figure.html", "a/door"), ("b_figure.html", "b/door")]:
        links = dict(re.findall(r'<a xlink:href="([^"]*)"[^>]*xlink:title="([^"]*)"', page(app, figure)))
        assert {href for href, title in links.items() if title == "OPEN"} == {f"tables.html#{rows[door + '/OPEN']}"}


@samestem_html
def test_objects_inv_holds_each_file_under_its_path_and_a_unique_name_alone(app: SphinxTestApp) -> None:
    app.build()
    rows = row_ids(app)
    states = inventory(app.outdir)["one:state"]
    assert {name: uri for name, uri in states.items() if "door" in name} == {
        name: f"tables.html#{anchor}" for name, anchor in rows.items()
    }
    assert states["gate/SHUT"] == states["guide/gate/SHUT"] == "guide/gate.html#one-state-guide-gate-SHUT"


@samestem_html
def test_genindex_lists_each_door(app: SphinxTestApp) -> None:
    app.build()
    index = page(app, "genindex.html")
    assert "a/door state" in index and "b/door state" in index
    assert "(state of Front door)" in index and "(state of Back door)" in index
    front, back = (index.count(f'href="tables.html#one-state-{door}-door-OPEN"') for door in "ab")
    assert front == back > 0


def test_a_second_file_of_one_name_makes_the_name_alone_ambiguous_on_the_next_build(tmp_path: Path) -> None:
    source = copy_root("samestem", tmp_path)
    for name in ("b_figure.rst", "tables.rst"):
        (source / name).unlink()
    (source / "index.rst").write_text("Doors\n=====\n\n.. toctree::\n\n   a_figure\n   links\n   guide/gate\n")
    (source / "links.rst").write_text("Links\n=====\n\nThe door: :one:state:`door/OPEN`.\n")
    (source / "a_figure.rst").write_text("Front\n=====\n\n.. one-states:: a/door.dot\n")
    first = build("html", source)
    assert not warnings_of(first)
    assert re.search(r'href="a_figure\.html#one-state-a-door-OPEN"', page(first, "links.html"))
    (source / "b_figure.rst").write_text("Back\n====\n\n.. one-states:: b/door.dot\n")
    (source / "index.rst").write_text((source / "index.rst").read_text() + "   b_figure\n")
    second = build("html", source)  # links.rst is not read again: its link is written again, and warns
    assert warnings_of(second) == [
        f"{source}/links.rst:4: WARNING: state 'door/OPEN' is ambiguous: 'door' is the name of the graphs "
        "a/door and b/door (files of one name in two folders); write one of a/door/OPEN, b/door/OPEN "
        "[onestates.ref]"
    ]
    assert "one-state-a-door-OPEN" not in page(second, "links.html")


def test_the_links_of_a_build_are_resolved_with_one_index_of_the_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    real = domain.StateFinder.__init__

    def counting(self: domain.StateFinder, known: Collection[tuple[str, str]]) -> None:
        made.append(len(known))
        real(self, known)

    monkeypatch.setattr(domain.StateFinder, "__init__", counting)
    source = copy_root("samestem", tmp_path)
    links = source / "links.rst"
    links.write_text(links.read_text() + "\n" + " ".join([":one:state:`b/door/LOCKED`"] * 200) + "\n")
    build("html", source)
    assert 1 <= len(made) <= 2, made  # once for the links of the pages read, once when they are written
