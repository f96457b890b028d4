"""Machines built with pytransitions, python-statemachine and the graphviz package, read from the DOT each
library writes: no pseudo-node is a state, finals and nested states are recognised, and the figure draws
the texts ``dot -Tsvg`` draws for the library's file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from sphinx_onestates.core.check import check
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.conventions import tone
from sphinx_onestates.dot.interpret import load_text
from sphinx_onestates.dot.write import emit_dot

from .. import producers
from ..conftest import requires_dot
from ..graphviz_texts import dot_svg, svg_shapes, svg_strokes, svg_texts, text_lines

pytestmark = requires_dot

#: Each library's file -> (its states, its final states, state -> parent).
EXPECTED: dict[str, tuple[Callable[[], str], set[str], set[str], dict[str, str]]] = {
    "transitions": (producers.transitions_flat, {"solid", "liquid", "gas", "plasma"}, {"plasma"}, {}),
    "transitions-nested": (
        producers.transitions_nested,
        {"standing", "walking", "caffeinated", "caffeinated_dithering", "caffeinated_running"},
        set(),
        {"caffeinated_dithering": "caffeinated", "caffeinated_running": "caffeinated"},
    ),
    "python-statemachine": (
        producers.statemachine_dot,
        {"queued", "running", "done", "failed"},
        {"done", "failed"},
        {},
    ),
    "graphviz": (
        producers.graphviz_package_dot,
        {"task.PENDING", "task.STARTED", "task.SUCCESS", "task.FAILURE"},
        {"task.SUCCESS"},
        {},
    ),
}


@pytest.mark.parametrize("library", EXPECTED)
def test_a_library_s_file_reads_as_its_author_meant(library: str) -> None:
    write, states, finals, parents = EXPECTED[library]
    machine = load_text(write(), f"{library}.dot")
    assert set(machine.states) == states
    assert {name for name, s in machine.states.items() if s.final} == finals
    assert {name: s.parent for name, s in machine.states.items() if s.parent} == parents
    assert [p.message for p in check(machine)] == []
    assert "%" not in machine.title


@pytest.mark.parametrize("library", EXPECTED)
def test_the_figure_draws_the_texts_dot_draws_for_the_library_s_file(library: str) -> None:
    text = EXPECTED[library][0]()
    ours = svg_texts(dot_svg(emit_dot(build_view(load_text(text, f"{library}.dot")))))
    theirs = svg_texts(dot_svg(text))
    assert text_lines(ours["node"]) == text_lines(theirs["node"])
    assert text_lines(ours["edge"]) == text_lines(theirs["edge"])
    assert text_lines(ours["cluster"]) == text_lines(theirs["cluster"]) - Counter({""})


def test_a_run_dependent_number_in_a_generated_name_gives_the_same_machine() -> None:
    """python-statemachine names its initial point after an object's address, new on every run."""
    text = producers.statemachine_dot()
    number = text.split("__initial_")[1].split(" ")[0].split("_")[0]
    again = text.replace(number, str(int(number) + 4096))
    assert load_text(text, "a.dot") == load_text(again, "a.dot")
    assert emit_dot(build_view(load_text(text, "a.dot"))) == emit_dot(build_view(load_text(again, "a.dot")))


@pytest.mark.parametrize("library", EXPECTED)
def test_the_figure_keeps_the_shape_of_each_state(library: str) -> None:
    """Each state is outlined as the library's file outlines it: its shape and rounded corners, one border on a
    state with ways out (pytransitions draws its current state with two), two on a final state (drawn so
    also where the file marks finals by having none: a sink)."""
    text = EXPECTED[library][0]()
    machine = load_text(text, f"{library}.dot")
    ours, theirs = svg_shapes(dot_svg(emit_dot(build_view(machine)))), svg_shapes(dot_svg(text))
    frames = set(machine.index.children)
    for name, state in machine.states.items():
        if name not in frames:
            assert set(ours[name]) == set(theirs[name]), name
            assert ours[name].total() == (max(2, theirs[name].total()) if state.final else 1), name


@pytest.mark.parametrize("library", EXPECTED)
def test_the_figure_draws_each_state_and_transition_in_the_file_s_colour_family(library: str) -> None:
    text = EXPECTED[library][0]()
    machine = load_text(text, f"{library}.dot")
    ours, theirs = svg_strokes(dot_svg(emit_dot(build_view(machine)))), svg_strokes(dot_svg(text))
    frames = set(machine.index.children)
    drawn = [("node", name) for name in machine.states if name not in frames]
    between = [t for t in machine.transitions if {t.source, t.target} <= set(machine.states) - frames]
    drawn += [("edge", f"{t.source}->{t.target}") for t in between]
    for key in drawn:
        assert tone(ours[key]) == tone(theirs[key]), (key, ours[key], theirs[key])


@pytest.mark.parametrize("library", EXPECTED)
def test_the_figure_fills_each_state_with_the_theme_s_fill(library: str) -> None:
    """Fills are the theme's (graphs/README.md: a dark page needs its own), whatever the file fills with:
    pytransitions fills its current state darksalmon."""
    text = EXPECTED[library][0]()
    machine = load_text(text, f"{library}.dot")
    ours, theirs = svg_strokes(dot_svg(emit_dot(build_view(machine))), "fill"), svg_strokes(dot_svg(text), "fill")
    frames = set(machine.index.children)
    assert {ours[("node", name)] for name in machine.states if name not in frames} == {"white"}
    if library.startswith("transitions"):
        assert theirs[("node", "solid" if library == "transitions" else "standing")] == "darksalmon"
