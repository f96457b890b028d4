"""The docutils node for a diagram; tables and lists are standard docutils nodes."""

from __future__ import annotations

from docutils import nodes


class onestates_diagram(nodes.General, nodes.Element):
    """A rendered state diagram.

    Attributes: ``key`` (the drawing's digest: the render cache and the
    domain's :class:`~sphinx_onestates.sphinx_ext.domain.Drawing` are keyed by it, so the
    DOT and state lists are kept once, not in every page), ``engine``, ``alt``,
    ``graph`` (the graph key), ``title``, ``figure_id`` and ``own_rows`` (the
    anchors of this page's table rows, in placeholder order, when it has one).
    """


def link_placeholder(index: int) -> str:
    """The URL written into the DOT for the ``index``-th state, replaced when writing.

    Rendering stays independent of the page, so one image serves every page.
    """
    return f"onestates:{index}"
