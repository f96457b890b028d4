"""A light scan of DOT text for what parsers do not keep: lines and node statements.

Graphviz and pydot say which nodes and edges a file has, but not on which line
each one is, nor which nodes have a statement of their own (rather than only
appearing in edges), nor whether a node was declared twice with different
facts. This scan answers those three questions from the tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from ..core.model import Conflict, Edge
from .quote import unquote

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?\*/|^[ \t]*\#[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<html><(?:[^<>]|<[^<>]*>)*>)
  | (?P<op>->|--|[\[\]{};=,:+])
  | (?P<id>[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*|-?(?:\.\d+|\d+(?:\.\d*)?))
  | (?P<space>[ \t\r\f\v]+|\n)
  | (?P<other>.)
    """,
    re.S | re.M | re.X,
)
KEYWORDS = {"graph", "node", "edge", "subgraph", "digraph", "strict"}
NAMES = ("id", "string", "html")


@dataclass
class Scan:
    """What the scan found."""

    node_lines: dict[str, int] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)
    #: Nodes declared twice with different values for an attribute.
    conflicts: list[Conflict] = field(default_factory=list)
    #: The lines of the edges between two nodes, in order.
    edge_lines: dict[Edge, list[int]] = field(default_factory=dict)
    #: Attributes given in node statements, merged in order.
    statement_attrs: dict[str, dict[str, str]] = field(default_factory=dict)


class Token(NamedTuple):
    """One significant token of DOT text."""

    #: ``string``, ``html``, ``id``, ``op`` or ``other``.
    kind: str
    value: str
    line: int


def tokens(text: str) -> Iterator[Token]:
    """Every significant token of the DOT text (no comments, no white space)."""
    line = 1
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if kind not in ("comment", "space"):
            yield Token(kind, value, line)
        line += value.count("\n")


def _attributes(items: list[Token]) -> dict[str, str]:
    """``key = value`` pairs of one attribute list (its tokens, without the brackets)."""
    pairs: dict[str, str] = {}
    for index in range(len(items) - 2):
        if items[index + 1][1] == "=" and items[index][0] in NAMES:
            pairs[unquote(items[index][1])] = unquote(items[index + 2][1])
    return pairs


def scan(text: str) -> Scan:
    """Walk the tokens once, statement by statement."""
    found = Scan()
    items = list(tokens(text))
    start = True  # at the start of a statement
    node: str | None = None  # the node statement in progress
    source: str | None = None  # the left end of an edge operator
    skip_name = False
    index = 0
    while index < len(items):
        kind, value, line = items[index]
        if value == "[" and kind == "op":
            depth, end = 1, index + 1
            while end < len(items) and depth:
                depth += {"[": 1, "]": -1}.get(items[end][1], 0) if items[end][0] == "op" else 0
                end += 1
            if node is not None:
                known = found.statement_attrs.setdefault(node, {})
                for key, new in _attributes(items[index + 1 : end - 1]).items():
                    if key in known and known[key] != new:
                        found.conflicts.append(Conflict(node, key, known[key], new))
                    known[key] = new
            index = end
            continue
        if kind == "op":
            skip_name = False  # `digraph {`: the graph has no name
        if kind == "op" and value in ";{}":
            start, node, source = True, None, None
        elif kind == "op" and value == ",":
            start = node is not None  # `a, b;` declares two nodes
        elif kind == "op" and value in ("->", "--"):
            node = None
        elif kind == "op" and value == "=":
            index += 2  # `rank = same`: skip the value
            start, node = False, None
            continue
        elif kind in NAMES:
            name = unquote(value)
            if kind == "id" and name.lower() in KEYWORDS:
                skip_name = name.lower() in ("subgraph", "digraph", "graph")
                start, node = False, None
                index += 1
                continue
            if skip_name:
                skip_name = False
                index += 1
                continue
            following = items[index + 1][1] if index + 1 < len(items) else ""
            while following == ":" and index + 2 < len(items):  # a port: `a:n`
                index += 2
                following = items[index + 1][1] if index + 1 < len(items) else ""
            found.node_lines.setdefault(name, line)
            previous = items[index - 1][1] if index else ""
            if previous in ("->", "--") and source is not None:
                found.edge_lines.setdefault(Edge(source, name), []).append(line)
            if following in ("->", "--"):
                source = name
            elif start and following != "=":
                found.declared.add(name)
                node = name
            start = False
        index += 1
    return found
