"""A graph's texts that a translation replaces: its title, state labels, meanings and transition labels.

State names are not among them: they are identifiers (link targets, ``:one:state:`` names, what a
command line prints), and a label that is the name is the name. Short names and codes are data too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .model import blank

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from .model import StateMachine
    from .view import View


def _texts(view: View) -> Iterator[str]:
    machine = view.machine
    yield machine.title
    shown = set(view.names)
    for state in view.states:
        if state.label != state.name:
            yield state.label
        yield state.meaning or ""
    ends: set[str] = set()
    for transition in machine.transitions:  # the table lists transitions to and from hidden states too
        if transition.kind in view.kinds and (transition.source in shown or transition.target in shown):
            yield transition.label
            ends.update((transition.source, transition.target))
    for pseudo in machine.pseudo.values():
        if pseudo.name in ends or pseudo in view.pseudo:
            yield pseudo.label
    # states shown by their labels (graphs/README.md, *States*) in the From/To lists and the hidden paths' texts
    named = ends | {name for path in view.hidden_paths for name in path.via}
    named |= {name for via in view.returns.values() for name in via}
    for other in machine.states.values():  # in graph order: a set's order changes from run to run
        if other.name in named and other.name not in shown and other.label != other.name:
            yield other.label


def messages(view: View) -> list[str]:
    """The texts the figure and the table of ``view`` show, each once, in graph order: what a translator translates."""
    return list(dict.fromkeys(text for text in _texts(view) if not blank(text)))


def translated(machine: StateMachine, translation: Mapping[str, str]) -> StateMachine:
    """``machine`` with each text that ``translation`` has a message for replaced by it (names stay)."""

    def tr(text: str) -> str:
        return translation.get(text, text) if text else text

    def tr_label(name: str, label: str) -> str:
        return label if label == name else tr(label)

    return replace(
        machine,
        title=tr(machine.title),
        states={
            name: replace(state, label=tr_label(name, state.label), meaning=state.meaning and tr(state.meaning))
            for name, state in machine.states.items()
        },
        pseudo={name: replace(pseudo, label=tr(pseudo.label)) for name, pseudo in machine.pseudo.items()},
        transitions=[replace(transition, label=tr(transition.label)) for transition in machine.transitions],
    )
