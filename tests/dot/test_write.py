"""The DOT that draws a view: read back with pydot (no Graphviz), it has the nodes, edges, frames,
stubs, key and links a reader of the figure sees."""

from __future__ import annotations

import re

import pytest

from sphinx_onestates.core.layout import Layout
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.read import RawGraph, read_dot
from sphinx_onestates.dot.write import emit_dot, wrap_name

pytestmark = pytest.mark.usefixtures("pydot_only")

DOOR = """digraph door {
  rankdir = LR;
  user [pseudo = initial];
  end [shape = point, label = "the end"];
  CLOSED [label = "Closed\\n(shut)"];
  OPEN;
  LOCKED [final = true];
  BROKEN [internal = true];
  user -> CLOSED [label = "install"];
  CLOSED -> OPEN [label = "open"];
  OPEN -> CLOSED [style = dashed];
  CLOSED -> LOCKED [label = "lock"];
  LOCKED -> BROKEN [style = dotted];
  BROKEN -> end;
}
"""

#: A house whose rooms are drawn as frames: HOUSE holds FLOOR, which holds ROOM; a frame is a parent state.
HOUSE = """digraph house {
  HOUSE; FLOOR [parent = HOUSE]; ROOM [parent = FLOOR]; HALL [parent = HOUSE]; GARDEN;
  HALL -> ROOM;
  GARDEN -> HOUSE [label = "enter"];
  FLOOR -> GARDEN [label = "leave"];
}
"""


@pytest.fixture
def door() -> StateMachine:
    return load_text(DOOR, "door.dot")


def reread(text: str) -> RawGraph:
    return read_dot(text, "emitted.dot")


def edges(graph: RawGraph) -> list[tuple[str, str, str]]:
    return [(e.source, e.target, e.attrs.get("label", "")) for e in graph.edges]


def test_every_state_and_pseudo_node_is_drawn_once_with_its_label(door: StateMachine) -> None:
    graph = reread(emit_dot(build_view(door)))
    assert set(graph.nodes) == {"user", "end", "CLOSED", "OPEN", "LOCKED", "BROKEN"}
    assert graph.nodes["CLOSED"]["label"] == "Closed\\n(shut)"
    assert graph.nodes["CLOSED"]["tooltip"] == "Closed\\n(shut)"
    assert graph.nodes["end"]["label"] == ""  # an end point shows no text ...
    assert graph.nodes["end"]["tooltip"] == "the end"  # ... but names itself on hover


def test_every_transition_is_an_edge_styled_by_its_kind(door: StateMachine) -> None:
    graph = reread(emit_dot(build_view(door)))
    assert edges(graph) == [
        ("user", "CLOSED", "install"),
        ("CLOSED", "OPEN", "open"),
        ("OPEN", "CLOSED", ""),
        ("CLOSED", "LOCKED", "lock"),
        ("LOCKED", "BROKEN", ""),
        ("BROKEN", "end", ""),
    ]
    styles = [e.attrs["style"] for e in graph.edges]
    assert styles == ["solid", "solid", "dashed", "solid", "dotted", "solid"]
    assert graph.edges[2].attrs["class"] == "onestates-automatic onestates-f1 onestates-t0"


def test_final_internal_and_highlighted_states_look_different(door: StateMachine) -> None:
    graph = reread(emit_dot(build_view(door, Selection(highlight=("OPEN",)))))
    assert graph.nodes["LOCKED"]["peripheries"] == "2"
    assert graph.nodes["BROKEN"]["style"] == "rounded,filled,dashed"
    assert graph.nodes["OPEN"]["penwidth"] == "2.5"
    classes = {name: graph.nodes[name]["class"].split() for name in ("LOCKED", "BROKEN", "OPEN", "CLOSED")}
    assert "onestates-final" in classes["LOCKED"]
    assert "onestates-internal" in classes["BROKEN"]
    assert "onestates-highlight" in classes["OPEN"]
    assert classes["CLOSED"] == ["onestates-state", "onestates-n0"]


def test_the_direction_is_the_layouts_else_the_files(door: StateMachine) -> None:
    assert reread(emit_dot(build_view(door))).attrs["rankdir"] == "LR"
    assert reread(emit_dot(build_view(door), Layout(rankdir="BT"))).attrs["rankdir"] == "BT"
    house = load_text(HOUSE, "house.dot")
    assert reread(emit_dot(build_view(house), Layout(engine="neato"))).attrs["rankdir"] == "TB"


def test_a_path_through_hidden_states_is_one_dashed_edge_saying_through_which(door: StateMachine) -> None:
    view = build_view(door, Selection(states=("CLOSED", "BROKEN")))
    graph = reread(emit_dot(view))
    hidden = [e for e in graph.edges if "onestates-hidden-path" in e.attrs["class"]]
    assert [(e.source, e.target, e.attrs["label"], e.attrs["tooltip"]) for e in hidden] == [
        ("CLOSED", "BROKEN", "via 1 hidden state", "through LOCKED"),
    ]
    assert hidden[0].attrs["style"] == "dashed"
    # a way back through hidden states is said on the state, not drawn as a loop around it (issue 17)
    closed = graph.nodes["CLOSED"]
    assert "onestates-returns" in closed["class"] and closed["tooltip"].endswith("\\nreturns to itself through OPEN")


def test_stubs_point_towards_hidden_states(door: StateMachine) -> None:
    view = build_view(door, Selection(states=("CLOSED",)), hidden="stubs")
    graph = reread(emit_dot(view))
    stubs = [e for e in graph.edges if e.target.startswith("stub:")]
    assert [(e.source, e.target, e.attrs["arrowhead"], e.attrs["tooltip"]) for e in stubs] == [
        ("CLOSED", "stub:0:OPEN", "none", "to OPEN"),
        ("CLOSED", "stub:1:LOCKED", "none", "to LOCKED"),
    ]
    assert graph.nodes["stub:0:OPEN"]["shape"] == "point"


def test_hidden_states_can_be_dropped(door: StateMachine) -> None:
    view = build_view(door, Selection(states=("CLOSED", "BROKEN")), hidden="drop")
    assert edges(reread(emit_dot(view))) == [("user", "CLOSED", "install"), ("BROKEN", "end", "")]


def test_frames_are_nested_clusters_and_edges_to_a_frame_end_at_its_border() -> None:
    text = emit_dot(build_view(load_text(HOUSE, "house.dot")))
    assert 'compound="true"' in text
    clusters = re.findall(r'^( *)subgraph "(cluster_\w+)"', text, re.M)
    assert clusters == [("  ", "cluster_HOUSE"), ("    ", "cluster_FLOOR")]
    graph = reread(text)
    assert "HOUSE" not in graph.nodes and "FLOOR" not in graph.nodes  # frames are drawn as clusters
    ends = {(e.source, e.target): (e.attrs.get("ltail"), e.attrs.get("lhead")) for e in graph.edges}
    assert ends == {
        ("HALL", "ROOM"): (None, None),
        ("GARDEN", "ROOM"): (None, "cluster_HOUSE"),  # into the house: drawn to a room, ends at the wall
        ("ROOM", "GARDEN"): ("cluster_FLOOR", None),
    }


def test_the_key_lists_only_the_kinds_drawn_and_is_no_part_of_the_drawing(door: StateMachine) -> None:
    commands_and_failures = build_view(door, Selection(kinds=frozenset({"command", "failure"})))
    assert commands_and_failures.key() == [("command", "command"), ("failure", "failure")]
    assert "legend" not in emit_dot(commands_and_failures)  # a row under the figure, not a Graphviz cluster
    assert build_view(door, Selection(states=("OPEN",)), hidden="drop").key() == []
    assert build_view(door, Selection(states=("OPEN",))).key() == [("through hidden states", "hidden-path")]


def test_links_are_percent_encoded_and_only_where_given(door: StateMachine) -> None:
    def url(name: str) -> str | None:
        return None if name == "OPEN" else f"states.html#{name}<&>"

    graph = reread(emit_dot(build_view(door), node_url=url))
    assert graph.nodes["CLOSED"]["URL"] == "states.html#CLOSED%3C%26%3E"
    assert "URL" not in graph.nodes["OPEN"]
    assert "URL" not in graph.nodes["user"]  # pseudo-nodes are no states: nothing to link to


def test_names_and_labels_cannot_add_statements() -> None:
    machine = load_text('digraph { "a\\"]; x -> y; z [label=\\"" -> "B" [label="}\\n{ q -> r"] }', "evil.dot")
    text = emit_dot(build_view(machine), node_url=lambda name: f"#{name}")
    graph = reread(text)
    states = set(machine.states)
    assert set(graph.nodes) == states
    assert [(e.source, e.target) for e in graph.edges] == [('a"]; x -> y; z [label="', "B")]


def test_the_same_view_is_written_the_same_way(door: StateMachine) -> None:
    assert emit_dot(build_view(door)) == emit_dot(build_view(door), Layout(), None, "Helvetica")
    assert emit_dot(build_view(door)).startswith('digraph "onestates" {\n')  # not the file's name
    assert emit_dot(build_view(door)).endswith("}\n")


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("PROLOG_MIGRATE_UNKNOWN_FAILURE", "PROLOG_MIGRATE_\nUNKNOWN_FAILURE"),
        ("DISK_SNAPSHOT_DELETE", "DISK_SNAPSHOT_\nDELETE"),
        ("SHUTDOWN_UNDEPLOY", "SHUTDOWN_\nUNDEPLOY"),
        ("RUNNING", "RUNNING"),  # short
        ("wait for the call-back", "wait for the call-back"),  # the author's spaces: not ours to break
        ("WAITINGFORTHECALLBACKX", "WAITINGFORTHECALLBACKX"),  # nowhere to break
        ("_PRIVATE_", "_PRIVATE_"),
    ],
)
def test_long_names_are_drawn_on_lines_broken_after_underscores(name: str, drawn: str) -> None:
    assert wrap_name(name) == drawn


def test_the_figure_breaks_a_long_name_and_the_tooltip_keeps_it() -> None:
    machine = load_text(
        "digraph g { PROLOG_MIGRATE_UNKNOWN_FAILURE -> B; B -> PROLOG_MIGRATE_UNKNOWN_FAILURE }", "g.dot"
    )
    node = reread(emit_dot(build_view(machine))).nodes["PROLOG_MIGRATE_UNKNOWN_FAILURE"]
    assert node["label"] == "PROLOG_MIGRATE_\\nUNKNOWN_FAILURE" and node["tooltip"] == "PROLOG_MIGRATE_UNKNOWN_FAILURE"
