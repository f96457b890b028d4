"""Builders without images (text, man, texinfo, ...) get the transitions as a list, and the table as one too.

The diagram node is replaced by standard docutils nodes before writing, so no
builder ever meets a node it does not know. The table becomes a definition
list, one item per state: in a terminal (or a man page) a table of five
columns is either wider than 100 characters or too narrow to read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.addnodes import index

from ...core.model import one_line

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


def table_as_list(table: nodes.table) -> nodes.container:
    """The state reference table as its title and one item per state: name, then codes, meaning, transitions.

    Made from the table itself once links are resolved; the items keep the ids of its rows (link targets),
    the caller gives the container the table's. Links within it are left out: a man page would print
    each one's target beside the name.
    """
    items = nodes.definition_list(classes=["onestates-states"])
    definition = nodes.definition()
    for row in table.findall(nodes.row):
        if isinstance(row.parent, nodes.thead):
            continue
        cells = [cell for entry in row.children for cell in entry.children if isinstance(cell, nodes.paragraph)]
        if "onestates-moves" in row["classes"]:
            for cell in cells:
                definition += nodes.paragraph("", f"{cell['lead']}: ", *(child.deepcopy() for child in cell.children))
            continue
        first, *rest = cells
        definition = nodes.definition()
        facts = [f"{cell['column']}: {cell.astext()}" for cell in rest if cell.get("column")]
        if facts:
            definition += nodes.paragraph("", "; ".join(facts))
        definition.extend(cell.deepcopy() for cell in rest if not cell.get("column") and cell.astext())
        term = nodes.term("", "", *(child.deepcopy() for child in first.children if not isinstance(child, index)))
        if first.get("within"):  # :table-group: parent: a list has no indent to show the frame by
            term += nodes.Text(f" (in {first['within']})")
        # the row's index entries (texinfo) open its description: an index command cannot sit in a term
        definition[0:0] = [child.deepcopy() for child in first.children if isinstance(child, index)]
        items += nodes.definition_list_item("", term, definition, ids=row["ids"])
    for reference in list(items.findall(nodes.reference)):  # a man page prints each link's target after it
        reference.replace_self(reference.children)
    for text in list(items.findall(nodes.Text)):  # a label's lines, which a text or man page would run together
        if "\n" in text.strip():
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            text.parent.replace(text, nodes.Text(lead + one_line(text) + trail))
    container = nodes.container()
    title = table.next_node(nodes.title)
    if title is not None:
        container += nodes.rubric("", "", *(child.deepcopy() for child in title.children))
    container += items
    return container


def diff_table_as_list(table: nodes.table) -> nodes.container:
    """A ``one-states-diff`` table as its title and one item per row, the row's cells on a line
    (``+ added | CLONING | VM_STATE 10 | ...``): a table of four or five columns is too wide for text and man."""
    items = nodes.bullet_list(classes=["onestates-diff"])
    for row in table.findall(nodes.row):
        if not isinstance(row.parent, nodes.thead):
            cells = [entry.astext().replace("\u00a0", " ") for entry in row.children]
            items += nodes.list_item(
                "", nodes.paragraph("", " | ".join(cell for cell in cells if cell)), ids=row["ids"]
            )
    container = nodes.container()
    title = table.next_node(nodes.title)
    if title is not None:
        container += nodes.rubric("", title.astext())
    container += items
    return container
