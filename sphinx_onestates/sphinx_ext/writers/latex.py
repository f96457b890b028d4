"""LaTeX output: the diagram as a vector PDF, sized so its labels stay readable.

A diagram that fits the text width at a readable size is included at that
size; a wider one is turned to landscape on a page of its own when that keeps
its labels larger; one that stays too small either way is still included,
with a note in the build log that suggests a filtered view.

What a page says reaches the LaTeX escaped by Sphinx (``encode`` for text,
``hypertarget_to`` for labels); the file name is the drawing's hex digest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util import logging

from ...core.split import PART_STATES
from ...core.table import LONG_TOKEN, pieces
from ...dot.write import EDGE_STYLE, HIDDEN_PATH_STYLE, TRANSITION_FONTSIZE
from ..nodes import onestates_diagram, onestates_parts
from ..render_cache import Missing, cached_drawing, write_output
from ..words import _, key_text, ngettext

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.writers.latex import LaTeXTranslator

logger = logging.getLogger(__name__)

#: Text block of Sphinx's default LaTeX layout (letter and A4 are close), in pt.
TEXT_WIDTH, TEXT_HEIGHT = 470.0, 620.0
#: Transition labels are the smallest text the renderer writes (dot/write.py), in pt.
SMALLEST_FONT = float(TRANSITION_FONTSIZE)
#: A drawing's key: the hex digest render_cache.render_key makes, the only text in a file name.
_KEY = re.compile(r"[0-9a-f]+")


def pdf_size(data: bytes) -> tuple[float, float] | None:
    """The page size of a one-page PDF, in pt (from its MediaBox)."""
    match = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    if not match:
        return None
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return x1 - x0, y1 - y0


def placement(width: float, height: float, min_font: float) -> tuple[str, float]:
    """How to include a drawing: ``natural``, ``fit`` or ``landscape``, and the label size it gets."""
    upright = min(1.0, TEXT_WIDTH / width, TEXT_HEIGHT / height)
    turned = min(1.0, TEXT_HEIGHT / width, TEXT_WIDTH / height)
    if upright >= 1.0:
        return "natural", SMALLEST_FONT
    if upright * SMALLEST_FONT >= min_font or upright >= turned:
        return "fit", upright * SMALLEST_FONT
    return "landscape", turned * SMALLEST_FONT


#: The key's sample lines: short rules (pt), and the gap between them; one rule is a solid line.
KEY_RULES = {"command": (20.0, 0.0), "automatic": (3.0, 1.2), "failure": (0.8, 2.0), "hidden-path": (3.0, 1.2)}
#: The drawing's own edge colours (dot/write.py), as xcolor's HTML model writes them.
KEY_COLOURS: dict[str, str] = {
    **{kind: style["color"].lstrip("#").upper() for kind, style in EDGE_STYLE.items()},
    "hidden-path": HIDDEN_PATH_STYLE["color"].lstrip("#").upper(),
}


def tex_size(width: str, scale: int) -> str:
    """``\\includegraphics`` options for ``:width:`` (``60%`` of the line, ``400px`` at 96 px to 72 pt) or
    ``:scale:`` (per cent of the natural size); "" when neither is set."""
    if width.endswith("%"):
        return rf"width={float(width[:-1]) / 100:g}\linewidth"
    if width.endswith("px"):
        return f"width={float(width[:-2]) * 0.75:g}pt"
    if width:
        return f"width={width}"
    return f"scale={scale / 100:g}" if scale else ""


def key_latex(entries: list[tuple[str, str]], encode: Callable[[str], str]) -> str:
    """The figure's key as a line of text under it: a sample line in each style (rules), then its name."""
    items = []
    for text, style in entries:
        length, gap = KEY_RULES.get(style, (20.0, 0.0))
        rule = rf"\rule[0.6ex]{{{length:g}pt}}{{0.6pt}}"
        sample = rule if not gap else (rule + rf"\hspace{{{gap:g}pt}}") * int(20 // (length + gap))
        colour = KEY_COLOURS.get(style, "1F2328")
        items.append(rf"\mbox{{\textcolor[HTML]{{{colour}}}{{{sample}}}~{encode(key_text(text))}}}")
    return ("\n\n{\\small " + encode(_("Key:")) + " " + r"\quad ".join(items) + "}\n") if items else ""


#: ``\includegraphics`` options for each :func:`placement`.
INCLUDE_OPTIONS = {
    "natural": "",
    "fit": r"width=\linewidth,height=0.9\textheight,keepaspectratio",
    "landscape": r"angle=90,width=\linewidth,height=0.92\textheight,keepaspectratio",
}


def print_key(node: onestates_diagram) -> str:
    """The drawing a diagram prints: its overview when it prints split, else the whole."""
    return str(node["overview"] if node.get("split") else node["key"])


def split_for_print(builder: Builder, doctree: nodes.document) -> None:
    """Print split each figure that has parts (core/split.py) and whose labels would print smaller than
    ``onestates_latex_min_font`` whole: the overview in its place, the parts after it, and the table's
    state names linked to their parts. A figure sized by its author (``:width:``, ``:scale:``) prints as
    asked; one whose overview or parts could not be drawn prints whole.
    """
    smallest = builder.config.onestates_latex_min_font
    for node in list(doctree.findall(onestates_diagram)):
        parts = node.get("parts")
        if not parts or node.get("width") or node.get("scale"):
            continue
        whole = cached_drawing(builder, node["key"], "pdf")
        size = None if isinstance(whole, Missing) else pdf_size(whole.read_bytes())
        if size is None or placement(*size, smallest)[1] >= smallest:
            continue
        keys = [node["overview"], *(part["key"] for part in parts)]
        drawn = [cached_drawing(builder, key, "pdf") for key in keys]
        if any(isinstance(drawing, Missing) for drawing in drawn):
            continue
        node["split"] = True
        # an overview that would itself print too small (a big graph without frames) is left out: a sentence says so
        overview = pdf_size(cast("Path", drawn[0]).read_bytes())
        node["overview_drawn"] = overview is not None and placement(*overview, smallest)[1] >= smallest
        wrapper = node.parent if isinstance(node.parent, nodes.figure) else node
        wrapper.parent.insert(
            wrapper.parent.index(wrapper) + 1, onestates_parts(parts=parts, overview=node["figure_id"])
        )
        ids = {part["id"] for part in parts}
        for reference in doctree.findall(nodes.reference):
            if reference.get("onestates_part") in ids:
                reference["refid"] = reference["onestates_part"]


def _label(self: LaTeXTranslator, node_id: str) -> str:
    """The LaTeX label of an id of the page being written, as Sphinx writes it."""
    return self.idescape(f"{self.curfilestack[-1]}:{node_id}")


#: Where a message of the split print has a page reference: its text is encoded, then this is replaced.
_PAGE = "\x00page\x00"


def _with_page(self: LaTeXTranslator, message: str, label: str) -> str:
    """A message of the extension's words that holds :data:`_PAGE`, encoded for LaTeX, with ``\\pageref*`` to
    ``label`` in its place (formatted once: a frame's label may hold a ``%``)."""
    page, reference = self.encode(_PAGE), rf"\pageref*{{{label}}}"
    return self.encode(message).replace(f" {page}", f"~{reference}").replace(page, reference)


def _parts_note(self: LaTeXTranslator, node: onestates_diagram) -> str:
    """Under an overview (or in place of one too big to print): where the figure is drawn in full."""
    parts: list[dict[str, str]] = node["parts"]
    frames: list[str] = node.get("frames", [])
    counts = {"count": len(parts), "size": PART_STATES, "page": _PAGE}
    where = (
        ngettext(
            "in %(count)d part of about %(size)d states, from page %(page)s",
            "in %(count)d parts of about %(size)d states, from page %(page)s",
            len(parts),
        )
        % counts
    )
    if not node.get("overview_drawn", True):
        message = _("This figure is too large to print whole: it is drawn %(where)s.") % {"where": where}
    elif frames:
        message = _("The states inside %(frames)s are drawn %(where)s.") % {"frames": ", ".join(frames), "where": where}
    else:
        message = _("Its transitions, with their labels, are drawn %(where)s.") % {"where": where}
    text = _with_page(self, message, _label(self, parts[0]["id"]))
    return f"\n\n{{\\small {text}}}\n" if node.get("overview_drawn", True) else f"{{\\small {text}}}"


def visit_parts_latex(self: LaTeXTranslator, node: onestates_parts) -> None:
    """A figure's parts, each at a size that reads, with its number, title and neighbours' meaning."""
    parts = node["parts"]
    overview = _label(self, node["overview"])
    for number, part in enumerate(parts, start=1):
        source = cached_drawing(self.builder, part["key"], "pdf")
        if isinstance(source, Missing):  # split_for_print saw it drawn: only a cache emptied since gets here
            continue
        name = f"onestates-{part['key']}.pdf"
        data = source.read_bytes()
        write_output(Path(self.builder.outdir, name), "pdf", source.read_bytes)
        how, _font = placement(*(pdf_size(data) or (TEXT_WIDTH, TEXT_HEIGHT)), self.config.onestates_latex_min_font)
        heading = self.encode(_("Part %(number)d of %(total)d") % {"number": number, "total": len(parts)})
        grey = _("Grey boxes are drawn in another part or in the overview (page %(page)s).") % {"page": _PAGE}
        caption = (
            rf"{{\small\sphinxstylestrong{{{heading}}}: {self.encode(part['title'])}. "
            rf"{_with_page(self, grey, overview)}}}"
        )
        # one unbreakable box: the part's label goes to the page its drawing goes to
        block = (
            rf"\begin{{center}}\begin{{minipage}}{{\linewidth}}\centering{self.hypertarget(part['id'], anchor=True)}"
            rf"\sphinxincludegraphics[{INCLUDE_OPTIONS[how]}]{{{{{name[:-4]}}}.pdf}}\par\smallskip{caption}"
            "\\end{minipage}\\end{center}\n"
        )
        self.body.append(f"\n\\clearpage\n{block}\\clearpage\n" if how == "landscape" else f"\n{block}")
    raise nodes.SkipNode


def visit_diagram_latex(self: LaTeXTranslator, node: onestates_diagram) -> None:
    if not _KEY.fullmatch(node["key"]):
        raise ValueError(f"not a drawing's key: {node['key']!r}")
    # a diagram outside a figure carries its own ids (:name:): labels for :ref:; a figure labels itself
    labels = self.hypertarget_to(node, anchor=True) if node.get("ids") else ""
    source = cached_drawing(self.builder, print_key(node), "pdf")
    if isinstance(source, Missing):
        lines = "".join(rf"\item \sphinxcode{{{self.encode(line)}}}" + "\n" for line in source.transitions)
        self.body.append(
            f"\n{labels}\\begin{{sphinxadmonition}}{{note}}{{{self.encode(source.message)}}}\n{self.encode(node['alt'])}\n"
            f"\\begin{{itemize}}\n{lines}\\end{{itemize}}\n\\end{{sphinxadmonition}}\n"
        )
        raise nodes.SkipNode
    name = f"onestates-{print_key(node)}.pdf"
    data = source.read_bytes()
    write_output(Path(self.builder.outdir, name), "pdf", lambda: data)
    size = pdf_size(data) or (TEXT_WIDTH, TEXT_HEIGHT)
    how, font = placement(*size, self.config.onestates_latex_min_font)
    chosen = tex_size(node.get("width", ""), node.get("scale", 0))
    if chosen:  # the author's size: upright, as asked
        how, font = "chosen", SMALLEST_FONT
    if font < self.config.onestates_latex_min_font:
        logger.info(
            "sphinx-onestates: the PDF figure of %r has %.1f pt labels even on a full page; "
            "a filtered view (:states:, :around:, :group-by:) keeps it readable",
            node["title"],
            font,
            location=node,
        )
    options = chosen if how == "chosen" else INCLUDE_OPTIONS[how]
    include = rf"\sphinxincludegraphics[{options}]{{{{{name[:-4]}}}.pdf}}" + key_latex(
        node.get("legend", []), self.encode
    )
    if node.get("split") and not node.get("overview_drawn", True):
        include = _parts_note(self, node)
    elif node.get("split"):
        include += _parts_note(self, node)
    in_figure = isinstance(node.parent, nodes.figure)
    if how == "landscape" and not in_figure:
        self.body.append(f"\n\\clearpage\n{labels}\\begin{{center}}{include}\\end{{center}}\n\\clearpage\n")
    elif in_figure:
        self.body.append(f"\n{include}\n")
    else:
        align = node.get("align", "center")
        environment = {"left": "flushleft", "right": "flushright"}.get(align, "center")
        self.body.append(f"\n{labels}\\begin{{{environment}}}{include}\\end{{{environment}}}\n")
    raise nodes.SkipNode


def breakable_latex(text: str, encode: Callable[[str], str]) -> str:
    """``text`` encoded with a break allowed between its pieces (after ``_``; in a URL after ``/`` too), and,
    at a cost (``\\penalty100``: only where nothing else fits), between the letters of a piece still
    longer than :data:`~...core.table.LONG_TOKEN`, so that nothing runs out of its column. A line break (in a
    label of several lines) is kept."""
    tokens = []
    for token in re.split(r"(\s+)", text):
        if token.isspace() or not token:
            # a label's line break stays one (\newline: \\ would end the table's row)
            tokens.append(r"\newline{}" if "\n" in token else encode(token))
            continue
        cut = [
            r"\penalty100{}".join(map(encode, piece)) if len(piece) > LONG_TOKEN else encode(piece)
            for piece in pieces(token)
        ]
        tokens.append(r"\allowbreak{}".join(cut))
    return "".join(tokens)


def visit_name_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """A state name (code) or a heading that may break after its underscores, never run past its column."""
    text = breakable_latex(node.astext(), self.encode)
    self.body.append(rf"\sphinxcode{{\sphinxupquote{{{text}}}}}" if isinstance(node, nodes.literal) else text)
    raise nodes.SkipNode


def visit_cell_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """A cell's paragraph, ragged right (in a narrow column, justified lines are mostly white space), and
    a transition list's lead (``To:``); the column names of narrow screens are HTML's only.

    ``\arraybackslash`` keeps ``\\`` ending the table's row where the cell is its last.
    """
    self.visit_paragraph(node)
    self.body.append(r"\raggedright\arraybackslash ")
    if node.get("depth"):  # a state in its frame (:table-group: parent), indented as deep as it sits
        self.body.append(rf"\hspace*{{{node['depth']}em}}")
    if node.get("lead"):
        self.body.append(rf"\sphinxstylestrong{{{self.encode(node['lead'])}}}: ")


def depart_cell_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.depart_paragraph(node)


def visit_kept_row_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.visit_row(node)


def depart_kept_row_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """The row's end, ``\\\\*`` rather than ``\\\\``: longtable starts no page after it.

    What Sphinx writes under a row (``\\sphinxcline``, ``\\sphinxfixclines``, which are rows of their
    own after which a page could still break, and whose rule-less span left gaps in the column rules)
    is left out: a state's rows are one block, as in HTML, which draws no line between them.
    """
    end = len(self.body)
    self.depart_row(node)
    self.body[end:] = ["\\\\*\n"]


def visit_in_place_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    """A figure inside is set here (``[H]``): floated, it went behind the long table that follows it.

    A landscape drawing fills a page: it starts one, or it could not leave the heading above it.
    """
    diagram = node.next_node(onestates_diagram)
    source = cached_drawing(self.builder, print_key(diagram), "pdf") if diagram is not None else None
    if source is not None and not isinstance(source, Missing):
        size = pdf_size(source.read_bytes()) or (TEXT_WIDTH, TEXT_HEIGHT)
        if placement(*size, self.config.onestates_latex_min_font)[0] == "landscape":
            self.body.append("\n\\clearpage\n")
    self.no_latex_floats += 1


def depart_in_place_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.no_latex_floats -= 1
