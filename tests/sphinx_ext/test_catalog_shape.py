"""A catalogue with values of the wrong type, given to the directive: each one warned at its line, the rest applied.

Before, ``codes = 3`` or ``retired = []`` stopped the build with a traceback, ``C = "one"`` dropped the whole
catalogue, and ``short = ["a"]`` reached the table as a Python list.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from ..conftest import build
from ..tables import tables

DOT = """digraph door {
    user -> CLOSED [kind = command, label = "install"];
    CLOSED -> OPEN [kind = command, label = "open"];
    OPEN -> CLOSED [kind = automatic];
    CLOSED -> LOCKED [kind = command, label = "lock"];
}
"""

CATALOG = """title = 3
codes = ["DOOR_STATE", "state", 7]
colour = "red"

[states.CLOSED]
DOOR_STATE = 0
short = ["shut"]
meaning = "The door is shut."

[states.OPEN]
DOOR_STATE = "one"
short = "open"
aliases = "opened"

[states.LOCKED]
DOOR_STATE = 2
short = "lckd"
meaning = 4

[retired]
AJAR = 9
"""

#: Each wrong value of CATALOG: its line and the warning's message.
WARNED = [
    (3, "unknown key 'colour' (did you mean 'columns'?)"),
    (1, "title must be a string, not the integer 3"),
    (
        2,
        "codes: 'state' is a reserved name (state, short, meaning, in, out, short_meaning, aliases), not a code column",
    ),
    (2, "codes: the integer 7 is not a column name"),
    (7, "states.CLOSED.short must be a string, not the array ['shut']"),
    (11, "states.OPEN.DOOR_STATE must be an integer or an array of integers, not the string 'one'"),
    (13, "states.OPEN.aliases must be an array of names, not the string 'opened'"),
    (18, "states.LOCKED.meaning must be a string, not the integer 4"),
    (21, "retired.AJAR must be a table ([retired.AJAR]), not the integer 9"),
]


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


def test_each_wrong_value_is_warned_at_its_line_and_the_rest_applies(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "door.dot").write_text(DOT, encoding="utf-8")
    (source / "door.toml").write_text(CATALOG, encoding="utf-8")
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n", encoding="utf-8")
    (source / "index.rst").write_text(
        "Door\n====\n\n.. one-states:: door.dot\n   :catalog: door.toml\n   :table: only\n", encoding="utf-8"
    )
    # build(), not the app fixture: the sources are written here, a catalogue per test
    app = build("html", source)
    warnings = warnings_of(app)
    for line, message in WARNED:
        assert f"door.toml:{line}: WARNING: {message} [onestates.catalog]" in warnings, warnings
    assert len([w for w in warnings if "door.toml" in w]) == len(WARNED), warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # the good values apply: codes, short names and meanings of the entries, the one code column
    table = tables(page)[0]
    assert table.headings[:4] == ["State", "DOOR_STATE", "Short", "Meaning"]
    by_state = {row.cells[0]: row.cells for row in table.rows}
    assert by_state["CLOSED"][1:4] == ["0", "", "The door is shut."]
    assert by_state["OPEN"][1:4] == ["", "open", ""]
    assert by_state["LOCKED"][1:4] == ["2", "lckd", ""]
    assert "[" not in page.split("<table", 1)[1].split("</table>", 1)[0]  # no Python list reached the table
