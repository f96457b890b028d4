"""The built-in graphs of each release agree with OpenNebula's enums of that release (facts.json: ``latest`` for
7.4, ``seed`` for the March 2016 snapshot)."""

from __future__ import annotations

import difflib
from typing import Any

import pytest

from sphinx_onestates.core.builtin import builtin_names, builtin_path, releases
from sphinx_onestates.core.check import check
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.dot.interpret import load_file

#: Each release line and the key of its facts in facts.json.
FACTS = {"7.4": "latest", "2016-03": "seed"}
#: (release, graph name) for every built-in graph.
GRAPHS = [(release, name) for release in releases() for name in builtin_names(release)]


def graph(name: str, release: str = "7.4") -> StateMachine:
    path = builtin_path(name, release)
    assert path is not None
    return load_file(path)


def test_every_release_has_its_facts() -> None:
    assert set(releases()) == set(FACTS)


def live_rows(facts: dict[str, Any], release: str) -> list[tuple[str, dict[str, Any]]]:
    latest = facts[FACTS[release]]
    return [
        *(("vm-complete", row) for row in latest["vm"]["states"]),
        *(
            ("image-persistent" if "PERS" in row["name"] or row["name"] == "CLONE" else "image-nonpersistent", row)
            for row in latest["image"]["states"]
            if row["name"] not in ("USED", "LOCKED_USED")
        ),
        *(("image-nonpersistent", row) for row in latest["image"]["states"] if row["name"] in ("USED", "LOCKED_USED")),
        *(("service", row) for row in latest["service"]["service_states"]),
    ]


@pytest.mark.parametrize("release", FACTS)
def test_every_live_state_has_a_node_with_its_code_and_short_name(facts: dict[str, Any], release: str) -> None:
    graphs = {name: graph(name, release) for name in builtin_names(release)}
    for graph_name, row in live_rows(facts, release):
        state = graphs[graph_name].states.get(row["name"])
        assert state is not None, f"{row['enum']}.{row['name']} is missing from {graph_name}"
        assert row["code"] in state.codes[row["enum"]], (graph_name, row)
        if row["short"] is not None:
            assert state.short == row["short"], (graph_name, row["name"], state.short, row["short"])
        assert state.meaning, (graph_name, row["name"])
        similarity = difflib.SequenceMatcher(None, state.meaning, row["meaning"]).ratio()
        assert similarity < 0.9, f"{row['name']}: meanings are written for this project, not copied"


@pytest.mark.parametrize("release", FACTS)
def test_every_state_with_a_code_is_a_live_state_of_its_release(facts: dict[str, Any], release: str) -> None:
    """No state of a later (or earlier) release slips in: each coded state is a live enumerator."""
    for graph_name in ("vm-complete", "image-persistent", "image-nonpersistent", "service"):
        live = {(row["enum"], row["name"]) for _graph, row in live_rows(facts, release)}
        for state in graph(graph_name, release).states.values():
            enum = [column for column, codes in state.codes.items() if codes][-1]  # LCM_STATE for a phase of ACTIVE
            assert (enum, state.name) in live, (release, graph_name, state.name)


def test_the_2016_snapshot_has_prolog_migrate_unknown_and_no_cloning() -> None:
    vm = graph("vm-complete", "2016-03")
    assert vm.states["PROLOG_MIGRATE_UNKNOWN"].codes == {"VM_STATE": (3,), "LCM_STATE": (60,)}
    assert "CLONING" not in vm.states and "CLONING_FAILURE" not in vm.states
    assert vm.states["DISK_SNAPSHOT_REVERT"].codes["LCM_STATE"] == (58,)  # retired only later


@pytest.mark.parametrize("release", FACTS)
def test_image_states_common_to_both_kinds_appear_in_both(facts: dict[str, Any], release: str) -> None:
    shared = {"INIT", "READY", "DISABLED", "LOCKED", "ERROR", "DELETE"}
    for name in ("image-persistent", "image-nonpersistent"):
        assert shared <= set(graph(name, release).states)


@pytest.mark.parametrize("release", FACTS)
def test_no_retired_state_is_drawn(facts: dict[str, Any], release: str) -> None:
    retired = {
        (row["enum"], row["name"], row["code"])
        for kind in ("vm", "image")
        for row in facts[FACTS[release]][kind]["retired"]
    }
    for name in builtin_names(release):
        machine = graph(name, release)
        for enum, state_name, code in retired:
            assert state_name not in machine.states or enum not in machine.states[state_name].codes, (name, state_name)
            if enum in machine.codes and name != "vm-simple":
                assert all(code not in s.codes.get(enum, ()) for s in machine.states.values()), (name, enum, code)


@pytest.mark.parametrize("release", FACTS)
def test_vm_simple_has_one_node_per_short_name_with_every_code(facts: dict[str, Any], release: str) -> None:
    simple = graph("vm-simple", release)
    groups = facts[FACTS[release]]["vm"]["short_groups"]
    assert {state.short for state in simple.states.values()} == set(groups)
    for state in simple.states.values():
        members = groups[state.short]
        assert {m["code"] for m in members if m["enum"] == "LCM_STATE"} == set(state.codes.get("LCM_STATE", ()))
        assert {m["code"] for m in members if m["enum"] == "VM_STATE"} <= set(state.codes["VM_STATE"])


def test_service_graph_has_the_states_added_since_2016(facts: dict[str, Any]) -> None:
    service = graph("service")
    assert {"DEPLOYING_NETS", "UNDEPLOYING_NETS", "FAILED_DEPLOYING_NETS", "FAILED_UNDEPLOYING_NETS", "HOLD"} <= set(
        service.states
    )
    assert service.states["HOLD"].codes["SERVICE_STATE"] == (15,)


@pytest.mark.parametrize(("release", "name"), GRAPHS)
def test_builtin_graphs_pass_the_check(release: str, name: str) -> None:
    assert check(graph(name, release)) == []


@pytest.mark.parametrize(("release", "name"), GRAPHS)
def test_every_edge_has_a_kind_and_commands_have_labels(release: str, name: str) -> None:
    machine = graph(name, release)
    path = builtin_path(name, release)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "color" not in text and "style" not in text  # the renderer derives style from kinds
    for transition in machine.transitions:
        if transition.kind == "command":
            assert transition.label, transition
