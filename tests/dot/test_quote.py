"""DOT string literals: what emit_dot writes can never end early, and reads back as written."""

from __future__ import annotations

import pytest

from sphinx_onestates.dot.quote import quote, unquote
from sphinx_onestates.dot.read import read_dot


@pytest.mark.parametrize(
    "value",
    ["RUNNING", "", "two words", 'say "hi"', "a\\nb", "line\nbreak", "<b>not html</b>", "ünïcödé ✓", "a\\\\b"],
)
def test_a_quoted_value_reads_back_as_itself(value: str) -> None:
    assert unquote(quote(value)) == value


def test_a_quote_in_a_value_cannot_end_the_literal(pydot_only: None) -> None:
    """A state named to look like DOT stays one node with that name: nothing it holds becomes a statement."""
    name = 'a"]; evil [label="pwned'
    graph = read_dot(f"digraph {{ {quote(name)} [label={quote('x')}]; }}")
    assert list(graph.nodes) == [name]
    assert graph.nodes[name]["label"] == "x"


def test_a_trailing_backslash_gets_another_so_the_quote_stays_closing() -> None:
    assert quote("a\\") == '"a\\\\"'
    assert quote('a\\"') == '"a\\\\\\""'


def test_unquote_reads_a_literal_as_graphviz_does() -> None:
    assert unquote('"say \\"hi\\""') == 'say "hi"'
    assert unquote('"keep \\n escapes"') == "keep \\n escapes"
    assert unquote('"joined \\\nline"') == "joined line"
    assert unquote("<<b>html</b>>") == "<<b>html</b>>"
    assert unquote("  plain_id  ") == "plain_id"
