"""How state-machine producers mark what plain DOT cannot say: initial and final states, nested states.

DOT has no word for "initial", "final" or "inside": pytransitions, python-statemachine, django-fsm and
hand-written docs each draw them, and a reader of the drawing understands. These rules read the same
drawings the same way (graphs/README.md, *Producers' conventions*). They read plain DOT files; a file
that uses this project's format (``title``, ``pseudo``, ``final``, ``kind``, ...) marks its states itself
and is read by the format alone. ``conventions = false`` (or ``true``) as a graph attribute says which.

- **Initial marker**: a node named ``__init...`` (``__init_X``, ``__initial_140668218057104``), or a node
  that only has transitions out and is drawn as nothing (``style = invis``, ``label = ""``) or as a point.
- **Final state**: a double border (``doublecircle``, ``Msquare``, ``doubleoctagon``, ``tripleoctagon``,
  ``peripheries`` 2 or more) on a state with no transition out (pytransitions draws its current state
  with two borders too, and that state has ways out); a point with no transition out is the end point.
  In a graph that marks no final state at all, every state without a way out is final: plain DOT has
  no other way to say so, and the dead-end check then only applies to graphs that mark their finals.
- **Frames**: a cluster with a label (``subgraph cluster_X { label = "X" }``) is a parent state around
  the states inside it; a node named as the cluster without ``cluster_`` and inside it (pytransitions'
  anchor point) is that parent; an edge's ``lhead``/``ltail`` make it a transition of the frame; an
  unlabelled edge from a frame to a state inside it only says where the frame starts (no transition).
  A cluster without a label draws no name and is layout help (python-statemachine's ``cluster___atomic``).
- **Run-dependent numbers**: a run of 9 or more digits in a name that starts with ``_`` (an object's
  address, ``__initial_140668218057104``) is numbered by order of appearance, so the same machine
  gives the same page on every run.
"""

from __future__ import annotations

import colorsys
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.model import blank
from .read import Attrs, RawEdge, RawGraph

_FALSE = {"false", "no", "0", "off"}
DOUBLE_BORDERS = frozenset({"doublecircle", "msquare", "doubleoctagon", "tripleoctagon"})
_ADDRESS = re.compile(r"[0-9]{9,}")


#: The attributes of this project's format (graphs/README.md): a file that uses one says what it means.
FORMAT_GRAPH = frozenset({"title", "codes", "columns", "retired"})
FORMAT_NODE = frozenset(
    {"pseudo", "final", "internal", "parent", "short", "meaning", "short_meaning", "aliases", "except"}
)


def enabled(raw: RawGraph) -> bool:
    """Whether the graph is read with producers' conventions: a plain DOT file is, a file written to this
    project's format is not (it marks its initial and final states itself); ``conventions = true`` or
    ``false`` says so explicitly."""
    value = raw.attrs.get("conventions", "").strip().lower()
    if value:
        return value not in _FALSE
    if FORMAT_GRAPH & raw.attrs.keys() or any(FORMAT_NODE & attrs.keys() for attrs in raw.nodes.values()):
        return False
    return not any("kind" in edge.attrs for edge in raw.edges)


def rename_nodes(raw: RawGraph, rename: Callable[[str], str]) -> RawGraph:
    """The graph with every node renamed by ``rename`` (which must keep different names different)."""
    return dataclasses.replace(
        raw,
        nodes={rename(name): attrs for name, attrs in raw.nodes.items()},
        node_lines={rename(name): line for name, line in raw.node_lines.items()},
        edges=[dataclasses.replace(e, source=rename(e.source), target=rename(e.target)) for e in raw.edges],
        declared={rename(name) for name in raw.declared},
        conflicts=[c._replace(node=rename(c.node)) for c in raw.conflicts],
        texts={rename(name): text for name, text in raw.texts.items()},
        clusters=[dataclasses.replace(c, nodes=[rename(n) for n in c.nodes]) for c in raw.clusters],
        html={rename(name) for name in raw.html},
    )


def stable_names(raw: RawGraph) -> RawGraph:
    """Run-dependent numbers in generated names (``__initial_140668218057104``) numbered 1, 2, ... in order."""
    numbers: dict[str, str] = {}
    for name in raw.nodes:
        if name.startswith("_"):
            for number in _ADDRESS.findall(name):
                numbers.setdefault(number, str(len(numbers) + 1))
    if not numbers:
        return raw
    taken = set(raw.nodes)

    def rename(name: str) -> str:
        if not name.startswith("_"):
            return name
        new = _ADDRESS.sub(lambda match: numbers[match.group()], name)
        return new if new == name or new not in taken else name  # never two nodes under one name

    return rename_nodes(raw, rename)


@dataclass
class Frames:
    """The frames that clusters make: which state each is, and which frame each node is drawn in."""

    #: Frame state -> its label (the text Graphviz draws for the cluster).
    labels: dict[str, str] = field(default_factory=dict)
    #: Node -> the innermost frame it is inside.
    parent: dict[str, str] = field(default_factory=dict)
    #: Cluster name -> its frame state.
    of_cluster: dict[str, str] = field(default_factory=dict)
    #: Frames that are a node of the graph (an anchor); the others are states of their own.
    anchors: set[str] = field(default_factory=set)
    #: Frame state -> the line of its cluster's ``subgraph`` statement.
    lines: dict[str, int] = field(default_factory=dict)


def frames(raw: RawGraph) -> Frames:
    """The frames of the graph's labelled clusters, outer ones first."""
    found = Frames()
    frame_cluster: dict[str, str | None] = {}  # cluster name -> its nearest enclosing frame
    clusters = {cluster.name: cluster for cluster in raw.clusters}
    for cluster in raw.clusters:
        outer, seen = cluster.parent, {cluster.name}
        while outer is not None and outer not in found.of_cluster and outer not in seen:
            seen.add(outer)  # a cluster named as one around it is the same cluster to Graphviz
            outer = clusters[outer].parent if outer in clusters else None
        outer = outer if outer in found.of_cluster else None
        frame_cluster[cluster.name] = outer
        if blank(cluster.text):
            continue
        short = re.sub(r"^cluster_?", "", cluster.name)
        name = short if short and (short in cluster.nodes or short not in raw.nodes) else cluster.name
        if name in found.labels:
            continue  # two clusters with one name: Graphviz draws them as one too
        found.of_cluster[cluster.name] = name
        found.labels[name] = cluster.text
        if cluster.line is not None:
            found.lines[name] = cluster.line
        if name in cluster.nodes:
            found.anchors.add(name)
        if outer is not None:
            found.parent[name] = found.of_cluster[outer]
        for node in cluster.nodes:  # inner clusters come later and claim their own nodes
            if node != name:
                found.parent[node] = name
    return found


def frame_ends(edge: RawEdge, found: Frames) -> RawEdge:
    """An edge with ``lhead``/``ltail`` naming a frame's cluster: an edge of the frame."""
    head, tail = found.of_cluster.get(edge.attrs.get("lhead", "")), found.of_cluster.get(edge.attrs.get("ltail", ""))
    if head is None and tail is None:
        return edge
    return dataclasses.replace(edge, source=tail or edge.source, target=head or edge.target)


def starts_frame(edge: RawEdge, found: Frames) -> bool:
    """An unlabelled edge from a frame to a state inside it: where the frame starts, not a transition."""
    if edge.source not in found.labels or edge.text or edge.attrs.get("label"):
        return False
    node: str | None = edge.target
    while node is not None and node != edge.source:
        node = found.parent.get(node)
    return node == edge.source


def initial_marker(name: str, attrs: Attrs, text: str | None, has_in: bool, has_out: bool) -> bool:
    """Whether a node is a producer's initial marker (module docstring)."""
    if has_in:
        return False
    if name.startswith("__init"):
        return True
    styles = {part.strip().lower() for part in attrs.get("style", "").split(",")}
    drawn_as_nothing = "invis" in styles or attrs.get("label") == "" or text == ""
    return has_out and (drawn_as_nothing or attrs.get("shape", "").lower() == "point")


#: Node shapes a plain file's states keep in the figure: those that hold a label (not ``point``, ``none``,
#: ``plaintext``, whose nodes would lose their outline, nor ``record``, whose fields the label already lists).
KEPT_SHAPES = frozenset(
    {"box", "rect", "rectangle", "square", "ellipse", "oval", "circle", "doublecircle", "diamond", "hexagon"}
    | {"octagon", "doubleoctagon", "tripleoctagon", "msquare", "mdiamond", "mcircle", "parallelogram", "trapezium"}
    | {"house", "invhouse", "cylinder", "note", "tab", "folder", "box3d", "component", "egg", "septagon", "pentagon"}
)


def kept_shape(attrs: Attrs) -> tuple[str | None, bool]:
    """The shape (lower case) a plain file's state keeps in the figure, and whether it is rounded."""
    shape = attrs.get("shape", "").strip().lower()
    rounded = "rounded" in {part.strip().lower() for part in attrs.get("style", "").split(",")}
    return (shape if shape in KEPT_SHAPES else None), rounded


#: Graphviz colour names that files use, as RGB (the rest of X11's names: no family, drawn in the foreground).
_NAMED = {
    "red": (255, 0, 0),
    "darkred": (139, 0, 0),
    "firebrick": (178, 34, 34),
    "crimson": (220, 20, 60),
    "tomato": (255, 99, 71),
    "indianred": (205, 92, 92),
    "salmon": (250, 128, 114),
    "darksalmon": (233, 150, 122),
    "orange": (255, 165, 0),
    "darkorange": (255, 140, 0),
    "gold": (255, 215, 0),
    "goldenrod": (218, 165, 32),
    "yellow": (255, 255, 0),
    "green": (0, 255, 0),
    "darkgreen": (0, 100, 0),
    "forestgreen": (34, 139, 34),
    "limegreen": (50, 205, 50),
    "seagreen": (46, 139, 87),
    "olivedrab": (107, 142, 35),
    "blue": (0, 0, 255),
    "navy": (0, 0, 128),
    "darkblue": (0, 0, 139),
    "mediumblue": (0, 0, 205),
    "royalblue": (65, 105, 225),
    "steelblue": (70, 130, 180),
    "dodgerblue": (30, 144, 255),
    "deepskyblue": (0, 191, 255),
    "cornflowerblue": (100, 149, 237),
    "cyan": (0, 255, 255),
    "purple": (160, 32, 240),
    "magenta": (255, 0, 255),
    "violet": (238, 130, 238),
    "darkviolet": (148, 0, 211),
    "orchid": (218, 112, 214),
    "grey": (190, 190, 190),
    "gray": (190, 190, 190),
    "darkgrey": (169, 169, 169),
    "darkgray": (169, 169, 169),
    "dimgrey": (105, 105, 105),
    "dimgray": (105, 105, 105),
    "lightgrey": (211, 211, 211),
    "lightgray": (211, 211, 211),
    "slategrey": (112, 128, 144),
    "slategray": (112, 128, 144),
    "black": (0, 0, 0),
    "white": (255, 255, 255),
}


def tone(value: str) -> str | None:
    """The colour family of a Graphviz colour (``red``, ``#c62828``, ``grey40``), or None for black, white,
    a colour list and what this does not know: those are drawn in the theme's foreground."""
    text = value.strip().lower()
    rgb: tuple[int, int, int] | None = None
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", text):
        rgb = (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))
    elif match := re.fullmatch(r"gr[ae]y(\d{1,3})", text):
        level = round(int(match.group(1)) * 2.55)
        rgb = (level, level, level)
    else:
        rgb = _NAMED.get(text)
    if rgb is None:
        return None
    hue, saturation, brightness = colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))
    if brightness < 0.25:
        return None  # black, or nearly (the theme's foreground #1f2328)
    if saturation < 0.2:
        return "grey" if brightness < 0.9 else None
    degrees = hue * 360
    for limit, family in ((20, "red"), (70, "orange"), (170, "green"), (260, "blue"), (330, "purple")):
        if degrees < limit:
            return family
    return "red"


def drawn_tone(attrs: Attrs) -> str | None:
    """The colour family of a node's or an edge's outline (``color``), else of its text (``fontcolor``)."""
    for key in ("color", "fontcolor"):
        if key in attrs and (found := tone(attrs[key])) is not None:
            return found
    return None


def double_border(attrs: Attrs) -> bool:
    """Whether the node is drawn with a double border, the way plain DOT draws a final state."""
    try:
        peripheries = int(attrs.get("peripheries", "1"))
    except ValueError:
        peripheries = 1
    return attrs.get("shape", "").lower() in DOUBLE_BORDERS or peripheries >= 2
