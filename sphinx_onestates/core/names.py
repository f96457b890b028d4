"""Names in option values and attributes, and the did-you-mean hint for a name that is not known."""

from __future__ import annotations

import difflib
import re

#: A name: in double quotes (``\\"`` and ``\\\\`` escaped), in single quotes, or up to a comma or white space
#: (a quote inside such a name is part of it: ``a"b``).
_NAME = re.compile(r""""((?:[^"\\]|\\.)*)"?|'([^']*)'?|([^\s,]+)""", re.S)
_ESCAPED = re.compile(r"\\(.)", re.S)


def split_names(value: str | None) -> list[str]:
    """Names from an option value: separated by commas or white space; a name with either in it is quoted
    (``"wait call-back", BOOT``), as a shell would have it."""
    names: list[str] = []
    for match in _NAME.finditer(value or ""):
        double, single, bare = match.groups()
        if double is not None:
            names.append(_ESCAPED.sub(r"\1", double))
        elif single is not None:
            names.append(single)
        elif bare:
            names.append(bare)
    return [name for name in names if name]


def graph_choice(argument: str) -> tuple[str, str]:
    """A graph file and the graph of it to read: ``multi.dot#b`` is the graph ``b`` of ``multi.dot`` (or, for
    a number, the graph at that place: ``#2``); any other argument is a file whose first graph is read."""
    path, mark, graph = argument.rpartition("#")
    if mark and graph and path.endswith((".dot", ".gv")):
        return path, graph
    return argument, ""


def suggest(name: str, candidates: list[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidates (case aside), or nothing."""
    by_lower: dict[str, list[str]] = {}
    for candidate in dict.fromkeys(candidates):
        by_lower.setdefault(candidate.lower(), []).append(candidate)
    close = [
        c for key in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6) for c in by_lower[key]
    ]
    close += [c for c in candidates if c not in close and c.lower().endswith("_" + name.lower())][:2]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close[:3]) + "?)"
