"""The table's shape (issue 16): transitions under each state, columns as wide as what they hold, text in 100."""

from __future__ import annotations

from sphinx_onestates.core.model import Pseudo, State, StateMachine, Transition
from sphinx_onestates.core.table import (
    HEADING_SCALE,
    LONG_TOKEN,
    PADDING,
    PROSE_AT_LEAST,
    TABLE_WIDTH,
    TEXT_WIDTH,
    Cell,
    format_text,
    pieces,
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


def test_a_url_in_a_meaning_breaks_after_its_slashes_and_the_table_keeps_its_width() -> None:
    url = "https://example.com/a/very/long/path/without/any/spaces/at/all/that/keeps/going"
    assert pieces(url)[:3] == ["https:/", "/", "example."] and "".join(pieces(url)) == url
    assert pieces("PROLOG_MIGRATE") == ["PROLOG_", "MIGRATE"]  # a short token breaks after underscores only
    found = widths(table(state=["SHORT"], meaning=[f"See {url}"]), ("state", "meaning"))
    assert sum(found) == TABLE_WIDTH


def test_a_short_name_breaks_after_its_underscores_the_heading_stays_whole() -> None:
    columns = ("state", "LONG_CODE", "short", "meaning")
    names = ["ANOTHER_EVEN_LONGER_STATE_NAME_THAT_GOES_ON_AND_ON_AND_ON_FOREVER", "SHORT"]
    found = widths(
        table(state=names, LONG_CODE=["1", "2"], short=["another_long_short_name", "s"], meaning=["m"] * 2), columns
    )
    _, code, short, _ = found
    assert sum(found) == TABLE_WIDTH
    assert code >= len("LONG_") * HEADING_SCALE + PADDING and short >= len("another_") + PADDING


def test_names_without_underscores_break_anywhere_before_codes_are_squeezed() -> None:
    name = "AVERYLONGSTATENAMEWITHOUTANYUNDERSCORESATALLWHATSOEVER"
    codes = [f"C{n}" for n in range(1, 7)]
    columns = ("state", *codes, "short", "meaning")
    values = {code: [str(n * 100_000), "1"] for n, code in enumerate(codes, start=1)}
    found = widths(
        table(state=[name, "B"], **values, short=["averylongshortname", "b"], meaning=["Short."] * 2), columns
    )
    state, *code_widths, short, meaning = found
    assert all(width >= len("600000") + PADDING for width in code_widths)  # six digits never break
    assert state < len(name) and short < len("averylongshortname") and meaning >= LONG_TOKEN + PADDING
    assert sum(found) < 1.15 * TABLE_WIDTH  # LaTeX scales a wider table to the text block: codes still fit


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
