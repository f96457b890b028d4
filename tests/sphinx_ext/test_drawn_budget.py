"""A view is drawn only when what it draws fits: its states, and its edges with hidden paths and stubs (issue 15).

The guard counted states only: a 100-state view drew thousands of dashed paths through hidden states
(Graphviz then ran for minutes), a 1-state view with ``:hidden: stubs`` thousands of stubs. Now a view past
``onestates_max_drawn_states`` or ``onestates_max_drawn_edges`` is listed, not drawn, with one
``onestates.too-large`` warning that says what was counted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from tests.generated import chain_dot

from ..conftest import build, requires_dot

pytestmark = requires_dot

NARROW = "it is listed, not drawn; narrow it with :states:, :around: or :edges:, or set :hidden: drop"


def project(tmp_path: Path, graphs: dict[str, str], page: str) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name, text in graphs.items():
        (source / name).write_text(text, encoding="utf-8")
    # a short timeout: drawing what the guard should have stopped fails fast instead of taking minutes
    (source / "conf.py").write_text(
        "extensions = ['sphinx_onestates']\nshow_warning_types = True\nonestates_timeout = 5\n", encoding="utf-8"
    )
    (source / "index.rst").write_text("Big\n===\n\n" + page, encoding="utf-8")
    return source


def built(source: Path, **confoverrides: Any) -> tuple[SphinxTestApp, list[str], str]:
    app = build("html", source, confoverrides=confoverrides)
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{source}/", "")
    warnings = [line for line in text.splitlines() if "WARNING" in line]
    return app, warnings, (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def star_dot(spokes: int) -> str:
    lines = ["digraph star {", "  user [pseudo = initial];", "  user -> HUB [kind = command];"]
    lines += [f"  T{i} [final = true];" for i in range(spokes)]
    lines += [f'  HUB -> T{i} [kind = command, label = "go {i}"];' for i in range(spokes)]
    return "\n".join([*lines, "}", ""])


def test_a_hundred_states_with_thousands_of_hidden_paths_are_listed_not_drawn(tmp_path: Path) -> None:
    source = project(tmp_path, {"big.dot": chain_dot(400, 400)}, ".. one-states:: big.dot\n   :states: S?, S??\n")
    _app, warnings, page = built(source)
    assert len(warnings) == 1, warnings
    assert re.fullmatch(
        r"index\.rst:4: WARNING: the view would draw at least 1001 edges \(\d+ transitions, at least \d+ paths "
        r"through hidden states\), more than onestates_max_drawn_edges \(1000\): "
        + re.escape(NARROW)
        + r" \[onestates\.too-large\]",
        warnings[0],
    ), warnings[0]
    assert "<svg" not in page
    assert "S98 -&gt; S99" in re.sub(r"<[^>]+>", "", page)  # the transitions are listed
    assert 'id="one-state-big-S99"' in page  # the table is there


def test_one_state_with_thousands_of_stubs_is_listed_not_drawn(tmp_path: Path) -> None:
    page_source = ".. one-states:: star.dot\n   :states: HUB\n   :hidden: stubs\n   :table: none\n"
    source = project(tmp_path, {"star.dot": star_dot(3000)}, page_source)
    _app, warnings, page = built(source)
    assert warnings == [
        "index.rst:4: WARNING: the view would draw at least 1001 edges (1 transition, at least 1000 stubs), "
        f"more than onestates_max_drawn_edges (1000): {NARROW} [onestates.too-large]"
    ]
    assert "<svg" not in page


def test_the_edge_budget_is_a_setting_and_counts_what_is_drawn(tmp_path: Path) -> None:
    page_source = ".. one-states:: star.dot\n   :table: none\n\n.. one-states:: star.dot\n   :states: HUB\n"
    source = project(tmp_path, {"star.dot": star_dot(12)}, page_source)
    _app, warnings, page = built(source, onestates_max_drawn_edges=12)
    assert warnings == [
        "index.rst:4: WARNING: the view would draw 13 edges (13 transitions), more than onestates_max_drawn_edges "
        f"(12): {NARROW} [onestates.too-large]"
    ]
    assert page.count("<svg") == 1  # the hub alone is drawn: one transition, from the user box
    _app, warnings, page = built(source, onestates_max_drawn_edges=13)
    assert warnings == [] and page.count("<svg") == 2  # at the budget is within it
