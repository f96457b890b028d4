"""Hostile graph files through a whole build: the build ends, the output is well-formed, the warnings are located."""

from __future__ import annotations

import html
import os
import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.sphinx_ext.render_cache import cache_folder

from ..conftest import build, copy_root, needs_wasm, requires_dot

pytestmark = requires_dot


def warnings_of(app: SphinxTestApp, source: Path | None = None) -> list[str]:
    """The warning lines of a build, paths relative to its source folder, without colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{source or app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


def titles(page: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", page)


# -- 1. parent cycles and deep parent chains ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="parent-cycles")
def test_parent_cycles_are_located_warnings_and_the_graphs_are_drawn(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app)
    assert (
        "self.dot:4: WARNING: state 'A' is its own parent; the parent link is ignored [onestates.check.parent-cycle]"
        in warnings
    ), warnings
    assert (
        "cycle.dot:4: WARNING: parent cycle: 'B' has parent 'C', which has parent 'B'; these parent links are "
        "ignored [onestates.check.parent-cycle]" in warnings
    ), warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2
    assert {"A", "C", "D", "cluster_B"} <= set(titles(page))  # B frames D; no link of the cycle frames anything


def write_chain(source: Path, depth: int) -> None:
    """A graph whose states are nested ``depth`` frames deep: S0 inside S1 inside ... inside S<depth>."""
    source.mkdir()
    states = "\n".join(f"  S{i} [parent = S{i + 1}];" for i in range(depth))
    (source / "chain.dot").write_text(
        f"digraph chain {{\n  user [pseudo = initial];\n{states}\n  S{depth} [final = true];\n"
        f"  user -> S0;\n  S0 -> S{depth};\n}}\n"
    )
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n")
    (source / "index.rst").write_text(
        "Chain\n=====\n\n.. one-states:: chain.dot\n\n"
        f".. one-states:: chain.dot\n   :states: S0, S1, S2, S{depth}\n   :no-index:\n"
    )


def test_a_parent_chain_600_levels_deep_is_listed_and_its_parts_drawn(tmp_path: Path) -> None:
    # build(), not the app fixture: the 600-level graph is generated here rather than kept as a test root
    source = tmp_path / "src"
    write_chain(source, 600)
    app = build("html", source)
    assert [line for line in warnings_of(app, source) if "too-large" not in line] == []
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'id="one-state-chain-S600"' in page  # the whole chain is listed
    assert "cluster_S2" in page and "cluster_S1" in page and "<title>S0</title>" in page  # part of it, drawn


def test_a_parent_chain_600_levels_deep_is_drawn_when_allowed(tmp_path: Path) -> None:
    # build(): generated graph, as above
    source = tmp_path / "src"
    write_chain(source, 600)
    app = build("html", source, confoverrides={"onestates_max_drawn_states": 1000})
    assert warnings_of(app, source) == []
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "cluster_S600" in page and "cluster_S1" in page and "<title>S0</title>" in page


# -- 2. names that look like entities, and characters XML forbids --------------------------------------------


def written_xml(app: SphinxTestApp) -> list[Path]:
    """Every XHTML page and SVG drawing of a build: the output folder's and the render cache's."""
    out, cache = Path(app.outdir), cache_folder(app.config, app.outdir)
    return sorted([*out.rglob("*.xhtml"), *out.rglob("*.svg"), *cache.rglob("*.svg")])


NEEDS_WASM = needs_wasm


@pytest.mark.parametrize(
    ("builder", "dot"),
    [("html", "dot"), ("epub", "dot"), pytest.param("html", "/nonexistent/dot", marks=NEEDS_WASM, id="html-wasm")],
)
def test_hostile_names_leave_every_page_and_drawing_well_formed_xml(tmp_path: Path, builder: str, dot: str) -> None:
    # build(), not the app fixture: one test for both builders (and both Graphviz), each into its own folder
    source = copy_root("hostile-xml", tmp_path)
    app = build(builder, source, confoverrides={"epub_copyright": "x", "version": "1", "onestates_dot": dot})
    files = written_xml(app)
    assert any(path.suffix == ".svg" for path in files)
    if builder == "epub":
        assert any("onestates-svg" in path.read_text(encoding="utf-8") for path in files if path.suffix == ".xhtml")
    for path in files:
        ET.parse(path)  # raises on anything ill-formed
    if builder == "html":
        page = (Path(app.outdir) / "graph.html").read_text(encoding="utf-8")
        drawn = {html.unescape(title) for title in titles(page)}  # as a browser reads them
        assert {"&copy;", "&lt;b&gt;", "&#1;x", "a<U+0001>b", "<U+000B>", "cluster_&amp;frame"} <= drawn, drawn
        assert 'id="one-state-graph-a-U-0001-b"' in page and ">a&lt;U+0001&gt;b</code>" in page


# -- 3. graph files that would make Graphviz read other files ------------------------------------------------


def test_a_graph_that_names_files_is_drawn_with_located_warnings_and_reads_none(tmp_path: Path) -> None:
    # build(): the FIFO is made at run time (git keeps none), and its path is written into the graph
    source = tmp_path / "src"
    source.mkdir()
    trap = tmp_path / "trap.png"
    os.mkfifo(trap)
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n")
    (source / "index.rst").write_text("Files\n=====\n\n.. one-states:: files.dot\n")
    (source / "files.dot").write_text(
        "digraph files {\n"
        '  graph [layout = neato, imagepath = "/"];\n'
        "  user [pseudo = initial];\n"
        f'  A [image = "{trap}", final = true];\n'
        f'  B [label = <<TABLE><TR><TD><IMG SRC="{trap}"/></TD><TD>B</TD></TR></TABLE>>];\n'
        "  user -> B -> A;\n"
        "}\n"
    )
    start = time.monotonic()
    app = build("html", source, confoverrides={"onestates_timeout": 10})
    assert time.monotonic() - start < 8, "Graphviz waited on the FIFO"
    reads = "a graph may not make Graphviz read files [onestates.graph]"
    assert warnings_of(app, source) == [
        f"files.dot:2: WARNING: ignored imagepath='/': {reads}",
        f"files.dot:4: WARNING: ignored image='{trap}': {reads}",
        f"files.dot:5: WARNING: ignored <IMG SRC='{trap}'> in an HTML-like label: {reads}",
    ]
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<title>A</title>" in page and "<title>B</title>" in page
    assert str(trap) not in page


# -- 4. the WebAssembly Graphviz keeps to onestates_timeout ------------------------------------------------


@NEEDS_WASM
def test_without_dot_a_drawing_that_takes_too_long_is_stopped_and_warned(tmp_path: Path) -> None:
    # build(): the slow graph is generated here
    source = tmp_path / "src"
    source.mkdir()
    rng = random.Random(2)
    edges = "\n".join(f"  n{rng.randrange(130)} -> n{rng.randrange(130)};" for _ in range(420))
    (source / "slow.dot").write_text(f"digraph slow {{\n{edges}\n}}\n")
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n")
    (source / "index.rst").write_text("Slow\n====\n\n.. one-states:: slow.dot\n")
    start = time.monotonic()
    app = build("html", source, confoverrides={"onestates_dot": "/nonexistent/dot", "onestates_timeout": 0.5})
    assert time.monotonic() - start < 20
    stopped = "Graphviz took longer than 0.5 s (onestates_timeout) and was stopped [onestates.graphviz]"
    assert f"index.rst:4: WARNING: {stopped}" in warnings_of(app, source)
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<svg" not in page and 'id="one-state-slow-n1"' in page  # the table stays


# -- 5. names Graphviz takes for its own; a syntax error seen only by the WebAssembly Graphviz --------------


def test_names_that_start_with_percent_are_listed_drawn_and_linked(tmp_path: Path) -> None:
    # build(): the graph is written here
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n")
    (source / "index.rst").write_text("Percent\n=======\n\n.. one-states:: pct.dot\n\nSee :one:state:`pct/%2`.\n")
    (source / "pct.dot").write_text(
        'digraph pct {\n  user [pseudo = initial];\n  "%1" -> "%2" [label = "go"];\n  "%2" [final = true];\n'
        '  user -> "%1";\n}\n'
    )
    app = build("html", source)
    assert warnings_of(app, source) == []
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert {"%1", "%2", "%1->%2"} <= {html.unescape(title) for title in titles(page)}
    assert '<span class="pre">%2</span>' in page and 'href="#one-state-pct-2"' in page


@NEEDS_WASM
def test_without_dot_a_syntax_error_is_a_located_graph_warning(tmp_path: Path) -> None:
    # build(): the robust root, built without dot
    source = copy_root("robust", tmp_path)
    app = build("html", source, confoverrides={"onestates_dot": "/nonexistent/dot"})
    [warning] = [line for line in warnings_of(app, source) if line.startswith("syntax.rst:")]
    assert warning.startswith("syntax.rst:4: WARNING: not a valid DOT graph: ")
    assert warning.endswith("(graphs/syntax.dot:3) [onestates.graph]")


def test_hostile_names_leave_the_epub_well_formed_with_png_drawings(tmp_path: Path) -> None:
    """The PNG's image map carries Graphviz's tooltips (titles): an entity-like name must not make them ill-formed."""
    source = copy_root("hostile-xml", tmp_path)
    overrides = {"epub_copyright": "x", "version": "1", "onestates_html_format": "png"}
    app = build("epub", source, confoverrides=overrides)
    pages = [path for path in written_xml(app) if path.suffix == ".xhtml"]
    assert any("<area" in path.read_text(encoding="utf-8") for path in pages)
    for path in pages:
        ET.parse(path)  # raises on anything ill-formed
