"""Builders without images (text, man, texinfo, ...) get the transitions as a list.

The diagram node is replaced by standard docutils nodes before writing, so no
builder ever meets a node it does not know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..nodes import onestates_diagram


def transitions_list(alt: str, transitions: Sequence[str]) -> list[nodes.Node]:
    """A paragraph with the alt text and a bullet list of ``A -> B (command)`` lines."""
    intro = nodes.paragraph("", alt)
    items = nodes.bullet_list(classes=["onestates-transitions"])
    for line in transitions:
        items += nodes.list_item("", nodes.paragraph("", "", nodes.literal(line, line)))
    return [intro, items] if transitions else [intro]


def replace_diagram(node: onestates_diagram, transitions: Sequence[str]) -> None:
    """Put the transition list where a builder cannot show the drawing."""
    node.replace_self(transitions_list(node["alt"], transitions))
