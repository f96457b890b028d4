"""The ``one`` domain: states as link targets, index entries and inventory objects.

Its data, kept in the build environment between builds, has four parts, each
in a section of :class:`OneStatesDomain` below:

* **link targets**: which page describes which state and shows which figure
  and graph, and which pages link to states;
* **drawing store**: each distinct diagram once, and the directives that show it;
* **parse cache**: parsed graphs by the digest of their file, and what checking each found;
* **warning log**: the warnings of each page, repeated when it is not read again.

Per-page data is keyed by document, so parallel reads merge and a removed
page takes its data with it. Where several pages describe the same state, the
first page by document name owns it (pages can opt out with ``:no-index:``).
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Iterator, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..core.subtypes import Subtype
from .words import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from ..core.model import Problem, StateMachine

logger = logging.getLogger(__name__)


# -- records ---------------------------------------------------------------------------------------


class StateKey(NamedTuple):
    """A state of a graph, as links name it: ``graph/state``."""

    #: The graph key (``~short`` appended for a view grouped by short name).
    graph: str
    state: str

    def __str__(self) -> str:
        return f"{self.graph}/{self.state}"


class Target(NamedTuple):
    """Where one page describes a state: the anchor of its table row."""

    anchor: str
    #: The graph's title, for the index.
    title: str
    #: The name the state is shown by (its label; :meth:`~..core.model.StateMachine.shown`), on one line: the
    #: text of the index, of ``objects.inv`` and of a link without a title. The link key is the node's id.
    shown: str


class Owner(NamedTuple):
    """The page that owns a state: links and the index go there."""

    docname: str
    anchor: str
    title: str
    shown: str


class Place(NamedTuple):
    """An anchor on a page (a figure)."""

    docname: str
    anchor: str


class StateLink(NamedTuple):
    """A ``:one:state:`` link on a page: what it names and where."""

    target: str
    line: int | None


class LoggedWarning(NamedTuple):
    """A warning a directive gave, kept to be given again while its page is not read again."""

    message: str
    #: The part of the warning type after ``onestates.`` (a :class:`Subtype` value).
    subtype: str
    line: int | None


@dataclass(frozen=True)
class Drawing:
    """What one distinct diagram needs, kept once for all the pages that show it."""

    dot: str
    engine: str
    #: State names in the order of the DOT's link placeholders.
    states: tuple[str, ...]
    #: ``A -> B (command)`` lines, for builders and failures without a picture.
    transitions: tuple[str, ...]
    #: How many nodes the drawing numbers (states, then pseudo-nodes: ``onestates-n0`` ...), for the hover CSS.
    nodes: int = 0
    #: Drawn for print builders only: an overview or part of a figure printed split (core/split.py).
    print_only: bool = False


#: state -> {docname: where that page describes it}
Targets = dict[StateKey, dict[str, Target]]


# -- resolving a link target (pure) ---------------------------------------------------------------


def graph_names(graphs: Iterable[str]) -> dict[str, list[str]]:
    """The last part of each path key (``door`` for ``a/door``) -> the graphs it may name, sorted.

    A graph named by its path in a directive is keyed by that path (``a/door``); a link may name it by
    the file's name alone (``door``) while no other graph's key ends in that name, and no graph is keyed
    by it. A name several keys end in names none of them.
    """
    keys = set(graphs)
    names: dict[str, list[str]] = {}
    for graph in sorted(keys):
        _folder, slash, name = graph.rpartition("/")
        if slash and name not in keys:
            names.setdefault(name, []).append(graph)
    return names


def shared_name(known: Collection[tuple[str, str]], target: str) -> tuple[str, list[str]] | None:
    """When ``target`` names its graph by a file name several graphs share (``door/OPEN`` with ``a/door``
    and ``b/door``): that name and those graphs."""
    graphs = {graph for graph, _state in known}
    if any(target.startswith(graph + "/") for graph in graphs):
        return None
    names = graph_names(graphs)
    for name in sorted(names, key=len, reverse=True):
        if target.startswith(name + "/"):
            return (name, names[name]) if len(names[name]) > 1 else None
    return None


class StateFinder:
    """The link look-up (:func:`find_state`) over the (graph, state) pairs pages describe, indexed once:
    each link then costs a few dictionary look-ups, not a walk through every state of the project."""

    def __init__(self, known: Collection[tuple[str, str]]) -> None:
        self.keys = {StateKey(*key) for key in known}
        self.graphs = {key.graph for key in self.keys}
        #: The last part of each path key -> the graphs it may name.
        self.names = graph_names(self.graphs)
        self.by_state: dict[str, list[StateKey]] = {}
        self.by_folded: dict[str, list[StateKey]] = {}
        self.by_graph_folded: dict[tuple[str, str], list[StateKey]] = {}
        for key in sorted(self.keys):
            folded = key.state.lower()
            self.by_state.setdefault(key.state, []).append(key)
            self.by_folded.setdefault(folded, []).append(key)
            self.by_graph_folded.setdefault((key.graph, folded), []).append(key)

    def _in_graph(self, graph: str, state: str) -> StateKey | list[StateKey]:
        """A state of one graph: its exact name, else its name with case folded."""
        if (graph, state) in self.keys:
            return StateKey(graph, state)
        folded = self.by_graph_folded.get((graph, state.lower()), [])
        return folded[0] if len(folded) == 1 else list(folded)

    @staticmethod
    def _prefixes(target: str, names: Container[str]) -> Iterator[tuple[str, str]]:
        """(name, rest) for each name in ``names`` that ``target`` starts with, followed by a slash, longest first."""
        slash = target.rfind("/")
        while slash > 0:
            if target[:slash] in names:
                yield target[:slash], target[slash + 1 :]
            slash = target.rfind("/", 0, slash)

    def find(self, target: str, page_graphs: Container[str]) -> StateKey | list[StateKey]:
        """See :func:`find_state`."""
        for graph, state in self._prefixes(target, self.graphs):
            return self._in_graph(graph, state)
        for name, state in self._prefixes(target, self.names):
            found = [self._in_graph(graph, state) for graph in self.names[name]]
            if len(found) == 1:
                return found[0]
            return sorted(key for each in found for key in ([each] if isinstance(each, StateKey) else each))
        candidates = self.by_state.get(target, [])
        if len(candidates) > 1:
            on_page = [key for key in candidates if key.graph in page_graphs]
            candidates = on_page or candidates
        if not candidates:
            candidates = self.by_folded.get(target.lower(), [])
        return candidates[0] if len(candidates) == 1 else sorted(candidates)


def find_state(
    known: Collection[tuple[str, str]], target: str, page_graphs: Container[str]
) -> StateKey | list[StateKey]:
    """The state a link names, or the candidates (none, or several) when it names no one state.

    ``target`` is ``graph/STATE`` or a bare ``STATE``; ``known`` holds the (graph, state) pairs that
    pages describe, ``page_graphs`` the graphs the linking page shows. A graph key is matched
    longest first, then the last part of a path key (:func:`graph_names`); then the state's exact name,
    else its name with case folded. A bare name that several graphs have prefers the graphs of the
    linking page. A file name two graphs share names neither: the candidates are that state in each.
    (:class:`StateFinder` indexes ``known`` once for many links.)
    """
    return StateFinder(known).find(target, page_graphs)


# -- the role and unresolved links ----------------------------------------------------------------


def one_fragment(uri: str) -> str:
    """A URI with the last of its fragments only: singlehtml names another page ``#document-x`` (Sphinx 9
    no longer mends what that makes of a link to an anchor there, ``#document-x#anchor``, which lands
    nowhere); all pages are one there, so the anchor alone is the link."""
    return uri[uri.rfind("#") :] if uri.count("#") > 1 else uri


def state_refnode(builder: Builder, fromdocname: str, owner: Owner, child: nodes.Node, title: str) -> nodes.reference:
    """A link to the row that owns a state."""
    reference = make_refnode(builder, fromdocname, owner.docname, owner.anchor, child, title)
    if "refuri" in reference:
        reference["refuri"] = one_fragment(reference["refuri"])
    return reference


class StateRole(XRefRole):
    """``:one:state:`vm-complete/RUNNING``` or, when unambiguous, ``:one:state:`RUNNING```.

    An explicit title reads as prose; a bare target shows the state name as code.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        result, messages = super().run()
        domain = OneStatesDomain.of(self.env)
        for xref in result:
            if isinstance(xref, addnodes.pending_xref):
                domain.note_link(self.env.docname, StateLink(xref["reftarget"], self.lineno))
        return result, messages


def unresolved_message(domain: OneStatesDomain, target: str, docname: str) -> str | None:
    """Why a state link resolves to nothing (``None`` when it names exactly one state)."""
    found = domain.find(target, docname)
    if isinstance(found, StateKey):
        if domain.owner(*found) is not None:
            return None
        return f"state {target!r} is only described in tables that this build leaves out (inside .. only::)"
    shared = shared_name(domain.targets.keys(), target)
    if shared is not None and found:
        name, graphs = shared
        write = f"write one of {', '.join(map(str, found))}" if len(found) > 1 else f"write {found[0]}"
        return (
            f"state {target!r} is ambiguous: {name!r} is the name of the graphs {', '.join(graphs[:-1])} and "
            f"{graphs[-1]} (files of one name in two folders); {write}"
        )
    if found:
        return f"state {target!r} is ambiguous: write one of {', '.join(map(str, found))}"
    return f"unknown state {target!r} (write graph/STATE, e.g. vm-complete/RUNNING)"


def warn_link(env: BuildEnvironment, docname: str, link: StateLink, message: str) -> None:
    """Log a broken state link once per build, whichever of the two paths below finds it first."""
    reported: set[tuple[str, StateLink]] = env.__dict__.setdefault("onestates_reported_links", set())
    if (docname, link) not in reported:
        reported.add((docname, link))
        logger.warning(message, location=(docname, link.line), type="onestates", subtype=Subtype.REF)


def report_links_again(env: BuildEnvironment, read: Set[str]) -> None:
    """The broken state links of pages this build does not read (Sphinx resolves links only on pages it
    writes, so a no-change rebuild would pass ``-W`` with the link still broken).

    A link intersphinx resolves is not broken: its inventories are asked as intersphinx would.
    """
    domain = OneStatesDomain.of(env)
    inventory = getattr(env, "intersphinx_inventory", {}).get("one:state", {})
    named = getattr(env, "intersphinx_named_inventory", {})
    for docname, links in sorted(domain.links.items()):
        if docname in read:
            continue
        for link in links:
            prefix, _, rest = link.target.partition(":")
            if link.target in inventory or (rest and rest in named.get(prefix, {}).get("one:state", {})):
                continue
            message = unresolved_message(domain, link.target, docname)
            if message is not None:
                warn_link(env, docname, link, message)


def missing_reference(app: Sphinx, domain: Domain | None, node: nodes.Element) -> bool | None:
    """Report a state link nobody resolved (not even intersphinx) as ``onestates.ref``."""
    if domain is None or domain.name != OneStatesDomain.name:
        return None
    if node.get("onestates_optional"):
        return True  # a table cell naming a state that no table describes stays plain text
    docname = node.get("refdoc", "")
    message = unresolved_message(OneStatesDomain.of(app.env), node["reftarget"], docname)
    if message is not None:
        warn_link(app.env, docname, StateLink(node["reftarget"], node.line), message)
    return True


# -- the domain -----------------------------------------------------------------------------------

#: The data kept per page: a page read again replaces its entry, a removed page loses it.
PER_PAGE = ("graphs", "views", "problems", "links", "only")

#: An index entry as Sphinx keeps them: (kind, text, anchor, main, key).
IndexEntry = tuple[str, str, str, str, str | None]


class OneStatesDomain(Domain):
    """Cross-reference targets for the states of every graph in the project."""

    name = "one"
    label = "State machines"
    object_types = {"state": ObjType("state", "state")}  # noqa: RUF012 (Sphinx API)
    roles = {"state": StateRole(warn_dangling=True, innernodeclass=nodes.inline)}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        # link targets
        "targets": {},  # StateKey -> {docname: Target}
        "figures": {},  # graph -> {docname: anchor}
        "graphs": {},  # docname -> {graph: digest}
        "links": {},  # docname -> [StateLink], the page's :one:state: links
        "only": {},  # docname -> {anchor: [expr]}, the .. only:: conditions a row or figure sits in
        "owners": {},  # what owner() answered when pages were last written
        # drawing store
        "views": {},  # docname -> {render key: line of the directive}
        "drawings": {},  # render key -> Drawing, once however many pages show it
        # parse cache
        "machines": {},  # content digest -> StateMachine
        "checks": {},  # content digest -> [Problem]: what checking it found, once per content
        # warning log
        "problems": {},  # docname -> [LoggedWarning]
    }

    @classmethod
    def of(cls, env: BuildEnvironment) -> OneStatesDomain:
        return cast("OneStatesDomain", env.domains[cls.name])

    # -- link targets ---------------------------------------------------------------------------
    @property
    def targets(self) -> Targets:
        return cast("Targets", self.data["targets"])

    @property
    def figures(self) -> dict[str, dict[str, str]]:
        """graph -> {docname: anchor of its figure there}."""
        return cast("dict[str, dict[str, str]]", self.data["figures"])

    @property
    def graphs(self) -> dict[str, dict[str, str]]:
        """docname -> {graph key: digest of the graph it shows}."""
        return cast("dict[str, dict[str, str]]", self.data["graphs"])

    @property
    def links(self) -> dict[str, list[StateLink]]:
        """docname -> the ``:one:state:`` links of the page."""
        return cast("dict[str, list[StateLink]]", self.data["links"])

    def note_graph(self, docname: str, graph: str, digest: str) -> None:
        self.graphs.setdefault(docname, {})[graph] = digest

    def note_state(self, graph: str, state: str, docname: str, target: Target) -> None:
        self._finder = self._index = None
        self.targets.setdefault(StateKey(graph, state), {}).setdefault(docname, target)

    def note_figure(self, graph: str, docname: str, anchor: str) -> None:
        self.figures.setdefault(graph, {}).setdefault(docname, anchor)

    def note_link(self, docname: str, link: StateLink) -> None:
        self.links.setdefault(docname, []).append(link)

    @property
    def only(self) -> dict[str, dict[str, list[str]]]:
        """docname -> {anchor of a row or figure: the ``.. only::`` expressions around it}."""
        return cast("dict[str, dict[str, list[str]]]", self.data["only"])

    def note_only(self, docname: str, anchor: str, expressions: list[str]) -> None:
        self._index = None
        self.only.setdefault(docname, {})[anchor] = expressions

    #: The running builder's tags, against which ``.. only::`` conditions are evaluated (:meth:`use_tags`).
    tags: Tags | None = None

    def use_tags(self, tags: Tags) -> None:
        """Evaluate ``.. only::`` conditions for this builder: links and the index follow what it shows."""
        self.tags = tags
        self._index = None

    def shown(self, docname: str, anchor: str) -> bool:
        """Whether this builder's output has the row or figure ``anchor`` of ``docname`` (``.. only::``)."""
        expressions = self.only.get(docname, {}).get(anchor)
        if not expressions or self.tags is None:
            return True
        try:
            return all(self.tags.eval_condition(expression) for expression in expressions)
        except Exception:  # Sphinx keeps an only:: it cannot evaluate (and warns there)
            return True

    def owner(self, graph: str, state: str) -> Owner | None:
        """The page that owns a state: the first by document name whose table this builder shows."""
        pages = self.targets.get(StateKey(graph, state))
        for docname in sorted(pages or ()):
            target = pages[docname]  # type: ignore[index]
            if self.shown(docname, target.anchor):
                return Owner(docname, *target)
        return None

    def figure_of(self, graph: str, docname: str) -> Place | None:
        """The figure of ``graph`` on ``docname`` if there is one, else its first figure (of those shown)."""
        pages = {page: anchor for page, anchor in self.figures.get(graph, {}).items() if self.shown(page, anchor)}
        if not pages:
            return None
        page = docname if docname in pages else min(pages)
        return Place(page, pages[page])

    #: The look-up over the current targets, made when a link first needs it after they changed.
    _finder: StateFinder | None = None

    def find(self, target: str, docname: str) -> StateKey | list[StateKey]:
        """Resolve ``graph/STATE`` or a bare ``STATE`` linked from ``docname`` (see :func:`find_state`)."""
        if self._finder is None:
            self._finder = StateFinder(self.targets.keys())
        return self._finder.find(target, self.graphs.get(docname, {}))

    def pages_to_rewrite(self) -> list[str]:
        """Pages whose links may point elsewhere now, because a state or figure changed owner.

        Called once per build after reading; Sphinx then writes these pages again
        even though their sources did not change.
        """
        owners = {
            "states": {str(key): self.owner(*key) for key in self.targets},
            "figures": {graph: min(pages) for graph, pages in self.figures.items()},
        }
        if owners == self.data["owners"]:
            return []
        self.data["owners"] = owners
        return sorted(set(self.links) | set(self.graphs))

    def index_entries(self) -> dict[str, list[IndexEntry]]:
        """Index entries for every state, on the page that owns it: one under its name, one under its graph.

        Sphinx has no escape for ``;`` in an index entry: a single entry splits at its first ``;`` into
        an entry and a sub-entry. So the entry under the graph (``door state; OPEN``) is one single entry
        whatever the name holds; a name entry holding a ``;`` would split, and that state gets the pair of
        the two instead (one entry each way); a graph key holding one gets the name entry alone.
        """
        entries: dict[str, list[IndexEntry]] = {}
        for graph, state in sorted(self.targets):
            owner = self.owner(graph, state)
            if owner is None:
                continue
            # the title's own parentheses as brackets: Sphinx reads "name (extra)" only when extra has none
            title = owner.title.replace("(", "[").replace(")", "]")
            # the extension's words in the project's language; the "; " is the index's: entry; sub-entry
            under_name = _("%(state)s (state of %(title)s)") % {"state": owner.shown, "title": title}
            under_graph = _("%(graph)s state; %(state)s") % {"graph": graph, "state": owner.shown}
            if ";" in graph:
                texts = [] if ";" in under_name else [("single", under_name)]
            elif ";" in under_name:
                texts = [("pair", under_graph)]
            else:
                texts = [("single", under_name), ("single", under_graph)]
            entries.setdefault(owner.docname, []).extend((kind, text, owner.anchor, "", None) for kind, text in texts)
        return entries

    #: :meth:`index_entries` by (docname, anchor), made when a writer first needs it after targets changed.
    _index: dict[tuple[str, str], list[IndexEntry]] | None = None

    def index_entries_at(self, docname: str, anchor: str) -> list[IndexEntry]:
        """The index entries that a page's row carries (none for a row that owns no state)."""
        if self._index is None:
            self._index = {}
            for page, entries in self.index_entries().items():
                for entry in entries:
                    self._index.setdefault((page, entry[2]), []).append(entry)
        return self._index.get((docname, anchor), [])

    # -- drawing store --------------------------------------------------------------------------
    @property
    def views(self) -> dict[str, dict[str, int]]:
        """docname -> {render key: line of the directive that shows it}."""
        return cast("dict[str, dict[str, int]]", self.data["views"])

    @property
    def drawings(self) -> dict[str, Drawing]:
        return cast("dict[str, Drawing]", self.data["drawings"])

    def note_view(self, docname: str, key: str, drawing: Drawing, line: int) -> None:
        self.views.setdefault(docname, {})[key] = line
        self.drawings.setdefault(key, drawing)

    def used_render_keys(self) -> set[str]:
        """The drawings some page shows."""
        return {key for views in self.views.values() for key in views}

    def wanted_drawings(self) -> dict[str, Drawing]:
        """The drawings some page shows (others are forgotten: their pages changed or went)."""
        used = self.used_render_keys()
        for key in set(self.drawings) - used:
            del self.drawings[key]
        return dict(self.drawings)

    # -- parse cache ----------------------------------------------------------------------------
    @property
    def machines(self) -> dict[str, StateMachine]:
        """content digest (of a graph file, or of a graph file and its catalogue) -> parsed graph."""
        return cast("dict[str, StateMachine]", self.data["machines"])

    def used_digests(self) -> set[str]:
        """The digests of the graphs some page shows."""
        return {digest for graphs in self.graphs.values() for digest in graphs.values()}

    @property
    def checks(self) -> dict[str, list[Problem]]:
        """content digest -> the problems checking that graph found (the check runs once per content)."""
        return cast("dict[str, list[Problem]]", self.data["checks"])

    def keep_machines(self, digests: Set[str]) -> None:
        """Forget the parsed graphs (and their checks) no page shows any more."""
        for digest in set(self.machines) - digests:
            del self.machines[digest]
        for digest in set(self.checks) - digests:
            del self.checks[digest]

    # -- warning log ----------------------------------------------------------------------------
    @property
    def problems(self) -> dict[str, list[LoggedWarning]]:
        """docname -> the warnings its directives gave when it was last read."""
        return cast("dict[str, list[LoggedWarning]]", self.data["problems"])

    def note_warning(self, docname: str, message: str, subtype: str, line: int | None) -> None:
        self.problems.setdefault(docname, []).append(LoggedWarning(message, str(subtype), line))

    def logged_warnings(self) -> Iterator[tuple[str, LoggedWarning]]:
        """Every logged warning with its page, page by page in name order."""
        for docname, warnings in sorted(self.problems.items()):
            for warning in warnings:
                yield docname, warning

    # -- Domain API -----------------------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        self._finder = self._index = None
        for table in (self.targets, self.figures):
            for key in list(table):
                table[key].pop(docname, None)  # type: ignore[index]
                if not table[key]:  # type: ignore[index]
                    del table[key]  # type: ignore[arg-type]
        for name in PER_PAGE:
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take in what a parallel reader recorded for ``docnames``; the caches are shared by content."""
        self._finder = self._index = None
        for key, pages in otherdata["targets"].items():
            for docname, target in pages.items():
                if docname in docnames:
                    self.targets.setdefault(key, {})[docname] = target
        for graph, pages in otherdata["figures"].items():
            for docname, anchor in pages.items():
                if docname in docnames:
                    self.figures.setdefault(graph, {})[docname] = anchor
        for name in PER_PAGE:
            for docname, value in otherdata[name].items():
                if docname in docnames:
                    self.data[name][docname] = value
        self.machines.update(otherdata["machines"])
        self.checks.update(otherdata["checks"])
        self.drawings.update(otherdata["drawings"])

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: nodes.Element,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self.find(target, fromdocname)
        if isinstance(found, list):
            return None  # reported by missing_reference, after intersphinx had its turn
        owner = self.owner(*found)
        if owner is None:
            return None  # every table of the state is left out of this build (only::): reported the same way
        if not node.get("refexplicit"):
            contnode = nodes.literal(owner.shown, owner.shown, classes=["xref", "one", "one-state"])
        return state_refnode(builder, fromdocname, owner, contnode, str(found))

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: nodes.Element,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.find(target, fromdocname)
        if isinstance(found, list):
            return []
        owner = self.owner(*found)
        if owner is None:
            return []
        return [("one:state", state_refnode(builder, fromdocname, owner, contnode, target))]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """The states for ``objects.inv``; a name with a line break (any that ``str.splitlines`` knows, as
        Sphinx's reader) cannot be written there: a line per object, or a line that forges another.

        A graph keyed by its path (``guide/gate``) is there under that key, and under its file name alone
        (``gate``) while that names no other graph (:func:`graph_names`), as links here may name it.
        """
        names_of = graph_names(key.graph for key in self.targets)
        alias = {graphs[0]: name for name, graphs in names_of.items() if len(graphs) == 1}
        for key in sorted(self.targets):
            owner = self.owner(*key)
            if owner is None or len(f"{key}x".splitlines()) > 1:  # every line break Sphinx's reader splits at
                continue
            names = [str(key)]
            if key.graph in alias:
                names.append(str(StateKey(alias[key.graph], key.state)))
            for name in names:
                yield name, owner.shown, "state", owner.docname, owner.anchor, 1
