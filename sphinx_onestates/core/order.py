"""The order of a table's rows (``:sort:``) and their frames (``:table-group: parent``).

Only the table is ordered: the figure keeps the graph's order, which its layout depends on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from .model import State
    from .view import View

Sort = Literal["graph", "code", "name"]
SORTS: tuple[Sort, ...] = ("graph", "code", "name")
TableGroup = Literal["none", "parent"]
TABLE_GROUPS: tuple[TableGroup, ...] = ("none", "parent")


class Placed(NamedTuple):
    """A table row's state, how deep it sits in frames, and the shown frame it sits in (None: none)."""

    state: State
    depth: int = 0
    parent: State | None = None


def _code_key(codes: tuple[str, ...]) -> Callable[[State], tuple[float, ...]]:
    """By the first code column, then the next: the smallest code of each (a grouped state has several).

    A state without a code in the first column (``LCM_INIT`` has no ``VM_STATE``) comes after those with
    one; without one in a later column (``ACTIVE`` has no ``LCM_STATE``), before those that share its
    first code, so a frame comes before its phases.
    """

    def key(state: State) -> tuple[float, ...]:
        return tuple(
            min(state.codes[column]) if state.codes.get(column) else (math.inf if number == 0 else -1)
            for number, column in enumerate(codes)
        )

    return key


def ordered(view: View, sort: Sort = "graph", group: TableGroup = "none") -> list[Placed]:
    """The view's states in table order: sorted, and with ``parent`` each shown frame's states right
    after it (deeper frames within), each level sorted the same way."""
    position = {state.name: number for number, state in enumerate(view.states)}
    if sort == "code":
        by_code = _code_key(view.machine.codes)
        states = sorted(view.states, key=lambda s: (by_code(s), position[s.name]))
    elif sort == "name":
        states = sorted(view.states, key=lambda s: (s.name, position[s.name]))
    else:
        states = list(view.states)
    if group != "parent":
        return [Placed(state) for state in states]
    shown = {state.name: state for state in states}
    children: dict[str | None, list[State]] = {}
    for state in states:
        parent = view.machine.parent_of(state.name)
        children.setdefault(parent if parent in shown else None, []).append(state)
    placed: list[Placed] = []
    # depth first, without recursion: a frame's states follow it, in the order sorted above
    stack = [Placed(state) for state in reversed(children.get(None, []))]
    while stack:
        item = stack.pop()
        placed.append(item)
        inner = children.get(item.state.name, [])
        stack += [Placed(child, item.depth + 1, item.state) for child in reversed(inner)]
    return placed
