"""The state reference table as data: one row per shown state, cells as text.

Builders turn these rows into docutils tables; the CLI and the text builder
print them directly. Pseudo-nodes never get a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import FIXED_COLUMNS, Transition, visible, xml_safe
from .view import View

HEADINGS = {"state": "State", "short": "Short", "meaning": "Meaning", "in": "From", "out": "To"}


@dataclass(frozen=True)
class Cell:
    """A cell: plain text, or transitions (other state, command label) for in/out."""

    text: str
    transitions: tuple[tuple[str, str], ...] = ()


def heading(column: str) -> str:
    return HEADINGS.get(column, column)


def check_columns(view: View, columns: tuple[str, ...]) -> list[str]:
    """The column names that this graph does not provide."""
    known = set(FIXED_COLUMNS) | set(view.machine.codes)
    return [column for column in columns if column not in known]


def _moves(transitions: list[Transition], outgoing: bool) -> dict[str, tuple[tuple[str, str], ...]]:
    """State -> (other state, label) of each transition that leaves it (or enters it), in graph order."""
    moves: dict[str, list[tuple[str, str]]] = {}
    for t in transitions:
        name, other = (t.source, t.target) if outgoing else (t.target, t.source)
        moves.setdefault(name, []).append((other, xml_safe(" ".join(t.label.split()))))
    return {name: tuple(found) for name, found in moves.items()}


def rows(view: View, columns: tuple[str, ...]) -> list[dict[str, Cell]]:
    """One row per state the view shows, with the given columns.

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
    for state in view.states:
        row: dict[str, Cell] = {}
        for column in columns:
            if column == "state":
                row[column] = Cell(visible(state.name))
            elif column in ("short", "meaning"):
                row[column] = Cell(xml_safe(getattr(state, column) or ""))
            elif column in ("in", "out"):
                found = moves[column].get(state.name, ())
                text = "; ".join(f"{visible(other)} ({label})" if label else visible(other) for other, label in found)
                row[column] = Cell(text, found)
            else:
                row[column] = Cell(state.code_text(column))
        result.append(row)
    return result


def format_text(view: View, columns: tuple[str, ...]) -> str:
    """The table as plain text: one block per state (readable in any terminal width)."""
    lines = [view.machine.title, "=" * len(view.machine.title), ""]
    for row in rows(view, columns):
        first, *rest = columns
        lines.append(row[first].text)
        for column in rest:
            value = row[column].text
            if value:
                lines.append(f"    {heading(column)}: {value}")
        lines.append("")
    lines.append("Transitions")
    lines.append("-----------")
    lines += [t.describe() for t in view.transitions]
    lines += view.transition_lines[len(view.transitions) :]
    return "\n".join(lines) + "\n"
