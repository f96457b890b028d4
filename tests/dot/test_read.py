"""Reading DOT: one entry point, read_dot, which chooses between Graphviz's JSON and pydot.

Graphviz is replaced by a stand-in here, so these tests say what read_dot does with each answer
Graphviz can give, on a machine with or without Graphviz.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import Conflict
from sphinx_onestates.core.subtypes import Subtype
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.read import read_dot, read_text

DOOR = """digraph door {
  rankdir = LR;
  node [shape = ellipse];
  CLOSED [short = "shut", meaning = ""];
  OPEN;
  edge [style = dashed];
  CLOSED -> OPEN [label = "open"];
  subgraph inner {
    edge [style = dotted];
    OPEN -> CLOSED;
  }
  OPEN -> OPEN;
}
"""


class StandIn:
    """A Graphviz that answers -Tjson with ``answer`` (bytes), or fails with it (an error)."""

    formats = ("svg", "json")

    def __init__(self, answer: bytes | OneStatesError) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def render(self, source: str, formats: tuple[str, ...], engine: str = "dot") -> dict[str, bytes]:
        self.asked.append(engine)
        if isinstance(self.answer, OneStatesError):
            raise self.answer
        return {"json": self.answer}


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> list[StandIn]:
    """Put a stand-in Graphviz in place: append one to the list returned."""
    tools: list[StandIn] = []
    monkeypatch.setattr("sphinx_onestates.dot.runner.find_graphviz", lambda *args, **kwargs: tools[0])
    return tools


def test_pydot_applies_attribute_statements_in_order_and_by_scope(pydot_only: None) -> None:
    graph = read_dot(DOOR, "door.dot")
    assert graph.name == "door"
    assert graph.attrs["rankdir"] == "LR"
    assert graph.nodes["CLOSED"]["shape"] == "ellipse"
    edges = [(e.source, e.target, e.attrs.get("style"), e.line) for e in graph.edges]
    assert edges == [("CLOSED", "OPEN", "dashed", 7), ("OPEN", "CLOSED", "dotted", 10), ("OPEN", "OPEN", "dashed", 12)]


def test_nodes_know_their_line_and_whether_they_have_a_statement(pydot_only: None) -> None:
    graph = read_dot("digraph {\n  a -> b;\n  b [short=x];\n}")
    assert graph.node_lines == {"a": 2, "b": 2}
    assert graph.declared == {"b"}


def test_an_attribute_set_to_nothing_is_kept_since_it_means_none(pydot_only: None) -> None:
    assert read_dot(DOOR).nodes["CLOSED"]["meaning"] == ""


def test_a_node_declared_twice_differently_is_reported_as_a_conflict(pydot_only: None) -> None:
    graph = read_dot("digraph {\n  A [short=x];\n  A [short=y];\n}")
    assert graph.conflicts == [Conflict("A", "short", "x", "y")]
    assert graph.nodes["A"]["short"] == "y"


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_an_empty_file_is_an_error_at_line_one(text: str) -> None:
    with pytest.raises(OneStatesError) as caught:
        read_dot(text, "empty.dot")
    assert str(caught.value) == "empty.dot:1: the file is empty: it holds no DOT graph"
    assert caught.value.subtype == Subtype.GRAPH


def test_without_graphviz_a_syntax_error_is_located(pydot_only: None) -> None:
    with pytest.raises(OneStatesError) as caught:
        read_dot("digraph {\n  a;\n  a -> ;\n}", "bad.dot")
    assert caught.value.source == "bad.dot"
    assert caught.value.line == 3
    assert caught.value.message.startswith("not a valid DOT graph: ")


def test_graphviz_json_is_read_without_what_the_layout_added(stand_in: list[StandIn]) -> None:
    answer = {
        "name": "door",
        "directed": True,
        "rankdir": "LR",
        "bb": "0,0,10,10",
        "_subgraph_cnt": 1,
        "objects": [
            {"_gvid": 0, "name": "cluster_x", "label": "frame"},
            {"_gvid": 1, "name": "CLOSED", "short": "shut", "shape": "ellipse", "pos": "1,1", "width": "0.7"},
            {"_gvid": 2, "name": "OPEN", "shape": "ellipse"},
        ],
        "edges": [
            {"_gvid": 1, "tail": 2, "head": 1, "style": "dotted", "lp": "3,3"},
            {"_gvid": 0, "tail": 1, "head": 2, "style": "dashed", "label": "open"},
        ],
    }
    stand_in.append(StandIn(json.dumps(answer).encode()))
    graph = read_dot(DOOR, "door.dot")
    assert stand_in[0].asked == ["osage"]  # the quick layout: only the reading is wanted
    assert graph.attrs == {"rankdir": "LR"}
    assert graph.nodes["CLOSED"] == {"meaning": "", "short": "shut", "shape": "ellipse"}
    assert set(graph.nodes) == {"CLOSED", "OPEN"}  # the subgraph is no node
    edges = [(e.source, e.target, e.attrs, e.line) for e in graph.edges]
    assert edges == [
        ("CLOSED", "OPEN", {"style": "dashed", "label": "open"}, 7),
        ("OPEN", "CLOSED", {"style": "dotted"}, 10),
    ]


def test_json_that_graphviz_writes_wrongly_is_read_by_pydot(stand_in: list[StandIn]) -> None:
    stand_in.append(StandIn(b'{"name": "door", "objects": [}'))
    assert set(read_dot(DOOR).nodes) == {"CLOSED", "OPEN"}


def test_when_graphviz_fails_on_a_good_file_pydot_reads_it(stand_in: list[StandIn]) -> None:
    """Graphviz may crash or be stopped: no proof that the file is bad."""
    stand_in.append(StandIn(OneStatesError("Graphviz took longer than 30 s", subtype=Subtype.GRAPHVIZ)))
    assert set(read_dot(DOOR).nodes) == {"CLOSED", "OPEN"}


def test_when_both_fail_graphviz_says_what_is_wrong(stand_in: list[StandIn]) -> None:
    complaint = "Graphviz failed to draw the diagram: Error: <stdin>: syntax error in line 3 near ';'"
    stand_in.append(StandIn(OneStatesError(complaint, subtype=Subtype.GRAPHVIZ)))
    with pytest.raises(OneStatesError) as caught:
        read_dot("digraph {\n  a;\n  a -> ;\n}", "bad.dot")
    assert str(caught.value) == "bad.dot:3: not a valid DOT graph: syntax error in line 3 near ';'"
    assert caught.value.subtype == Subtype.GRAPH


def test_read_text_drops_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.dot"
    path.write_bytes(b"\xef\xbb\xbfdigraph { a }")
    assert read_text(path) == "digraph { a }"


def test_read_text_locates_a_byte_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.dot"
    path.write_bytes(b'digraph {\n  a [label="caf\xe9"];\n}')
    with pytest.raises(OneStatesError) as caught:
        read_text(path)
    assert caught.value.line == 2
    assert caught.value.message == "the file is not UTF-8 (byte 0xe9 at offset 25)"


def test_a_file_that_cannot_be_read_is_a_file_warning(tmp_path: Path) -> None:
    with pytest.raises(OneStatesError) as caught:
        read_text(tmp_path / "missing.dot")
    assert caught.value.subtype == Subtype.FILE
    assert caught.value.message == "cannot read the file: No such file or directory"


@pytest.mark.graphviz
def test_graphviz_and_pydot_give_the_same_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw readings differ in what Graphviz writes out (``label="\\N"``, empty edge labels), not in meaning."""
    with_graphviz = load_text(DOOR, "door.dot")
    monkeypatch.setattr("sphinx_onestates.dot.runner.find_graphviz", lambda *args, **kwargs: None)
    with_pydot = load_text(DOOR, "door.dot")
    assert with_graphviz.states == with_pydot.states
    assert with_graphviz.transitions == with_pydot.transitions
    assert with_graphviz.attributes == with_pydot.attributes
