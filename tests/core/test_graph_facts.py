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


#: The enums at OpenNebula/one's tag release-5.0 (40f8389a2f, June 2016), gathered as facts.json's were:
#: include/VirtualMachine.h, include/Image.h, src/flow/lib/models/service.rb. Live values only: VM_STATE 7
#: and LCM_STATE 13, 14 and 58 are commented out there.
def numbered(names: str) -> dict[str, int]:
    """``{name: code}`` for names written in code order; ``-`` holds the place of a retired code."""
    return {name: code for code, name in enumerate(names.split()) if name != "-"}


RELEASE_5_0: dict[str, dict[str, int]] = {
    "VM_STATE": numbered(
        "INIT PENDING HOLD ACTIVE STOPPED SUSPENDED DONE - POWEROFF UNDEPLOYED CLONING CLONING_FAILURE"
    ),
    "LCM_STATE": numbered(
        "LCM_INIT PROLOG BOOT RUNNING MIGRATE SAVE_STOP SAVE_SUSPEND SAVE_MIGRATE PROLOG_MIGRATE PROLOG_RESUME "
        "EPILOG_STOP EPILOG SHUTDOWN - - CLEANUP_RESUBMIT UNKNOWN HOTPLUG SHUTDOWN_POWEROFF BOOT_UNKNOWN "
        "BOOT_POWEROFF BOOT_SUSPENDED BOOT_STOPPED CLEANUP_DELETE HOTPLUG_SNAPSHOT HOTPLUG_NIC HOTPLUG_SAVEAS "
        "HOTPLUG_SAVEAS_POWEROFF HOTPLUG_SAVEAS_SUSPENDED SHUTDOWN_UNDEPLOY EPILOG_UNDEPLOY PROLOG_UNDEPLOY "
        "BOOT_UNDEPLOY HOTPLUG_PROLOG_POWEROFF HOTPLUG_EPILOG_POWEROFF BOOT_MIGRATE BOOT_FAILURE "
        "BOOT_MIGRATE_FAILURE PROLOG_MIGRATE_FAILURE PROLOG_FAILURE EPILOG_FAILURE EPILOG_STOP_FAILURE "
        "EPILOG_UNDEPLOY_FAILURE PROLOG_MIGRATE_POWEROFF PROLOG_MIGRATE_POWEROFF_FAILURE PROLOG_MIGRATE_SUSPEND "
        "PROLOG_MIGRATE_SUSPEND_FAILURE BOOT_UNDEPLOY_FAILURE BOOT_STOPPED_FAILURE PROLOG_RESUME_FAILURE "
        "PROLOG_UNDEPLOY_FAILURE DISK_SNAPSHOT_POWEROFF DISK_SNAPSHOT_REVERT_POWEROFF "
        "DISK_SNAPSHOT_DELETE_POWEROFF DISK_SNAPSHOT_SUSPENDED DISK_SNAPSHOT_REVERT_SUSPENDED "
        "DISK_SNAPSHOT_DELETE_SUSPENDED DISK_SNAPSHOT - DISK_SNAPSHOT_DELETE PROLOG_MIGRATE_UNKNOWN "
        "PROLOG_MIGRATE_UNKNOWN_FAILURE"
    ),
    "IMAGE_STATE": numbered(
        "INIT READY USED DISABLED LOCKED ERROR CLONE DELETE USED_PERS LOCKED_USED LOCKED_USED_PERS"
    ),
    "SERVICE_STATE": numbered(
        "PENDING DEPLOYING RUNNING UNDEPLOYING WARNING DONE FAILED_UNDEPLOYING FAILED_DEPLOYING SCALING "
        "FAILED_SCALING COOLDOWN"
    ),
}


def test_every_release_has_its_facts() -> None:
    assert set(releases()) == {*FACTS, "5.0"}


def coded(machine: StateMachine) -> set[tuple[str, str, int]]:
    """(enum, name, code) of each state: its last code column (LCM_STATE for a phase of ACTIVE)."""
    found = set()
    for state in machine.states.values():
        enum, codes = [(column, codes) for column, codes in state.codes.items() if codes][-1]
        found |= {(enum, state.name, code) for code in codes}
    return found


def test_the_5_0_graphs_have_exactly_the_live_states_of_the_tag() -> None:
    enums = {(enum, name, code) for enum, values in RELEASE_5_0.items() for name, code in values.items()}
    vm = coded(graph("vm-complete", "5.0"))
    # ACTIVE is the frame of the LCM states and LCM_INIT the value outside it: both are states of the graph
    assert vm == {e for e in enums if e[0] in ("VM_STATE", "LCM_STATE")}
    images = coded(graph("image-persistent", "5.0")) | coded(graph("image-nonpersistent", "5.0"))
    assert images == {e for e in enums if e[0] == "IMAGE_STATE"}
    assert coded(graph("service", "5.0")) == {e for e in enums if e[0] == "SERVICE_STATE"}
    simple = graph("vm-simple", "5.0").states
    assert simple["cloning"].codes["VM_STATE"] == (10,) and 11 in simple["failure"].codes["VM_STATE"]
    assert 58 not in simple["snapshot"].codes["LCM_STATE"]


@pytest.mark.parametrize("name", ["vm-complete", "image-persistent", "image-nonpersistent"])
def test_the_5_0_short_names_are_those_the_other_releases_print(name: str) -> None:
    """The Ruby short-name tables at release-5.0 give each state the short name it has at the seed and at 7.4."""
    five = graph(name, "5.0").states
    for release in FACTS:
        for state in graph(name, release).states.values():
            if state.name in five:
                assert five[state.name].short == state.short, (release, state.name)


def live_rows(facts: dict[str, Any], release: str) -> list[tuple[str, dict[str, Any]]]:
    latest = facts[FACTS[release]]
    rows = [
        *(("vm-complete", row) for row in latest["vm"]["states"]),
        *(
            ("image-persistent" if "PERS" in row["name"] or row["name"] == "CLONE" else "image-nonpersistent", row)
            for row in latest["image"]["states"]
            if row["name"] not in ("USED", "LOCKED_USED")
        ),
        *(("image-nonpersistent", row) for row in latest["image"]["states"] if row["name"] in ("USED", "LOCKED_USED")),
        *(("image", row) for row in latest["image"]["states"]),
        *(("host", row) for row in latest.get("host", {}).get("states", [])),
        *(("service", row) for row in latest["service"]["service_states"]),
        *(("service-role", row) for row in latest["service"].get("role_states", [])),
    ]
    graphs = set(builtin_names(release))  # 7.4's host, image and service-role have no 2016-03 version
    return [(name, row) for name, row in rows if name in graphs]


#: The enum each graph lists in full: its states and codes are exactly the live enumerators.
WHOLE_ENUMS = {
    "image": ("image", "IMAGE_STATE"),
    "host": ("host", "HOST_STATE"),
    "service": ("service", "SERVICE_STATE"),
    "service-role": ("service", "ROLE_STATE"),
}


@pytest.mark.parametrize("name", sorted(WHOLE_ENUMS))
def test_a_whole_enum_graph_has_exactly_the_live_states_and_codes(name: str, facts: dict[str, Any]) -> None:
    machine, enum = facts["latest"][WHOLE_ENUMS[name][0]], WHOLE_ENUMS[name][1]
    drawn = {state.name: state.codes[enum] for state in graph(name).states.values()}
    assert drawn == {state: (code,) for state, code in machine["enums"][enum].items()}


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
        for kind in ("vm", "image", "host")
        if kind in facts[FACTS[release]]
        for row in facts[FACTS[release]][kind]["retired"]
    }
    assert release != "7.4" or any(enum == "HOST_STATE" for enum, _name, _code in retired)
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


def test_host_graph_names_its_retired_codes_and_the_onehost_commands(facts: dict[str, Any]) -> None:
    host = graph("host")
    retired = {f"{row['enum']}.{row['name']}={row['code']}" for row in facts["latest"]["host"]["retired"]}
    assert set(host.attributes["retired"].split()) == retired
    commands = {t.label.split("\n")[0] for t in host.transitions if t.kind == "command"}
    assert {"create", "enable", "disable", "offline", "delete"} <= commands
    monitoring = {(t.source, t.target, t.kind) for t in host.transitions if t.label.startswith("monitoring")}
    assert ("INIT", "MONITORED", "automatic") in monitoring
    assert ("MONITORED", "ERROR", "failure") in monitoring


def test_role_hold_has_its_own_code_not_the_service_one() -> None:
    assert graph("service-role").states["HOLD"].codes["ROLE_STATE"] == (11,)
    assert graph("service").states["HOLD"].codes["SERVICE_STATE"] == (15,)


@pytest.mark.parametrize("name", ["image", "host", "service-role"])
def test_new_graphs_say_where_each_transition_comes_from(name: str) -> None:
    path = builtin_path(name)
    assert path is not None
    header = path.read_text(encoding="utf-8").split("digraph", 1)[0]
    assert "Where each transition comes from" in header
    assert "src/" in header  # the upstream source files the transitions were read from
