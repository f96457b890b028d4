"""Fixtures written anew in the forms Graphviz's own test graphs use (its ``graphs/`` and ``rtest/graphs/``
folders: records, HTML-like tables, clusters, escapes, compact DOT, keywords, loops and multi-edges,
undirected graphs): each reads without a traceback, and our figure draws every node, edge and cluster text
that ``dot -Tsvg`` draws for the file.

Documented differences (graphs/README.md): an undirected graph is read with a warning, its edges from the
end written first; a cluster without a label is no frame (it draws no text either).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot
from ..graphviz_texts import dot_svg, svg_texts, text_lines

pytestmark = requires_dot

FORMS = sorted((Path(__file__).parent / "forms").glob("*.gv"))


@pytest.mark.parametrize("path", FORMS, ids=[path.stem for path in FORMS])
def test_our_figure_draws_the_texts_dot_draws(path: Path) -> None:
    machine = load_file(path)
    ours = svg_texts(dot_svg(emit_dot(build_view(machine))))
    theirs = svg_texts(dot_svg(path.read_text(encoding="utf-8")))
    assert text_lines(ours["node"], spaced=False) == text_lines(theirs["node"], spaced=False)
    assert text_lines(ours["edge"], spaced=False) == text_lines(theirs["edge"], spaced=False)
    assert text_lines(ours["cluster"], spaced=False) == text_lines(theirs["cluster"], spaced=False)
    expected = ["graph"] if path.stem == "undirected" else []
    assert [problem.rule for problem in machine.reading_problems] == expected
