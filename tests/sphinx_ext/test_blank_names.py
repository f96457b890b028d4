"""A state Graphviz would draw as nothing is shown visibly and distinctly (graphs/README.md, *Blank names*)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import requires_dot
from ..tables import tables

pytestmark = requires_dot

SVG = "{http://www.w3.org/2000/svg}"
#: What each state of tests/roots/test-blank/blank.dot shows: the escape as written, the visible space.
SHOWN = {"\\n": "\\n", " ": "\u2423", "  ": "\u2423\u2423", "spaced": "spaced", "broken": "broken"}


def figure_texts(page: str) -> dict[str, str]:
    """Each state node of the page's inline SVG: its <title> -> the text drawn in it."""
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0).replace("&#160;", "\u00a0"))
    texts = {}
    for group in root.iter(f"{SVG}g"):
        if "onestates-state" in group.get("class", ""):
            title = group.find(f"{SVG}title")
            assert title is not None
            texts[(title.text or "").replace("\u00a0", " ")] = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return texts


@pytest.mark.sphinx("html", testroot="blank", confoverrides={"html_theme": "basic"})
def test_blank_names_and_labels_are_drawn_and_listed_visibly(app: SphinxTestApp) -> None:
    app.build()
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert figure_texts(page) == SHOWN, "each node shows a visible text of its own"
    assert tables(page)[0].states == list(SHOWN.values()), "the State column names each"
    assert "State diagram: Blank names. 5 states (\\n, \u2423, \u2423\u2423, spaced, broken)" in page


@pytest.mark.sphinx("latex", testroot="blank")
def test_blank_names_reach_the_pdf_table_as_visible_text(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    cells = re.findall(r"\\sphinxupquote\{(.*?)\}\}", tex)
    assert r"\textbackslash{}n" in cells and "\u2423" in cells and "\u2423\u2423" in cells
