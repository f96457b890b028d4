"""What ``dot -Tsvg`` draws for a DOT text: the texts of each node, edge and cluster, read from its SVG.

The tests compare the texts the extension shows (its model, its figure) with these: a label is shown as
Graphviz draws the user's file.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from xml.etree import ElementTree  # our own figure and dot's: no untrusted XML

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> dict[str, Counter[str]]:
    """``node``, ``edge`` and ``cluster`` -> a count of the texts drawn in them (a text's lines joined by
    line breaks where they stand one below another, as the model keeps them)."""
    root = ElementTree.fromstring(svg)
    found: dict[str, Counter[str]] = {"node": Counter(), "edge": Counter(), "cluster": Counter()}
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class", "").split()
        kind_name = next((k for k in ("node", "edge", "cluster") if k in kind), None)
        if kind_name is None:
            continue
        lines: list[tuple[float, float, str]] = []
        for text in group.iter(f"{SVG}text"):
            lines.append((float(text.get("y", 0)), float(text.get("x", 0)), "".join(text.itertext())))
        if lines:
            found[kind_name][_join(lines)] += 1
    return found


def svg_pieces(svg: str) -> dict[str, Counter[str]]:
    """``node``, ``edge`` and ``cluster`` -> a count of the texts drawn in them, each ``<text>`` apart: the
    pieces dot draws (a line of an escString label each; an xlabel apart from the label it stands beside)."""
    root = ElementTree.fromstring(svg)
    found: dict[str, Counter[str]] = {"node": Counter(), "edge": Counter(), "cluster": Counter()}
    for group in root.iter(f"{SVG}g"):
        kind = next((k for k in ("node", "edge", "cluster") if k in group.get("class", "").split()), None)
        if kind is not None:
            found[kind].update("".join(text.itertext()) for text in group.iter(f"{SVG}text"))
    return found


def _join(pieces: list[tuple[float, float, str]]) -> str:
    """Pieces on one baseline are one line (joined by a space, as records' fields are), lines top to bottom."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for y, x, text in pieces:
        rows.setdefault(round(y), []).append((x, text))
    return "\n".join(" ".join(t for _x, t in sorted(row)) for _y, row in sorted(rows.items()))


def dot_svg(text: str | bytes, engine: str = "dot") -> str:
    """``dot -Tsvg`` of the text (a file's bytes as they are: a Latin-1 file): of a file of several graphs,
    the first graph's SVG (dot draws each)."""
    data = text.encode() if isinstance(text, str) else text
    done = subprocess.run(["dot", f"-K{engine}", "-Tsvg"], input=data, capture_output=True, check=True)
    svg = done.stdout.decode("utf-8", "replace")  # Graphviz copies a Latin-1 file's ids into <title> unconverted
    second = svg.find("<?xml", 1)
    return svg if second < 0 else svg[:second]


def svg_shapes(svg: str) -> dict[str, Counter[str]]:
    """Node title -> the outline elements Graphviz draws for it (``ellipse``, ``polygon``, ``path``; a double
    border is two), links and texts aside."""
    root = ElementTree.fromstring(svg)
    shapes: dict[str, Counter[str]] = {}
    for group in root.iter(f"{SVG}g"):
        if "node" not in group.get("class", "").split():
            continue
        title = group.find(f"{SVG}title")
        outline = Counter(
            element.tag.removeprefix(SVG)
            for element in group.iter()
            if element.tag in (f"{SVG}ellipse", f"{SVG}polygon", f"{SVG}path", f"{SVG}polyline")
        )
        shapes["" if title is None else "".join(title.itertext())] = outline
    return shapes


def svg_strokes(svg: str, paint: str = "stroke") -> dict[tuple[str, str], str]:
    """(``node`` or ``edge``, title) -> the stroke of its first outline: what colour Graphviz draws it in (with
    ``paint = "fill"``, what it fills it with)."""
    root = ElementTree.fromstring(svg)
    strokes: dict[tuple[str, str], str] = {}
    for group in root.iter(f"{SVG}g"):
        kind = next((k for k in ("node", "edge") if k in group.get("class", "").split()), None)
        title = group.find(f"{SVG}title")
        if kind is None or title is None:
            continue
        outline = next(
            (e for e in group.iter() if e.tag in (f"{SVG}ellipse", f"{SVG}polygon", f"{SVG}path") and e.get(paint)),
            None,
        )
        if outline is not None:
            strokes[(kind, "".join(title.itertext()))] = outline.get(paint, "")
    return strokes


def text_lines(texts: Counter[str], spaced: bool = True) -> Counter[str]:
    """Every line of every text, its white space made one space (SVG pieces of one line stand apart), or
    taken out (``spaced=False``: SVG gives no widths to tell pieces that touch, ``x<SUB>2</SUB>``, from
    pieces that stand apart, record fields)."""
    joiner = " " if spaced else ""
    return Counter(joiner.join(line.split()) for text in texts.elements() for line in text.split("\n"))
