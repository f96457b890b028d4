"""Big figures in print: an overview with its frames closed, and the frames' states in parts.

A page cannot zoom. A figure whose labels would print too small (vm-complete: 66 states, about 3 pt on
an A4 page) is printed as an overview, in which each frame (ACTIVE) is one box, and then as parts, each
a few of the frames' states with their neighbours, every one at a size that reads. The split is made
from the view the directive draws; whether a figure is printed split is decided when its PDF is written
(``sphinx_ext/writers/latex.py``), from the size of the whole drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import State, Transition
from .view import View

#: The most states a part draws as its own (its neighbours come on top): a group of states that share a
#: short name stays whole up to twice this.
PART_STATES = 6
#: The most characters of transition labels a part's states carry (:func:`_ink`; an edge inside the part
#: counts for both its ends): vm-complete's parts stay under it as before but RUNNING's, which now stands alone
#: (RUNNING and the migrations printed at 6 pt); a plain file's parts of six states with 17-character labels
#: (about 550) printed at 4.6 pt, and now hold two or three.
PART_INK = 400
#: What an edge counts beside its label's characters (its arrow and the gap around its label).
EDGE_INK = 6
#: Views with more states than this may be split; smaller ones print readably whole.
SPLIT_FROM = 2 * PART_STATES
#: The most neighbours a part draws by name; past that, those in other parts are drawn as one box a part (a
#: plain flat file of long names printed its parts at 4.9 pt with twelve).
NEIGHBOURS = PART_STATES + 2
#: Parallel edges (same ends, same kind) are drawn as one: its labels, up to this many, else how many.
MERGED_LABELS = 2


@dataclass(frozen=True)
class Part:
    """Some states of a frame, drawn with their neighbours (grey: :attr:`View.context`)."""

    #: ``ACTIVE: runn, migr``: the frame and the short names (else state names) of the states it holds.
    title: str
    #: The states the part is the drawing of: their table rows link to it.
    states: tuple[str, ...]
    view: View


@dataclass(frozen=True)
class Split:
    """How a view is printed when whole it would be too small: its overview, then its parts."""

    overview: View
    parts: tuple[Part, ...]
    #: The labels of the frames the overview closes (none: the overview is the whole without its labels).
    frames: tuple[str, ...] = ()


def print_split(view: View) -> Split | None:
    """The overview and parts of ``view``, or None when it has nothing to split.

    Views with more than :data:`SPLIT_FROM` states are split, if they are drawn at all (not past their
    :class:`~.view.Budget`) and draw no hidden paths or stubs (a
    filtered view is small enough to print whole, or can be filtered further). With frames (parent
    states), the overview closes them and the parts hold what they contain, a frame at a time; without,
    the overview is the whole view without transition labels and the parts hold every state. Parts follow
    the order of the graph file; states that share a short name stay in one part.
    """
    if len(view.states) <= SPLIT_FROM or view.hidden_paths or view.stubs or view.too_large:
        return None
    top = _outermost(view)
    frames = [state for state in view.states if state.name in top.values() and state.name not in top]
    chunks: list[tuple[str, list[str]]] = []
    ink = _ink(view)
    outer: list[State | None] = [*frames] or [None]
    for frame in outer:
        by_short: dict[str, list[str]] = {}
        for state in view.states:
            if frame is None or top.get(state.name) == frame.name:
                by_short.setdefault(state.short or state.name, []).append(state.name)
        chunks += [(frame.label if frame else "", chunk) for chunk in _packed(list(by_short.values()), ink)]
    groups = [", ".join(_group_names(view, names)) for _label, names in chunks]
    titles = [f"{label}: {group}" if label else group for (label, _names), group in zip(chunks, groups, strict=True)]
    part_of = {name: number for number, (_label, names) in enumerate(chunks) for name in names}
    parts = tuple(
        Part(title, tuple(names), _part_view(view, number, names, part_of, groups))
        for number, (title, (_label, names)) in enumerate(zip(titles, chunks, strict=True))
    )
    if not frames:
        unlabelled = [replace(t, label="") for t in view.transitions]
        return Split(_with(view, view.states, unlabelled, frozenset()), parts)
    spans = {frame.name: [n for n, (label, _) in enumerate(chunks) if label == frame.label] for frame in frames}
    return Split(_overview(view, top, spans), parts, tuple(frame.label for frame in frames))


def _outermost(view: View) -> dict[str, str]:
    """Each shown state inside a shown frame -> the outermost shown frame around it."""
    parents = view.machine.parent_links()
    shown = set(view.names)
    top: dict[str, str] = {}
    for name in view.names:
        outer, seen = None, {name}
        parent = parents.get(name)
        while parent is not None and parent in shown and parent not in seen:
            outer, parent = parent, parents.get(parent)
            seen.add(outer)
        if outer is not None:
            top[name] = outer
    return top


def _ink(view: View) -> dict[str, int]:
    """Each state's share of a drawing's text: the first lines of the labels of its transitions, and a few
    characters an edge (a part's width grows with them: long labels need fewer states a part)."""
    ink: dict[str, int] = {}
    for t in view.transitions:
        cost = len(t.label.split("\n")[0]) + EDGE_INK
        for end in {t.source, t.target}:
            ink[end] = ink.get(end, 0) + cost
    return ink


def _packed(groups: list[list[str]], ink: dict[str, int]) -> list[list[str]]:
    """Groups put together in order, up to :data:`PART_STATES` states and :data:`PART_INK` characters of
    labels a part; a larger group alone (cut into parts of :data:`PART_STATES` when it is more than twice
    that)."""
    parts: list[list[str]] = []
    current: list[str] = []

    def weight(names: list[str]) -> int:
        return sum(ink.get(name, 0) for name in names)

    for group in groups:
        if len(group) > 2 * PART_STATES:
            pieces = [group[k : k + PART_STATES] for k in range(0, len(group), PART_STATES)]
        else:
            pieces = [group]
        for piece in pieces:
            full = len(current) + len(piece) > PART_STATES or weight(current) + weight(piece) > PART_INK
            if current and full:
                parts.append(current)
                current = []
            current = current + piece
    return [*parts, current] if current else parts


def _group_names(view: View, names: list[str]) -> list[str]:
    """The short names of ``names`` (else their names), each once, in order."""
    by_name = {state.name: state for state in view.states}
    found: list[str] = []
    for name in names:
        text = by_name[name].short or by_name[name].label
        if text not in found:
            found.append(text)
    return found


def merged_label(labels: list[str]) -> str:
    """One label for parallel edges: their first lines, each once; past :data:`MERGED_LABELS`, a count."""
    firsts: list[str] = []
    for label in labels:
        first = label.split("\n")[0].strip()
        if first and first not in firsts:
            firsts.append(first)
    return ", ".join(firsts) if len(firsts) <= MERGED_LABELS else f"{len(firsts)} commands"


def _merged(edges: list[tuple[Transition, str, str]]) -> list[Transition]:
    """Transitions moved to new ends (``(transition, source, target)``); parallel ones of a kind made one, with
    a :func:`merged_label` (the table lists each)."""
    groups: dict[tuple[str, str, str], list[Transition]] = {}
    for t, source, target in edges:
        groups.setdefault((source, target, t.kind), []).append(t)
    return [
        replace(
            ts[0], source=source, target=target, label=merged_label([t.label for t in ts]) if ts[1:] else ts[0].label
        )
        for (source, target, _kind), ts in groups.items()
    ]


def _overview(view: View, top: dict[str, str], spans: dict[str, list[int]]) -> View:
    """The view with each frame closed: one box that says which parts hold its states."""
    states = []
    for state in view.states:
        if state.name in top:
            continue
        if state.name in spans:
            count = sum(1 for name in top.values() if name == state.name)
            first, last = spans[state.name][0] + 1, spans[state.name][-1] + 1
            numbers = f"part {first}" if first == last else f"parts {first}–{last}"
            state = replace(state, label=f"{state.label}\n({count} states: {numbers})")
        states.append(state)
    moved = [(t, top.get(t.source, t.source), top.get(t.target, t.target)) for t in view.transitions]
    edges = [(t, s, d) for t, s, d in moved if s != d or (t.source == t.target and t.source not in top)]
    return _with(view, states, _merged(edges), frozenset())


def _part_view(view: View, number: int, names: list[str], part_of: dict[str, int], groups: list[str]) -> View:
    """The states of part ``number``, their transitions, and their neighbours in grey, by name; when they
    are more than :data:`NEIGHBOURS`, those of each other part as one box (``Part 3: runn, migr``)."""
    mine = set(names)
    by_name = {state.name: state for state in view.states}
    touching = [t for t in view.transitions if t.source in mine or t.target in mine]
    neighbours = {end for t in touching for end in (t.source, t.target) if end in by_name and end not in mine}
    boxed = len(neighbours) > NEIGHBOURS

    def place(name: str) -> str:
        if name in mine or name not in part_of or not boxed:
            return name
        return box_label(part_of[name] + 1, groups[part_of[name]])

    transitions = _merged([(t, place(t.source), place(t.target)) for t in touching])
    boxes = {place(name) for name in part_of if name not in mine}
    context: dict[str, State] = {}
    for end in (end for t in transitions for end in (t.source, t.target)):
        if end in boxes:
            context.setdefault(end, State(name=end, label=end))
        elif end in by_name and end not in mine:
            context.setdefault(end, replace(by_name[end], parent=None, final=False, internal=False))
    shown = [by_name[name] for name in names] + list(context.values())
    return _with(view, shown, transitions, frozenset(context))


#: The most characters of a part's names a grey box for it shows (a plain file's long state names would make
#: the box, and the part with it, wider than any page).
BOX_NAMES = 18


def box_label(number: int, names: str) -> str:
    """``Part 3`` over the start of what it holds (``runn, migr``), cut after a whole name with ``…``."""
    shown = names
    if len(names) > BOX_NAMES:
        cut = names.rfind(", ", 0, BOX_NAMES + 1)
        shown = (names[:cut] if cut > 0 else names[:BOX_NAMES]) + "…"
    return f"Part {number}\n{shown}"


def _with(view: View, states: list[State], transitions: list[Transition], context: frozenset[str]) -> View:
    """A view of ``view``'s machine showing ``states`` and ``transitions`` (pseudo-nodes as they need)."""
    used = {t.source for t in transitions} | {t.target for t in transitions}
    return View(
        machine=view.machine,
        states=states,
        pseudo=[p for p in view.pseudo if p.name in used],
        transitions=transitions,
        highlight=view.highlight & {state.name for state in states},
        kinds=view.kinds,
        context=context,
    )
