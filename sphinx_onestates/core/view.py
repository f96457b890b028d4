"""A view: the part of a state machine one figure and its table show.

The figure, the table, the transition list and the alt text are all built
from the same :class:`View`, so they cannot disagree about which states are
shown.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from .model import Kind, Pseudo, State, StateMachine, Transition, one_line
from .phrases import ENGLISH, Phrases
from .select import Selection, resolve_all

HiddenMode = Literal["paths", "drop", "stubs"]
HIDDEN_MODES: tuple[HiddenMode, ...] = ("paths", "drop", "stubs")


@dataclass(frozen=True)
class HiddenPath:
    """A dashed edge standing for a path through states the view hides."""

    source: str
    target: str
    via: tuple[str, ...]


@dataclass(frozen=True)
class Stub:
    """A short edge from a shown state towards a hidden one."""

    source: str
    target: str
    kind: Kind
    label: str


#: Steps (transitions looked at) the search for paths through hidden states may take before it gives up.
PATH_SEARCH_STEPS = 1_000_000

TooLarge = Literal["", "states", "edges", "steps"]


@dataclass(frozen=True)
class Budget:
    """The most a view may draw: more is listed, not drawn (``onestates_max_drawn_states``, ``..._edges``).

    Edges are the transitions drawn, the paths through hidden states and the stubs. The search for those
    paths stops once the view is past the budget, or after ``steps`` transitions looked at.
    """

    states: int
    edges: int
    steps: int = PATH_SEARCH_STEPS


class Size(NamedTuple):
    """What a view would draw, counted; with ``complete`` False, there are at least these paths or stubs."""

    states: int
    transitions: int
    paths: int
    stubs: int
    #: False when the search for hidden paths or stubs stopped at the budget.
    complete: bool = True
    #: Transitions the search for hidden paths looked at.
    steps: int = 0

    @property
    def edges(self) -> int:
        return self.transitions + self.paths + self.stubs


#: The size of a view made directly, not by :func:`build_view`.
UNCOUNTED = Size(0, 0, 0, 0)


@dataclass
class View:
    """The states, pseudo-nodes and transitions one figure shows."""

    machine: StateMachine
    states: list[State]
    pseudo: list[Pseudo]
    transitions: list[Transition]
    hidden_paths: list[HiddenPath] = field(default_factory=list)
    stubs: list[Stub] = field(default_factory=list)
    highlight: frozenset[str] = frozenset()
    #: The transition kinds the view keeps (the table lists these, to shown and hidden states).
    kinds: frozenset[Kind] = frozenset(("command", "automatic", "failure"))
    #: What the figure would draw. A view past its :class:`Budget` keeps no hidden paths nor stubs.
    size: Size = UNCOUNTED
    #: Why the view is past its budget (what was counted), "" when it is not: it is listed, not drawn.
    too_large: TooLarge = ""
    #: Shown states that lead back to themselves only through hidden states, with those states: a mark on
    #: the state, not a loop drawn around it.
    returns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: States drawn only as the neighbours of a part of a split figure (:mod:`.split`): grey, not linked.
    context: frozenset[str] = frozenset()

    @property
    def names(self) -> list[str]:
        return [state.name for state in self.states]

    @functools.cached_property
    def transition_lines(self) -> list[str]:
        """``A -> B (command)`` for each transition drawn, hidden paths included (for text output)."""
        return self.lines()

    def lines(self, phrases: Phrases = ENGLISH) -> list[str]:
        """:attr:`transition_lines`, their own words in ``phrases``' language; states by their shown names.

        Made once a language: a view shown on a hundred pages is one view (``viewcache``)."""
        made: dict[str, list[str]] = self.__dict__.setdefault("_lines_made", {})
        if phrases.language not in made:
            made[phrases.language] = self._lines(phrases)
        return made[phrases.language]

    def _lines(self, phrases: Phrases) -> list[str]:
        def shown(name: str) -> str:
            return one_line(self.machine.shown(name))

        lines = [t.describe(self.machine.shown) for t in self.transitions]
        lines += [
            f"{shown(p.source)} -> {shown(p.target)} ({phrases.via(len(p.via))}: {', '.join(map(shown, p.via))})"
            for p in self.hidden_paths
        ]
        return lines + [
            f"{shown(name)} -> {shown(name)} ({phrases.returns_via(len(via))}: {', '.join(map(shown, via))})"
            for name, via in self.returns.items()
        ]

    def drawn_kinds(self) -> list[Kind]:
        """The transition kinds the figure draws, in legend order."""
        present = {t.kind for t in self.transitions} | {s.kind for s in self.stubs}
        return [kind for kind in ("command", "automatic", "failure") if kind in present]

    def key(self) -> list[tuple[str, str]]:
        """The figure's key: ``(text, line style)`` for each kind of edge it draws, in order.

        The line style is an edge kind (``command``, ``automatic``, ``failure``) or ``hidden-path``; the
        writers draw a short sample line in it (a row under the figure, not a part of the drawing).
        """
        entries: list[tuple[str, str]] = [(kind, kind) for kind in self.drawn_kinds()]
        if self.hidden_paths:
            entries.append(("through hidden states", "hidden-path"))
        return entries

    def frames(self) -> dict[str, list[str]]:
        """Shown parent states that have shown children: drawn as frames around them.

        A parent link that loops (a state its own parent, B in C in B) frames nothing
        (:meth:`~sphinx_onestates.core.model.StateMachine.parent_links`).
        """
        shown = {state.name for state in self.states}
        parents = self.machine.parent_links()
        frames: dict[str, list[str]] = {}
        for state in self.states:
            parent = parents.get(state.name)
            if parent is not None and parent in shown:
                frames.setdefault(parent, []).append(state.name)
        return frames


def group_by_short(machine: StateMachine) -> StateMachine:
    """Merge the states that share a CLI short name into one state named by it.

    Each merged state lists the states it stands for (:attr:`State.members`), and means what a state of
    the group says the short name means (``short_meaning``); a group that says nothing reads "Any of ...".
    In a graph with short names, a state without one (``LCM_INIT``, which the CLI never prints) has no
    place in a view by short name and is left out, with its transitions. States of a graph without short
    names stay as they are. Parent states (frames) are dropped, since merging dissolves what they
    contain. Self-loops created by the merge are dropped; the graph's own self-loops (``reboot``) stay.
    """
    group_of: dict[str, str] = {}
    merged: dict[str, State] = {}
    members: dict[str, list[State]] = {}
    parents = set(machine.parent_links().values())
    has_short = any(state.short for state in machine.states.values())
    for state in machine.states.values():
        if state.name in parents or (has_short and not state.short):
            continue
        key = state.short or state.name
        group_of[state.name] = key
        members.setdefault(key, []).append(state)
    for key, group in members.items():
        if len(group) == 1 and group[0].name == key:
            merged[key] = replace(group[0], parent=None)
            continue
        codes: dict[str, tuple[int, ...]] = {}
        for column in machine.codes:
            values = sorted({code for state in group for code in state.codes.get(column, ())})
            if values:
                codes[column] = tuple(values)
        said = next((s.short_meaning for s in group if s.short_meaning), None)
        fallback = (
            group[0].meaning if len(group) == 1 else "Any of " + ", ".join(one_line(s.label) for s in group) + "."
        )
        merged[key] = State(
            name=key,
            label=key,
            codes=codes,
            short=key,
            meaning=said or fallback,
            members=tuple(one_line(s.label) for s in group),
            final=all(s.final for s in group),
            internal=all(s.internal for s in group),
            line=group[0].line,
        )
    transitions: list[Transition] = []
    seen: set[tuple[str, str, str, str]] = set()
    for t in machine.transitions:
        source, target = group_of.get(t.source, t.source), group_of.get(t.target, t.target)
        if not all(end in merged or end in machine.pseudo for end in (source, target)):
            continue
        if source == target and t.source != t.target:
            continue
        key4 = (source, target, t.kind, t.label)
        if key4 not in seen:
            seen.add(key4)
            transitions.append(replace(t, source=source, target=target))
    pseudo = {
        name: replace(p, excluded=frozenset(group_of.get(n, n) for n in p.excluded))
        for name, p in machine.pseudo.items()
    }
    return replace(
        machine,
        title=f"{machine.title} (grouped by short name)",
        states=merged,
        pseudo=pseudo,
        transitions=transitions,
        # a catalogue's text columns are the states' own: a group has none
        columns=tuple(c for c in machine.columns if c not in machine.text_columns),
    )


def build_view(
    machine: StateMachine,
    selection: Selection | None = None,
    hidden: HiddenMode = "paths",
    group_by: str | None = None,
    budget: Budget | None = None,
) -> View:
    """Apply a selection to a machine. Raises OneStatesError for unknown names.

    With a ``budget``, a view that would draw more states or edges is marked :attr:`View.too_large`,
    keeps its transitions but no hidden paths nor stubs, and finding them stops as soon as it is past.
    """
    selection = selection or Selection()
    if group_by == "short":
        machine = group_by_short(machine)
    shown = selection.chosen(machine)
    shown_set = set(shown)
    kinds = selection.kinds
    kept = [
        t
        for t in machine.transitions
        if t.kind in kinds and _visible(machine, t.source, shown_set) and _visible(machine, t.target, shown_set)
    ]
    room = None if budget is None else budget.edges - len(kept)  # edges left for stubs and hidden paths
    too_large: TooLarge = ""
    if budget is not None and len(shown) > budget.states:
        too_large = "states"
    elif room is not None and room < 0:
        too_large = "edges"
    stubs: list[Stub] = []
    paths: list[HiddenPath] = []
    complete, steps = hidden == "drop" or not too_large, 0  # past the budget already: none looked for
    if hidden == "stubs" and not too_large:
        for t in machine.transitions:
            if t.kind in kinds and t.source in shown_set and t.target in machine.states and t.target not in shown_set:
                stubs.append(Stub(t.source, t.target, t.kind, t.label))
                if room is not None and len(stubs) > room:
                    too_large, complete = "edges", False
                    break
    returns: dict[str, tuple[str, ...]] = {}
    if hidden == "paths" and not too_large:
        search = _HiddenPaths(machine, shown_set, kinds, kept, room, None if budget is None else budget.steps)
        paths, steps = search.paths, search.steps
        if search.stopped:
            too_large, complete = search.stopped, False
        else:
            returns = {p.source: p.via for p in paths if p.source == p.target}
            paths = reduce_paths([p for p in paths if p.source != p.target], kept)
    size = Size(len(shown), len(kept), len(paths), len(stubs), complete, steps)
    if too_large:
        paths, stubs = [], []
    used = {t.source for t in kept} | {t.target for t in kept} | {p.source for p in paths} | {p.target for p in paths}
    pseudo = [p for p in machine.pseudo.values() if p.name in used]
    highlight = frozenset(resolve_all(machine, selection.highlight)) & shown_set
    return View(
        machine=machine,
        states=[machine.states[name] for name in shown],
        pseudo=pseudo,
        transitions=kept,
        hidden_paths=paths,
        stubs=stubs,
        highlight=highlight,
        kinds=kinds,
        size=size,
        too_large=too_large,
        returns=returns,
    )


def reduce_paths(paths: list[HiddenPath], kept: list[Transition]) -> list[HiddenPath]:
    """The paths through hidden states a figure needs: those that show a way it shows nowhere else.

    A path from A to B is left out when B can be reached from A along the drawn transitions and the
    other paths kept: the figure still shows that B follows A, with fewer dashed arcs across it. Longer
    paths are looked at first (a short path is the likelier to be the one a reader follows), then in
    the order found, so the same view always keeps the same paths. ``paths`` holds no loops (A to A).

    Costs O(paths x edges drawn); both are bounded by the view's :class:`Budget`.
    """
    # every drawn edge once: a transition (None) or path number; a path is skipped while it is looked at or dropped
    following: dict[str, list[tuple[str, int | None]]] = {}
    for t in kept:
        following.setdefault(t.source, []).append((t.target, None))
    for number, path in enumerate(paths):
        following.setdefault(path.source, []).append((path.target, number))
    dropped: set[int] = set()
    for number in sorted(range(len(paths)), key=lambda number: (-len(paths[number].via), number)):
        if _reaches(following, paths[number].source, paths[number].target, dropped | {number}):
            dropped.add(number)
    return [path for number, path in enumerate(paths) if number not in dropped]


def _reaches(following: dict[str, list[tuple[str, int | None]]], start: str, goal: str, skipped: set[int]) -> bool:
    """Whether ``goal`` can be reached from ``start`` along the edges, less the paths numbered in ``skipped``."""
    seen = {start}
    queue = deque([start])
    while queue:
        for target, number in following.get(queue.popleft(), []):
            if number in skipped:
                continue
            if target == goal:
                return True
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return False


def _visible(machine: StateMachine, name: str, shown: set[str]) -> bool:
    return name in shown or name in machine.pseudo


class _HiddenPaths:
    """Shortest paths between shown nodes that pass only through hidden states.

    A breadth-first search from each shown node (and pseudo-node), through the hidden states from which
    some shown node can be reached (found once, backwards from the shown nodes: a hidden part that leads
    nowhere shown is never entered). With a ``room`` for paths, the search stops at the first path past
    it (``stopped`` is "edges"); with ``steps``, after looking at that many transitions ("steps").
    """

    def __init__(
        self,
        machine: StateMachine,
        shown: set[str],
        kinds: frozenset[Kind],
        kept: list[Transition],
        room: int | None,
        steps: int | None,
    ) -> None:
        self.paths: list[HiddenPath] = []
        self.steps = 0
        self.stopped: TooLarge = ""
        following: dict[str, list[str]] = {}
        preceding: dict[str, list[str]] = {}
        for t in machine.transitions:
            if t.kind in kinds:
                following.setdefault(t.source, []).append(t.target)
                preceding.setdefault(t.target, []).append(t.source)
        hidden = set(machine.states) - shown
        # the hidden states a path through hidden states leads from to a shown node or pseudo-node
        leading: set[str] = set()
        queue = deque(name for name in preceding if _visible(machine, name, shown))
        while queue:
            for source in preceding.get(queue.popleft(), []):
                if source in hidden and source not in leading:
                    leading.add(source)
                    queue.append(source)
        direct = {(t.source, t.target) for t in kept}
        for start in [*machine.pseudo, *[n for n in machine.states if n in shown]]:
            found = self._search(machine, shown, start, following, leading, steps)
            if found is None:
                self.stopped = "steps"
                return
            for target, via in found.items():
                if (start, target) in direct:
                    continue
                self.paths.append(HiddenPath(start, target, via))
                if room is not None and len(self.paths) > room:
                    self.stopped = "edges"
                    return

    def _search(
        self,
        machine: StateMachine,
        shown: set[str],
        start: str,
        following: dict[str, list[str]],
        leading: set[str],
        steps: int | None,
    ) -> dict[str, tuple[str, ...]] | None:
        """The shown nodes reached from ``start`` through hidden states, each with the hidden states passed;
        None when the search ran out of steps."""
        came_from: dict[str, str] = {}
        found: dict[str, str] = {}  # shown node -> the last hidden state before it
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for target in following.get(node, []):
                self.steps += 1
                if steps is not None and self.steps > steps:
                    return None
                if target in leading:
                    if target not in came_from:
                        came_from[target] = node
                        queue.append(target)
                elif node != start and _visible(machine, target, shown) and target not in found:
                    found[target] = node
        result: dict[str, tuple[str, ...]] = {}
        for target, last in found.items():
            via = [last]
            while came_from[via[-1]] != start:
                via.append(came_from[via[-1]])
            result[target] = tuple(reversed(via))
        return result
