"""Big figures in print (issue 17): an overview and parts, each small enough to read on a page."""

from __future__ import annotations

from pathlib import Path

from sphinx_onestates.cli import load
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.split import NEIGHBOURS, PART_STATES, SPLIT_FROM, merged_label, print_split
from sphinx_onestates.core.view import build_view


def test_vm_complete_prints_as_an_overview_with_active_closed_and_parts_holding_each_state_once() -> None:
    view = build_view(load("vm-complete"))
    split = print_split(view)
    assert split is not None
    children = [state.name for state in view.states if state.parent == "ACTIVE"]
    overview = {state.name: state for state in split.overview.states}
    assert not set(children) & set(overview)  # the frame is closed: its states are in the parts
    assert "ACTIVE" in overview and f"({len(children)} states: parts 1–{len(split.parts)})" in overview["ACTIVE"].label
    assert len(split.overview.states) < 15
    held = [name for part in split.parts for name in part.states]
    assert sorted(held) == sorted(children)  # every state of the frame in exactly one part
    for part in split.parts:
        assert len(part.states) <= 2 * PART_STATES
        assert part.title.startswith("ACTIVE: ")
        drawn = [state.name for state in part.view.states]
        assert drawn[: len(part.states)] == list(part.states)
        assert len(drawn) - len(part.states) <= NEIGHBOURS + len(split.parts)
        assert set(drawn) - set(part.states) == part.view.context  # neighbours are grey
    # the states that share a short name stay together
    (saves,) = [part for part in split.parts if "SAVE_STOP" in part.states]
    assert {"SAVE_STOP", "SAVE_SUSPEND", "SAVE_MIGRATE"} <= set(saves.states)


def test_overview_edges_are_one_per_pair_and_kind_with_their_commands_or_a_count() -> None:
    split = print_split(build_view(load("vm-complete")))
    assert split is not None
    pairs = [(t.source, t.target, t.kind) for t in split.overview.transitions]
    assert len(pairs) == len(set(pairs))
    labels = {(t.source, t.target): t.label for t in split.overview.transitions if t.kind == "command"}
    assert labels[("PENDING", "ACTIVE")] == "deploy"  # "deploy", "deploy (from stopped)": one command
    assert labels[("POWEROFF", "ACTIVE")].endswith(" commands")
    assert ("ACTIVE", "ACTIVE") not in labels  # moves inside the frame are the parts' business


def test_a_graph_without_frames_splits_into_parts_under_an_unlabelled_overview() -> None:
    view = build_view(load("vm-simple"))
    split = print_split(view)
    assert split is not None
    assert [s.name for s in split.overview.states] == view.names
    assert not any(t.label for t in split.overview.transitions)
    assert sorted(name for part in split.parts for name in part.states) == sorted(view.names)


def test_small_and_filtered_views_print_whole() -> None:
    machine = load("vm-complete")
    small = build_view(machine, Selection(states=("PENDING", "HOLD", "RUNNING")))
    assert len(small.states) <= SPLIT_FROM and print_split(small) is None
    around = build_view(machine, Selection(around=("RUNNING",)))
    assert around.hidden_paths and print_split(around) is None


def test_merged_labels_name_up_to_two_commands_by_their_first_line() -> None:
    assert merged_label(["deploy", "deploy\n(from stopped)"]) == "deploy"
    assert merged_label(["stop", "", "suspend"]) == "stop, suspend"
    assert merged_label(["a", "b", "c"]) == "3 commands"


def test_grey_boxes_for_other_parts_stay_short_whatever_the_names() -> None:
    """A plain file's parts hold long state names: a box that listed them all made its part wider than a
    page (labels of 1 to 3 pt in print)."""
    from sphinx_onestates.core.split import BOX_NAMES, box_label
    from sphinx_onestates.dot.interpret import load_file

    assert box_label(3, "runn, migr") == "Part 3\nrunn, migr"
    assert box_label(2, "INGEST_STAGE_00_WAITING_FOR_UPSTREAM, INGEST_S01") == "Part 2\nINGEST_STAGE_00_WA…"
    assert box_label(4, "ab, cd, ef, gh, ij, kl, mn") == "Part 4\nab, cd, ef, gh…"
    machine = load_file(Path(__file__).parents[1] / "roots" / "test-print-plain" / "graphs" / "big.dot")
    split = print_split(build_view(machine))
    assert split is not None and split.frames
    for part in split.parts:
        for box in part.view.context:
            if box.startswith("Part "):
                assert max(len(line) for line in box.split("\n")) <= BOX_NAMES + 1


def test_a_view_past_its_budget_is_listed_not_split() -> None:
    """Such a view has no drawing: splitting it would only cost (a 10,000-state graph: thousands of parts)."""
    from sphinx_onestates.core.view import Budget

    view = build_view(load("vm-complete"), budget=Budget(states=20, edges=1000))
    assert view.too_large and print_split(view) is None
