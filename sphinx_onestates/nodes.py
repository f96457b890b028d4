"""The docutils node for a diagram; tables and lists are standard docutils nodes."""

from __future__ import annotations

from docutils import nodes


class onestates_diagram(nodes.General, nodes.Element):
    """A rendered state diagram.

    Attributes: ``dot`` (the DOT source, with link placeholders), ``engine``,
    ``alt``, ``graph`` (the graph key), ``states`` (names, in placeholder
    order), ``transitions`` (readable lines for builders without images),
    ``title`` and ``digest`` (what the render cache is keyed by).
    """


def link_placeholder(index: int) -> str:
    """The URL written into the DOT for the ``index``-th state, replaced when writing.

    Rendering stays independent of the page, so one image serves every page.
    """
    return f"onestates:{index}"
