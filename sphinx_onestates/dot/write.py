"""Write the DOT source of a view, with its style derived from kinds.

Every value goes through :func:`~sphinx_onestates.dot.quote.quote`, so nothing a
graph or an option contains can add DOT statements. Node ids are the state
names, so the SVG's ``<title>`` elements name the states.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

from ..core.layout import Layout
from ..core.model import Kind
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
STATE_STYLE = {"shape": "ellipse", "style": "filled", "fillcolor": "white", "color": "#1f2328"}
HIGHLIGHT_STYLE = {"penwidth": "2.5", "fillcolor": "#fff3b0"}
INTERNAL_STYLE = {"style": "filled,dashed", "color": "#6e7781", "fontcolor": "#6e7781"}
FINAL_STYLE = {"peripheries": "2"}

#: URL characters kept as they are (the rest of RFC 3986's reserved and unreserved set, and ``%``)
URL_SAFE = "/:#?=@!$'()*+,;%~[]"


def _attrs(attrs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{key}={quote(value)}" for key, value in attrs.items()) + "]"


def _label(text: str) -> str:
    """A Graphviz escString showing ``text`` literally (line breaks kept).

    ``&`` is written as an entity: Graphviz decodes entities in labels (``&lt;`` would show ``<``), while
    the table shows the text as written; so the figure shows it as written too.
    """
    return text.replace("&", "&amp;").replace("\\", "\\\\").replace("\n", "\\n")


def emit_dot(
    view: View,
    layout: Layout | None = None,
    node_url: Callable[[str], str | None] | None = None,
    fontname: str = "Helvetica",
    legend: bool = False,
) -> str:
    """The DOT source that draws ``view`` (with a key to its edge kinds if ``legend``)."""
    layout = layout or Layout()
    # numbered classes (n3 on a node, f3/t3 on its edges) let page CSS light up a state's transitions
    number = {name: k for k, name in enumerate([*view.names, *(p.name for p in view.pseudo)])}

    def ends(source: str, target: str) -> str:
        return " ".join(
            f"onestates-{end}{number[name]}" for end, name in (("f", source), ("t", target)) if name in number
        )

    def link(name: str) -> str | None:
        """The node's URL, with what Graphviz would copy into the SVG unescaped (``<``, ``&``, ...) %-encoded."""
        url = node_url(name) if node_url else None
        return urllib.parse.quote(url, safe=URL_SAFE) if url else None

    lines = ['digraph "onestates" {']  # not the file's name: Graphviz copies it into the SVG unescaped
    graph = {"rankdir": layout.direction(view.machine), "nodesep": "0.35", "ranksep": "0.45", "bgcolor": "transparent"}
    graph.update({"fontname": fontname, "class": "onestates-graph"})
    frames = view.frames()
    container = {child: frame for frame, children in frames.items() for child in children}
    if frames:
        graph["compound"] = "true"  # edges to a frame end at its border
    lines.append(f"  graph {_attrs(graph)};")
    lines.append(f"  node {_attrs({'fontname': fontname, 'fontsize': '11'})};")
    lines.append(f"  edge {_attrs({'fontname': fontname, 'fontsize': '9'})};")

    def node(name: str, label: str, attrs: dict[str, str], indent: str = "  ") -> None:
        attrs = {"label": _label(label), **attrs, "tooltip": _label(label)}
        url = link(name)
        if url:
            attrs["URL"] = url
        lines.append(f"{indent}{quote(name)} {_attrs(attrs)};")

    for pseudo in view.pseudo:
        classes = f"onestates-pseudo onestates-{pseudo.role} onestates-n{number[pseudo.name]}"
        attrs = {**PSEUDO_STYLE[pseudo.role], "class": classes}
        if pseudo.role == "final":
            lines.append(f"  {quote(pseudo.name)} {_attrs({**attrs, 'tooltip': _label(pseudo.label)})};")
        else:
            lines.append(f"  {quote(pseudo.name)} {_attrs({'label': _label(pseudo.label), **attrs})};")

    by_name = {state.name: state for state in view.states}

    def state_node(name: str, indent: str) -> None:
        state = by_name[name]
        attrs = dict(STATE_STYLE)
        classes = ["onestates-state", f"onestates-n{number[name]}"]
        if state.final:
            attrs.update(FINAL_STYLE)
            classes.append("onestates-final")
        if state.internal:
            attrs.update(INTERNAL_STYLE)
            classes.append("onestates-internal")
        if name in view.highlight:
            attrs.update(HIGHLIGHT_STYLE)
            classes.append("onestates-highlight")
        attrs["class"] = " ".join(classes)
        node(name, state.label, attrs, indent)

    def frame_cluster(frame: str, indent: str) -> None:
        """A frame as a cluster around its children (frames inside frames nest)."""
        label = by_name[frame].label
        lines.append(f"{indent}subgraph {quote('cluster_' + frame)} {{")
        frame_attrs = {
            "label": _label(label),
            "style": "rounded,dashed",
            "color": "#6e7781",
            "class": "onestates-frame",
        }
        if frame in view.highlight:
            frame_attrs["penwidth"] = "2.5"
        url = link(frame)
        if url:
            frame_attrs.update(URL=url, tooltip=_label(label))
        lines.append(f"{indent}  graph {_attrs(frame_attrs)};")
        for child in frames[frame]:
            if child in frames:
                frame_cluster(child, indent + "  ")
            else:
                state_node(child, indent + "  ")
        lines.append(f"{indent}}}")

    for state in view.states:  # frames have no parent cycles, so each state is drawn once from the top
        if state.name not in container:
            if state.name in frames:
                frame_cluster(state.name, "  ")
            else:
                state_node(state.name, "  ")

    def edge(source: str, target: str, attrs: dict[str, str]) -> None:
        """An edge; an end that is a frame is drawn to the frame's border, from a state inside it."""
        tail, head = inside(source), inside(target)
        attrs = dict(attrs)
        if source in frames and not within(head, source):
            attrs["ltail"] = "cluster_" + source
        if target in frames and not within(tail, target):
            attrs["lhead"] = "cluster_" + target
        lines.append(f"  {quote(tail)} -> {quote(head)} {_attrs(attrs)};")

    def inside(name: str) -> str:
        while name in frames:
            name = frames[name][0]
        return name

    def within(name: str, frame: str) -> bool:
        while name in container:
            name = container[name]
            if name == frame:
                return True
        return False

    for t in view.transitions:
        attrs = {**EDGE_STYLE[t.kind], "class": f"onestates-{t.kind} {ends(t.source, t.target)}"}
        if t.label:
            attrs["label"] = _label(t.label)
        edge(t.source, t.target, attrs)
    for path in view.hidden_paths:
        attrs = {
            **HIDDEN_PATH_STYLE,
            "label": path.label,
            "class": f"onestates-hidden-path {ends(path.source, path.target)}",
        }
        attrs["tooltip"] = _label("through " + ", ".join(path.via))
        edge(path.source, path.target, attrs)
    for count, stub in enumerate(view.stubs):
        end = f"stub:{count}:{stub.target}"
        stub_end = {
            "shape": "point",
            "width": "0.05",
            "label": "",
            "tooltip": _label(stub.target),
            "class": "onestates-stub",
        }
        lines.append(f"  {quote(end)} {_attrs(stub_end)};")
        classes = f"onestates-stub onestates-{stub.kind} {ends(stub.source, stub.source)}"
        attrs = {**EDGE_STYLE[stub.kind], "arrowhead": "none", "class": classes}
        attrs["label"] = _label(stub.label or "")
        attrs["tooltip"] = _label(f"to {stub.target}")
        edge(stub.source, end, attrs)
    if legend:
        lines += _legend(view)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(view: View) -> list[str]:
    """A key for the edge kinds the view draws: a small cluster of sample edges, one per row."""
    samples: list[tuple[str, str, dict[str, str]]] = [(k, f"onestates-{k}", EDGE_STYLE[k]) for k in view.drawn_kinds()]
    if view.hidden_paths:
        samples.append(("through hidden states", "onestates-hidden-path", HIDDEN_PATH_STYLE))
    if not samples:
        return []  # no transition drawn: nothing to explain
    key = {"label": "Key", "style": "rounded", "class": "onestates-legend", "fontsize": "10"}
    lines = ['  subgraph "cluster_legend" {', f"    graph {_attrs(key)};"]
    point = {"shape": "point", "width": "0.01", "style": "invis", "label": ""}
    previous = None
    for number, (name, css, style) in enumerate(samples):
        start, end = quote(f"legend:{number}:from"), quote(f"legend:{number}:to")
        lines.append(f"    subgraph {{ rank = same; {start} {_attrs(point)}; {end} {_attrs(point)}; }}")
        sample = {**style, "label": name, "arrowhead": "none", "minlen": "3", "class": css}
        lines.append(f"    {start} -> {end} {_attrs(sample)};")
        if previous is not None:  # stack the rows
            lines.append(f"    {previous} -> {start} {_attrs({'style': 'invis'})};")
        previous = start
    lines.append("  }")
    return lines
