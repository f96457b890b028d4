"""Hostile option values cannot inject markup; a wrong or conflicting option is warned about and ignored.

Each value that reaches the HTML or the LaTeX is tried with markup in it, and the BUILT page is parsed:
no element or attribute may appear that the value brought. The figure and the table still render.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.core.options import quoted
from sphinx_onestates.sphinx_ext.nodes import onestates_diagram
from sphinx_onestates.sphinx_ext.writers.html import fallback_html, inline_svg

from ..conftest import build, copy_root, requires_dot

pytest.importorskip("myst_parser")

#: What every hostile value tries to add: an attribute (after a quote) and an element (after a ``>``).
PAYLOAD = 'x" onmouseover="alert(1)"><img src=x onerror=alert(1)>'


class Element(NamedTuple):
    tag: str
    attrs: dict[str, str | None]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, dict(attrs)))


def elements(html: str) -> list[Element]:
    """Every element of ``html`` as a browser's tokenizer sees it, with its attributes."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def injected(html: str) -> list[Element]:
    """Elements that only a hostile value can have brought: event handlers, or the payload's image."""
    return [
        element
        for element in elements(html)
        if any(name.startswith("on") for name in element.attrs)
        or (element.tag == "img" and element.attrs.get("src") == "x")
    ]


def diagrams(html: str) -> list[Element]:
    """The diagram wrappers the HTML writer writes (``<div class="onestates-diagram ...">``)."""
    return [e for e in elements(html) if e.tag == "div" and "onestates-diagram" in (e.attrs.get("class") or "").split()]


def drawings(html: str) -> list[Element]:
    """The drawings: inline SVGs, or PNG images."""
    return [e for e in elements(html) if (e.attrs.get("class") or "") in ("onestates-svg", "onestates-png")]


def tables(html: str) -> list[Element]:
    return [e for e in elements(html) if e.tag == "table" and "onestates-table" in (e.attrs.get("class") or "")]


def section(page: str, anchor: str) -> str:
    """One section of a page: from its opening tag to the next section's."""
    start = page.index(f'<section id="{anchor}">')
    following = page.find("<section", start + 1)
    return page[start : following if following != -1 else len(page)]


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


def read(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


SVG = pytest.mark.sphinx("html", testroot="hardening")
#: a copy of the root (srcdir), so the PNG build does not share its output with the SVG build
PNG = pytest.mark.sphinx(
    "html", testroot="hardening", srcdir="hardening-png", confoverrides={"onestates_html_format": "png"}
)
both_formats = pytest.mark.parametrize(
    "fmt", [pytest.param("svg", marks=[SVG, requires_dot]), pytest.param("png", marks=[PNG, requires_dot])]
)

CLASS_MESSAGE = (
    ":class: must be class names (a letter, then letters, digits or single hyphens), not {bad} [onestates.option]"
)


# -- 1. :class: -------------------------------------------------------------------------------------------


@both_formats
def test_a_hostile_class_is_refused_with_a_located_warning_in_rst_and_myst(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    warnings = warnings_of(app)
    first = CLASS_MESSAGE.format(bad="'q\"><img', 'src=x', 'onerror=alert(1)>'")
    second = CLASS_MESSAGE.format(bad="'q\"', 'onmouseover=\"alert(1)'")
    for where, message in [
        ("class.rst:4", first),
        ("class.rst:7", second),
        ("class-md.md:3", first),
        ("class-md.md:7", second),
    ]:
        assert f"{where}: WARNING: {message}" in warnings, warnings


@both_formats
@pytest.mark.parametrize("page", ["class.html", "class-md.html"])
def test_a_hostile_class_injects_nothing_and_the_figure_still_renders(app: SphinxTestApp, fmt: str, page: str) -> None:
    app.build()
    html = read(app, page)
    assert injected(html) == []
    wrappers = diagrams(html)
    assert [w.attrs["class"] for w in wrappers[:2]] == ["onestates-diagram", "onestates-diagram"]  # ignored
    assert len(drawings(html)) == len(wrappers) and len(tables(html)) == len(wrappers)
    assert all(d.attrs["class"] == f"onestates-{fmt}" for d in drawings(html))


@both_formats
def test_good_class_names_are_kept_lowercased_as_docutils_does(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    assert diagrams(read(app, "class.html"))[2].attrs["class"] == "onestates-diagram good-one second"


# -- 1. every other value that reaches the HTML --------------------------------------------------------


@both_formats
@pytest.mark.parametrize("anchor", ["align", "alt", "caption", "name", "name-without-a-caption"])
def test_no_hostile_value_injects_markup(app: SphinxTestApp, fmt: str, anchor: str) -> None:
    app.build()
    html = section(read(app, "values.html"), anchor)
    assert injected(html) == []
    assert len(diagrams(html)) == 1 and len(drawings(html)) == 1 and len(tables(html)) == 1
    (wrapper,) = diagrams(html)
    assert set(wrapper.attrs) == ({"class", "id"} if fmt == "svg" else {"class"})
    assert wrapper.attrs["class"] == "onestates-diagram"  # no align-... from the refused :align:


@SVG
@requires_dot
def test_a_hostile_align_is_refused_with_a_located_warning(app: SphinxTestApp) -> None:
    app.build()
    message = f":align: must be one of left, center, right, not {quoted('left' + PAYLOAD[1:])} [onestates.option]"
    assert f"values.rst:7: WARNING: {message}" in warnings_of(app)


@both_formats
def test_a_hostile_alt_is_the_accessible_name_as_text(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    (drawing,) = drawings(section(read(app, "values.html"), "alt"))
    assert drawing.attrs["aria-label" if fmt == "svg" else "alt"] == PAYLOAD


@both_formats
def test_a_hostile_caption_is_text(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    html = section(read(app, "values.html"), "caption")
    # the quotes are typographic (smartquotes); the rest is the text as written
    assert "onmouseover=”alert(1)”&gt;&lt;img src=x onerror=alert(1)&gt; \\input{x} $%#_^~}{</span>" in html


@both_formats
def test_a_hostile_name_becomes_a_plain_id(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    html = section(read(app, "values.html"), "name")
    ids = [e.attrs["id"] for e in elements(html) if e.attrs.get("id") and e.tag in ("div", "span", "figure")]
    assert "x-onmouseover-alert-1-img-src-x-onerror-alert-1" in ids  # the target :ref: links to
    assert all(re.fullmatch(r"[a-z0-9-]+", i or "") for i in ids), ids


@both_formats
def test_a_named_diagram_without_a_caption_is_a_link_target(app: SphinxTestApp, fmt: str) -> None:
    app.build()
    html = read(app, "values.html")
    assert 'href="#door-plain"' in html
    assert [e.tag for e in elements(section(html, "name-without-a-caption")) if e.attrs.get("id") == "door-plain"]


@both_formats
@pytest.mark.parametrize("page", ["values.html", "conflicts.html"])
def test_every_link_within_a_page_has_its_target(app: SphinxTestApp, fmt: str, page: str) -> None:
    """Diagrams without a caption carry their ids too: :name: and the table's "show in the diagram" links."""
    app.build()
    found = elements(read(app, page))
    ids = {e.attrs["id"] for e in found if e.attrs.get("id")}
    targets = {
        href[1:]
        for e in found
        for href in (e.attrs.get("href"), e.attrs.get("xlink:href"))
        if href and href.startswith("#") and len(href) > 1
    }
    assert "one-figure-door" in targets and targets <= ids, targets - ids


@SVG
@requires_dot
def test_the_full_size_link_points_at_the_drawing_only(app: SphinxTestApp) -> None:
    app.build()
    html = read(app, "values.html")
    links = [e.attrs.get("href") or "" for e in elements(html) if e.tag == "a"]
    links = [link for link in links if "onestates-" in link and link.endswith(".svg")]
    assert links and all(re.fullmatch(r"_images/onestates-[0-9a-f]{20}\.svg", link) for link in links), links


def test_a_hostile_html_format_stops_the_build_at_start_up(tmp_path: Path) -> None:
    # build(): the ConfigError comes while the app is made
    source = copy_root("basic", tmp_path)
    with pytest.raises(ConfigError, match="onestates_html_format must be one of svg, png"):
        build("html", source, confoverrides={"onestates_html_format": PAYLOAD})


# -- 1. the HTML writer itself escapes what it is given ---------------------------------------------------

SMALL_SVG = """<svg width="20pt" height="10pt" viewBox="0 0 20 10" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph"><g id="node1" class="node onestates-n0"><title>A</title>
<a xlink:href="onestates:0"><text>A</text></a></g></g></svg>
"""


def hostile_node() -> onestates_diagram:
    node = onestates_diagram()
    node["figure_id"] = PAYLOAD
    node["alt"] = PAYLOAD
    node["links"] = [PAYLOAD]
    return node


def test_the_inlined_svg_escapes_ids_links_and_the_label(tmp_path: Path) -> None:
    drawing = tmp_path / "d.svg"
    drawing.write_text(SMALL_SVG, encoding="utf-8")
    svg = inline_svg(drawing, hostile_node())
    assert injected(svg) == []
    assert {e.attrs.get("aria-label") for e in elements(svg) if e.tag == "svg"} == {PAYLOAD}
    assert {e.attrs.get("xlink:href") for e in elements(svg) if e.tag == "a"} == {PAYLOAD}


def test_the_fallback_escapes_alt_transitions_and_message() -> None:
    html = fallback_html(hostile_node(), [PAYLOAD], PAYLOAD)
    assert injected(html) == [] and [e.tag for e in elements(html)] == ["div", "p", "p", "em", "ul", "li", "code"]


# -- 1. LaTeX -------------------------------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="hardening")
@requires_dot
def test_latex_escapes_hostile_values_and_labels_a_named_diagram(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\textbackslash{}input\{x\} \$\%\#\_\textasciicircum{}\textasciitilde{}\}\{" in tex
    assert "\\input{x}" not in tex
    includes = re.findall(r"\\sphinxincludegraphics\[[^\]]*\]\{\{([^}]*)\}\.pdf\}", tex)
    assert includes and all(re.fullmatch(r"onestates-[0-9a-f]{20}", name) for name in includes)
    # a :name: on a diagram without a caption is a LaTeX label that :ref: reaches
    assert r"\label{\detokenize{values:door-plain}}" in tex
    assert r"\hyperref[\detokenize{values:door-plain}]" in tex


# -- 3. a wrong or conflicting option is ignored; the figure and the table still render --------------------


@SVG
@requires_dot
def test_conflicting_options_warn_at_their_directive(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app)
    expected = [
        "conflicts.rst:16: WARNING: no state, glob match or short name 'NOPE' in graph 'Door' "
        "(did you mean 'OPEN' or 'open'?) [onestates.state]",
        "conflicts.rst:23: WARNING: :table: none shows no table, so :no-index: cannot apply [onestates.option]",
        "conflicts.rst:30: WARNING: :table: only draws no figure, so :caption: cannot apply [onestates.option]",
        f"conflicts.rst:38: WARNING: :depth: must be at most 1000 transitions, not '{'9' * 40}…' (5000 characters) "
        "[onestates.option]",
        "conflicts.rst:46: WARNING: :depth: must be at most 1000 transitions, not '1001' [onestates.option]",
    ]
    for line in expected:
        assert line in warnings, warnings
    assert not [line for line in warnings if "conflicts.rst" in line and line not in expected]


@SVG
@requires_dot
@pytest.mark.parametrize(
    ("anchor", "figures", "has_table"),
    [
        ("table-only-with-a-name", 0, True),
        ("unknown-highlight", 1, True),
        ("table-none-with-no-index", 1, False),
        ("table-only-with-a-caption", 0, True),
        ("huge-depth", 1, True),
        ("depth-over-the-maximum", 1, True),
    ],
)
def test_what_is_asked_for_still_renders(app: SphinxTestApp, anchor: str, figures: int, has_table: bool) -> None:
    app.build()
    html = section(read(app, "conflicts.html"), anchor)
    assert len(drawings(html)) == figures
    assert len(tables(html)) == int(has_table)


@SVG
@requires_dot
def test_a_known_state_in_highlight_stays_highlighted_beside_an_unknown_one(app: SphinxTestApp) -> None:
    app.build()
    html = section(read(app, "conflicts.html"), "unknown-highlight")
    assert re.search(r'class="node[^"]*onestates&#45;highlight[^"]*">\s*<title>OPEN</title>', html)


@SVG
@requires_dot
def test_a_table_only_directive_names_its_table(app: SphinxTestApp) -> None:
    app.build()
    html = section(read(app, "conflicts.html"), "table-only-with-a-name")
    (table,) = tables(html)
    assert table.attrs.get("id") == "door-table"
    link = '<a class="reference internal" href="#door-table"><span class="std std-{}">{}</span></a>'
    assert re.search(re.escape(link.format("numref", "@")).replace("@", r"Table \d+"), html)
    assert link.format("ref", "States of Door") in html
