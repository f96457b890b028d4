"""Hypothesis strategies shared by the property tests: random hostile graphs, written as DOT text, and filters.

The graphs are written the way a user writes them, as DOT text, with node ids, meanings, short names and
labels full of what breaks naive code: quotes, backslashes, markup, DOT punctuation, line breaks and
non-ASCII letters. Every id goes through :func:`~sphinx_onestates.dot.quote.quote`, so each generated file is
a valid graph with exactly the ids drawn. Used by tests/dot/test_properties.py (reading and writing DOT) and
tests/core/test_properties.py (views and tables of the loaded machines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.model import KINDS, StateMachine
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import HIDDEN_MODES, View, build_view
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.quote import quote

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
SCALE = settings().max_examples / 100  # settings() is the loaded profile's
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
    #: The same file without the optional separators (``;`` after statements, ``,`` between attributes).
    bare: str = ""

    @property
    def names(self) -> list[str]:
        return [*self.states, *self.pseudo]


#: Where a generated file has an optional separator (no text() piece holds these characters): a statement
#: ends with ";" and a line break, or with the line break alone; attributes are separated by ", " or " ".
STATEMENT_END, ATTRIBUTE_SEPARATOR = "\ue001", "\ue002"


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
        chunks.append(STATEMENT_END)

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
        edge_attrs = [f"kind = {kind}"] if kind else []
        edge_attrs += [f"style = {quote(style)}"] if style else []
        edge_attrs += [f"label = {quote(label)}"] if label else []
        styles = set((style or "").split(","))
        if "invis" in styles:
            kind = None  # layout help, not a transition
        elif not kind:
            kind = "automatic" if "dashed" in styles else "failure" if "dotted" in styles else "command"
        statements.append(
            (
                ((source,), " -> ", (target,), " [" + ATTRIBUTE_SEPARATOR.join(edge_attrs) + "]"),
                (source, target, kind, label),
            )
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
    marked = "".join(chunks)
    source_text = marked.replace(STATEMENT_END, ";\n").replace(ATTRIBUTE_SEPARATOR, ", ")
    lines: dict[str, int] = {}
    for name, offset in mentions:
        lines.setdefault(name, marked.count("\n", 0, offset) + marked.count(STATEMENT_END, 0, offset) + 1)
    edges = [edge for index in order if (edge := statements[index][1]) is not None]
    return Graph(
        text=source_text,
        states=states,
        pseudo=pseudo,
        declared={name for name in names if name in facts or name in pseudo},
        lines=lines,
        facts=facts,
        edges=edges,
        bare=marked.replace(STATEMENT_END, "\n").replace(ATTRIBUTE_SEPARATOR, " "),
    )


# -- filters and views of a loaded graph ---------------------------------------------------------

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
