"""State catalogues: the facts of a plain DOT file's states, kept beside it in TOML.

A catalogue lists the states a machine really has (codes, short name,
meaning, other names they are drawn under) and the states it no longer has.
Reconciling a graph with its catalogue fills in the facts and reports how the
drawing and the catalogue disagree. A catalogue can also be exported from any
graph in the project's format (``sphinx-onestates catalog vm-complete``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import OneStatesError
from .model import Problem, State, StateMachine, default_columns
from .names import suggest
from .subtypes import Subtype

_KNOWN_KEYS = {"short", "meaning", "aliases"}


@dataclass(frozen=True)
class Entry:
    """One state of a catalogue."""

    name: str
    codes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    short: str | None = None
    meaning: str | None = None
    aliases: tuple[str, ...] = ()

    def code_text(self) -> str:
        return ", ".join(f"{c} {', '.join(map(str, v))}" for c, v in self.codes.items() if v)


@dataclass(frozen=True)
class Catalog:
    """The states (and retired states) of one machine, with the code columns they use."""

    title: str
    codes: tuple[str, ...]
    states: dict[str, Entry]
    retired: dict[str, Entry] = field(default_factory=dict)
    source: str | None = None


def _entry(name: str, table: Any, codes: tuple[str, ...], source: str) -> Entry:
    if not isinstance(table, dict):
        raise OneStatesError(f"catalogue entry {name!r} must be a table", source=source, subtype=Subtype.CATALOG)
    unknown = set(table) - _KNOWN_KEYS - set(codes)
    if unknown:
        raise OneStatesError(
            f"catalogue entry {name!r} has unknown keys {', '.join(sorted(unknown))} "
            f"(use {', '.join([*codes, *sorted(_KNOWN_KEYS)])})",
            source=source,
            subtype=Subtype.CATALOG,
        )
    entry_codes: dict[str, tuple[int, ...]] = {}
    for column in codes:
        value = table.get(column)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise OneStatesError(
                f"catalogue entry {name!r}: {column} must be an integer or a list of integers",
                source=source,
                subtype=Subtype.CATALOG,
            )
        entry_codes[column] = tuple(values)
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        message = f"catalogue entry {name!r}: aliases must be a list of names"
        raise OneStatesError(message, source=source, subtype=Subtype.CATALOG)
    return Entry(name, entry_codes, table.get("short"), table.get("meaning"), tuple(aliases))


def load_catalog(path: Path) -> Catalog:
    """Read a TOML catalogue; :class:`OneStatesError` (``catalog``) names file and line."""
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OneStatesError(
            f"cannot read the catalogue: {exc.strerror}", source=source, subtype=Subtype.CATALOG
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise OneStatesError(
            f"not a valid TOML catalogue: {exc}", source=source, line=line, subtype=Subtype.CATALOG
        ) from exc
    codes = tuple(data.get("codes", ()))
    states = {name: _entry(name, table, codes, source) for name, table in data.get("states", {}).items()}
    retired = {name: _entry(name, table, codes, source) for name, table in data.get("retired", {}).items()}
    return Catalog(str(data.get("title", path.stem)), codes, states, retired, source)


def catalog_from_machine(machine: StateMachine) -> Catalog:
    """A graph's states as a catalogue (parents, which only frame others, are left out)."""
    states = {
        s.name: Entry(s.name, dict(s.codes), s.short, s.meaning, s.aliases)
        for s in machine.states.values()
        if not machine.children(s.name)
    }
    retired = {}
    for item in machine.attributes.get("retired", "").replace(",", " ").split():
        qualified, _, code = item.partition("=")
        column, _, name = qualified.rpartition(".")
        retired[name] = Entry(name, {column or "code": (int(code),)} if code.isdigit() else {})
    return Catalog(machine.title, machine.codes, states, retired, machine.source)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml(catalog: Catalog) -> str:
    """The catalogue in the TOML format :func:`load_catalog` reads."""
    lines = [f"title = {_toml_string(catalog.title)}", "codes = [" + ", ".join(map(_toml_string, catalog.codes)) + "]"]
    for section, entries in (("states", catalog.states), ("retired", catalog.retired)):
        for entry in entries.values():
            lines += ["", f"[{section}.{_toml_string(entry.name)}]"]
            for column, values in entry.codes.items():
                lines.append(f"{column} = {values[0]}" if len(values) == 1 else f"{column} = {list(values)}")
            if entry.short:
                lines.append(f"short = {_toml_string(entry.short)}")
            if entry.meaning:
                lines.append(f"meaning = {_toml_string(entry.meaning)}")
            if entry.aliases:
                lines.append("aliases = [" + ", ".join(map(_toml_string, entry.aliases)) + "]")
    return "\n".join(lines) + "\n"


def _match(catalog: Catalog, name: str) -> tuple[str, Entry] | None:
    """How a drawn node matches the catalogue: ``exact``, ``case``, ``alias`` or ``retired``."""
    if name in catalog.states:
        return "exact", catalog.states[name]
    for entry in catalog.states.values():
        if name in entry.aliases:
            return "alias", entry
    folded = [entry for entry in catalog.states.values() if entry.name.lower() == name.lower()]
    if len(folded) == 1:
        return "case", folded[0]
    for entry in catalog.retired.values():
        if name.lower() == entry.name.lower() or name in entry.aliases:
            return "retired", entry
    return None


def reconcile(machine: StateMachine, catalog: Catalog) -> tuple[StateMachine, list[Problem]]:
    """The graph with the catalogue's facts filled in, and how the two disagree."""
    problems: list[Problem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(Problem(machine.source, line, message, "catalog"))

    states: dict[str, State] = {}
    seen: set[str] = set()
    for state in machine.states.values():
        found = _match(catalog, state.name)
        if found is None:
            hint = suggest(state.name, [*catalog.states, *(a for e in catalog.states.values() for a in e.aliases)])
            problem(state.line, f"state {state.name!r} is not in the catalogue {catalog.title!r}{hint}")
            states[state.name] = state
            continue
        how, entry = found
        if how == "retired":
            retired = f"{entry.name}, retired ({entry.code_text()}) in {catalog.title!r}"
            problem(state.line, f"state {state.name!r} is {retired}")
            states[state.name] = state
            continue
        if how == "alias":
            problem(state.line, f"state {state.name!r} is drawn under an alias of {entry.name} ({entry.code_text()})")
        seen.add(entry.name)
        states[state.name] = replace(
            state,
            codes={**entry.codes, **state.codes},
            short=state.short if state.short is not None else entry.short,
            meaning=state.meaning if state.meaning is not None else entry.meaning,
        )
    for entry in catalog.states.values():
        if entry.name not in seen:
            problem(None, f"catalogue state {entry.name} ({entry.code_text()}) is missing from the graph")
    codes = machine.codes or catalog.codes
    enriched = replace(machine, states=states, codes=codes, catalog_problems=problems)
    if not machine.attributes.get("columns"):
        enriched.columns = default_columns(enriched)
    return enriched, problems
