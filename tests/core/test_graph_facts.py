"""The built-in graphs agree with OpenNebula's enums (facts.json, key ``latest``)."""

from __future__ import annotations

import difflib
from typing import Any

import pytest

from sphinx_onestates.core.builtin import BUILTIN_NAMES, builtin_path
from sphinx_onestates.core.check import check
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.dot.interpret import load_file


def graph(name: str) -> StateMachine:
    path = builtin_path(name)
    assert path is not None
    return load_file(path)


def live_rows(facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    latest = facts["latest"]
    return [
        *(("vm-complete", row) for row in latest["vm"]["states"]),
        *(
            ("image-persistent" if "PERS" in row["name"] or row["name"] == "CLONE" else "image-nonpersistent", row)
            for row in latest["image"]["states"]
            if row["name"] not in ("USED", "LOCKED_USED")
        ),
        *(("image-nonpersistent", row) for row in latest["image"]["states"] if row["name"] in ("USED", "LOCKED_USED")),
        *(("image", row) for row in latest["image"]["states"]),
        *(("host", row) for row in latest["host"]["states"]),
        *(("service", row) for row in latest["service"]["service_states"]),
        *(("service-role", row) for row in latest["service"]["role_states"]),
    ]


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


def test_every_live_state_has_a_node_with_its_code_and_short_name(facts: dict[str, Any]) -> None:
    graphs = {name: graph(name) for name in BUILTIN_NAMES}
    for graph_name, row in live_rows(facts):
        state = graphs[graph_name].states.get(row["name"])
        assert state is not None, f"{row['enum']}.{row['name']} is missing from {graph_name}"
        assert row["code"] in state.codes[row["enum"]], (graph_name, row)
        if row["short"] is not None:
            assert state.short == row["short"], (graph_name, row["name"], state.short, row["short"])
        assert state.meaning, (graph_name, row["name"])
        similarity = difflib.SequenceMatcher(None, state.meaning, row["meaning"]).ratio()
        assert similarity < 0.9, f"{row['name']}: meanings are written for this project, not copied"


def test_image_states_common_to_both_kinds_appear_in_both(facts: dict[str, Any]) -> None:
    shared = {"INIT", "READY", "DISABLED", "LOCKED", "ERROR", "DELETE"}
    for name in ("image-persistent", "image-nonpersistent"):
        assert shared <= set(graph(name).states)


def test_no_retired_state_is_drawn(facts: dict[str, Any]) -> None:
    retired = {
        (row["enum"], row["name"], row["code"])
        for kind in ("vm", "image", "host")
        for row in facts["latest"][kind]["retired"]
    }
    assert any(enum == "HOST_STATE" for enum, _name, _code in retired)
    for name in BUILTIN_NAMES:
        machine = graph(name)
        for enum, state_name, code in retired:
            assert state_name not in machine.states or enum not in machine.states[state_name].codes, (name, state_name)
            if enum in machine.codes and name != "vm-simple":
                assert all(code not in s.codes.get(enum, ()) for s in machine.states.values()), (name, enum, code)


def test_vm_simple_has_one_node_per_short_name_with_every_code(facts: dict[str, Any]) -> None:
    simple = graph("vm-simple")
    groups = facts["latest"]["vm"]["short_groups"]
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


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_builtin_graphs_pass_the_check(name: str) -> None:
    assert check(graph(name)) == []


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_every_edge_has_a_kind_and_commands_have_labels(name: str) -> None:
    machine = graph(name)
    path = builtin_path(name)
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
