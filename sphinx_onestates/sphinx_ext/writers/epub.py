"""EPUB output: the HTML writer's pages, declared as EPUB requires.

A page that inlines an SVG must say so in the book's manifest (``properties="svg"``); Sphinx's
``content.opf`` template has no place for that, so the file is completed once Sphinx has written
it and before the book is zipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A manifest item of an XHTML page, as Sphinx's template writes it (``<item id=... href=... media-type=... />``).
_PAGE_ITEM = re.compile(r'<item\b(?=[^>]*\bmedia-type="application/xhtml\+xml")[^>]*?\s*/>')
_HREF = re.compile(r'\bhref="([^"]*)"')
_INLINE_SVG = re.compile(rb"<svg\b")


def declare_svg_pages(opf: str, outdir: Path) -> str:
    """The manifest ``opf`` with ``properties="svg"`` on each page of ``outdir`` that inlines an SVG."""

    def declare(match: re.Match[str]) -> str:
        item = match.group(0)
        href = _HREF.search(item)
        if href is None or "properties=" in item:
            return item
        page = outdir / unquote(href.group(1).replace("&amp;", "&"))
        if not page.is_file() or not _INLINE_SVG.search(page.read_bytes()):
            return item
        return re.sub(r"\s*/>$", ' properties="svg" />', item)

    return _PAGE_ITEM.sub(declare, opf)


def declare_inline_svg(app: Sphinx) -> None:
    """Have the EPUB builder declare the pages that inline an SVG, right after it writes content.opf."""
    builder = app.builder
    if builder.name != "epub" or not hasattr(builder, "build_content"):
        return
    build_content = builder.build_content

    def build_content_declaring_svg() -> None:
        build_content()
        opf = Path(builder.outdir, "content.opf")
        text = opf.read_text(encoding="utf-8")
        declared = declare_svg_pages(text, Path(builder.outdir))
        if declared != text:
            opf.write_text(declared, encoding="utf-8")

    builder.build_content = build_content_declaring_svg
