"""Property-based tests (hypothesis): random hostile graphs and random filters never break the pipeline.

The graphs are written the way a user writes them, as DOT text, with node ids, meanings, short names and
labels full of what breaks naive code: quotes, backslashes, markup, DOT punctuation, line breaks and
non-ASCII letters. Every id goes through :func:`~sphinx_onestates.dot.read.quote`, so each generated file is
a valid graph with exactly the ids drawn.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import FIXED_COLUMNS, KINDS, StateMachine, blank, visible
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.table import rows
from sphinx_onestates.core.view import HIDDEN_MODES, View, build_view
from sphinx_onestates.dot import runner as graphviz
from sphinx_onestates.dot.interpret import display_text, load_text, state_label, unescape
from sphinx_onestates.dot.quote import quote, unquote
from sphinx_onestates.dot.read import read_dot
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot

# Plain letters that cannot spell "user", "ANY" (pseudo-nodes by name) nor an HTML entity name: Graphviz
# copies "&name;" into the SVG unescaped, so a title holding one would not read back as the name.
LETTERS = ["a", "b", "X", "Z", "0", "1", "9", "_"]
HOSTILE = [
    '"',
    "\\",
    "\\\\",
    "\\n",
    "<",
    ">",
    "&",
    "{",
    "}",
    ";",
    ",",
    "=",
    "-",
    "->",
    "--",
    " ",
    "\n",
    "\t",
    "[",
    "]",
    ":",
    "//",
    "/*",
    "#",
    "é",
    "状态",
    "<script>alert(1)</script>",
    '"]; evil [label="x',
    "*",
    "?",
]
#: Whole ids that mean something elsewhere: DOT keywords, Graphviz escapes, the names of emit's helper nodes.
SPECIAL_IDS = ["node", "edge", "graph", "subgraph", "strict", "digraph", "\\N", "\\G", "legend:0:from", "stub:0:a"]
EVIL = "evil"

#: Example counts for the default 100 of the "ci" profile; the "explore" profile (conftest.py) scales them.
SCALE = settings.default.max_examples / 100
FAST = settings(max_examples=int(60 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
WITH_DOT = settings(max_examples=int(40 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])


LONE_LINE_FEED = r'(?<![^"\\])\n(?![^"\\])'


def writable(value: str) -> bool:
    """Whether DOT can hold ``value`` exactly.

    Not a quote, line break or end after an odd run of backslashes; and no line feed alone between quotes,
    backslashes and the ends (Graphviz 2.43 drops it: see unquote()).
    """
    return not re.search(r'(?<!\\)(?:\\\\)*\\(?:"|\n|\Z)', value) and not re.search(LONE_LINE_FEED, value)


def text(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Strings of plain letters and hostile pieces that DOT can hold exactly."""
    return (
        st.lists(st.sampled_from(LETTERS + HOSTILE), min_size=min_size, max_size=max_size).map("".join).filter(writable)
    )


# and an id is copied into the SVG's <title> as it is, so "&...;" would read back as an entity
ENTITY = re.compile(r"&[#\w]*;")
node_ids = st.one_of(text(5, min_size=1).filter(lambda s: not ENTITY.search(s)), st.sampled_from(SPECIAL_IDS))


@dataclass
class Graph:
    """A generated DOT file and what it must load as."""

    text: str
    states: list[str]
    pseudo: dict[str, str]  # name -> role
    declared: set[str]
    lines: dict[str, int]  # node -> line of its first mention
    facts: dict[str, dict[str, str]]  # state -> the attributes its statement sets
    edges: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # source, target, kind, label

    @property
    def names(self) -> list[str]:
        return [*self.states, *self.pseudo]


@st.composite
def graphs(draw: st.DrawFn, max_states: int = 10, max_edges: int = 25) -> Graph:
    """A random graph in the format of graphs/README.md, written as DOT text."""
    states = draw(st.lists(node_ids, min_size=1, max_size=max_states, unique=True))
    pseudo: dict[str, str] = {}
    if draw(st.booleans()):
        pseudo["user"] = "initial"
    if draw(st.booleans()):
        pseudo["ANY"] = "wildcard"
    final = draw(node_ids)
    if draw(st.booleans()) and final not in states:
        pseudo[final] = "final"
    names = [*states, *pseudo]
    chunks: list[str] = []
    mentions: list[tuple[str, int]] = []  # (node, offset of its token)

    def write(*parts: str | tuple[str]) -> None:
        """Append a statement; a 1-tuple is a node id, written quoted and remembered as a mention."""
        chunks.append("  ")
        for part in parts:
            if isinstance(part, tuple):
                mentions.append((part[0], sum(map(len, chunks))))
                part = quote(part[0])
            chunks.append(part)
        chunks.append(";\n")

    graph_name = draw(text(4).filter(lambda s: not ENTITY.search(s)))  # the SVG of the file holds it too
    title = draw(text(6))
    chunks.append(f"digraph {quote(graph_name)} {{\n")
    write(f'graph [title = {quote(title)}, codes = "C", columns = "state C short meaning in out"]')
    facts: dict[str, dict[str, str]] = {}
    statements: list[tuple[tuple[str | tuple[str], ...], tuple[str, str, str | None, str] | None]] = []
    for number, name in enumerate(states):
        if draw(st.booleans()):
            continue  # this state only appears in edges
        attrs = {"C": str(number)}
        for key, values in (("meaning", text(8)), ("short", text(3)), ("label", text(6))):
            if draw(st.booleans()):
                attrs[key] = draw(values)
        if draw(st.integers(0, 3)) == 0:
            attrs["parent"] = draw(st.sampled_from(states))
        for flag in ("final", "internal"):
            if draw(st.integers(0, 4)) == 0:
                attrs[flag] = "true"
        facts[name] = attrs
        statements.append((((name,), " [" + ", ".join(f"{k} = {quote(v)}" for k, v in attrs.items()) + "]"), None))
    for name, role in pseudo.items():
        statements.append((((name,), f" [pseudo = {role}]"), None))
    for _ in range(draw(st.integers(0, max_edges))):
        source, target = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        kind = draw(st.sampled_from([None, *KINDS]))
        style = draw(st.sampled_from([None, "solid", "dashed", "dotted", "invis", "bold,dashed"]))
        label = draw(text(5))
        attrs = [f"kind = {kind}"] if kind else []
        attrs += [f"style = {quote(style)}"] if style else []
        attrs += [f"label = {quote(label)}"] if label else []
        styles = set((style or "").split(","))
        if "invis" in styles:
            kind = None  # layout help, not a transition
        elif not kind:
            kind = "automatic" if "dashed" in styles else "failure" if "dotted" in styles else "command"
        statements.append(
            (((source,), " -> ", (target,), " [" + ", ".join(attrs) + "]"), (source, target, kind, label))
        )
    order = draw(st.permutations(range(len(statements))))
    for index in order:
        write(*statements[index][0])
    for name in names:  # a node mentioned nowhere yet gets a bare statement
        if name not in {node for node, _ in mentions}:
            write((name,))
            if name in states:
                facts[name] = {}
    chunks.append("}\n")
    source_text = "".join(chunks)
    lines: dict[str, int] = {}
    for name, offset in mentions:
        lines.setdefault(name, source_text.count("\n", 0, offset) + 1)
    edges = [edge for index in order if (edge := statements[index][1]) is not None]
    return Graph(
        text=source_text,
        states=states,
        pseudo=pseudo,
        declared={name for name in names if name in facts or name in pseudo},
        lines=lines,
        facts=facts,
        edges=edges,
    )


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
    expected = Counter((s, t, k, display_text(label).strip()) for s, t, k, label in graph.edges if k)
    assert Counter((t.source, t.target, t.kind, t.label) for t in machine.transitions) == expected
    assert Counter(machine.layout_edges) == Counter((s, t) for s, t, k, _ in graph.edges if k is None)


MUTATIONS = st.sampled_from([*HOSTILE, "\x00", "\x01", "\x1b", "\r", "\ufeff", "{", "}", '"', "<", "->", "digraph"])


@FAST
@given(graphs(max_states=4, max_edges=6), st.lists(st.tuples(st.integers(0, 10**6), MUTATIONS, st.integers(0, 3))))
def test_loading_any_text_raises_nothing_but_onestates_error(graph: Graph, edits: list[tuple[int, str, int]]) -> None:
    """A damaged graph (cut, spliced, with control characters) loads or gets a located OneStatesError."""
    source = graph.text
    for position, insert, cut in edits:
        at = position % (len(source) + 1)
        source = source[:at] + insert + source[at + cut :]
    try:
        machine = load_text(source, "damaged.dot")
    except OneStatesError as exc:
        assert exc.source == "damaged.dot" and exc.message
        return
    assert isinstance(machine, StateMachine)


@FAST
@given(graphs(max_states=6, max_edges=10))
def test_pydot_reads_a_graph_as_graphviz_does(graph: Graph) -> None:
    """Without any Graphviz (pydot reads the file), the same states, pseudo-nodes and transitions load."""
    with_graphviz = load_text(graph.text, "random.dot")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(graphviz, "_wasm_version", lambda: None)
        with_pydot = load_text(graph.text, "random.dot", dot="/nonexistent/dot")
    assert sorted(with_pydot.states) == sorted(with_graphviz.states)
    assert sorted(with_pydot.pseudo) == sorted(with_graphviz.pseudo)
    assert with_pydot.transitions == with_graphviz.transitions
    assert with_pydot.states == with_graphviz.states


# -- views and tables ------------------------------------------------------------------------------

UNKNOWN = "NO SUCH STATE"


@st.composite
def selections(draw: st.DrawFn, machine: StateMachine) -> tuple[Selection, bool]:
    """A random selection, and whether one of its names is sure to name nothing."""
    shorts = sorted({s.short for s in machine.states.values() if s.short})
    real = st.sampled_from(sorted(machine.states))
    unknown = text(3).map(lambda s: f"{UNKNOWN} {s}".replace("*", "").replace("?", "").replace("[", ""))
    pattern = st.one_of(real, real, real, unknown, st.sampled_from(["*", "?*", "[a-z]*", "*é*", *shorts]))
    names = st.lists(pattern, max_size=3)
    selection = Selection(
        states=tuple(draw(names)),
        exclude=tuple(draw(names)),
        around=tuple(draw(st.lists(pattern, max_size=2))),
        depth=draw(st.integers(0, 3)),
        direction=draw(st.sampled_from(["in", "out", "both"])),
        kinds=frozenset(draw(st.lists(st.sampled_from(KINDS), min_size=1, unique=True))),
        highlight=tuple(draw(names)),
    )
    every = (*selection.states, *selection.exclude, *selection.around, *selection.highlight)
    return selection, any(name.startswith(UNKNOWN) for name in every)


def exact(selection: Selection, machine: StateMachine) -> bool:
    """Whether every name in the selection is a state name of the machine."""
    every = (*selection.states, *selection.exclude, *selection.around, *selection.highlight)
    return all(name in machine.states for name in every)


@st.composite
def views(draw: st.DrawFn) -> tuple[Graph, View]:
    graph = draw(graphs())
    machine = load_text(graph.text, "random.dot")
    selection, _ = draw(selections(machine))
    try:
        view = build_view(
            machine,
            selection,
            hidden=draw(st.sampled_from(HIDDEN_MODES)),
            group_by=draw(st.sampled_from([None, "short"])),
        )
    except OneStatesError:
        view = build_view(machine, hidden=draw(st.sampled_from(HIDDEN_MODES)))
    return graph, view


@FAST
@given(st.data())
def test_random_filters_fail_only_on_unknown_names(data: st.DataObject) -> None:
    """Any selection builds a view; only a name that names nothing stops it, with a 'state' error."""
    graph = data.draw(graphs())
    machine = load_text(graph.text, "random.dot")
    selection, has_unknown = data.draw(selections(machine))
    hidden = data.draw(st.sampled_from(HIDDEN_MODES))
    group_by = data.draw(st.sampled_from([None, "short"]))
    try:
        view = build_view(machine, selection, hidden=hidden, group_by=group_by)
    except OneStatesError as exc:
        assert exc.subtype == "state", exc.message
        assert has_unknown or group_by or not exact(selection, machine), f"{exc.message} for {selection}"
        return
    assert not has_unknown, f"{selection} names a state that does not exist, yet built a view"
    shown = set(view.names)
    assert len(view.names) == len(shown) and shown <= set(view.machine.states)
    assert view.highlight <= shown
    if group_by is None and exact(selection, machine):
        assert not shown & set(selection.exclude), "an excluded state is shown"
        assert set(selection.states) - set(selection.exclude) <= shown, "a chosen state is missing"
        if not selection.states and not selection.around:
            assert shown == set(machine.states) - set(selection.exclude)


@FAST
@given(views())
def test_the_table_lists_exactly_the_states_of_the_figure(graph_view: tuple[Graph, View]) -> None:
    """One row per shown state, in the figure's order; never a row for a pseudo-node."""
    _, view = graph_view
    columns = tuple(dict.fromkeys([*view.machine.columns, *FIXED_COLUMNS, *view.machine.codes]))
    table = rows(view, columns)
    assert [row["state"].text for row in table] == [visible(name) for name in view.names]
    assert all(not blank(row["state"].text) for row in table), "a row must name its state visibly"
    known = set(view.machine.states) | set(view.machine.pseudo)
    for row in table:
        assert {other for other, _ in row["in"].transitions + row["out"].transitions} <= known


@FAST
@given(views())
def test_drawn_edges_join_shown_nodes_and_hidden_paths_run_through_hidden_states(
    graph_view: tuple[Graph, View],
) -> None:
    """Transitions, stubs and hidden paths start and end at drawn nodes; a path's via states are all hidden."""
    _, view = graph_view
    machine = view.machine
    shown = set(view.names)
    drawn = shown | {p.name for p in view.pseudo}
    hidden = set(machine.states) - shown
    for t in view.transitions:
        assert t.source in drawn and t.target in drawn and t.kind in view.kinds
    steps = {(t.source, t.target) for t in machine.transitions if t.kind in view.kinds}
    for path in view.hidden_paths:
        assert path.source in drawn and path.target in drawn, path
        assert path.via and set(path.via) <= hidden, path
        way = [path.source, *path.via, path.target]
        assert all(step in steps for step in itertools.pairwise(way)), f"{path} is not a path of the graph"
    for stub in view.stubs:
        assert stub.source in shown and stub.target in hidden, stub
    used = {end for t in view.transitions for end in (t.source, t.target)}
    used |= {end for p in view.hidden_paths for end in (p.source, p.target)}
    assert {p.name for p in view.pseudo} <= used


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


def helpers(view: View, legend: bool) -> set[str]:
    """The nodes emit_dot adds: a point for each stub's end and two per row of the legend."""
    names = {f"stub:{count}:{stub.target}" for count, stub in enumerate(view.stubs)}
    if legend:
        samples = len(view.drawn_kinds()) + bool(view.hidden_paths)
        names |= {f"legend:{n}:{end}" for n in range(samples) for end in ("from", "to")}
    return names


URLS = st.one_of(st.none(), st.just("#{name}"), text(6).map(lambda s: s + "{name}"), text(6))


@requires_dot
@WITH_DOT
@given(views(), st.booleans(), URLS)
def test_emitted_dot_is_drawn_by_graphviz_and_injects_nothing(
    graph_view: tuple[Graph, View], legend: bool, url: str | None
) -> None:
    """dot -Tsvg accepts the figure; each drawn node is titled by its name; no label or URL adds a node."""
    _, view = graph_view
    source = emit_dot(view, legend=legend, node_url=None if url is None else (lambda name: url.replace("{name}", name)))
    tool = graphviz.find_graphviz()
    assert tool is not None and tool.kind == "dot"
    svg = tool.render(source, ("svg",))["svg"]
    frames = view.frames()  # drawn as clusters, not nodes
    drawn = {*view.names, *(p.name for p in view.pseudo)} - set(frames)
    expected = drawn | helpers(view, legend)
    invisible = {name for name in helpers(view, legend) if name.startswith("legend:")}  # not in the SVG
    assert set(svg_nodes(svg)) == expected - invisible
    assert EVIL not in svg_nodes(svg)
    reread = read_dot(source, "emitted.dot")
    assert set(reread.nodes) == expected, "the emitted DOT declares other nodes than the view's"
    for name in set(view.names) - set(frames):
        assert "onestates-state" in reread.nodes[name].get("class", ""), f"{name!r} is not drawn as a state"
    samples = len(view.drawn_kinds()) + bool(view.hidden_paths) if legend else 0
    legend_edges = max(2 * samples - 1, 0)  # one sample edge per row, and an invisible one between rows
    assert len(reread.edges) == len(view.transitions) + len(view.hidden_paths) + len(view.stubs) + legend_edges


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
