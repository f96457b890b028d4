"""Pages built with ``-W`` from the DOT that pytransitions, python-statemachine and the graphviz package
write: no warning, no pseudo-node row, finals recognised, frames kept, and every node and edge text of the
inlined figure the text ``dot -Tsvg`` draws for the library's file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree  # our own figure and dot's: no untrusted XML

import pytest

from .. import producers
from ..conftest import build, requires_dot
from ..graphviz_texts import dot_svg, svg_texts, text_lines

pytestmark = requires_dot

FILES = {
    "flat": producers.transitions_flat,
    "nested": producers.transitions_nested,
    "task": producers.statemachine_dot,
    "celery": producers.graphviz_package_dot,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("producers") / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["sphinx_onestates"]\n', encoding="utf-8")
    page = ["Producers", "=========", ""]
    for name, write in FILES.items():
        (source / f"{name}.dot").write_text(write(), encoding="utf-8")
        page += [f".. one-states:: {name}.dot", ""]
    (source / "index.rst").write_text("\n".join(page), encoding="utf-8")
    app = build("html", source, warningiserror=True)
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


def _sections(html: str) -> list[str]:
    """The page cut at each figure: one piece per directive, in order."""
    return re.split(r'(?=<div class="onestates-diagram")', html)[1:]


def _table_states(piece: str) -> list[str]:
    table = piece[piece.index("<table") : piece.index("</table>")]
    rows = re.findall(r'<tr class="onestates-row[^"]*"[^>]*>\s*<td[^>]*>(.*?)</td>', table, re.S)  # not moves
    return [re.sub(r"<[^>]+>", "", row).strip() for row in rows]


def test_each_library_s_file_builds_cleanly_with_its_states_as_rows(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    pieces = _sections(html)
    assert len(pieces) == len(FILES)
    rows = [set(_table_states(piece)) for piece in pieces]
    assert rows[0] == {"solid", "liquid", "gas", "plasma"}
    # each state by the name the figure shows (its label), not its node id
    assert rows[1] == {"standing", "walking", "caffeinated", "dithering", "running"}
    assert rows[2] == {"Queued", "Running", "Done", "Failed"}  # no __initial_ row
    assert rows[3] == {"PENDING", "STARTED", "SUCCESS", "FAILURE"}


def test_the_table_names_each_state_as_the_figure_does(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    for piece in _sections(html):
        svg = piece[piece.index("<svg") : piece.index("</svg>") + len("</svg>")]
        drawn = svg_texts(svg)
        shown = set(drawn["node"]) | set(drawn["cluster"])
        assert set(_table_states(piece)) <= shown, shown


def test_the_figures_draw_the_texts_dot_draws_for_each_file(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    for piece, (name, write) in zip(_sections(html), FILES.items(), strict=True):
        svg = piece[piece.index("<svg") : piece.index("</svg>") + len("</svg>")]
        ElementTree.fromstring(svg)  # well-formed
        ours, theirs = svg_texts(svg), svg_texts(dot_svg(write()))
        assert text_lines(ours["node"]) == text_lines(theirs["node"]), name
        assert text_lines(ours["edge"]) == text_lines(theirs["edge"]), name
        assert text_lines(ours["cluster"]) == text_lines(theirs["cluster"]) - Counter({""}), name
