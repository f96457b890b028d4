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
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ...core.table import LONG_TOKEN, pieces
from ...dot.write import EDGE_STYLE, HIDDEN_PATH_STYLE, TRANSITION_FONTSIZE
from ..nodes import onestates_diagram
from ..render_cache import Missing, cached_drawing, write_output
from ..words import _, key_text

if TYPE_CHECKING:
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


def visit_diagram_latex(self: LaTeXTranslator, node: onestates_diagram) -> None:
    if not _KEY.fullmatch(node["key"]):
        raise ValueError(f"not a drawing's key: {node['key']!r}")
    # a diagram outside a figure carries its own ids (:name:): labels for :ref:; a figure labels itself
    labels = self.hypertarget_to(node, anchor=True) if node.get("ids") else ""
    source = cached_drawing(self.builder, node["key"], "pdf")
    if isinstance(source, Missing):
        lines = "".join(rf"\item \sphinxcode{{{self.encode(line)}}}" + "\n" for line in source.transitions)
        self.body.append(
            f"\n{labels}\\begin{{sphinxadmonition}}{{note}}{{{self.encode(source.message)}}}\n{self.encode(node['alt'])}\n"
            f"\\begin{{itemize}}\n{lines}\\end{{itemize}}\n\\end{{sphinxadmonition}}\n"
        )
        raise nodes.SkipNode
    name = f"onestates-{node['key']}.pdf"
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
    if how == "chosen":
        options = chosen
    elif how == "natural":
        options = ""
    elif how == "fit":
        options = r"width=\linewidth,height=0.9\textheight,keepaspectratio"
    else:
        options = r"angle=90,width=\linewidth,height=0.92\textheight,keepaspectratio"
    include = rf"\sphinxincludegraphics[{options}]{{{{{name[:-4]}}}.pdf}}" + key_latex(
        node.get("legend", []), self.encode
    )
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
    longer than :data:`~...core.table.LONG_TOKEN`, so that nothing runs out of its column."""
    tokens = []
    for token in re.split(r"(\s+)", text):
        if token.isspace() or not token:
            tokens.append(encode(token))
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
    source = cached_drawing(self.builder, diagram["key"], "pdf") if diagram is not None else None
    if source is not None and not isinstance(source, Missing):
        size = pdf_size(source.read_bytes()) or (TEXT_WIDTH, TEXT_HEIGHT)
        if placement(*size, self.config.onestates_latex_min_font)[0] == "landscape":
            self.body.append("\n\\clearpage\n")
    self.no_latex_floats += 1


def depart_in_place_latex(self: LaTeXTranslator, node: nodes.Element) -> None:
    self.no_latex_floats -= 1
