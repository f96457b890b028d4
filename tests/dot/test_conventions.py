"""Producers' conventions for what plain DOT cannot say (graphs/README.md, *Producers' conventions*).

Before these rules, each file here failed ``-W`` or drew what its author did not mean: the initial
marker was a state (or a final end point), double-bordered finals were dead ends, clusters were
flattened and their anchor point drawn as a stray dot, and every run gave another page.
"""

from __future__ import annotations

import pytest

from sphinx_onestates.core.check import check
from sphinx_onestates.dot.interpret import load_text

from ..conftest import requires_dot

pytestmark = requires_dot


def _roles(text: str) -> tuple[dict[str, str], set[str]]:
    machine = load_text(text, "m.dot")
    return {name: p.role for name, p in machine.pseudo.items()}, {n for n, s in machine.states.items() if s.final}


@pytest.mark.parametrize(
    "marker",
    [
        "__init_X [style=invis]",
        '__initial_140668218057104 [label="", shape=circle]',
        "start [shape=point]",
        'begin [label=""]',
        "hidden [style=invis]",
    ],
)
def test_an_initial_marker_is_no_state(marker: str) -> None:
    name = marker.split()[0]
    pseudo, _finals = _roles(f"digraph {{ {marker}; {name} -> A; A -> B; B [shape=doublecircle] }}")
    assert pseudo == {name.replace("140668218057104", "1"): "initial"}  # run-dependent numbers: 1, 2, ...


@pytest.mark.parametrize("final", ["shape=doublecircle", "peripheries=2", "shape=Msquare", "shape=doubleoctagon"])
def test_a_double_border_without_a_way_out_is_final(final: str) -> None:
    machine = load_text(f"digraph {{ A -> B; A -> C; B [{final}]; C [{final}]; C -> A }}", "m.dot")
    assert {n for n, s in machine.states.items() if s.final} == {"B"}  # C has a way out: two borders say "current"
    assert [p.rule for p in check(machine)] == []


def test_a_point_sink_is_the_end_point() -> None:
    assert _roles("digraph { A -> end; end [shape=point] }")[0] == {"end": "final"}


def test_in_a_file_that_marks_no_final_a_sink_is_final_and_elsewhere_a_dead_end() -> None:
    assert _roles("digraph { A -> B; A -> C }")[1] == {"B", "C"}
    marked = load_text("digraph { A -> B; A -> C; C [shape=doublecircle] }", "m.dot")
    assert [p.message for p in check(marked)] == ["state 'B' has no way out and is not marked final"]


def test_labelled_clusters_are_frames_and_compound_edges_their_transitions() -> None:
    text = """digraph {
      compound=true
      subgraph cluster_busy { label="Busy"
        subgraph cluster_inner { label="Inner"; x; y }
        a; b
      }
      subgraph cluster_layout { c }
      idle -> a [lhead=cluster_busy, label=start]
      b -> idle [ltail=cluster_busy, label=stop]
      x -> y -> b -> c
    }"""
    machine = load_text(text, "m.dot")
    parents = {name: s.parent for name, s in machine.states.items() if s.parent}
    assert parents == {"a": "busy", "b": "busy", "inner": "busy", "x": "inner", "y": "inner"}
    assert machine.states["busy"].label == "Busy"
    assert ("idle", "busy", "start") in {(t.source, t.target, t.label) for t in machine.transitions}
    assert ("busy", "idle", "stop") in {(t.source, t.target, t.label) for t in machine.transitions}


def test_a_frame_that_groups_final_states_is_no_dead_end() -> None:
    text = """digraph g {
      start [shape=point]
      start -> a  a -> ok  a -> err
      ok [shape=doublecircle]  err [shape=doublecircle]
      subgraph cluster_end { label="Ends"; ok; err }
    }"""
    machine = load_text(text, "group.dot")
    assert machine.states["end"].line == 5  # its subgraph statement
    assert [p.message for p in check(machine)] == []


def test_a_frame_around_a_dead_end_is_one_too_at_its_subgraph_line() -> None:
    text = """digraph g {
      a -> ok  a -> stuck
      ok [shape=doublecircle]
      subgraph cluster_end {
        label="Ends"; ok; stuck
      }
    }"""
    found = [(p.line, p.message) for p in check(load_text(text, "group.dot"))]
    assert found == [
        (2, "state 'stuck' has no way out and is not marked final"),
        (4, "state 'end' has no way out and is not marked final"),
    ]


def test_a_file_in_this_format_or_that_says_so_is_read_without_conventions() -> None:
    own = 'digraph { graph [title="T"]; A -> B; B [shape=doublecircle] }'
    assert _roles(own)[1] == set()
    off = "digraph { conventions=false; s [shape=point]; s -> A -> B }"
    assert _roles(off) == ({"s": "final"}, set())


@pytest.mark.usefixtures("pydot_only")
def test_without_graphviz_clusters_are_frames_too() -> None:
    text = 'digraph { subgraph cluster_busy { label="Busy"; subgraph cluster_in { graph [label=In]; x } a } a -> x }'
    machine = load_text(text, "m.dot")
    assert {name: s.parent for name, s in machine.states.items() if s.parent} == {"a": "busy", "in": "busy", "x": "in"}
    assert (machine.states["busy"].label, machine.states["in"].label) == ("Busy", "In")


def test_a_cluster_named_as_one_around_it_is_the_same_frame() -> None:
    """Found by fuzzing: the walk up to the enclosing frame went round for ever."""
    text = 'digraph { subgraph cluster_a { label="A"; subgraph cluster_a { label="A"; x } y } x -> y }'
    machine = load_text(text, "m.dot")
    assert {name: s.parent for name, s in machine.states.items() if s.parent} == {"x": "a", "y": "a"}
