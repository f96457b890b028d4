"""Row order (``:sort:``), frames in tables (``:table-group: parent``) and short-name views (issue 20)."""

from __future__ import annotations

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.core.order import ordered
from sphinx_onestates.core.table import format_text, rows
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file


def graph(name: str) -> StateMachine:
    return load_file(builtin_path(name) or "")


def test_sort_code_gives_service_rows_0_to_15() -> None:
    view = build_view(graph("service"))
    assert [p.state.codes["SERVICE_STATE"] for p in ordered(view, "code")] == [(code,) for code in range(16)]
    assert [p.state.name for p in ordered(view)] == view.names  # graph: the file's order


def test_sort_code_orders_two_enums_by_the_first_then_the_second() -> None:
    names = [p.state.name for p in ordered(build_view(graph("vm-complete")), "code")]
    assert names[:6] == ["INIT", "PENDING", "HOLD", "ACTIVE", "PROLOG", "BOOT"]  # VM 3 before VM 3 / LCM 1
    assert names.index("RESTORE") < names.index("STOPPED")  # (3, 71) before (4, -)
    assert names[-1] == "LCM_INIT"  # no VM_STATE: last


def test_table_group_parent_puts_each_phase_under_its_frame_one_level_deep() -> None:
    placed = ordered(build_view(graph("vm-complete")), "code", "parent")
    depths = {p.state.name: (p.depth, p.parent.name if p.parent else None) for p in placed}
    assert depths["ACTIVE"] == (0, None) and depths["BOOT"] == (1, "ACTIVE") and depths["LCM_INIT"] == (0, None)
    text = format_text(build_view(graph("vm-complete")), ("state", "VM_STATE", "LCM_STATE"), placed)
    assert "\nACTIVE\n    VM_STATE: 3\n\n    PROLOG\n        LCM_STATE: 1\n" in text  # the frame's code once


def test_a_short_name_view_is_one_row_per_short_name_in_the_graphs_words() -> None:
    view = build_view(graph("vm-complete"), group_by="short")
    assert "LCM_INIT" not in view.names and "actv" not in view.names  # no short name: no row
    assert len(view.names) == len(set(view.names)) == 24
    table = rows(view, ("state", "short", "meaning"))
    assert all(not row["meaning"].text.startswith("Any of") for row in table)
    fail = next(row for row in table if row["state"].text == "fail")
    assert fail["short"].text.split(", ")[0] == "CLONING_FAILURE" and len(fail["short"].text.split(", ")) == 15
    host = build_view(graph("host"), group_by="short")
    assert host.names == ["init", "on", "err", "dsbl", "off"]
    assert host.states[1].meaning == graph("host").states["MONITORED"].meaning  # a group of one: its meaning
