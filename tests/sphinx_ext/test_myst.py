"""The same directive in a MyST page gives the same figure and table as in reST."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import requires_dot

pytest.importorskip("myst_parser")
pytestmark = requires_dot


def section(page: str) -> str:
    return page[page.index('<div class="onestates-diagram') : page.index("</table>")]


def normalise(html: str) -> str:
    """Drop what differs per page by design: ids from :name:, figure numbers, link targets."""
    html = re.sub(r'id="[^"]*"', "", html)
    html = re.sub(r"#[\w-]+-diagram", "#figure", html)
    html = re.sub(r"(Fig\.|Table) \d+", r"\1 N", html)
    return re.sub(r'href="[^"]*"', "", html)


@pytest.mark.sphinx("html", testroot="myst")
def test_myst_and_rst_render_alike(app: SphinxTestApp) -> None:
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    rst = (Path(app.outdir) / "rst.html").read_text(encoding="utf-8")
    md = (Path(app.outdir) / "md.html").read_text(encoding="utf-8")
    assert normalise(section(rst)) == normalise(section(md))
    assert "<em>rst</em>" in md  # the caption is parsed as inline markup in MyST too
    assert 'href="rst.html#fig-rst"><span class="std std-numref">Fig. 1</span>' in md
    assert 'href="md.html#fig-md"><span class="std std-numref">Fig. 2</span>' in rst
    assert re.search(r'href="rst\.html#one-state-door-LOCKED"[^>]*><code[^>]*><span class="pre">LOCKED', md)
