"""Catalogues: facts for plain DOT files, and the drift between a drawing and its catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.catalog import Entry, catalog_from_machine, load_catalog, reconcile, to_toml
from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.dot.interpret import load_file, load_text

PLAIN = """digraph door {
  user -> closed [label=install];
  closed -> open [label=open];
  open -> closed [style=dashed];
  closed -> ajar;
}
"""
CATALOG = """title = "Door states"
codes = ["DOOR_STATE"]

[states.CLOSED]
DOOR_STATE = 0
short = "shut"
meaning = "The door is shut."

[states.OPEN]
DOOR_STATE = 1
meaning = "The door stands open."
aliases = ["opened"]

[states.LOCKED]
DOOR_STATE = 2
meaning = "The door is locked."

[retired.AJAR]
DOOR_STATE = 9
"""


def test_reconcile_fills_facts_and_reports_both_ways(tmp_path: Path) -> None:
    (tmp_path / "door.toml").write_text(CATALOG, encoding="utf-8")
    machine, problems = reconcile(load_text(PLAIN, "door.dot"), load_catalog(tmp_path / "door.toml"))
    assert machine.states["closed"].codes == {"DOOR_STATE": (0,)} and machine.states["closed"].short == "shut"
    assert machine.states["open"].meaning == "The door stands open."
    assert [p.message for p in problems] == [
        "state 'ajar' is AJAR, retired (DOOR_STATE 9) in 'Door states'",
        "catalogue state LOCKED (DOOR_STATE 2) is missing from the graph",
    ]


def load(name: str) -> StateMachine:
    """A built-in graph, loaded."""
    path = builtin_path(name)
    assert path is not None
    return load_file(path)


def test_export_round_trips(tmp_path: Path) -> None:
    vm = load("vm-complete")
    path = tmp_path / "vm.toml"
    path.write_text(to_toml(catalog_from_machine(vm)), encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.states["RUNNING"].codes == {"VM_STATE": (3,), "LCM_STATE": (3,)}
    assert catalog.states["HOTPLUG_RESIZE"].aliases == ("resize",)
    assert catalog.retired["DISK_SNAPSHOT_REVERT"].codes == {"LCM_STATE": (58,)}
    assert "ACTIVE" not in catalog.states  # a frame around others, not a state a drawing shows


def test_a_wrong_value_is_a_located_problem_not_an_error(tmp_path: Path) -> None:
    """The entry stays, without the wrong value (tests/core/test_catalog_shape.py has every shape)."""
    path = tmp_path / "bad.toml"
    path.write_text('codes = ["C"]\n\n[states.A]\nC = "one"\n', encoding="utf-8")
    catalog = load_catalog(path)
    assert [str(p) for p in catalog.problems] == [
        f"{path}:4: states.A.C must be an integer or an array of integers, not the string 'one'"
    ]
    assert catalog.problems[0].rule == "catalog" and catalog.states["A"].codes == {}


def test_a_catalogue_that_is_no_toml_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('codes = ["C"]\n\n[states.A\n', encoding="utf-8")
    with pytest.raises(OneStatesError) as caught:
        load_catalog(path)
    assert caught.value.message.startswith("not a valid TOML catalogue: ")
    assert caught.value.subtype == "catalog" and caught.value.location() == f"{path}:3"


@pytest.mark.parametrize("item", ["LCM_STATE.X=\u00b2", "LCM_STATE.X=", "LCM_STATE.X=5a", "LCM_STATE.=5", "=5"])
def test_a_retired_item_without_a_code_in_digits_is_a_located_error(item: str) -> None:
    """'²'.isdigit() is True, and int('²') raised ValueError: a traceback in `catalog` and `check --against`."""
    machine = load_text(f'digraph {{ graph [retired = "{item}"]; A; }}', "g.dot")
    with pytest.raises(OneStatesError) as caught:
        catalog_from_machine(machine)
    assert str(caught.value) == (
        f"g.dot: the graph attribute retired holds {item!r}: write COLUMN.NAME=CODE, the code in digits 0-9"
    )


def test_retired_items_with_and_without_a_code() -> None:
    machine = load_text('digraph { graph [retired = "C.X=7, Y"]; A; }', "g.dot")
    assert catalog_from_machine(machine).retired == {"X": Entry("X", {"C": (7,)}), "Y": Entry("Y")}
