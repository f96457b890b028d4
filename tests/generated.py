"""Large generated graphs for the tests of how work grows with a graph's size (issue 15).

A chain ``S0 -> S1 -> ... -> S(n-1)`` from the initial pseudo-node, plus ``extra`` random edges of every
kind, with codes and meanings: built directly as a :class:`StateMachine` (no Graphviz, no parsing), or
written as DOT text for a Sphinx build. ``benchmarks/checks.py`` builds the same shape.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sphinx_onestates.core.model import KINDS, Pseudo, State, StateMachine, Transition


class CountingList(list[Transition]):
    """A list that counts how many times it is walked through (a full walk, or the start of one)."""

    def __init__(self, items: list[Transition]) -> None:
        super().__init__(items)
        self.walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.walks += 1
        return super().__iter__()


def chain_machine(n: int, extra: int, seed: int = 1, undeclared_every: int = 0) -> StateMachine:
    """The chain of ``n`` states plus ``extra`` random edges; every ``undeclared_every``-th state only in edges."""
    rnd = random.Random(seed)
    states = {
        f"S{i}": State(f"S{i}", f"S{i}", codes={"C": (i,)}, meaning=f"state {i}", final=i == n - 1, line=i + 2)
        for i in range(n)
    }
    if undeclared_every:
        for i in range(0, n, undeclared_every):
            states[f"S{i}"] = replace(states[f"S{i}"], declared=False)
    transitions = [Transition("user", "S0", "command", "go", 1)]
    transitions += [Transition(f"S{i}", f"S{i + 1}", "automatic", "", n + 2 + i) for i in range(n - 1)]
    transitions += [
        Transition(f"S{rnd.randrange(n)}", f"S{rnd.randrange(n)}", rnd.choice(KINDS), f"t{j}", 2 * n + 2 + j)
        for j in range(extra)
    ]
    return StateMachine(
        name="big",
        title="Big",
        states=states,
        pseudo={"user": Pseudo("user", "user", "initial", line=1)},
        transitions=transitions,
        codes=("C",),
        columns=("state", "C", "meaning", "in", "out"),
        source="big.dot",
    )


class CountedTransition(Transition):
    """A transition that counts how often any code reads its ends (``source``, ``target``), in ``READS``."""

    def __getattribute__(self, name: str) -> object:
        if name in ("source", "target"):
            READS[0] += 1
        return super().__getattribute__(name)


#: Reads of transition ends since :func:`counted` made the last machine.
READS = [0]


def counted(machine: StateMachine) -> tuple[StateMachine, CountingList]:
    """The machine with a transition list that counts its walks, and transitions that count the reads of
    their ends in ``READS`` (a fresh machine: nothing derived is kept)."""
    transitions = CountingList(
        [CountedTransition(t.source, t.target, t.kind, t.label, t.line) for t in machine.transitions]
    )
    READS[0] = 0
    return replace(machine, transitions=transitions), transitions


def chain_dot(n: int, extra: int, seed: int = 1) -> str:
    """:func:`chain_machine`'s graph as DOT text (all states declared)."""
    rnd = random.Random(seed)
    lines = ["digraph big {", '  graph [codes = "C"];', "  user [pseudo = initial];", "  user -> S0 [kind = command];"]
    lines += [f'  S{i} [C = {i}, meaning = "state {i}"{", final = true" if i == n - 1 else ""}];' for i in range(n)]
    lines += [f"  S{i} -> S{i + 1} [kind = automatic];" for i in range(n - 1)]
    lines += [
        f'  S{rnd.randrange(n)} -> S{rnd.randrange(n)} [kind = {rnd.choice(KINDS)}, label = "t{j}"];'
        for j in range(extra)
    ]
    return "\n".join([*lines, "}", ""])
