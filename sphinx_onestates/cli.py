"""``sphinx-onestates``: list, show, render and check state-machine graphs."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .core.builtin import DEFAULT_RELEASE, builtin_names, builtin_path, check_release
from .core.catalog import Catalog, catalog_from_machine, load_catalog, reconcile, to_toml
from .core.check import check
from .core.diff import diff
from .core.errors import OneStatesError
from .core.files import check_readable
from .core.model import KINDS, Problem, StateMachine, no_states
from .core.names import graph_choice
from .core.options import CHOICES, Options, cli_option, parse_options, table_columns
from .core.order import ordered
from .core.subtypes import Subtype
from .core.table import format_text
from .core.view import View, build_view
from .dot.interpret import load_file
from .dot.runner import FORMATS, render
from .dot.write import emit_dot


def graph_path(name: str, release: str = DEFAULT_RELEASE) -> tuple[Path, str]:
    """A built-in graph's file (of ``release``), or the given path; and the graph of it to read (``multi.dot#b``)."""
    builtin = builtin_path(name, release)
    if builtin is not None:
        return builtin, ""
    path, graph = graph_choice(name)
    return Path(path), graph


def load(name: str, release: str = DEFAULT_RELEASE) -> StateMachine:
    path, graph = graph_path(name, release)
    if not path.exists():
        known = ", ".join(builtin_names(release))
        raise OneStatesError(f"no built-in graph or file {name!r} (built-in graphs: {known})", subtype=Subtype.FILE)
    check_readable(path)  # a FIFO or a device would hang, a huge file flood the memory
    return load_file(path, graph=graph)


def error_line(error: OneStatesError) -> str:
    """How the tool reports a bad input: one line, located when the error knows where."""
    return f"sphinx-onestates: {error}" if error.source else f"sphinx-onestates: {error.message}"


#: The command line's options that are directive options: argparse's name -> the directive's.
SHARED_OPTIONS = {
    "states": "states",
    "exclude": "exclude",
    "around": "around",
    "depth": "depth",
    "direction": "direction",
    "edges": "edges",
    "hidden": "hidden",
    "group_by": "group-by",
    "highlight": "highlight",
    "layout": "layout",
    "columns": "columns",
    "sort": "sort",
    "table_group": "table-group",
}


def options_of(args: argparse.Namespace, table: str) -> Options:
    """The options given on the command line, checked as the directive checks its own.

    ``table`` is what the command makes: ``only`` a table (show) or ``none`` (render).
    """
    raw = {name: getattr(args, dest) for dest, name in SHARED_OPTIONS.items() if getattr(args, dest, None) is not None}
    options, problems = parse_options(raw, table, spell=cli_option)
    if problems:  # each on stderr; the last raised, so main() prints it and exits 2
        for problem in problems[:-1]:
            print(f"sphinx-onestates: {problem.message}", file=sys.stderr)
        raise problems[-1]
    return options


def release_of(args: argparse.Namespace) -> str:
    """The ``--release`` given (checked), or the default."""
    release: str = getattr(args, "release", None) or DEFAULT_RELEASE
    check_release(release)
    return release


def _view(args: argparse.Namespace, options: Options) -> View:
    machine = load(args.graph, release_of(args))
    if not machine.states:
        raise OneStatesError(no_states(machine), source=machine.source, subtype=Subtype.EMPTY)
    view = build_view(machine, options.selection, hidden=options.hidden, group_by=options.group_by)
    if not view.states:
        raise OneStatesError("the selection leaves no state to show", subtype=Subtype.EMPTY)
    return view


def cmd_list(args: argparse.Namespace) -> int:
    release = release_of(args)
    names = builtin_names(release)
    width = max(len(name) for name in names)
    for name in names:
        machine = load(name, release)
        print(f"{name:<{width}}  {len(machine.states):>3} states  {machine.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    options = options_of(args, "only")
    view = _view(args, options)
    order = ordered(view, options.sort, options.table_group)
    sys.stdout.write(format_text(view, table_columns(options, view, spell=cli_option), order))
    return 0


def _cannot_write(output: Path, reason: str) -> OneStatesError:
    return OneStatesError(f"cannot write the output: {reason}", source=output, subtype=Subtype.FILE)


def check_output(output: Path) -> None:
    """Refuse, before drawing, an output that is a folder or whose folder is missing."""
    if output.is_dir():
        raise _cannot_write(output, "it is a directory")
    folder = output.parent
    if not folder.exists():
        raise _cannot_write(output, f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise _cannot_write(output, f"{folder} is not a folder")


def write_output(output: Path, data: bytes) -> None:
    """Write ``data`` to ``output``; a FIFO only when something reads it (opening it would wait for ever)."""
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise _cannot_write(output, "it is a FIFO (named pipe) that nobody reads") from exc
        raise _cannot_write(output, exc.strerror or str(exc)) from exc
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
    except OSError as exc:
        raise _cannot_write(output, exc.strerror or str(exc)) from exc


def cmd_render(args: argparse.Namespace) -> int:
    options = options_of(args, "none")
    output = Path(args.output)
    fmt = args.format or output.suffix.lstrip(".").lower()
    if fmt != "dot" and fmt not in FORMATS:
        raise OneStatesError(
            f"cannot tell the format from {output.name!r}: use .svg, .png, .pdf or .dot", subtype=Subtype.OPTION
        )
    check_output(output)
    view = _view(args, options)
    layout = options.layout
    if fmt == "dot":
        write_output(output, emit_dot(view, layout).encode("utf-8"))
        return 0
    write_output(output, render(emit_dot(view, layout), fmt, engine=layout.engine))
    print(f"wrote {output} ({len(view.states)} states, {len(view.transitions)} transitions)")
    return 0


def load_catalog_or_graph(name: str, release: str) -> Catalog:
    """A TOML catalogue, or the catalogue of a graph (built-in name or DOT file)."""
    if name.endswith(".toml"):
        return load_catalog(Path(name))
    return catalog_from_machine(load(name, release))


def cmd_catalog(args: argparse.Namespace) -> int:
    sys.stdout.write(to_toml(catalog_from_machine(load(args.graph, release_of(args)))))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    release = release_of(args)
    reference = load_catalog_or_graph(args.against, release) if args.against else None
    if reference is not None and reference.problems:  # a catalogue's wrong values: bad input, one line each
        for problem in reference.problems:
            print(f"sphinx-onestates: {problem}", file=sys.stderr)
        return 2
    found = 0
    unreadable = False
    for name in args.files:
        try:
            machine = load(name, release)
        except OneStatesError as exc:
            print(error_line(exc), file=sys.stderr)
            unreadable = True
            continue
        drift: list[Problem] = []
        if reference is not None:  # checked as the build checks a graph with its :catalog:
            machine, drift = reconcile(machine, reference)
        problems = check(machine) + drift
        for problem in problems:
            print(problem)
        found += len(problems)
    if unreadable:
        return 2
    return 1 if found else 0


def cmd_diff(args: argparse.Namespace) -> int:
    """``diff OLD NEW GRAPH`` (two releases of a built-in graph) or ``diff OLD NEW`` (two graphs)."""
    if args.graph is None:
        release = release_of(args)
        old, new = load(args.old, release), load(args.new, release)
    else:
        check_release(args.old)
        check_release(args.new)
        old, new = load(args.graph, args.old), load(args.graph, args.new)
    heading = f"{args.graph or old.title}: {args.old} -> {args.new}"
    print(heading, "=" * len(heading), "", *diff(old, new).lines(args.old, args.new), sep="\n")
    return 0


def _choices(option: str) -> str:
    """A choice option's values as argparse shows ``choices``: ``{in,out,both}``."""
    return "{" + ",".join(CHOICES[option]) + "}"


def _add_release(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--release", help=f"the release line of the built-in graphs (default {DEFAULT_RELEASE})")


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "graph", help="a built-in graph name (see 'list') or a DOT file (file.dot#name: one graph of several)"
    )
    _add_release(parser)
    parser.add_argument("--states", help="states to show: names, globs (PROLOG*) or short names")
    parser.add_argument("--exclude", help="states to leave out (same syntax)")
    parser.add_argument("--around", help="show the neighbourhood of these states")
    # values are checked by parse_options, as the directive's are, not by argparse (no type=, no choices=)
    parser.add_argument("--depth", help="how many transitions away --around reaches (default 1)")
    parser.add_argument("--direction", metavar=_choices("direction"), help="direction for --around")
    parser.add_argument("--edges", help=f"kinds of transition to keep: {', '.join(KINDS)}")
    parser.add_argument("--hidden", metavar=_choices("hidden"), help="what to draw for hidden states")
    parser.add_argument("--group-by", metavar=_choices("group-by"), help="merge states that share a CLI short name")


class Parser(argparse.ArgumentParser):
    """argparse, its complaints on one line like the tool's others (not the usage and the error)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"sphinx-onestates: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="sphinx-onestates", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="the built-in graphs of a release")
    _add_release(listing)
    listing.set_defaults(run=cmd_list)
    show = commands.add_parser("show", help="print the state reference table")
    _add_selection(show)
    show.add_argument("--columns", help="columns: state, short, meaning, in, out and code names")
    show.add_argument("--sort", metavar=_choices("sort"), help="order of the rows (default: graph)")
    show.add_argument("--table-group", metavar=_choices("table-group"), help="parent: list states under their frame")
    show.set_defaults(run=cmd_show)
    draw = commands.add_parser("render", help="draw a graph to SVG, PNG, PDF (or the generated DOT)")
    _add_selection(draw)
    draw.add_argument("-o", "--output", required=True, help="output file: .svg, .png, .pdf or .dot")
    draw.add_argument("-T", "--format", choices=(*FORMATS, "dot"), help="output format (default: from -o)")
    draw.add_argument("--highlight", help="states to emphasise")
    draw.add_argument("--layout", help="TB, LR, BT, RL, or a Graphviz engine (neato, circo, ...)")
    draw.set_defaults(run=cmd_render)
    lint = commands.add_parser("check", help="check graphs for consistency (exit 1 on problems, 2 on bad input)")
    lint.add_argument("files", nargs="+", help="DOT files or built-in graph names")
    lint.add_argument("--against", help="also compare the states with a catalogue (.toml) or a graph (vm-complete)")
    _add_release(lint)
    lint.set_defaults(run=cmd_check)
    compare = commands.add_parser("diff", help="the states and transitions added, removed and renamed")
    compare.add_argument("old", help="the older release (2016-03), or the older graph when no GRAPH is given")
    compare.add_argument("new", help="the newer release (7.4), or the newer graph")
    compare.add_argument("graph", nargs="?", help="a built-in graph name, compared between the releases OLD and NEW")
    compare.add_argument("--release", help="with two graphs: the release line of built-in names")
    compare.set_defaults(run=cmd_diff)
    export = commands.add_parser("catalog", help="print a graph's states as a TOML catalogue")
    export.add_argument("graph", help="a built-in graph name or a DOT file")
    _add_release(export)
    export.set_defaults(run=cmd_catalog)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except OneStatesError as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    return status
