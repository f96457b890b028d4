"""Upstream's own DOT files load unchanged, with exactly the nodes and edges Graphviz reads."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.dot.interpret import display_text, load_file
from sphinx_onestates.dot.read import read_dot

from ..conftest import REFERENCE, requires_dot, requires_reference

pytestmark = requires_reference  # and each test that reads with Graphviz is marked requires_dot

UPSTREAM = sorted(
    (version, name)
    for version in ("seed", "latest")
    for name in (
        "states-complete.dot",
        "states-simple.dot",
        "image-persistent.dot",
        "image-nonpersistent.dot",
        "service.dot",
    )
)
KIND_OF_STYLE = {"": "command", "solid": "command", "dashed": "automatic", "dotted": "failure"}


def tsv_edges(version: str, name: str) -> list[dict[str, str]]:
    path = REFERENCE / "transitions" / f"{version}-{Path(name).stem}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@requires_dot
@pytest.mark.parametrize(("version", "name"), UPSTREAM)
def test_edges_match_graphviz_reading(version: str, name: str) -> None:
    path = REFERENCE / version / name
    raw = read_dot(path.read_text(encoding="utf-8"), path)
    got = [(e.source, e.target, e.attrs.get("label", ""), e.attrs.get("style", "")) for e in raw.edges]
    expected = [(r["source"], r["target"], r["label"], r["style"]) for r in tsv_edges(version, name)]
    assert got == expected


@requires_dot
@pytest.mark.parametrize(("version", "name"), UPSTREAM)
def test_model_has_every_node_and_transition(version: str, name: str, facts: dict[str, Any]) -> None:
    path = REFERENCE / version / name
    machine = load_file(path)
    info = facts[version]["dot_files"][name]
    nodes = info["nodes"]
    assert set(machine.states) | set(machine.pseudo) == set(nodes)
    assert set(machine.pseudo) == {n for n, v in nodes.items() if v["kind"] == "pseudo"}
    rows = [r for r in tsv_edges(version, name) if r["style"] != "invis"]
    assert [(t.source, t.target, t.kind, t.label) for t in machine.transitions] == [
        (r["source"], r["target"], KIND_OF_STYLE[r["style"]], display_text(r["label"]).strip()) for r in rows
    ]
    # the invisible edges only help the layout (service.dot has one, the other files none), and every other edge
    # is a transition of the kind its style says: as many of each as the facts count
    assert machine.layout_edges == [tuple(pair) for pair in info["layout_only_edges"]]
    assert len(machine.transitions) + len(machine.layout_edges) == info["edge_count"]
    kinds = Counter(t.kind for t in machine.transitions)
    assert kinds == {KIND_OF_STYLE[style]: n["count"] for style, n in info["edge_styles"].items() if style != "invis"}


@requires_dot
def test_comma_separated_nodes_need_graphviz_and_still_load() -> None:
    """``boot_undeploy_failure, boot_stopped_failure;`` is rejected by pydot, accepted by Graphviz."""
    path = REFERENCE / "latest" / "states-complete.dot"
    assert "boot_undeploy_failure, boot_stopped_failure;" in path.read_text(encoding="utf-8")
    machine = load_file(path)
    assert {"boot_undeploy_failure", "boot_stopped_failure"} <= set(machine.states)
    assert machine.states["boot_stopped_failure"].line == 47


@requires_dot
def test_invisible_edge_is_layout_help_not_a_transition() -> None:
    machine = load_file(REFERENCE / "latest" / "service.dot")
    assert ("cooldown", "failed_undeploying") in machine.layout_edges
    assert not any(t.source == "cooldown" and t.target == "failed_undeploying" for t in machine.transitions)


@requires_dot
def test_wildcard_ids_keep_backslashes_and_trailing_space() -> None:
    seed = load_file(REFERENCE / "seed" / "states-complete.dot")
    assert "ANY \\\\ {suspended,poweroff,done}" in seed.pseudo
    assert seed.pseudo["ANY \\\\ {suspended,poweroff,done}"].label == "ANY \\ {suspended,poweroff,done}"
    latest = load_file(REFERENCE / "latest" / "states-simple.dot")
    assert {"ANY", "ANY "} <= set(latest.pseudo)


@requires_dot
@pytest.mark.parametrize(("version", "name"), [p for p in UPSTREAM if p[1] != "states-complete.dot"])
def test_pydot_reads_the_same_when_graphviz_is_missing(
    version: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any Graphviz, pydot parses; it must agree with Graphviz's own reading."""
    path = REFERENCE / version / name
    text = path.read_text(encoding="utf-8")
    with_graphviz = read_dot(text, path)
    monkeypatch.setattr("sphinx_onestates.dot.runner.find_graphviz", lambda *args, **kwargs: None)
    with_pydot = read_dot(text, path)
    edges = [(e.source, e.target, e.attrs.get("label", ""), e.attrs.get("style", ""), e.line) for e in with_pydot.edges]
    assert edges == [
        (e.source, e.target, e.attrs.get("label", ""), e.attrs.get("style", ""), e.line) for e in with_graphviz.edges
    ]
    assert set(with_pydot.nodes) == set(with_graphviz.nodes)


def test_without_graphviz_the_comma_file_is_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sphinx_onestates.dot.runner.find_graphviz", lambda *args, **kwargs: None)
    path = REFERENCE / "latest" / "states-complete.dot"
    with pytest.raises(OneStatesError) as caught:
        load_file(path)
    # pydot points at the subgraph that holds `a, b;` (line 36; the comma is on line 47)
    assert caught.value.line == 36 and str(path) in str(caught.value)
