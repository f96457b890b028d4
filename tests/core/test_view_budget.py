"""What a view would draw, counted against a budget, and a search for hidden paths that stops there (issue 15).

The guard counted states only: a 100-state view drew thousands of dashed "via N hidden states" edges, a
1-state view with ``:hidden: stubs`` thousands of stubs, and finding those paths took a while before any
guard applied. A view built with a :class:`Budget` counts states and edges (transitions, hidden paths,
stubs), stops finding paths and stubs once past it, and says why it is too large to draw.
"""

from __future__ import annotations

from sphinx_onestates.core.model import Pseudo, State, StateMachine, Transition
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import Budget, HiddenMode, build_view
from tests.generated import chain_machine

FIRST_100 = Selection(states=tuple(f"S{i}" for i in range(100)))


def star(spokes: int) -> StateMachine:
    """HUB with a transition to each of ``spokes`` other states."""
    states = {"HUB": State("HUB", "HUB")} | {f"T{i}": State(f"T{i}", f"T{i}", final=True) for i in range(spokes)}
    transitions = [Transition("user", "HUB", "command")]
    transitions += [Transition("HUB", f"T{i}", "command", f"go {i}") for i in range(spokes)]
    return StateMachine("star", "Star", states, {"user": Pseudo("user", "user", "initial")}, transitions)


def test_without_a_budget_thousands_of_hidden_paths_are_found_and_only_the_needed_drawn() -> None:
    view = build_view(chain_machine(1000, 1000), FIRST_100)
    assert view.size.steps > 20_000 and not view.too_large  # thousands of paths were found ...
    assert 0 < len(view.hidden_paths) < 20  # ... and the figure draws those that show a way it shows nowhere else
    assert view.size.edges == len(view.transitions) + len(view.hidden_paths) and view.size.complete


def test_hidden_paths_past_the_edge_budget_are_not_searched_for() -> None:
    view = build_view(chain_machine(1000, 1000), FIRST_100, budget=Budget(states=250, edges=1000))
    assert view.too_large == "edges"
    assert view.size.edges == 1001 and not view.size.complete  # at least that many: the search stopped
    assert view.size.states == 100 and view.size.transitions == len(view.transitions)
    assert view.hidden_paths == [] and view.stubs == []  # a part would be a wrong list: none is kept


def test_stubs_past_the_edge_budget_are_not_made() -> None:
    view = build_view(star(3000), Selection(states=("HUB",)), hidden="stubs", budget=Budget(250, 1000))
    assert view.too_large == "edges"
    assert (view.size.transitions, view.size.stubs, view.size.complete) == (1, 1000, False)  # 1001 edges
    assert view.stubs == []


def test_a_view_within_the_budget_is_the_view_without_one() -> None:
    machine = chain_machine(300, 300)
    cases: list[tuple[Selection, HiddenMode]] = [(Selection(around=("S150",), depth=2), "paths"), (FIRST_100, "stubs")]
    for selection, hidden in cases:
        free = build_view(machine, selection, hidden=hidden)
        within = build_view(machine, selection, hidden=hidden, budget=Budget(250, 100_000))
        assert not within.too_large and within.size.complete
        assert within.transitions == free.transitions
        assert (within.hidden_paths, within.stubs) == (free.hidden_paths, free.stubs)
    exact = build_view(star(10), Selection(states=("HUB",)), hidden="stubs", budget=Budget(250, 11))
    assert not exact.too_large and exact.size.edges == 11  # at the budget is within it


def test_too_many_states_are_counted_before_any_search() -> None:
    view = build_view(chain_machine(1000, 1000), Selection(states=("S*",)), budget=Budget(250, 1000))
    assert view.too_large == "states" and view.size.states == 1000
    assert view.size.steps == 0 and view.hidden_paths == []
    assert len(view.transitions) == 2000  # the transitions are listed, as before


def test_the_search_for_hidden_paths_stops_after_its_steps() -> None:
    machine = chain_machine(1000, 1000)
    selection = Selection(states=tuple(f"S{i}" for i in range(0, 1000, 100)))  # few shown: long hidden paths
    free = build_view(machine, selection)
    assert free.size.steps > 5000
    view = build_view(machine, selection, budget=Budget(250, 100_000, steps=5000))
    assert view.too_large == "steps" and view.size.steps <= 5001 and not view.size.complete
    assert view.hidden_paths == []


def test_hidden_states_that_lead_nowhere_shown_are_not_searched() -> None:
    # S0 -> S1 and a long dead-end tail S1 -> X0 -> X1 -> ... that reaches no shown state
    states = {name: State(name, name) for name in ["S0", "S1", *(f"X{i}" for i in range(500))]}
    transitions = [Transition("S0", "S1", "command"), Transition("S1", "X0", "command")]
    transitions += [Transition(f"X{i}", f"X{i + 1}", "automatic") for i in range(499)]
    machine = StateMachine("tail", "Tail", states, {}, transitions)
    view = build_view(machine, Selection(states=("S0", "S1")))
    assert view.hidden_paths == [] and view.size.steps < 10
