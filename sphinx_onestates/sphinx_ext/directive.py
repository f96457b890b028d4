"""The ``one-states`` directive: a filtered diagram and its state reference table.

Both come from one :class:`~sphinx_onestates.core.view.View`, so the table lists
exactly the states the figure shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id, set_source_info

from ..core.errors import OneStatesError
from ..core.model import StateMachine, no_states, one_line, visible
from ..core.options import NAMES, Options, parse_options, table_columns
from ..core.order import ordered
from ..core.phrases import Phrases
from ..core.select import resolve
from ..core.subtypes import Subtype
from ..core.table import LONG_TOKEN, rows, split_columns, widths
from ..core.texts import messages, translated
from ..core.view import Budget, View
from .config import is_builtin, reworded
from .domain import Drawing, OneStatesDomain, Target
from .graphs import find_graph, load_graph, with_catalog
from .nodes import (
    onestates_cell,
    onestates_diagram,
    onestates_kept_row,
    onestates_name,
    onestates_text,
    onestates_texts,
)
from .render_cache import render_key
from .translation import extracting, fingerprint, page_translation
from .viewcache import Keyed, PrintSplit, dot_of, split_of, view_of
from .words import _, heading, ngettext, phrases
from .writers.text import transitions_list

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

ALT_LISTS_UP_TO = 40


def alt_text(view: View) -> str:
    """A text alternative made from the graph: its title, how many states, which ones (in the page's language)."""
    names = [one_line(state.label) for state in view.states]
    listed = ", ".join(names[:ALT_LISTS_UP_TO])
    if len(names) > ALT_LISTS_UP_TO:
        more = len(names) - ALT_LISTS_UP_TO
        listed = _("%(listed)s and %(more)d more") % {"listed": listed, "more": more}
    count = len(view.transitions) + len(view.hidden_paths)
    states = ngettext("%(count)d state", "%(count)d states", len(names)) % {"count": len(names)}
    transitions = ngettext("%(count)d transition", "%(count)d transitions", count) % {"count": count}
    return _("State diagram: %(title)s. %(states)s (%(listed)s); %(transitions)s.") % {
        "title": view.machine.title,
        "states": states,
        "listed": listed,
        "transitions": transitions,
    }


def _count(number: int, what: str) -> str:
    return f"{number} {what}" if number == 1 else f"{number} {what}s"


def too_large(view: View, budget: Budget) -> str:
    """Why a view is listed, not drawn: what was counted against which setting (or the search's steps)."""
    size = view.size
    if view.too_large == "states":
        return (
            f"the view has {size.states} states, more than onestates_max_drawn_states ({budget.states}): "
            "it is listed, not drawn; narrow it with :states:, :around: or :group-by:"
        )
    narrow = "narrow it with :states:, :around: or :edges:, or set :hidden: drop"
    if view.too_large == "steps":
        return (
            f"finding the view's paths through hidden states takes more than {budget.steps} steps: "
            f"it is listed, not drawn; {narrow} or stubs"
        )
    least = "at least " if not size.complete and (size.paths or size.stubs) else ""
    counted = [_count(size.transitions, "transition")]
    if size.paths:
        counted.append(least + _count(size.paths, "path") + " through hidden states")
    if size.stubs:
        counted.append(least + _count(size.stubs, "stub"))
    return (
        f"the view would draw {least}{size.edges} edges ({', '.join(counted)}), more than "
        f"onestates_max_drawn_edges ({budget.edges}): it is listed, not drawn; {narrow}"
    )


def link_own_figure(table: nodes.table, figure_id: str) -> None:
    """Point a table's state names at the figure drawn with it; a table without one of its own shows the
    graph's figure on the page, or elsewhere, found when the page is written."""
    for reference in table.findall(nodes.reference):
        if reference.get("onestates_figure_of") is not None:
            del reference["onestates_figure_of"]
            reference["refid"] = figure_id
            reference["internal"] = True


def link_parts(table: nodes.table, parts: dict[str, str]) -> None:
    """Mark the state names of a table whose figure may print split (row id -> id of the part that draws the
    state): a split print links each to its part (writers/latex.py), other builders to the whole figure."""
    for row in table.findall(nodes.row):
        part = parts.get(row["ids"][0]) if row["ids"] else None
        reference = row.next_node(nodes.reference) if part else None
        if reference is not None and reference.get("internal"):
            reference["onestates_part"] = part


def breakable(text: str) -> nodes.Node:
    """Text that may break after its underscores (a heading, a meaning that names states, a short name), or
    inside a long token (a URL; see :func:`~..core.table.pieces`); plain text where nothing needs to."""
    needs = "_" in text or any(len(token) > LONG_TOKEN for token in text.split())
    return onestates_text("", text) if needs else nodes.Text(text)


class OneStatesDirective(SphinxDirective):
    """``.. one-states:: GRAPH`` with options that choose states and the table."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = dict.fromkeys(NAMES, directives.unchanged)

    # -- warnings ---------------------------------------------------------------------------
    def warn(self, message: str, subtype: str) -> list[nodes.Node]:
        """Log a located ``onestates.<subtype>`` warning; remember it for the next builds."""
        logger.warning(message, location=(self.env.docname, self.lineno), type="onestates", subtype=subtype)
        OneStatesDomain.of(self.env).note_warning(self.env.docname, message, subtype, self.lineno)
        return []

    def run(self) -> list[nodes.Node]:
        try:
            return self._run()
        except OneStatesError as exc:
            location = f" ({exc.location()})" if exc.source else ""
            return self.warn(f"{exc.message}{location}", exc.subtype)

    def _run(self) -> list[nodes.Node]:
        docname = self.env.docname
        # a wrong option is warned about and ignored: the figure and the table are still made
        config = self.config
        options, problems = parse_options(self.options, config.onestates_table, default_sort=config.onestates_sort)
        for problem in problems:
            self.warn(problem.message, problem.subtype)
        options = self._known_release(options)
        graph = find_graph(self.env, self.arguments[0], docname, options.release)
        ref = with_catalog(self.env, graph, options.catalog, docname)
        machine, digest = load_graph(self.env, ref, docname)
        if not machine.states:
            raise OneStatesError(no_states(machine), source=machine.source, subtype=Subtype.EMPTY)
        options = self._known_highlights(options, machine)
        keyed = Keyed(digest, machine)
        budget = Budget(self.config.onestates_max_drawn_states, self.config.onestates_max_drawn_edges)
        view = view_of(keyed, options.selection, options.hidden, options.group_by, budget)
        if not view.states:
            raise OneStatesError(f"the options leave no state of {machine.title!r} to show", subtype=Subtype.EMPTY)
        texts = [*messages(view), *([options.alt] if options.alt else [])]
        translation = page_translation(self.env, docname, texts)
        if translation:  # the same view, made from the page's translations of the graph's texts
            # names resolve in the graph as written: a translated label no longer names its state
            options = replace(options, selection=options.selection.named(machine))
            keyed = Keyed(f"{digest}~{fingerprint(translation)}", translated(machine, translation))
            view = view_of(keyed, options.selection, options.hidden, options.group_by, budget)
            if options.alt:
                options = replace(options, alt=translation.get(options.alt, options.alt))
        graph_key = ref.key + ("~short" if options.group_by == "short" else "")
        OneStatesDomain.of(self.env).note_graph(docname, graph_key, digest)
        shows_table = options.table != "none"
        columns = self._columns(options, view) if shows_table else ()
        anchors = {state.name: self._state_id(graph_key, state.name) for state in view.states} if shows_table else {}
        figure: nodes.Element | None = None
        if options.figure and view.too_large:
            self.warn(too_large(view, budget), Subtype.TOO_LARGE)
            figure = nodes.container("", *transitions_list(alt_text(view), view.lines(self.phrases)))
        elif options.figure:
            selection, hidden, group_by = options.selection, options.hidden, options.group_by
            dot = dot_of(keyed, selection, hidden, group_by, budget, options.layout, self.phrases)
            figure = self.figure(view, dot, graph_key, anchors if shows_table else {}, options)
        table = self.table(view, columns, graph_key, anchors, options) if shows_table else None
        if table is not None and figure is not None and figure["ids"]:
            link_own_figure(table, figure["ids"][0])
        diagram = figure.next_node(onestates_diagram, include_self=True) if figure is not None else None
        printed = (options.print or self.config.onestates_print) == "split" and options.layout.engine == "dot"
        split = None
        if diagram is not None and printed:  # a view past its budget has no drawing (diagram), so no split
            split = split_of(keyed, options.selection, options.hidden, options.group_by, budget, options.layout)
        if diagram is not None and split is not None:
            parts = self.print_parts(diagram, split, graph_key)
            if table is not None:
                link_parts(table, {anchors[name]: part_id for name, part_id in parts.items()})
        ordered = [table, figure] if options.table == "above" else [figure, table]
        if texts and extracting(self.env):  # for -b gettext, at this directive's line
            extracted = onestates_texts(messages=texts)
            set_source_info(self, extracted)
            ordered.append(extracted)
        return [node for node in ordered if node is not None]

    @property
    def phrases(self) -> Phrases:
        """The drawing's own words in the build's language."""
        return phrases(self.config.language or "en")

    def _known_release(self, options: Options) -> Options:
        """The options less a ``:release:`` given with a graph that is no built-in one (warned about: it only
        chooses among the built-in graphs)."""
        argument = self.arguments[0]
        registered = argument in self.config.onestates_graphs and not reworded(self.config, argument)
        if options.release is None or (is_builtin(argument) and not registered):
            return options
        self.warn(f":release: chooses among the built-in graphs; {argument!r} is not one", Subtype.OPTION)
        return replace(options, release=None)

    def _known_highlights(self, options: Options, machine: StateMachine) -> Options:
        """The options less each ``:highlight:`` name that names no state (warned about: it only emphasises)."""
        known = []
        for pattern in options.selection.highlight:
            try:
                resolve(machine, pattern)
            except OneStatesError as exc:
                self.warn(exc.message, exc.subtype)
            else:
                known.append(pattern)
        if len(known) == len(options.selection.highlight):
            return options
        return replace(options, selection=replace(options.selection, highlight=tuple(known)))

    def _columns(self, options: Options, view: View) -> tuple[str, ...]:
        """The table's columns; unknown ones in ``:columns:`` are warned about and the graph's are used."""
        try:
            return table_columns(options, view)
        except OneStatesError as exc:
            if not options.columns:
                raise  # the graph's own columns are wrong: that is the graph's problem, not an option's
            self.warn(exc.message, exc.subtype)
            return table_columns(replace(options, columns=()), view)

    def _new_id(self, prefix: str, term: str) -> str:
        """An id unique in the document, reserved at once so later directives do not take it."""
        document = self.state.document
        node_id = make_id(self.env, document, prefix, term)
        document.ids[node_id] = nodes.Element()  # replaced by the real node when it is made
        return node_id

    def _state_id(self, graph: str, state: str) -> str:
        return self._new_id("one-state", f"{graph}-{state}")

    # -- the figure ---------------------------------------------------------------------------
    def figure(self, view: View, dot: str, graph: str, own_rows: dict[str, str], options: Options) -> nodes.Element:
        layout = options.layout
        key = render_key(self.config, dot, layout.engine)
        node = onestates_diagram()
        node["engine"] = layout.engine
        node["key"] = key
        node["graph"] = graph
        node["title"] = view.machine.title
        node["own_rows"] = [own_rows.get(name, "") for name in view.names] if own_rows else []
        node["alt"] = options.alt or alt_text(view)
        node["legend"] = view.key() if options.legend else []
        node["width"] = options.width or ""
        node["scale"] = options.scale or 0
        node["classes"] += list(options.classes)
        set_source_info(self, node)
        numbered = len(view.names) + len(view.pseudo)
        drawing = Drawing(dot, layout.engine, tuple(view.names), tuple(view.lines(self.phrases)), numbered)
        OneStatesDomain.of(self.env).note_view(self.env.docname, key, drawing, self.lineno)
        caption = options.caption
        if caption is None:
            wrapper: nodes.Element = node
            if options.align:
                node["align"] = options.align
        else:
            wrapper = nodes.figure("", node, classes=["onestates-figure"])
            if options.align:
                wrapper["align"] = options.align
            inodes, messages = self.parse_inline(caption)
            caption_node = nodes.caption(caption, "", *inodes)
            caption_node.extend(messages)
            set_source_info(self, caption_node)
            wrapper += caption_node
        self.add_name(wrapper)
        if not wrapper["ids"]:
            wrapper["ids"].append(self._new_id("one-figure", graph))
        self.state.document.ids[wrapper["ids"][0]] = wrapper
        OneStatesDomain.of(self.env).note_figure(graph, self.env.docname, wrapper["ids"][0])
        node["figure_id"] = wrapper["ids"][0]
        return wrapper

    def print_parts(self, diagram: nodes.Element, split: PrintSplit, graph: str) -> dict[str, str]:
        """The drawings a split print of ``diagram`` needs (its overview, then its parts), drawn by print
        builders only; the LaTeX writer prints them when the whole would be too small (writers/latex.py).
        Returns each state of a part -> the part's id."""
        domain = OneStatesDomain.of(self.env)
        keys = []
        for printed in [split.overview, *split.parts]:
            key = render_key(self.config, printed.dot, "dot")
            drawing = Drawing(printed.dot, "dot", (), printed.transitions, print_only=True)
            domain.note_view(self.env.docname, key, drawing, self.lineno)
            keys.append(key)
        diagram["overview"] = keys[0]
        diagram["frames"] = list(split.frames)
        diagram["parts"] = [
            {
                "key": key,
                "title": part.title,
                "states": list(part.states),
                "id": self._new_id("one-part", f"{graph}-{n}"),
            }
            for n, (key, part) in enumerate(zip(keys[1:], split.parts, strict=True), start=1)
        ]
        return {name: part["id"] for part in diagram["parts"] for name in part["states"]}

    # -- the table ----------------------------------------------------------------------------
    def table(
        self, view: View, columns: tuple[str, ...], graph: str, anchors: dict[str, str], options: Options
    ) -> nodes.table:
        """One row per state (its name, codes, short name, meaning), its transitions in rows under it.

        The transitions span the row's width and the first cell spans them, so a state reads as one
        block, in every builder that has tables.
        """
        domain = OneStatesDomain.of(self.env)
        indexed = not options.no_index
        facts, moves = split_columns(columns)
        order = ordered(view, options.sort, options.table_group)
        table_rows = rows(view, facts + moves, order)
        grouped = any(state.members for state in view.states)
        # colwidths-given: builders (LaTeX above all) size columns by the widths below, not evenly
        table = nodes.table(classes=["onestates-table", "colwidths-given"])
        # not translatable by itself: it is made of the catalogue's words and the graph's (translated) title
        table += nodes.title("", _("States of %s") % view.machine.title, translatable=False)
        if not options.figure:
            self.add_name(table)  # :name: without a figure names the table, for :ref: and :numref:
        group = nodes.tgroup(cols=len(facts))
        table += group
        for width in widths(table_rows, facts, heading):
            group += nodes.colspec(colwidth=width)
        head_row = nodes.row()
        for column in facts:
            title = heading(column, grouped)
            head_row += nodes.entry("", onestates_cell("", "", breakable(title)))
        group += nodes.thead("", head_row)
        body = nodes.tbody()
        group += body
        shown = set(view.names)
        spanned = len(facts) > 1  # the first cell spans the transitions, which take the other columns
        for (state, depth, parent), row in zip(order, table_rows, strict=True):
            anchor = anchors[state.name]
            lists = [column for column in moves if row[column].transitions]
            row_class = onestates_kept_row if lists else nodes.row
            row_node = row_class(ids=[anchor], classes=["onestates-row"])
            if parent is not None:  # a state in its frame: the writers indent its name, and name the frame
                row_node["classes"].append(f"onestates-depth-{min(depth, 3)}")
            self.state.document.ids[anchor] = row_node
            for column in facts:
                paragraph = self._fact(column, row[column].text, graph, grouped, column in view.machine.codes)
                if column == "state" and parent is not None:
                    paragraph["depth"], paragraph["within"] = depth, visible(parent.name)
                if not len(row_node):  # LaTeX labels no row: a target in the first cell labels it, as Sphinx's do
                    paragraph.insert(0, nodes.target("", "", refid=anchor))
                entry = nodes.entry("", paragraph)
                if spanned and lists and not len(row_node):
                    entry["morerows"] = len(lists)
                row_node += entry
            body += row_node
            for place, column in enumerate(lists, start=1):
                # "lead": the visitors write "To: "; commands as written (--hard, not an en dash)
                paragraph = onestates_cell(lead=heading(column), support_smartquotes=False)
                transitions = row[column].transitions
                for number, (other, label) in enumerate(transitions, start=1):
                    paragraph += self._state_link(view.machine, graph, other, shown, anchors)
                    if label:
                        paragraph += [nodes.Text(" ("), breakable(label), nodes.Text(")")]
                    if number < len(transitions):
                        paragraph += nodes.Text(", ")
                entry = nodes.entry("", paragraph)
                if len(facts) > 2:
                    entry["morecols"] = len(facts) - 2
                row_class = onestates_kept_row if place < len(lists) else nodes.row
                body += row_class("", entry, classes=["onestates-moves"])
            if indexed:
                target = Target(anchor, view.machine.title, one_line(state.label))
                domain.note_state(graph, state.name, self.env.docname, target)
        set_source_info(self, table)
        return table

    def _fact(self, column: str, text: str, graph: str, grouped: bool = False, code: bool = False) -> nodes.paragraph:
        """A cell of the row: the state's name (a link to the figure), its meaning, or a value that narrow
        screens name (``column``)."""
        paragraph = onestates_cell(support_smartquotes=False)  # a meaning's --hard is a command's, not a dash
        if column == "state":
            name = onestates_name("", text, classes=["onestates-state-name"])  # its line breaks are kept
            paragraph += nodes.reference("", "", name, onestates_figure_of=graph, reftitle=_("show in the diagram"))
        elif column == "meaning":
            paragraph += breakable(text)
        elif text:
            paragraph["column"] = heading(column, grouped)
            paragraph += breakable(text)  # the widths count a short name's pieces, not the whole
            if code:
                paragraph["classes"].append("onestates-code")  # a number: the CSS keeps it whole
        return paragraph

    def _state_link(
        self, machine: StateMachine, graph: str, name: str, shown: set[str], anchors: dict[str, str]
    ) -> nodes.Node:
        """A state named in an in/out cell, by the name it is shown by (on one line): linked to its row here,
        or through the domain (which knows it by its id)."""
        if name in machine.pseudo:
            return nodes.Text(one_line(machine.shown(name)))
        text = onestates_name("", one_line(machine.shown(name)), classes=["onestates-state-name"])
        if name in shown:
            return nodes.reference("", "", text, refid=anchors[name], internal=True)
        xref = addnodes.pending_xref(
            "", text, refdomain="one", reftype="state", reftarget=f"{graph}/{name}", refexplicit=True, refwarn=False
        )
        xref["onestates_optional"] = True
        return xref
