"""Each consistency rule of core/check.py, on the smallest graph that breaks it (no Graphviz needed)."""

from __future__ import annotations

import pytest

from sphinx_onestates.core.catalog import Catalog, Entry, _match
from sphinx_onestates.core.check import check
from sphinx_onestates.dot.interpret import build_machine
from sphinx_onestates.dot.read import read_dot


def problems(text: str) -> list[tuple[int | None, str, str]]:
    """(line, rule, message) of every problem the check finds in a graph (read by pydot: no Graphviz)."""
    machine = build_machine(read_dot(text, "g.dot", dot="no-such-dot-program"), "g.dot")
    return [(p.line, p.rule, p.message) for p in check(machine)]


FACTS = 'graph [codes = "C", columns = "state C short meaning"];\n'


def test_a_consistent_graph_has_no_problem() -> None:
    text = "digraph g {\n" + FACTS + 'user [pseudo = initial];\nA [C = 0, short = "a", meaning = "A."];\n'
    text += 'B [C = 1, short = "b", meaning = "B.", final = true];\nuser -> A -> B;\n}\n'
    assert problems(text) == []


def test_undeclared_a_state_seen_only_in_an_edge_with_a_hint() -> None:
    text = "digraph g {\n" + FACTS + 'OPEN [C = 0, short = "o", meaning = "Open.", final = true];\nOPEN -> OPNE;\n}\n'
    found = problems(text)
    assert (4, "undeclared", "transition uses undeclared state 'OPNE' (did you mean 'OPEN'?)") in found


def test_undeclared_an_unknown_parent_and_an_unknown_exception_of_a_wildcard() -> None:
    text = 'digraph g {\nA [parent = NOPE];\nANY [pseudo = wildcard, except = "GONE"];\nANY -> A;\n}\n'
    found = problems(text)
    assert (2, "undeclared", "state 'A' has unknown parent 'NOPE'") in found
    assert (3, "undeclared", "wildcard 'ANY' excepts unknown state 'GONE'") in found


def test_conflict_a_state_declared_twice_with_different_facts() -> None:
    text = 'digraph g {\nA [meaning = "first"];\nA [meaning = "second"];\n}\n'
    assert (2, "conflict", "'A' is declared twice with different meaning: 'first', then 'second'") in problems(text)


def test_missing_a_declared_column_without_a_value_but_not_an_empty_one() -> None:
    text = "digraph g {\n" + FACTS + 'A [C = 0, short = ""];\nB [short = "b", meaning = "B."];\nA -> B;\n}\n'
    found = [p for p in problems(text) if p[1] == "missing"]
    assert found == [
        (3, "missing", "state 'A' has no meaning"),
        (4, "missing", "state 'B' has no code (C)"),
    ]


def test_duplicate_two_states_with_one_code() -> None:
    text = "digraph g {\n" + 'graph [codes = "C"];\nA [C = 1];\nB [C = "1, 2"];\nA -> B;\n}\n'
    assert (4, "duplicate", "C 1 of 'B' is already used by 'A'") in problems(text)


def test_unreachable_from_the_initial_pseudo_node_unless_internal() -> None:
    text = "digraph g {\nuser [pseudo = initial];\nA;\nB;\nINIT [internal = true];\nuser -> A;\nB -> A;\n}\n"
    found = [p for p in problems(text) if p[1] == "unreachable"]
    assert [message for _, _, message in found] == ["state 'B' cannot be reached from 'user'"]


def test_dead_end_a_state_without_a_way_out_unless_final() -> None:
    text = "digraph g {\nA -> B;\nA -> C;\nC [final = true];\n}\n"
    found = [p for p in problems(text) if p[1] == "dead-end"]
    assert [message for _, _, message in found] == ["state 'B' has no way out and is not marked final"]


def test_problems_come_in_file_order() -> None:
    text = 'digraph g {\nZ [meaning = "a"];\nZ [meaning = "b"];\nA -> B;\n}\n'
    lines = [line or 0 for line, _, _ in problems(text)]
    assert lines == sorted(lines)


CATALOG = Catalog(
    title="Door",
    codes=("DOOR",),
    states={
        "OPEN": Entry("OPEN", {"DOOR": (1,)}, aliases=("opened",)),
        "CLOSED": Entry("CLOSED", {"DOOR": (0,)}),
        "Locked": Entry("Locked", {"DOOR": (2,)}),
        "LOCKED": Entry("LOCKED", {"DOOR": (3,)}),
    },
    retired={"AJAR": Entry("AJAR", {"DOOR": (9,)}, aliases=("half",))},
)


@pytest.mark.parametrize(
    ("drawn", "how", "entry"),
    [
        ("OPEN", "exact", "OPEN"),
        ("opened", "alias", "OPEN"),
        ("closed", "case", "CLOSED"),
        ("Locked", "exact", "Locked"),
        ("ajar", "retired", "AJAR"),
        ("half", "retired", "AJAR"),
    ],
)
def test_a_drawn_node_matches_the_catalogue_by_name_alias_case_or_as_retired(drawn: str, how: str, entry: str) -> None:
    found = _match(CATALOG, drawn)
    assert found is not None and (found[0], found[1].name) == (how, entry)


def test_a_case_folded_name_that_fits_two_states_and_an_unknown_name_match_nothing() -> None:
    assert _match(CATALOG, "locked") is None  # Locked or LOCKED: not guessed
    assert _match(CATALOG, "BROKEN") is None
