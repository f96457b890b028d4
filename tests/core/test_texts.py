"""A graph's texts for translation (issue 21): what a translator sees of a view, and the machine translated."""

from __future__ import annotations

import pytest

from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.texts import messages, translated
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_text

pytestmark = pytest.mark.graphviz  # the DOT is read by Graphviz

DOOR = """digraph door {
    graph [title = "Door"];
    user   [pseudo = initial];
    CLOSED [label = "Closed", meaning = "Shut."];
    OPEN   [meaning = "Open wide."];
    GONE   [label = "Gone", meaning = "Taken away."];
    user   -> CLOSED [kind = command, label = "install"];
    CLOSED -> OPEN   [kind = command, label = "open"];
    OPEN   -> CLOSED [kind = automatic, label = " "];
    OPEN   -> GONE   [kind = failure, label = "steal"];
    GONE   -> GONE   [kind = command, label = "wander"];
}
"""


def test_a_view_offers_its_own_texts_once_and_never_a_name() -> None:
    machine = load_text(DOOR, "door.dot")
    view = build_view(machine, Selection(states=("CLOSED", "OPEN")))
    # the title; labels that are not names; meanings; the labels of the transitions the table lists (to the
    # hidden GONE too), a blank one left out; the initial pseudo-node's label; the label of the hidden GONE,
    # which the To list of OPEN names it by
    assert messages(view) == ["Door", "Closed", "Shut.", "Open wide.", "install", "open", "steal", "user", "Gone"]
    assert "OPEN" not in messages(view) and "wander" not in messages(view)  # a name; a hidden state's own loop


def test_the_translated_machine_keeps_its_names_and_what_has_no_translation() -> None:
    machine = load_text(DOOR, "door.dot")
    german = translated(machine, {"Door": "Tür", "Closed": "Zu", "Shut.": "Geschlossen.", "steal": "stehlen"})
    assert german.title == "Tür"
    assert list(german.states) == list(machine.states)  # names, in order
    assert german.states["CLOSED"].label == "Zu" and german.states["CLOSED"].meaning == "Geschlossen."
    assert german.states["OPEN"].label == "OPEN" and german.states["OPEN"].meaning == "Open wide."
    labels = [t.label for t in machine.transitions]
    assert [t.label for t in german.transitions] == [*labels[:3], "stehlen", "wander"]
    assert machine.title == "Door"  # the original is left as it was (it is cached, and checked)


def test_a_label_that_is_a_name_stays_the_name() -> None:
    machine = load_text(DOOR, "door.dot")
    assert translated(machine, {"OPEN": "OFFEN"}).states["OPEN"].label == "OPEN"
