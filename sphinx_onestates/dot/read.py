"""Read DOT text into plain nodes and edges (a :class:`RawGraph`), the way Graphviz reads it.

:func:`read_dot` is the one way in; :func:`read_text` gets a file's text. Two strategies read the
graph, tried in this order (:func:`_read_graph` chooses):

1. **Graphviz's JSON** (``dot -Kosage -Tjson``), whenever a Graphviz is installed (the ``dot``
   program, or Graphviz in WebAssembly). It is exact, since anything Graphviz draws it reads
   (upstream OpenNebula writes ``a, b;``, which pydot rejects), and fast: 14 ms for vm-complete,
   where pydot takes 0.7 s.
2. **pydot**, when no Graphviz is installed, when Graphviz writes JSON that cannot be read, and when
   Graphviz fails: a crash or a hang is no proof that the file is bad (a warning says so). If pydot
   fails too, Graphviz's complaint is the one reported, unless only pydot's says on which line.
   pydot keeps attribute statements (``edge [style=dashed]``) as pseudo-nodes without applying
   them, so :class:`_Reader` applies them in statement order, scope by scope, as Graphviz does.

Neither says on which line a node or an edge is, nor which nodes have a statement of their own, nor
which were declared twice differently: :func:`~sphinx_onestates.dot.scan.scan` finds those in the
text's tokens, and :func:`_add_scan` adds them to whichever reading was made.

Neither reads the text as written: :func:`~sphinx_onestates.dot.guard.defuse` first takes out what
would make Graphviz read other files or choose its own layout. What was taken out, and a fallback to
pydot after Graphviz failed, are the graph's :attr:`RawGraph.problems` (warnings; the file is read).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pydot

from ..core.errors import OneStatesError
from ..core.files import read_bytes
from ..core.model import Conflict, Edge, Problem
from ..core.subtypes import Subtype
from . import guard, labels, runner
from .quote import unquote
from .scan import GraphHead, Scan, scan

Attrs = dict[str, str]


@dataclass
class RawEdge:
    source: str
    target: str
    attrs: Attrs
    line: int | None = None
    #: The texts Graphviz draws for the edge (label, xlabel, taillabel, headlabel, each its own lines), where known.
    text: str | None = None


@dataclass
class RawCluster:
    """A ``subgraph cluster_...``: its name, the label Graphviz draws for it, the nodes and clusters it holds."""

    name: str
    text: str
    nodes: list[str]
    parent: str | None = None
    attrs: Attrs = field(default_factory=dict)
    #: The line of its ``subgraph`` statement.
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
    #: Nodes declared twice, differently.
    conflicts: list[Conflict] = field(default_factory=list)
    #: What reading set aside without stopping (rule ``graph``): refused attributes, a fallback to pydot.
    problems: list[Problem] = field(default_factory=list)
    #: Node -> the text Graphviz draws in it (lines kept); empty when pydot read the file.
    texts: dict[str, str] = field(default_factory=dict)
    #: The text Graphviz draws as the graph's label, where it draws one.
    text: str | None = None
    #: The clusters, outer ones first (empty when pydot read the file).
    clusters: list[RawCluster] = field(default_factory=list)
    #: The graphs of the file, in order (the first is the one read).
    heads: list[GraphHead] = field(default_factory=list)
    #: Nodes whose label is HTML-like.
    html: set[str] = field(default_factory=set)


def read_dot(
    text: str, source: str | Path = "<string>", dot: str = "dot", timeout: float = 30, graph: str = ""
) -> RawGraph:
    """Parse DOT text as Graphviz reads it; :class:`OneStatesError` names file and line.

    ``dot`` and ``timeout`` say which Graphviz program reads the file, and for how long at most; ``graph``
    which of the file's graphs (:func:`one_graph`; the first when it is empty).
    """
    source = str(source)
    if not text.strip():
        raise OneStatesError("the file is empty: it holds no DOT graph", source=source, line=1)
    if graph:
        text = one_graph(text, graph, source)
    return _read_dot(text, source, dot, timeout)


def one_graph(text: str, chosen: str, source: str) -> str:
    """The text of one graph of a file of several: the graph named ``chosen``, else, for a number, the
    graph at that place (``2``, the second: anonymous graphs have no name). The text before it is kept as
    its line breaks, so every line number stays the file's; the graphs after it are left out.
    """
    heads = scan(text).graphs
    named = [head for head in heads if head.name == chosen]
    if not named and chosen.isdecimal() and 1 <= int(chosen) <= len(heads):
        named = [heads[int(chosen) - 1]]
    if not named:
        listed = ", ".join(
            repr(head.name) if head.name else f"{number} (anonymous)" for number, head in enumerate(heads, 1)
        )
        raise OneStatesError(
            f"the file has no graph {chosen!r} (its graphs: {listed}); name one, or give its place (#2)",
            source=source,
            subtype=Subtype.GRAPH,
        )
    head = named[0]
    return "\n" * text.count("\n", 0, head.start) + text[head.start : head.end] + "\n"


def _read_dot(text: str, source: str, dot: str, timeout: float) -> RawGraph:
    """:func:`read_dot` of the text of the graph to read (the first, when the text holds several)."""
    defused = guard.defuse(text, source)
    graph, by_graphviz = _read_graph(defused.text, source, dot, timeout)
    graph.name = guard.restore_name(graph.name)
    graph.attrs = guard.restore(graph.attrs)
    graph.nodes = {guard.restore_name(name): guard.restore(attrs) for name, attrs in graph.nodes.items()}
    for edge in graph.edges:
        edge.source, edge.target = guard.restore_name(edge.source), guard.restore_name(edge.target)
        edge.attrs = guard.restore(edge.attrs)
    graph.texts = {guard.restore_name(name): guard.restore_text(value) for name, value in graph.texts.items()}
    for cluster in graph.clusters:
        cluster.nodes = [guard.restore_name(name) for name in cluster.nodes]
        cluster.text = guard.restore_text(cluster.text)
    for edge in graph.edges:
        edge.text = None if edge.text is None else guard.restore_text(edge.text)
    _add_scan(graph, scan(text))
    graph.nodes = {name: guard.restore(attrs) for name, attrs in graph.nodes.items()}  # what the scan added
    if by_graphviz:  # Graphviz's JSON gives an HTML-like label's markup without its <>: put them back
        for node in graph.html:
            if graph.nodes[node].get("label", "\\N") != "\\N":  # (an HTML-like name keeps \N)
                graph.nodes[node]["label"] = f"<{graph.nodes[node]['label']}>"
    graph.problems = [*defused.refused, *graph.problems, *_kind_problems(graph.heads, source)]
    return graph


def _kind_problems(heads: list[GraphHead], source: str) -> list[Problem]:
    """A file of several graphs (Graphviz draws the first), an undirected graph (a state machine is directed)."""
    problems: list[Problem] = []
    if heads and not heads[0].directed:
        message = (
            "an undirected graph ('graph', edges '--'): a state machine is directed, so each edge is read as a "
            "transition from the node written first to the other; write 'digraph' and '->' to say so"
        )
        problems.append(Problem(source, heads[0].line, message, "graph"))
    if len(heads) > 1:
        name = f" {heads[0].name!r}" if heads[0].name else ""
        other = heads[1].name or "2"
        message = (
            f"the file holds {len(heads)} graphs: only the first{name} is read (a figure shows one graph); "
            f"name another after the file's name to read it ({Path(source).name}#{other})"
        )
        problems.append(Problem(source, heads[1].line, message, "graph"))
    return problems


#: A graph's ``charset`` attribute naming Latin-1, as Graphviz spells it (``latin1``, ``latin-1``, ``ISO-8859-1``,
#: ``l1``); its other value is UTF-8, the default.
_LATIN1 = re.compile(rb"""\bcharset\s*=\s*["']?\s*(?:latin-?1|iso[-_]?8859-1|l1)\b""", re.I)


def read_text(path: Path) -> str:
    """The file's text; a located error when it cannot be read (core/files.py: a regular file of at most
    16 MiB) or is not UTF-8. A graph that says ``charset = latin1`` is read as Latin-1, as Graphviz reads it
    (:mod:`~sphinx_onestates.dot.guard` sets the attribute aside, so Graphviz then reads the text as UTF-8)."""
    data = read_bytes(path)
    if _LATIN1.search(data):
        return data.decode("latin-1")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OneStatesError(
            f"the file is not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})", source=path, line=line
        ) from exc


#: The longest text pydot reads where Graphviz failed: pydot (pure Python, not stoppable at
#: ``onestates_timeout``) takes about 20 s for 250 kB of edges; 64 k characters keep it to seconds.
#: Without Graphviz pydot is the only reader and reads any size.
PYDOT_FALLBACK_MAX_CHARS = 65_536


def _read_graph(text: str, source: str, dot: str, timeout: float) -> tuple[RawGraph, bool]:
    """The choice of strategy: Graphviz's reading where there is one, else pydot's; whether Graphviz read it."""
    tool = runner.find_graphviz(dot, timeout=timeout)
    if tool is None or "json" not in tool.formats:
        return _pydot_graph(text, source), False
    try:
        graph = _graphviz_graph(text, source, tool)
    except OneStatesError as failure:
        if len(text) > PYDOT_FALLBACK_MAX_CHARS:
            raise  # pydot cannot be stopped at the timeout: it reads at most what it reads in seconds
        try:  # Graphviz failing is not proof that the file is bad (it may crash or hang)
            graph = _pydot_graph(text, source)
        except OneStatesError as complaint:
            # Graphviz's complaint, unless it does not say where and pydot's does (the WebAssembly Graphviz
            # only says "Failed to parse DOT source")
            raise (complaint if failure.line is None and complaint.line is not None else failure) from None
        reason = failure.message.removeprefix(_NOT_DOT)
        message = f"Graphviz could not read the graph ({reason}); pydot read it instead, and may read it differently"
        graph.problems.append(Problem(source, None, message, "graph"))
        return graph, False
    return (graph, True) if graph is not None else (_pydot_graph(text, source), False)


def _add_scan(graph: RawGraph, found: Scan) -> None:
    """Add what the scan of the text found: lines, node statements, conflicts, attributes set to ""."""
    for node, attrs in found.statement_attrs.items():
        if node in graph.nodes:  # Graphviz leaves out attributes set to "": keep them, they mean "none"
            graph.nodes[node] = {**{k: v for k, v in attrs.items() if v == ""}, **graph.nodes[node]}
    graph.node_lines = found.node_lines
    graph.declared = found.declared & set(graph.nodes)
    graph.conflicts = found.conflicts
    graph.heads = found.graphs
    graph.html = found.html_labels & set(graph.nodes)
    for cluster in graph.clusters:
        cluster.line = found.subgraph_lines.get(cluster.name)
    for edge in graph.edges:
        lines = found.edge_lines.get(Edge(edge.source, edge.target))
        edge.line = lines.pop(0) if lines else found.node_lines.get(edge.source)
    graph.edges.sort(key=lambda edge: edge.line or 0)


# -- 1. Graphviz's JSON -----------------------------------------------------------------------------

_NOT_DOT = "not a valid DOT graph: "

#: The layout engine run to read a file: json always lays the graph out, and ``dot``'s layout of a graph of a
#: few hundred states takes minutes where ``osage`` (boxes packed in clusters) takes milliseconds. What is
#: read back (nodes, edges, attributes, clusters) is the same.
READ_ENGINE = "osage"

#: What Graphviz's JSON adds about the layout it made: not part of the graph as written.
_LAYOUT = frozenset(
    {"_gvid", "_subgraph_cnt", "_draw_", "_ldraw_", "_hdraw_", "_tdraw_", "_hldraw_", "_tldraw_", "bb", "pos", "lp"}
    | {"xlp", "head_lp", "tail_lp", "width", "height", "rects", "objects", "edges", "directed", "strict"}
    | {"xdotversion", "_background"}
)


def _graphviz_graph(text: str, source: str, tool: runner.Graphviz) -> RawGraph | None:
    """Graphviz's own reading of the file (``-Tjson``: the graph and what it draws), or None when its JSON
    cannot be read."""
    try:
        output = tool.render(text, ("json",), engine=READ_ENGINE)["json"]
    except OneStatesError as exc:
        match = re.search(r"line (\d+)", exc.message)
        message = re.sub(r"^.*?(Error|Warning): (<stdin>: )?", "", exc.message.split("\n")[-1]).strip()
        raise OneStatesError(
            f"{_NOT_DOT}{message}", source=source, line=int(match.group(1)) if match else None
        ) from exc
    try:  # control characters in the file reach the JSON unescaped; a file of several graphs gives several
        data, _end = json.JSONDecoder(strict=False).raw_decode(output.decode("utf-8").lstrip())
    except ValueError:
        return None  # JSON this Graphviz writes wrongly: pydot reads the file instead
    return _from_json(data)


def _from_json(data: Mapping[str, Any]) -> RawGraph:
    """The graph in Graphviz's ``json`` output, without what the layout added, with the texts it draws."""
    graph = RawGraph(name=str(data.get("name", "")))
    graph.attrs = {k: str(v) for k, v in data.items() if isinstance(v, str) and k not in _LAYOUT and k != "name"}
    graph.text = drawn_text(data.get("_ldraw_")) if "_ldraw_" in data else None
    names: dict[int, str] = {}
    subgraphs = int(data.get("_subgraph_cnt", 0))  # the objects list starts with the subgraphs
    objects = data.get("objects", [])
    for item in objects[subgraphs:]:
        names[item["_gvid"]] = item["name"]
        graph.nodes[item["name"]] = {k: str(v) for k, v in item.items() if k not in _LAYOUT and k != "name"}
        escapes = {"N": item["name"], "G": graph.name}
        graph.texts[item["name"]] = _joined(_label_and_xlabel(item, escapes))
    graph.clusters = _clusters(objects[:subgraphs], names)
    arrow = "->" if data.get("directed", True) else "--"
    for edge in sorted(data.get("edges", []), key=lambda e: e["_gvid"]):
        attrs = {k: str(v) for k, v in edge.items() if k not in _LAYOUT and k not in ("tail", "head")}
        tail, head = names[edge["tail"]], names[edge["head"]]
        escapes = {"E": f"{tail}{arrow}{head}", "T": tail, "H": head, "G": graph.name}
        texts = [*_label_and_xlabel(edge, escapes), drawn_text(edge.get("_tldraw_")), drawn_text(edge.get("_hldraw_"))]
        graph.edges.append(RawEdge(tail, head, attrs, text=_joined(texts)))
    return graph


def _joined(texts: list[str]) -> str:
    """Texts drawn apart, a line (or lines) each."""
    return "\n".join(text for text in texts if text)


def _label_and_xlabel(item: Mapping[str, Any], escapes: Mapping[str, str]) -> list[str]:
    """The texts of an object's ``label`` and ``xlabel``, apart.

    Graphviz draws both in one list (``_ldraw_``), the xlabel's texts last; read by position, an xlabel
    beside the label's last line would join it (``XLddd``). The xlabel's texts are the last ones that spell
    what it draws (as an escString or as HTML-like text: the JSON does not say which), white space aside.
    """
    ops = item.get("_ldraw_")
    xlabel = str(item.get("xlabel", ""))
    if not xlabel or not isinstance(ops, list):
        return [drawn_text(ops)]
    wanted = {_bare(labels.esc_text(xlabel, escapes)), _bare(labels.html_text(xlabel))} - {""}
    spelled = ""
    for index in range(len(ops) - 1, -1, -1):
        op = ops[index]
        if not isinstance(op, Mapping) or op.get("op") != "T":
            continue
        spelled = _bare(str(op.get("text", ""))) + spelled
        if spelled in wanted:
            return [drawn_text(ops[:index]), drawn_text(ops[index:])]
        if not any(text.endswith(spelled) for text in wanted):
            break
    return [drawn_text(ops)]  # the xlabel not drawn (no room for it), or drawn otherwise: read by position


def _bare(text: str) -> str:
    return "".join(text.split())


def _clusters(subgraphs: list[Mapping[str, Any]], names: Mapping[int, str]) -> list[RawCluster]:
    """The clusters among Graphviz's subgraphs (``cluster`` names, or ``cluster = true``), outer ones first."""
    found: dict[int, RawCluster] = {}

    def walk(index: int, parent: str | None) -> None:
        item = subgraphs[index]
        name = str(item.get("name", ""))
        is_cluster = _is_cluster(name, {"cluster": str(item.get("cluster", ""))})
        if is_cluster and index not in found:
            nodes = [names[k] for k in item.get("nodes", []) if k in names]
            attrs = {k: str(v) for k, v in item.items() if isinstance(v, str) and k not in _LAYOUT and k != "name"}
            found[index] = RawCluster(name, drawn_text(item.get("_ldraw_")), nodes, parent, attrs)
        for child in item.get("subgraphs", []):
            walk(child, name if is_cluster else parent)

    inner = {child for item in subgraphs for child in item.get("subgraphs", [])}
    for index in range(len(subgraphs)):
        if index not in inner:
            walk(index, None)
    return list(found.values())


def drawn_text(ops: Any) -> str:
    """The text of Graphviz's draw operations (``_ldraw_``) as a reader reads it: a line per row of text
    pieces, top to bottom, and in a row the pieces left to right, a space between pieces that stand apart
    (record fields, table cells) and none between pieces that touch (``<b>C</b>d``).

    This is what ``dot -Tsvg`` shows for the label, whatever its form: escapes (``\\n``, ``\\N``, ``\\G``, ...)
    applied, entities resolved, HTML-like markup laid out, record fields split.
    """
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for op in ops if isinstance(ops, list) else ():
        if not isinstance(op, Mapping) or op.get("op") != "T":
            continue
        x, y = (float(v) for v in op.get("pt", (0.0, 0.0)))
        width = float(op.get("width", 0.0))
        start = {"l": x, "r": x - width}.get(str(op.get("align")), x - width / 2)
        rows.setdefault(round(y), []).append((start, start + width, str(op.get("text", ""))))
    lines = []
    for _y, pieces in sorted(rows.items(), reverse=True):  # Graphviz's y grows upwards
        line, end = "", None
        for start, stop, text in sorted(pieces):
            line += text if end is None or start - end <= 1.0 else " " + text
            end = stop
        lines.append(line)
    return "\n".join(lines)


# -- 2. pydot ---------------------------------------------------------------------------------------


def _pydot_graph(text: str, source: str) -> RawGraph:
    """pydot's reading of the file, attribute statements applied."""
    root, complaint = _pydot_parse(text)
    if root is None:
        match = re.search(r"line:(\d+)", complaint)
        reason = complaint.strip().splitlines()[-1] if complaint.strip() else "syntax error"
        raise OneStatesError(
            f"not a valid DOT graph: {reason}", source=source, line=int(match.group(1)) if match else None
        )
    return _Reader().read(root)


#: Put between a backslash and a line break that Graphviz keeps, so that pydot does not remove them
_KEEP_BREAK = "\ue000"
#: ... a line feed after escaped backslashes, or CR LF after any backslash (Graphviz continues lines only at \ LF)
_KEPT_BREAK = re.compile(r"(?<!\\)((?:\\\\)+)(?=\r?\n)|(\\)(?=\r\n)")


def _pydot_parse(text: str) -> tuple[pydot.Dot | None, str]:
    """pydot's graph, or None and what pydot complained about.

    pydot removes every backslash before a line break from quoted strings; Graphviz only
    one that escapes a line feed. The breaks Graphviz keeps are protected from pydot.
    """
    text = _KEPT_BREAK.sub(lambda m: (m.group(1) or m.group(2)) + _KEEP_BREAK, text)
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            graphs = pydot.graph_from_dot_data(text)
    except Exception as exc:  # pydot raises several types for bad input
        return None, f"{captured.getvalue()}\n{exc}"
    if not graphs:
        return None, captured.getvalue()
    return graphs[0], ""


def _unquote_pydot(value: str) -> str:
    return unquote(value.replace(_KEEP_BREAK, ""))


_PORTED = re.compile(r'^("(?:[^"\\]|\\.)*"|<.*>|[^:]+)(?::.*)?$', re.S)


def _node_id(raw: str) -> str:
    """A node name without its port (``a:n`` is node ``a``)."""
    match = _PORTED.match(raw.strip())
    return _unquote_pydot(match.group(1) if match else raw)


def _attrs(obj: Mapping[str, Any]) -> Attrs:
    return {str(k): _unquote_pydot(str(v)) for k, v in obj.get("attributes", {}).items() if v is not None}


def _html_keys(obj: Mapping[str, Any]) -> set[str]:
    """The attributes whose values are HTML-like (``label = <...>``), not quoted strings."""
    return {str(k) for k, v in obj.get("attributes", {}).items() if v is not None and str(v).lstrip().startswith("<")}


def _text(value: str, html: bool, names: Mapping[str, str]) -> str:
    """What Graphviz would draw for a label value pydot read (HTML-like without its outer ``<>``)."""
    stripped = value.strip()
    if html and len(stripped) >= 2 and stripped[0] == "<" and stripped[-1] == ">":
        return labels.html_text(stripped[1:-1])
    return labels.esc_text(value, names)


#: The attributes whose texts Graphviz draws along an edge, in the order of :func:`_from_json`'s reading.
_EDGE_TEXTS = ("label", "xlabel", "taillabel", "headlabel")


def _is_cluster(name: str, attrs: Attrs) -> bool:
    """A subgraph Graphviz draws as a cluster: named ``cluster...``, or ``cluster = true``."""
    return name.startswith("cluster") or attrs.get("cluster", "").lower() == "true"


class _Statement(NamedTuple):
    """One statement of a pydot (sub)graph body: its place in the file, ``nodes``/``edges``/``subgraphs``, itself."""

    sequence: int
    kind: str
    entry: Mapping[str, Any]


@dataclass
class _Defaults:
    """The attributes ``node [...]`` and ``edge [...]`` statements have set so far in one scope."""

    node: Attrs = field(default_factory=dict)
    edge: Attrs = field(default_factory=dict)

    def inner(self) -> _Defaults:
        """The defaults a subgraph starts with: the enclosing ones, which it may change for itself only."""
        return _Defaults(dict(self.node), dict(self.edge))


class _Reader:
    """Walks pydot's tree in statement order, applying attribute statements."""

    def __init__(self) -> None:
        self.graph = RawGraph(name="")
        #: Nodes whose label is HTML-like (the last label given wins, as it does for Graphviz).
        self.html: set[str] = set()

    def read(self, root: pydot.Dot) -> RawGraph:
        self.graph.name = _unquote_pydot(root.get_name() or "")
        self.graph.attrs.update(_attrs(root.obj_dict))
        self._walk(root.obj_dict, _Defaults(), top=True)
        graph_name = {"G": self.graph.name}
        for node, attrs in self.graph.nodes.items():
            self.graph.texts[node] = _text(attrs.get("label", "\\N"), node in self.html, {**graph_name, "N": node})
        if "label" in self.graph.attrs:
            self.graph.text = _text(self.graph.attrs["label"], "label" in _html_keys(root.obj_dict), graph_name)
        return self.graph

    @staticmethod
    def _statements(obj: Mapping[str, Any]) -> list[_Statement]:
        items = [
            _Statement(entry.get("sequence", 0), kind, entry)
            for kind in ("nodes", "edges", "subgraphs")
            for entries in obj.get(kind, {}).values()
            for entry in entries
        ]
        return sorted(items, key=lambda item: item.sequence)

    def _walk(
        self, obj: Mapping[str, Any], outer: _Defaults, top: bool = False, cluster: str | None = None
    ) -> list[str]:
        """Read one (sub)graph body; returns the nodes it mentions. A cluster is noted, outer ones first,
        with the label Graphviz would draw for it (its own ``label``, or ``graph [label = ...]`` inside)."""
        defaults = outer.inner()
        name = "" if top else _unquote_pydot(str(obj.get("name", "") or ""))
        own, html = ({}, set()) if top else (_attrs(obj), _html_keys(obj))
        place = len(self.graph.clusters)
        members: list[str] = []
        for statement in self._statements(obj):
            if statement.kind == "nodes" and not top and statement.entry.get("name") == "graph":
                own.update(_attrs(statement.entry))
                html |= _html_keys(statement.entry)
            elif statement.kind == "nodes":
                members += self._node(statement.entry, defaults, top)
            elif statement.kind == "subgraphs":
                inner = name if _is_cluster(name, own) else cluster
                members += self._walk(statement.entry, defaults, cluster=inner)
            else:
                members += self._edge(statement.entry, defaults)
        if not top and _is_cluster(name, own):
            text = _text(own["label"], "label" in html, {"G": name}) if "label" in own else ""
            found = RawCluster(name, text, list(dict.fromkeys(members)), cluster, own)
            self.graph.clusters.insert(place, found)
        return members

    def _node(self, entry: Mapping[str, Any], defaults: _Defaults, top: bool) -> list[str]:
        """A node statement, or an attribute statement (``node [...]``, ``edge [...]``, ``graph [...]``)."""
        name = str(entry["name"])
        attrs = _attrs(entry)
        if name == "node":
            defaults.node.update(attrs)
        elif name == "edge":
            defaults.edge.update(attrs)
        elif name == "graph":
            if top:
                self.graph.attrs.update(attrs)
        else:
            node = _node_id(name)
            self._declare(node, defaults.node, attrs)
            if "label" in attrs:
                (self.html.add if "label" in _html_keys(entry) else self.html.discard)(node)
            return [node]
        return []

    def _declare(self, node: str, defaults: Attrs, attrs: Attrs) -> None:
        if node in self.graph.nodes:
            self.graph.nodes[node].update(attrs)
        else:
            self.graph.nodes[node] = {**defaults, **attrs}

    def _endpoint(self, point: Any, defaults: _Defaults) -> list[str]:
        if isinstance(point, Mapping):  # a subgraph used as an edge end: {a b}
            return self._walk(point, defaults)
        node = _node_id(str(point))
        self._declare(node, defaults.node, {})
        return [node]

    def _edge(self, entry: Mapping[str, Any], defaults: _Defaults) -> list[str]:
        source, target = entry["points"]
        sources = self._endpoint(source, defaults)
        targets = self._endpoint(target, defaults)
        attrs = {**defaults.edge, **_attrs(entry)}
        html = _html_keys(entry)
        for src in sources:
            for dst in targets:
                names = {"G": self.graph.name, "T": src, "H": dst, "E": f"{src}->{dst}"}
                texts = [_text(attrs[key], key in html, names) for key in _EDGE_TEXTS if attrs.get(key)]
                self.graph.edges.append(RawEdge(src, dst, dict(attrs), text="\n".join(t for t in texts if t)))
        return sources + targets
