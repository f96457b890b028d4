"""What a ``:one:state:`` link resolves to: find_state, the domain's lookup, without Sphinx or a build."""

from __future__ import annotations

import pickle

from sphinx_onestates.sphinx_ext.domain import (
    LoggedWarning,
    StateFinder,
    StateKey,
    Target,
    find_state,
    graph_names,
    shared_name,
)

#: The states pages describe: two graphs share RUNNING, vm has Ready and READY.
KNOWN = [
    ("vm", "RUNNING"),
    ("vm", "Ready"),
    ("vm", "READY"),
    ("vm", "POWEROFF"),
    ("vm-simple", "RUNNING"),
    ("vm-simple", "PENDING"),
    ("image", "LOCKED"),
]


def find(target: str, page_graphs: tuple[str, ...] = ()) -> StateKey | list[StateKey]:
    return find_state(KNOWN, target, page_graphs)


def test_graph_slash_state_finds_that_state() -> None:
    assert find("vm/RUNNING") == StateKey("vm", "RUNNING")
    assert find("vm-simple/RUNNING") == StateKey("vm-simple", "RUNNING")


def test_the_longest_graph_name_that_prefixes_the_target_wins() -> None:
    """``vm-simple/PENDING`` is not state ``-simple/PENDING`` of graph ``vm``."""
    assert find("vm-simple/PENDING") == StateKey("vm-simple", "PENDING")


def test_a_unique_bare_name_finds_its_state() -> None:
    assert find("POWEROFF") == StateKey("vm", "POWEROFF")
    assert find("LOCKED") == ("image", "LOCKED")


def test_case_is_folded_only_when_no_name_matches_exactly() -> None:
    assert find("poweroff") == StateKey("vm", "POWEROFF")
    assert find("vm/poweroff") == StateKey("vm", "POWEROFF")
    assert find("Ready") == StateKey("vm", "Ready")
    assert find("vm/READY") == StateKey("vm", "READY")


def test_a_name_that_folds_to_several_states_is_ambiguous_and_lists_them_sorted() -> None:
    assert find("ready") == [StateKey("vm", "READY"), StateKey("vm", "Ready")]
    assert find("vm/ready") == [StateKey("vm", "READY"), StateKey("vm", "Ready")]


def test_a_bare_name_in_several_graphs_is_ambiguous() -> None:
    assert find("RUNNING") == [StateKey("vm", "RUNNING"), StateKey("vm-simple", "RUNNING")]


def test_a_bare_name_prefers_the_graph_the_linking_page_shows() -> None:
    assert find("RUNNING", ("vm-simple",)) == StateKey("vm-simple", "RUNNING")
    assert find("RUNNING", ("vm", "image")) == StateKey("vm", "RUNNING")
    # a page showing both is no help
    assert find("RUNNING", ("vm", "vm-simple")) == [StateKey("vm", "RUNNING"), StateKey("vm-simple", "RUNNING")]


def test_the_page_does_not_override_a_graph_named_in_the_link() -> None:
    assert find("vm/RUNNING", ("vm-simple",)) == StateKey("vm", "RUNNING")


def test_unknown_states_and_graphs_find_nothing() -> None:
    assert find("STOPPED") == []
    assert find("vm/PENDING") == []  # PENDING is a state of vm-simple only
    assert find("nograph/RUNNING") == []  # not a graph: read as a bare name with a slash
    assert find_state([], "RUNNING", ()) == []


def test_a_found_state_reads_as_the_link_that_names_it() -> None:
    assert str(StateKey("vm", "RUNNING")) == "vm/RUNNING"


def test_records_survive_the_trip_to_and_from_a_parallel_reader() -> None:
    data = {
        "targets": {StateKey("vm", "RUNNING"): {"index": Target("one-state-vm-RUNNING", "VM", "RUNNING")}},
        "problems": {"index": [LoggedWarning("unknown graph 'x'", "graph", 3)]},
    }
    again = pickle.loads(pickle.dumps(data))
    assert again == data
    (key,) = again["targets"]
    assert key.graph == "vm" and again["targets"][key]["index"].anchor == "one-state-vm-RUNNING"
    assert again["problems"]["index"][0].line == 3


#: Graphs named by their paths: two files named door, one named gate, and a graph registered as "lamp".
PATHS = [
    ("a/door", "OPEN"),
    ("a/door", "CLOSED"),
    ("b/door", "OPEN"),
    ("b/door", "LOCKED"),
    ("guide/gate", "SHUT"),
    ("lamp", "ON"),
    ("shed/lamp", "OFF"),
]


def test_a_path_key_names_its_graph() -> None:
    assert find_state(PATHS, "a/door/OPEN", ()) == StateKey("a/door", "OPEN")
    assert find_state(PATHS, "b/door/open", ()) == StateKey("b/door", "OPEN")
    assert find_state(PATHS, "guide/gate/SHUT", ()) == StateKey("guide/gate", "SHUT")


def test_a_file_name_no_other_graph_has_names_its_graph() -> None:
    assert find_state(PATHS, "gate/SHUT", ()) == StateKey("guide/gate", "SHUT")
    assert find_state(PATHS, "gate/shut", ()) == StateKey("guide/gate", "SHUT")


def test_a_file_name_two_graphs_share_names_neither() -> None:
    assert find_state(PATHS, "door/OPEN", ()) == [StateKey("a/door", "OPEN"), StateKey("b/door", "OPEN")]
    assert find_state(PATHS, "door/LOCKED", ()) == [StateKey("b/door", "LOCKED")]  # still ambiguous
    assert find_state(PATHS, "door/OPEN", ("a/door",)) == [StateKey("a/door", "OPEN"), StateKey("b/door", "OPEN")]
    assert find_state(PATHS, "door/AJAR", ()) == []
    assert shared_name(PATHS, "door/OPEN") == ("door", ["a/door", "b/door"])
    assert shared_name(PATHS, "a/door/OPEN") is None and shared_name(PATHS, "gate/SHUT") is None


def test_a_graph_keyed_by_a_name_keeps_it() -> None:
    # "lamp" is a registered graph: shed/lamp.dot is named by its path only
    assert graph_names(graph for graph, _state in PATHS) == {"door": ["a/door", "b/door"], "gate": ["guide/gate"]}
    assert find_state(PATHS, "lamp/ON", ()) == StateKey("lamp", "ON")
    assert find_state(PATHS, "lamp/OFF", ()) == []
    assert find_state(PATHS, "shed/lamp/OFF", ()) == StateKey("shed/lamp", "OFF")


def test_a_bare_state_name_finds_it_in_a_path_keyed_graph() -> None:
    assert find_state(PATHS, "LOCKED", ()) == StateKey("b/door", "LOCKED")
    assert find_state(PATHS, "OPEN", ("b/door",)) == StateKey("b/door", "OPEN")


class CountingPairs(list[tuple[str, str]]):
    """Known states that count how many times they are walked through."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.walks += 1
        return super().__iter__()


def test_a_finder_walks_the_known_states_once_however_many_links_it_resolves() -> None:
    # find_state walked every known state for each link: a page of links to a 10,000-state table was quadratic
    known = CountingPairs([*KNOWN, *PATHS, *((f"big/{n // 100}", f"S{n}") for n in range(5000))])
    targets = ["vm/RUNNING", "RUNNING", "ready", "door/OPEN", "gate/shut", "big/7/S750", "S4999", "nothing"]
    expected = {target: find_state(known, target, ("vm",)) for target in targets}
    finder = StateFinder(known)
    walks = known.walks
    for target in targets * 100:
        assert finder.find(target, ("vm",)) == expected[target]
    assert known.walks == walks
