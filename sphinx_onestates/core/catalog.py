"""State catalogues: the facts of a plain DOT file's states, kept beside it in TOML.

A catalogue lists the states a machine really has (codes, short name,
meaning, other names they are drawn under) and the states it no longer has.
Reconciling a graph with its catalogue fills in the facts and reports how the
drawing and the catalogue disagree. A catalogue can also be exported from any
graph in the project's format (``sphinx-onestates catalog vm-complete``).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import OneStatesError
from .files import read_bytes
from .model import (
    FIXED_COLUMNS,
    KINDS,
    TONES,
    Kind,
    Problem,
    State,
    StateMachine,
    default_columns,
    visible,
    with_text_columns,
    xml_safe,
)
from .names import suggest
from .subtypes import Subtype

#: The keys of a catalogue, and of each of its entries besides the code columns.
TOP_KEYS = ("title", "codes", "columns", "states", "retired", "kinds")
ENTRY_KEYS = ("short", "meaning", "short_meaning", "aliases")
#: Names a code column may not have: the table's fixed columns, and the entries' own keys.
RESERVED = (*FIXED_COLUMNS, "short_meaning", "aliases")


@dataclass(frozen=True)
class Entry:
    """One state of a catalogue."""

    name: str
    codes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    short: str | None = None
    meaning: str | None = None
    aliases: tuple[str, ...] = ()
    #: What the state's short name means as a whole (graphs/README.md, ``short_meaning``).
    short_meaning: str | None = None
    #: The state's cells in the catalogue's own text columns (``columns``).
    texts: dict[str, str] = field(default_factory=dict)
    #: Where the catalogue writes it (``[states.NAME]``), when it comes from a file.
    line: int | None = field(default=None, compare=False)

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
    #: The values of the wrong type, left out (located in the catalogue; rule ``catalog``).
    problems: tuple[Problem, ...] = ()
    #: Whether the catalogue writes its title (else it is the file's name).
    titled: bool = False
    #: Colour family -> the kind of the edges a plain DOT file draws in it (``[kinds] automatic = ["grey"]``).
    kinds: dict[str, Kind] = field(default_factory=dict)
    #: Columns of text the catalogue adds to the table (``columns = ["Sunstone"]``), headed by their names.
    columns: tuple[str, ...] = ()


# -- reading ----------------------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_PART = r"""\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*"""
_DOTTED = rf"{_PART}(?:\.{_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?({_DOTTED})\]")
_ASSIGN = re.compile(rf"^({_DOTTED})=")
_TOKEN = re.compile(r"""("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)""")


def _key_path(*parts: str) -> str:
    """A dotted TOML key as written: ``states.A.short``, ``states."a b"``."""
    return ".".join(part if _BARE.fullmatch(part) else json.dumps(part, ensure_ascii=False) for part in parts)


def _unquote_key(token: str) -> str:
    if token.startswith("'"):
        return token[1:-1]
    if token.startswith('"'):
        try:
            return str(tomllib.loads(f"k = {token}")["k"])
        except tomllib.TOMLDecodeError:
            return token[1:-1]
    return token


class _Lines:
    """Where each table header and key is in a catalogue's text: a simple scan, as tomllib gives no positions."""

    def __init__(self, text: str) -> None:
        self.keys: list[tuple[int, tuple[str, ...]]] = []
        table: tuple[str, ...] = ()
        inside: str | None = None  # the quotes of a multi-line string the line is in
        for number, line in enumerate(text.split("\n"), 1):
            if inside is not None:
                if line.count(inside) % 2:
                    inside = None
                continue
            header, assign = _HEADER.match(line), _ASSIGN.match(line)
            if header:
                table = self._parts(header.group(1))
                self.keys.append((number, table))
            elif assign:
                self.keys.append((number, table + self._parts(assign.group(1))))
            inside = next((quotes for quotes in ('"""', "'''") if line.count(quotes) % 2), None)

    @staticmethod
    def _parts(dotted: str) -> tuple[str, ...]:
        return tuple(_unquote_key(token) for token in _TOKEN.findall(dotted))

    def of(self, path: tuple[str, ...]) -> int | None:
        """The line of a key: where it, or a key inside it, is written, else where the closest table around it is."""
        for number, found in self.keys:
            if found[: len(path)] == path:
                return number
        around = [(len(found), -number) for number, found in self.keys if path[: len(found)] == found]
        return -max(around)[1] if around else None


def _describe(value: Any) -> str:
    """A TOML value as a message names it: ``the integer 3``, ``the array ['a']``, ``a table``."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a table"
    kinds = {int: "integer", float: "float", str: "string", list: "array"}
    kind = next((name for python, name in kinds.items() if isinstance(value, python)), None)
    if kind is None:
        return f"a {type(value).__name__}"  # the dates and times of TOML
    shown = repr(value)
    return f"the {kind} {shown if len(shown) <= 60 else shown[:57] + '...'}"


def _is_code(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Shape:
    """The catalogue's values checked against its format: the good ones kept, one problem per wrong one."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = _Lines(text)
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str, ...], message: str) -> None:
        self.problems.append(Problem(self.source, self.lines.of(path), message, "catalog"))

    def unknown(self, path: tuple[str, ...], known: list[str]) -> str:
        key = path[-1]
        hint = suggest(key, known) or f" (use {', '.join(known)})"
        return f"unknown key {key!r}{hint}"

    def column_names(
        self, data: dict[str, Any], key: str = "codes", taken: tuple[str, ...] = ()
    ) -> tuple[tuple[str, ...] | None, set[str]]:
        """The column names listed under ``key`` (``codes``, or ``columns``, the text columns; None when it is
        no array), and the reserved names left out of them; ``taken``: the code columns, for ``columns``."""
        value = data.get(key, [])
        what = "a code column" if key == "codes" else "a text column"
        if not isinstance(value, list):
            hint = f" (write {key} = [{_toml_string(value)}])" if isinstance(value, str) else ""
            self.problem((key,), f"{key} must be an array of column names, not {_describe(value)}{hint}")
            return None, set()
        codes: list[str] = []
        reserved: set[str] = set()
        for item in value:
            if not isinstance(item, str):
                self.problem((key,), f"{key}: {_describe(item)} is not a column name")
            elif not item.strip():
                self.problem((key,), f"{key}: {item!r} is not a column name")
            elif item in RESERVED:
                reserved.add(item)
                names = ", ".join(RESERVED)
                self.problem((key,), f"{key}: {item!r} is a reserved name ({names}), not {what}")
            elif item in taken:
                reserved.add(item)
                self.problem((key,), f"{key}: {item!r} is a code column already")
            elif item in codes:
                self.problem((key,), f"{key}: {item!r} is listed twice")
            else:
                codes.append(item)
        return tuple(codes), reserved

    def kinds(self, data: dict[str, Any]) -> dict[str, Kind]:
        """``[kinds]``: kind -> the colour families of the edges of that kind; as colour family -> kind."""
        value = data.get("kinds", {})
        if not isinstance(value, dict):
            self.problem(("kinds",), f"kinds must be a table ([kinds]), not {_describe(value)}")
            return {}
        found: dict[str, Kind] = {}
        for kind, families in value.items():
            path = ("kinds", kind)
            if kind not in KINDS:
                self.problem(path, self.unknown(path, list(KINDS)))
                continue
            if not isinstance(families, list):
                families = [families]
            for family in families:
                name = family.replace("gray", "grey") if isinstance(family, str) else family
                if name not in TONES:
                    self.problem(path, f"kinds.{kind}: {_describe(family)} is no colour family ({', '.join(TONES)})")
                elif name in found:
                    self.problem(path, f"kinds.{kind}: {name!r} is already the colour of kind {found[name]}")
                else:
                    found[name] = kind
        return found

    def entries(
        self,
        data: dict[str, Any],
        section: str,
        codes: tuple[str, ...] | None,
        reserved: set[str],
        texts: tuple[str, ...] = (),
    ) -> dict[str, Entry]:
        value = data.get(section, {})
        if not isinstance(value, dict):
            self.problem((section,), f"{section} must be a table of states ([{section}.NAME]), not {_describe(value)}")
            return {}
        entries = {}
        for name, table in value.items():
            where = _key_path(section, name)
            if isinstance(table, dict):
                entries[name] = self.entry((section, name), table, codes, reserved, texts)
            else:
                self.problem((section, name), f"{where} must be a table ([{where}]), not {_describe(table)}")
        return entries

    def entry(
        self,
        where: tuple[str, str],
        table: dict[str, Any],
        codes: tuple[str, ...] | None,
        reserved: set[str],
        texts: tuple[str, ...] = (),
    ) -> Entry:
        """One entry. Without an array of ``codes``, keys that may have been code columns are left out quietly."""
        facts: dict[str, Any] = {}
        found: dict[str, tuple[int, ...]] = {}
        cells: dict[str, str] = {}
        for key, value in table.items():
            path = (*where, key)
            if key in texts:
                if isinstance(value, str):
                    cells[key] = value
                else:
                    self.problem(path, f"{_key_path(*path)} must be a string, not {_describe(value)}")
                continue
            if key in ("short", "meaning", "short_meaning"):
                expected, good = "a string", isinstance(value, str)
            elif key == "aliases":
                expected = "an array of names"
                good = isinstance(value, list) and all(isinstance(alias, str) for alias in value)
            elif codes is not None and key in codes:
                values = value if isinstance(value, list) else [value]
                expected, good = "an integer or an array of integers", all(map(_is_code, values))
                if good:
                    found[key] = tuple(values)
                    continue
            elif codes is None or key in reserved:
                continue
            else:
                self.problem(path, f"{_key_path(*where)}: {self.unknown(path, [*codes, *ENTRY_KEYS, *texts])}")
                continue
            if good:
                facts[key] = value
            else:
                self.problem(path, f"{_key_path(*path)} must be {expected}, not {_describe(value)}")
        in_order = {column: found[column] for column in codes or () if column in found}
        aliases = tuple(facts.get("aliases", ()))
        return Entry(
            where[1],
            in_order,
            facts.get("short"),
            facts.get("meaning"),
            aliases,
            facts.get("short_meaning"),
            {column: cells[column] for column in texts if column in cells},
            self.lines.of(where),
        )


def parse_catalog(text: str, source: str, title: str = "") -> Catalog:
    """A catalogue's TOML text as a :class:`Catalog`; each wrong value left out, as one of its ``problems``.

    Text that is no TOML at all raises :class:`OneStatesError` (``catalog``), with the line. ``title``
    is the title when the catalogue has none (the file's name).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise OneStatesError(
            f"not a valid TOML catalogue: {exc}", source=source, line=line, subtype=Subtype.CATALOG
        ) from exc
    except (ValueError, RecursionError) as exc:  # tomllib: an integer of over 4300 digits, arrays nested deep
        reason = "a number too long" if isinstance(exc, ValueError) else "values nested too deep"
        raise OneStatesError(
            f"not a catalogue this extension reads: {reason}", source=source, subtype=Subtype.CATALOG
        ) from None
    shape = _Shape(text, source)
    for key in data:
        if key not in TOP_KEYS:
            shape.problem((key,), shape.unknown((key,), list(TOP_KEYS)))
    given = data.get("title", title)
    if not isinstance(given, str):
        shape.problem(("title",), f"title must be a string, not {_describe(given)}")
        given = title
    codes, reserved = shape.column_names(data)
    texts, not_texts = shape.column_names(data, "columns", codes or ())
    states = shape.entries(data, "states", codes, reserved | not_texts, texts or ())
    retired = shape.entries(data, "retired", codes, reserved)
    titled = isinstance(data.get("title"), str)
    kinds = shape.kinds(data)
    problems = tuple(shape.problems)
    return Catalog(given, codes or (), states, retired, source, problems, titled, kinds, texts or ())


def read_catalog_text(path: Path, source: str | None = None) -> str:
    """A catalogue file's text: a located :class:`OneStatesError` (``catalog``) when it cannot be read.

    Refused like graph files: what is not a regular file, or more than
    :data:`~sphinx_onestates.core.files.MAX_BYTES`.
    """
    where = source or str(path)
    data = read_bytes(path, "the catalogue", source=where, subtype=Subtype.CATALOG)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"the file is not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise OneStatesError(message, source=where, line=line, subtype=Subtype.CATALOG) from exc


def load_catalog(path: Path, source: str | None = None) -> Catalog:
    """Read a TOML catalogue (:func:`read_catalog_text`, :func:`parse_catalog`); ``source`` names it in messages."""
    where = source or str(path)
    return parse_catalog(read_catalog_text(path, where), where, path.stem)


_DIGITS = re.compile(r"[0-9]+")


def catalog_from_machine(machine: StateMachine) -> Catalog:
    """A graph's states as a catalogue (parents, which only frame others, are left out)."""
    states = {
        s.name: Entry(s.name, dict(s.codes), s.short, s.meaning, s.aliases, s.short_meaning)
        for s in machine.states.values()
        if not machine.children(s.name)
    }
    retired = {}
    for item in machine.attributes.get("retired", "").replace(",", " ").split():
        qualified, equals, code = item.partition("=")
        column, _, name = qualified.rpartition(".")
        # digits 0-9 only: str.isdigit() also takes superscripts ('²'), which int() refuses
        if not name or (equals and not _DIGITS.fullmatch(code)):
            raise OneStatesError(
                f"the graph attribute retired holds {item!r}: write COLUMN.NAME=CODE, the code in digits 0-9",
                source=machine.source,
                subtype=Subtype.GRAPH,
            )
        retired[name] = Entry(name, {column or "code": (int(code),)} if code else {})
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
            if entry.short_meaning:
                lines.append(f"short_meaning = {_toml_string(entry.short_meaning)}")
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
    problems: list[Problem] = list(catalog.problems)

    def problem(line: int | None, message: str) -> None:
        problems.append(Problem(machine.source, line, message, "catalog"))

    states: dict[str, State] = {}
    seen: set[str] = set()
    for state in machine.states.values():
        found = _match(catalog, state.name)
        if found is None and state.label != state.name:
            found = _match(catalog, state.label)  # a drawing that names its states by label
        if found is None and state.frame:
            states[state.name] = state  # a producer's frame: no catalogue needs to list it
            continue
        if found is None:
            hint = suggest(state.name, [*catalog.states, *(a for e in catalog.states.values() for a in e.aliases)])
            problem(state.line, f"state {state.name!r} is not in the catalogue {xml_safe(catalog.title)!r}{hint}")
            states[state.name] = state
            continue
        how, entry = found
        if how == "retired":
            retired = f"{xml_safe(entry.name)}, retired ({entry.code_text()}) in {xml_safe(catalog.title)!r}"
            problem(state.line, f"state {state.name!r} is {retired}")
            states[state.name] = state
            continue
        if how == "alias":
            listed = f" ({entry.code_text()})" if entry.code_text() else ""
            problem(state.line, f"state {state.name!r} is drawn under an alias of {xml_safe(entry.name)}{listed}")
        seen.add(entry.name)
        states[state.name] = replace(
            state,
            label=visible(entry.name),  # shown by the catalogue's name (graphs/README.md, *States*)
            codes={**entry.codes, **state.codes},
            short=state.short if state.short is not None else entry.short,
            meaning=state.meaning if state.meaning is not None else entry.meaning,
            texts={**state.texts, **_texts(entry)},
            declared=True,  # the catalogue declares it, also when the drawing only names it in edges
        )
    for entry in catalog.states.values():
        if entry.name not in seen:
            listed = f" ({entry.code_text()})" if entry.code_text() else ""
            problems.append(
                Problem(
                    catalog.source if entry.line else machine.source,  # its [states.NAME] line, if any
                    entry.line,
                    f"catalogue state {xml_safe(entry.name)}{listed} is missing from the graph",
                    "catalog",
                )
            )
    codes = machine.codes or catalog.codes
    # the graph's own title or label first; the catalogue's before a graph name or file name
    own_title = machine.attributes.get("title", "").strip() or machine.attributes.get("label", "").strip()
    title = xml_safe(catalog.title) if catalog.titled and catalog.title.strip() and not own_title else machine.title
    transitions = [
        replace(t, kind=catalog.kinds[t.tone]) if t.tone in catalog.kinds else t for t in machine.transitions
    ]
    enriched = replace(
        machine,
        title=title,
        states=states,
        codes=codes,
        transitions=transitions,
        catalog_problems=problems,
        text_columns=(*machine.text_columns, *(c for c in catalog.columns if c not in machine.text_columns)),
    )
    if not machine.attributes.get("columns"):
        enriched.columns = default_columns(enriched)
    enriched.columns = with_text_columns(enriched.columns, catalog.columns)
    return enriched, problems


def _texts(entry: Entry) -> dict[str, str]:
    return {column: xml_safe(" ".join(text.split())) for column, text in entry.texts.items()}


def override(machine: StateMachine, catalog: Catalog) -> tuple[StateMachine, list[Problem]]:
    """A complete graph (a built-in) in a project's own words: the catalogue's meanings (and short names'
    meanings, ``short_meaning``) replace the graph's, and its text columns (``columns``) join the table,
    before the meaning.

    The graph keeps its facts: codes, short names and transitions are its own, and a catalogue state
    need not list them. A catalogue may name only the states it rewords; a name that is no state of
    the graph (nor one of its aliases) is a problem, and facts it gives that differ from the graph's too.
    """
    problems: list[Problem] = list(catalog.problems)
    states = dict(machine.states)
    by_alias = {alias: state.name for state in machine.states.values() for alias in state.aliases}
    for entry in catalog.states.values():
        name = entry.name if entry.name in states else by_alias.get(entry.name)
        where = catalog.source if entry.line else machine.source
        if name is None:
            hint = suggest(entry.name, list(states))
            message = f"catalogue state {xml_safe(entry.name)!r} is not a state of {machine.title!r}{hint}"
            problems.append(Problem(where, entry.line, message, "catalog"))
            continue
        state = states[name]
        differing = [column for column, codes in entry.codes.items() if state.codes.get(column) != codes]
        if entry.short is not None and entry.short != state.short:
            differing.append("short")
        if differing:
            message = (
                f"catalogue state {xml_safe(entry.name)} gives {', '.join(differing)} other than the graph's: "
                "a catalogue rewords a built-in graph, its facts stay the graph's"
            )
            problems.append(Problem(where, entry.line, message, "catalog"))
        if entry.meaning is not None:
            state = replace(state, meaning=xml_safe(entry.meaning))
        if entry.short_meaning is not None:
            state = replace(state, short_meaning=xml_safe(entry.short_meaning))
        states[name] = replace(state, texts={**state.texts, **_texts(entry)})
    title = xml_safe(catalog.title) if catalog.titled and catalog.title.strip() else machine.title
    reworded = replace(
        machine,
        title=title,
        states=states,
        catalog_problems=problems,
        text_columns=(*machine.text_columns, *(c for c in catalog.columns if c not in machine.text_columns)),
        columns=with_text_columns(machine.columns, catalog.columns),
    )
    return reworded, problems
