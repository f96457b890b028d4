"""``sphinx-onestates``: list, show, render and check state-machine graphs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.builtin import BUILTIN_NAMES, builtin_path
from .core.catalog import Catalog, catalog_from_machine, load_catalog, reconcile, to_toml
from .core.check import check
from .core.errors import OneStatesError
from .core.layout import Layout
from .core.model import KINDS, StateMachine
from .core.names import split_names
from .core.select import Selection
from .core.table import check_columns, format_text
from .core.view import HIDDEN_MODES, View, build_view
from .dot.interpret import load_file
from .dot.runner import FORMATS, render
from .dot.write import emit_dot


def graph_path(name: str) -> Path:
    """A built-in graph's file, or the given path."""
    return builtin_path(name) or Path(name)


def load(name: str) -> StateMachine:
    path = graph_path(name)
    if not path.exists():
        known = ", ".join(BUILTIN_NAMES)
        raise OneStatesError(f"no built-in graph or file {name!r} (built-in graphs: {known})", subtype="file")
    return load_file(path)


def _view(args: argparse.Namespace) -> View:
    machine = load(args.graph)
    kinds = frozenset(split_names(args.edges)) if args.edges else frozenset(KINDS)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise OneStatesError(f"unknown edge kind {', '.join(unknown)} (use {', '.join(KINDS)})", subtype="option")
    selection = Selection(
        states=tuple(split_names(args.states)),
        exclude=tuple(split_names(args.exclude)),
        around=tuple(split_names(args.around)),
        depth=args.depth,
        direction=args.direction,
        kinds=kinds,  # type: ignore[arg-type]
        highlight=tuple(split_names(getattr(args, "highlight", None))),
    )
    view = build_view(machine, selection, hidden=args.hidden, group_by=args.group_by)
    if not view.states:
        raise OneStatesError("the selection leaves no state to show", subtype="empty")
    return view


def cmd_list(args: argparse.Namespace) -> int:
    width = max(len(name) for name in BUILTIN_NAMES)
    for name in BUILTIN_NAMES:
        machine = load(name)
        print(f"{name:<{width}}  {len(machine.states):>3} states  {machine.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    view = _view(args)
    columns = tuple(split_names(args.columns)) or view.machine.columns
    unknown = check_columns(view, columns)
    if unknown:
        raise OneStatesError(f"unknown column {', '.join(unknown)}", subtype="option")
    sys.stdout.write(format_text(view, columns))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    view = _view(args)
    output = Path(args.output)
    fmt = args.format or output.suffix.lstrip(".").lower()
    if fmt == "dot":
        output.write_text(emit_dot(view, Layout.parse(args.layout)), encoding="utf-8")
        return 0
    if fmt not in FORMATS:
        raise OneStatesError(
            f"cannot tell the format from {output.name!r}: use .svg, .png, .pdf or .dot", subtype="option"
        )
    layout = Layout.parse(args.layout)
    output.write_bytes(render(emit_dot(view, layout), fmt, engine=layout.engine))
    print(f"wrote {output} ({len(view.states)} states, {len(view.transitions)} transitions)")
    return 0


def load_catalog_or_graph(name: str) -> Catalog:
    """A TOML catalogue, or the catalogue of a graph (built-in name or DOT file)."""
    if name.endswith(".toml"):
        return load_catalog(Path(name))
    return catalog_from_machine(load(name))


def cmd_catalog(args: argparse.Namespace) -> int:
    sys.stdout.write(to_toml(catalog_from_machine(load(args.graph))))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    reference = load_catalog_or_graph(args.against) if args.against else None
    found = 0
    unreadable = False
    for name in args.files:
        try:
            machine = load(name)
        except OneStatesError as exc:
            print(exc, file=sys.stderr)
            unreadable = True
            continue
        problems = check(machine) + (reconcile(machine, reference)[1] if reference else [])
        for problem in problems:
            print(problem)
        found += len(problems)
    if unreadable:
        return 2
    return 1 if found else 0


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", help="a built-in graph name (see 'list') or a DOT file")
    parser.add_argument("--states", help="states to show: names, globs (PROLOG*) or short names")
    parser.add_argument("--exclude", help="states to leave out (same syntax)")
    parser.add_argument("--around", help="show the neighbourhood of these states")
    parser.add_argument("--depth", type=int, default=1, help="how many transitions away --around reaches (default 1)")
    parser.add_argument("--direction", choices=("in", "out", "both"), default="both", help="direction for --around")
    parser.add_argument("--edges", help="kinds of transition to keep: command, automatic, failure")
    parser.add_argument("--hidden", choices=HIDDEN_MODES, default="paths", help="what to draw for hidden states")
    parser.add_argument("--group-by", choices=("short",), help="merge states that share a CLI short name")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sphinx-onestates", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the built-in graphs").set_defaults(run=cmd_list)
    show = commands.add_parser("show", help="print the state reference table")
    _add_selection(show)
    show.add_argument("--columns", help="columns: state, short, meaning, in, out and code names")
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
    lint.set_defaults(run=cmd_check)
    export = commands.add_parser("catalog", help="print a graph's states as a TOML catalogue")
    export.add_argument("graph", help="a built-in graph name or a DOT file")
    export.set_defaults(run=cmd_catalog)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except OneStatesError as exc:
        print(f"sphinx-onestates: {exc}" if exc.source else f"sphinx-onestates: {exc.message}", file=sys.stderr)
        return 2
    return status
