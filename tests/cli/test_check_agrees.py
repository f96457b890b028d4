"""``sphinx-onestates check`` says what a build says about the same graph: each problem at the same line.

Before: ``check --against catalogue`` checked the drawing without the catalogue's facts while the build
checks it with them, so a state the catalogue declares was "undeclared" in one and not in the other, and a
state the catalogue gives no code lacked one only in the build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_onestates.cli import main

from .. import producers
from ..conftest import build, requires_dot

pytestmark = requires_dot

DOOR = """\
digraph door {
  "door.OPEN" [label=OPEN]
  CLOSED [shape=doublecircle]
  "door.OPEN" -> CLOSED [label=close]
  CLOSED -> LOCKED [label=lock]
  "door.OPEN" -> JAMMED
  JAMMED -> STUCK
}
"""
CATALOGUE = """\
title = "Door"
codes = ["DOOR_STATE"]
[states.OPEN]
DOOR_STATE = 1
[states.CLOSED]
DOOR_STATE = 0
[states.LOCKED]
DOOR_STATE = 2
[states.AJAR]
DOOR_STATE = 3
"""
#: The Celery task's states, not its frame "Ready states" (made by a producer's cluster, graphs/README.md *Frames*).
CELERY_CATALOGUE = 'title = "Celery"\ncodes = ["CODE"]\n' + "".join(
    f'[states.{name}]\nCODE = {code}\nmeaning = "{name.lower()}"\n'
    for code, name in enumerate(("PENDING", "STARTED", "RETRY", "SUCCESS", "FAILURE", "REVOKED"))
)
MULTI = "digraph a {\n  x -> y\n}\ngraph b {\n  p -- q\n  q -- p\n}\n"

FORMS = Path(__file__).parent.parent / "dot" / "forms"

#: what the directive and the CLI name -> (the file's bytes, its catalogue); and the hand-written forms.
CASES: dict[str, tuple[bytes, str | None]] = {
    "door.dot": (DOOR.encode(), CATALOGUE),
    "multi.dot": (MULTI.encode(), None),
    "multi.dot#b": (MULTI.encode(), None),
    "nested.dot": (producers.transitions_nested().encode(), None),
    "task.dot": (producers.statemachine_dot().encode(), None),
    "celery.dot": (producers.graphviz_package_grouped_dot().encode(), CELERY_CATALOGUE),
    **{path.name: (path.read_bytes(), None) for path in sorted(FORMS.glob("*.gv"))},
}


def _build_warnings(source: Path, name: str) -> list[str]:
    """The build's onestates warnings for one directive, as ``file:line: message``."""
    file = name.partition("#")[0]
    text, catalogue = CASES[name]
    (source / file).write_bytes(text)
    option = ""
    if catalogue is not None:
        (source / "door.toml").write_text(catalogue, encoding="utf-8")
        option = "   :catalog: door.toml\n"
    (source / "conf.py").write_text('extensions = ["sphinx_onestates"]\nshow_warning_types = True\n', encoding="utf-8")
    (source / "index.rst").write_text(f"Graph\n=====\n\n.. one-states:: {name}\n{option}", encoding="utf-8")
    app = build("html", source)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines()
    found = [re.match(r"(.*?): WARNING: (.*) \[onestates\.[\w.-]+\]$", line) for line in lines]
    return sorted(f"{Path(m.group(1)).name}: {m.group(2)}" for m in found if m)  # door.dot:6: message


@pytest.mark.parametrize("name", CASES)
def test_check_reports_what_the_build_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    built = _build_warnings(source, name)
    monkeypatch.chdir(source)
    against = ["--against", "door.toml"] if CASES[name][1] is not None else []
    status = main(["check", name, *against])
    checked = sorted(capsys.readouterr().out.splitlines())
    assert checked == built
    assert status == (1 if built else 0)
    if name.endswith(".gv") and name not in ("multi.gv", "undirected.gv"):
        assert built == []  # each form builds cleanly with -W; those two are warned about, as documented
    if name == "celery.dot":  # a frame that groups final states: no dead end, no catalogue entry needed
        assert built == []
    if name == "door.dot":  # the catalogue declares LOCKED, an edge-only state; JAMMED and STUCK it does not
        assert "door.dot:6: transition uses undeclared state 'JAMMED'" in checked
        assert not any("'LOCKED'" in line for line in checked)
