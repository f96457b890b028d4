"""HTML output: the SVG inlined into the page (or a PNG with an image map).

Inlining lets page CSS and links reach inside the drawing. Graphviz's own ids
(``node1``, ``edge1``) are prefixed with the figure's id so that several
diagrams can share a page.

Every value written here is escaped where it goes (:func:`attribute` in
attributes), although the directive has already checked the ones a page
author writes (``:class:``, ``:align:``) and docutils made the ids: what a
page says stays text.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ...core.table import LONG_TOKEN, pieces
from ..domain import OneStatesDomain
from ..nodes import link_placeholder
from ..render_cache import Missing, cached_drawing, write_atomically, write_output
from ..words import _, key_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from ..nodes import onestates_cell, onestates_diagram

logger = logging.getLogger(__name__)

_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ID = re.compile(r'\bid="([^"]*)"')


def attribute(value: str) -> str:
    """A value escaped for a double-quoted HTML attribute."""
    return html.escape(value, quote=True)


def anchors(node: onestates_diagram) -> str:
    """Empty elements carrying the node's own ids (from ``:name:``), which :ref: links point at.

    A diagram inside a figure has none: the figure carries them.
    """
    ids: list[str] = node.get("ids", [])
    return "".join(f'<span id="{attribute(node_id)}"></span>' for node_id in ids)


def fallback_html(node: onestates_diagram, transitions: Sequence[str], message: str) -> str:
    """What stands in for a diagram that could not be drawn: its alt text and transitions."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in transitions)
    return (
        f'<div class="onestates-diagram onestates-missing" role="note">'
        f"<p>{html.escape(node['alt'])}</p><p><em>{html.escape(message)}</em></p><ul>{items}</ul></div>"
    )


#: An image map's areas and their attributes, as Graphviz writes them (``-Tcmapx``).
_AREA = re.compile(r"<area\b([^>]*?)/?>")
_AREA_ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
#: An ``&`` that does not start one of XML's own five entities (so ``&copy;`` and ``&#1;`` are text).
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)")


def image_map(cmapx: str, map_name: str, links: dict[str, str]) -> str:
    """Graphviz's image map made fit for a page that may show several: only the areas that link, each
    with its text as ``alt`` (HTML requires one on a link) and without Graphviz's ids (``node2`` in
    every map of the page).

    Graphviz writes a name such as ``&copy;`` into the texts as it is: its ``&`` is escaped here.
    """
    areas = []
    for match in _AREA.finditer(cmapx):
        values = dict(_AREA_ATTRIBUTE.findall(match.group(1)))
        uri = links.get(values.get("href", ""))
        if not uri:
            continue  # an edge's tooltip, or a state no table describes: nothing to go to
        text = _BARE_AMPERSAND.sub("&amp;", values.get("title", "")) or "state"
        shape, coords = attribute(values.get("shape", "rect")), attribute(values.get("coords", ""))
        areas.append(f'<area shape="{shape}" coords="{coords}" href="{attribute(uri)}" title="{text}" alt="{text}"/>')
    return f'<map id="{map_name}" name="{map_name}">' + "".join(f"\n{area}" for area in areas) + "\n</map>"


def _links(node: onestates_diagram) -> dict[str, str]:
    links: list[str] = node.get("links", [])
    return {link_placeholder(i): uri for i, uri in enumerate(links) if uri}


_PIECES = re.compile(r'\bid="([^"]*)"|(?:xlink:href|href)="(onestates:\d+)"')


class Version(tuple[Path, int, int]):
    """A file as it is now: its path, modification time and size (what the memories below are keyed by).

    Drawings are named by content, but a file that was cut short and then drawn again has the same name:
    a memory keyed by the path alone would keep what it read first.
    """

    __slots__ = ()

    @classmethod
    def of(cls, path: Path) -> Version:
        status = path.stat()
        return cls((path, status.st_mtime_ns, status.st_size))

    @property
    def path(self) -> Path:
        return self[0]


def svg_template(path: Path) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """A cached drawing cut once into text, ids and link slots, so each page only joins.

    Returns the opening ``<svg`` tag and the pieces: text at even positions; at odd
    positions an id (to prefix) or a link placeholder (to resolve); the third item
    marks which odd positions are links.
    """
    return _svg_template(Version.of(path))


@functools.lru_cache(maxsize=16)
def _svg_template(version: Version) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    svg = _COMMENT.sub("", _PROLOG.sub("", version.path.read_text(encoding="utf-8"), count=1))
    head, rest = svg.split(">", 1)
    pieces: list[str] = []
    links: list[int] = []
    position = 0
    for match in _PIECES.finditer(rest):
        pieces.append(rest[position : match.start()])
        if match.group(1) is not None:
            pieces.append(match.group(1))
        else:
            links.append(len(pieces))
            pieces.append(match.group(2))
        position = match.end()
    pieces.append(rest[position:])
    return head, tuple(pieces), tuple(links)


def inline_svg(path: Path, node: onestates_diagram) -> str:
    """Graphviz's SVG made fit to inline: prefixed ids, real links, accessible name, the author's size."""
    version = Version.of(path)
    width = css_width(_svg_template(version)[0], node.get("width", ""), node.get("scale", 0))
    return _inline(version, node["figure_id"], tuple(_links(node).items()), node["alt"], width)


_NATURAL_WIDTH = re.compile(r'\swidth="([0-9.]+)pt"')


def css_width(head: str, width: str, scale: int) -> str:
    """The CSS width ``:width:`` or ``:scale:`` asks for (``60%``; the natural width in pt times the scale), or "".

    Either way the figure still shrinks to its column (``max-width``, in the package's CSS).
    """
    if width:
        return width
    natural = _NATURAL_WIDTH.search(head)
    return f"{float(natural.group(1)) * scale / 100:.2f}pt" if scale and natural else ""


@functools.lru_cache(maxsize=8)
def _inline(version: Version, prefix: str, link_items: tuple[tuple[str, str], ...], alt: str, width: str = "") -> str:
    """The inlined SVG; cached, since many pages show the same drawing with the same links."""
    head, pieces, link_slots = _svg_template(version)
    links = dict(link_items)
    out = []
    for number, piece in enumerate(pieces):
        if number % 2 == 0:
            out.append(piece)
        elif number in link_slots:
            uri = links.get(piece)
            out.append(f'xlink:href="{attribute(uri)}"' if uri else "")
        else:
            out.append(f'id="{attribute(prefix)}-{piece}"')
    label = attribute(alt)
    head += f' role="img" aria-label="{label}" class="onestates-svg" preserveAspectRatio="xMidYMin meet"'
    if width:
        head += f' style="width: {attribute(width)}"'
    return f"{head}>{''.join(out)}"


def hover_css(count: int) -> str:
    """CSS that lights up a state's transitions while the state is hovered or focused, in any diagram of
    up to ``count`` nodes.

    Each node carries a numbered class (``onestates-n3``) and each edge the numbers of its ends
    (``onestates-f3``, ``onestates-t5``); one rule per number pairs them inside the drawing that holds
    the node, so one file serves every diagram (EPUB allows no ``<style>`` in a page's body).
    """
    rules = [
        f"svg.onestates-svg:has(g.onestates-n{n}:is(:hover,:focus-within)) g.edge:is(.onestates-f{n},.onestates-t{n})"
        for n in range(count)
    ]
    head = "/* sphinx-onestates: a hovered or focused state's transitions (written by the build) */\n"
    if not rules:
        return head
    return (
        head
        + ",\n".join(rule + " path" for rule in rules)
        + " { stroke-width: 3px; }\n"
        + ",\n".join(rule + " text" for rule in rules)
        + " { font-weight: bold; }\n"
    )


#: The sample line of each style in the key, as Graphviz draws the edges (dot/write.py): dashes, width.
KEY_LINES = {
    "command": "",
    "automatic": ' stroke-dasharray="5,2"',
    "failure": ' stroke-dasharray="1,5" stroke-width="1.4"',
    "hidden-path": ' stroke-dasharray="5,2"',
}


def key_html(entries: Sequence[tuple[str, str]]) -> str:
    """The figure's key: a row of sample lines and their names under the drawing (``:legend:``).

    A row of text rather than a part of the drawing: it stays small and readable whatever the figure's
    scale and direction. Each sample is an edge of the same classes as the drawing's, so the theme's
    colours (light or dark) reach it through the same CSS.
    """
    items = []
    for text, style in entries:
        sample = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="onestates-key-sample" width="28" height="8" '
            f'viewBox="0 0 28 8" aria-hidden="true"><g class="edge onestates-{attribute(style)}">'
            f'<path d="M1 4H27" fill="none" stroke="currentColor"{KEY_LINES.get(style, "")}/></g></svg>'
        )
        items.append(f'<span class="onestates-key-item">{sample}{html.escape(key_text(text))}</span>')
    title = html.escape(_("Key:"))
    return (
        f'<p class="onestates-key"><span class="onestates-key-title">{title}</span> {" ".join(items)}</p>'
        if items
        else ""
    )


def hover_size(count: int) -> int:
    """How many nodes the hover style sheet for drawings of ``count`` nodes covers: a power of two, so a
    few sheets serve a project and a page's sheet depends on its own drawings only (same bytes whatever
    else a build redraws)."""
    return max(16, 1 << (count - 1).bit_length())


def add_hover_css(app: Sphinx, pagename: str, templatename: str, context: dict[str, object], doctree: object) -> None:
    """Link a page that shows diagrams to the hover style sheet its largest one needs (written into
    ``_static`` when it is not there yet)."""
    builder = app.builder
    if builder.format != "html" or app.config.onestates_html_format != "svg" or not hasattr(builder, "add_css_file"):
        return
    domain = OneStatesDomain.of(app.env)
    pages = domain.views if builder.name == "singlehtml" else {pagename: domain.views.get(pagename, {})}
    count = max((domain.drawings[key].nodes for views in pages.values() for key in views), default=0)
    if not count:
        return
    size = hover_size(count)
    name = f"onestates-hover-{size}.css"
    target = Path(builder.outdir, "_static", name)
    text = hover_css(size).encode()
    if not target.is_file() or target.read_bytes() != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text)
    builder.add_css_file(name)


def _full_size_copy(self: HTML5Translator, node: onestates_diagram, source: Path) -> str:
    """A link to the drawing on its own, at full size (for large graphs); none in an EPUB, where a page may
    link only to pages of the book (its spine), and a reader zooms the page anyway."""
    if self.builder.name == "epub":
        return ""
    name = f"onestates-{node['key']}.svg"
    target = Path(self.builder.outdir, self.builder.imagedir, name)
    write_output(target, "svg", lambda: _standalone(source))
    href = attribute(f"{self.builder.imgpath}/{name}")
    text = html.escape(_("Open the diagram at full size"))
    return f'<p class="onestates-fullsize"><a href="{href}">{text}</a></p>'


def _standalone(source: Path) -> bytes:
    """The drawing as a file of its own: the link placeholders taken out."""
    return re.sub(rb'\s(?:xlink:href|href)="onestates:\d+"', b"", source.read_bytes())


def visit_diagram_html(self: HTML5Translator, node: onestates_diagram) -> None:
    fmt = self.config.onestates_html_format
    classes = attribute(" ".join(["onestates-diagram", *node.get("classes", [])]))
    align = f" align-{attribute(node['align'])}" if node.get("align") else ""
    figure_id = attribute(node["figure_id"])
    source = cached_drawing(self.builder, node["key"], fmt)
    if isinstance(source, Missing):
        self.body.append(anchors(node) + fallback_html(node, source.transitions, source.message))
        raise nodes.SkipNode
    if fmt == "svg":
        svg = inline_svg(source, node)
        full = _full_size_copy(self, node, source)
        self.body.append(
            f'{anchors(node)}<div class="{classes}{align}" id="{figure_id}-diagram">{svg}'
            f"{key_html(node.get('legend', []))}{full}</div>\n"
        )
        raise nodes.SkipNode
    image_map_file = cached_drawing(self.builder, node["key"], "cmapx")
    if isinstance(image_map_file, Missing):
        self.body.append(anchors(node) + fallback_html(node, image_map_file.transitions, image_map_file.message))
        raise nodes.SkipNode
    name = f"onestates-{node['key']}.png"
    write_output(Path(self.builder.outdir, self.builder.imagedir, name), "png", source.read_bytes)
    # the drawing's key too: in singlehtml two pages' figures of one graph share figure_id, not their drawing
    map_name = f"{figure_id}-{node['key'][:12]}-map"
    areas = image_map(image_map_file.read_text(encoding="utf-8"), map_name, _links(node))
    src = attribute(f"{self.builder.imgpath}/{name}")
    alt = attribute(node["alt"])
    self.body.append(
        f'{anchors(node)}<div class="{classes}{align}"><div class="onestates-png-viewport">'
        f'<img src="{src}" alt="{alt}" usemap="#{map_name}" class="onestates-png"/></div>'
        f"{areas}{key_html(node.get('legend', []))}</div>\n"
    )
    raise nodes.SkipNode


def breakable(text: str) -> str:
    """``text`` escaped for HTML, a break allowed after each ``_`` (``<wbr />``, XHTML for EPUB; copies omit it),
    its line breaks kept (``<br />``: a label's lines)."""
    escaped = "_<wbr />".join(html.escape(part, quote=False) for part in text.split("_"))
    return escaped.replace("\n", "<br />")


def visit_name_html(self: HTML5Translator, node: nodes.Element) -> None:
    """A state name (``<code>``) or a heading (``<span>``) that may break after its underscores; one with a
    piece too long to keep whole (:data:`~...core.table.LONG_TOKEN`) is marked ``onestates-long``: only such a
    piece may break anywhere (the CSS), so a name such as ``MONITORED`` is never cut ``MONITORE``/``D``."""
    text = node.astext()
    if any(len(piece) > LONG_TOKEN for token in text.split() for piece in pieces(token)):
        node["classes"].append("onestates-long")
    if isinstance(node, nodes.literal):
        self.body.append(self.starttag(node, "code", "", CLASS="docutils literal notranslate"))
        self.body.append(f"{breakable(node.astext())}</code>")
    else:
        self.body.append(f"{self.starttag(node, 'span', '')}{breakable(node.astext())}</span>")
    raise nodes.SkipNode


def visit_cell_html(self: HTML5Translator, node: onestates_cell) -> None:
    """A table cell's paragraph: the column's name for narrow screens (hidden on wide ones), or a list's lead."""
    self.visit_paragraph(node)
    if node.get("column"):
        self.body.append(f'<span class="onestates-label">{html.escape(node["column"])}</span>')
    if node.get("lead"):
        self.body.append(f"<strong>{html.escape(node['lead'])}</strong>: ")


def depart_cell_html(self: HTML5Translator, node: onestates_cell) -> None:
    self.depart_paragraph(node)
