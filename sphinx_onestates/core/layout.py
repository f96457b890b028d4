"""How a figure is laid out: a rank direction for ``dot``, or another Graphviz layout engine."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import OneStatesError
from .model import StateMachine
from .subtypes import Subtype

#: Graphviz layout programs a directive may name in ``:layout:``.
ENGINES = ("dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork")
RANKDIRS = ("TB", "LR", "BT", "RL")


@dataclass(frozen=True)
class Layout:
    """How the graph is laid out: a rank direction for ``dot``, or another engine.

    An empty ``rankdir`` means the graph file's own ``rankdir``, else ``TB``.
    """

    engine: str = "dot"
    rankdir: str = ""

    def direction(self, machine: StateMachine) -> str:
        """The rank direction to draw ``machine`` with."""
        own = machine.attributes.get("rankdir", "").strip().upper()
        return self.rankdir or (own if own in RANKDIRS else "TB")

    @classmethod
    def parse(cls, value: str | None) -> Layout:
        """``TB``/``LR``/``BT``/``RL`` or an engine name; :class:`OneStatesError` (``option``) otherwise."""
        text = (value or "").strip()
        if not text:
            return cls()
        if text.upper() in RANKDIRS:
            return cls(rankdir=text.upper())
        if text in ENGINES:
            return cls(engine=text)
        raise OneStatesError(
            f"layout must be a direction ({', '.join(RANKDIRS)}) or a Graphviz engine ({', '.join(ENGINES)}), "
            f"not {text!r}",
            subtype=Subtype.OPTION,
        )
