"""The directive's options, checked in one place with clear, typed warnings.

Every option arrives as text and is validated here rather than by docutils,
so a bad value is an ``onestates.option`` warning that says what is allowed.
A wrong or conflicting option is ignored, as if it were not given: the
directive still draws its figure and its table, and warns about each one.
Values that reach the HTML or LaTeX are checked here too (``:class:`` as
docutils makes class names, ``:align:`` one of three words); the writers
escape everything else.
The command line builds the same mapping from its arguments and gets the
same checks and messages, with its options spelled as it spells them
(``--depth`` where the directive says ``:depth:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from .builtin import releases
from .errors import OneStatesError
from .layout import Layout
from .model import KINDS, Kind
from .names import split_names
from .order import SORTS, TABLE_GROUPS, Sort, TableGroup
from .select import Direction, Selection
from .subtypes import Subtype
from .table import check_columns
from .view import HIDDEN_MODES, HiddenMode, View

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

#: Where the table goes relative to the figure (``:table:`` and ``onestates_table``).
TABLE_PLACES = ("below", "above", "only", "none")

#: How a figure too big for a page prints (``:print:`` and ``onestates_print``): an overview and its parts
#: (core/split.py), or whole, shrunk to the page.
PRINT_CHOICES = ("split", "whole")

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
    "width",
    "scale",
    "table",
    "columns",
    "sort",
    "table-group",
    "legend",
    "no-index",
    "catalog",
    "print",
    "release",
)
FLAGS = ("legend", "no-index")
CHOICES: dict[str, tuple[str, ...]] = {
    "direction": ("in", "out", "both"),
    "hidden": HIDDEN_MODES,
    "group-by": ("short",),
    "align": ("left", "center", "right"),
    "table": TABLE_PLACES,
    "print": PRINT_CHOICES,
    "sort": SORTS,
    "table-group": TABLE_GROUPS,
}


def directive_option(name: str) -> str:
    """An option as a directive writes it: ``:depth:``."""
    return f":{name}:"


def cli_option(name: str) -> str:
    """An option as the command line writes it: ``--depth``."""
    return f"--{name}"


def _fail(message: str) -> OneStatesError:
    return OneStatesError(message, subtype=Subtype.OPTION)


#: The longest part of a value a message quotes; longer values are cut and their length given.
QUOTED_UP_TO = 40
#: The deepest ``:depth:``: far beyond any graph drawn, small enough that no value is slow or huge.
MAX_DEPTH = 1000
#: A class name as docutils writes one (``nodes.make_id`` leaves it as it is): a letter, then letters
#: and digits, with single hyphens between them; checked lowercased, as docutils lowercases.
_CLASS_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: Options that only the figure uses, and options that only the table uses.
FIGURE_ONLY = ("caption", "alt", "align", "layout", "legend", "highlight", "width", "scale", "print")
#: ``:width:``: a length in a unit HTML and LaTeX both know, or a share of the column (as Sphinx's figures take).
_WIDTH = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:%|px|pt|cm|mm|in|em)")
#: The largest ``:scale:``, in per cent of the drawing's natural size.
MAX_SCALE = 1000
TABLE_ONLY = ("columns", "sort", "table-group", "no-index")


def quoted(value: str) -> str:
    """A value as a message shows it: ``'LR'``, or its start and length when it is long."""
    if len(value) <= QUOTED_UP_TO:
        return repr(value)
    return f"{value[:QUOTED_UP_TO] + '…'!r} ({len(value)} characters)"


def _whole(digits: str) -> int:
    """A whole number written in digits, or just past :data:`MAX_DEPTH` when it has more digits.

    ``int()`` refuses thousands of digits (Python's int-str limit), so the length is looked at first.
    """
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= len(str(MAX_DEPTH)) else MAX_DEPTH + 1


def _choice(raw: Mapping[str, str | None], name: str, default: str) -> str:
    return (raw.get(name) or "").strip() or default


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
    #: The figure's width as the author set it (``"60%"``, ``"12cm"``), or None: natural size, shrunk to fit.
    width: str | None = None
    #: The figure's size in per cent of its natural size, or None.
    scale: int | None = None
    #: ``split`` or ``whole`` (:data:`PRINT_CHOICES`), or None: ``onestates_print`` says.
    print: str | None = None
    #: The order of the table's rows (``:sort:``; default ``onestates_sort``).
    sort: Sort = "graph"
    #: ``parent``: each frame's states listed under it in the table (``:table-group:``).
    table_group: TableGroup = "none"
    #: The release line of a built-in graph (``2016-03``), or None: the project's (``onestates_release``).
    release: str | None = None

    @property
    def figure(self) -> bool:
        return self.table != "only"


class _Checker:
    """The options given, less each one found wrong, and the problems found."""

    def __init__(self, raw: Mapping[str, str | None], spell: Callable[[str], str]) -> None:
        self.given = dict(raw)
        self.spell = spell
        self.problems: list[OneStatesError] = []

    def text(self, name: str) -> str:
        return (self.given.get(name) or "").strip()

    def drop(self, message: str, *names: str) -> None:
        """A problem: the options ``names`` are ignored, as if they were not given."""
        self.problems.append(_fail(message))
        for name in names:
            self.given.pop(name, None)

    def flags(self) -> None:
        for flag in FLAGS:
            if self.text(flag):
                self.drop(f"{self.spell(flag)} takes no value", flag)

    def depth(self) -> None:
        if "depth" not in self.given:
            return
        text = self.text("depth")
        if not re.fullmatch(r"[0-9]+", text):  # \d would take ３ or ١ too
            message = f"must be a whole number of transitions (0 or more), not {quoted(text)}"
            self.drop(f"{self.spell('depth')} {message}", "depth")
        elif _whole(text) > MAX_DEPTH:
            self.drop(f"{self.spell('depth')} must be at most {MAX_DEPTH} transitions, not {quoted(text)}", "depth")

    def around(self) -> None:
        if ("depth" in self.given or "direction" in self.given) and "around" not in self.given:
            spell = self.spell
            message = f"{spell('depth')} and {spell('direction')} only apply with {spell('around')}"
            self.drop(message, "depth", "direction")

    def edges(self) -> None:
        unknown = sorted(set(split_names(self.given.get("edges"))) - set(KINDS))
        if unknown:
            message = f"{self.spell('edges')} names unknown kind {', '.join(unknown)} (use {', '.join(KINDS)})"
            self.drop(message, "edges")

    def choices(self) -> None:
        for name, allowed in CHOICES.items():
            if name in self.given and self.text(name) not in allowed:
                message = f"{self.spell(name)} must be one of {', '.join(allowed)}, not {quoted(self.text(name))}"
                self.drop(message, name)

    def size(self) -> None:
        """``:width:`` a length or share (``60%``, ``12cm``, ``400px``), ``:scale:`` a percentage (1 to 1000)."""
        if "width" in self.given and not _WIDTH.fullmatch(self.text("width")):
            message = "must be a length (px, pt, cm, mm, in, em) or a percentage of the column"
            self.drop(f"{self.spell('width')} {message}, not {quoted(self.text('width'))}", "width")
        if "scale" in self.given:
            text = self.text("scale").removesuffix("%").strip()
            if not re.fullmatch(r"[0-9]+", text) or not 1 <= _whole(text) <= MAX_SCALE:
                message = f"must be a percentage of the natural size, 1 to {MAX_SCALE}"
                self.drop(f"{self.spell('scale')} {message}, not {quoted(self.text('scale'))}", "scale")

    def release(self) -> None:
        if "release" not in self.given:
            return
        known = releases()
        if self.text("release") not in known:
            message = f"{self.spell('release')} must be one of {', '.join(known)}, not {quoted(self.text('release'))}"
            self.drop(message, "release")

    def layout(self) -> Layout:
        try:
            return Layout.parse(self.given.get("layout"))
        except OneStatesError as exc:
            self.problems.append(exc)
            self.given.pop("layout")
            return Layout()

    def classes(self) -> tuple[str, ...]:
        names = split_names(self.given.get("class"))
        bad = [name for name in names if not _CLASS_NAME.fullmatch(name.lower())]
        if bad:
            message = "must be class names (a letter, then letters, digits or single hyphens)"
            self.drop(f"{self.spell('class')} {message}, not {', '.join(map(quoted, bad))}", "class")
            return ()
        return tuple(name.lower() for name in names)

    def conflicts(self, table: str) -> None:
        spell = self.spell
        figure_only = [name for name in FIGURE_ONLY if name in self.given]
        if table == "only" and figure_only:
            message = f"{spell('table')} only draws no figure, so {', '.join(map(spell, figure_only))} cannot apply"
            self.drop(message, *figure_only)
        table_only = [name for name in TABLE_ONLY if name in self.given]
        if table == "none" and table_only:
            message = f"{spell('table')} none shows no table, so {', '.join(map(spell, table_only))} cannot apply"
            self.drop(message, *table_only)


def parse_options(
    raw: Mapping[str, str | None],
    default_table: str,
    *,
    spell: Callable[[str], str] = directive_option,
    default_sort: str = "graph",
) -> tuple[Options, list[OneStatesError]]:
    """Validate the raw option texts: the options, and a problem (an ``option`` error) for each wrong one.

    A wrong or conflicting option is left out, as if it were not given, so one mistake never costs
    the figure or the table; the caller reports the problems. ``raw`` maps the options given (by
    their directive names) to their text, None for a flag without one; ``spell`` writes an
    option's name in messages; ``default_sort`` is ``onestates_sort``.
    """
    check = _Checker(raw, spell)
    check.flags()
    check.depth()
    check.around()
    check.edges()
    check.choices()
    check.size()
    check.release()
    table = _choice(check.given, "table", default_table)
    check.conflicts(table)
    layout = check.layout()
    classes = check.classes()
    given = check.given
    options = Options(
        selection=Selection(
            states=tuple(split_names(given.get("states"))),
            exclude=tuple(split_names(given.get("exclude"))),
            around=tuple(split_names(given.get("around"))),
            depth=_whole(check.text("depth") or "1"),
            direction=cast("Direction", _choice(given, "direction", "out")),
            kinds=cast("frozenset[Kind]", frozenset(split_names(given.get("edges"))) or frozenset(KINDS)),
            highlight=tuple(split_names(given.get("highlight"))),
        ),
        hidden=cast("HiddenMode", _choice(given, "hidden", "paths")),
        group_by=_choice(given, "group-by", "") or None,
        layout=layout,
        table=table,
        columns=tuple(split_names(given.get("columns"))),
        caption=given.get("caption"),
        alt=given.get("alt"),
        align=_choice(given, "align", "") or None,
        classes=classes,
        legend="legend" in given,
        no_index="no-index" in given,
        catalog=check.text("catalog") or None,
        width=check.text("width") or None,
        scale=_whole(check.text("scale").removesuffix("%").strip()) if "scale" in given else None,
        print=_choice(given, "print", "") or None,
        sort=cast("Sort", _choice(given, "sort", default_sort)),
        table_group=cast("TableGroup", _choice(given, "table-group", "none")),
        release=check.text("release") or None,
    )
    return options, check.problems


def table_columns(options: Options, view: View, *, spell: Callable[[str], str] = directive_option) -> tuple[str, ...]:
    """The table's columns: the ones asked for, else the graph's; :class:`OneStatesError` for unknown ones."""
    columns = options.columns or view.machine.columns
    unknown = check_columns(view, columns)
    if unknown:
        known = ", ".join(("state", *view.machine.codes, "short", *view.machine.text_columns, "meaning", "in", "out"))
        raise _fail(f"{spell('columns')} names unknown column {', '.join(unknown)} (known: {known})")
    return columns
