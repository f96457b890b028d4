"""The state reference tables of a built HTML page, as a reader sees them (issue 16's shape).

Each table: its headings, and per state (a ``onestates-row``) its id, its cells' text and the transition
lists under it (``From``, ``To``). Texts are what is shown: the column names that only narrow screens show
(``onestates-label``) and the ``<wbr />`` that lets a name break are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    """A state's row: its id (a link target), its cells and the transition lists under it."""

    id: str
    cells: list[str] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    headings: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def states(self) -> list[str]:
        return [row.cells[0] for row in self.rows]

    def row(self, state: str) -> Row:
        return next(row for row in self.rows if row.cells[0] == state)

    def by_id(self, state: str) -> Row:
        """The row of a state by its node id (its row id ends in it), whatever name the State column shows."""
        return next(row for row in self.rows if row.id.endswith(f"-{state}"))


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._table: Table | None = None
        self._row: Row | None = None
        self._moves = False
        self._cell: list[str] | None = None
        self._in_head = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "onestates-table" in classes:
            self._table = Table()
            self.tables.append(self._table)
        elif self._table is None:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self._moves = "onestates-moves" in classes
            if not self._moves:
                self._row = Row(dict(attrs).get("id") or "")
                self._table.rows.append(self._row)
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")  # a label's line break: lines read apart
        elif (tag == "span" and "onestates-label" in classes) or (tag == "span" and self._hidden):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "table":
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self._cell = None
            if self._in_head:
                self._table.headings.append(text)
            elif self._moves and self._row is not None:
                name, _, rest = text.partition(": ")
                self._row.moves[name] = rest
            elif self._row is not None:
                self._row.cells.append(text)

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(html: str) -> list[Table]:
    """Every one-states table of a page, in page order."""
    parser = _Parser()
    parser.feed(html)
    return parser.tables
