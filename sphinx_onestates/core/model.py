"""The state-machine model: what a DOT file says, independent of Sphinx.

A :class:`StateMachine` is the single source of truth that the diagram, the
table and the cross-references are all built from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Kind = Literal["command", "automatic", "failure"]
KINDS: tuple[Kind, ...] = ("command", "automatic", "failure")

PseudoRole = Literal["initial", "wildcard", "final"]
PSEUDO_ROLES: tuple[PseudoRole, ...] = ("initial", "wildcard", "final")

#: The colour families a plain DOT file's own colours are drawn in (graphs/README.md, *Producers' conventions*).
TONES = ("red", "orange", "green", "blue", "purple", "grey")

#: Table columns that are not code columns.
FIXED_COLUMNS = ("state", "short", "meaning", "in", "out")

#: How blank characters are shown: the visible space (U+2423, which LaTeX's utf8 also knows), escapes.
_VISIBLE = {" ": "\u2423", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


#: Characters XML 1.0 forbids, even written as character references: most C0 controls, U+FFFE, U+FFFF.
#: What XML forbids, and the controls it allows but no reader shows (DEL, C1: pdflatex stops at them).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with each character XML forbids shown as ``<U+0001>``: every output must parse as XML (EPUB, SVG).

    Tab and line breaks are allowed and stay; so do ``&`` and ``<``, which every writer escapes.
    """
    return NOT_XML.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def blank(text: str) -> bool:
    """Whether ``text`` would show as nothing: only white space, control and format characters."""
    return all(char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in text)


def visible(text: str) -> str:
    """``text`` as a reader sees it; a blank text with each character made visible.

    A state named ``" "`` would be an empty cell, node and list item: it is shown as ``\u2423`` (a
    space as the visible space, tab and line breaks as ``\\t``, ``\\n``, ``\\r``, other invisible
    characters as ``<U+200B>``, the empty name as ``""``), so every state can be read and told apart.
    Characters XML forbids are shown as ``<U+0001>`` in any text (:func:`xml_safe`). This is the one
    place where the figure deliberately differs from what ``dot -Tsvg`` draws
    (graphs/README.md, *Blank names*).
    """
    if not blank(text):
        return xml_safe(text)
    return "".join(_VISIBLE.get(char, f"<U+{ord(char):04X}>") for char in text) or '""'


def lines(text: str) -> str:
    """A label's lines as the table keeps them: a line break between lines, white space in a line made one
    space, empty lines left out (they draw nothing); characters XML forbids shown (:func:`xml_safe`)."""
    return "\n".join(" ".join(line.split()) for line in xml_safe(text).splitlines() if line.strip())


#: What a label's line breaks become where the text is one line (text and man pages, the CLI, alt text,
#: the index, a name in a transition list): ``start / retry`` still reads as two events.
LINE_JOIN = " / "
#: A break that continues a phrase, joined by a space: next to a ``/`` already there (``disk-attach /`` over
#: ``-detach``), or before a bracket (``Fail`` over ``[may_fail]``, ``deploy`` over ``(from stopped)``).
_CONTINUED = re.compile(r"(?<=/)\n|\n(?=[/(\[])")


def one_line(text: str) -> str:
    """A label on one line: its lines (:func:`lines`) joined by :data:`LINE_JOIN`, or by a space where the
    break continues a phrase."""
    return _CONTINUED.sub(" ", lines(text)).replace("\n", LINE_JOIN)


@dataclass(frozen=True)
class State:
    """One state: a node of the graph that is not a pseudo-node."""

    name: str
    label: str
    #: Code column -> codes; an empty tuple means "declared empty on purpose".
    codes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: None when the attribute is absent, "" when the graph says there is none.
    short: str | None = None
    meaning: str | None = None
    #: What the state's short name means as a whole, for a view grouped by short name (one state of the
    #: group says it); None when absent.
    short_meaning: str | None = None
    parent: str | None = None
    final: bool = False
    internal: bool = False
    #: Other names the state is drawn under (in older drawings, say).
    aliases: tuple[str, ...] = ()
    #: The states a state of a view grouped by short name stands for, by their shown names (labels), in graph
    #: order (``()``: not grouped).
    members: tuple[str, ...] = ()
    #: The state's cells in a catalogue's text columns (:attr:`StateMachine.text_columns`).
    texts: dict[str, str] = field(default_factory=dict)
    #: False when the node only appears in edges, without a statement of its own.
    declared: bool = True
    line: int | None = None
    #: The shape a plain DOT file draws the node with (``box``, ``circle``, ...), kept in the figure; None: the
    #: renderer's own.
    shape: str | None = None
    #: Whether that shape has rounded corners (``style = rounded``).
    rounded: bool = False
    #: Drawn only as a frame around other states (a producer's cluster, no node of its own): no catalogue
    #: needs to list it, nor give it codes or a meaning.
    frame: bool = False
    #: The colour family a plain DOT file outlines the node in (``red``, ``grey``, ...): drawn in the theme's
    #: colour of that family. None: the theme's foreground.
    tone: str | None = None

    def code_text(self, column: str) -> str:
        """The codes of one code column as the table prints them."""
        return ", ".join(str(code) for code in self.codes.get(column, ()))


@dataclass(frozen=True)
class Pseudo:
    """A node that is drawn but is not a state (the user box, ``ANY``, an end point)."""

    name: str
    label: str
    role: PseudoRole
    excluded: frozenset[str] = frozenset()
    line: int | None = None


@dataclass(frozen=True)
class Transition:
    """A directed edge between two nodes, with the command that triggers it."""

    source: str
    target: str
    kind: Kind
    label: str = ""
    line: int | None = None
    #: The colour family a plain DOT file draws the edge in (``red``, ``grey``, ...), as for :attr:`State.tone`.
    tone: str | None = None

    def describe(self, shown: Callable[[str], str] = visible) -> str:
        """``RUNNING -> SHUTDOWN (terminate)``: the readable form for text output, each end by its ``shown``
        name (:meth:`StateMachine.shown`), on one line."""
        text = f"{one_line(shown(self.source))} -> {one_line(shown(self.target))}"
        label = one_line(self.label)
        return f"{text} ({label})" if label else text


class Edge(NamedTuple):
    """The two ends of an edge, by node name (a layout-only edge, or the key to the edges between two nodes)."""

    source: str
    target: str


class Conflict(NamedTuple):
    """A node declared twice with different values for one attribute: ``A [x=1]; A [x=2]``."""

    node: str
    attribute: str
    #: The value of the first statement that set it, and the differing value of a later one.
    first: str
    later: str


@dataclass(frozen=True)
class Problem:
    """One finding about a graph (a check or its catalogue), located in the DOT file."""

    source: str | None
    line: int | None
    message: str
    #: Short name of the rule, also the end of the Sphinx warning type.
    rule: str

    def __str__(self) -> str:
        where = self.source or "<graph>"
        return f"{where}:{self.line}: {self.message}" if self.line else f"{where}: {self.message}"


class Index(NamedTuple):
    """What is looked up by node name, built once per machine (:attr:`StateMachine.index`)."""

    #: Node -> the transitions that leave it, in graph order.
    outgoing: Mapping[str, tuple[Transition, ...]]
    #: Node -> the transitions that enter it, in graph order.
    incoming: Mapping[str, tuple[Transition, ...]]
    #: State -> its parent, the links of parent cycles left out (:meth:`StateMachine.parent_links`).
    parents: Mapping[str, str]
    #: Parent -> its children, in graph order.
    children: Mapping[str, tuple[str, ...]]
    cycles: tuple[tuple[str, ...], ...]


@dataclass
class StateMachine:
    """Everything one DOT file says about a state machine.

    Treat it as read-only once made (``dataclasses.replace`` makes a changed copy): what is looked up by
    name (:attr:`index`) is built the first time it is needed, and kept. It takes no part in equality and
    is not pickled (the machine is kept in the Sphinx environment).
    """

    name: str
    title: str
    states: dict[str, State]
    pseudo: dict[str, Pseudo]
    transitions: list[Transition]
    codes: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    #: Columns of text a catalogue adds to the table, headed by their names (:attr:`State.texts`).
    text_columns: tuple[str, ...] = ()
    #: Invisible edges (``style=invis``): they place the nodes, they are no transitions.
    layout_edges: list[Edge] = field(default_factory=list)
    source: str | None = None
    #: States declared twice with different facts (or code columns).
    conflicts: list[Conflict] = field(default_factory=list)
    #: How the graph disagrees with the catalogue it was reconciled with.
    catalog_problems: list[Problem] = field(default_factory=list)
    #: What reading the file set aside without stopping (rule ``graph``): attributes that would make
    #: Graphviz read files, a fallback to pydot after Graphviz failed.
    reading_problems: list[Problem] = field(default_factory=list)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("index", None)  # derived: built again when needed
        return state

    @functools.cached_property
    def index(self) -> Index:
        """Transitions by node, parents and children: one pass over the graph, so look-ups cost no walk."""
        outgoing: dict[str, list[Transition]] = {}
        incoming: dict[str, list[Transition]] = {}
        for t in self.transitions:
            outgoing.setdefault(t.source, []).append(t)
            incoming.setdefault(t.target, []).append(t)
        cycles = self._parent_cycles()
        looping = {name for cycle in cycles for name in cycle}
        parents = {s.name: s.parent for s in self.states.values() if s.parent and s.name not in looping}
        children: dict[str, list[str]] = {}
        for child, parent in parents.items():
            children.setdefault(parent, []).append(child)
        return Index(
            outgoing={node: tuple(ts) for node, ts in outgoing.items()},
            incoming={node: tuple(ts) for node, ts in incoming.items()},
            parents=parents,
            children={parent: tuple(names) for parent, names in children.items()},
            cycles=tuple(tuple(cycle) for cycle in cycles),
        )

    def outgoing(self, name: str) -> tuple[Transition, ...]:
        """The transitions that leave ``name``, in graph order."""
        return self.index.outgoing.get(name, ())

    def incoming(self, name: str) -> tuple[Transition, ...]:
        """The transitions that enter ``name``, in graph order."""
        return self.index.incoming.get(name, ())

    def parent_cycles(self) -> list[list[str]]:
        """Parent chains that come back to where they started (``A [parent = A]``, or B in C in B).

        Each cycle is listed once, from its first state in graph order, each state followed by its parent.
        Their parent links are ignored (:meth:`parent_links`); the check reports them.
        """
        return [list(cycle) for cycle in self.index.cycles]

    def _parent_cycles(self) -> list[list[str]]:
        """:meth:`parent_cycles`, found: iterative, so a chain of any depth is followed without recursion,
        and each state is visited once."""
        order = {name: index for index, name in enumerate(self.states)}
        cycles: list[list[str]] = []
        done: set[str] = set()
        for start in order:
            walk: dict[str, int] = {}  # the states of this walk, in order
            node: str | None = start
            while node is not None and node in self.states and node not in done and node not in walk:
                walk[node] = len(walk)
                node = self.states[node].parent
            if node is not None and node in walk:
                cycle = list(walk)[walk[node] :]
                first = min(range(len(cycle)), key=lambda index: order[cycle[index]])
                cycles.append(cycle[first:] + cycle[:first])
            done.update(walk)
        return cycles

    def parent_links(self) -> Mapping[str, str]:
        """State -> the parent it names, for every state with one, except the links of a parent cycle."""
        return self.index.parents

    def parent_of(self, name: str) -> str | None:
        """The parent ``name`` is drawn inside (None when it has none, or when its parent link loops)."""
        return self.index.parents.get(name)

    def children(self, name: str) -> list[str]:
        """The states whose ``parent`` is ``name`` (a parent cycle's links left out)."""
        return list(self.index.children.get(name, ()))

    def covered_by(self, wildcard: Pseudo) -> list[str]:
        """The states a wildcard pseudo-node stands for (not parents: their children are covered)."""
        parents = self.index.children
        return [
            s.name
            for s in self.states.values()
            if s.name not in wildcard.excluded and not s.internal and s.name not in parents
        ]

    def shown(self, name: str) -> str:
        """The name a node is shown by, in the figure, the table and every text (graphs/README.md, *States*):
        a state's label (a catalogue's name for the state, else the node's label, else its id), a pseudo-node's
        label (``(initial)`` for a marker that draws none), else the id made visible. Links and options name
        a state by its id, which stays unique."""
        state = self.states.get(name)
        if state is not None:
            return state.label
        pseudo = self.pseudo.get(name)
        if pseudo is None:
            return visible(name)
        return pseudo.label or f"({pseudo.role})"  # a producer's initial marker draws no name: a dot

    @property
    def initial(self) -> list[str]:
        return [p.name for p in self.pseudo.values() if p.role == "initial"]


def no_states(machine: StateMachine) -> str:
    """Why a graph has nothing to show: no node at all, or only pseudo-nodes (a file of markers says so)."""
    if not machine.pseudo:
        return f"graph {machine.title!r} has no states"
    roles = sorted({p.role for p in machine.pseudo.values()})
    count = len(machine.pseudo)
    nodes = "its node is a pseudo-node" if count == 1 else f"all its {count} nodes are pseudo-nodes"
    return f"graph {machine.title!r} has no states: {nodes} ({', '.join(roles)}), which are never rows"


def with_text_columns(columns: tuple[str, ...], added: tuple[str, ...]) -> tuple[str, ...]:
    """``columns`` with the text columns ``added`` before the meaning (else before the transition lists)."""
    added = tuple(column for column in added if column not in columns)
    for place in ("meaning", "in", "out"):
        if place in columns:
            at = columns.index(place)
            return (*columns[:at], *added, *columns[at:])
    return (*columns, *added)


def default_columns(machine: StateMachine) -> tuple[str, ...]:
    """state, the code columns, short and meaning where some state has them, in, out."""
    columns = ["state", *machine.codes]
    for column in ("short", "meaning"):
        if any(getattr(state, column) for state in machine.states.values()):
            columns.append(column)
    return (*columns, "in", "out")
