"""Quieter filtered views: a path through hidden states is drawn only where the figure shows no other way (issue 17).

``:around: RUNNING`` on vm-complete drew 34 dashed "via N hidden states" edges beside 46 transitions, most of
them long arcs across the figure; ``:states: PENDING, PROLOG*, boot, RUNNING`` drew 39 beside 30.
"""

from __future__ import annotations

from collections import deque

import pytest

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import View, build_view
from sphinx_onestates.dot.interpret import load_file

HEADLINE = Selection(around=("RUNNING",))
DEPLOY = Selection(states=("PENDING", "PROLOG*", "boot", "RUNNING"))


def _reachable(view: View, leave_out: int | None = None) -> dict[str, set[str]]:
    following: dict[str, list[str]] = {}
    for t in view.transitions:
        following.setdefault(t.source, []).append(t.target)
    for number, path in enumerate(view.hidden_paths):
        if number != leave_out:
            following.setdefault(path.source, []).append(path.target)
    reach: dict[str, set[str]] = {}
    for start in following:
        seen: set[str] = set()
        queue = deque([start])
        while queue:
            for target in following.get(queue.popleft(), []):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        reach[start] = seen
    return reach


@pytest.mark.parametrize("selection", [HEADLINE, DEPLOY], ids=["around-RUNNING", "deploy"])
def test_hidden_paths_are_fewer_than_transitions_and_each_shows_a_way_nothing_else_shows(selection: Selection) -> None:
    machine = load_file(builtin_path("vm-complete") or "")
    view = build_view(machine, selection)
    assert len(view.hidden_paths) <= len(view.transitions)
    assert all(path.source != path.target for path in view.hidden_paths)  # loops are marks on the state
    for number, path in enumerate(view.hidden_paths):
        assert path.target not in _reachable(view, leave_out=number).get(path.source, set()), path
    # every way through hidden states is still shown: by a dashed edge, or by the drawing's other edges
    reach = _reachable(view)
    shown = set(view.names) | {p.name for p in view.pseudo}
    for start in shown:
        for target in shown:
            if start == target:
                continue
            through_hidden = _hidden_route(view, start, target)
            if through_hidden:
                assert target in reach.get(start, set()), (start, target)


def _hidden_route(view: View, start: str, target: str) -> bool:
    """Whether ``target`` follows ``start`` through one hidden state or more, and no shown one (in the whole graph)."""
    shown = set(view.names) | {p.name for p in view.pseudo}
    following: dict[str, list[str]] = {}
    for t in view.machine.transitions:
        if t.kind in view.kinds:
            following.setdefault(t.source, []).append(t.target)
    seen: set[str] = set()
    queue = deque(following.get(start, []))
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        if node == target and node not in following.get(start, []):
            return True
        if node in shown:
            continue
        queue.extend(following.get(node, []))
    return False


def test_a_loop_through_hidden_states_is_a_mark_on_the_state() -> None:
    machine = load_file(builtin_path("vm-complete") or "")
    view = build_view(machine, HEADLINE)
    assert view.returns  # e.g. BOOT_POWEROFF returns to itself through hidden states
    for name, via in view.returns.items():
        assert name in view.names and via and not set(via) & set(view.names)
        assert any(line.startswith(f"{name} -> {name} (returns via ") for line in view.transition_lines)


def test_a_part_of_a_graph_is_turned_when_clearly_narrower_that_way() -> None:
    from sphinx_onestates.core.layout import fitting_direction

    machine = load_file(builtin_path("vm-complete") or "")
    # a pipeline of long names: side by side 1,878 pt wide when drawn, one under the other 1,054 pt
    assert fitting_direction(build_view(machine, DEPLOY), "LR") == "TB"
    # a hub and where it goes: one rank of 16 beside it reads left to right (749 pt against 2,104 pt)
    assert fitting_direction(build_view(machine, HEADLINE), "LR") == "LR"
    assert fitting_direction(build_view(machine, HEADLINE), "TB") == "LR"
    # a view that fits stays as the file has it
    small = build_view(machine, Selection(states=("PENDING", "HOLD")))
    assert fitting_direction(small, "TB") == "TB" and fitting_direction(small, "LR") == "LR"
