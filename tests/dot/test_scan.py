"""The scan of DOT text for what parsers do not keep: on which line each node and edge is, which nodes
have a statement of their own, and which were declared twice with different values."""

from __future__ import annotations

from sphinx_onestates.core.model import Conflict, Edge
from sphinx_onestates.dot.scan import Token, scan, tokens


def test_a_node_is_located_at_the_line_it_first_appears_on() -> None:
    found = scan("digraph g {\n  a -> b;\n  b [label=x];\n  c;\n}\n")
    assert found.node_lines == {"a": 2, "b": 2, "c": 4}


def test_the_graph_and_keyword_names_are_no_nodes() -> None:
    found = scan('strict digraph "name" {\n  graph [rankdir=LR];\n  node [shape=box];\n  subgraph sub { x }\n}')
    assert set(found.node_lines) == {"x"}


def test_only_nodes_with_a_statement_of_their_own_are_declared() -> None:
    found = scan("digraph {\n  a -> b;\n  a [short=x];\n  c, d;\n  rank = same;\n}")
    assert found.declared == {"a", "c", "d"}


def test_a_node_declared_twice_differently_is_a_conflict_with_both_values() -> None:
    found = scan('digraph {\n  A [short=x, meaning="m"];\n  A [short=y, meaning="m"];\n}')
    assert found.conflicts == [Conflict(node="A", attribute="short", first="x", later="y")]
    assert found.statement_attrs["A"] == {"short": "y", "meaning": "m"}


def test_edge_attributes_are_not_a_node_declaration() -> None:
    found = scan("digraph {\n  a -> b [label=one];\n  a -> b [label=two];\n}")
    assert found.conflicts == []
    assert found.declared == set()


def test_each_edge_between_two_nodes_is_located_at_its_own_line() -> None:
    found = scan("digraph {\n  a -> b;\n  b -> a;\n\n  a -> b [label=again];\n}")
    assert found.edge_lines == {Edge("a", "b"): [2, 5], Edge("b", "a"): [3]}


def test_an_edge_to_a_port_is_located_at_its_own_line() -> None:
    """``a -> b:n`` is an edge from a to b (a port says where on b it ends), on the line it is written."""
    found = scan("digraph {\n  a;\n  b;\n  a -> b:n;\n  a:s -> b:n:w;\n}")
    assert found.edge_lines == {Edge("a", "b"): [4, 5]}


def test_comments_and_multi_line_strings_keep_the_line_count() -> None:
    text = 'digraph {\n  /* a -> b\n  c */\n  # x -> y\n  "two\nlines" -> d; // e -> f\n  g;\n}'
    found = scan(text)
    assert found.node_lines == {"two\nlines": 5, "d": 6, "g": 7}
    assert found.edge_lines == {Edge("two\nlines", "d"): [6]}


def test_tokens_are_records_with_their_line() -> None:
    assert list(tokens('a -> "b"\n[x=<y>]')) == [
        Token("id", "a", 1),
        Token("op", "->", 1),
        Token("string", '"b"', 1),
        Token("op", "[", 2),
        Token("id", "x", 2),
        Token("op", "=", 2),
        Token("html", "<y>", 2),
        Token("op", "]", 2),
    ]
