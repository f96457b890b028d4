"""The ``one`` domain: states as link targets, index entries and inventory objects.

Its data is keyed by document, so parallel reads merge and a removed page
takes its targets with it. Where several pages describe the same state, the
first page by document name owns it (pages can opt out with ``:no-index:``).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from ..core.model import visible

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..core.model import StateMachine

logger = logging.getLogger(__name__)

#: (graph key, state name) -> {docname: (anchor, graph title)}
Targets = dict[tuple[str, str], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class Drawing:
    """What one distinct diagram needs, kept once for all the pages that show it."""

    dot: str
    engine: str
    #: State names in the order of the DOT's link placeholders.
    states: tuple[str, ...]
    #: ``A -> B (command)`` lines, for builders and failures without a picture.
    transitions: tuple[str, ...]


class StateRole(XRefRole):
    """``:one:state:`vm-complete/RUNNING``` or, when unambiguous, ``:one:state:`RUNNING```.

    An explicit title reads as prose; a bare target shows the state name as code.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        OneStatesDomain.of(self.env).referrers[self.env.docname] = True
        return super().run()


def missing_reference(app: Sphinx, domain: Domain | None, node: nodes.Element) -> bool | None:
    """Report a state link nobody resolved (not even intersphinx) as ``onestates.ref``."""
    if domain is None or domain.name != OneStatesDomain.name:
        return None
    if node.get("onestates_optional"):
        return True  # a table cell naming a state that no table describes stays plain text
    target = node["reftarget"]
    found = OneStatesDomain.of(app.env).find(target, node.get("refdoc", ""))
    if isinstance(found, tuple):
        found = [found]
    if found:
        choices = ", ".join(f"{g}/{s}" for g, s in found)
        message = f"state {target!r} is ambiguous: write one of {choices}"
    else:
        message = f"unknown state {target!r} (write graph/STATE, e.g. vm-complete/RUNNING)"
    logger.warning(message, location=node, type="onestates", subtype="ref")
    return True


class OneStatesDomain(Domain):
    """Cross-reference targets for the states of every graph in the project."""

    name = "one"
    label = "State machines"
    object_types = {"state": ObjType("state", "state")}  # noqa: RUF012 (Sphinx API)
    roles = {"state": StateRole(warn_dangling=True, innernodeclass=nodes.inline)}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "targets": {},  # (graph, state) -> {docname: (anchor, graph title)}
        "figures": {},  # graph -> {docname: anchor}
        "graphs": {},  # docname -> {graph: digest}
        "views": {},  # docname -> {render key: line of the directive}
        "drawings": {},  # render key -> Drawing, once however many pages show it
        "machines": {},  # content digest -> StateMachine
        "problems": {},  # docname -> [(message, subtype, line)]
        "referrers": {},  # docname -> True, for pages with :one:state: links
        "owners": {},  # what owner() answered when pages were last written
    }

    @classmethod
    def of(cls, env: BuildEnvironment) -> OneStatesDomain:
        return cast("OneStatesDomain", env.domains[cls.name])

    # -- typed access to the data ----------------------------------------------------------
    @property
    def targets(self) -> Targets:
        return cast("Targets", self.data["targets"])

    @property
    def figures(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data["figures"])

    @property
    def graphs(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data["graphs"])

    @property
    def views(self) -> dict[str, dict[str, int]]:
        return cast("dict[str, dict[str, int]]", self.data["views"])

    @property
    def drawings(self) -> dict[str, Drawing]:
        return cast("dict[str, Drawing]", self.data["drawings"])

    def wanted_drawings(self) -> dict[str, Drawing]:
        """The drawings some page shows (others are forgotten: their pages changed or went)."""
        used = {key for views in self.views.values() for key in views}
        for key in set(self.drawings) - used:
            del self.drawings[key]
        return dict(self.drawings)

    @property
    def machines(self) -> dict[str, StateMachine]:
        return cast("dict[str, StateMachine]", self.data["machines"])

    @property
    def referrers(self) -> dict[str, bool]:
        return cast("dict[str, bool]", self.data["referrers"])

    @property
    def problems(self) -> dict[str, list[tuple[str, str, int | None]]]:
        return cast("dict[str, list[tuple[str, str, int | None]]]", self.data["problems"])

    # -- recording, while reading ------------------------------------------------------------
    def note_graph(self, docname: str, graph: str, digest: str) -> None:
        self.graphs.setdefault(docname, {})[graph] = digest

    def note_state(self, graph: str, state: str, docname: str, anchor: str, title: str) -> None:
        self.targets.setdefault((graph, state), {}).setdefault(docname, (anchor, title))

    def note_figure(self, graph: str, docname: str, anchor: str) -> None:
        self.figures.setdefault(graph, {}).setdefault(docname, anchor)

    def note_view(self, docname: str, key: str, drawing: Drawing, line: int) -> None:
        self.views.setdefault(docname, {})[key] = line
        self.drawings.setdefault(key, drawing)

    # -- lookups ------------------------------------------------------------------------------
    def owner(self, graph: str, state: str) -> tuple[str, str, str] | None:
        """(docname, anchor, graph title) of the page that owns a state: first by document name."""
        pages = self.targets.get((graph, state))
        if not pages:
            return None
        docname = min(pages)
        anchor, title = pages[docname]
        return docname, anchor, title

    def pages_to_rewrite(self) -> list[str]:
        """Pages whose links may point elsewhere now, because a state or figure changed owner.

        Called once per build after reading; Sphinx then writes these pages again
        even though their sources did not change.
        """
        owners = {
            "states": {f"{g}/{s}": self.owner(g, s) for g, s in self.targets},
            "figures": {graph: min(pages) for graph, pages in self.figures.items()},
        }
        if owners == self.data["owners"]:
            return []
        self.data["owners"] = owners
        return sorted(set(self.referrers) | set(self.graphs))

    def index_entries(self) -> dict[str, list[tuple[str, str, str, str, str | None]]]:
        """Index entries for every state, on the page that owns it: under its name and its graph."""
        entries: dict[str, list[tuple[str, str, str, str, str | None]]] = {}
        for graph, state in sorted(self.targets):
            owner = self.owner(graph, state)
            if owner is not None:
                docname, anchor, title = owner
                entries.setdefault(docname, []).extend(
                    [
                        ("single", f"{visible(state)} (state of {title})", anchor, "", None),
                        ("pair", f"{graph} state; {visible(state)}", anchor, "", None),
                    ]
                )
        return entries

    def figure_of(self, graph: str, docname: str) -> tuple[str, str] | None:
        """The figure of ``graph`` on ``docname`` if there is one, else its first figure."""
        pages = self.figures.get(graph)
        if not pages:
            return None
        page = docname if docname in pages else min(pages)
        return page, pages[page]

    def find(self, target: str, docname: str) -> tuple[str, str] | list[tuple[str, str]]:
        """Resolve ``graph/STATE`` or a bare ``STATE``: the (graph, state), or the candidates."""
        known = {key for key in self.targets}
        for graph in sorted({g for g, _ in known}, key=len, reverse=True):
            if target.startswith(graph + "/"):
                state = target[len(graph) + 1 :]
                if (graph, state) in known:
                    return graph, state
                folded = [key for key in known if key[0] == graph and key[1].lower() == state.lower()]
                return folded[0] if len(folded) == 1 else folded
        candidates = [key for key in known if key[1] == target]
        if len(candidates) > 1:
            on_page = [key for key in candidates if key[0] in self.graphs.get(docname, {})]
            candidates = on_page or candidates
        if not candidates:
            candidates = [key for key in known if key[1].lower() == target.lower()]
        return candidates[0] if len(candidates) == 1 else sorted(candidates)

    # -- Domain API ----------------------------------------------------------------------------
    def clear_doc(self, docname: str) -> None:
        for table in (self.targets, self.figures):
            for key in list(table):
                table[key].pop(docname, None)  # type: ignore[index]
                if not table[key]:  # type: ignore[index]
                    del table[key]  # type: ignore[arg-type]
        for per_doc in (self.graphs, self.views, self.problems, self.referrers):
            per_doc.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, pages in otherdata["targets"].items():
            for docname, value in pages.items():
                if docname in docnames:
                    self.targets.setdefault(key, {})[docname] = value
        for graph, pages in otherdata["figures"].items():
            for docname, anchor in pages.items():
                if docname in docnames:
                    self.figures.setdefault(graph, {})[docname] = anchor
        for name in ("graphs", "views", "problems", "referrers"):
            for docname, value in otherdata[name].items():
                if docname in docnames:
                    self.data[name][docname] = value
        self.machines.update(otherdata["machines"])
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
            return None  # reported by missing_reference_message, after intersphinx had its turn
        owner = self.owner(*found)
        assert owner is not None
        docname, anchor, _title = owner
        if not node.get("refexplicit"):
            contnode = nodes.literal(found[1], found[1], classes=["xref", "one", "one-state"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, f"{found[0]}/{found[1]}")

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
        docname, anchor, _label = owner
        return [("one:state", make_refnode(builder, fromdocname, docname, anchor, contnode, target))]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for graph, state in sorted(self.targets):
            owner = self.owner(graph, state)
            if owner is not None:
                docname, anchor, _title = owner
                yield f"{graph}/{state}", state, "state", docname, anchor, 1
