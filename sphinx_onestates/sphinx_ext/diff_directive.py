"""The ``one-states-diff`` directive: what changed in a built-in graph between two release lines.

It shows the same as ``sphinx-onestates diff``: a table of the states and one of the transitions added,
removed and renamed, and a figure of the changed states (and the ends of changed transitions) with each
change marked by colour *and* by a sign (``+``, ``-``, ``→``) that reads without colour, and a key.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.nodes import set_source_info

from ..core.builtin import releases
from ..core.diff import MARKS, Diff, changed_names, codes_text, diff, union
from ..core.errors import OneStatesError
from ..core.model import Transition, visible
from ..core.options import parse_options
from ..core.select import Selection
from ..core.subtypes import Subtype
from ..core.view import Budget
from .config import is_builtin, reworded
from .directive import OneStatesDirective, breakable
from .graphs import find_graph, load_graph
from .nodes import onestates_diagram
from .viewcache import Keyed, dot_of, split_of, view_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core.model import State

#: What the directive may be asked for; the figure's options mean what they mean for ``one-states``.
PLACES = ("below", "above", "only", "none")


class OneStatesDiffDirective(OneStatesDirective):
    """``.. one-states-diff:: GRAPH`` with ``:from: RELEASE`` (and ``:to:``, default ``onestates_release``)."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "from": directives.unchanged,
        "to": directives.unchanged,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "table": directives.unchanged,
        "width": directives.unchanged,
    }

    def _run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if not is_builtin(name) or (name in self.config.onestates_graphs and not reworded(self.config, name)):
            raise OneStatesError(
                f"one-states-diff compares the release lines of a built-in graph; {name!r} is not one",
                subtype=Subtype.OPTION,
            )
        old_release = self._release("from", None)
        new_release = self._release("to", self.config.onestates_release)
        place = (self.options.get("table") or "below").strip()
        if place not in PLACES:
            self.warn(f":table: must be one of {', '.join(PLACES)}, not {place!r}", Subtype.OPTION)
            place = "below"
        docname = self.env.docname
        old_ref = find_graph(self.env, name, docname, old_release)
        new_ref = find_graph(self.env, name, docname, new_release)
        old, old_digest = load_graph(self.env, old_ref, docname)
        new, new_digest = load_graph(self.env, new_ref, docname)
        changes = diff(old, new)
        key = f"{new_ref.key}~from-{old_release}"
        if changes.empty:
            return [nodes.paragraph("", f"{new.title}: no change from {old_release} to {new_release}.")]
        tables: list[nodes.Node] = []
        anchors: dict[str, str] = {}  # the rows of changed states, which the figure's states link to
        if place != "none":
            anchors = {s.name: self._new_id("one-diff", f"{key}-{s.name}") for s in self._changed_states(changes)}
            tables = [self.state_table(changes, anchors, old_release, new_release), self.transition_table(changes)]
        figure = None
        if place != "only":
            keyed = Keyed(f"diff:{old_digest}:{new_digest}", union(changes))
            figure = self.diff_figure(changes, keyed, key, anchors, old_release, new_release)
            figure += self.key_legend(old_release, new_release)
            for diagram in figure.findall(onestates_diagram):
                diagram["graph"] = new_ref.key  # the states the table leaves out link to the graph's rows
        ordered = [*tables, figure] if place == "above" else [figure, *tables]
        return [node for node in ordered if node is not None]

    def _release(self, option: str, default: str | None) -> str:
        given = (self.options.get(option) or "").strip()
        if not given and default is None:
            message = f"one-states-diff needs :{option}: (a release: {', '.join(releases())})"
            raise OneStatesError(message, subtype=Subtype.OPTION)
        chosen = given or default or ""
        if chosen not in releases():
            raise OneStatesError(
                f":{option}: must be one of {', '.join(releases())}, not {chosen!r}", subtype=Subtype.OPTION
            )
        return chosen

    @staticmethod
    def _changed_states(changes: Diff) -> list[State]:
        return [*changes.added, *changes.removed, *(new for _old, new in changes.renamed)]

    # -- the figure ---------------------------------------------------------------------------
    def diff_figure(
        self, changes: Diff, keyed: Keyed, key: str, anchors: dict[str, str], old_release: str, new_release: str
    ) -> nodes.Element:
        """The changed states and the ends of changed transitions, with the transitions between them."""
        raw = {name: value for name in ("caption", "name", "width") if (value := self.options.get(name)) is not None}
        options, problems = parse_options(raw, "below")
        for problem in problems:
            self.warn(problem.message, problem.subtype)
        if options.caption is None:
            options = replace(options, caption=f"{changes.new.title}: what changed from {old_release} to {new_release}")
        budget = Budget(self.config.onestates_max_drawn_states, self.config.onestates_max_drawn_edges)
        selection = Selection(states=tuple(changed_names(changes)))
        view = view_of(keyed, selection, "drop", None, budget)
        dot = dot_of(keyed, selection, "drop", None, budget, options.layout)
        figure = self.figure(view, dot, key, anchors, options)
        # too small for a page, it prints as an overview and parts (writers/latex.py)
        split = split_of(keyed, selection, "drop", None, budget, options.layout)
        diagram = figure.next_node(onestates_diagram, include_self=True)
        if diagram is not None and split is not None and self.config.onestates_print == "split":
            self.print_parts(diagram, split, key)
        return figure

    @staticmethod
    def key_legend(old_release: str, new_release: str) -> nodes.legend:
        """What the marks mean, in words: the same in every builder, with or without colour."""
        paragraph = nodes.paragraph(classes=["onestates-diff-key"])
        paragraph += nodes.Text("Key: ")
        for number, (change, words) in enumerate(
            (
                ("added", f"added in {new_release} (green)"),
                ("removed", f"removed since {old_release} (red)"),
                ("renamed", "renamed: old name → new name (purple)"),
            )
        ):
            if number:
                paragraph += nodes.Text("; ")
            paragraph += nodes.inline("", f"{MARKS[change]} {words}", classes=[f"onestates-{change}"])
        paragraph += nodes.Text(". Unmarked states and transitions are the same in both.")
        return nodes.legend("", paragraph)

    # -- the tables ---------------------------------------------------------------------------
    def _table(self, title: str, headings: tuple[str, ...], widths: tuple[int, ...]) -> tuple[nodes.table, nodes.tbody]:
        table = nodes.table(classes=["onestates-diff", "longtable", "colwidths-given"])
        table += nodes.title("", title)
        group = nodes.tgroup(cols=len(headings))
        table += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.row()
        for heading in headings:
            head += nodes.entry("", nodes.paragraph("", heading))
        group += nodes.thead("", head)
        body = nodes.tbody()
        group += body
        set_source_info(self, table)
        return table, body

    @staticmethod
    def _row(change: str, *cells: str, ids: list[str] | None = None) -> nodes.row:
        row = nodes.row(ids=ids or [], classes=[f"onestates-{change}"])
        row += nodes.entry("", nodes.paragraph("", f"{MARKS[change]}\u00a0{change}"))
        for text in cells:
            # commands as written (--hard, not an en dash)
            paragraph = nodes.paragraph("", "", breakable(text)) if text else nodes.paragraph()
            paragraph["support_smartquotes"] = False
            row += nodes.entry("", paragraph)
        return row

    def state_table(self, changes: Diff, anchors: dict[str, str], old_release: str, new_release: str) -> nodes.table:
        title = f"States of {changes.new.name} added, removed and renamed from {old_release} to {new_release}"
        table, body = self._table(title, ("change", "state", "codes", "meaning"), (14, 28, 20, 38))
        rows: list[tuple[str, State, str]] = [
            *(("added", s, visible(s.name)) for s in changes.added),
            *(("removed", s, visible(s.name)) for s in changes.removed),
            *(("renamed", n, f"{visible(o.name)} → {visible(n.name)}") for o, n in changes.renamed),
        ]
        for change, state, shown in rows:
            codes = codes_text(state).replace(" ", "\u00a0").replace(",\u00a0", ", ")  # "LCM_STATE 62" stays whole
            row = self._row(change, shown, codes, state.meaning or "", ids=[anchors[state.name]])
            self.state.document.ids[anchors[state.name]] = row
            body += row
        return table

    def transition_table(self, changes: Diff) -> nodes.table:
        title = f"Transitions of {changes.new.name} added and removed"
        table, body = self._table(title, ("change", "from", "to", "kind", "command"), (14, 26, 26, 12, 22))
        moves: list[tuple[str, Transition]] = [
            *(("added", t) for t in changes.added_transitions),
            *(("removed", t) for t in changes.removed_transitions),
        ]
        for change, t in moves:
            body += self._row(change, visible(t.source), visible(t.target), t.kind, " ".join(t.label.split()))
        return table
