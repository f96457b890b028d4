"""From DOT to the model: kinds, pseudo-nodes, codes, labels, columns, as a reader of the figure sees them.

Every graph here is read by pydot (``pydot_only``), so the tests need no Graphviz.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import Conflict, Edge, StateMachine
from sphinx_onestates.core.subtypes import Subtype
from sphinx_onestates.dot.interpret import display_text, load_file, load_text, state_label, unescape

pytestmark = pytest.mark.usefixtures("pydot_only")


def load(body: str, head: str = "digraph door") -> StateMachine:
    return load_text(f"{head} {{\n{body}\n}}\n", "door.dot")


def test_edge_styles_give_the_kinds() -> None:
    machine = load('A -> B;\nB -> C [style=dashed];\nC -> A [style="dotted,bold"];\nA -> C [style=bold]')
    assert [(t.source, t.target, t.kind) for t in machine.transitions] == [
        ("A", "B", "command"),
        ("B", "C", "automatic"),
        ("C", "A", "failure"),
        ("A", "C", "command"),
    ]


def test_a_kind_attribute_wins_over_the_style() -> None:
    machine = load("A -> B [style=dashed, kind=FAILURE]")
    assert machine.transitions[0].kind == "failure"


def test_an_unknown_kind_is_an_error_at_the_edge() -> None:
    with pytest.raises(OneStatesError) as caught:
        load("A;\nA -> B [kind=sometimes]")
    assert caught.value.line == 3
    assert caught.value.message == "edge A -> B: kind must be one of command, automatic, failure, not 'sometimes'"


def test_invisible_edges_only_place_nodes() -> None:
    machine = load("A -> B [style=invis];\nB -> A")
    assert machine.layout_edges == [Edge("A", "B")]
    assert [t.describe() for t in machine.transitions] == ["B -> A"]


def test_the_pseudo_nodes_of_opennebula_drawings_are_recognised() -> None:
    machine = load(
        'user; ANY [except="B, C"]; ANY_ACTIVE [pseudo=yes]; stop [shape=point]; '
        "start [pseudo=initial]; user_state [pseudo=no]; A"
    )
    roles = {name: p.role for name, p in machine.pseudo.items()}
    assert roles == {
        "user": "initial",
        "ANY": "wildcard",
        "ANY_ACTIVE": "wildcard",
        "stop": "final",
        "start": "initial",
    }
    assert machine.pseudo["ANY"].excluded == frozenset({"B", "C"})
    assert sorted(machine.states) == ["A", "user_state"]
    assert machine.initial == ["user", "start"]


def test_codes_are_read_per_code_column() -> None:
    machine = load('codes = "LCM, OLD";\nA [LCM="3, 4", OLD=1];\nB [LCM=""]')
    assert machine.codes == ("LCM", "OLD")
    assert machine.states["A"].codes == {"LCM": (3, 4), "OLD": (1,)}
    assert machine.states["B"].codes == {"LCM": ()}  # declared empty on purpose
    assert machine.states["A"].code_text("LCM") == "3, 4"


def test_a_code_that_is_no_integer_is_a_located_error() -> None:
    with pytest.raises(OneStatesError) as caught:
        load('codes = "LCM";\nA;\nB [LCM="3, four"]')
    assert str(caught.value) == (
        "door.dot:4: state 'B': LCM must be an integer or a comma-separated list of integers, not '3, four'"
    )


def test_columns_must_name_known_columns() -> None:
    with pytest.raises(OneStatesError) as caught:
        load('codes = "LCM";\ncolumns = "state LCM colour"')
    assert caught.value.message == (
        "graph attribute 'columns' names unknown columns: colour (known: state, short, meaning, in, out, LCM)"
    )


def test_default_columns_show_what_the_states_have() -> None:
    assert load('codes = "LCM";\nA [LCM=1, short=a]').columns == ("state", "LCM", "short", "in", "out")


def test_facts_of_a_state() -> None:
    machine = load(
        'A [short=" a ", meaning="Waits\\nfor   the user.", parent=P, final=true, internal=on, aliases="A1 A2"];\n'
        "P;\nA -> B"
    )
    a = machine.states["A"]
    assert (a.short, a.meaning, a.parent, a.final, a.internal, a.aliases) == (
        "a",
        "Waits for the user.",
        "P",
        True,
        True,
        ("A1", "A2"),
    )
    assert (a.line, a.declared, machine.states["B"].declared) == (2, True, False)
    assert (machine.states["P"].short, machine.states["P"].final) == (None, False)


def test_only_conflicting_facts_are_conflicts() -> None:
    """Drawing attributes may be set twice; facts (and code columns) must not disagree."""
    machine = load('codes = "LCM";\nA [color=red, short=a, LCM=1];\nA [color=blue, short=b, LCM=2]')
    assert machine.conflicts == [Conflict("A", "short", "a", "b"), Conflict("A", "LCM", "1", "2")]


def test_the_title_is_the_title_attribute_else_the_graph_name_else_the_file_name() -> None:
    assert load('title = "The <b>door</b>"; A').title == "The <b>door</b>"
    assert load("title = <The <b>door</b>>; A").title == "The door"
    assert load("A").title == "door"
    assert load("A", head="digraph").title == "door"  # from door.dot


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("two\\nlines", "two\nlines"),
        ("left\\lright\\r", "left\nright"),
        ('say \\"hi\\"', 'say "hi"'),
        ("<<b>bold</b>  <i>and</i> <br/>italic>", "bold and\nitalic"),  # line breaks kept
        ("&lt;as written&gt;", "<as written>"),  # entities resolved, as Graphviz draws them
    ],
)
def test_labels_show_what_graphviz_shows(label: str, shown: str) -> None:
    assert display_text(label) == shown


@pytest.mark.parametrize(
    ("name", "label", "shown"),
    [
        ("A", None, "A"),
        ("A", "\\N", "A"),
        ("A", "Alpha", "Alpha"),
        ("A", " ", "A"),  # a blank label gives way to the name
        ("A", "\\n", "A"),
        ("two\\nlines", None, "two\nlines"),
        (" ", None, "\u2423"),  # a blank name is shown as written, white space made visible
        ("\\n", " ", "\\n"),
        ("", None, '""'),
    ],
)
def test_a_state_is_never_shown_blank(name: str, label: str | None, shown: str) -> None:
    assert state_label(name, label) == shown


def test_a_blank_state_name_in_a_file_gets_a_visible_label() -> None:
    machine = load('" " -> A;\n"\\n" [label=" "]')
    assert machine.states[" "].label == "\u2423"
    assert machine.states["\\n"].label == "\\n"


def test_unescape_breaks_lines_and_drops_the_backslash_of_other_escapes() -> None:
    assert unescape("a\\nb\\x") == "a\nbx"
    assert unescape("\\nmiddle\\n") == "middle"


def test_load_file_names_the_file_in_its_errors(tmp_path: Path) -> None:
    with pytest.raises(OneStatesError) as caught:
        load_file(tmp_path / "nowhere.dot")
    assert caught.value.subtype == Subtype.FILE
    assert caught.value.source == str(tmp_path / "nowhere.dot")
    path = tmp_path / "door.dot"
    path.write_text("digraph door {\n  A -> B [kind=maybe];\n}\n", encoding="utf-8")
    with pytest.raises(OneStatesError) as caught:
        load_file(path)
    assert caught.value.location() == f"{path}:2"


@pytest.mark.parametrize("value", ["1_0", "\u0661", "1e3", "0x10", "9" * 40])
def test_a_code_is_written_in_the_digits_0_to_9(value: str) -> None:
    """int() would read 1_0 as 10 and an Arabic-Indic one as 1: a code is refused unless it is plain digits."""
    with pytest.raises(OneStatesError, match=r"must be an integer or a comma-separated list of integers"):
        load_text(f'digraph g {{ graph [codes = "C"]; A [C = "{value}"]; }}', "g.dot")
