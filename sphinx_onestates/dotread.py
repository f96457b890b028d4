"""Read DOT text into plain nodes and edges, the way Graphviz reads it.

pydot does the parsing. Graphviz accepts a few constructs that pydot rejects
(upstream OpenNebula writes ``a, b;``), so when pydot fails the text is first
normalised by Graphviz itself (``dot -Tcanon``) and parsed again. pydot keeps
attribute statements (``edge [style=dashed]``) as pseudo-nodes and does not
apply them; :func:`read_dot` applies them in statement order, scope by scope,
as Graphviz does.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydot

from .errors import OneStatesError

Attrs = dict[str, str]


@dataclass
class RawEdge:
    source: str
    target: str
    attrs: Attrs
    line: int | None = None


@dataclass
class RawGraph:
    """A DOT graph with defaults applied: every node, every edge, in order."""

    name: str
    attrs: Attrs = field(default_factory=dict)
    nodes: dict[str, Attrs] = field(default_factory=dict)
    node_lines: dict[str, int] = field(default_factory=dict)
    edges: list[RawEdge] = field(default_factory=list)
    #: Nodes with a node statement of their own (the others only appear in edges).
    declared: set[str] = field(default_factory=set)
    #: (node, attribute, first value, later value) where a node is declared twice, differently.
    conflicts: list[tuple[str, str, str, str]] = field(default_factory=list)


def unquote(value: str) -> str:
    """The value of a DOT ID as Graphviz's lexer reads it.

    Quotes are removed, ``\\"`` becomes ``"`` and line continuations vanish;
    other backslashes stay (they are label escapes such as ``\\n``). HTML-like
    values keep their angle brackets so that callers can recognise them.
    """
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', value, flags=re.S)
        body = "".join(parts) if parts else value[1:-1]
        return body.replace('\\"', '"').replace("\\\r\n", "").replace("\\\n", "")
    return value


def quote(value: str) -> str:
    """A DOT string literal for ``value`` (the inverse of :func:`unquote`)."""
    body = value.replace('"', '\\"')
    if body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2:
        body += " "  # a lone trailing backslash would escape the closing quote
    return f'"{body}"'


_PORTED = re.compile(r'^("(?:[^"\\]|\\.)*"|<.*>|[^:]+)(?::.*)?$', re.S)


def _node_id(raw: str) -> str:
    """A node name without its port (``a:n`` is node ``a``)."""
    match = _PORTED.match(raw.strip())
    return unquote(match.group(1) if match else raw)


def _attrs(obj: Mapping[str, Any]) -> Attrs:
    return {str(k): unquote(str(v)) for k, v in obj.get("attributes", {}).items() if v is not None}


class _Reader:
    """Walks pydot's tree in statement order, applying attribute statements."""

    def __init__(self) -> None:
        self.graph = RawGraph(name="")

    def read(self, root: pydot.Dot) -> RawGraph:
        self.graph.name = unquote(root.get_name() or "")
        self.graph.attrs.update(_attrs(root.obj_dict))
        self._walk(root.obj_dict, {}, {}, top=True)
        return self.graph

    @staticmethod
    def _statements(obj: Mapping[str, Any]) -> list[tuple[int, str, Mapping[str, Any]]]:
        items: list[tuple[int, str, Mapping[str, Any]]] = []
        for kind in ("nodes", "edges", "subgraphs"):
            for entries in obj.get(kind, {}).values():
                for entry in entries:
                    items.append((entry.get("sequence", 0), kind, entry))
        return sorted(items, key=lambda item: item[0])

    def _walk(self, obj: Mapping[str, Any], node_defaults: Attrs, edge_defaults: Attrs, top: bool = False) -> list[str]:
        """Read one (sub)graph body; returns the nodes it mentions."""
        node_defaults, edge_defaults = dict(node_defaults), dict(edge_defaults)
        members: list[str] = []
        for _, kind, entry in self._statements(obj):
            if kind == "nodes":
                name = str(entry["name"])
                attrs = _attrs(entry)
                if name == "node":
                    node_defaults.update(attrs)
                elif name == "edge":
                    edge_defaults.update(attrs)
                elif name == "graph":
                    if top:
                        self.graph.attrs.update(attrs)
                else:
                    node = _node_id(name)
                    self._declare(node, node_defaults, attrs)
                    self.graph.declared.add(node)
                    members.append(node)
            elif kind == "subgraphs":
                members += self._walk(entry, node_defaults, edge_defaults)
            else:
                members += self._edge(entry, node_defaults, edge_defaults)
        return members

    def _declare(self, node: str, defaults: Attrs, attrs: Attrs) -> None:
        if node in self.graph.nodes:
            known = self.graph.nodes[node]
            for key, value in attrs.items():
                if key in known and known[key] != value:
                    self.graph.conflicts.append((node, key, known[key], value))
            known.update(attrs)
        else:
            self.graph.nodes[node] = {**defaults, **attrs}

    def _endpoint(self, point: Any, node_defaults: Attrs, edge_defaults: Attrs) -> list[str]:
        if isinstance(point, Mapping):  # a subgraph used as an edge end: {a b}
            return self._walk(point, node_defaults, edge_defaults)
        node = _node_id(str(point))
        self._declare(node, node_defaults, {})
        return [node]

    def _edge(self, entry: Mapping[str, Any], node_defaults: Attrs, edge_defaults: Attrs) -> list[str]:
        source, target = entry["points"]
        sources = self._endpoint(source, node_defaults, edge_defaults)
        targets = self._endpoint(target, node_defaults, edge_defaults)
        attrs = {**edge_defaults, **_attrs(entry)}
        for src in sources:
            for dst in targets:
                self.graph.edges.append(RawEdge(src, dst, dict(attrs)))
        return sources + targets


def _pydot_parse(text: str) -> tuple[pydot.Dot | None, str]:
    """pydot's graph, or None and what pydot complained about."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            graphs = pydot.graph_from_dot_data(text)
    except Exception as exc:  # pydot raises several types for bad input
        return None, f"{captured.getvalue()}\n{exc}"
    if not graphs:
        return None, captured.getvalue()
    return graphs[0], ""


def canonicalise(text: str, source: str, dot: str = "dot", timeout: float = 30) -> str:
    """Let Graphviz rewrite ``text`` in its canonical DOT syntax."""
    try:
        done = subprocess.run(
            [dot, "-Tcanon"], input=text.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise OneStatesError(f"Graphviz ({dot}) is not installed", source=source, subtype="graphviz") from exc
    except subprocess.TimeoutExpired as exc:
        raise OneStatesError(f"Graphviz took longer than {timeout} s to read the file", source=source) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        match = re.search(r"line (\d+)", message)
        raise OneStatesError(
            "not a valid DOT graph: " + message.replace("<stdin>: ", "").replace("Error: ", ""),
            source=source,
            line=int(match.group(1)) if match else None,
        )
    return done.stdout.decode("utf-8")


def read_dot(text: str, source: str | Path = "<string>", dot: str = "dot") -> RawGraph:
    """Parse DOT text; raise :class:`OneStatesError` naming file and line."""
    source = str(source)
    if not text.strip():
        raise OneStatesError("the file is empty: it holds no DOT graph", source=source, line=1)
    root, complaint = _pydot_parse(text)
    if root is None:
        try:
            canon = canonicalise(text, source, dot)
        except OneStatesError as exc:
            if exc.subtype != "graphviz":
                raise
            match = re.search(r"line:(\d+)", complaint)
            reason = complaint.strip().splitlines()[-1] if complaint.strip() else "syntax error"
            raise OneStatesError(
                f"pydot cannot parse the file ({reason}) and Graphviz is not installed to normalise it",
                source=source,
                line=int(match.group(1)) if match else None,
            ) from exc
        root, complaint = _pydot_parse(canon)
        if root is None:
            raise OneStatesError(f"cannot read the graph: {complaint.strip()}", source=source)
    graph = _Reader().read(root)
    _locate(graph, text)
    return graph


# -- line numbers -------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?\*/|^[ \t]*\#[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<html><(?:[^<>]|<[^<>]*>)*>)
  | (?P<op>->|--|[\[\]{};=,:])
  | (?P<id>[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*|-?(?:\.\d+|\d+(?:\.\d*)?))
  | (?P<space>[ \t\r\f\v]+|\n)
  | (?P<other>.)
    """,
    re.S | re.M | re.X,
)


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, value, line) for every significant token of the DOT text."""
    line = 1
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match.group()
        if kind not in ("comment", "space"):
            yield kind, value, line
        line += value.count("\n")


def _locate(graph: RawGraph, text: str) -> None:
    """Give nodes and edges the line where the DOT text first names them."""
    depth = 0
    previous: tuple[str, str, int] | None = None
    pending_op: tuple[str, int] | None = None
    spans: dict[tuple[str, str], list[int]] = {}
    for kind, value, line in _tokens(text):
        if kind == "op" and value in "[]":
            depth += 1 if value == "[" else -1
            continue
        if depth or (previous and previous[1] == "="):
            previous = (kind, value, line)
            continue
        if kind in ("id", "string", "html"):
            name = unquote(value)
            graph.node_lines.setdefault(name, line)
            if pending_op is not None:
                spans.setdefault((pending_op[0], name), []).append(line)
                pending_op = None
        elif kind == "op" and value in ("->", "--") and previous and previous[0] in ("id", "string", "html"):
            pending_op = (unquote(previous[1]), line)
        previous = (kind, value, line)
    for edge in graph.edges:
        lines = spans.get((edge.source, edge.target))
        edge.line = lines.pop(0) if lines else graph.node_lines.get(edge.source)
    graph.edges.sort(key=lambda edge: edge.line or 0)
