"""Label texts as Graphviz draws them, for when Graphviz has not drawn them (pydot read the file).

Graphviz's own reading (:mod:`~sphinx_onestates.dot.read`) gives the texts it draws, whatever the label's
form; without Graphviz, these functions follow its rules: an escString's escapes (``\\n``, ``\\l``, ``\\r``
break lines; ``\\N``, ``\\G``, ``\\E``, ``\\T``, ``\\H`` name the node, the graph, the edge and its ends),
entities resolved (``R&amp;D`` is ``R&D``), an HTML-like label's text content (a line per ``<br/>`` or
table row).
"""

from __future__ import annotations

import html
import html.parser
import re
from collections.abc import Mapping

_ESCAPES = re.compile(r"\\(.)", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def resolve_entities(text: str) -> str:
    """``&amp;``, ``&alpha;``, ``&#945;`` as the characters they name (Graphviz resolves them in labels)."""
    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)


def esc_text(value: str, names: Mapping[str, str] | None = None) -> str:
    """What Graphviz draws for an escString: ``names`` gives ``N``, ``G``, ``E``, ``T``, ``H`` their texts.

    An empty line draws nothing (``"\\nx\\n"`` is ``x``; Graphviz writes no text for it), so none is kept.
    """
    names = names or {}

    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in "nlr":
            return "\n"
        if char in names:
            return _ESCAPES.sub(lambda inner: "\n" if inner.group(1) in "nlr" else inner.group(1), names[char])
        return char

    text = resolve_entities(_ESCAPES.sub(replace, value))
    return "\n".join(line for line in text.split("\n") if line)


class _TextContent(html.parser.HTMLParser):
    """The text of an HTML-like label: a line per ``<br/>`` or table row, cells side by side."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.parts.append({"tr": "\n", "td": " "}.get(tag.lower(), ""))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(markup: str) -> str:
    """The text content of an HTML-like label's markup (without its outer ``<>``), its lines kept."""
    parser = _TextContent()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def label_text(value: str, names: Mapping[str, str] | None = None) -> str:
    """What Graphviz draws for a label value as pydot gives it: ``<...>`` is HTML-like, anything else an escString."""
    stripped = value.strip()
    if len(stripped) >= 2 and stripped.startswith("<") and stripped.endswith(">"):
        return html_text(stripped[1:-1])
    return esc_text(value, names)
