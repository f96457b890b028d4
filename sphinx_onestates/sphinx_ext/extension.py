"""Wiring: config values, the directive, the domain, the writers and the events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from .. import __version__
from ..core.check import check
from ..core.model import Problem
from ..core.subtypes import Subtype
from . import render_cache
from .compat import index_domain
from .config import add_config_values, check_config
from .diff_directive import OneStatesDiffDirective
from .directive import OneStatesDirective
from .domain import OneStatesDomain, missing_reference, one_fragment, report_links_again
from .nodes import (
    onestates_cell,
    onestates_diagram,
    onestates_in_place,
    onestates_kept_row,
    onestates_name,
    onestates_parts,
    onestates_text,
)
from .words import add_catalogue
from .writers.epub import declare_inline_svg
from .writers.html import add_hover_css, depart_cell_html, visit_cell_html, visit_diagram_html, visit_name_html
from .writers.latex import (
    depart_cell_latex,
    depart_in_place_latex,
    depart_kept_row_latex,
    split_for_print,
    visit_cell_latex,
    visit_diagram_latex,
    visit_in_place_latex,
    visit_kept_row_latex,
    visit_name_latex,
    visit_parts_latex,
)
from .writers.text import diff_table_as_list, replace_diagram, table_as_list

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The zoom script and the library it uses: static files of HTML builders, not of an EPUB.
ZOOM_STATIC = Path(__file__).resolve().parents[1] / "zoom"


def _uri(app: Sphinx, fromdocname: str, docname: str, anchor: str) -> str:
    return one_fragment(f"{app.builder.get_relative_uri(fromdocname, docname)}#{anchor}")


#: A table in LaTeX: a longtable (it breaks across pages and repeats its headings on each) with rules
#: between states; coloured rows would stripe a state's own rows (its transitions) apart.
LATEX_TABLE_CLASSES = ["longtable", "standard", "nocolorrows"]


def resolve_diagrams(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Give diagram nodes their links; replace them, and make tables lists, where the builder draws no images.

    In LaTeX a figure stays where its directive is: floated, it could go past the long table after it.
    """
    domain = OneStatesDomain.of(app.env)
    draws = app.builder.format in ("html", "latex")
    for node in list(doctree.findall(onestates_diagram)):
        drawing = domain.drawings[node["key"]]
        own_rows = node["own_rows"] or [""] * len(drawing.states)
        links = []
        for name, own in zip(drawing.states, own_rows, strict=True):
            owner = domain.owner(node["graph"], name)
            if own:
                links.append(f"#{own}")
            elif owner is not None:
                links.append(_uri(app, fromdocname, owner.docname, owner.anchor))
            else:
                links.append("")
        node["links"] = links
        if not draws:
            replace_diagram(node, drawing.transitions)
    if not draws:
        for table in list(doctree.findall(nodes.table)):
            if "onestates-table" in table["classes"]:
                table.replace_self(table_as_list(table))  # the list takes the table's ids and classes
            elif "onestates-diff" in table["classes"]:
                table.replace_self(diff_table_as_list(table))
    elif app.builder.format == "latex":
        split_for_print(app.builder, doctree)
        for table in doctree.findall(nodes.table):
            if "onestates-table" in table["classes"]:
                table["classes"] += LATEX_TABLE_CLASSES
        for wrapper in list(doctree.findall(nodes.figure)):
            if "onestates-figure" in wrapper["classes"] and wrapper.parent is not None:
                in_place = onestates_in_place()
                wrapper.parent.replace(wrapper, in_place)  # not replace_self: the figure keeps its ids
                in_place += wrapper
    for reference in list(doctree.findall(nodes.reference)):
        graph = reference.get("onestates_figure_of")
        if graph is None:
            continue
        figure = domain.figure_of(graph, fromdocname)
        if figure is None:
            reference.replace_self(reference.children)
        elif figure.docname == fromdocname and app.builder.name != "singlehtml":
            reference["refid"] = figure.anchor
        else:
            reference["refuri"] = _uri(app, fromdocname, figure.docname, figure.anchor)


def _only_expressions(node: nodes.Element) -> list[str]:
    """The conditions of the ``.. only::`` directives around ``node``, outermost last."""
    expressions = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            expressions.append(parent["expr"])
        parent = parent.parent
    return expressions


def note_only(app: Sphinx, doctree: nodes.document) -> None:
    """Remember the rows and figures a page puts inside ``.. only::``: a builder that leaves them out
    must link elsewhere (only:: nodes are removed at writing, per builder)."""
    domain = OneStatesDomain.of(app.env)
    docname = app.env.docname
    for row in doctree.findall(nodes.row):
        if "onestates-row" in row["classes"] and row["ids"] and (expressions := _only_expressions(row)):
            domain.note_only(docname, row["ids"][0], expressions)
    for diagram in doctree.findall(onestates_diagram):
        if diagram.get("figure_id") and (expressions := _only_expressions(diagram)):
            domain.note_only(docname, diagram["figure_id"], expressions)


def use_builder_tags(app: Sphinx) -> None:
    OneStatesDomain.of(app.env).use_tags(app.tags)


def _rows(node: nodes.Element, docname: str) -> Iterator[tuple[str, nodes.row]]:
    """The state rows under ``node``, each with its page: LaTeX and texinfo resolve one tree of all pages,
    each in a ``start_of_file`` (walked down: Sphinx moves a page's nodes there without their parent)."""
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            yield from _rows(child, child["docname"])
        elif isinstance(child, nodes.row) and "onestates-row" in child["classes"] and child["ids"]:
            yield docname, child
        elif isinstance(child, nodes.Element):
            yield from _rows(child, docname)


def index_rows(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Put the index entries of each state into the row that owns it, for builders that index from the
    page (LaTeX, texinfo); HTML's index is made from the environment (:func:`index_states`)."""
    if app.builder.format not in ("latex", "texinfo"):
        return
    domain = OneStatesDomain.of(app.env)
    for docname, row in _rows(doctree, fromdocname):
        entries = domain.index_entries_at(docname, row["ids"][0])
        label = row.next_node(nodes.target)
        if entries and label is not None:
            label.parent.insert(label.parent.index(label) + 1, addnodes.index(entries=entries, inline=True))


def ids_once(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """A theme that wraps each table in a container (Furo's ``table-wrapper``) copies the table's ids onto
    it, so each is twice on the page: the table keeps them, as in every other theme."""
    for table in doctree.findall(nodes.table):
        wrapper = table.parent
        ours = {"onestates-table", "onestates-diff"} & set(table["classes"])
        if ours and isinstance(wrapper, nodes.container) and len(wrapper) == 1:
            wrapper["ids"] = [node_id for node_id in wrapper["ids"] if node_id not in table["ids"]]


STATE_ANCHOR_PREFIX = "one-state-"


def index_states(app: Sphinx, env: BuildEnvironment) -> None:
    """Put each state in the index once, on the page that owns it.

    Entries are made afresh after every read phase from the domain data, so
    they follow the owner when pages are added, removed or renamed.
    """
    index = index_domain(env)
    for entries in index.entries.values():
        entries[:] = [entry for entry in entries if not entry[2].startswith(STATE_ANCHOR_PREFIX)]
    for docname, entries in OneStatesDomain.of(env).index_entries().items():
        index.entries.setdefault(docname, []).extend(entries)


def rewrite_linking_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Write again the pages whose state links or diagram links changed target."""
    return OneStatesDomain.of(env).pages_to_rewrite()


class FileLocation(str):
    """A file (no line) as a warning's location, printed ``file: WARNING: ...``.

    Sphinx takes a location without ``:`` for a document name and appends the source suffix
    (``door.dot`` would become ``door.dot.rst``); this one says it has the colon already.
    """

    __slots__ = ()

    def __contains__(self, text: object) -> bool:
        return text == ":" or super().__contains__(text)  # type: ignore[operator]


def problem_location(problem: Problem) -> str | None:
    """``file:line`` of a problem in a graph or catalogue file, the file alone without a line."""
    if problem.source is None:
        return None
    return f"{problem.source}:{problem.line}" if problem.line else FileLocation(problem.source)


def suppressed(config: Config, subtype: str) -> bool:
    """Whether ``suppress_warnings`` silences ``onestates.<subtype>``, a subtype's own parts included.

    Sphinx matches one level (``onestates.check.dead-end``, ``onestates.*``); a check's subtype has
    two, so ``onestates.check`` and ``onestates.check.*`` are matched here.
    """
    parts = f"onestates.{subtype}".split(".")
    wanted = {".".join(parts[:n]) for n in range(2, len(parts))}
    wanted |= {name + ".*" for name in wanted}
    return bool(wanted & set(config.suppress_warnings))


def report_again(app: Sphinx, env: BuildEnvironment) -> None:
    """Repeat the warnings of pages not read again, and the problems of every graph used, once per build.

    A graph is checked once per content (its digest): later builds give the problems found again.
    """
    domain = OneStatesDomain.of(env)
    read: set[str] = getattr(env, "onestates_read", set())
    for docname, warning in domain.logged_warnings():
        if docname not in read:
            logger.warning(warning.message, location=(docname, warning.line), type="onestates", subtype=warning.subtype)
    report_links_again(env, read)
    used = domain.used_digests()
    domain.keep_machines(used)
    for digest in sorted(used):
        machine = domain.machines.get(digest)
        if machine is None:
            continue
        problems = domain.checks.get(digest)
        if problems is None:
            problems = domain.checks[digest] = [*check(machine), *machine.catalog_problems]
        for problem in problems:
            subtype = Subtype.of_rule(problem.rule)
            if not suppressed(app.config, subtype):
                logger.warning(problem.message, location=problem_location(problem), type="onestates", subtype=subtype)


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which pages this build reads: their warnings come fresh from the directive."""
    env.onestates_read = set(docnames)  # type: ignore[attr-defined]
    env.onestates_reported_links = set()  # type: ignore[attr-defined]  # broken links reported in this build


def add_static(app: Sphinx, config: Config) -> None:
    check_config(app, config)
    config.html_static_path.append(str(STATIC))


def add_zoom(app: Sphinx) -> None:
    """Zoom and pan for diagrams in HTML pages (vendored @panzoom/panzoom and our buttons); not in an EPUB.

    The script only enhances: without it (an EPUB, a reader without JavaScript) the page is whole.
    """
    if app.builder.format == "html" and not app.builder.name.startswith("epub"):
        app.config.html_static_path.append(str(ZOOM_STATIC))
        app.add_js_file("vendor/panzoom/panzoom.min.js", loading_method="defer")
        app.add_js_file("onestates-zoom.js", loading_method="defer")


def setup_extension(app: Sphinx) -> dict[str, Any]:
    add_config_values(app)
    add_catalogue(app)
    app.connect("config-inited", add_static)
    app.add_domain(OneStatesDomain)
    app.add_directive("one-states", OneStatesDirective)
    app.add_directive("one-states-diff", OneStatesDiffDirective)
    app.add_node(
        onestates_diagram,
        html=(visit_diagram_html, None),
        latex=(visit_diagram_latex, None),
    )
    # other builders write these as the literal and the text they are (Sphinx visits a node's base class)
    for breakable in (onestates_name, onestates_text):
        app.add_node(breakable, html=(visit_name_html, None), latex=(visit_name_latex, None))
    app.add_node(onestates_cell, html=(visit_cell_html, depart_cell_html), latex=(visit_cell_latex, depart_cell_latex))
    app.add_node(onestates_in_place, latex=(visit_in_place_latex, depart_in_place_latex))
    app.add_node(onestates_parts, latex=(visit_parts_latex, None))  # made for LaTeX only
    app.add_node(onestates_kept_row, latex=(visit_kept_row_latex, depart_kept_row_latex))  # others: a row
    app.add_css_file("onestates.css")
    app.connect("builder-inited", add_zoom)
    app.connect("html-page-context", add_hover_css)
    app.connect("builder-inited", declare_inline_svg)
    app.connect("builder-inited", use_builder_tags)
    app.connect("env-before-read-docs", note_read)
    app.connect("doctree-read", note_only)
    app.connect("env-updated", report_again)
    app.connect("env-updated", index_states)
    app.connect("env-updated", rewrite_linking_pages)
    app.connect("doctree-resolved", index_rows)  # first: builders without tables make their rows list items
    app.connect("doctree-resolved", resolve_diagrams)
    app.connect("doctree-resolved", ids_once)
    app.connect("warn-missing-reference", missing_reference)
    render_cache.connect(app)
    return {
        "version": __version__,
        # 10: states know the frames a producer's convention made; 9: pages keep their graphs' texts for
        # gettext (onestates_texts); 8: diagrams keep the drawings of
        # their split print; 7: targets keep the names states are shown by;
        # 6: the domain keeps the only:: conditions of rows and figures;
        # 5: the domain keeps each graph's check; 4: a StateMachine keeps its reading problems;
        # 3: the domain keeps state links
        "env_version": 10,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
