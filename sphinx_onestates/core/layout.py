"""How a figure is laid out: a rank direction for ``dot``, or another Graphviz layout engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import OneStatesError
from .model import StateMachine
from .subtypes import Subtype
from .view import View

#: Graphviz layout programs a directive may name in ``:layout:``.
ENGINES = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork")
RANKDIRS = ("TB", "LR", "BT", "RL")


@dataclass(frozen=True)
class Layout:
    """How the graph is laid out: a rank direction for ``dot``, or another engine.

    An empty ``rankdir`` means the graph file's own ``rankdir``, else ``TB``.
    """

    engine: str = "dot"
    rankdir: str = ""

    def direction(self, machine: StateMachine) -> str:
        """The rank direction to draw ``machine`` with."""
        own = machine.attributes.get("rankdir", "").strip().upper()
        return self.rankdir or (own if own in RANKDIRS else "TB")

    @classmethod
    def parse(cls, value: str | None) -> Layout:
        """``TB``/``LR``/``BT``/``RL`` or an engine name; :class:`OneStatesError` (``option``) otherwise."""
        text = (value or "").strip()
        if not text:
            return cls()
        if text.upper() in RANKDIRS:
            return cls(rankdir=text.upper())
        if text in ENGINES:
            return cls(engine=text)
        raise OneStatesError(
            f"layout must be a direction ({', '.join(RANKDIRS)}) or a Graphviz engine ({', '.join(ENGINES)}), "
            f"not {text!r}",
            subtype=Subtype.OPTION,
        )


#: The width (points) a figure is meant to fit: a 700 px HTML column, about an A4 text block.
FIT_WIDTH = 525.0


def fitting_direction(view: View, preferred: str, label: Callable[[str], str] = lambda text: text) -> str:
    """``preferred``, or turned a quarter (``LR`` to ``TB``, ...) when that draws ``view`` clearly narrower and
    ``preferred`` would not fit :data:`FIT_WIDTH`: a figure shrunk to its column keeps larger labels.

    ``preferred`` is a rank direction (``LR`` and ``RL`` lay ranks side by side, ``TB`` and ``BT`` one
    under the other). The widths are estimates made before drawing, the way ``dot`` ranks a graph: each
    node one rank after the nodes it follows (cycles broken depth first, from the view's first nodes),
    node sizes from their ``label`` (the text the figure shows, lines included). Exact widths would take
    a layout per direction, which is the cost of a drawing.
    """
    rows = _ranks(view)
    if not rows:
        return preferred
    rank = {name: number for number, row in enumerate(rows) for name in row}
    sizes = {name: _node_width(label(name)) for name in rank}
    # a transition's label sits between the ranks it joins (dot makes it a node of a rank of its own)
    gaps: list[list[float]] = [[] for _ in rows]
    for t in view.transitions:
        if t.label and t.source in rank and t.target in rank:
            gaps[min(rank[t.source], rank[t.target])].append(len(t.label) * _CHAR * 10 / 12)
    gaps[-1] = []
    # side by side: each rank's widest node, and between ranks a gap as wide as its widest label
    across = sum(max(sizes[name] for name in row) for row in rows)
    across += sum(_RANK_GAP + max(labels, default=0.0) for labels in gaps[:-1])
    # one under the other: the widest row of nodes, or of labels
    down = max(
        max(sum(sizes[name] for name in row) + (len(row) - 1) * _NODE_GAP for row in rows),
        max((sum(labels) + len(labels) * _NODE_GAP for labels in gaps), default=0.0),
    )
    widths = {"LR": across, "RL": across, "TB": down, "BT": down}
    if widths[preferred] <= FIT_WIDTH:
        return preferred
    turned = {"LR": "TB", "RL": "BT", "TB": "LR", "BT": "RL"}[preferred]
    return turned if widths[turned] < DECISIVE * widths[preferred] else preferred


#: How much narrower the other direction must look before the figure is turned: the estimates rank by longest
#: path, which overstates side-by-side widths of large cyclic graphs (vm-complete: 3,619 pt estimated, 2,490
#: drawn), so only a clear gain counts (the deploy view of vm-complete: 843 against 1,524; drawn 1,054 and 1,878).
DECISIVE = 0.65


#: Estimates, in points, at the figures' font sizes (12 pt states, 10 pt transitions; see dot/write.py).
_CHAR = 7.0
_NODE_GAP = 14.0
_RANK_GAP = 22.0  # ranksep


def _node_width(text: str) -> float:
    """A box's width around ``text``: its longest line and the box's margins."""
    return max(len(line) for line in text.split("\n")) * _CHAR + 16.0


def _ranks(view: View) -> list[list[str]]:
    """The view's nodes in ranks, as ``dot`` would roughly put them (longest path from the sources)."""
    nodes = [*(p.name for p in view.pseudo), *view.names]
    following: dict[str, list[str]] = {name: [] for name in nodes}
    for source, target in [
        *((t.source, t.target) for t in view.transitions),
        *((p.source, p.target) for p in view.hidden_paths),
    ]:
        if source in following and target in following and source != target:
            following[source].append(target)
    # break cycles: drop the edges that go back to a node still being visited (depth first, in node order)
    order: list[str] = []
    state: dict[str, int] = {}
    forward: dict[str, list[str]] = {name: [] for name in nodes}
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(following[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif child not in state:
                forward[node].append(child)
                state[child] = 1
                stack.append((child, iter(following[child])))
            elif state[child] == 2:
                forward[node].append(child)
    rank = dict.fromkeys(nodes, 0)
    for node in reversed(order):  # a topological order of the edges kept
        for child in forward[node]:
            rank[child] = max(rank[child], rank[node] + 1)
    rows: list[list[str]] = [[] for _ in range(max(rank.values(), default=0) + 1)]
    for name in nodes:
        rows[rank[name]].append(name)
    return [row for row in rows if row]
