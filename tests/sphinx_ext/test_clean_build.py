"""A small manual builds without a single warning, as HTML and as LaTeX, on every supported Sphinx.

The whole service graph and a filtered view of vm-complete: what ``sphinx-build -W``
must build. ``scripts/test`` runs this with the newest Sphinx and ``scripts/test-oldest``
with the oldest supported one (tests/constraints-oldest.txt), so an API that differs
between Sphinx or docutils versions fails here first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, requires_dot

pytestmark = requires_dot

PAGES = {
    "conf.py": "project = 'clean'\nextensions = ['sphinx_onestates']\n",
    "index.rst": "Clean\n=====\n\n.. toctree::\n\n   service\n   vm\n",
    "service.rst": "Service\n=======\n\n.. one-states:: service\n",
    "vm.rst": (
        "Virtual machines\n================\n\n"
        ".. one-states:: vm-complete\n   :states: PENDING, PROLOG*, boot, RUNNING\n"
    ),
}


def manual(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    for name, text in PAGES.items():
        (source / name).write_text(text, encoding="utf-8")
    return source


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def assert_quiet(app: SphinxTestApp) -> None:
    """Nothing that -W would turn into a failure: no warning and no error, in either stream."""
    warnings = plain(app.warning.getvalue())
    assert warnings == "", warnings
    status = plain(app.status.getvalue())
    assert "WARNING" not in status and "ERROR" not in status, status


def row_states(html: str) -> list[str]:
    """The state names of a page's table rows (a name may break after an underscore: ``<wbr />``)."""
    names = re.findall(r'<tr class="onestates-row[^"]*" id="[^"]*"><td[^>]*><p><a[^>]*><code[^>]*>(.*?)</code>', html)
    return [name.replace("<wbr />", "") for name in names]


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_builds_without_a_warning_and_rebuilds_drawing_nothing(tmp_path: Path, builder: str) -> None:
    source = manual(tmp_path)
    app = build(builder, source)
    assert_quiet(app)
    out = Path(app.outdir)
    if builder == "html":
        service = (out / "service.html").read_text(encoding="utf-8")
        vm = (out / "vm.html").read_text(encoding="utf-8")
        assert service.count("<svg") == 1 and vm.count("<svg") == 1
        assert "<title>RUNNING</title>" in vm and "<title>EPILOG</title>" not in vm
        states = row_states(vm)
        assert {"PENDING", "PROLOG", "BOOT", "RUNNING"} <= set(states)
        assert all(name == "PENDING" or name.startswith(("PROLOG", "BOOT", "RUNNING")) for name in states), states
        assert row_states(service)
    else:
        tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        figures = re.findall(r"\\sphinxincludegraphics\[[^\]]*\]\{\{(onestates-[0-9a-f]+)\}\.pdf\}", tex)
        assert len(figures) == 2, tex
        assert all((out / f"{name}.pdf").read_bytes().startswith(b"%PDF") for name in figures)
        assert r"\sphinxcode{\sphinxupquote{PROLOG\_\allowbreak{}MIGRATE}}" in tex  # a row of the filtered table
        assert "EPILOG" not in tex
    # a build with nothing to read again: diagrams are checked against the cache, none drawn
    again = build(builder, source)
    assert_quiet(again)
    # LaTeX also has the overview and parts of the service graph, should it print too small (it does not here)
    diagrams = 2 if builder == "html" else 6
    assert re.search(rf"sphinx-onestates: .*; {diagrams} diagrams, 0 to draw", plain(again.status.getvalue()))
