"""The few words a drawing says of its own (a hidden path's label, tooltips), English unless a caller gives others.

The Sphinx layer gives the page's language's (:func:`~..sphinx_ext.words.phrases`); the command-line tool draws
in English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


def _via(count: int) -> str:
    return f"via {count} hidden state" + ("" if count == 1 else "s")


def _returns_via(count: int) -> str:
    return "returns " + _via(count)


@dataclass(frozen=True)
class Phrases:
    """Each phrase as a function of what it names; phrases of one ``language`` are equal (a cache's key)."""

    language: str = "en"
    #: A path through hidden states, by how many it passes: ``via 3 hidden states``.
    via: Callable[[int], str] = field(default=_via, compare=False)
    #: The hidden states a path passes, listed: ``through A, B``.
    through: Callable[[str], str] = field(default="through {}".format, compare=False)
    #: Where a stub leads: ``to A``.
    to: Callable[[str], str] = field(default="to {}".format, compare=False)
    #: A state that leads back to itself through hidden states: ``returns to itself through A, B``.
    returns: Callable[[str], str] = field(default="returns to itself through {}".format, compare=False)
    #: The same in a list of transitions, by how many states it passes: ``returns via 2 hidden states``.
    returns_via: Callable[[int], str] = field(default=_returns_via, compare=False)


ENGLISH = Phrases()
