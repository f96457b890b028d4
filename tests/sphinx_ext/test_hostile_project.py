"""A hostile downstream project: one page per kind of bad input, then a normal page.

The build ends without an exception and without -W, every page is written whole, and each problem is
one located, typed warning (the hardening issue's acceptance test; each item has its own tests too).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import requires_dot

pytestmark = requires_dot

#: (file:line, warning type) of every warning the project must give: one per problem, no other.
EXPECTED = [
    ("bad.toml:2", "onestates.catalog"),  # codes = "DOOR"
    ("bad.toml:5", "onestates.catalog"),  # short = ["o"]
    ("cycle.dot:2", "onestates.check.parent-cycle"),  # its own parent
    ("cycle.dot:3", "onestates.check.parent-cycle"),  # B <-> C
    ("cycle.dot:4", "onestates.check.dead-end"),
    ("files.dot:2", "onestates.graph"),  # imagepath
    ("files.dot:3", "onestates.graph"),  # image
    ("files.dot:4", "onestates.graph"),  # shapefile
    ("files.dot:5", "onestates.graph"),  # <IMG SRC>
    ("p01_class.rst:4", "onestates.option"),  # :class: injection
    ("p04_depth.rst:4", "onestates.option"),  # 5000 digits
    ("p12_options.md:3", "onestates.option"),  # :table: only with :caption:
    ("p12_options.md:8", "onestates.state"),  # unknown name in :highlight:
]
PAGES = ["p01_class", "p02_cycle", "p03_catalog", "p04_depth", "p05_entities", "p07_files", "p11_names"]


def located(app: SphinxTestApp) -> list[tuple[str, str]]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    found = re.findall(r"^(\S+?): WARNING: .* \[([\w.-]+)\]$", text, re.M)
    assert len(found) == text.count("WARNING"), f"a warning without a location or a type:\n{text}"
    return sorted(found)


@pytest.mark.sphinx("html", testroot="hostile")
def test_a_hostile_project_builds_every_page_with_one_warning_per_problem(app: SphinxTestApp) -> None:
    app.build()
    assert located(app) == sorted(EXPECTED)
    out = Path(app.outdir)
    for page in [*PAGES, "p12_options", "p99_normal"]:
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert html.rstrip().endswith("</html>"), f"{page} is cut short"
        assert "onestates-table" in html, f"{page} lost its table"
        for svg in re.findall(r"<svg.*?</svg>", html, re.S):
            ET.fromstring(svg)  # well-formed, whatever the graph's names
        assert "<img src=x" not in html and "onerror" not in html
    for page in PAGES:
        assert "<svg" in (out / f"{page}.html").read_text(encoding="utf-8"), f"{page} lost its figure"
    names = (out / "p11_names.html").read_text(encoding="utf-8")
    assert "<title>&#37;1</title>" in names and "<title>A;B</title>" in names, "Graphviz renamed a '%' node"
    normal = (out / "p99_normal.html").read_text(encoding="utf-8")
    assert "<svg" in normal and 'href="#fig-service"' in normal and "Fig. 1" in normal
    assert 'href="#one-state-service-RUNNING"' in normal
