"""Fixtures written anew in the forms Graphviz's own test graphs use (its ``graphs/`` and ``rtest/graphs/``
folders: records, HTML-like tables, clusters, escapes, compact DOT, keywords, loops and multi-edges,
undirected graphs): each reads without a traceback, and our figure draws every node, edge and cluster text
that ``dot -Tsvg`` draws for the file.

Documented differences (graphs/README.md): an undirected graph is read with a warning, its edges from the
end written first; a cluster without a label is no frame (it draws no text either); of a file of several
graphs the first is read, with a warning (dot draws each: the first is compared); a ``dir = both`` edge is two
transitions, each drawn with its label; a state whose label is blank shows its name (*Blank names*).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot
from ..graphviz_texts import dot_svg, svg_texts, text_lines

pytestmark = requires_dot

FORMS = sorted((Path(__file__).parent / "forms").glob("*.gv"))


#: What a documented rule draws beyond what dot draws, per fixture and kind: ports.gv's ``dir = both`` edge is
#: two transitions, each labelled; shapes.gv's ``star [label = ""]`` shows its name.
DOCUMENTED = {"ports": {"edge": Counter({"bothways": 1})}, "shapes": {"node": Counter({"star": 1})}}
#: The fixtures read with an ``onestates.graph`` warning.
WARNED = {"undirected", "multi"}


@pytest.mark.parametrize("path", FORMS, ids=[path.stem for path in FORMS])
def test_our_figure_draws_the_texts_dot_draws(path: Path) -> None:
    machine = load_file(path)
    ours = svg_texts(dot_svg(emit_dot(build_view(machine))))
    theirs = svg_texts(dot_svg(path.read_bytes()))
    for kind in ("node", "edge", "cluster"):
        extra = DOCUMENTED.get(path.stem, {}).get(kind, Counter())
        assert text_lines(ours[kind], spaced=False) == text_lines(theirs[kind], spaced=False) + extra, kind
    expected = ["graph"] if path.stem in WARNED else []
    assert [problem.rule for problem in machine.reading_problems] == expected
