"""Finding and loading the graph a directive names, once per file content.

Parsed graphs are kept in the domain data, keyed by the file's content hash,
so a graph is parsed once per build and not again until its file changes.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from ..core.builtin import builtin_names, builtin_path
from ..core.catalog import override, parse_catalog, read_catalog_text, reconcile
from ..core.errors import OneStatesError
from ..core.files import check_readable
from ..core.names import graph_choice, suggest
from ..core.subtypes import Subtype
from ..dot.interpret import content_hash, load_text
from ..dot.read import read_text
from .compat import note_dependency
from .config import graph_file, reworded

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..core.model import StateMachine


@dataclass(frozen=True)
class GraphRef:
    """Where a directive's graph comes from."""

    key: str
    path: Path
    catalog: Path | None = None
    #: A built-in graph: a catalogue rewords it (:func:`~..core.catalog.override`) rather than giving it facts.
    builtin: bool = False
    #: Which graph of a file of several (``multi.dot#b``: ``b``); "" for the first.
    graph: str = ""


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
    except ValueError:
        return False
    return True


def with_catalog(env: BuildEnvironment, ref: GraphRef, argument: str | None, docname: str) -> GraphRef:
    """The graph with the catalogue a directive's ``:catalog:`` names (a path, like graph paths)."""
    if not argument:
        return ref
    path = _document_path(env, argument, docname, "catalogue")
    return replace(ref, catalog=path)


def _document_path(env: BuildEnvironment, argument: str, docname: str, what: str) -> Path:
    """A path relative to the document (or /-rooted at the source dir), refused outside it."""
    _rel, absolute = env.relfn2path(argument, docname)
    path = Path(absolute)
    allowed = [Path(env.srcdir), *map(Path, env.config.onestates_allowed_dirs)]
    if not any(_inside(path, directory) for directory in allowed):
        raise OneStatesError(
            f"refusing to read {what} {argument!r}: it is outside the source directory "
            "(list its directory in onestates_allowed_dirs to allow it)",
            subtype=Subtype.PATH,
        )
    return path


def builtin_key(name: str, release: str, project_release: str) -> str:
    """The key of a built-in graph: its name, with ``@release`` when that is not the project's release
    (``vm-complete@2016-03``), so that two releases shown in one project keep apart their links and ids."""
    return name if release == project_release else f"{name}@{release}"


def find_graph(env: BuildEnvironment, argument: str, docname: str, release: str | None = None) -> GraphRef:
    """Resolve a directive argument: a registered name, a built-in name (of ``release``, else the project's
    release), or a path."""
    registered = env.config.onestates_graphs
    if argument in registered and not reworded(env.config, argument):
        path, catalog, graph = graph_file(registered[argument])
        return GraphRef(argument, path, catalog, graph=graph)
    project_release = env.config.onestates_release
    chosen = release or project_release
    builtin = builtin_path(argument, chosen)
    if builtin is not None:
        words = registered[argument]["catalog"] if argument in registered else None
        catalog = Path(words) if words else None
        return GraphRef(builtin_key(argument, chosen, project_release), builtin, catalog, builtin=True)
    argument, graph = graph_choice(argument)
    if not argument.endswith((".dot", ".gv")) and "/" not in argument:
        names = sorted({*builtin_names(chosen), *registered})
        raise OneStatesError(
            f"unknown graph {argument!r}{suggest(argument, names)}; "
            f"use a built-in or registered name ({', '.join(names)}) or a path to a .dot file",
            subtype=Subtype.GRAPH,
        )
    path = _document_path(env, argument, docname, "graph")
    for name, spec in registered.items():
        if spec.get("file") is None:
            continue  # a built-in in the project's words: not a file of the project
        registered_path, catalog, registered_graph = graph_file(spec)
        if registered_path.resolve() == path.resolve() and registered_graph == graph:
            return GraphRef(name, path, catalog, graph=graph)
    return GraphRef(path_key(env, path) + (f"#{graph}" if graph else ""), path, graph=graph)


def path_key(env: BuildEnvironment, path: Path) -> str:
    """The key of a graph named by its path: the path from the source directory, ``/``-separated, without
    ``.dot`` or ``.gv`` (``a/door`` for ``a/door.dot``; ``../shared/door`` outside it).

    Two files of one name in two folders are two graphs. Links may also name a graph by its last part
    (``door``) while no other graph's key ends in it (``domain.find_state``).
    """
    relative = PurePath(os.path.relpath(path, env.srcdir)).as_posix()
    root, suffix = posixpath.splitext(relative)
    return root if suffix in (".dot", ".gv") else relative


def display_path(env: BuildEnvironment, path: Path) -> str:
    """A path as warnings show it: relative to the source dir when inside it."""
    try:
        return str(path.resolve().relative_to(Path(env.srcdir).resolve()))
    except ValueError:
        return str(path)


def load_graph(env: BuildEnvironment, ref: GraphRef, docname: str) -> tuple[StateMachine, str]:
    """The graph's model and content digest, parsed at most once per file content.

    The file (and its catalogue) become dependencies of the page, so editing
    either re-reads the page.
    """
    from .domain import OneStatesDomain

    if not ref.path.exists():
        raise OneStatesError(f"graph file {display_path(env, ref.path)} does not exist", subtype=Subtype.GRAPH)
    note_dependency(env, ref.path, docname)  # first: replacing a refused file with a good one reads the page again
    # a FIFO, a device, a folder or a huge file is refused before it is read (it would hang or flood the build)
    check_readable(ref.path, "the graph file", source=display_path(env, ref.path), subtype=Subtype.FILE)
    text = read_text(ref.path)
    digest = content_hash(f"{text}\0#{ref.graph}" if ref.graph else text)
    domain = OneStatesDomain.of(env)
    machine = domain.machines.get(digest)
    if machine is None:
        config = env.config
        timeout = float(config.onestates_timeout)
        machine = load_text(text, display_path(env, ref.path), config.onestates_dot, timeout, ref.graph)
        domain.machines[digest] = machine
    if ref.catalog is None:
        return machine, digest
    catalog_source = display_path(env, ref.catalog)
    if not ref.catalog.exists():
        raise OneStatesError(f"catalogue {catalog_source} does not exist", subtype=Subtype.CATALOG)
    note_dependency(env, ref.catalog, docname)
    catalog_text = read_catalog_text(ref.catalog, catalog_source)
    combined = f"{digest}+{content_hash(catalog_text)}" + ("+words" if ref.builtin else "")
    reconciled = domain.machines.get(combined)
    if reconciled is None:
        # the catalogue's wrong values become warnings (machine.catalog_problems), once per content
        catalog = parse_catalog(catalog_text, catalog_source, ref.catalog.stem)
        apply = override if ref.builtin else reconcile  # a built-in has its facts: the catalogue rewords it
        reconciled, _problems = apply(machine, catalog)
        domain.machines[combined] = reconciled
    return reconciled, combined
