"""Write the DOT source of a view, with its style derived from kinds.

Every value goes through :func:`~sphinx_onestates.dot.quote.quote`, so nothing a
graph or an option contains can add DOT statements. Node ids are the state
names (:func:`node_id`), so the SVG's ``<title>`` elements name the states.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from collections.abc import Callable

from ..core.layout import Layout, fitting_direction
from ..core.model import NOT_XML, Kind, one_line, xml_safe
from ..core.phrases import ENGLISH, Phrases
from ..core.view import View
from .quote import quote

EDGE_STYLE: dict[Kind, dict[str, str]] = {
    "command": {"style": "solid", "color": "#1f2328", "fontcolor": "#1f2328"},
    "automatic": {"style": "dashed", "color": "#1f5fbf", "fontcolor": "#1f5fbf"},
    "failure": {"style": "dotted", "color": "#c62828", "fontcolor": "#c62828", "penwidth": "1.4"},
}
HIDDEN_PATH_STYLE = {"style": "dashed", "color": "#6e7781", "fontcolor": "#6e7781", "arrowhead": "vee"}
PSEUDO_STYLE = {
    "initial": {"shape": "box", "style": "filled", "fillcolor": "#1f2328", "fontcolor": "white"},
    "wildcard": {"shape": "box", "style": "rounded,dashed"},
    "final": {"shape": "point", "width": "0.18", "label": ""},
}
#: An initial marker without a name (a producer's ``__initial`` point): UML's filled dot.
MARKER_STYLE = {"shape": "circle", "style": "filled", "fillcolor": "#1f2328", "width": "0.15", "fixedsize": "true"}
#: States are rounded boxes, as in UML: an ellipse around a long name is about 1.4 times as wide as the name.
STATE_STYLE = {"shape": "box", "style": "rounded,filled", "fillcolor": "white", "color": "#1f2328"}
HIGHLIGHT_STYLE = {"penwidth": "2.5", "fillcolor": "#fff3b0"}
#: A neighbour of a printed part (core/split.py): drawn in full elsewhere, so grey and filled.
CONTEXT_STYLE = {"color": "#8c959f", "fontcolor": "#57606a", "fillcolor": "#eaeef2"}
INTERNAL_STYLE = {"style": "rounded,filled,dashed", "color": "#6e7781", "fontcolor": "#6e7781"}
FINAL_STYLE = {"peripheries": "2"}
#: Shapes drawn with a double border of their own, and the same with one border: a final state of that shape
#: needs no second periphery, and any other state is drawn with one border (two say "final" in a figure).
SINGLE_SHAPE = {"doublecircle": "circle", "doubleoctagon": "octagon", "tripleoctagon": "octagon"}
FRAME_STYLE = {"style": "rounded,dashed", "color": "#6e7781", "class": "onestates-frame"}
STUB_END_STYLE = {"shape": "point", "width": "0.05", "label": ""}

#: Font sizes (points) and separations (inches): the largest labels that keep big views narrow. At natural size
#: a state's name is 16 px, the body text's size in most themes.
STATE_FONTSIZE = "12"
TRANSITION_FONTSIZE = "10"
NODESEP = "0.2"
RANKSEP = "0.3"
#: A name longer than this, with ``_`` in it and no space, is drawn on several lines, broken after ``_``.
WRAP_AFTER = 16

#: The light page's colour of each colour family a plain file draws in (CSS ``--onestates-tone-<family>`` gives
#: the page's own, light or dark; these are what PNG and PDF show).
TONE_COLOURS = {
    "red": "#b3261e",
    "orange": "#9a6700",
    "green": "#1a7f37",
    "blue": "#0b5cad",
    "purple": "#8250df",
    "grey": "#57606a",
}

#: The graph file's layout attributes that reach the figure (a directive's ``:layout:`` overrides ``rankdir``):
#: how far apart nodes and ranks stand, how edges are routed and merged, in which order they leave.
KEPT_LAYOUT = ("nodesep", "ranksep", "splines", "concentrate", "ordering", "newrank", "clusterrank", "remincross")

#: URL characters kept as they are (the rest of RFC 3986's reserved and unreserved set, and ``%``)
URL_SAFE = "/:#?=@!$'()*+,;%~[]"


def _attrs(attrs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{key}={quote(value)}" for key, value in attrs.items()) + "]"


def _label(text: str) -> str:
    """A Graphviz escString showing ``text`` literally (line breaks kept).

    ``&`` is written as an entity: Graphviz decodes entities in labels (``&lt;`` would show ``<``), while
    the table shows the text as written; so the figure shows it as written too. Characters XML forbids
    are shown as ``<U+0001>``, as in the table: Graphviz would copy them into the SVG as they are.
    """
    return xml_safe(text).replace("&", "&amp;").replace("\\", "\\\\").replace("\n", "\\n")


#: An ``&`` that Graphviz would copy into the SVG as the start of an entity (``&copy;``, ``&#1;``, ``&;``).
_ENTITY_START = re.compile(r"&(?=[#\w]*;)")


def node_id(name: str) -> str:
    """The DOT id of the node (or the cluster) ``name``, such that the SVG's ``<title>`` reads as the name.

    Graphviz copies an id into ``<title>`` escaping ``<``, ``>`` and a lone ``&``, but not an ``&`` that
    starts an entity (``&copy;`` would be undefined in XML, ``&lt;b&gt;`` would read as ``<b>``), nor a
    character XML forbids; and it takes an id that starts with ``%`` for one of its own anonymous ids and
    renames it. So those are written as character references, which Graphviz copies as they are and an
    XML reader decodes: the title reads as the name, a forbidden character as ``<U+0001>`` (as the table
    shows it). Other ids are the names themselves. Different names keep different ids.
    """
    text = _ENTITY_START.sub("&amp;", name)
    text = NOT_XML.sub(lambda match: f"&#60;U+{ord(match.group()):04X}&#62;", text)
    return "&#37;" + text[1:] if text.startswith("%") else text


def _node(name: str) -> str:
    """``name``'s node id as a DOT literal."""
    return quote(node_id(name))


def wrap_name(text: str, width: int = WRAP_AFTER) -> str:
    """``text`` broken into lines of about even length after its underscores, when it is a long identifier.

    ``PROLOG_MIGRATE_UNKNOWN_FAILURE`` is drawn as ``PROLOG_MIGRATE_`` over ``UNKNOWN_FAILURE``: half as wide,
    which keeps a figure of such names narrow enough to read at its column's width. Text with spaces or line
    breaks is the author's to break, and stays as it is.
    """
    if len(text) <= width or "_" not in text.strip("_") or any(char.isspace() for char in text):
        return text
    parts = re.findall(r"[^_]*_+|[^_]+$", text)
    count = min(len(parts), -(-len(text) // width))
    if len(parts) > 12:  # a name of many short parts stays whole: choosing its breaks would take long
        return text
    # the breaks that make the longest line shortest (ties: the earliest breaks), over every choice of count - 1
    best = min(
        itertools.combinations(range(1, len(parts)), count - 1),
        key=lambda cuts: max(len("".join(parts[a:b])) for a, b in itertools.pairwise((0, *cuts, len(parts)))),
    )
    return "\n".join("".join(parts[a:b]) for a, b in itertools.pairwise((0, *best, len(parts))))


def emit_dot(
    view: View,
    layout: Layout | None = None,
    node_url: Callable[[str], str | None] | None = None,
    fontname: str = "Helvetica",
    phrases: Phrases = ENGLISH,
) -> str:
    """The DOT source that draws ``view``, its own words in ``phrases``' language. Its key (:meth:`View.key`) is
    the writers': a row under the figure."""
    return _DotWriter(view, layout or Layout(), node_url, fontname, phrases).write()


class _DotWriter:
    """Writes one view as DOT, a step per part of the drawing; each step appends its statements to :attr:`lines`.

    Nodes are numbered (``onestates-n3`` on a node, ``-f3``/``-t3`` on the edges from and to it) so that page CSS
    can light up a state's transitions. Frames (shown parents of shown states) are clusters around their children.
    """

    def __init__(
        self,
        view: View,
        layout: Layout,
        node_url: Callable[[str], str | None] | None,
        fontname: str,
        phrases: Phrases = ENGLISH,
    ) -> None:
        self.view = view
        self.phrases = phrases
        self.layout = layout
        self.node_url = node_url
        self.fontname = fontname
        self.lines: list[str] = []
        self.number = {name: k for k, name in enumerate([*view.names, *(p.name for p in view.pseudo)])}
        self.by_name = {state.name: state for state in view.states}
        self.frames = view.frames()
        self.container = {child: frame for frame, children in self.frames.items() for child in children}

    def write(self) -> str:
        """All the steps, in the order the statements appear in the file."""
        self.header()
        self.pseudo_nodes()
        self.states()
        self.transitions()
        self.hidden_paths()
        self.stubs()
        self.lines.append("}")
        return "\n".join(self.lines) + "\n"

    # -- the steps ---------------------------------------------------------------------------------

    def header(self) -> None:
        """The graph's opening and its defaults; ``compound`` when frames are drawn, so edges can end at a border."""
        graph = {"rankdir": self._direction(), "nodesep": NODESEP, "ranksep": RANKSEP}
        attributes = self.view.machine.attributes
        graph.update({key: attributes[key] for key in KEPT_LAYOUT if attributes.get(key, "").strip()})
        graph.update({"bgcolor": "transparent", "fontname": self.fontname, "class": "onestates-graph"})
        if self.frames:
            graph["compound"] = "true"
        self.lines.append('digraph "onestates" {')  # not the file's name: Graphviz copies it into the SVG unescaped
        self._statement("graph", graph)
        self._statement("node", {"fontname": self.fontname, "fontsize": STATE_FONTSIZE})
        self._statement("edge", {"fontname": self.fontname, "fontsize": TRANSITION_FONTSIZE})

    def _direction(self) -> str:
        """The layout's direction; for a part of a graph drawn by ``dot`` without one asked for, the one that fits.

        The file's ``rankdir`` was chosen for the whole graph: a part of it may read better turned (a
        pipeline of long names, drawn side by side, is wider than a column).
        """
        direction = self.layout.direction(self.view.machine)
        if self.layout.rankdir or self.layout.engine != "dot" or len(self.view.states) >= len(self.view.machine.states):
            return direction
        labels = {state.name: wrap_name(state.label) for state in self.view.states}
        labels.update({pseudo.name: pseudo.label for pseudo in self.view.pseudo})
        return fitting_direction(self.view, direction, lambda name: labels.get(name, name))

    def pseudo_nodes(self) -> None:
        """The user box, wildcards and end points; an end point shows its name only as a tooltip."""
        for pseudo in self.view.pseudo:
            classes = f"onestates-pseudo onestates-{pseudo.role} onestates-n{self.number[pseudo.name]}"
            attrs = {**PSEUDO_STYLE[pseudo.role], "class": classes}
            if pseudo.role == "final":
                attrs = {**attrs, "tooltip": _label(pseudo.label)}
            elif pseudo.role == "initial" and not pseudo.label:
                attrs = {**attrs, **MARKER_STYLE, "label": ""}
            else:
                attrs = {"label": _label(pseudo.label), **attrs}
            self._statement(_node(pseudo.name), attrs)

    def states(self) -> None:
        """Every state once, from the top down (frames have no parent cycles)."""
        for state in self.view.states:
            if state.name not in self.container:
                self._state_or_frame(state.name)

    def transitions(self) -> None:
        """The transitions, styled by kind."""
        for t in self.view.transitions:
            attrs = {**EDGE_STYLE[t.kind], "class": f"onestates-{t.kind} {self._ends(t.source, t.target)}"}
            if t.tone in TONE_COLOURS:  # the file's own colour, as the theme draws its family
                attrs.update(color=TONE_COLOURS[t.tone], fontcolor=TONE_COLOURS[t.tone])
                attrs["class"] += f" onestates-tone-{t.tone}"
            if t.label:
                attrs["label"] = _label(t.label)
            self._edge(t.source, t.target, attrs)

    def hidden_paths(self) -> None:
        """A dashed edge for each path through hidden states, saying through which."""
        for path in self.view.hidden_paths:
            css = f"onestates-hidden-path {self._ends(path.source, path.target)}"
            attrs = {**HIDDEN_PATH_STYLE, "label": _label(self.phrases.via(len(path.via))), "class": css}
            attrs["tooltip"] = _label(self.phrases.through(", ".join(map(self._shown, path.via))))
            self._edge(path.source, path.target, attrs)

    def stubs(self) -> None:
        """A short edge, ending in a dot, from a shown state towards each hidden state it leads to."""
        for count, stub in enumerate(self.view.stubs):
            end = f"stub:{count}:{stub.target}"
            tooltip = _label(self._shown(stub.target))
            self._statement(_node(end), {**STUB_END_STYLE, "tooltip": tooltip, "class": "onestates-stub"})
            classes = f"onestates-stub onestates-{stub.kind} {self._ends(stub.source, stub.source)}"
            attrs = {**EDGE_STYLE[stub.kind], "arrowhead": "none", "class": classes}
            attrs.update(label=_label(stub.label or ""), tooltip=_label(self.phrases.to(self._shown(stub.target))))
            self._edge(stub.source, end, attrs)

    # -- parts of the steps ------------------------------------------------------------------------

    def _statement(self, head: str, attrs: dict[str, str], depth: int = 1) -> None:
        """``head [attrs];`` indented ``depth`` levels."""
        self.lines.append(f"{'  ' * depth}{head} {_attrs(attrs)};")

    def _state_or_frame(self, top: str) -> None:
        """A state, or a frame with everything inside it: frames inside frames nest, as deep as they go.

        Iterative (a stack of what is still to write, and of the frames still to close), so that no
        depth of nesting can exhaust Python's recursion limit.
        """
        todo: list[tuple[str, int, bool]] = [(top, 1, False)]  # name, depth, whether to close its frame
        while todo:
            name, depth, close = todo.pop()
            if close:
                self.lines.append(f"{'  ' * depth}}}")
            elif name in self.frames:
                self._open_frame(name, depth)
                todo.append((name, depth, True))
                todo.extend((child, depth + 1, False) for child in reversed(self.frames[name]))
            else:
                self._state(name, depth)

    def _state(self, name: str, depth: int) -> None:
        state = self.by_name[name]
        attrs = dict(STATE_STYLE)
        classes = ["onestates-state", f"onestates-n{self.number[name]}"]
        for applies, style, css in (
            (state.final, FINAL_STYLE, "onestates-final"),
            (state.internal, INTERNAL_STYLE, "onestates-internal"),
            (name in self.view.highlight, HIGHLIGHT_STYLE, "onestates-highlight"),
            (name in self.view.context, CONTEXT_STYLE, "onestates-context"),
        ):
            if applies:
                attrs.update(style)
                classes.append(css)
        if state.shape:  # a plain file's own shape and corners (graphs/README.md, *Producers' conventions*)
            attrs["shape"] = state.shape
            if state.shape in SINGLE_SHAPE and state.final:
                attrs.pop("peripheries", None)  # its border is double already
            elif state.shape in SINGLE_SHAPE:
                attrs["shape"] = SINGLE_SHAPE[state.shape]  # a double border says final: this state is not
            styles = [part for part in attrs["style"].split(",") if part != "rounded"]
            attrs["style"] = ",".join(["rounded", *styles] if state.rounded else styles)
        if state.tone in TONE_COLOURS:
            attrs["color"] = TONE_COLOURS[state.tone]
            classes.append(f"onestates-tone-{state.tone}")
        label = _label(wrap_name(state.label))
        tooltip = _label(state.label)
        if name in self.view.returns:  # a loop through hidden states: said on the state, not drawn around it
            classes.append("onestates-returns")
            tooltip += _label("\n" + self.phrases.returns(", ".join(map(self._shown, self.view.returns[name]))))
        attrs = {"label": label, **attrs, "class": " ".join(classes), "tooltip": tooltip}
        url = self._link(name)
        if url:
            attrs["URL"] = url
        self._statement(_node(name), attrs, depth)

    def _open_frame(self, frame: str, depth: int) -> None:
        """The opening of a frame: a cluster, with the frame's label and link (its children follow)."""
        label = _label(self.by_name[frame].label)
        attrs = {"label": label, **FRAME_STYLE}
        if frame in self.view.highlight:
            attrs["penwidth"] = "2.5"
        url = self._link(frame)
        if url:
            attrs.update(URL=url, tooltip=label)
        indent = "  " * depth
        self.lines.append(f"{indent}subgraph {_node('cluster_' + frame)} {{")
        self._statement("graph", attrs, depth + 1)

    def _edge(self, source: str, target: str, attrs: dict[str, str]) -> None:
        """An edge; an end that is a frame is drawn to the frame's border, from a state inside it."""
        tail, head = self._inside(source), self._inside(target)
        if source in self.frames and not self._within(head, source):
            attrs["ltail"] = node_id("cluster_" + source)
        if target in self.frames and not self._within(tail, target):
            attrs["lhead"] = node_id("cluster_" + target)
        self._statement(f"{_node(tail)} -> {_node(head)}", attrs)

    def _inside(self, name: str) -> str:
        """A state drawn inside ``name`` (itself when it is no frame)."""
        while name in self.frames:
            name = self.frames[name][0]
        return name

    def _within(self, name: str, frame: str) -> bool:
        """Whether ``name`` is drawn inside ``frame``."""
        while name in self.container:
            name = self.container[name]
            if name == frame:
                return True
        return False

    def _shown(self, name: str) -> str:
        """A node's name as the figure and the table show it, on one line (for a tooltip's list)."""
        return one_line(self.view.machine.shown(name))

    def _ends(self, source: str, target: str) -> str:
        """The numbered classes of an edge: ``onestates-f3 onestates-t5`` (from node 3 to node 5)."""
        return " ".join(
            f"onestates-{end}{self.number[name]}" for end, name in (("f", source), ("t", target)) if name in self.number
        )

    def _link(self, name: str) -> str | None:
        """The node's URL, with what Graphviz would copy into the SVG unescaped (``<``, ``&``, ...) %-encoded."""
        url = self.node_url(name) if self.node_url else None
        return urllib.parse.quote(url, safe=URL_SAFE) if url else None
