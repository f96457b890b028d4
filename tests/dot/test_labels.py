"""Labels as Graphviz draws them: every label form shows the text ``dot -Tsvg`` draws for the user's file.

Each form here was mangled before: HTML-like labels lost only their outer ``<>`` (the table showed
``table border="0" … > Succeed </table``), a quoted ``"<queued>"`` lost its brackets, ``R&amp;D`` kept its
entity, ``\\n`` was joined into one line, ``\\N``/``\\G``/``\\E`` and record fields were shown raw, and
``headlabel``/``taillabel``/``xlabel`` vanished.
"""

from __future__ import annotations

from collections import Counter

import pytest

from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.write import emit_dot

from ..conftest import requires_dot
from ..graphviz_texts import dot_svg, svg_pieces, svg_texts

pytestmark = requires_dot

LABELS = r"""digraph labels {
  a [label=<<b>C</b> &amp; <i>d</i><br/>second line>]
  b [label="<queued>"]
  c [label="R&amp;D\nx \N in \G"]
  d [label="left\lright\r"]
  e [shape=record, label="<f0> foo | x | <f1> bar"]
  f [label=<<table border="0"><tr><td>one</td></tr><tr><td>two</td></tr></table>>]
  a -> b [label=<<table border="0"><tr><td>Succeed</td></tr></table>>]
  b -> c [label="go\lnow"]
  c -> d [label="\E: \T to \H"]
  d -> e [headlabel="head"]
  e -> f [taillabel="tail", xlabel="x"]
}
"""


def _normal(texts: Counter[str], edges: bool = False) -> Counter[str]:
    """Texts with the white space within a line made one space (SVG pieces of one line stand apart); an
    edge's lines in any order (its label, head and tail labels stand where the layout puts them)."""
    normal: Counter[str] = Counter()
    for text in texts.elements():
        lines = [" ".join(line.split()) for line in text.split("\n")]
        normal["\n".join(sorted(lines) if edges else lines)] += 1
    return normal


def test_every_label_form_is_the_text_graphviz_draws() -> None:
    machine = load_text(LABELS, "labels.dot")
    assert {name: s.label for name, s in machine.states.items()} == {
        "a": "C & d\nsecond line",
        "b": "<queued>",
        "c": "R&D\nx c in labels",
        "d": "left\nright",
        "e": "foo x bar",
        "f": "one\ntwo",
    }
    assert [t.label for t in machine.transitions] == ["Succeed", "go\nnow", "c->d: c to d", "head", "x\ntail"]
    drawn = svg_texts(dot_svg(LABELS))
    assert _normal(Counter(s.label for s in machine.states.values())) == _normal(drawn["node"])
    assert _normal(Counter(t.label for t in machine.transitions), True) == _normal(drawn["edge"], True)


def test_the_figure_draws_the_texts_dot_draws_for_the_file() -> None:
    machine = load_text(LABELS, "labels.dot")
    ours = svg_texts(dot_svg(emit_dot(build_view(machine))))
    theirs = svg_texts(dot_svg(LABELS))
    assert _normal(ours["node"]) == _normal(theirs["node"])
    assert _normal(ours["edge"], True) == _normal(theirs["edge"], True)


@pytest.mark.usefixtures("pydot_only")
def test_without_graphviz_the_labels_read_the_same() -> None:
    machine = load_text(LABELS.replace('shape=record, label="<f0> foo | x | <f1> bar"', 'label="foo x bar"'), "l.dot")
    assert [s.label for s in machine.states.values()] == [
        "C & d\nsecond line",
        "<queued>",
        "R&D\nx c in labels",
        "left\nright",
        "foo x bar",
        "one\ntwo",
    ]
    assert [t.label for t in machine.transitions] == ["Succeed", "go\nnow", "c->d: c to d", "head", "x\ntail"]


def test_the_file_s_layout_attributes_reach_the_figure() -> None:
    text = "digraph { nodesep=1.2; ranksep=0.9; splines=ortho; concentrate=true; a -> b; a -> c }"
    drawn = emit_dot(build_view(load_text(text, "layout.dot")))
    for setting in ('nodesep="1.2"', 'ranksep="0.9"', 'splines="ortho"', 'concentrate="true"'):
        assert setting in drawn


COLOURS = """digraph colours {
  node [shape=box, style=rounded]
  ok [color=black]
  failed [color=red, fontcolor=red]
  stable [color=forestgreen]
  ok -> failed [color="#c62828", label=crash]
  ok -> stable [color=grey, fontcolor=grey, label=auto]
  stable -> ok [color=blue, label=reset]
  failed -> ok [color=purple, label=retry]
  ok -> ok [color=black, label=stay]
}
"""


def test_the_file_s_colours_are_drawn_in_their_family() -> None:
    """Each node and edge is drawn in the colour family the file draws it in (red, green, grey, ...): the
    theme's colour of that family, so that it reads on light and dark pages; black is the theme's foreground."""
    from sphinx_onestates.dot.conventions import tone

    from ..graphviz_texts import svg_strokes

    ours = svg_strokes(dot_svg(emit_dot(build_view(load_text(COLOURS, "colours.dot")))))
    theirs = svg_strokes(dot_svg(COLOURS))
    assert set(theirs) <= set(ours)
    families = {key: (tone(theirs[key]), tone(ours[key])) for key in theirs}
    assert all(theirs_ == ours_ for theirs_, ours_ in families.values()), families
    assert {families[("node", "failed")][0], families[("edge", "ok->stable")][0]} == {"red", "grey"}


def test_an_html_label_that_spells_its_node_s_name_is_its_text() -> None:
    """``colors [label=<<b>colors</b>>]`` (with a URL, as Graphviz's url.gv has it) showed ``b>colors</b``."""
    text = 'digraph G { lang -> colors  colors [URL="https://example.org/", label=<<b>colors</b>>] }'
    machine = load_text(text, "u.dot")
    assert machine.states["colors"].label == "colors"
    assert "</b" not in emit_dot(build_view(machine))


def test_an_xlabel_is_a_text_of_its_own() -> None:
    """dot draws an xlabel beside the label's last line: read by position, the two were one line (``XLddd``)."""
    text = 'digraph t { a -> b [label = "aaa\\nbbb\\nccc\\nddd", xlabel = "XL", headlabel = "HL"]  a [xlabel="\\N x"] }'
    machine = load_text(text, "x.dot")
    assert [t.label for t in machine.transitions] == ["aaa\nbbb\nccc\nddd\nXL\nHL"]
    assert machine.states["a"].label == "a\na x"
    theirs = svg_pieces(dot_svg(text))
    assert theirs["edge"] == Counter(["aaa", "bbb", "ccc", "ddd", "XL", "HL"])
    assert svg_pieces(dot_svg(emit_dot(build_view(machine))))["edge"] == theirs["edge"]
