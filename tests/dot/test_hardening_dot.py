"""Hostile DOT in the DOT layer: names XML cannot hold as written, and what Graphviz makes of them."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import visible
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot import runner
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.quote import quote
from sphinx_onestates.dot.write import emit_dot

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
        ET.fromstring(tool.render(emit_dot(view, legend=True), ("svg",))["svg"])


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
