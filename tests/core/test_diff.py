"""What changed between two versions of a graph (core/diff.py): added, removed, renamed (same codes)."""

from __future__ import annotations

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.diff import changed_names, diff, union
from sphinx_onestates.dot.interpret import load_file, load_text

from ..conftest import requires_dot

pytestmark = requires_dot

OLD = """digraph door {
    graph [codes = "DOOR_STATE"];
    user [pseudo = initial];
    SHUT [DOOR_STATE = 0]; OPEN [DOOR_STATE = 1]; AJAR [DOOR_STATE = 9];
    user -> SHUT [kind = command, label = "install"];
    SHUT -> OPEN [kind = command, label = "open"];
    OPEN -> SHUT [kind = automatic];
    SHUT -> AJAR [kind = failure];
}"""
NEW = """digraph door {
    graph [codes = "DOOR_STATE"];
    user [pseudo = initial];
    CLOSED [DOOR_STATE = 0]; OPEN [DOOR_STATE = 1]; LOCKED [DOOR_STATE = 2];
    user -> CLOSED [kind = command, label = "install"];
    CLOSED -> OPEN [kind = command, label = "open --wide"];
    OPEN -> CLOSED [kind = automatic];
    CLOSED -> LOCKED [kind = command, label = "lock"];
}"""


def test_a_state_with_the_same_codes_and_another_name_is_renamed_not_removed_and_added() -> None:
    changes = diff(load_text(OLD, "old.dot"), load_text(NEW, "new.dot"))
    assert [(old.name, new.name) for old, new in changes.renamed] == [("SHUT", "CLOSED")]
    assert [s.name for s in changes.added] == ["LOCKED"]
    assert [s.name for s in changes.removed] == ["AJAR"]
    # a renamed state's transitions are compared under its new name: only real changes are listed
    assert [t.describe() for t in changes.added_transitions] == [
        "CLOSED -> OPEN (open --wide)",
        "CLOSED -> LOCKED (lock)",
    ]
    assert [t.describe() for t in changes.removed_transitions] == ["CLOSED -> OPEN (open)", "CLOSED -> AJAR"]


def test_the_union_marks_each_change_by_sign_and_colour_family() -> None:
    changes = diff(load_text(OLD, "old.dot"), load_text(NEW, "new.dot"))
    machine = union(changes)
    assert (machine.states["LOCKED"].label, machine.states["LOCKED"].tone) == ("+ LOCKED", "green")
    assert (machine.states["AJAR"].label, machine.states["AJAR"].tone) == ("- AJAR", "red")
    assert (machine.states["CLOSED"].label, machine.states["CLOSED"].tone) == ("SHUT \u2192 CLOSED", "purple")
    assert machine.states["OPEN"].tone is None  # unchanged
    labels = {(t.source, t.target, t.label, t.tone) for t in machine.transitions}
    assert ("CLOSED", "AJAR", "-", "red") in labels and ("CLOSED", "LOCKED", "+ lock", "green") in labels
    assert changed_names(changes) == ["CLOSED", "OPEN", "LOCKED", "AJAR"]


def test_from_the_2016_snapshot_to_7_4_cloning_is_added() -> None:
    old, new = (load_file(builtin_path("vm-complete", release) or "") for release in ("2016-03", "7.4"))
    changes = diff(old, new)
    assert {"CLONING", "CLONING_FAILURE", "RESTORE"} <= {s.name for s in changes.added}
    assert {s.name for s in changes.removed} == {"DISK_SNAPSHOT_REVERT", "DISK_SNAPSHOT_REVERT_SUSPENDED"}
    assert changes.renamed == ()
    assert "RUNNING -> SHUTDOWN (shutdown [--hard])" in [t.describe() for t in changes.removed_transitions]
    assert "RUNNING -> SHUTDOWN (terminate [--hard])" in [t.describe() for t in changes.added_transitions]
