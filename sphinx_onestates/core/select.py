"""Choosing the states a view shows: names, globs, short names and neighbourhoods.

A name resolves in this order: an exact state name (the node's id), then the
name a state is shown by (its label, or its catalogue name), then a glob over
state names, then a CLI short name (which selects every state that prints it).
"""

from __future__ import annotations

import fnmatch
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from .errors import OneStatesError
from .model import KINDS, Kind, StateMachine, one_line
from .names import suggest
from .subtypes import Subtype

Direction = Literal["in", "out", "both"]


def resolve(machine: StateMachine, pattern: str) -> list[str]:
    """The states ``pattern`` names; :class:`OneStatesError` (subtype ``state``) if none."""
    if pattern in machine.states:
        return [pattern]
    by_shown = [s.name for s in machine.states.values() if one_line(s.label) == pattern]
    if by_shown:
        return by_shown
    if any(char in pattern for char in "*?["):
        matched = [name for name in machine.states if fnmatch.fnmatchcase(name, pattern)]
        if matched:
            return matched
    by_short = [s.name for s in machine.states.values() if s.short and s.short == pattern]
    if by_short:
        return by_short
    shown = [one_line(s.label) for s in machine.states.values() if s.label != s.name]
    candidates = list(machine.states) + shown + sorted({s.short for s in machine.states.values() if s.short})
    raise OneStatesError(
        f"no state, glob match or short name {pattern!r} in graph {machine.title!r}{suggest(pattern, candidates)}",
        subtype=Subtype.STATE,
    )


def resolve_all(machine: StateMachine, patterns: Iterable[str]) -> list[str]:
    """The union of several patterns, in graph order."""
    chosen: set[str] = set()
    for pattern in patterns:
        chosen.update(resolve(machine, pattern))
    return [name for name in machine.states if name in chosen]


def neighbourhood(
    machine: StateMachine, centres: Iterable[str], depth: int, direction: Direction, kinds: frozenset[Kind]
) -> set[str]:
    """States within ``depth`` transitions of ``centres`` (wildcard edges do not count)."""
    seen = set(centres)
    queue = deque((name, 0) for name in seen)
    index = machine.index
    while queue:
        node, distance = queue.popleft()
        if distance >= depth:
            continue
        following: list[str] = []
        if direction != "in":
            following += [t.target for t in index.outgoing.get(node, ()) if t.kind in kinds]
        if direction != "out":
            following += [t.source for t in index.incoming.get(node, ()) if t.kind in kinds]
        for other in following:
            if other in machine.states and other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen


@dataclass(frozen=True)
class Selection:
    """What a directive (or the CLI) asked for, before it is applied to a graph."""

    states: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    around: tuple[str, ...] = ()
    depth: int = 1
    direction: Direction = "out"
    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(KINDS))
    highlight: tuple[str, ...] = ()

    def named(self, machine: StateMachine) -> Selection:
        """The same selection with each name resolved in ``machine`` to the ids of the states it names: it
        chooses the same states in a copy of ``machine`` whose labels differ (a translated one). Raises as
        :func:`resolve` does."""
        return replace(
            self,
            states=tuple(resolve_all(machine, self.states)),
            exclude=tuple(resolve_all(machine, self.exclude)),
            around=tuple(resolve_all(machine, self.around)),
            highlight=tuple(resolve_all(machine, self.highlight)),
        )

    def chosen(self, machine: StateMachine) -> list[str]:
        """The selected states in graph order; raises when a name resolves to nothing."""
        if not self.states and not self.around:
            chosen = set(machine.states)
        else:
            chosen = set(resolve_all(machine, self.states))
            if self.around:
                centres = resolve_all(machine, self.around)
                chosen |= neighbourhood(machine, centres, self.depth, self.direction, self.kinds)
        chosen -= set(resolve_all(machine, self.exclude))
        return [name for name in machine.states if name in chosen]
