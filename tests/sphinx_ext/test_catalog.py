"""A catalogue given to the directive: upstream's plain drawing gets codes, short names and meanings."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.catalog import catalog_from_machine, to_toml
from sphinx_onestates.dot.interpret import load_file

from ..conftest import REFERENCE, build, requires_dot, requires_reference
from ..graphviz_texts import svg_texts, text_lines
from ..tables import tables


@requires_dot
@requires_reference
def test_directive_reconciles_upstream_with_a_catalogue(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    vm_complete = builtin_path("vm-complete")
    assert vm_complete is not None
    (source / "vm-7.4.toml").write_text(to_toml(catalog_from_machine(load_file(vm_complete))), encoding="utf-8")
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
    # build(), not the app fixture: conf.py is written here, to allow the reference folder beside the checkout
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
    table = tables(page)[0]
    assert table.headings[1:3] == ["VM_STATE", "LCM_STATE"]
    # each node is shown by the catalogue's name for it, in the table and in the figure; its row keeps the
    # node's id as its link target
    assert table.states == ["RUNNING", "HOTPLUG_RESIZE"]
    assert "runn" in table.row("RUNNING").cells and "66" in table.row("HOTPLUG_RESIZE").cells
    assert table.row("HOTPLUG_RESIZE").id.endswith("-resize")
    assert "RUNNING (resize)" in table.row("HOTPLUG_RESIZE").moves["From"]
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    drawn = text_lines(svg_texts(svg)["node"], spaced=False)
    assert drawn["HOTPLUG_RESIZE"] == 1 and drawn["RUNNING"] == 1 and not drawn["resize"]
