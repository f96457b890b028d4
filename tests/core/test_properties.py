"""Property-based tests (hypothesis) of views and tables: random filters on random hostile graphs.

The graphs come from tests/strategies.py, written as DOT text and loaded as a user's file is.
"""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import FIXED_COLUMNS, blank, lines
from sphinx_onestates.core.table import rows
from sphinx_onestates.core.view import HIDDEN_MODES, View, build_view
from sphinx_onestates.dot.interpret import load_text

from ..strategies import FAST, Graph, exact, graphs, selections, views


@FAST
@given(st.data())
def test_random_filters_fail_only_on_unknown_names(data: st.DataObject) -> None:
    """Any selection builds a view; only a name that names nothing stops it, with a 'state' error."""
    graph = data.draw(graphs())
    machine = load_text(graph.text, "random.dot")
    selection, has_unknown = data.draw(selections(machine))
    hidden = data.draw(st.sampled_from(HIDDEN_MODES))
    group_by = data.draw(st.sampled_from([None, "short"]))
    try:
        view = build_view(machine, selection, hidden=hidden, group_by=group_by)
    except OneStatesError as exc:
        assert exc.subtype == "state", exc.message
        assert has_unknown or group_by or not exact(selection, machine), f"{exc.message} for {selection}"
        return
    assert not has_unknown, f"{selection} names a state that does not exist, yet built a view"
    shown = set(view.names)
    assert len(view.names) == len(shown) and shown <= set(view.machine.states)
    assert view.highlight <= shown
    if group_by is None and exact(selection, machine):
        assert not shown & set(selection.exclude), "an excluded state is shown"
        assert set(selection.states) - set(selection.exclude) <= shown, "a chosen state is missing"
        if not selection.states and not selection.around:
            assert shown == set(machine.states) - set(selection.exclude)


@FAST
@given(views())
def test_the_table_lists_exactly_the_states_of_the_figure(graph_view: tuple[Graph, View]) -> None:
    """One row per shown state, in the figure's order; never a row for a pseudo-node."""
    _, view = graph_view
    columns = tuple(dict.fromkeys([*view.machine.columns, *FIXED_COLUMNS, *view.machine.codes]))
    table = rows(view, columns)
    assert [row["state"].text for row in table] == [lines(state.label) for state in view.states]
    assert all(not blank(row["state"].text) for row in table), "a row must name its state visibly"
    known = set(view.machine.states) | set(view.machine.pseudo)
    for row in table:
        assert {other for other, _ in row["in"].transitions + row["out"].transitions} <= known


@FAST
@given(views())
def test_drawn_edges_join_shown_nodes_and_hidden_paths_run_through_hidden_states(
    graph_view: tuple[Graph, View],
) -> None:
    """Transitions, stubs and hidden paths start and end at drawn nodes; a path's via states are all hidden."""
    _, view = graph_view
    machine = view.machine
    shown = set(view.names)
    drawn = shown | {p.name for p in view.pseudo}
    hidden = set(machine.states) - shown
    for t in view.transitions:
        assert t.source in drawn and t.target in drawn and t.kind in view.kinds
    steps = {(t.source, t.target) for t in machine.transitions if t.kind in view.kinds}
    for path in view.hidden_paths:
        assert path.source in drawn and path.target in drawn, path
        assert path.via and set(path.via) <= hidden, path
        way = [path.source, *path.via, path.target]
        assert all(step in steps for step in itertools.pairwise(way)), f"{path} is not a path of the graph"
    for stub in view.stubs:
        assert stub.source in shown and stub.target in hidden, stub
    used = {end for t in view.transitions for end in (t.source, t.target)}
    used |= {end for p in view.hidden_paths for end in (p.source, p.target)}
    assert {p.name for p in view.pseudo} <= used
