"""One name per state and a label's lines, in every builder; one graph of a file of several, by name.

Before: the table showed node ids (``task.PENDING``) where the figure showed labels (``PENDING``) and a
catalogue's state name nowhere; a label's lines were run together in the table (``start resume``: one event
or two?); and of a file of several graphs only the first could be shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import build, requires_dot
from ..graphviz_texts import svg_texts, text_lines
from ..tables import tables

pytestmark = requires_dot

MULTI = """\
// two machines, and a third without a name
digraph door {
  OPEN -> CLOSED [label=close]
  CLOSED -> OPEN [label=open]
}

digraph lamp {
  ON [label="Lamp\\non"]
  ON -> OFF [label="switch\\noff\\lor unplug"]
  OFF -> ON [label=<switch<br/>on>]
}

digraph {
  X -> Y
}
"""

PAGE = """\
Names
=====

.. one-states:: lamp

.. one-states:: multi.dot#3

.. one-states:: multi.dot#door
   :table: only

See :one:state:`lamp/ON`, :one:state:`multi#3/X` and :one:state:`multi#door/OPEN`.
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("names") / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["sphinx_onestates"]\nonestates_graphs = {"lamp": "multi.dot#lamp"}\n', encoding="utf-8"
    )
    (source / "multi.dot").write_text(MULTI, encoding="utf-8")
    (source / "index.rst").write_text(PAGE, encoding="utf-8")
    return source


def _built(source: Path, builder: str) -> Path:
    app = build(builder, source, warningiserror=True)
    assert app.warning.getvalue() == ""  # no "several graphs" warning: each directive chose its graph
    return Path(app.outdir)


def test_a_label_s_lines_are_lines_in_the_html_table_and_the_figure(source: Path) -> None:
    page = (_built(source, "html") / "index.html").read_text(encoding="utf-8")
    lamp, anonymous = tables(page)[:2]
    assert lamp.states == ["Lamp on", "OFF"]  # (the reader's text runs lines together)
    assert '<code class="onestates-state-name docutils literal notranslate">Lamp<br />on</code>' in page
    # in a transition list, which runs on, a label's lines are joined: two events still read as two
    assert re.search(r"To</strong>: <a [^>]*><code[^>]*>OFF</code></a> \(switch / off / or unplug\)", page)
    assert re.search(r"From</strong>: <a [^>]*><code[^>]*>Lamp / on</code></a>", page)  # a name in a list
    assert anonymous.states == ["X", "Y"]
    assert "State diagram: lamp. 2 states (Lamp / on, OFF); 2 transitions." in page  # the alt text, one line
    assert "State diagram: multi. 2 states (X, Y); 1 transition." in page
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    assert text_lines(svg_texts(svg)["node"])["Lamp"] == 1 and text_lines(svg_texts(svg)["edge"])["or unplug"] == 1


def test_links_name_a_chosen_graph_by_its_key_and_show_the_state_s_name(source: Path) -> None:
    page = (_built(source, "html") / "index.html").read_text(encoding="utf-8")
    ids = [row.id for table in tables(page) for row in table.rows]
    found = re.findall(r'<a class="reference internal" href="#([^"]+)"[^>]*><code class="xref[^>]*>(.*?)</code>', page)
    links = {target: re.sub(r"<[^>]+>", "", text) for target, text in found}
    assert [links[id] for id in ids if id in links] == ["Lamp / on", "X", "OPEN"]  # the text: the name shown


@pytest.mark.parametrize("builder", ["text", "man"])
def test_a_label_s_lines_are_joined_by_a_slash_in_text_and_man_pages(source: Path, builder: str) -> None:
    out = _built(source, builder)
    text = next(out.glob("*.txt" if builder == "text" else "*.1")).read_text(encoding="utf-8")
    assert "Lamp / on" in text and "switch / off / or unplug" in text and "switch / on" in text
    assert "switch\noff" not in text


def test_a_label_s_lines_are_line_breaks_in_the_latex_table(source: Path) -> None:
    tex = next((_built(source, "latex")).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxcode{\sphinxupquote{Lamp\newline{}on}}" in tex
    assert r"switch / off / or unplug" in tex
