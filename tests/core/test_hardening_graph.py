"""Hostile graphs in the pure layer: parent cycles, very deep parent chains, characters XML forbids."""

from __future__ import annotations

import pytest

from sphinx_onestates.core.check import check, reachable
from sphinx_onestates.core.model import Pseudo, State, StateMachine, Transition, visible, xml_safe
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.table import rows
from sphinx_onestates.core.view import build_view, group_by_short

DEEP = 600  # deeper than Python's recursion limit allows for a walk that recurses once or twice per level


def machine(parents: dict[str, str | None], edges: list[tuple[str, str]], final: tuple[str, ...] = ()) -> StateMachine:
    """A machine whose states (on lines 2, 3, ...) have the given parents; ``user`` starts it."""
    states = {
        name: State(name, name, parent=parent, final=name in final, line=line)
        for line, (name, parent) in enumerate(parents.items(), start=2)
    }
    return StateMachine(
        name="g",
        title="G",
        states=states,
        pseudo={"user": Pseudo("user", "user", "initial", line=1)},
        transitions=[Transition(source, target, "command", line=1) for source, target in edges],
        source="g.dot",
    )


def cycle_rules(found: StateMachine) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in check(found) if p.rule == "parent-cycle"]


# -- 1. parents that loop, and parent chains deeper than the recursion limit ------------------------------


def test_a_state_that_is_its_own_parent_is_a_located_check_problem() -> None:
    found = machine({"A": "A", "B": None}, [("user", "A"), ("A", "B")], final=("B",))
    assert cycle_rules(found) == [(2, "state 'A' is its own parent; the parent link is ignored")]


def test_a_state_its_own_parent_without_a_way_out_is_a_dead_end_not_a_crash() -> None:
    found = machine({"A": "A"}, [("user", "A")])
    rules = sorted(p.rule for p in check(found))
    assert rules == ["dead-end", "parent-cycle"]


def test_a_parent_cycle_is_one_problem_at_its_first_state() -> None:
    found = machine({"B": "C", "C": "B", "D": "B"}, [("user", "B")])
    assert cycle_rules(found) == [
        (2, "parent cycle: 'B' has parent 'C', which has parent 'B'; these parent links are ignored")
    ]
    assert {p.rule for p in check(found)} >= {"dead-end", "parent-cycle"}  # and no RecursionError


def test_a_long_parent_cycle_is_named_shortly() -> None:
    names = [f"S{i}" for i in range(40)]
    found = machine({name: names[(i + 1) % 40] for i, name in enumerate(names)}, [("user", "S0")])
    [(line, message)] = cycle_rules(found)
    assert line == 2 and message.startswith("parent cycle: 'S0' has parent 'S1', which has parent 'S2', ")
    assert "(35 more)" in message and message.endswith("which has parent 'S0'; these parent links are ignored")


def test_links_that_loop_are_absent_and_a_state_below_a_cycle_keeps_its_parent() -> None:
    found = machine({"B": "C", "C": "B", "D": "B", "E": "E"}, [])
    assert found.children("B") == ["D"] and found.children("C") == [] and found.children("E") == []
    assert found.parent_of("B") is None and found.parent_of("D") == "B" and found.parent_of("E") is None
    assert build_view(found).frames() == {"B": ["D"]}


def test_a_wildcard_covers_the_states_of_a_cycle() -> None:
    found = machine({"B": "C", "C": "B"}, [])
    found.pseudo["ANY"] = Pseudo("ANY", "ANY", "wildcard")
    assert found.covered_by(found.pseudo["ANY"]) == ["B", "C"]


def chain(depth: int) -> StateMachine:
    """S0 inside S1 inside ... inside S<depth>: a parent chain ``depth`` levels deep."""
    parents: dict[str, str | None] = {f"S{i}": f"S{i + 1}" for i in range(depth)}
    parents[f"S{depth}"] = None
    return machine(parents, [("user", "S0"), ("S0", f"S{depth}")], final=(f"S{depth}",))


def test_a_parent_chain_deeper_than_the_recursion_limit_is_checked() -> None:
    found = chain(DEEP)
    assert [p.rule for p in check(found)] == []  # S0 has a way out, so every frame around it has
    assert len(reachable(found)) == DEEP + 2


def test_a_deep_chain_without_a_way_out_reports_each_dead_end_once() -> None:
    found = machine({**{f"S{i}": f"S{i + 1}" for i in range(DEEP)}, f"S{DEEP}": None}, [("user", "S0")])
    assert sorted(p.rule for p in check(found)) == ["dead-end"] * (DEEP + 1)


def test_a_deep_chain_is_framed_level_by_level() -> None:
    frames = build_view(chain(DEEP)).frames()
    assert len(frames) == DEEP and frames["S1"] == ["S0"] and frames[f"S{DEEP}"] == [f"S{DEEP - 1}"]


def test_a_deep_chain_is_grouped_selected_and_tabled() -> None:
    found = chain(DEEP)
    view = build_view(found, Selection(around=("S0",), depth=1))
    assert view.names == ["S0", f"S{DEEP}"]
    assert len(rows(build_view(found), ("state", "in", "out"))) == DEEP + 1
    assert list(group_by_short(found).states) == ["S0"]  # the frames dissolve


# -- 2. characters XML forbids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x01b", "a<U+0001>b"),
        ("\x0b", "<U+000B>"),
        ("tab\there\nline", "tab\there\nline"),  # allowed in XML
        ("\ufffe\uffff", "<U+FFFE><U+FFFF>"),
        ("&copy; &#1;", "&copy; &#1;"),  # entities are text: the output escapes them
    ],
)
def test_xml_safe_makes_forbidden_characters_visible(text: str, shown: str) -> None:
    assert xml_safe(text) == shown


def test_visible_never_returns_a_character_xml_forbids() -> None:
    assert visible("a\x01b") == "a<U+0001>b"
    assert visible("\x01") == "<U+0001>"
    assert visible(" ") == "\u2423"


def test_table_cells_hold_no_character_xml_forbids() -> None:
    found = machine({"a\x01b": None, "c": None}, [("a\x01b", "c")])
    found.states["c"] = State("c", "c", short="s\x02", meaning="m\x0c")
    found.transitions[0] = Transition("a\x01b", "c", "command", "go\x03")
    table = rows(build_view(found), ("state", "short", "meaning", "in", "out"))
    text = "".join(cell.text for row in table for cell in row.values())
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in text)
    assert table[1]["short"].text == "s<U+0002>" and table[1]["meaning"].text == "m<U+000C>"
    assert table[1]["in"].text == "a<U+0001>b (go<U+0003>)"
