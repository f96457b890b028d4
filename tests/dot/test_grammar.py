"""DOT as Graphviz reads it: every statement form, with and without the optional separators.

Semicolons and commas are optional in DOT, and the ``graphviz`` Python package (which pytransitions and
django-fsm write with) leaves them out. Each test here failed when the scan guessed statements from
separators: a file without them read as one node declared twice, on the wrong lines.
"""

from __future__ import annotations

from hypothesis import given

from sphinx_onestates.core.check import check
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.dot.interpret import load_text

from ..conftest import requires_dot
from ..strategies import FAST, Graph, graphs

pytestmark = requires_dot


def _model(machine: StateMachine) -> object:
    """What a reader sees of a machine: states with their facts and lines, transitions with theirs."""
    return (
        machine.title,
        sorted(machine.states.values(), key=lambda s: s.name),
        sorted(machine.pseudo.values(), key=lambda p: p.name),
        sorted(machine.transitions, key=lambda t: (t.source, t.target, t.label, t.line or 0)),
        machine.conflicts,
    )


@FAST
@given(graphs())
def test_a_file_reads_the_same_with_and_without_separators(graph: Graph) -> None:
    assert _model(load_text(graph.bare, "g.dot")) == _model(load_text(graph.text, "g.dot"))


def test_node_statements_without_semicolons_are_separate_statements() -> None:
    machine = load_text('digraph g {\n  a [label="A"]\n  b [label="B"]\n  a -> b\n}\n', "g.dot")
    assert machine.conflicts == []
    assert [(s.name, s.label, s.line, s.declared) for s in machine.states.values()] == [
        ("a", "A", 2, True),
        ("b", "B", 3, True),
    ]
    assert [t.line for t in machine.transitions] == [4]
    assert [p.message for p in check(machine) if p.rule in ("conflict", "undeclared")] == []


def test_edge_chains_subgraph_ends_and_ports_are_edges_on_their_lines() -> None:
    text = "digraph {\n  a -> b -> c\n  {d e} -> f\n  g:n -> h:s:w\n  i -> {j k}\n}"
    machine = load_text(text, "g.dot")
    edges = [(t.source, t.target, t.line) for t in machine.transitions]
    assert sorted(edges) == sorted(
        [("a", "b", 2), ("b", "c", 2), ("d", "f", 3), ("e", "f", 3), ("g", "h", 4), ("i", "j", 5), ("i", "k", 5)]
    )
    assert {name for name, s in machine.states.items() if s.declared} == {"d", "e", "j", "k"}


def test_comments_continued_and_joined_strings_and_quoted_keywords() -> None:
    text = (
        "strict digraph {\n"
        "  // a -> x\n"
        "  /* b -> y */\n"
        "# c -> z\n"
        '  "node" [label="long \\\nline"]\n'
        '  "edge" [label="joined " + "text"]\n'
        '  "node" -> "edge"\n'
        "  NODE [shape=box]\n"
        "  n1\n"
        "}"
    )
    machine = load_text(text, "g.dot")
    assert sorted(machine.states) == ["edge", "n1", "node"]
    assert machine.states["node"].label == "long line"
    assert machine.states["edge"].label == "joined text"
    assert (machine.states["node"].line, machine.states["edge"].line, machine.states["n1"].line) == (5, 7, 10)
    assert [(t.source, t.target, t.line) for t in machine.transitions] == [("node", "edge", 8)]


def test_defaults_in_any_scope_apply_as_graphviz_applies_them() -> None:
    text = "digraph {\n  edge [style=dashed]\n  a -> b\n  subgraph s { edge [style=dotted] b -> c }\n  c -> d\n}"
    kinds = {(t.source, t.target): t.kind for t in load_text(text, "g.dot").transitions}
    assert kinds == {("a", "b"): "automatic", ("b", "c"): "failure", ("c", "d"): "automatic"}


def test_an_edge_s_transitions_go_where_its_arrowheads_point() -> None:
    text = "digraph { a -> b [dir=back, label=back]; b -> c [dir=both, label=both]; c -> d [dir=none] }"
    edges = [(t.source, t.target, t.label) for t in load_text(text, "g.dot").transitions]
    assert edges == [("b", "a", "back"), ("b", "c", "both"), ("c", "b", "both"), ("c", "d", "")]
