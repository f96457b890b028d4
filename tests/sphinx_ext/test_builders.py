"""The same links, labels and index in every builder (tests/roots/test-builders).

The root has a table that owns every state but sits in ``.. only:: latex``, diagrams with and
without a caption or a name, and a page with two figures, each with its filtered table.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import requires_dot

pytestmark = requires_dot


def read(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


class Ids(HTMLParser):
    """Every id of a page, with how often it occurs, and every fragment link (``href`` or ``xlink:href``)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1
            if name in ("href", "xlink:href") and value:
                self.links.append(value)


def ids_of(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


# -- LaTeX: every link has its label ---------------------------------------------------------------


def latex_refs(tex: str) -> tuple[set[str], set[str]]:
    r"""The targets of ``\hyperref`` and the ``\label``\ s of a .tex file."""
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    return refs, labels


@pytest.mark.sphinx("latex", testroot="builders")
def test_every_latex_link_has_its_label(app: SphinxTestApp) -> None:
    app.build()
    tex = read(app, "builders.tex")
    refs, labels = latex_refs(tex)
    assert refs, tex
    assert refs <= labels, sorted(refs - labels)
    # each table row is labelled in its first cell, as Sphinx labels a target
    for state in ("CLOSED", "OPEN", "LOCKED", "BROKEN"):
        assert rf"\phantomsection\label{{\detokenize{{a_latex_only:one-state-door-{state}}}}}" in tex
        assert rf"\label{{\detokenize{{figures:one-state-door-{state}}}}}" in tex
    # each diagram, with a caption or without, named or not
    assert {"figures:fig-plain", "figures:one-figure-door", "figures:fig-captioned"} <= labels
    # the PDF's links to states go to the table the PDF has
    assert r"\hyperref[\detokenize{a_latex_only:one-state-door-OPEN}]" in tex


@pytest.mark.sphinx("html", testroot="builders")
def test_caption_less_diagrams_keep_their_ids_in_html(app: SphinxTestApp) -> None:
    app.build()
    ids = ids_of(read(app, "figures.html")).ids
    assert {"fig-plain", "one-figure-door", "fig-captioned"} <= set(ids)


# -- the index -------------------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="builders")
def test_the_pdf_index_lists_each_state_under_its_name_and_under_its_graph(app: SphinxTestApp) -> None:
    app.build()
    tex = read(app, "builders.tex")
    entries = re.findall(r"\\index\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    for state in ("CLOSED", "OPEN", "LOCKED", "BROKEN"):
        under_name = [entry for entry in entries if entry.startswith(f"{state} ")]
        under_graph = [entry for entry in entries if entry.startswith("door state@") and f"!{state}@" in entry]
        assert len(under_name) == 1 and "state of Door" in under_name[0], entries
        assert len(under_graph) == 1, entries


@pytest.mark.sphinx("html", testroot="builders", srcdir="builders-genindex")
def test_the_html_index_lists_each_state_once_under_its_name(app: SphinxTestApp) -> None:
    app.build()
    index = read(app, "genindex.html")
    assert index.count("OPEN (state of Door)") == 1
    assert re.search(r"door state.*?OPEN", index, re.S)
    # not a second entry under OPEN, with "door state" below it
    assert not re.search(r"<li>\s*OPEN\s*<ul>", index), index


# -- HTML: ids and links ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "theme"),
    [
        pytest.param(
            fmt,
            theme,
            marks=pytest.mark.sphinx(
                "html",
                testroot="builders",
                srcdir=f"builders-{fmt}-{theme}",
                confoverrides={"onestates_html_format": fmt, "html_theme": theme},
            ),
        )
        # Furo wraps each table in a container that it gives the table's ids
        for fmt, theme in (("svg", "basic"), ("png", "basic"), ("svg", "furo"))
    ],
)
def test_no_page_repeats_an_id_and_every_fragment_lands(app: SphinxTestApp, fmt: str, theme: str) -> None:
    app.build()
    outdir = Path(app.outdir)
    pages = {path.name: ids_of(path.read_text(encoding="utf-8")) for path in outdir.glob("*.html")}
    for name, page in pages.items():
        repeated = {node_id: count for node_id, count in page.ids.items() if count > 1}
        assert not repeated, (fmt, name, repeated)
        for link in page.links:
            target, hash_sign, fragment = link.partition("#")
            if not hash_sign or "://" in target or not fragment:
                continue
            target_page = pages.get(target or name)
            assert target_page is not None, (name, link)
            assert fragment in target_page.ids, (fmt, name, link)


@pytest.mark.sphinx(
    "html", testroot="builders", srcdir="builders-png-areas", confoverrides={"onestates_html_format": "png"}
)
def test_image_map_areas_are_links_with_a_text(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "figures.html")
    areas = re.findall(r"<area\b[^>]*>", page)
    assert areas
    for area in areas:
        assert re.search(r'\bhref="[^"]+"', area) and re.search(r'\balt="[^"]+"', area), area


@pytest.mark.sphinx("html", testroot="builders", srcdir="builders-only")
def test_html_links_go_to_a_table_the_html_has(app: SphinxTestApp) -> None:
    app.build()
    index = read(app, "index.html")
    assert 'href="figures.html#one-state-door-OPEN"' in index
    assert "a_latex_only.html" not in index.replace('href="a_latex_only.html"', "")  # only the toctree's link
    assert "a_latex_only.html#" not in read(app, "figures.html")
    assert "a_latex_only.html#" not in read(app, "genindex.html")
    # a state that only the PDF describes is no link in the HTML, and the link says so where it is
    assert re.search(
        r"index\.rst:\d+: WARNING: state 'vm-simple/running' is only described in tables that this build leaves out",
        app.warning.getvalue(),
    )


@pytest.mark.sphinx("html", testroot="builders", srcdir="builders-own-figure")
def test_each_table_links_its_states_to_its_own_figure(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "two_tables.html")
    tables = re.findall(r"<table\b.*?</table>", page, re.S)
    figures = re.findall(r'<figure class="[^"]*onestates-figure[^"]*" id="([^"]+)"', page)
    assert len(tables) == len(figures) == 2, figures
    for table, figure in zip(tables, figures, strict=True):
        shown = set(re.findall(r'href="#([^"]+)" title="show in the diagram"', table))
        assert shown == {figure}, (shown, figure)


# -- EPUB ------------------------------------------------------------------------------------------


@pytest.mark.sphinx("epub", testroot="builders", confoverrides={"epub_copyright": "x", "version": "1"})
def test_the_epub_declares_inline_svg_and_links_only_within_the_book(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    opf = read(app, "content.opf")
    pages = {path.name: path.read_text(encoding="utf-8") for path in outdir.glob("*.xhtml")}
    with_svg = {name for name, page in pages.items() if "<svg" in page}
    assert with_svg >= {"figures.xhtml", "two_tables.xhtml"}
    for name in pages:
        item = re.search(rf'<item\b[^>]*\bhref="{re.escape(name)}"[^>]*/>', opf)
        assert item, name
        assert ('properties="svg"' in item.group(0)) == (name in with_svg), item.group(0)
    for name, page in pages.items():
        body = page[page.index("<body") :]
        assert "<style" not in body, name  # EPUB allows no style element in the body
        assert not re.search(r'href="[^"#]*\.svg"', body), name  # no link out of the book's pages
    assert re.search(r'<link rel="stylesheet"[^>]*href="_static/onestates-hover-16\.css', pages["figures.xhtml"])
    css = (outdir / "_static" / "onestates-hover-16.css").read_text(encoding="utf-8")
    assert "g.onestates-n3:is(:hover,:focus-within)) g.edge:is(.onestates-f3,.onestates-t3) path" in css
    # nothing of the render cache is packed: the book's files are its pages, styles and Sphinx's own
    packed = [p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()]
    assert not [name for name in packed if re.search(r"onestates-[0-9a-f]+\.(svg|png|cmapx|pdf)", name)], packed
