"""The state reference table as data: one row per shown state, cells as text.

Builders turn these rows into docutils tables; the CLI prints them directly.
Pseudo-nodes never get a row. A table's shape is chosen here too: the
transitions (``in``, ``out``) are lists under each state's row, not columns,
since a cell that lists twenty states makes a table no page or screen holds;
the columns' widths come from what they hold (:func:`widths`).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from .model import FIXED_COLUMNS, Transition, lines, one_line, xml_safe
from .order import Placed
from .view import View

HEADINGS = {"state": "State", "short": "Short", "meaning": "Meaning", "in": "From", "out": "To"}
#: A view by short name: a row is a short name, and its ``short`` column lists the states it stands for.
GROUPED_HEADINGS = {**HEADINGS, "state": "Short", "short": "States"}
#: Columns shown as lists of transitions under each state's row, not as columns of their own.
MOVE_COLUMNS = ("in", "out")
#: The one column of prose: it takes the width the others leave.
PROSE = "meaning"
#: A table's width in characters of its names (a 700 px column or an A4 text block holds about 86).
TABLE_WIDTH = 86
#: What a column's padding takes, in the same characters.
PADDING = 2.5
#: A heading's character is wider than a cell's: headings are bold, and code names are capitals.
HEADING_SCALE = 1.35
#: The prose column keeps at least this many characters (two fifths): fewer make a meaning a column of few words.
PROSE_AT_LEAST = 34
#: A token longer than this (a URL, a name without underscores) may break after ``/``, ``.``, ``-``, ``?``,
#: ``&``, ``=`` and ``#`` too, and a piece of it still longer anywhere: as a last resort, not to run out of its cell.
LONG_TOKEN = 16
#: What a piece that breaks anywhere still asks of its column when nothing else fits (a few characters a line).
LAST_RESORT = 8
_UNDERSCORE = re.compile(r"(?<=_)")
_LONG_TOKEN_BREAKS = re.compile(r"(?<=[_/.\-?&=#])")
#: The width of the command-line tool's text.
TEXT_WIDTH = 100


@dataclass(frozen=True)
class Cell:
    """A cell: plain text, or transitions (other state, command label) for in/out.

    A state's name keeps its lines (``\\n`` between them), as the figure draws it. A transition list runs on,
    so the other state and the command label are on one line there (:func:`~.model.one_line`): ``start / retry``
    still reads as two events, and a break no longer dangles in the middle of a list (nor makes a state's rows
    taller than the lists' lines).
    """

    text: str
    transitions: tuple[tuple[str, str], ...] = ()


def heading(column: str, grouped: bool = False) -> str:
    return (GROUPED_HEADINGS if grouped else HEADINGS).get(column, column)


def check_columns(view: View, columns: tuple[str, ...]) -> list[str]:
    """The column names that this graph does not provide."""
    known = set(FIXED_COLUMNS) | set(view.machine.codes) | set(view.machine.text_columns)
    return [column for column in columns if column not in known]


def split_columns(columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The table's columns, and apart the transition lists (``in``, ``out``) in the order asked.

    A table of transitions alone would not say whose they are: it gets the state column.
    """
    facts = tuple(column for column in columns if column not in MOVE_COLUMNS)
    return facts or ("state",), tuple(column for column in columns if column in MOVE_COLUMNS)


def pieces(token: str) -> list[str]:
    """A token (text without white space) cut where a line may break: after each ``_``, and in a long token
    (a URL) after ``/``, ``.`` and the like too. Nothing is left out; a piece longer than :data:`LONG_TOKEN`
    may break anywhere.
    """
    breaks = _LONG_TOKEN_BREAKS if len(token) > LONG_TOKEN else _UNDERSCORE
    return [piece for piece in breaks.split(token) if piece]


def _longest_piece(text: str, anywhere: bool = False) -> int:
    """The longest piece of ``text`` that cannot break; with ``anywhere``, a long piece asks :data:`LAST_RESORT`."""
    lengths = (len(piece) for token in text.split() for piece in pieces(token))
    return max((min(n, LAST_RESORT) if anywhere and n > LONG_TOKEN else n for n in lengths), default=0)


def widths(
    table: list[dict[str, Cell]], columns: tuple[str, ...], named: Callable[[str], str] = heading
) -> tuple[int, ...]:
    """Each column's width, in characters, from what it holds: no column wider than its longest text.

    ``named`` gives the headings, as the table shows them (in the page's language, say).

    A column gets its longest text, heading included. When they do not fit beside the meaning (the prose,
    which takes what is left but at least :data:`PROSE_AT_LEAST`), headings break after an underscore
    first (``LCM_`` over ``STATE``: a column of small numbers needs no more), then the widest columns
    shrink (a long state name breaks after an underscore), not below their longest piece that cannot
    break, so no name or heading is cut. Only when even that leaves the meaning too little (many code
    columns, names without underscores) do long pieces break anywhere and the meaning shrink to
    :data:`LONG_TOKEN`: a column narrower than its text would print over the next one.
    """
    want: list[int] = []
    broken_heading: list[int] = []
    least: list[int] = []
    last_resort: list[int] = []
    for column in columns:
        title = named(column)
        title_piece = _longest_piece(title) * HEADING_SCALE
        texts = [row[column].text for row in table]
        longest = max((len(line) for text in texts for line in text.split("\n")), default=0)
        piece = max(map(_longest_piece, texts), default=0)
        anywhere = max((_longest_piece(text, anywhere=True) for text in texts), default=0)
        # rounded up: a name one character too wide for its column would be cut
        want.append(math.ceil(max(len(title) * HEADING_SCALE, longest) + PADDING))
        broken_heading.append(math.ceil(max(title_piece, longest) + PADDING))
        least.append(math.ceil(max(title_piece, piece) + PADDING))
        last_resort.append(math.ceil(max(title_piece, anywhere) + PADDING))
    prose = columns.index(PROSE) if PROSE in columns else None
    others = [i for i in range(len(columns)) if i != prose]
    room = TABLE_WIDTH - (PROSE_AT_LEAST if prose is not None else 0)
    result = want if sum(want[i] for i in others) <= room else broken_heading
    smallest_prose = math.ceil(LONG_TOKEN + PADDING)
    least_room = TABLE_WIDTH - (smallest_prose if prose is not None else 0)
    for floor, space in ((least, room), (last_resort, room), (last_resort, least_room)):
        result = _shrink(result, floor, others, space)
        if sum(result[i] for i in others) <= space:
            break
    if prose is not None:
        result[prose] = max(smallest_prose, TABLE_WIDTH - sum(result[i] for i in others))
    return tuple(result)


def _shrink(result: list[int], floor: list[int], others: list[int], room: int) -> list[int]:
    """The widest of ``others`` capped until they fit ``room``, none below its ``floor``."""
    cap = max((result[i] for i in others), default=0)
    while cap > 1 and sum(min(result[i], max(floor[i], cap)) for i in others) > room:
        cap -= 1
    return [min(width, max(floor[i], cap)) if i in others else width for i, width in enumerate(result)]


def _moves(transitions: list[Transition], outgoing: bool) -> dict[str, tuple[tuple[str, str], ...]]:
    """State -> (other state, label) of each transition that leaves it (or enters it), in graph order."""
    moves: dict[str, list[tuple[str, str]]] = {}
    for t in transitions:
        name, other = (t.source, t.target) if outgoing else (t.target, t.source)
        moves.setdefault(name, []).append((other, one_line(t.label)))
    return {name: tuple(found) for name, found in moves.items()}


def rows(view: View, columns: tuple[str, ...], order: list[Placed] | None = None) -> list[dict[str, Cell]]:
    """One row per state the view shows, with the given columns, in ``order`` (default: the view's).

    A state shown inside its frame (:func:`~.order.ordered` with ``parent``) leaves out the codes its
    frame's row gives (``VM_STATE 3`` under ``ACTIVE``). In a view by short name, the ``short`` cell
    lists the states the row stands for.

    The ``in`` and ``out`` cells list every transition of the kinds the view
    keeps, also those to states the figure hides: the table is the reference.
    A wildcard's edges (``ANY -> FAILED``) are listed where they lead (``ANY`` in FAILED's ``in`` cell), not
    in the ``out`` cell of every state they stand for: they would repeat on every row. No cell holds a
    character XML forbids (:func:`~.model.xml_safe`): names, meanings and labels may come from anywhere.
    """
    machine = view.machine
    wildcards = {p.name for p in machine.pseudo.values() if p.role == "wildcard"}
    kept = [t for t in machine.transitions if t.kind in view.kinds]
    moves: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
        "in": _moves(kept, False),
        "out": _moves([t for t in kept if t.source not in wildcards], True),
    }
    result = []
    for state, _depth, parent in order or [Placed(state) for state in view.states]:
        row: dict[str, Cell] = {}
        for column in columns:
            if column == "state":
                row[column] = Cell(lines(state.label))  # never blank (graphs/README.md, *Blank names*)
            elif column == "short" and state.members:
                row[column] = Cell(", ".join(state.members))
            elif column in ("short", "meaning"):
                row[column] = Cell(xml_safe(getattr(state, column) or ""))
            elif column in machine.text_columns:
                row[column] = Cell(state.texts.get(column, ""))
            elif column in ("in", "out"):
                found = moves[column].get(state.name, ())
                named = [(one_line(machine.shown(other)), label) for other, label in found]
                text = "; ".join(f"{other} ({label})" if label else other for other, label in named)
                row[column] = Cell(text, found)
            elif parent is not None and parent.codes.get(column) == state.codes.get(column):
                row[column] = Cell("")
            else:
                row[column] = Cell(state.code_text(column))
        result.append(row)
    return result


def format_text(view: View, columns: tuple[str, ...], order: list[Placed] | None = None) -> str:
    """The table as plain text: one block per state, no line wider than :data:`TEXT_WIDTH` but a long name.

    A state in its frame (``order`` from :func:`~.order.ordered` with ``parent``) is indented under it.
    """
    text = [view.machine.title, "=" * len(view.machine.title), ""]
    wrap = textwrap.TextWrapper(TEXT_WIDTH, initial_indent="    ", subsequent_indent="        ")
    wrap.break_long_words = wrap.break_on_hyphens = False
    grouped = any(state.members for state in view.states)
    placed = order or [Placed(state) for state in view.states]
    for row, (_state, depth, _parent) in zip(rows(view, columns, placed), placed, strict=True):
        first, *rest = columns
        indent = "    " * depth
        text.append(indent + one_line(row[first].text))
        wrap.initial_indent, wrap.subsequent_indent = indent + "    ", indent + "        "
        for column in rest:
            value = one_line(row[column].text)
            if value:
                text += wrap.wrap(f"{heading(column, grouped)}: {value}")
        text.append("")
    text.append("Transitions")
    text.append("-----------")
    text += view.transition_lines
    return "\n".join(text) + "\n"
