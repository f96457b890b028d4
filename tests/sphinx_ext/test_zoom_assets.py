"""Zoom and pan reach HTML pages only (issue 17): the script and its library in HTML, nothing in an EPUB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import requires_dot

pytestmark = requires_dot


@pytest.mark.sphinx("html", testroot="basic")
def test_html_pages_load_the_zoom_script_and_its_library(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<script defer="defer" src="_static/vendor/panzoom/panzoom.min.js' in page
    assert '<script defer="defer" src="_static/onestates-zoom.js' in page
    static = Path(app.outdir) / "_static"
    assert (static / "vendor" / "panzoom" / "MIT-License.txt").is_file()  # the licence ships with the library
    assert "Panzoom" in (static / "vendor" / "panzoom" / "panzoom.min.js").read_text(encoding="utf-8")


@pytest.mark.sphinx("epub", testroot="basic", confoverrides={"epub_copyright": "x", "version": "1"})
def test_an_epub_gets_no_script_and_no_controls(app: SphinxTestApp) -> None:
    app.build()
    (book,) = Path(app.outdir).glob("*.epub")
    names = zipfile.ZipFile(book).namelist()
    assert not [name for name in names if "zoom" in name or "panzoom" in name]
    pages = [zipfile.ZipFile(book).read(name).decode("utf-8") for name in names if name.endswith(".xhtml")]
    assert pages and not any("onestates-zoom" in text or "panzoom" in text for text in pages)
