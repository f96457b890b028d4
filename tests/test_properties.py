"""Property-based tests: random graphs and random filters never break the pipeline."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_onestates.dotread import quote
from sphinx_onestates.dotscan import unquote
from sphinx_onestates.emit import emit_dot
from sphinx_onestates.errors import OneStatesError
from sphinx_onestates.graphviz import find_graphviz
from sphinx_onestates.load import load_text
from sphinx_onestates.model import KINDS
from sphinx_onestates.select import Selection
from sphinx_onestates.table import rows
from sphinx_onestates.view import HIDDEN_MODES, build_view

HOSTILE = ['"', "\\", "<", ">", "&", "{", "}", ";", ",", "=", "-", "->", " ", "é", "状态", "<script>", "]", "["]


def pieces(extra: str, max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Strings made of plain letters and hostile pieces (quotes, markup, DOT syntax, non-ASCII)."""
    return st.lists(st.sampled_from([*extra, *HOSTILE]), min_size=min_size, max_size=max_size).map("".join)


# ids DOT can write exactly: no quote or end right after an odd run of backslashes (see quote())
ids = (
    pieces("abcXYZ019_", 6, min_size=1)
    .filter(lambda s: not re.search(r'(?<!\\)(\\\\)*\\("|\n|$)', s))
    .filter(lambda s: not s.endswith("\\") and s.strip() and s.lower() not in ("node", "edge", "graph"))
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw: st.DrawFn) -> tuple[str, list[str]]:
    """DOT text of a random graph, and its node ids."""
    names = draw(st.lists(ids, min_size=1, max_size=10, unique=True))
    lines = ['digraph "random" {', '  graph [codes = "C"];']
    if draw(st.booleans()):
        names = ["user", *[n for n in names if n != "user"]]
        lines.append("  user [pseudo = initial];")
    for number, name in enumerate(names):
        if name == "user" or draw(st.booleans()):
            continue  # some nodes only appear in edges
        meaning = draw(pieces("ab ", 8)).rstrip("\\")
        short = quote(name[:3].rstrip("\\"))
        lines.append(f"  {quote(name)} [C = {number}, meaning = {quote(meaning)}, short = {short}];")
    mentioned = {name for name in names if any(line.startswith(f"  {quote(name)} [") for line in lines)}
    for _ in range(draw(st.integers(0, 20))):
        source, target = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        kind = draw(st.sampled_from([*KINDS, "style=dashed", "style=dotted", "style=invis"]))
        label = draw(pieces("xy ", 5)).rstrip("\\")
        attrs = kind if kind.startswith("style") else f"kind = {kind}"
        lines.append(f"  {quote(source)} -> {quote(target)} [{attrs}, label = {quote(label)}];")
        mentioned |= {source, target}
    for name in sorted(set(names) - mentioned):  # every node is mentioned at least once
        lines.append(f"  {quote(name)};")
    return "\n".join(lines) + "\n}\n", names


@st.composite
def selections(draw: st.DrawFn, names: list[str]) -> Selection:
    pick = st.lists(st.sampled_from(names), max_size=4)
    return Selection(
        states=tuple(draw(pick)),
        exclude=tuple(draw(pick)),
        around=tuple(draw(st.lists(st.sampled_from(names), max_size=1))),
        depth=draw(st.integers(0, 3)),
        direction=draw(st.sampled_from(["in", "out", "both"])),
        kinds=frozenset(draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True))),
        highlight=tuple(draw(pick)),
    )


@SETTINGS
@given(graphs())
def test_random_graphs_load_with_every_node(graph: tuple[str, list[str]]) -> None:
    text, names = graph
    machine = load_text(text, "random.dot")
    assert set(machine.states) | set(machine.pseudo) == set(names)


@SETTINGS
@given(st.data())
def test_random_filters_never_break_the_view_or_the_table(data: st.DataObject) -> None:
    text, names = data.draw(graphs())
    machine = load_text(text, "random.dot")
    states = [n for n in names if n in machine.states]
    if not states:
        return
    selection = data.draw(selections(states))
    try:
        view = build_view(
            machine,
            selection,
            hidden=data.draw(st.sampled_from(HIDDEN_MODES)),
            group_by=data.draw(st.sampled_from([None, "short"])),
        )
    except OneStatesError as exc:
        assert exc.subtype == "state"  # a name that a glob or short name does not resolve after grouping
        return
    table = rows(view, ("state", "C", "short", "meaning", "in", "out"))
    assert [row["state"].text for row in table] == view.names  # the table lists exactly the figure's states
    assert not set(view.names) & set(view.machine.pseudo)
    shown = set(view.names) | {p.name for p in view.pseudo}
    for path in view.hidden_paths:
        assert path.source in shown and path.target in shown
        assert not set(path.via) & set(view.names)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_dot_is_accepted_by_graphviz_and_injects_nothing(data: st.DataObject) -> None:
    text, _names = data.draw(graphs())
    machine = load_text(text, "random.dot")
    view = build_view(machine, hidden=data.draw(st.sampled_from(HIDDEN_MODES)))
    dot = emit_dot(view, legend=data.draw(st.booleans()), node_url=lambda name: "onestates:0")
    tool = find_graphviz()
    assert tool is not None
    svg = tool.render(dot, ("svg",))["svg"].decode("utf-8")
    titles = {html.unescape(t) for t in re.findall(r'class="node[^"]*">\s*<title>([^<]*)</title>', svg)}
    drawn = {t for t in titles if not t.startswith(("legend:", "stub:"))}
    # Graphviz shows ids with its own escapes applied (\\ -> \), so compare both ways
    assert {n.replace("\\\\", "\\") for n in view.names} <= {t.replace("\\\\", "\\") for t in drawn} | set(view.names)
    reread = load_text(dot, "emitted.dot")
    extra = {n for n in [*reread.states, *reread.pseudo] if not n.startswith(("legend:", "stub:"))}
    assert extra == set(view.names) | {p.name for p in view.pseudo}  # nothing in a label became a node


@SETTINGS
@given(st.text(alphabet=st.sampled_from('ab"\\ \n'), max_size=30))
def test_quote_round_trips_or_at_least_stays_one_string(value: str) -> None:
    """Quoting keeps a value exactly where DOT can write it, and always gives one closed literal."""
    literal = quote(value)
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', literal, re.S)  # one string: no quote ends it early
    if not re.search(r'(?<!\\)(\\\\)*\\("|\n|$)', value):
        assert unquote(literal) == value
