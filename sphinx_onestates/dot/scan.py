"""A scan of DOT text for what parsers do not keep: lines, node statements, the graphs of a file.

Graphviz and pydot say which nodes and edges a file has, but not on which line
each one is, nor which nodes have a statement of their own (rather than only
appearing in edges), nor whether a node was declared twice with different
facts, nor how many graphs the file holds and of which kind. The scan answers
those from the tokens, statement by statement as DOT's grammar has them (so
``;`` and ``,`` are optional, as they are for Graphviz); what the graph *is*
comes from Graphviz's own reading (:mod:`~sphinx_onestates.dot.read`).
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


@dataclass(frozen=True)
class GraphHead:
    """A graph's opening (``strict digraph name {``): which kind, its name, its line; and where the graph
    is in the text (its first character, and the one after its closing brace)."""

    directed: bool
    name: str
    line: int
    start: int = 0
    end: int = 0


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
    #: Every graph of the file, in order (Graphviz reads the first).
    graphs: list[GraphHead] = field(default_factory=list)
    #: Nodes written as HTML-like IDs or given an HTML-like label (``label = <...>``).
    html_labels: set[str] = field(default_factory=set)
    #: Named subgraph -> the line of its first ``subgraph`` statement (where a frame it makes is written).
    subgraph_lines: dict[str, int] = field(default_factory=dict)


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


def scan(text: str) -> Scan:
    """Read the statements of every graph in the text, as DOT's grammar has them."""
    found = list(spans(text))
    return _Parser([token for token, _start, _end in found], [(start, end) for _token, start, end in found]).run()


_EDGE_OPS = ("->", "--")


class _Parser:
    """A recursive-descent walk of DOT's grammar (graphviz.org/doc/info/lang.html) over the tokens.

    It finds statements as Graphviz does, so ``;`` and ``,`` are optional, edges chain (``a -> b -> c``),
    a subgraph may be an edge's end (``{a b} -> c``), ports follow node IDs, quoted strings join with
    ``+``. Graphviz has read the file already (so it is valid DOT): a token the grammar does not expect
    is stepped over.
    """

    def __init__(self, items: list[Token], places: list[tuple[int, int]]) -> None:
        self.items = items
        #: Where each token starts and ends in the text.
        self.places = places
        self.pos = 0
        self.found = Scan()

    def run(self) -> Scan:
        while self.pos < len(self.items):
            self._graph()
        return self.found

    # -- looking at tokens ----------------------------------------------------------------------------

    def _peek(self, ahead: int = 0) -> Token | None:
        index = self.pos + ahead
        return self.items[index] if index < len(self.items) else None

    def _is(self, value: str, ahead: int = 0) -> bool:
        token = self._peek(ahead)
        return token is not None and token.kind == "op" and token.value == value

    def _keyword(self, ahead: int = 0) -> str | None:
        """The keyword at the token (bare, in any letter case, as Graphviz reads them), else None."""
        token = self._peek(ahead)
        if token is not None and token.kind == "id" and token.value.lower() in KEYWORDS:
            return token.value.lower()
        return None

    def _is_id(self, ahead: int = 0) -> bool:
        token = self._peek(ahead)
        return token is not None and token.kind in NAMES and self._keyword(ahead) is None

    def _id(self) -> tuple[str, Token]:
        """An ID (quoted strings joined by ``+`` are one), and its first token."""
        first = self.items[self.pos]
        self.pos += 1
        value = unquote(first.value)
        while first.kind == "string" and self._is("+") and (following := self._peek(1)) and following.kind == "string":
            value += unquote(following.value)
            self.pos += 2
        return value, first

    # -- the grammar ----------------------------------------------------------------------------------

    def _graph(self) -> None:
        """``[strict] (graph | digraph) [ID] { stmt_list }``."""
        first = self.pos
        if self._keyword() == "strict":
            self.pos += 1
        keyword, start = self._keyword(), self._peek()
        if keyword not in ("graph", "digraph") or start is None:
            self.pos += 1  # not a graph's opening: step over it
            return
        self.pos += 1
        name = self._id()[0] if self._is_id() else ""
        if self._is("{"):
            self.pos += 1
            self._statements()
        end = self.places[min(self.pos, len(self.places)) - 1][1]
        self.found.graphs.append(GraphHead(keyword == "digraph", name, start.line, self.places[first][0], end))

    def _statements(self) -> list[str]:
        """``stmt_list }``: the nodes the statements mention (a subgraph's members)."""
        members: list[str] = []
        while self.pos < len(self.items) and not self._is("}"):
            before = self.pos
            members += self._statement()
            if self._is(";") or self._is(","):
                self.pos += 1
            if self.pos == before:
                self.pos += 1  # a token the grammar does not expect here
        self.pos += 1  # the closing brace
        return members

    def _statement(self) -> list[str]:
        keyword = self._keyword()
        if keyword in ("graph", "node", "edge") and self._is("[", 1):
            self.pos += 1
            self._attribute_lists()
            return []
        if keyword == "subgraph" or self._is("{"):
            return self._edges(self._subgraph())
        if self._is_id() and self._is("=", 1):  # ``rank = same``
            self.pos += 2
            if self._is_id():
                self._id()
            return []
        if self._is_id():
            name, token = self._node_id()
            if self._edge_op():
                return self._edges([name])
            self.found.node_lines.setdefault(name, token.line)
            self.found.declared.add(name)
            if token.kind == "html":
                self.found.html_labels.add(name)
            self._node_attributes(name, self._attribute_lists())
            return [name]
        return []

    def _subgraph(self) -> list[str]:
        """``[subgraph [ID]] { stmt_list }``: its members."""
        if self._keyword() == "subgraph":
            line = self.items[self.pos].line
            self.pos += 1
            if self._is_id():
                self.found.subgraph_lines.setdefault(self._id()[0], line)
        if not self._is("{"):
            return []
        self.pos += 1
        return self._statements()

    def _node_id(self) -> tuple[str, Token]:
        """``ID [: ID [: ID]]``: a node and its port."""
        name, token = self._id()
        self.found.node_lines.setdefault(name, token.line)
        while self._is(":") and self._is_id(1):
            self.pos += 1
            self._id()
        return name, token

    def _edge_op(self) -> bool:
        token = self._peek()
        return token is not None and token.kind == "op" and token.value in _EDGE_OPS

    def _edges(self, sources: list[str]) -> list[str]:
        """``end (-> end)+ [attr_list]``, from the first end (already read); every node mentioned."""
        mentioned = list(sources)
        while self._edge_op():
            self.pos += 1
            start = self._peek()
            if start is None:
                break
            if self._keyword() == "subgraph" or self._is("{"):
                targets = self._subgraph()
            elif self._is_id():
                targets = [self._node_id()[0]]
            else:
                break
            for source in sources:
                for target in targets:
                    self.found.edge_lines.setdefault(Edge(source, target), []).append(start.line)
            mentioned += targets
            sources = targets
        self._attribute_lists()
        return mentioned

    def _attribute_lists(self) -> dict[str, str]:
        """``[a = b, ...] [...]``: the attributes, merged in order."""
        attrs: dict[str, str] = {}
        while self._is("["):
            self.pos += 1
            while self.pos < len(self.items) and not self._is("]"):
                if self.items[self.pos].kind in NAMES:  # a key: keywords too (``[label = x]``)
                    key, _token = self._id()
                    if self._is("="):
                        self.pos += 1
                        if self.pos < len(self.items) and self.items[self.pos].kind in NAMES:
                            value, token = self._id()
                            attrs[key] = value
                            if key == "label" and token.kind == "html":
                                attrs[_HTML] = "1"
                        continue
                self.pos += 1
            self.pos += 1
        return attrs

    def _node_attributes(self, node: str, attrs: dict[str, str]) -> None:
        """Merge a node statement's attributes into the node's, noting values that differ from earlier ones."""
        if attrs.pop(_HTML, None):
            self.found.html_labels.add(node)
        known = self.found.statement_attrs.setdefault(node, {})
        for key, new in attrs.items():
            if key in known and known[key] != new:
                self.found.conflicts.append(Conflict(node, key, known[key], new))
            known[key] = new


#: Marks, among a statement's attributes, a label written as an HTML-like ID.
_HTML = "\x00html"
