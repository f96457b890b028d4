"""Turn a DOT graph, as read (a :class:`~sphinx_onestates.dot.read.RawGraph`), into a
:class:`~sphinx_onestates.core.model.StateMachine`.

Files written to the format in ``graphs/README.md`` carry their facts as
attributes; any other DOT file loads too, with kinds inferred from edge styles
and the well-known pseudo-nodes of OpenNebula's drawings recognised.

:func:`load_text` and :func:`load_file` do both steps: read (:mod:`~sphinx_onestates.dot.read`),
then interpret.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from ..core.check import with_way_out
from ..core.errors import OneStatesError
from ..core.model import (
    FIXED_COLUMNS,
    KINDS,
    NOT_XML,
    PSEUDO_ROLES,
    Edge,
    Kind,
    Pseudo,
    PseudoRole,
    State,
    StateMachine,
    Transition,
    blank,
    default_columns,
    visible,
    xml_safe,
)
from ..core.names import split_names
from . import conventions
from .labels import esc_text, label_text
from .read import RawEdge, RawGraph, read_dot, read_text

#: Node attributes that carry facts: declaring one twice with different values is a mistake.
FACT_ATTRIBUTES = frozenset(
    {"short", "meaning", "short_meaning", "parent", "final", "internal", "pseudo", "except", "label", "aliases"}
)
_STYLE_KINDS: dict[str, Kind] = {"dashed": "automatic", "dotted": "failure"}
_TRUE = {"true", "yes", "1", "on"}


def _prose(value: str | None) -> str | None:
    """A sentence attribute (``short_meaning``) as shown: one line, characters XML forbids made visible."""
    return None if value is None else xml_safe(" ".join(display_text(value).split()))


def display_text(value: str) -> str:
    """What Graphviz shows for an attribute value (``meaning``, ``title``): ``<...>`` as an HTML-like
    label's text, anything else as an escString (:mod:`~sphinx_onestates.dot.labels`)."""
    return label_text(value)


def names_of(value: str) -> tuple[str, ...]:
    """The names in an attribute value (separated by commas or white space)."""
    return tuple(split_names(value))


def unescape(value: str) -> str:
    """What Graphviz shows for an escString: ``\\n``, ``\\l``, ``\\r`` break lines, ``\\x`` is ``x``.

    A node's name shown by the default label goes through this too, never through HTML stripping: a
    quoted ``"<b>"`` is the text ``<b>``.
    """
    return esc_text(value)


def state_label(name: str, label: str | None) -> str:
    """What a state's node shows: its label, else its name; never blank (graphs/README.md, *Blank names*).

    A label that would show as nothing (``" "``, ``"\\n"``) gives way to the name; a name that would
    (``"\\n"`` breaks the line, ``" "``) is shown as written, white space made visible. Characters XML
    forbids are shown as ``<U+0001>`` (:func:`~sphinx_onestates.core.model.xml_safe`).
    """
    text = display_text(label) if label not in (None, "\\N", "") else ""
    if blank(text):
        text = unescape(name)
    if blank(text):
        text = visible(name)
    return xml_safe(text)


def shown_label(name: str, drawn: str) -> str:
    """What a state's node shows, from the text Graphviz draws in it (:attr:`RawGraph.texts`); never blank.

    A node Graphviz would draw with no text (``label = ""``) shows its name, as :func:`state_label` says.
    """
    if blank(drawn):
        return state_label(name, None)
    return xml_safe(drawn)


def _codes(value: str, column: str, node: str, source: str, line: int | None) -> tuple[int, ...]:
    """The codes of a code attribute: integers in the digits 0-9 (``int()`` alone would take ``1_0`` or ``١``)."""
    parts = names_of(value)
    if all(re.fullmatch(r"-?[0-9]{1,18}", part) for part in parts):
        return tuple(int(part) for part in parts)
    raise OneStatesError(
        f"state {node!r}: {column} must be an integer or a comma-separated list of integers, not {value!r}",
        source=source,
        line=line,
    )


def _pseudo_role(name: str, attrs: dict[str, str]) -> PseudoRole | None:
    """The role this project's format (``pseudo``) or OpenNebula's drawings (``user``, ``ANY``, a point) give."""
    role = attrs.get("pseudo", "").strip().lower()
    if role in PSEUDO_ROLES:
        return role
    if role in _TRUE:
        return "wildcard" if name.startswith("ANY") else "initial"
    if "pseudo" in attrs:
        return None
    if name == "user":
        return "initial"
    if name.startswith("ANY"):
        return "wildcard"
    if attrs.get("shape", "").lower() == "point":
        return "final"
    return None


def _edge_kind(edge: RawEdge, source: str) -> Kind | None:
    """The kind of an edge, or None for a layout-only (invisible) edge."""
    styles = {part.strip().lower() for part in edge.attrs.get("style", "").split(",")}
    if "invis" in styles:
        return None
    kind = edge.attrs.get("kind", "").strip().lower()
    if kind:
        if kind not in KINDS:
            raise OneStatesError(
                f"edge {edge.source} -> {edge.target}: kind must be one of {', '.join(KINDS)}, not {kind!r}",
                source=source,
                line=edge.line,
            )
        return kind
    for style in styles:
        if style in _STYLE_KINDS:
            return _STYLE_KINDS[style]
    return "command"


def readable_names(raw: RawGraph, source: str) -> RawGraph:
    """The graph with its nodes named as a reader can see and type them: characters XML forbids as ``<U+0001>``.

    A control character in a name could not be written into an XHTML page, an SVG or a LaTeX file, nor
    typed into a cross-reference; the name ``a<U+0001>b`` can. Two names that would read the same are an error.
    """
    if not any(NOT_XML.search(name) for name in raw.nodes):
        return raw
    readable: dict[str, str] = {}
    for name in raw.nodes:
        shown = xml_safe(name)
        if shown in readable:
            raise OneStatesError(
                f"nodes {readable[shown]!r} and {name!r} would both be shown as {shown!r}: rename one",
                source=source,
                line=raw.node_lines.get(name),
            )
        readable[shown] = name
    return conventions.rename_nodes(raw, xml_safe)


class _Reading:
    """What the conventions decide before nodes become states (:mod:`~sphinx_onestates.dot.conventions`)."""

    def __init__(self, raw: RawGraph) -> None:
        self.on = conventions.enabled(raw)
        self.frames = conventions.frames(raw) if self.on else conventions.Frames()
        self.edges = [conventions.frame_ends(edge, self.frames) for edge in raw.edges]
        visible = [edge for edge in self.edges if not _invisible(edge)]
        self.has_in = {edge.target for edge in visible if edge.source != edge.target}
        self.has_out = {edge.source for edge in visible if edge.source != edge.target}

    def role(self, name: str, attrs: dict[str, str], text: str | None) -> PseudoRole | None:
        """A node's pseudo-node role: the format's, OpenNebula's, then the producers' conventions."""
        if name in self.frames.labels:
            return None  # a frame's anchor point is the frame
        role = _pseudo_role(name, attrs)
        if not self.on or "pseudo" in attrs or role in ("initial", "wildcard"):
            return role
        has_in, has_out = name in self.has_in, name in self.has_out
        if conventions.initial_marker(name, attrs, text, has_in, has_out):
            return "initial"
        return role

    def final(self, name: str, attrs: dict[str, str]) -> bool:
        """Whether the state is final: ``final = true``, or (conventions) a double border and no way out."""
        if "final" in attrs:
            return attrs["final"].lower() in _TRUE
        return self.on and conventions.double_border(attrs) and name not in self.has_out


def _arrows(edge: RawEdge) -> list[tuple[str, str]]:
    """The transitions an edge draws, by where its arrowheads point: ``dir = back`` points at the end written
    first, ``both`` at both ends; ``none`` (and an undirected graph's ``--``) from the end written first."""
    direction = edge.attrs.get("dir", "").strip().lower()
    if direction == "back":
        return [(edge.target, edge.source)]
    if direction == "both" and edge.source != edge.target:
        return [(edge.source, edge.target), (edge.target, edge.source)]
    return [(edge.source, edge.target)]


def _invisible(edge: RawEdge) -> bool:
    return "invis" in {part.strip().lower() for part in edge.attrs.get("style", "").split(",")}


def build_machine(raw: RawGraph, source: str) -> StateMachine:
    """Interpret a parsed DOT graph as a state machine."""
    raw = readable_names(raw, source)
    if conventions.enabled(raw):
        raw = conventions.stable_names(raw)
    reading = _Reading(raw)
    codes = names_of(raw.attrs.get("codes", ""))
    states: dict[str, State] = {}
    pseudo: dict[str, Pseudo] = {}
    for name, attrs in raw.nodes.items():
        line = raw.node_lines.get(name)
        drawn = raw.texts.get(name)
        if name in raw.html and drawn in ("", unescape(name)):
            drawn = None  # a Graphviz without HTML-like labels (the WebAssembly one) drew the name instead
        role = reading.role(name, attrs, drawn)
        if role is not None:
            given = attrs.get("label", "\\N")
            label = xml_safe(display_text(given) if given not in ("\\N", "") else unescape(name))
            label = label if drawn is None or blank(drawn) else xml_safe(drawn)
            if reading.on and role == "initial" and "pseudo" not in attrs and name != "user" and blank(drawn or ""):
                label = ""  # a producer's marker draws no name: the figure draws a dot
            excluded = frozenset(names_of(xml_safe(attrs.get("except", ""))))
            pseudo[name] = Pseudo(name, label, role, excluded, line)
            continue
        if name in reading.frames.labels:
            drawn = reading.frames.labels[name]
        shape, rounded = conventions.kept_shape(attrs) if reading.on else (None, False)
        states[name] = State(
            name=name,
            label=state_label(name, attrs.get("label")) if drawn is None else shown_label(name, drawn),
            codes={c: _codes(attrs[c], c, name, source, line) for c in codes if c in attrs},
            short=xml_safe(attrs["short"].strip()) if "short" in attrs else None,
            meaning=xml_safe(" ".join(display_text(attrs["meaning"]).split())) if "meaning" in attrs else None,
            short_meaning=_prose(attrs.get("short_meaning")),
            parent=xml_safe(attrs.get("parent", "")) or reading.frames.parent.get(name),
            final=reading.final(name, attrs),
            internal=attrs.get("internal", "").lower() in _TRUE,
            aliases=names_of(xml_safe(attrs.get("aliases", ""))),
            declared=name in raw.declared,
            line=line,
            shape=shape,
            rounded=rounded,
            tone=conventions.drawn_tone(attrs) if reading.on else None,
        )
    transitions: list[Transition] = []
    layout_edges: list[Edge] = []
    _frame_states(reading.frames, states, raw)
    for edge in reading.edges:
        kind = _edge_kind(edge, source)
        if kind is None or conventions.starts_frame(edge, reading.frames):
            layout_edges.append(Edge(edge.source, edge.target))
            continue
        given = edge.attrs.get("label", "")
        drawn_edge = None if edge.text is None or (not edge.text and given.startswith("<")) else edge.text
        label = xml_safe(display_text(given) if drawn_edge is None else drawn_edge)
        tone = conventions.drawn_tone(edge.attrs) if reading.on else None
        for tail, head in _arrows(edge):
            transitions.append(Transition(tail, head, kind, label.strip(), edge.line, tone))
    columns = names_of(raw.attrs.get("columns", ""))
    unknown = [c for c in columns if c not in FIXED_COLUMNS and c not in codes]
    if unknown:
        raise OneStatesError(
            f"graph attribute 'columns' names unknown columns: {', '.join(unknown)} "
            f"(known: {', '.join(FIXED_COLUMNS + codes)})",
            source=source,
            line=1,
        )
    machine = StateMachine(
        name=raw.name,
        title=graph_title(raw, source),
        states=states,
        pseudo=pseudo,
        transitions=transitions,
        codes=codes,
        columns=columns,
        attributes=dict(raw.attrs),
        layout_edges=layout_edges,
        source=source,
        conflicts=[c for c in raw.conflicts if c.attribute in FACT_ATTRIBUTES or c.attribute in codes],
        reading_problems=list(raw.problems),
    )
    if reading.on:
        _sinks_are_final(machine)
    if not machine.columns:
        machine.columns = default_columns(machine)
    return machine


def _frame_states(frames: conventions.Frames, states: dict[str, State], raw: RawGraph) -> None:
    """A state for each frame that is no node of the graph (a cluster without an anchor point), written at
    its ``subgraph`` statement."""
    for name, label in frames.labels.items():
        if name in states or name in raw.nodes:
            continue
        children = [state.line for state in states.values() if state.parent == name and state.line]
        states[name] = State(
            name=name,
            label=shown_label(name, label),
            parent=frames.parent.get(name),
            line=frames.lines.get(name, min(children, default=None)),
            frame=True,
        )


def _sinks_are_final(machine: StateMachine) -> None:
    """In a graph that marks no final state (no ``final``, no double border, no end point), a state without
    a way out is final: plain DOT has no other way to say so."""
    if any(s.final for s in machine.states.values()) or any(p.role == "final" for p in machine.pseudo.values()):
        return
    way_out = with_way_out(machine)
    for name, state in machine.states.items():
        if name not in way_out and not state.internal:
            machine.states[name] = dataclasses.replace(state, final=True)


def graph_title(raw: RawGraph, source: str) -> str:
    """The graph's ``title``, else the label Graphviz draws for it, else its name, else the file's name.

    An anonymous graph (``digraph {``) has no name: Graphviz calls it ``%3`` (or ``%1``), which no reader
    should see.
    """
    named = raw.name if not raw.heads or raw.heads[0].name else ""
    label = raw.text if raw.text is not None else display_text(raw.attrs.get("label", ""))
    for candidate in (display_text(raw.attrs.get("title", "")), " ".join(label.split()), named):
        if not blank(candidate):
            return xml_safe(candidate)
    return xml_safe(Path(source).stem)


def load_text(
    text: str, source: str | Path = "<string>", dot: str = "dot", timeout: float = 30, graph: str = ""
) -> StateMachine:
    """Load a state machine from DOT text: read it (:func:`~.read.read_dot`, which ``dot``, ``timeout`` and
    ``graph``, the graph of a file of several, are for), then interpret it (:func:`build_machine`)."""
    return build_machine(read_dot(text, source, dot, timeout, graph), str(source))


def load_file(path: str | Path, dot: str = "dot", graph: str = "") -> StateMachine:
    """Load a state machine from a DOT file (its graph named ``graph``, else its first)."""
    path = Path(path)
    return load_text(read_text(path), path, dot, graph=graph)


def content_hash(text: str) -> str:
    """A short, stable digest of a graph's text (cache keys, change detection)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
