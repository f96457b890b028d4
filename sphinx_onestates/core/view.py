"""A view: the part of a state machine one figure and its table show.

The figure, the table, the transition list and the alt text are all built
from the same :class:`View`, so they cannot disagree about which states are
shown.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Literal

from .model import Kind, Pseudo, State, StateMachine, Transition, visible
from .select import Selection, resolve_all

HiddenMode = Literal["paths", "drop", "stubs"]
HIDDEN_MODES: tuple[HiddenMode, ...] = ("paths", "drop", "stubs")


@dataclass(frozen=True)
class HiddenPath:
    """A dashed edge standing for a path through states the view hides."""

    source: str
    target: str
    via: tuple[str, ...]

    @property
    def label(self) -> str:
        count = len(self.via)
        return f"via {count} hidden state" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class Stub:
    """A short edge from a shown state towards a hidden one."""

    source: str
    target: str
    kind: Kind
    label: str


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

    @property
    def names(self) -> list[str]:
        return [state.name for state in self.states]

    @functools.cached_property
    def transition_lines(self) -> list[str]:
        """``A -> B (command)`` for each transition drawn, hidden paths included (for text output)."""
        lines = [t.describe() for t in self.transitions]
        return lines + [
            f"{visible(p.source)} -> {visible(p.target)} ({p.label}: {', '.join(map(visible, p.via))})"
            for p in self.hidden_paths
        ]

    def drawn_kinds(self) -> list[Kind]:
        """The transition kinds the figure draws, in legend order."""
        present = {t.kind for t in self.transitions} | {s.kind for s in self.stubs}
        return [kind for kind in ("command", "automatic", "failure") if kind in present]

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

    States without a short name stay as they are; parent states (frames) are
    dropped, since merging dissolves what they contain. Self-loops created by
    the merge are dropped; the graph's own self-loops (``reboot``) stay.
    """
    group_of: dict[str, str] = {}
    merged: dict[str, State] = {}
    members: dict[str, list[State]] = {}
    parents = set(machine.parent_links().values())
    for state in machine.states.values():
        if state.name in parents:
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
        meaning = group[0].meaning if len(group) == 1 else "Any of " + ", ".join(s.name for s in group) + "."
        merged[key] = State(
            name=key,
            label=key,
            codes=codes,
            short=key,
            meaning=meaning,
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
        columns=tuple(c for c in machine.columns),
    )


def build_view(
    machine: StateMachine,
    selection: Selection | None = None,
    hidden: HiddenMode = "paths",
    group_by: str | None = None,
) -> View:
    """Apply a selection to a machine. Raises OneStatesError for unknown names."""
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
    paths = _hidden_paths(machine, shown_set, kinds, kept) if hidden == "paths" else []
    stubs = (
        [
            Stub(t.source, t.target, t.kind, t.label)
            for t in machine.transitions
            if t.kind in kinds and t.source in shown_set and t.target in machine.states and t.target not in shown_set
        ]
        if hidden == "stubs"
        else []
    )
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
    )


def _visible(machine: StateMachine, name: str, shown: set[str]) -> bool:
    return name in shown or name in machine.pseudo


def _hidden_paths(
    machine: StateMachine, shown: set[str], kinds: frozenset[Kind], kept: list[Transition]
) -> list[HiddenPath]:
    """Shortest paths between shown nodes that pass only through hidden states."""
    direct = {(t.source, t.target) for t in kept}
    following: dict[str, list[str]] = {}
    for t in machine.transitions:
        if t.kind in kinds:
            following.setdefault(t.source, []).append(t.target)
    hidden = set(machine.states) - shown
    paths: list[HiddenPath] = []
    for start in [*machine.pseudo, *[n for n in machine.states if n in shown]]:
        # breadth-first through hidden states only, remembering the way back
        came_from: dict[str, str] = {}
        queue = deque(n for n in following.get(start, []) if n in hidden)
        for n in queue:
            came_from.setdefault(n, start)
        found: dict[str, str] = {}
        while queue:
            node = queue.popleft()
            for target in following.get(node, []):
                if target in hidden and target not in came_from:
                    came_from[target] = node
                    queue.append(target)
                elif _visible(machine, target, shown) and target not in found:
                    found[target] = node
        for target, last in found.items():
            if (start, target) in direct:
                continue
            via = [last]
            while came_from[via[-1]] != start:
                via.append(came_from[via[-1]])
            paths.append(HiddenPath(start, target, tuple(reversed(via))))
    return paths
