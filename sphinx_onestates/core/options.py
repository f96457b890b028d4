"""The directive's options, checked in one place with clear, typed warnings.

Every option arrives as text and is validated here rather than by docutils,
so a bad value is an ``onestates.option`` warning that says what is allowed.
The command line builds the same mapping from its arguments and gets the
same checks and messages, with its options spelled as it spells them
(``--depth`` where the directive says ``:depth:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from .errors import OneStatesError
from .layout import Layout
from .model import KINDS, Kind
from .names import split_names
from .select import Direction, Selection
from .subtypes import Subtype
from .table import check_columns
from .view import HIDDEN_MODES, HiddenMode, View

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

#: Where the table goes relative to the figure (``:table:`` and ``onestates_table``).
TABLE_PLACES = ("below", "above", "only", "none")

NAMES = (
    "states",
    "exclude",
    "around",
    "depth",
    "direction",
    "edges",
    "hidden",
    "group-by",
    "highlight",
    "caption",
    "name",
    "alt",
    "align",
    "class",
    "layout",
    "table",
    "columns",
    "legend",
    "no-index",
    "catalog",
)
FLAGS = ("legend", "no-index")
CHOICES: dict[str, tuple[str, ...]] = {
    "direction": ("in", "out", "both"),
    "hidden": HIDDEN_MODES,
    "group-by": ("short",),
    "align": ("left", "center", "right"),
    "table": TABLE_PLACES,
}


def directive_option(name: str) -> str:
    """An option as a directive writes it: ``:depth:``."""
    return f":{name}:"


def cli_option(name: str) -> str:
    """An option as the command line writes it: ``--depth``."""
    return f"--{name}"


def _fail(message: str) -> OneStatesError:
    return OneStatesError(message, subtype=Subtype.OPTION)


def _choice(raw: Mapping[str, str | None], name: str, default: str, spell: Callable[[str], str]) -> str:
    value = (raw.get(name) or "").strip()
    if name in raw and value not in CHOICES[name]:
        raise _fail(f"{spell(name)} must be one of {', '.join(CHOICES[name])}, not {value!r}")
    return value or default


@dataclass(frozen=True)
class Options:
    """What one ``one-states`` directive asked for."""

    selection: Selection
    hidden: HiddenMode
    group_by: str | None
    layout: Layout
    table: str
    columns: tuple[str, ...]
    caption: str | None
    alt: str | None
    align: str | None
    classes: tuple[str, ...]
    legend: bool
    no_index: bool
    catalog: str | None

    @property
    def figure(self) -> bool:
        return self.table != "only"


def parse_options(
    raw: Mapping[str, str | None], default_table: str, *, spell: Callable[[str], str] = directive_option
) -> Options:
    """Validate the raw option texts; :class:`OneStatesError` (``option``) on the first problem.

    ``raw`` maps the options given (by their directive names) to their text, None for a flag
    without one; ``spell`` writes an option's name in messages.
    """
    for flag in FLAGS:
        if (raw.get(flag) or "").strip():
            raise _fail(f"{spell(flag)} takes no value")
    depth_text = (raw.get("depth") or "").strip()
    if "depth" in raw and not re.fullmatch(r"\d+", depth_text):
        raise _fail(f"{spell('depth')} must be a whole number of transitions (0 or more), not {depth_text!r}")
    if ("depth" in raw or "direction" in raw) and "around" not in raw:
        raise _fail(f"{spell('depth')} and {spell('direction')} only apply with {spell('around')}")
    kinds = frozenset(split_names(raw.get("edges"))) or frozenset(KINDS)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise _fail(f"{spell('edges')} names unknown kind {', '.join(unknown)} (use {', '.join(KINDS)})")
    table = _choice(raw, "table", default_table, spell)
    options = Options(
        selection=Selection(
            states=tuple(split_names(raw.get("states"))),
            exclude=tuple(split_names(raw.get("exclude"))),
            around=tuple(split_names(raw.get("around"))),
            depth=int(depth_text or 1),
            direction=cast("Direction", _choice(raw, "direction", "both", spell)),
            kinds=cast("frozenset[Kind]", kinds),
            highlight=tuple(split_names(raw.get("highlight"))),
        ),
        hidden=cast("HiddenMode", _choice(raw, "hidden", "paths", spell)),
        group_by=_choice(raw, "group-by", "", spell) or None,
        layout=Layout.parse(raw.get("layout")),
        table=table,
        columns=tuple(split_names(raw.get("columns"))),
        caption=raw.get("caption"),
        alt=raw.get("alt"),
        align=_choice(raw, "align", "", spell) or None,
        classes=tuple(split_names(raw.get("class"))),
        legend="legend" in raw,
        no_index="no-index" in raw,
        catalog=(raw.get("catalog") or "").strip() or None,
    )
    figure_only = [name for name in ("caption", "alt", "align", "layout", "legend", "highlight", "name") if name in raw]
    if table == "only" and figure_only:
        raise _fail(f"{spell('table')} only draws no figure, so {', '.join(map(spell, figure_only))} cannot apply")
    table_only = [name for name in ("columns", "no-index") if name in raw]
    if table == "none" and table_only:
        raise _fail(f"{spell('table')} none shows no table, so {', '.join(map(spell, table_only))} cannot apply")
    return options


def table_columns(options: Options, view: View, *, spell: Callable[[str], str] = directive_option) -> tuple[str, ...]:
    """The table's columns: the ones asked for, else the graph's; :class:`OneStatesError` for unknown ones."""
    columns = options.columns or view.machine.columns
    unknown = check_columns(view, columns)
    if unknown:
        known = ", ".join(("state", *view.machine.codes, "short", "meaning", "in", "out"))
        raise _fail(f"{spell('columns')} names unknown column {', '.join(unknown)} (known: {known})")
    return columns
