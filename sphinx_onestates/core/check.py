"""Consistency checks over a loaded state machine.

The directive reports these as Sphinx warnings; the CLI prints them as
``file:line: message`` and exits 1 when there are any.
"""

from __future__ import annotations

from collections import deque

from .model import Problem, StateMachine
from .names import suggest


def check(machine: StateMachine) -> list[Problem]:
    """Every consistency problem of ``machine``, and what reading its file set aside, in file order."""
    problems = [
        *machine.reading_problems,
        *_undeclared(machine),
        *_conflicts(machine),
        *_dangling_references(machine),
        *_parent_cycles(machine),
        *_missing_values(machine),
        *_duplicate_codes(machine),
        *_unreachable(machine),
        *_dead_ends(machine),
    ]
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _problem(machine: StateMachine, line: int | None, message: str, rule: str) -> Problem:
    return Problem(machine.source, line, message, rule)


def _has_facts(machine: StateMachine) -> bool:
    return bool(machine.codes) or any(s.short or s.meaning for s in machine.states.values())


#: Undeclared states that get a "did you mean" hint: each hint compares the name with every declared one,
#: and a graph with more undeclared states than this is written that way on purpose (they are no typos).
HINTS_UP_TO = 20


def _undeclared(machine: StateMachine) -> list[Problem]:
    """In a graph that carries facts, a state seen only in edges is usually a typo."""
    if not _has_facts(machine):
        return []
    undeclared = [state for state in machine.states.values() if not state.declared]
    if not undeclared:
        return []
    first_line: dict[str, int | None] = {}  # the line of the first transition that names each node
    for t in machine.transitions:
        first_line.setdefault(t.source, t.line)
        first_line.setdefault(t.target, t.line)
    declared = [s.name for s in machine.states.values() if s.declared] if len(undeclared) <= HINTS_UP_TO else []
    problems = []
    for state in undeclared:
        hint = suggest(state.name, declared) if declared else ""
        message = f"transition uses undeclared state {state.name!r}{hint}"
        problems.append(_problem(machine, first_line.get(state.name, state.line), message, "undeclared"))
    return problems


def _conflicts(machine: StateMachine) -> list[Problem]:
    lines = {**{p.name: p.line for p in machine.pseudo.values()}, **{s.name: s.line for s in machine.states.values()}}
    problems = []
    for c in machine.conflicts:
        message = f"{c.node!r} is declared twice with different {c.attribute}: {c.first!r}, then {c.later!r}"
        problems.append(_problem(machine, lines.get(c.node), message, "conflict"))
    return problems


def _dangling_references(machine: StateMachine) -> list[Problem]:
    problems = []
    for state in machine.states.values():
        if state.parent and state.parent not in machine.states:
            problems.append(
                _problem(machine, state.line, f"state {state.name!r} has unknown parent {state.parent!r}", "undeclared")
            )
    for pseudo in machine.pseudo.values():
        for name in sorted(pseudo.excluded - set(machine.states)):
            problems.append(
                _problem(machine, pseudo.line, f"wildcard {pseudo.name!r} excepts unknown state {name!r}", "undeclared")
            )
    return problems


#: A long parent cycle's message names its first and last links, and how many are between them.
_CYCLE_HEAD, _CYCLE_TAIL = 3, 2


def _parent_cycles(machine: StateMachine) -> list[Problem]:
    """States inside themselves through their parents: their parent links are ignored (nothing is framed)."""
    problems = []
    for cycle in machine.parent_cycles():
        first = machine.states[cycle[0]]
        if len(cycle) == 1:
            message = f"state {first.name!r} is its own parent; the parent link is ignored"
        else:
            ring = [*cycle, cycle[0]]
            links = [f"{ring[0]!r} has parent {ring[1]!r}"] + [f"which has parent {name!r}" for name in ring[2:]]
            if len(links) > _CYCLE_HEAD + _CYCLE_TAIL + 1:
                between = len(links) - _CYCLE_HEAD - _CYCLE_TAIL
                links = [*links[:_CYCLE_HEAD], f"({between} more)", *links[-_CYCLE_TAIL:]]
            message = f"parent cycle: {', '.join(links)}; these parent links are ignored"
        problems.append(_problem(machine, first.line, message, "parent-cycle"))
    return problems


def _missing_values(machine: StateMachine) -> list[Problem]:
    """A declared column without a value (an empty attribute means "none", on purpose)."""
    problems = []
    for state in machine.states.values():
        if not state.declared or state.frame:
            continue
        missing = []
        if machine.codes and not state.codes:
            missing.append("code (" + " or ".join(machine.codes) + ")")
        missing += [
            column for column in ("short", "meaning") if column in machine.columns and getattr(state, column) is None
        ]
        if missing:
            problems.append(
                _problem(machine, state.line, f"state {state.name!r} has no {', no '.join(missing)}", "missing")
            )
    return problems


def identity_codes(machine: StateMachine, name: str) -> tuple[str, tuple[int, ...]] | None:
    """The codes that identify a state: those of its most specific code column."""
    state = machine.states[name]
    for column in reversed(machine.codes):
        if state.codes.get(column):
            return column, state.codes[column]
    return None


def _duplicate_codes(machine: StateMachine) -> list[Problem]:
    owner: dict[tuple[str, int], str] = {}
    problems = []
    for state in machine.states.values():
        identity = identity_codes(machine, state.name)
        if identity is None:
            continue
        column, codes = identity
        for code in codes:
            first = owner.setdefault((column, code), state.name)
            if first != state.name:
                problems.append(
                    _problem(
                        machine,
                        state.line,
                        f"{column} {code} of {state.name!r} is already used by {first!r}",
                        "duplicate",
                    )
                )
    return problems


def reachable(machine: StateMachine) -> set[str]:
    """Nodes reachable from the initial pseudo-nodes; wildcards act from any covered state.

    Entering a state enters its parent, and entering a parent may enter any of its children (a parent
    cycle's links left out).
    """
    seen = set(machine.initial)
    queue = deque(seen)
    wildcards_of: dict[str, list[str]] = {}  # state -> the wildcards that stand for it
    for p in machine.pseudo.values():
        if p.role == "wildcard":
            for name in machine.covered_by(p):
                wildcards_of.setdefault(name, []).append(p.name)
    index = machine.index
    while queue:
        node = queue.popleft()
        following = [t.target for t in index.outgoing.get(node, ())]
        following += wildcards_of.get(node, [])
        if node in index.parents:
            following.append(index.parents[node])
        following += index.children.get(node, ())
        for target in following:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _unreachable(machine: StateMachine) -> list[Problem]:
    if not machine.initial:
        return []
    seen = reachable(machine)
    start = " or ".join(repr(name) for name in machine.initial)
    return [
        _problem(machine, state.line, f"state {state.name!r} cannot be reached from {start}", "unreachable")
        for state in machine.states.values()
        if state.name not in seen and not state.internal
    ]


def with_way_out(machine: StateMachine) -> set[str]:
    """The states with a way out: a transition to another state, a wildcard's, one of a child's, or one of a
    parent's (a transition from a frame leaves it from any state inside, as in a statechart).

    A parent has one when any state inside it has; found by walking up from each state that has its own,
    once per state (no recursion, however deep the frames nest). A state inside a parent with its own
    way out has one too; found by walking up from each state, remembering the answer per state.
    """
    own = {t.source for t in machine.transitions if t.target != t.source}
    for p in machine.pseudo.values():
        if p.role == "wildcard" and machine.outgoing(p.name):
            own.update(machine.covered_by(p))
    parents = machine.parent_links()
    found: set[str] = set()
    for name in own:
        node: str | None = name
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    inherited: dict[str, bool] = {}
    for name in machine.states:
        walk: list[str] = []
        node = name
        while node is not None and node not in inherited and node not in own:
            walk.append(node)
            node = parents.get(node)
        answer = node is not None and (node in own or inherited[node])
        inherited.update(dict.fromkeys(walk, answer))
        if answer:
            found.add(name)
    return found


def _dead_ends(machine: StateMachine) -> list[Problem]:
    way_out = with_way_out(machine)
    ends = way_out | groups_of_ends(machine, way_out)
    return [
        _problem(machine, state.line, f"state {state.name!r} has no way out and is not marked final", "dead-end")
        for state in machine.states.values()
        if not (state.final or state.internal) and state.name not in ends
    ]


def groups_of_ends(machine: StateMachine, way_out: set[str]) -> set[str]:
    """The parents whose states each end (are final or internal) or have a way out (graphs/README.md,
    *Frames*): a frame that groups final states (``cluster_done``, "Ready states") is no dead end, its
    states are checked one by one. Inner parents are decided first (deepest first, no recursion)."""
    parents = machine.parent_links()
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if parent in machine.states:
            children.setdefault(parent, []).append(child)
    depth: dict[str, int] = {}
    for name in children:
        walk: list[str] = []
        node: str | None = name
        while node is not None and node not in depth:
            walk.append(node)
            node = parents.get(node)
        below = -1 if node is None else depth[node]
        for step in reversed(walk):
            below += 1
            depth[step] = below
    groups: set[str] = set()
    for parent in sorted(children, key=lambda name: -depth[name]):
        states = (machine.states[child] for child in children[parent] if child in machine.states)
        if all(s.final or s.internal or s.name in way_out or s.name in groups for s in states):
            groups.add(parent)
    return groups
