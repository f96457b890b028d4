"""Per-process memory of views and their DOT, so that many directives asking for the
same view of the same graph file compute it once (a manual may show one view on
hundreds of pages)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.layout import Layout
from ..core.phrases import ENGLISH, Phrases
from ..core.split import print_split
from ..core.view import Budget, HiddenMode, View, build_view
from ..dot.write import emit_dot
from .nodes import link_placeholder

if TYPE_CHECKING:
    from ..core.model import StateMachine
    from ..core.select import Selection


class Keyed:
    """A machine that compares and hashes by the digest of its file (plus catalogue)."""

    def __init__(self, digest: str, machine: StateMachine) -> None:
        self.digest = digest
        self.machine = machine

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keyed) and other.digest == self.digest


@functools.lru_cache(maxsize=128)
def view_of(keyed: Keyed, selection: Selection, hidden: HiddenMode, group_by: str | None, budget: Budget) -> View:
    """The view, counted against the budget; raises OneStatesError for names that resolve to nothing (not
    cached then)."""
    return build_view(keyed.machine, selection, hidden=hidden, group_by=group_by, budget=budget)


@functools.lru_cache(maxsize=32)
def dot_of(
    keyed: Keyed,
    selection: Selection,
    hidden: HiddenMode,
    group_by: str | None,
    budget: Budget,
    layout: Layout,
    phrases: Phrases = ENGLISH,
) -> str:
    """The DOT that draws the view, with link placeholders numbered in table order, its own words in ``phrases``."""
    view = view_of(keyed, selection, hidden, group_by, budget)
    index = {name: number for number, name in enumerate(view.names)}

    def link(name: str) -> str | None:
        return link_placeholder(index[name]) if name in index else None

    return emit_dot(view, layout, node_url=link, phrases=phrases)


@dataclass(frozen=True)
class PrintDrawing:
    """One drawing of a split print: its DOT, its transitions as text; a part's title and states."""

    dot: str
    transitions: tuple[str, ...]
    title: str = ""
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrintSplit:
    """The drawings a view prints as when whole it is too small for a page (:mod:`..core.split`)."""

    overview: PrintDrawing
    parts: tuple[PrintDrawing, ...]
    #: The labels of the frames the overview closes.
    frames: tuple[str, ...]


@functools.lru_cache(maxsize=32)
def split_of(
    keyed: Keyed,
    selection: Selection,
    hidden: HiddenMode,
    group_by: str | None,
    budget: Budget,
    layout: Layout,
) -> PrintSplit | None:
    """The view's split print (its overview in ``layout``, parts in the direction that fits), or None: computed
    once however many pages show the view (it drew thirteen graphs for every page that showed vm-complete)."""
    split = print_split(view_of(keyed, selection, hidden, group_by, budget))
    if split is None:
        return None
    overview = PrintDrawing(emit_dot(split.overview, layout), tuple(split.overview.transition_lines))
    parts = tuple(
        PrintDrawing(emit_dot(part.view, Layout()), tuple(part.view.transition_lines), part.title, part.states)
        for part in split.parts
    )
    return PrintSplit(overview, parts, split.frames)
