"""What changed between two versions of a state machine (two release lines of one built-in graph, say).

States are matched by name; a state only the old version has and one only the new version has are the
same state *renamed* when their codes are the same (and not empty). Transitions are matched by their ends
(a renamed state under its new name), kind and label. :func:`union` makes one machine of both versions, its
changes marked, for a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .model import State, StateMachine, Transition, visible

#: How each change is marked where colour is not seen: in the figure's labels, the table and the text.
MARKS = {"added": "+", "removed": "-", "renamed": "\u2192"}
#: The colour family each change is drawn in (the theme's, light or dark: graphs/README.md, *Producers'
#: conventions*).
TONES = {"added": "green", "removed": "red", "renamed": "purple"}


def codes_text(state: State) -> str:
    """``VM_STATE 3, LCM_STATE 60``: a state's codes in one line."""
    return ", ".join(f"{column} {state.code_text(column)}" for column, codes in state.codes.items() if codes)


def _key(transition: Transition) -> tuple[str, str, str, str]:
    return (transition.source, transition.target, transition.kind, " ".join(transition.label.split()))


@dataclass(frozen=True)
class Diff:
    """The changes from ``old`` to ``new``, each list in its machine's order."""

    old: StateMachine
    new: StateMachine
    added: tuple[State, ...]
    removed: tuple[State, ...]
    #: (the old state, the new state) for each state that kept its codes under another name.
    renamed: tuple[tuple[State, State], ...]
    #: Transitions of ``new`` that ``old`` lacks, and of ``old`` (renamed ends under their new names) that
    #: ``new`` lacks.
    added_transitions: tuple[Transition, ...]
    removed_transitions: tuple[Transition, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.added_transitions or self.removed_transitions)

    def lines(self, old_name: str, new_name: str) -> list[str]:
        """The changes as text: a heading per kind of change and a line per change (the command line's)."""
        sections: list[tuple[str, list[str]]] = [
            (f"States added in {new_name}", [f"+ {visible(s.name)}  {codes_text(s)}".rstrip() for s in self.added]),
            (
                f"States removed since {old_name}",
                [f"- {visible(s.name)}  {codes_text(s)}".rstrip() for s in self.removed],
            ),
            (
                "States renamed (same codes)",
                [f"\u2192 {visible(o.name)} is {visible(n.name)}  {codes_text(n)}".rstrip() for o, n in self.renamed],
            ),
            (f"Transitions added in {new_name}", [f"+ {t.describe()}" for t in self.added_transitions]),
            (f"Transitions removed since {old_name}", [f"- {t.describe()}" for t in self.removed_transitions]),
        ]
        lines: list[str] = []
        for heading, items in sections:
            lines.append(f"{heading} ({len(items)}):" if items else f"{heading}: none")
            lines.extend(f"  {item}" for item in items)
        return lines


def _renamed(only_old: list[State], only_new: list[State]) -> list[tuple[State, State]]:
    """Pairs of an old-only and a new-only state with the same codes, each state in one pair at most."""
    by_codes: dict[tuple[tuple[str, tuple[int, ...]], ...], list[State]] = {}
    for state in only_new:
        codes = tuple(sorted((column, codes) for column, codes in state.codes.items() if codes))
        if codes:
            by_codes.setdefault(codes, []).append(state)
    pairs = []
    for state in only_old:
        candidates = by_codes.get(tuple(sorted((column, codes) for column, codes in state.codes.items() if codes)))
        if candidates:
            pairs.append((state, candidates.pop(0)))
    return pairs


def diff(old: StateMachine, new: StateMachine) -> Diff:
    """The states and transitions added, removed and renamed from ``old`` to ``new``."""
    only_old = [s for s in old.states.values() if s.name not in new.states]
    only_new = [s for s in new.states.values() if s.name not in old.states]
    renamed = _renamed(only_old, only_new)
    old_renamed = {o.name for o, _n in renamed}
    new_renamed = {n.name for _o, n in renamed}
    to_new = {o.name: n.name for o, n in renamed}
    old_transitions = [
        replace(t, source=to_new.get(t.source, t.source), target=to_new.get(t.target, t.target))
        for t in old.transitions
    ]
    old_keys = {_key(t) for t in old_transitions}
    new_keys = {_key(t) for t in new.transitions}
    return Diff(
        old=old,
        new=new,
        added=tuple(s for s in only_new if s.name not in new_renamed),
        removed=tuple(s for s in only_old if s.name not in old_renamed),
        renamed=tuple(renamed),
        added_transitions=tuple(t for t in new.transitions if _key(t) not in old_keys),
        removed_transitions=tuple(t for t in old_transitions if _key(t) not in new_keys),
    )


def _marked(text: str, change: str) -> str:
    return f"{MARKS[change]} {text}" if text.strip() else MARKS[change]


def union(changes: Diff) -> StateMachine:
    """One machine with every state and transition of both versions, for a figure of the changes.

    What was added is drawn in green and marked ``+``, what was removed in red and marked ``-`` (its label
    says so where colour is not seen: print, a screen reader, a colour-blind reader), a renamed state in
    purple, labelled ``OLD → NEW``. Removed states keep their parent where the new version still has it.
    """
    new = changes.new
    states = dict(new.states)
    for state in changes.added:
        states[state.name] = replace(state, label=_marked(state.label, "added"), tone=TONES["added"])
    for old_state, new_state in changes.renamed:
        label = f"{old_state.label} {MARKS['renamed']} {new_state.label}"
        states[new_state.name] = replace(new_state, label=label, tone=TONES["renamed"])
    for state in changes.removed:
        parent = state.parent if state.parent in states else None
        states[state.name] = replace(state, label=_marked(state.label, "removed"), tone=TONES["removed"], parent=parent)
    added = {id(t) for t in changes.added_transitions}
    transitions = [
        replace(t, label=_marked(t.label, "added"), tone=TONES["added"]) if id(t) in added else t
        for t in new.transitions
    ]
    transitions += [
        replace(t, label=_marked(t.label, "removed"), tone=TONES["removed"]) for t in changes.removed_transitions
    ]
    pseudo = {**changes.old.pseudo, **new.pseudo}
    return replace(
        new,
        name=f"{new.name} (changes)",
        states=states,
        pseudo=pseudo,
        transitions=transitions,
        layout_edges=[],
        conflicts=[],
        catalog_problems=[],
        reading_problems=[],
    )


def changed_names(changes: Diff) -> list[str]:
    """The states a figure of the changes shows: every changed state and the ends of every changed
    transition (pseudo-nodes aside), in the union's order."""
    machine = union(changes)
    wanted = {s.name for s in changes.added} | {s.name for s in changes.removed} | {n.name for _o, n in changes.renamed}
    for t in (*changes.added_transitions, *changes.removed_transitions):
        wanted.update(name for name in (t.source, t.target) if name in machine.states)
    return [name for name in machine.states if name in wanted]
