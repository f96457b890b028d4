"""Names, titles and whole files as their authors wrote them.

Before: a state named ``"wait call-back"`` could not be named in an option; an anonymous ``digraph {`` was
titled ``%3``; a catalogue's title, its match by label and its declaration of edge-only states were
ignored; a file of pseudo-nodes said "no states"; a second graph, an undirected graph and a
``charset = latin1`` file were read silently wrong or refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.catalog import parse_catalog, reconcile
from sphinx_onestates.core.check import check
from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import no_states
from sphinx_onestates.core.names import graph_choice
from sphinx_onestates.core.options import parse_options
from sphinx_onestates.core.select import resolve_all
from sphinx_onestates.core.table import format_text, rows
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file, load_text
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot

pytestmark = requires_dot


def test_a_quoted_name_with_a_space_is_one_name_in_options() -> None:
    machine = load_text('digraph { "wait call-back" -> done; idle -> "wait call-back" }', "m.dot")
    options, problems = parse_options({"around": '"wait call-back"', "states": "'wait call-back', idle"}, "below")
    assert problems == []
    assert options.selection.around == ("wait call-back",)
    assert resolve_all(machine, options.selection.states) == ["wait call-back", "idle"]


def test_the_title_is_the_label_then_the_catalogue_s_then_the_name_never_percent_three() -> None:
    assert load_text("digraph { A }", "path/to/door.dot").title == "door"
    assert load_text('digraph { label="The door"; A }', "door.dot").title == "The door"
    automaton = load_text("digraph state_automaton { A -> B }", "wwnr.dot")
    assert automaton.title == "state_automaton"
    titled, _ = reconcile(automaton, parse_catalog('title = "Wakeup while not running"\n', "wwnr.toml", "wwnr"))
    assert titled.title == "Wakeup while not running"
    untitled, _ = reconcile(automaton, parse_catalog("", "wwnr.toml", "wwnr"))
    assert untitled.title == "state_automaton"


def test_a_catalogue_matches_by_label_and_declares_edge_only_states() -> None:
    machine = load_text('digraph { "task.PENDING" [label=PENDING]; "task.PENDING" -> RUNNING }', "t.dot")
    catalog = parse_catalog('[states.PENDING]\nmeaning = "Waits."\n[states.RUNNING]\nmeaning = "Runs."\n', "t.toml")
    enriched, problems = reconcile(machine, catalog)
    assert [p.message for p in problems] == []
    assert enriched.states["task.PENDING"].meaning == "Waits."
    assert [p.rule for p in check(enriched)] == []  # RUNNING only appears in an edge: the catalogue declares it


def test_a_file_of_pseudo_nodes_says_so() -> None:
    machine = load_text("digraph { user -> end; end [shape=point] }", "m.dot")
    assert (
        no_states(machine)
        == "graph 'm' has no states: all its 2 nodes are pseudo-nodes (final, initial), which are never rows"
    )


def test_a_second_graph_and_an_undirected_graph_are_located_warnings() -> None:
    machine = load_text("graph one {\n  a -- b\n}\ndigraph two {\n  c -> d\n}\n", "two.dot")
    assert sorted(machine.states) == ["a", "b"]
    assert [(p.line, p.rule, p.message.split(":")[0]) for p in machine.reading_problems] == [
        (1, "graph", "an undirected graph ('graph', edges '--')"),
        (4, "graph", "the file holds 2 graphs"),
    ]
    assert [(t.source, t.target) for t in machine.transitions] == [("a", "b")]


def test_a_latin1_file_reads_as_graphviz_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "latin.dot"
    path.write_bytes('digraph { charset=latin1; "état" -> "fermé" }'.encode("latin-1"))
    machine = load_file(path)
    assert sorted(machine.states) == ["fermé", "état"]
    assert machine.reading_problems == []


def test_a_catalogue_says_which_kind_a_drawing_s_colours_mean() -> None:
    """A drawing kept by another project draws automatic edges grey and failures red: its catalogue says so,
    and the file stays as it is."""
    machine = load_text("digraph { a -> b [color=grey]; b -> c [color=red]; c -> a }", "m.dot")
    catalog = parse_catalog('[kinds]\nautomatic = ["grey"]\nfailure = "red"\n', "m.toml")
    enriched, problems = reconcile(machine, catalog)
    assert [t.kind for t in enriched.transitions] == ["automatic", "failure", "command"]
    assert [p.message for p in problems if "kinds" in p.message] == []
    wrong = parse_catalog('[kinds]\nautomatic = ["teal"]\nsuccess = ["green"]\n', "w.toml")
    assert [(p.line, p.message) for p in wrong.problems] == [
        (2, "kinds.automatic: the string 'teal' is no colour family (red, orange, green, blue, purple, grey)"),
        (3, "unknown key 'success' (use command, automatic, failure)"),
    ]


def test_a_wildcard_s_transition_is_listed_where_it_leads() -> None:
    from sphinx_onestates.core.table import rows
    from sphinx_onestates.core.view import build_view

    machine = load_text("digraph { user -> Running -> Done; ANY -> Failed [label=crash] }", "m.dot")
    table = {row["state"].text: row for row in rows(build_view(machine), ("state", "in", "out"))}
    assert table["Failed"]["in"].text == "ANY (crash)"
    assert "Failed" not in table["Running"]["out"].text  # not repeated under every state ANY stands for


def test_one_graph_of_several_is_chosen_by_name_or_place_and_keeps_its_lines() -> None:
    text = "digraph door {\n  OPEN -> CLOSED\n}\n\ndigraph lamp {\n  ON -> OFF\n}\ndigraph {\n  X -> Y\n}\n"
    lamp = load_text(text, "multi.dot", graph="lamp")
    assert sorted(lamp.states) == ["OFF", "ON"] and lamp.title == "lamp"
    assert [(t.source, t.line) for t in lamp.transitions] == [("ON", 6)]  # the file's line, not the piece's
    assert lamp.reading_problems == []  # chosen: no "several graphs" warning
    third = load_text(text, "multi.dot", graph="3")  # an anonymous graph, by its place
    assert sorted(third.states) == ["X", "Y"] and third.title == "multi"
    first = load_text(text, "multi.dot")
    assert sorted(first.states) == ["CLOSED", "OPEN"]
    assert first.reading_problems[0].message.endswith("name another after the file's name to read it (multi.dot#lamp)")
    with pytest.raises(OneStatesError) as caught:
        load_text(text, "multi.dot", graph="hall")
    assert str(caught.value) == (
        "multi.dot: the file has no graph 'hall' (its graphs: 'door', 'lamp', 3 (anonymous)); "
        "name one, or give its place (#2)"
    )


def test_a_graph_argument_names_its_graph_after_a_hash() -> None:
    assert graph_choice("multi.dot#lamp") == ("multi.dot", "lamp")
    assert graph_choice("a/b.gv#2") == ("a/b.gv", "2")
    assert graph_choice("door.dot") == ("door.dot", "")
    assert graph_choice("notes#1.txt") == ("notes#1.txt", "")  # no graph file before the '#'
    assert graph_choice("vm-complete") == ("vm-complete", "")


def test_a_state_is_shown_by_its_catalogue_name_else_its_label_else_its_id() -> None:
    """One name in the figure, the table, the lists and the options; the link key stays the id."""
    machine = load_text('digraph { resize [label="Resize"]; "task.PENDING" [label=PENDING]; a -> resize }', "m.dot")
    assert [machine.shown(name) for name in machine.states] == ["Resize", "PENDING", "a"]
    catalog = parse_catalog('[states.HOTPLUG_RESIZE]\naliases = ["resize"]\n', "m.toml")
    enriched, _ = reconcile(machine, catalog)
    assert [enriched.shown(name) for name in enriched.states] == ["HOTPLUG_RESIZE", "PENDING", "a"]
    view = build_view(enriched)
    table = rows(view, ("state", "in", "out"))
    assert [row["state"].text for row in table] == ["HOTPLUG_RESIZE", "PENDING", "a"]
    assert table[2]["out"].text == "HOTPLUG_RESIZE" and view.transition_lines == ["a -> HOTPLUG_RESIZE"]
    assert 'label="HOTPLUG_RESIZE"' in emit_dot(view)
    assert resolve_all(enriched, ["HOTPLUG_RESIZE", "PENDING", "task.PENDING"]) == ["resize", "task.PENDING"]


def test_a_label_s_lines_stay_lines_in_the_table_and_one_line_in_text() -> None:
    machine = load_text(
        'digraph { A [label="Task\\nA"]; A -> B [label="start\\nresume\\lretry"]; '
        "B -> C [label=<go<br/>now>]; user -> A }",
        "m.dot",
    )
    table = {row["state"].text: row for row in rows(build_view(machine), ("state", "in", "out"))}
    assert set(table) == {"Task\nA", "B", "C"}
    assert table["Task\nA"]["out"].text == "B (start / resume / retry)"  # a list runs on: three events, one line
    assert table["C"]["in"].text == "B (go / now)"
    assert table["B"]["in"].text == "Task / A (start / resume / retry)"
    assert table["Task\nA"]["in"].text == "user"
    lines = format_text(build_view(machine), ("state", "in", "out")).splitlines()
    assert "Task / A" in lines and "    To: B (start / resume / retry)" in lines
    assert "Task / A -> B (start / resume / retry)" in lines
