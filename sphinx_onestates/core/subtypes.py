"""Every warning the extension gives, by its Sphinx subtype: ``onestates.<subtype>``.

Users silence warnings by these names (``suppress_warnings = ["onestates.graphviz"]``), so they are
an interface: the README's *Warnings* table lists exactly these (tests/test_layers.py checks it).
"""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    """The part of a warning's type after ``onestates.``."""

    #: A graph that cannot be found or read as DOT, or a DOT syntax error.
    GRAPH = "graph"
    #: A file that cannot be read.
    FILE = "file"
    #: A path outside the source directory (and outside ``onestates_allowed_dirs``).
    PATH = "path"
    #: A state name in an option that names no state.
    STATE = "state"
    #: A built-in graph that the chosen release line does not have (``host`` in ``2016-03``).
    RELEASE = "release"
    #: A graph, or a view of one, with no state to show.
    EMPTY = "empty"
    #: A wrong directive option.
    OPTION = "option"
    #: A view with more states than ``onestates_max_drawn_states``: listed, not drawn.
    TOO_LARGE = "too-large"
    #: Graphviz missing, failing or too slow.
    GRAPHVIZ = "graphviz"
    #: A drawing cache folder that cannot be written (drawings go to a temporary folder for the build).
    CACHE = "cache"
    #: A ``:one:state:`` link that resolves to nothing, or to several states.
    REF = "ref"
    #: A graph that disagrees with its catalogue, or a catalogue that cannot be read.
    CATALOG = "catalog"
    #: Consistency checks over a graph file (core/check.py), one per rule.
    CHECK_UNDECLARED = "check.undeclared"
    CHECK_CONFLICT = "check.conflict"
    CHECK_MISSING = "check.missing"
    CHECK_DUPLICATE = "check.duplicate"
    CHECK_UNREACHABLE = "check.unreachable"
    CHECK_DEAD_END = "check.dead-end"
    CHECK_PARENT_CYCLE = "check.parent-cycle"

    @classmethod
    def of_rule(cls, rule: str) -> Subtype:
        """The subtype of a :class:`~sphinx_onestates.core.model.Problem`'s rule (``catalog``, ``graph`` or a check).

        ``graph``: what reading a graph file set aside (an attribute that would make Graphviz read files).
        """
        if rule in (cls.CATALOG, cls.GRAPH):
            return cls(rule)
        return cls(f"check.{rule}")
