"""The table's shape (issue 16): transitions under each state, columns as wide as what they hold, text in 100."""

from __future__ import annotations

from sphinx_onestates.core.model import Pseudo, State, StateMachine, Transition
from sphinx_onestates.core.table import (
    PADDING,
    PROSE_AT_LEAST,
    TABLE_WIDTH,
    TEXT_WIDTH,
    Cell,
    format_text,
    rows,
    split_columns,
    widths,
)
from sphinx_onestates.core.view import build_view

LONG = "PROLOG_MIGRATE_UNKNOWN_FAILURE"


def table(**columns: list[str]) -> list[dict[str, Cell]]:
    """Rows of the given columns' texts."""
    count = len(next(iter(columns.values())))
    return [{name: Cell(texts[i]) for name, texts in columns.items()} for i in range(count)]


def test_transitions_are_lists_under_the_rows_in_the_order_asked() -> None:
    assert split_columns(("state", "VM_STATE", "short", "meaning", "in", "out")) == (
        ("state", "VM_STATE", "short", "meaning"),
        ("in", "out"),
    )
    assert split_columns(("meaning", "out", "state", "in")) == (("meaning", "state"), ("out", "in"))
    # transitions alone would not say whose they are
    assert split_columns(("out",)) == (("state",), ("out",))


def test_columns_that_fit_get_their_longest_text_and_the_meaning_the_rest() -> None:
    found = widths(
        table(state=["OPEN", "CLOSED"], short=["op", "shut"], meaning=["The door is open."] * 2),
        ("state", "short", "meaning"),
    )
    state, short, meaning = found
    assert state >= len("CLOSED") + PADDING and short >= len("Short") + PADDING
    assert state < 12 and short < 12  # no wider than what they hold
    assert sum(found) == TABLE_WIDTH and meaning > PROSE_AT_LEAST


def test_when_columns_do_not_fit_headings_break_first_then_long_names_never_below_a_piece() -> None:
    names = [LONG, "RUNNING"]
    columns = ("state", "VM_STATE", "LCM_STATE", "short", "meaning")
    found = widths(
        table(
            state=names,
            VM_STATE=["3", "3"],
            LCM_STATE=["1", "3"],
            short=["fail", "runn"],
            meaning=["A long meaning " * 8] * 2,
        ),
        columns,
    )
    state, vm, lcm, _, meaning = found
    assert meaning >= PROSE_AT_LEAST and sum(found) == TABLE_WIDTH
    assert vm < len("VM_STATE") + PADDING and lcm < len("LCM_STATE") + PADDING  # "LCM_" over "STATE"
    assert vm >= len("STATE") + PADDING and lcm >= len("STATE") + PADDING
    assert len("UNKNOWN_") + PADDING <= state < len(LONG) + PADDING  # the long name breaks after an underscore


def test_an_unbreakable_text_keeps_its_width_even_past_the_table() -> None:
    word = "X" * 120
    state, meaning = widths(table(state=[word], meaning=["short"]), ("state", "meaning"))
    assert state >= len(word) + PADDING and meaning >= PROSE_AT_LEAST


def test_show_wraps_its_lines_at_100_characters_and_keeps_every_transition() -> None:
    targets = [f"TARGET_STATE_NUMBER_{n}" for n in range(30)]
    states = {name: State(name, name, meaning="m " * 80) for name in ["SOURCE", *targets]}
    machine = StateMachine(
        name="g",
        title="G",
        states=states,
        pseudo={"user": Pseudo("user", "user", "initial")},
        transitions=[Transition("SOURCE", target, "command", label=f"go-{n}") for n, target in enumerate(targets)],
        columns=("state", "meaning", "in", "out"),
    )
    view = build_view(machine)
    text = format_text(view, machine.columns)
    assert max(map(len, text.splitlines())) <= TEXT_WIDTH
    flat = " ".join(text.split())
    assert all(f"{target} (go-{n})" in flat for n, target in enumerate(targets))
    assert rows(view, ("state", "out"))[0]["out"].transitions[0] == ("TARGET_STATE_NUMBER_0", "go-0")
