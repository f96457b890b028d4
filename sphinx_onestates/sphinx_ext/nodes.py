"""The docutils nodes of a diagram and of what a table needs beyond the standard ones."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


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


class onestates_name(nodes.literal):
    """A state name in a table: code that may break after each ``_`` (HTML ``<wbr>``, LaTeX ``\\allowbreak``).

    ``PROLOG_MIGRATE_SUSPEND`` would otherwise widen its column, or run past it on paper. Builders
    without a visitor of their own write it as the literal it is.
    """


class onestates_text(nodes.inline):
    """Text that may break after each ``_``: a heading (``LCM_STATE``) or a meaning that names states."""


class onestates_cell(nodes.paragraph):
    """A table cell's paragraph, ragged right on paper (justified, a narrow column is mostly gaps).

    Attributes, written by the HTML and LaTeX visitors rather than kept as nodes (a table of sixty
    states would carry a thousand more): ``column``, the column's name that narrow screens show before
    a value (``VM_STATE: 3``); ``lead``, the name a transition list starts with (``To:``); ``depth`` and
    ``within``, how deep a state's name sits in frames and the frame it is in (``:table-group: parent``).
    """


class onestates_kept_row(nodes.row):
    """A table row that a page may not end after (LaTeX ``\\*``): a state's row and its transition rows
    but the last, so no page starts with transitions whose state is on the page before. Other builders
    write it as the row it is.
    """


class onestates_in_place(nodes.General, nodes.Element):
    """Around a figure in LaTeX: it is set where the directive is, not floated (past a long table)."""


class onestates_parts(nodes.General, nodes.Element):
    """LaTeX only: after a figure printed split, its parts (``parts``: each drawing's ``key``, ``title``,
    ``states`` and ``id``; ``overview``: the figure's id). Made when the page is written (writers/latex.py)."""


class onestates_texts(nodes.Element, addnodes.translatable):
    """The graph's texts a directive shows (attribute ``messages``): what ``-b gettext`` extracts for its page.

    Sphinx's gettext builder collects a translatable node's messages at the node's page and line. Only its
    pages have the node: the directive shows the translations of the page's catalogue itself
    (:mod:`..translation`), so applying one here would only mark the node translated.
    """

    def preserve_original_messages(self) -> None:
        """The messages are the originals from the start: the translations never replace them."""

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        self["translated"] = True

    def extract_original_messages(self) -> list[str]:
        return list(self["messages"])
