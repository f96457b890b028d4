"""A catalogue applied to a built-in graph rewords it (issue 20): meanings and columns of its own, the graph's facts."""

from __future__ import annotations

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.catalog import override, parse_catalog
from sphinx_onestates.core.model import StateMachine
from sphinx_onestates.dot.interpret import load_file


def vm_complete() -> StateMachine:
    return load_file(builtin_path("vm-complete") or "")


def test_only_the_states_named_are_reworded_and_the_facts_stay() -> None:
    words = parse_catalog('[states.RUNNING]\nmeaning = "Ours."\nshort = "runn"\n', "w.toml")
    machine, problems = override(vm_complete(), words)
    assert problems == []  # a partial catalogue, and a short name that agrees: nothing to say
    assert machine.states["RUNNING"].meaning == "Ours."
    assert machine.states["RUNNING"].codes == {"VM_STATE": (3,), "LCM_STATE": (3,)}
    assert machine.states["BOOT"].meaning == vm_complete().states["BOOT"].meaning


def test_facts_that_differ_and_names_that_are_no_state_are_problems() -> None:
    text = '[states.RUNNING]\nLCM_STATE = 4\nshort = "run"\n\n[states.RUNING]\nmeaning = "x"\n'
    words = parse_catalog('codes = ["LCM_STATE"]\n' + text, "w.toml")
    machine, problems = override(vm_complete(), words)
    messages = [(p.line, p.message) for p in problems]
    assert messages[0][0] == 2 and "gives LCM_STATE, short other than the graph's" in messages[0][1]
    assert messages[1] == (
        6,
        "catalogue state 'RUNING' is not a state of 'OpenNebula 7.4 virtual machine life cycle (complete)' "
        "(did you mean 'RUNNING' or 'PENDING' or 'CLONING'?)",
    )
    assert machine.states["RUNNING"].codes["LCM_STATE"] == (3,)  # the graph's facts win


def test_text_columns_join_the_table_before_the_meaning() -> None:
    text = (
        'columns = ["Sunstone", "meaning"]\n\n[states.RUNNING]\nSunstone = "Running"\n\n[states.BOOT]\nSunstone = 3\n'
    )
    words = parse_catalog(text, "w.toml")
    assert words.columns == ("Sunstone",)
    assert [p.message for p in words.problems] == [
        "columns: 'meaning' is a reserved name (state, short, meaning, in, out, short_meaning, aliases), "
        "not a text column",
        "states.BOOT.Sunstone must be a string, not the integer 3",
    ]
    machine, _problems = override(vm_complete(), words)
    assert machine.columns == ("state", "VM_STATE", "LCM_STATE", "short", "Sunstone", "meaning", "in", "out")
    assert machine.states["RUNNING"].texts == {"Sunstone": "Running"}
