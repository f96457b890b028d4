"""Catalogues: facts for plain DOT files, and the drift between a drawing and its catalogue."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx_onestates.catalog import catalog_from_machine, load_catalog, reconcile, to_toml
from sphinx_onestates.cli import load
from sphinx_onestates.load import load_text

from .conftest import REFERENCE, build, requires_dot, requires_reference

PLAIN = """digraph door {
  user -> closed [label=install];
  closed -> open [label=open];
  open -> closed [style=dashed];
  closed -> ajar;
}
"""
CATALOG = """title = "Door states"
codes = ["DOOR_STATE"]

[states.CLOSED]
DOOR_STATE = 0
short = "shut"
meaning = "The door is shut."

[states.OPEN]
DOOR_STATE = 1
meaning = "The door stands open."
aliases = ["opened"]

[states.LOCKED]
DOOR_STATE = 2
meaning = "The door is locked."

[retired.AJAR]
DOOR_STATE = 9
"""


def test_reconcile_fills_facts_and_reports_both_ways(tmp_path: Path) -> None:
    (tmp_path / "door.toml").write_text(CATALOG, encoding="utf-8")
    machine, problems = reconcile(load_text(PLAIN, "door.dot"), load_catalog(tmp_path / "door.toml"))
    assert machine.states["closed"].codes == {"DOOR_STATE": (0,)} and machine.states["closed"].short == "shut"
    assert machine.states["open"].meaning == "The door stands open."
    assert [p.message for p in problems] == [
        "state 'ajar' is AJAR, retired (DOOR_STATE 9) in 'Door states'",
        "catalogue state LOCKED (DOOR_STATE 2) is missing from the graph",
    ]


def test_export_round_trips(tmp_path: Path) -> None:
    vm = load("vm-complete")
    path = tmp_path / "vm.toml"
    path.write_text(to_toml(catalog_from_machine(vm)), encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.states["RUNNING"].codes == {"VM_STATE": (3,), "LCM_STATE": (3,)}
    assert catalog.states["HOTPLUG_RESIZE"].aliases == ("resize",)
    assert catalog.retired["DISK_SNAPSHOT_REVERT"].codes == {"LCM_STATE": (58,)}
    assert "ACTIVE" not in catalog.states  # a frame around others, not a state a drawing shows


def test_bad_catalogue_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('codes = ["C"]\n\n[states.A]\nC = "one"\n', encoding="utf-8")
    try:
        load_catalog(path)
    except Exception as exc:
        assert "C must be an integer or a list of integers" in str(exc) and str(path) in str(exc)
    else:
        raise AssertionError("no error")


@requires_dot
@requires_reference
def test_directive_reconciles_upstream_with_a_catalogue(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "vm-7.4.toml").write_text(to_toml(catalog_from_machine(load("vm-complete"))), encoding="utf-8")
    upstream = os.path.relpath(REFERENCE / "latest" / "states-complete.dot", source)
    (source / "conf.py").write_text(
        "extensions = ['sphinx_onestates']\nshow_warning_types = True\n"
        f"onestates_allowed_dirs = [{str(REFERENCE)!r}]\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        f"Upstream\n========\n\n.. one-states:: {upstream}\n   :catalog: vm-7.4.toml\n   :states: running, resize\n",
        encoding="utf-8",
    )
    app = build("html", source)
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    catalog_warnings = [line for line in warnings.splitlines() if line.endswith("[onestates.catalog]")]
    assert len(catalog_warnings) == 9, warnings
    assert any(
        "states-complete.dot:301: WARNING: state 'resize' is drawn under an alias of HOTPLUG_RESIZE" in w
        for w in catalog_warnings
    )
    assert any("catalogue state CLONING (VM_STATE 10) is missing from the graph" in w for w in catalog_warnings)
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # the plain upstream drawing now has codes, short names and meanings from the catalogue
    assert re.search(r"<th class=\"head\"><p>VM_STATE</p></th>\s*<th class=\"head\"><p>LCM_STATE</p>", page)
    assert "<td><p>runn</p></td>" in page and "<td><p>66</p></td>" in page
