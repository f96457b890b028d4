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
    return (token for token, _start, _end in spans(text))


def spans(text: str) -> Iterator[tuple[Token, int, int]]:
    """Every significant token of the DOT text, with where it starts and ends in the text."""
    line = 1
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if kind not in ("comment", "space"):
            yield Token(kind, value, line), match.start(), match.end()
        line += value.count("\n")


def _attributes(items: list[Token]) -> dict[str, str]:
    """``key = value`` pairs of one attribute list (its tokens, without the brackets)."""
    pairs: dict[str, str] = {}
    for index in range(len(items) - 2):
        if items[index + 1].value == "=" and items[index].kind in NAMES:
            pairs[unquote(items[index].value)] = unquote(items[index + 2].value)
    return pairs


def scan(text: str) -> Scan:
    """Walk the tokens once, statement by statement."""
    return _Scanner(list(tokens(text))).run()


_EDGE_OPS = ("->", "--")


class _Scanner:
    """The walk: a step per token, which says where the next step starts (attribute lists are one step)."""

    def __init__(self, items: list[Token]) -> None:
        self.items = items
        self.found = Scan()
        self.start = True  # at the start of a statement
        self.node: str | None = None  # the node statement in progress
        self.source: str | None = None  # the left end of an edge operator
        self.skip_name = False  # the next name is a graph's or a subgraph's

    def run(self) -> Scan:
        index = 0
        while index < len(self.items):
            index = self._step(index)
        return self.found

    def _step(self, index: int) -> int:
        kind = self.items[index].kind
        if kind == "op":
            return self._operator(index)
        if kind in NAMES:
            return self._name(index)
        return index + 1

    def _value(self, index: int) -> str:
        """The text of the token at ``index``; "" before the first token and after the last."""
        return self.items[index].value if 0 <= index < len(self.items) else ""

    def _operator(self, index: int) -> int:
        value = self.items[index].value
        if value == "[":
            return self._attribute_list(index)
        self.skip_name = False  # `digraph {`: the graph has no name
        if value in ";{}":
            self.start, self.node, self.source = True, None, None
        elif value == ",":
            self.start = self.node is not None  # `a, b;` declares two nodes
        elif value in _EDGE_OPS:
            self.node = None
        elif value == "=":
            self.start, self.node = False, None
            return index + 2  # `rank = same`: skip the value
        return index + 1

    def _attribute_list(self, index: int) -> int:
        """``[...]``: the attributes of the node statement in progress, if one is."""
        depth, end = 1, index + 1
        while end < len(self.items) and depth:
            token = self.items[end]
            depth += {"[": 1, "]": -1}.get(token.value, 0) if token.kind == "op" else 0
            end += 1
        if self.node is not None:
            self._node_attributes(self.node, _attributes(self.items[index + 1 : end - 1]))
        return end

    def _node_attributes(self, node: str, attrs: dict[str, str]) -> None:
        """Merge a node statement's attributes into the node's, noting values that differ from earlier ones."""
        known = self.found.statement_attrs.setdefault(node, {})
        for key, new in attrs.items():
            if key in known and known[key] != new:
                self.found.conflicts.append(Conflict(node, key, known[key], new))
            known[key] = new

    def _name(self, index: int) -> int:
        """A keyword, a graph's name, or a node: in a node statement, or an end of an edge."""
        token = self.items[index]
        name = unquote(token.value)
        if token.kind == "id" and name.lower() in KEYWORDS:
            self.skip_name = name.lower() in ("subgraph", "digraph", "graph")
            self.start, self.node = False, None
            return index + 1
        if self.skip_name:
            self.skip_name = False
            return index + 1
        previous = self._value(index - 1)
        while self._value(index + 1) == ":" and index + 2 < len(self.items):  # a port: `a:n`
            index += 2
        self._node(name, token.line, previous, self._value(index + 1))
        return index + 1

    def _node(self, name: str, line: int, previous: str, following: str) -> None:
        """A node's name, between the tokens ``previous`` and ``following``."""
        self.found.node_lines.setdefault(name, line)
        if previous in _EDGE_OPS and self.source is not None:
            self.found.edge_lines.setdefault(Edge(self.source, name), []).append(line)
        if following in _EDGE_OPS:
            self.source = name
        elif self.start and following != "=":
            self.found.declared.add(name)
            self.node = name
        self.start = False
