"""A graph is checked once per content: later builds give its problems again without checking it (issue 15).

The check of a 10,000-state graph ran on every build, a no-change rebuild too (81 s): the work is counted
here, not timed (``benchmarks/checks.py`` times it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.core.check import check
from sphinx_onestates.core.model import Problem, StateMachine
from sphinx_onestates.sphinx_ext import extension

from ..conftest import build, copy_root, requires_dot

pytestmark = requires_dot


def check_warnings(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "[onestates.check." in line or "[onestates.catalog]" in line]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The source of each graph checked, in order."""
    calls: list[str | None] = []
    real = check

    def counting(machine: StateMachine) -> list[Problem]:
        calls.append(machine.source)
        return real(machine)

    monkeypatch.setattr(extension, "check", counting)
    return calls


def test_a_no_change_rebuild_gives_the_problems_again_without_checking(
    tmp_path: Path, checked: list[str | None]
) -> None:
    source = copy_root("warnings", tmp_path)
    first = check_warnings(build("html", source))
    assert checked == ["door.dot"]
    assert any("[onestates.check.dead-end]" in line for line in first)
    assert any("[onestates.catalog]" in line for line in first)
    checked.clear()
    again = build("html", source)
    assert "no targets are out of date" in again.status.getvalue() or "0 source files" in again.status.getvalue()
    assert check_warnings(again) == first
    assert checked == []
    checked.clear()
    (source / "index.rst").write_text((source / "index.rst").read_text(encoding="utf-8") + "\nMore.\n")
    assert check_warnings(build("html", source)) == first  # the page read again, the graph the same
    assert checked == []


def test_an_edited_graph_is_checked_again(tmp_path: Path, checked: list[str | None]) -> None:
    source = copy_root("warnings", tmp_path)
    first = check_warnings(build("html", source))
    dot = source / "door.dot"
    dot.write_text(dot.read_text(encoding="utf-8").replace("}", "  STUCK2;\n}"), encoding="utf-8")
    checked.clear()
    edited = check_warnings(build("html", source))
    assert checked == ["door.dot"]
    new = [line for line in edited if line not in first]
    assert any("state 'STUCK2' cannot be reached" in line for line in new)
    assert any("state 'STUCK2' has no way out" in line for line in new)
    checked.clear()
    assert check_warnings(build("html", source)) == edited
    assert checked == []
