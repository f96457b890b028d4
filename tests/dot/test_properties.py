"""Property-based tests (hypothesis): random hostile graphs read, written and quoted as Graphviz does.

The graphs come from tests/strategies.py: DOT text as a user writes it, full of what breaks naive code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import KINDS, Pseudo, State, StateMachine, Transition, blank
from sphinx_onestates.core.view import View, build_view
from sphinx_onestates.dot import runner as graphviz
from sphinx_onestates.dot.interpret import display_text, load_text, state_label, unescape
from sphinx_onestates.dot.quote import quote, unquote
from sphinx_onestates.dot.read import read_dot
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot
from ..strategies import ENTITY, EVIL, FAST, HOSTILE, LONE_LINE_FEED, WITH_DOT, Graph, graphs, text, views, writable

# -- loading ---------------------------------------------------------------------------------------


@FAST
@given(graphs())
def test_a_random_graph_loads_with_exactly_its_node_ids(graph: Graph) -> None:
    """Every id written loads as a state or pseudo-node, also ids that only appear in edges."""
    machine = load_text(graph.text, "random.dot")
    assert sorted(machine.states) == sorted(graph.states)
    assert {name: p.role for name, p in machine.pseudo.items()} == graph.pseudo


@FAST
@given(graphs())
def test_a_random_graph_keeps_its_facts_lines_and_transitions(graph: Graph) -> None:
    """Codes, short names, meanings, parents, lines and edge kinds survive hostile ids and labels."""
    machine = load_text(graph.text, "random.dot")
    for name in graph.states:
        state, facts = machine.states[name], graph.facts.get(name, {})
        assert state.codes == ({"C": (int(facts["C"]),)} if "C" in facts else {}), name
        assert state.short == (facts["short"].strip() if "short" in facts else None), name
        assert state.meaning == (" ".join(display_text(facts["meaning"]).split()) if "meaning" in facts else None)
        assert state.parent == (facts.get("parent") or None), name
        assert state.final == ("final" in facts) and state.internal == ("internal" in facts), name
    for name in graph.names:
        node = machine.states.get(name) or machine.pseudo[name]
        assert node.line == graph.lines[name], f"{name!r} is first written on line {graph.lines[name]}"
    for name in graph.states:
        assert machine.states[name].declared == (name in graph.declared), name
    expected = Counter((s, t, k, unescape(label).strip()) for s, t, k, label in graph.edges if k)  # quoted: escStrings
    assert Counter((t.source, t.target, t.kind, t.label) for t in machine.transitions) == expected
    assert Counter(machine.layout_edges) == Counter((s, t) for s, t, k, _ in graph.edges if k is None)


MUTATIONS = st.sampled_from([*HOSTILE, "\x00", "\x01", "\x1b", "\r", "\ufeff", "{", "}", '"', "<", "->", "digraph"])


@FAST
@given(graphs(max_states=4, max_edges=6), st.lists(st.tuples(st.integers(0, 10**6), MUTATIONS, st.integers(0, 3))))
def test_loading_any_text_raises_nothing_but_onestates_error(graph: Graph, edits: list[tuple[int, str, int]]) -> None:
    """A damaged graph (cut, spliced, with control characters) loads or gets a located OneStatesError.

    What loads is a whole machine: every edge joins loaded nodes, every node is a state or a pseudo-node (not
    both), no state is drawn blank, every line is a line of the text, and loading again gives the same.
    """
    source = graph.text
    for position, insert, cut in edits:
        at = position % (len(source) + 1)
        source = source[:at] + insert + source[at + cut :]
    try:
        machine = load_text(source, "damaged.dot")
    except OneStatesError as exc:
        assert exc.source == "damaged.dot" and exc.message
        return
    assert_whole(machine, source)
    assert load_text(source, "damaged.dot") == machine, "loading the same text twice gives another machine"


def assert_whole(machine: StateMachine, source: str) -> None:
    """What holds for every machine loaded from ``source``, whatever the text."""
    assert machine.source == "damaged.dot"
    assert not set(machine.states) & set(machine.pseudo), "a node is both a state and a pseudo-node"
    assert all(name == state.name for name, state in machine.states.items())
    assert all(name == pseudo.name for name, pseudo in machine.pseudo.items())
    nodes = set(machine.states) | set(machine.pseudo)
    for transition in machine.transitions:
        assert transition.source in nodes and transition.target in nodes, transition
        assert transition.kind in KINDS, transition
    assert all(not blank(state.label) for state in machine.states.values()), "a state is drawn as nothing"
    lines = source.count("\n") + 1
    located: list[State | Pseudo | Transition] = [*machine.states.values(), *machine.pseudo.values()]
    located += machine.transitions
    assert all(item.line is None or 1 <= item.line <= lines for item in located), "a line outside the text"


@requires_dot
@FAST
@given(graphs(max_states=6, max_edges=10))
def test_pydot_reads_a_graph_as_graphviz_does(graph: Graph) -> None:
    """Without any Graphviz (pydot reads the file), the same states, pseudo-nodes and transitions load."""
    assert graphviz.find_graphviz() is not None, "without Graphviz, this would compare pydot with itself"
    with_graphviz = load_text(graph.text, "random.dot")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graphviz, "_wasm_version", lambda: None)
        with_pydot = load_text(graph.text, "random.dot", dot="/nonexistent/dot")
    assert sorted(with_pydot.states) == sorted(with_graphviz.states)
    assert sorted(with_pydot.pseudo) == sorted(with_graphviz.pseudo)
    assert with_pydot.transitions == with_graphviz.transitions
    assert with_pydot.states == with_graphviz.states


# -- emitted DOT and the SVG Graphviz draws from it ------------------------------------------------


def svg_nodes(svg: bytes) -> dict[str, list[str]]:
    """Each node's <title> (as text, entities decoded) -> the lines of text drawn in it."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    nodes: dict[str, list[str]] = {}
    for group in root.iter(f"{ns}g"):
        if group.get("class", "").split()[:1] == ["node"]:
            title = group.find(f"{ns}title")
            assert title is not None
            lines = [(t.text or "").replace("\xa0", " ") for t in group.iter(f"{ns}text")]
            nodes[(title.text or "").replace("\xa0", " ")] = lines  # Graphviz writes "  " as " &#160;"
    return nodes


def helpers(view: View) -> set[str]:
    """The nodes emit_dot adds: a point for each stub's end."""
    return {f"stub:{count}:{stub.target}" for count, stub in enumerate(view.stubs)}


URLS = st.one_of(st.none(), st.just("#{name}"), text(6).map(lambda s: s + "{name}"), text(6))


@requires_dot
@WITH_DOT
@given(views(), URLS)
def test_emitted_dot_is_drawn_by_graphviz_and_injects_nothing(graph_view: tuple[Graph, View], url: str | None) -> None:
    """dot -Tsvg accepts the figure; each drawn node is titled by its name; no label or URL adds a node."""
    _, view = graph_view
    source = emit_dot(view, node_url=None if url is None else (lambda name: url.replace("{name}", name)))
    tool = graphviz.find_graphviz()
    assert tool is not None and tool.kind == "dot"
    svg = tool.render(source, ("svg",))["svg"]
    frames = view.frames()  # drawn as clusters, not nodes
    drawn = {*view.names, *(p.name for p in view.pseudo)} - set(frames)
    expected = drawn | helpers(view)
    assert set(svg_nodes(svg)) == expected
    assert EVIL not in svg_nodes(svg)
    reread = read_dot(source, "emitted.dot")
    assert set(reread.nodes) == expected, "the emitted DOT declares other nodes than the view's"
    for name in set(view.names) - set(frames):
        assert "onestates-state" in reread.nodes[name].get("class", ""), f"{name!r} is not drawn as a state"
    assert len(reread.edges) == len(view.transitions) + len(view.hidden_paths) + len(view.stubs)


def lone_state(name: str, label: str | None) -> Graph:
    """A graph of one state, written as a user would: for the counterexamples the search found."""
    attrs = "" if label is None else f" [label = {quote(label)}]"
    facts = {} if label is None else {"label": label}
    return Graph(f"digraph g {{\n  {quote(name)}{attrs};\n}}\n", [name], {}, {name}, {name: 2}, {name: facts})


@requires_dot
@WITH_DOT
@given(graphs())
@example(lone_state("\\n", ""))  # named by an escape that breaks the line, empty label: was drawn as nothing
@example(lone_state("\\n", None))
@example(lone_state(" ", None))
@example(lone_state("a", " "))  # a label of white space only
@example(lone_state("a", "\\n"))
def test_each_state_shows_the_text_graphviz_shows_for_the_original_file(graph: Graph) -> None:
    """The figure labels each state as Graphviz labels the node of the file it came from.

    Except where Graphviz would show nothing: there the state's name stands in, white space made visible
    (graphs/README.md, *Blank names*).
    """
    machine = load_text(graph.text, "random.dot")
    tool = graphviz.find_graphviz()
    assert tool is not None
    original = svg_nodes(tool.render(graph.text, ("svg",))["svg"])
    view = build_view(machine)
    figure = svg_nodes(tool.render(emit_dot(view), ("svg",))["svg"])
    for name in view.names:
        if name in view.frames():
            continue  # a frame shows its label as the cluster's, not a node's
        label = graph.facts.get(name, {}).get("label")
        if label == "" or blank(display_text(label) if label not in (None, "\\N") else unescape(name)):
            shown = state_label(name, label)
            assert machine.states[name].label == shown and not blank(shown), "never blank"
            assert "".join(figure[name]) == shown.replace("\n", ""), "the figure shows what the table shows"
        elif (label or "").startswith("<") and (label or "").endswith(">"):
            # Known limitation: Graphviz's JSON (and -Tcanon) writes a quoted "<b>x</b>" exactly as the
            # HTML-like <<b>x</b>>, so such a quoted label is read as markup and shown without its tags.
            continue
        elif ENTITY.search(machine.states[name].label):
            assert "\n".join(figure[name]).replace("\n", "") == machine.states[name].label.replace("\n", ""), (
                "an entity is shown as written (as in the table), where Graphviz would decode it"
            )
        else:
            assert figure[name] == original[name], f"state {name!r}"


# -- quoting -------------------------------------------------------------------------------------

QUOTE_TEXT = st.text(alphabet=st.sampled_from(["a", '"', "\\", "\n", "\r", " ", "é"]), max_size=20)


@FAST
@given(QUOTE_TEXT)
def test_quote_gives_one_closed_literal_that_unquote_reads_back(value: str) -> None:
    """unquote(quote(s)) == s wherever DOT can hold s; elsewhere only an added backslash differs.

    DOT cannot hold every string. In a quoted ID a backslash before a quote makes the quote part of the
    string, two backslashes stay two (``\\\\`` is the escString for one backslash, kept for the label
    renderer), and a backslash before a line break removes both. So no literal reads as one backslash
    followed by a quote, a line break or the end of the string: an odd run of backslashes there cannot be
    written. quote() adds one backslash to such a run rather than let the literal end early.
    """
    literal = quote(value)
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', literal, re.S), "the literal ends early"
    widened = re.sub(r'(?<!\\)((?:\\\\)*\\)(?="|\n|\Z)', r"\1\\", value)
    widened = re.sub(LONE_LINE_FEED, "", widened)  # Graphviz drops these
    assert unquote(literal) == widened
    if writable(value):
        assert unquote(literal) == value


@requires_dot
@FAST
@given(st.lists(st.sampled_from(["a", "é", " ", "\\\\", '\\"', "\\a", "\\n", "\n", "\r", "\\\n", "\\\r\n"])))
def test_unquote_reads_a_literal_as_graphviz_does(pieces: list[str]) -> None:
    """The scan (lines, declared nodes) and the pydot fallback name each node as Graphviz names it."""
    literal = '"x' + "".join(pieces) + '"'
    raw = read_dot(f"digraph g {{ {literal} }}", "literal.dot")
    assert list(raw.nodes) == [unquote(literal)]
