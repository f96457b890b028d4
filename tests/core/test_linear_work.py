"""How much work the checks, ``:around:``, the table and the catalogue export do as a graph grows (issue 15).

No timing: each test counts how many times the graph's transition list (or state table) is walked
through, on a graph of a few hundred states and on one four times as large. Linear code walks it a fixed
number of times whatever the size; the quadratic code walked it once per state (or per undeclared state,
per state reached). ``benchmarks/checks.py`` measures the time.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from sphinx_onestates.core import check as check_module
from sphinx_onestates.core.catalog import catalog_from_machine
from sphinx_onestates.core.check import check
from sphinx_onestates.core.model import State, StateMachine
from sphinx_onestates.core.names import suggest
from sphinx_onestates.core.select import Direction, Selection
from sphinx_onestates.core.table import rows
from sphinx_onestates.core.view import build_view
from tests.generated import READS, chain_machine, counted

SIZES = (300, 1200)
#: At most this many walks through the transitions, whatever the size: a constant, not one per state.
WALKS = 12


class CountingStates(dict[str, State]):
    """A state table that counts how many times it is walked through."""

    def __init__(self, items: dict[str, State]) -> None:
        super().__init__(items)
        self.walks = 0

    def __iter__(self) -> Iterator[str]:
        self.walks += 1
        return super().__iter__()

    def keys(self) -> Any:
        self.walks += 1
        return super().keys()

    def values(self) -> Any:
        self.walks += 1
        return super().values()

    def items(self) -> Any:
        self.walks += 1
        return super().items()


def transition_walks(size: int, work: Any, **machine: int) -> tuple[int, int]:
    """How many times ``work(machine)`` walks the transitions of a generated graph of ``size`` states (and
    ``size`` random edges), and how many times it reads a transition's ends."""
    subject, transitions = counted(chain_machine(size, size, **machine))
    work(subject)
    return transitions.walks, READS[0]


def assert_linear(work: Any, **machine: int) -> None:
    """Walks: the same number on both sizes, at most WALKS; reads of the ends: four times the graph, at most
    five times the reads (quadratic code reads sixteen times as many)."""
    (small_walks, small_reads), (large_walks, large_reads) = (transition_walks(s, work, **machine) for s in SIZES)
    assert small_walks == large_walks <= WALKS, (small_walks, large_walks)
    assert large_reads <= 5 * small_reads, (small_reads, large_reads)


def state_walks(machine: StateMachine, work: Any) -> int:
    states = CountingStates(machine.states)
    work(replace(machine, states=states))
    return states.walks


def test_check_walks_the_transitions_a_fixed_number_of_times() -> None:
    assert_linear(check, undeclared_every=3)


def test_check_suggests_names_for_a_bounded_number_of_undeclared_states(monkeypatch: pytest.MonkeyPatch) -> None:
    # "did you mean" compares a name with every declared name: for every one of thousands of undeclared
    # states that is quadratic (an 81 s rebuild); a graph with that many is written that way on purpose
    calls: list[str] = []
    real = suggest

    def counting(name: str, candidates: list[str]) -> str:
        calls.append(name)
        return real(name, candidates)

    monkeypatch.setattr(check_module, "suggest", counting)
    problems = check(chain_machine(1200, 1200, undeclared_every=2))
    assert len([p for p in problems if p.rule == "undeclared"]) == 600
    assert len(calls) <= check_module.HINTS_UP_TO < 600


def test_check_walks_the_states_a_fixed_number_of_times() -> None:
    walks = [state_walks(chain_machine(size, size, undeclared_every=3), check) for size in SIZES]
    assert walks[0] == walks[1] <= WALKS, walks


@pytest.mark.parametrize("direction", ["in", "out", "both"])
def test_around_walks_the_transitions_a_fixed_number_of_times(direction: Direction) -> None:
    def around(machine: StateMachine) -> None:
        selection = Selection(around=("S150",), depth=4, direction=direction)
        build_view(machine, selection, hidden="drop")

    assert_linear(around)


def test_the_table_walks_the_transitions_a_fixed_number_of_times() -> None:
    def table(machine: StateMachine) -> None:
        rows(build_view(machine, hidden="drop"), ("state", "in", "out"))

    assert_linear(table)


def test_the_catalogue_export_walks_the_states_a_fixed_number_of_times() -> None:
    def nested(size: int) -> StateMachine:
        machine = chain_machine(size, size)
        states = {
            name: replace(state, parent=f"S{index // 10 * 10}" if index % 10 else None)
            for index, (name, state) in enumerate(machine.states.items())
        }
        return replace(machine, states=states)

    walks = [state_walks(nested(size), catalog_from_machine) for size in SIZES]
    assert walks[0] == walks[1] <= WALKS, walks


def test_the_index_of_a_machine_takes_no_part_in_equality_nor_in_its_pickle() -> None:
    used, fresh = chain_machine(50, 50), chain_machine(50, 50)
    assert used.children("S0") == [] and used.outgoing("S0")  # the index is built
    assert "index" in used.__dict__ and "index" not in fresh.__dict__
    assert used == fresh
    copy = pickle.loads(pickle.dumps(used))
    assert "index" not in copy.__dict__ and copy == used
    assert copy.outgoing("S0") == used.outgoing("S0")
    changed = replace(used, transitions=used.transitions[:1])  # a changed copy builds its own
    assert [t.target for t in changed.outgoing("user")] == ["S0"] and changed.outgoing("S0") == ()


def walked_neighbourhood(machine: StateMachine, centre: str, depth: int, direction: Direction) -> set[str]:
    """The neighbourhood as the quadratic code found it: every transition, for each state reached."""
    seen, frontier = {centre}, {centre}
    for _ in range(depth):
        reached = set()
        for t in machine.transitions:
            if direction != "in" and t.source in frontier:
                reached.add(t.target)
            if direction != "out" and t.target in frontier:
                reached.add(t.source)
        frontier = {name for name in reached if name in machine.states} - seen
        seen |= frontier
    return seen


@pytest.mark.parametrize("seed", range(5))
def test_the_neighbourhood_is_the_one_every_transition_gives(seed: int) -> None:
    machine = chain_machine(60, 90, seed=seed)
    cases: list[tuple[str, int, Direction]] = [
        ("S0", 2, "out"),
        ("S30", 3, "in"),
        ("S59", 2, "both"),
        ("S7", 0, "both"),
    ]
    for centre, depth, direction in cases:
        view = build_view(machine, Selection(around=(centre,), depth=depth, direction=direction), hidden="drop")
        assert set(view.names) == walked_neighbourhood(machine, centre, depth, direction)
